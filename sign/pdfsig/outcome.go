package pdfsig

import (
	"crypto/x509"
	"fmt"
	"strings"
	"time"

	"github.com/labrelay/labrelay"
)

// Outcome turns the checks into one lab signature status, judging trust
// against trusted (the lab's CA or signer certificates from lab_trust).
// For a modified file it also returns the length of the signed revision
// to read instead of the file (0 otherwise).
//
// An invalid signature anywhere makes the file invalid; a valid one
// followed by changes it does not permit makes it modified (the earliest
// such signature is the revision to read); otherwise the first signature
// (the lab's own, by convention later ones countersign) decides
// verified or valid_untrusted.
func (r *Result) Outcome(trusted []*x509.Certificate) (labrelay.LabSignature, int64) {
	switch {
	case r.Refused != "":
		return labrelay.LabSignature{Status: labrelay.SignatureInvalid, Reason: r.Refused}, 0
	case len(r.Signatures) == 0:
		return labrelay.LabSignature{Status: labrelay.SignatureUnsigned}, 0
	}
	for i := range r.Signatures {
		if s := &r.Signatures[i]; s.Problem != "" {
			ls := s.base()
			ls.Status = labrelay.SignatureInvalid
			ls.Reason = "the PDF was changed after " + s.who() + " signed it" + s.on() + ": " + s.Problem
			if s.Signer == nil {
				ls.Reason = "the PDF's signature is invalid: " + s.Problem
			}
			return ls, 0
		}
	}
	for i := range r.Signatures {
		if s := &r.Signatures[i]; s.Change != "" {
			ls := s.base()
			ls.Status = labrelay.SignatureModified
			ls.Reason = "the PDF was changed after " + s.who() + " signed it" + s.on() + ": " + s.Change +
				"; the record was read from the signed revision"
			return ls, s.End()
		}
	}
	s := &r.Signatures[0]
	ls := s.base()
	if err := s.trusted(trusted); err != "" {
		ls.Status = labrelay.SignatureValidUntrusted
		ls.Reason = "the signature is valid, but " + err
		return ls, 0
	}
	ls.Status = labrelay.SignatureVerified
	if ls.Covers == labrelay.CoversPartial {
		ls.Reason = "later revisions add only annotations, form fields or signatures"
	}
	return ls, 0
}

func (s *Signature) base() labrelay.LabSignature {
	ls := labrelay.LabSignature{SignedAt: s.SignedAt, Covers: labrelay.CoversPartial}
	if s.Whole {
		ls.Covers = labrelay.CoversWhole
	}
	if s.Signer != nil {
		ls.Signer = subject(s.Signer)
	}
	return ls
}

// who names the signer for a sentence: organisation, else common name.
func (s *Signature) who() string {
	if s.Signer == nil {
		return "the lab"
	}
	if o := s.Signer.Subject.Organization; len(o) > 0 && o[0] != "" {
		return o[0]
	}
	if cn := s.Signer.Subject.CommonName; cn != "" {
		return cn
	}
	return "the lab"
}

func (s *Signature) on() string {
	if s.SignedAt.IsZero() {
		return ""
	}
	return " on " + s.SignedAt.Format("2006-01-02")
}

func subject(c *x509.Certificate) string {
	if c.Subject.CommonName != "" && len(c.Subject.Organization) > 0 {
		return c.Subject.CommonName + " (" + strings.Join(c.Subject.Organization, ", ") + ")"
	}
	return c.Subject.String()
}

// trusted says why the signer is not trusted, or "": the signer is one of
// the trusted certificates, or chains to one at the signing time (a
// certificate that has expired since still verifies).
func (s *Signature) trusted(trusted []*x509.Certificate) string {
	if len(trusted) == 0 {
		return "no certificate of this lab is configured in lab_trust"
	}
	at := time.Now()
	if s.attested {
		at = s.SignedAt
	}
	roots := x509.NewCertPool()
	for _, c := range trusted {
		if c.Equal(s.Signer) {
			if at.Before(c.NotBefore) || at.After(c.NotAfter) {
				return "the signer's certificate was not valid on " + at.Format("2006-01-02")
			}
			return ""
		}
		roots.AddCert(c)
	}
	inter := x509.NewCertPool()
	for _, c := range s.Certs {
		if !c.Equal(s.Signer) {
			inter.AddCert(c)
		}
	}
	_, err := s.Signer.Verify(x509.VerifyOptions{Roots: roots, Intermediates: inter, CurrentTime: at,
		KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
	if err != nil {
		return fmt.Sprintf("the signer %s is not trusted for this lab (%v)", subject(s.Signer), err)
	}
	return ""
}
