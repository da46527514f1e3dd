package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/labrelay/labrelay/sign"
	"github.com/labrelay/labrelay/sign/kms"
	"github.com/labrelay/labrelay/untp"
)

func init() {
	register(&Command{
		Name:    "credential",
		Summary: "issue a record as a UNTP Digital Conformity Credential (vc+jwt)",
		Usage: `Usage: labrelay credential --key KEY [--issuer DID] [--issuer-name NAME]
       [--source FILE] [--document-url URL] RECORD.json

Expresses RECORD.json (the output of 'labrelay extract', or a bare record
with --source) as a UN Transparency Protocol Digital Conformity Credential
(W3C VC 2.0) and prints it secured as a VC-JOSE-COSE JWS ("typ": "vc+jwt",
compact serialization, media type application/vc+jwt). KEY is a private
key file or kms:KEY_ID, as for 'labrelay sign'.

The issuer is you, the operator (the lab is named as the assessor): a DID
such as did:web:reports.example.com; without --issuer it is the did:key of
the signing key. --document-url is where the lab's original file is
published ("{sha256}" is replaced by its hash); the credential always
carries the file's SHA-256. A report whose overall result is not pass or
fail, or that names no applicant, cannot be expressed and is refused.

'labrelay verify' checks the result like a signed record.`,
		Run: runCredential,
	})
}

func runCredential(ctx context.Context, m *Main, args []string) error {
	fs := m.newFlagSet(commands["credential"])
	keyRef := fs.String("key", "", "private key file, or kms:KEY_ID (required)")
	issuerID := fs.String("issuer", "", "the issuer's DID (default: did:key of the signing key)")
	issuerName := fs.String("issuer-name", "", "the issuer's name (default: its DID)")
	sourcePath := fs.String("source", "", "the lab's original file, to record its SHA-256")
	docURL := fs.String("document-url", "", `URL of the lab's original file; "{sha256}" is replaced by its hash`)
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if *keyRef == "" || len(rest) != 1 {
		return usageError(fs, "give --key KEY and one RECORD.json")
	}
	if *issuerID != "" && !strings.HasPrefix(*issuerID, "did:") {
		return usageError(fs, fmt.Sprintf("--issuer %q is not a DID (e.g. did:web:reports.example.com)", *issuerID))
	}
	ext, source, err := readRecordFile(rest[0], *sourcePath)
	if err != nil {
		return err
	}
	p, err := newPayload(ext, source)
	if err != nil {
		return &ExitError{Code: 1, Err: err}
	}
	p.SignedAt = time.Now()
	s, err := openCredentialSigner(ctx, *keyRef)
	if err != nil {
		return &ExitError{Code: 1, Err: err}
	}
	iss := untp.Issuer{ID: *issuerID, Name: *issuerName}
	if iss.ID == "" {
		if iss.ID, err = untp.DIDKey(s.Public()); err != nil {
			return &ExitError{Code: 1, Err: err}
		}
	}
	if *docURL != "" {
		tmpl := *docURL
		iss.DocumentURL = func(sum string) string { return strings.ReplaceAll(tmpl, "{sha256}", sum) }
	}
	jws, err := untp.SignPayload(ctx, s, p, iss)
	if err != nil {
		return &ExitError{Code: 1, Err: err}
	}
	_, err = fmt.Fprintf(m.Stdout, "%s\n", jws)
	return err
}

// openCredentialSigner opens the key named by ref (a private key file, or
// kms:KEY_ID) as a vc+jwt signer.
func openCredentialSigner(ctx context.Context, ref string) (*untp.Signer, error) {
	if id, ok := strings.CutPrefix(ref, "kms:"); ok {
		client, err := kmsClient(ctx)
		if err != nil {
			return nil, err
		}
		k := kms.NewKey(client, id)
		if err := k.Open(ctx); err != nil {
			return nil, err
		}
		return untp.NewRemoteSigner(k)
	}
	key, err := sign.LoadPrivateKey(ref)
	if err != nil {
		return nil, err
	}
	return untp.NewSigner(key)
}

// credentialProfile checks a verified vc+jwt: a UNTP conformity credential
// and, given the lab's file, its SHA-256.
func credentialProfile(v *sign.Verified, source []byte) (string, error) {
	c, err := untp.Parse(v.Payload)
	if err != nil {
		return "", err
	}
	if source != nil {
		if err := c.CheckSource(source); err != nil {
			return "", err
		}
	}
	return c.Summary(), nil
}
