package untp

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/go-jose/go-jose/v4"
	"github.com/labrelay/labrelay/sign"
)

// ErrNotCredential means a verified JWS or its payload is not a UNTP
// conformity credential.
var ErrNotCredential = errors.New("not a UNTP conformity credential")

// Verified is a credential whose signature has been checked.
type Verified struct {
	Credential *Credential
	KeyID      string
	Algorithm  string
}

// Verify checks a vc+jwt credential (compact or JSON serialization)
// against a set of public keys, with sign.VerifyJWS's rules (EdDSA or
// ES256, kid in the protected header, nothing read before the signature
// checks), then parses it (see Parse). Errors are sign's sentinels or
// ErrNotCredential.
func Verify(jws []byte, keys *jose.JSONWebKeySet) (*Verified, error) {
	v, err := sign.VerifyJWS(jws, keys)
	if err != nil {
		return nil, err
	}
	if v.Type != Type {
		return nil, fmt.Errorf("%w: typ is %q, want %q", ErrNotCredential, v.Type, Type)
	}
	c, err := Parse(v.Payload)
	if err != nil {
		return nil, err
	}
	return &Verified{Credential: c, KeyID: v.KeyID, Algorithm: v.Algorithm}, nil
}

// Parse decodes a verified payload and checks what a reader relies on:
// the contexts and types of a Digital Conformity Credential, a DID issuer,
// a ConformityAttestation subject with a SHA-256 conformity certificate,
// and assessments with a conformance.
func Parse(payload []byte) (*Credential, error) {
	var c Credential
	if err := json.Unmarshal(payload, &c); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotCredential, err)
	}
	switch {
	case len(c.Context) < 2 || c.Context[0] != ContextVC || c.Context[1] != ContextDCC:
		return nil, fmt.Errorf("%w: @context %q does not start with the VC 2.0 and UNTP DCC contexts", ErrNotCredential, c.Context)
	case !slices.Contains(c.Type, "VerifiableCredential") || !slices.Contains(c.Type, "DigitalConformityCredential"):
		return nil, fmt.Errorf("%w: type %q", ErrNotCredential, c.Type)
	case c.ID == "":
		return nil, fmt.Errorf("%w: no id", ErrNotCredential)
	case !strings.HasPrefix(c.Issuer.ID, "did:"):
		return nil, fmt.Errorf("%w: issuer %q is not a DID", ErrNotCredential, c.Issuer.ID)
	case c.CredentialSubject == nil || !slices.Contains(c.CredentialSubject.Type, "ConformityAttestation"):
		return nil, fmt.Errorf("%w: the subject is not a ConformityAttestation", ErrNotCredential)
	}
	cert := c.CredentialSubject.ConformityCertificate
	if cert == nil || cert.HashMethod != "SHA-256" || len(cert.HashDigest) != 64 {
		return nil, fmt.Errorf("%w: no SHA-256 conformity certificate (the lab's file)", ErrNotCredential)
	}
	return &c, nil
}

// CheckSource reports whether source is the lab's file the credential's
// conformity certificate names; sign.ErrSourceMismatch when not.
func (c *Credential) CheckSource(source []byte) error {
	want := strings.ToLower(c.CredentialSubject.ConformityCertificate.HashDigest)
	if got := sign.SHA256Hex(source); got != want {
		return fmt.Errorf("%w: its sha256 is %s, the credential says %s", sign.ErrSourceMismatch, got, want)
	}
	return nil
}

// Summary says in one line what the credential attests: its id, issuer,
// report number, and conformance=true only when every assessment conforms.
func (c *Credential) Summary() string {
	a := c.CredentialSubject
	s := "credential=" + c.ID + " issuer=" + c.Issuer.ID
	if a.Report != nil && a.Report.ReportNumber != "" {
		s += " report_number=" + a.Report.ReportNumber
	}
	if len(a.Assessment) > 0 {
		s += " conformance=" + strconv.FormatBool(allConform(a.Assessment))
	}
	return s
}

func allConform(as []Assessment) bool {
	for _, a := range as {
		if !a.Conformance {
			return false
		}
	}
	return true
}
