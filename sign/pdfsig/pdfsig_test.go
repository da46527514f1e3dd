package pdfsig_test

import (
	"bytes"
	"crypto/x509"
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/sign/pdfsig"
	"github.com/labrelay/labrelay/sign/pdfsig/pdfsigtest"
)

var reportLines = []string{"TEST REPORT", "Report No.: TLR-2024-0042", "Result: PASS"}

const annotUpdate = "<< /Type /Annot /Subtype /Text /Rect [400 700 420 720] /Contents (checked on arrival) /P 3 0 R >>"
const pageWithNote = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 6 0 R >> >> /Annots [5 0 R 8 0 R] >>"

const pageNewFont = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 6 0 R /F2 6 0 R >> >> /Annots [5 0 R] >>"

// pdfsigAgrees checks our verdict against poppler's pdfsig.
func pdfsigAgrees(t *testing.T, pdf []byte, ls labrelay.LabSignature) {
	t.Helper()
	p := pdfsigtest.RunPdfsig(t, pdf)
	valid := ls.Status != labrelay.SignatureInvalid && ls.Status != labrelay.SignatureUnsigned
	if p.Valid != valid || p.Total != (ls.Covers == labrelay.CoversWhole) {
		t.Errorf("pdfsig disagrees with %s/%s:\n%s", ls.Status, ls.Covers, p.Output)
	}
}

func TestSignedFixtures(t *testing.T) {
	pki := pdfsigtest.NewPKI(t, "Test Lab")
	other := pdfsigtest.NewPKI(t, "Other Lab")
	signed := pki.Sign(t, pdfsigtest.UnsignedPDF(reportLines))
	tampered := bytes.Replace(signed, []byte("TLR-2024-0042"), []byte("TLR-2024-0043"), 1)
	changed := pdfsigtest.Update(signed, map[int]string{4: pdfsigtest.ContentStream(
		[]string{"TEST REPORT", "Report No.: TLR-2024-0042", "Result: FAIL"})})
	cases := []struct {
		name    string
		pdf     []byte
		trust   []*x509.Certificate
		status  string
		covers  string
		reason  string
		readEnd bool
	}{
		{"untouched, CA trusted", signed, []*x509.Certificate{pki.CA}, labrelay.SignatureVerified, labrelay.CoversWhole, "", false},
		{"untouched, signer pinned", signed, []*x509.Certificate{pki.Signer}, labrelay.SignatureVerified, labrelay.CoversWhole, "", false},
		{"annotation added", pdfsigtest.Update(signed, map[int]string{8: annotUpdate, 3: pageWithNote}),
			[]*x509.Certificate{pki.CA}, labrelay.SignatureVerified, labrelay.CoversPartial, "annotations", false},
		{"annotation added in an object stream", pdfsigtest.UpdateObjStm(signed, map[int]string{8: annotUpdate, 3: pageWithNote}),
			[]*x509.Certificate{pki.CA}, labrelay.SignatureVerified, labrelay.CoversPartial, "annotations", false},
		{"page resources changed in an object stream", pdfsigtest.UpdateObjStm(signed, map[int]string{3: pageNewFont}),
			[]*x509.Certificate{pki.CA}, labrelay.SignatureModified, labrelay.CoversPartial, "page content differs", true},
		{"page value changed", changed, []*x509.Certificate{pki.CA}, labrelay.SignatureModified, labrelay.CoversPartial,
			"the PDF was changed after Test Lab signed it on ", true},
		{"bytes changed in range", tampered, []*x509.Certificate{pki.CA}, labrelay.SignatureInvalid, labrelay.CoversWhole,
			"no longer match the signature's digest", false},
		{"signer not trusted", signed, []*x509.Certificate{other.CA}, labrelay.SignatureValidUntrusted, labrelay.CoversWhole,
			"not trusted for this lab", false},
		{"no lab_trust", signed, nil, labrelay.SignatureValidUntrusted, labrelay.CoversWhole, "no certificate", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ls, end := pdfsig.Check(c.pdf).Outcome(c.trust)
			if ls.Status != c.status || !strings.Contains(ls.Reason, c.reason) {
				t.Fatalf("got %s (%s), want %s with %q", ls.Status, ls.Reason, c.status, c.reason)
			}
			if c.status != labrelay.SignatureInvalid && ls.Covers != c.covers {
				t.Errorf("covers %q, want %q", ls.Covers, c.covers)
			}
			if ls.Signer != "Test Lab Document Signing (Test Lab)" || ls.SignedAt.IsZero() {
				t.Errorf("signer %q at %v", ls.Signer, ls.SignedAt)
			}
			if c.readEnd != (end > 0) || c.readEnd && !bytes.Equal(c.pdf[:end], signed) {
				t.Errorf("signed revision ends at %d of %d", end, len(c.pdf))
			}
			pdfsigAgrees(t, c.pdf, ls)
		})
	}
}

func TestNoAttributesAndUnsigned(t *testing.T) {
	pki := pdfsigtest.NewPKI(t, "Test Lab")
	noattr := pki.Sign(t, pdfsigtest.UnsignedPDF(reportLines), "-noattr")
	ls, _ := pdfsig.Check(noattr).Outcome([]*x509.Certificate{pki.CA})
	if ls.Status != labrelay.SignatureVerified {
		t.Fatalf("signature without signed attributes: %s (%s)", ls.Status, ls.Reason)
	}
	pdfsigAgrees(t, noattr, ls)
	bad := bytes.Clone(noattr)
	i := bytes.Index(bad, []byte("Result: PASS"))
	bad[i+8] = 'F'
	if ls, _ := pdfsig.Check(bad).Outcome(nil); ls.Status != labrelay.SignatureInvalid {
		t.Fatalf("changed byte under a signature without attributes: %s", ls.Status)
	}
	ls, _ = pdfsig.Check([]byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")).Outcome(nil)
	if ls.Status != labrelay.SignatureUnsigned {
		t.Fatalf("unsigned PDF: %s", ls.Status)
	}
}

// TestDocMDP: a certification signature's permissions decide whether a
// later annotation is permitted.
func TestDocMDP(t *testing.T) {
	pki := pdfsigtest.NewPKI(t, "Test Lab")
	trust := []*x509.Certificate{pki.CA}
	for p, want := range map[int]string{1: labrelay.SignatureModified, 2: labrelay.SignatureModified, 3: labrelay.SignatureVerified} {
		signed := pki.Sign(t, pdfsigtest.CertifiedPDF(reportLines, p))
		if ls, _ := pdfsig.Check(signed).Outcome(trust); ls.Status != labrelay.SignatureVerified {
			t.Fatalf("P=%d untouched: %s (%s)", p, ls.Status, ls.Reason)
		}
		noted := pdfsigtest.Update(signed, map[int]string{8: annotUpdate, 3: pageWithNote})
		ls, _ := pdfsig.Check(noted).Outcome(trust)
		if ls.Status != want {
			t.Errorf("P=%d, annotation added: %s (%s), want %s", p, ls.Status, ls.Reason, want)
		}
		pdfsigAgrees(t, noted, ls)
	}
}
