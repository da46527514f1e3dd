package extract_test

import (
	"context"
	"crypto/x509"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract"
	"github.com/labrelay/labrelay/extract/native"
	pdfreader "github.com/labrelay/labrelay/extract/pdf"
	"github.com/labrelay/labrelay/rules"
	"github.com/labrelay/labrelay/sign/pdfsig"
	"github.com/labrelay/labrelay/sign/pdfsig/pdfsigtest"
)

func signedExtractor(t *testing.T, trust map[string]native.Trust) *extract.Extractor {
	t.Helper()
	eng, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	set := native.DefaultSet()
	set.Trust = trust
	return &extract.Extractor{PDF: &pdfreader.Reader{}, Rules: eng, Native: set}
}

func signatureReason(e *labrelay.Extraction) string {
	for _, r := range e.Review.Reasons {
		if strings.Contains(r, "sign") {
			return r
		}
	}
	return ""
}

// TestSignedPDFExtraction signs a sample SGS report in the test and reads
// it through the real PDF reader and rule packs.
func TestSignedPDFExtraction(t *testing.T) {
	orig, err := os.ReadFile(filepath.Join("..", "fixtures", "testdata", "pdf", "sgs-rohs-1.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	const number = "NBXEC26105550703"
	pki := pdfsigtest.NewPKI(t, "SGS Test")
	signed := pki.Sign(t, pdfsigtest.AddSignatureField(t, orig))
	changed := pdfsigtest.ReplaceText(t, signed, number, "NBXEC26105559999")
	sgs := map[string]native.Trust{"sgs": {Certs: []*x509.Certificate{pki.CA}, RequireSignature: true}}
	other := map[string]native.Trust{"SGS": {Certs: []*x509.Certificate{pdfsigtest.NewPKI(t, "Other").CA}, RequireSignature: true}}
	cases := []struct {
		name   string
		pdf    []byte
		trust  map[string]native.Trust
		status string
		review string // a reason about the signature, "" for none
	}{
		{"verified", signed, sgs, labrelay.SignatureVerified, ""},
		{"changed after signing", changed, sgs, labrelay.SignatureModified, "the PDF was changed after SGS Test signed it on "},
		{"untrusted, signature required", signed, other, labrelay.SignatureValidUntrusted, "the lab requires signed reports"},
		{"untrusted, not required", signed, nil, labrelay.SignatureValidUntrusted, ""},
		{"unsigned, required", orig, sgs, labrelay.SignatureUnsigned, "this PDF is not signed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e, err := signedExtractor(t, c.trust).Extract(context.Background(), "r.pdf", c.pdf)
			if err != nil {
				t.Fatal(err)
			}
			if e.LabSignature == nil || e.LabSignature.Status != c.status {
				t.Fatalf("lab_signature %+v, want %s", e.LabSignature, c.status)
			}
			if e.Fields.ReportNumber != number {
				t.Errorf("report_number %q, want the signed %q", e.Fields.ReportNumber, number)
			}
			if got := signatureReason(e); !strings.Contains(got, c.review) || (c.review == "") != (got == "") {
				t.Errorf("signature review reason %q, want %q", got, c.review)
			}
			if c.review != "" && !e.Review.Required {
				t.Error("not sent to review")
			}
			if c.status != labrelay.SignatureUnsigned {
				p := pdfsigtest.RunPdfsig(t, c.pdf)
				if !p.Valid || p.Total != (e.LabSignature.Covers == labrelay.CoversWhole) {
					t.Errorf("pdfsig disagrees with %+v:\n%s", e.LabSignature, p.Output)
				}
			}
		})
	}
}

// TestRealSGSSignedPDFs reads the five signed 2024 SGS reports: the three
// changed after signing must never be auto-accepted.
func TestRealSGSSignedPDFs(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "corpus", "real")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared/corpus/real is absent: the real SGS reports are not checked")
	}
	x := signedExtractor(t, nil)
	for f, changed := range map[string]bool{
		"sgs-shaec-silergy-2024.pdf": false, "sgs-szes-ambulanc-aed-en1789-2024.pdf": false,
		"sgs-szxec-jushuo-c5191-2024.pdf": true, "sgs-szxec-jushuo-lcp-black-2024.pdf": true,
		"sgs-szxec-jushuo-lcp-natural-2024.pdf": true,
	} {
		t.Run(f, func(t *testing.T) {
			e, err := x.ExtractFile(context.Background(), filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			ls := e.LabSignature
			switch {
			case ls == nil:
				t.Fatal("no lab_signature")
			case !changed && ls.Status != labrelay.SignatureValidUntrusted:
				t.Errorf("status %s (%s), want valid_untrusted", ls.Status, ls.Reason)
			case changed && (ls.Status != labrelay.SignatureInvalid && ls.Status != labrelay.SignatureModified ||
				!e.Review.Required || !strings.Contains(signatureReason(e), "changed after")):
				t.Errorf("status %s, review %v %q: want invalid or modified, to review, changed after signing",
					ls.Status, e.Review.Required, e.Review.Reasons)
			}
		})
	}
}

// BenchmarkPDFSignature compares a whole text-PDF extraction of a signed
// report with the signature check alone (the share the check adds):
// the ratio check/extract must stay under 10% (issue 18).
func BenchmarkPDFSignature(b *testing.B) {
	orig, err := os.ReadFile(filepath.Join("..", "fixtures", "testdata", "pdf", "sgs-rohs-1.pdf"))
	if err != nil {
		b.Fatal(err)
	}
	pki := pdfsigtest.NewPKI(b, "SGS Test")
	signed := pki.Sign(b, pdfsigtest.AddSignatureField(b, orig))
	eng, err := rules.Default()
	if err != nil {
		b.Fatal(err)
	}
	trust := []*x509.Certificate{pki.CA}
	x := &extract.Extractor{PDF: &pdfreader.Reader{}, Rules: eng}
	b.Run("extract", func(b *testing.B) {
		for b.Loop() {
			if _, err := x.Extract(b.Context(), "r.pdf", signed); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("check", func(b *testing.B) {
		for b.Loop() {
			if ls, _ := pdfsig.Check(signed).Outcome(trust); ls.Status != labrelay.SignatureVerified {
				b.Fatal(ls.Status)
			}
		}
	})
}
