package main

import (
	"context"
	"crypto"
	"encoding/json"
	"fmt"

	"github.com/labrelay/labrelay/sign"
)

func init() {
	register(&Command{
		Name:    "keys",
		Summary: "generate signing keys and export the public JWKS",
		Usage: `Usage:
  labrelay keys generate [--alg EdDSA|ES256] --out FILE
  labrelay keys jwks KEY_OR_PUB...

generate writes a new private key to FILE (PKCS#8 PEM, mode 0600; it never
replaces an existing file) and its public key beside it (FILE.pub.pem), and
prints the key id (the RFC 7638 thumbprint).

jwks prints the public keys of the given files (private or public PEM, or
kms:KEY_ID for an AWS KMS key) as one JWK set: publish the current key and
the ones it replaced, so records signed before a rotation still verify.`,
		Run: runKeys,
	})
}

func runKeys(ctx context.Context, m *Main, args []string) error {
	c := commands["keys"]
	if len(args) == 0 {
		fs := m.newFlagSet(c)
		return usageError(fs, "missing subcommand: generate or jwks")
	}
	switch args[0] {
	case "generate":
		return runKeysGenerate(m, c, args[1:])
	case "jwks":
		return runKeysJWKS(ctx, m, c, args[1:])
	case "-h", "--help", "help":
		fmt.Fprintln(m.Stdout, c.Usage)
		return nil
	}
	return usageError(m.newFlagSet(c), fmt.Sprintf("unknown subcommand %q: use generate or jwks", args[0]))
}

func runKeysGenerate(m *Main, c *Command, args []string) error {
	fs := m.newFlagSet(c)
	alg := fs.String("alg", sign.EdDSA, "signature algorithm: EdDSA (Ed25519) or ES256 (P-256)")
	out := fs.String("out", "", "file to write the private key to (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() != 0 {
		return usageError(fs, "give --out FILE and no other argument")
	}
	if *alg != sign.EdDSA && *alg != sign.ES256 {
		return usageError(fs, fmt.Sprintf("--alg %q: use EdDSA or ES256", *alg))
	}
	key, err := sign.GenerateKey(*alg)
	if err != nil {
		return &ExitError{Code: 1, Err: err}
	}
	pubPath, err := sign.WriteKey(*out, key)
	if err != nil {
		return &ExitError{Code: 1, Err: err}
	}
	kid, err := sign.Thumbprint(key.Public())
	if err != nil {
		return &ExitError{Code: 1, Err: err}
	}
	fmt.Fprintf(m.Stdout, "wrote %s (private, mode 0600) and %s; kid=%s alg=%s\n", *out, pubPath, kid, *alg)
	return nil
}

func runKeysJWKS(ctx context.Context, m *Main, c *Command, args []string) error {
	fs := m.newFlagSet(c)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError(fs, "give at least one key file")
	}
	var pubs []crypto.PublicKey
	for _, ref := range fs.Args() {
		pub, err := loadPublic(ctx, ref)
		if err != nil {
			return &ExitError{Code: 1, Err: err}
		}
		pubs = append(pubs, pub)
	}
	set, err := sign.KeySet(pubs...)
	if err != nil {
		return &ExitError{Code: 1, Err: err}
	}
	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(set)
}
