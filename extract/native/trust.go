package native

import (
	"crypto/x509"
	"strings"

	"github.com/go-jose/go-jose/v4"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/normalize"
	"github.com/labrelay/labrelay/sign"
	"github.com/labrelay/labrelay/sign/labsig"
)

// AnyLab is the Set.Trust key used for a lab that has no entry of its own.
const AnyLab = "*"

// Trust is what one lab's own signatures are checked against
// (docs/signing.md, "Lab signatures"). A signed report whose signer is not
// here is invalid: it is never read, and it goes to review.
type Trust struct {
	// Certs are the lab's XMLDSig signing certificates.
	Certs []*x509.Certificate
	// JWKS holds the public keys of the lab's JWS-signed JSON reports.
	JWKS *jose.JSONWebKeySet
	// RequireSignature sends the lab's unsigned reports to review.
	RequireSignature bool
}

// Lab returns the lab family a mapping's documents come from: the
// normalised constant of its lab field ("SGS", "BV", "OTHER"), or "" when
// the mapping reads the lab from the document.
func (m *Mapping) Lab() string {
	if r, ok := m.Fields[labrelay.FieldLab]; ok && r.Value != "" && r.Path == "" && r.Expr == "" {
		return normalize.Lab(normalize.Space(r.Value))
	}
	return ""
}

// trustFor returns the trust for documents m reads (nil: no mapping): the
// entry named after the mapping, else after its lab family, else AnyLab
// (keys compared without case), else none.
func (s *Set) trustFor(m *Mapping) Trust {
	keys := []string{AnyLab}
	if m != nil {
		keys = []string{m.Name, m.Lab(), AnyLab}
	}
	for _, key := range keys {
		if key == "" {
			continue
		}
		if t, ok := s.Trust[key]; ok {
			return t
		}
		for k, t := range s.Trust {
			if strings.EqualFold(k, key) {
				return t
			}
		}
	}
	return Trust{}
}

// verify checks the lab's signature on the input data (as delivered, a
// byte-order mark removed) that parsed into doc, read by mapping m. It
// returns the outcome and, when verified, the document to read instead of
// doc: only what the signature covers. JSON given as a JWS (isJWS) must
// verify; an XML document is signed when it holds a ds:Signature.
func (s *Set) verify(data []byte, doc *document, m *Mapping, isJWS bool) (*document, labrelay.LabSignature, error) {
	t := s.trustFor(m)
	switch {
	case doc.format == FormatXML:
		signed, ls := labsig.VerifyXML(data, t.Certs)
		if ls.Status != labrelay.SignatureVerified {
			return nil, ls, nil
		}
		return &document{format: FormatXML, xml: signed.Root()}, ls, nil
	case isJWS:
		payload, ls := labsig.VerifyJSON(data, t.JWKS)
		if ls.Status != labrelay.SignatureVerified {
			return nil, ls, nil
		}
		d, err := s.parse(payload, MediaJSON)
		if err != nil {
			return nil, ls, err
		}
		return d, ls, nil
	}
	return nil, labrelay.LabSignature{Status: labrelay.SignatureUnsigned}, nil
}

// jwsPayload returns the payload of a JWS without verifying it: only to
// choose the mapping (and so the lab whose keys verify it). Nothing is
// read from it.
func jwsPayload(data []byte) ([]byte, bool) {
	obj, err := sign.ParseJWS(string(data), labsig.LabAlgorithms)
	if err != nil {
		return nil, false
	}
	return obj.UnsafePayloadWithoutVerification(), true
}

// invalidSignature is the record of a report whose lab signature does not
// verify: no field is read (what is not signed cannot be trusted, and
// signature wrapping hides forged data beside signed data), and a person
// must look.
func invalidSignature(m *Mapping, format string, ls labrelay.LabSignature) *labrelay.Extraction {
	x := newExtraction(m, format)
	x.LabSignature = &ls
	x.RequireReview("the lab's signature is invalid: " + ls.Reason + "; nothing was read from the report: ask the lab for a correctly signed copy")
	return x
}
