package main

import (
	"context"
	"crypto"
	"flag"
	"fmt"
	"os"

	"github.com/go-jose/go-jose/v4"
	"github.com/labrelay/labrelay/sign"
	"github.com/labrelay/labrelay/untp"
)

func init() {
	register(&Command{
		Name:    "verify",
		Summary: "check a signed record or credential (signature, key, source file)",
		Usage: `Usage: labrelay verify SIGNED (--jwks FILE | --pub KEY...) [--source ORIGINAL]

Checks the JWS in SIGNED (JSON or compact serialization): the algorithm
(EdDSA or ES256 only), the key id against the published keys, the
signature, and, given the lab's original file, its SHA-256.

Prints "valid: kid=… alg=… report_number=…" and exits 0, or prints the
reason it is not valid and exits 1.`,
		Run: runVerify,
	})
}

// A profile checks what a verified JWS of one "typ" says: the signed
// record, or a UNTP conformity credential ("vc+jwt", credential.go).
type profile func(v *sign.Verified, source []byte) (summary string, err error)

var profiles = map[string]profile{
	sign.RecordType: recordProfile,
	untp.Type:       credentialProfile,
}

func recordProfile(v *sign.Verified, source []byte) (string, error) {
	p, err := sign.ParsePayload(v.Payload)
	if err != nil {
		return "", err
	}
	if source != nil {
		if err := p.CheckSource(source); err != nil {
			return "", err
		}
	}
	return "report_number=" + p.Record.ReportNumber, nil
}

func runVerify(ctx context.Context, m *Main, args []string) error {
	fs := m.newFlagSet(commands["verify"])
	jwksPath := fs.String("jwks", "", "JWK set of the trusted public keys")
	var pubs stringList
	fs.Var(&pubs, "pub", "a trusted public key: PEM file or kms:KEY_ID (repeatable)")
	sourcePath := fs.String("source", "", "the lab's original file, to check its SHA-256")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 || (*jwksPath == "") == (len(pubs) == 0) {
		return usageError(fs, "give one SIGNED file and either --jwks FILE or --pub KEY")
	}
	jws, err := os.ReadFile(rest[0])
	if err != nil {
		return &ExitError{Code: 2, Err: err}
	}
	var source []byte
	if *sourcePath != "" {
		if source, err = os.ReadFile(*sourcePath); err != nil {
			return &ExitError{Code: 2, Err: err}
		}
	}
	keys, err := trustedKeys(ctx, *jwksPath, pubs)
	if err != nil {
		return &ExitError{Code: 2, Err: err}
	}
	v, err := sign.VerifyJWS(jws, keys)
	if err != nil {
		return invalidErr(err)
	}
	check, ok := profiles[v.Type]
	if !ok {
		return invalidErr(fmt.Errorf("unsupported profile: typ %q (this labrelay checks %q and %q)", v.Type, sign.RecordType, untp.Type))
	}
	summary, err := check(v, source)
	if err != nil {
		return invalidErr(err)
	}
	_, err = fmt.Fprintf(m.Stdout, "valid: kid=%s alg=%s %s\n", v.KeyID, v.Algorithm, summary)
	return err
}

func invalidErr(err error) error {
	return &ExitError{Code: 1, Err: fmt.Errorf("invalid: %w", err)}
}

func trustedKeys(ctx context.Context, jwksPath string, pubs []string) (*jose.JSONWebKeySet, error) {
	if jwksPath != "" {
		data, err := os.ReadFile(jwksPath)
		if err != nil {
			return nil, err
		}
		set, err := sign.ParseJWKS(data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", jwksPath, err)
		}
		return set, nil
	}
	var keys []crypto.PublicKey
	for _, ref := range pubs {
		pub, err := loadPublic(ctx, ref)
		if err != nil {
			return nil, err
		}
		keys = append(keys, pub)
	}
	return sign.KeySet(keys...)
}

type stringList []string

func (s *stringList) String() string     { return fmt.Sprint(*s) }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

// parseInterspersed parses flags that may follow positional arguments
// ("verify SIGNED --jwks FILE") and returns the positional ones.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := parse(fs, args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		if args[0] == "--" {
			return append(rest, args[1:]...), nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}
