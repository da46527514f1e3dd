package main

import (
	"encoding/json"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/sign/pdfsig"
)

// TestExtractSignedSGSPDFs runs `labrelay extract` on the five signed 2024
// SGS reports of the real corpus: the two intact ones are valid_untrusted,
// or verified with --lab-certs holding the CA their signature carries; the
// three changed after signing are invalid or modified and go to review
// saying so.
func TestExtractSignedSGSPDFs(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "real")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared/corpus/real is absent: the real SGS reports are not checked")
	}
	intact := []string{"sgs-shaec-silergy-2024.pdf", "sgs-szes-ambulanc-aed-en1789-2024.pdf"}
	changed := []string{"sgs-szxec-jushuo-c5191-2024.pdf", "sgs-szxec-jushuo-lcp-black-2024.pdf", "sgs-szxec-jushuo-lcp-natural-2024.pdf"}
	cas := caPEM(t, filepath.Join(dir, intact[0]))
	for _, f := range intact {
		if ls, _ := extractPDF(t, filepath.Join(dir, f)); ls.Status != labrelay.SignatureValidUntrusted {
			t.Errorf("%s: %s (%s), want valid_untrusted", f, ls.Status, ls.Reason)
		}
		if ls, _ := extractPDF(t, "--lab-certs", cas, filepath.Join(dir, f)); ls.Status != labrelay.SignatureVerified {
			t.Errorf("%s with --lab-certs: %s (%s), want verified", f, ls.Status, ls.Reason)
		}
	}
	for _, f := range changed {
		ls, review := extractPDF(t, "--lab-certs", cas, filepath.Join(dir, f))
		if ls.Status != labrelay.SignatureInvalid && ls.Status != labrelay.SignatureModified {
			t.Errorf("%s: %s, want invalid or modified", f, ls.Status)
		}
		if !review.Required || !strings.Contains(strings.Join(review.Reasons, "\n"), "changed after SGS") {
			t.Errorf("%s: review %v %q, want review saying the report was changed after signing", f, review.Required, review.Reasons)
		}
	}
}

func extractPDF(t *testing.T, args ...string) (labrelay.LabSignature, labrelay.Review) {
	t.Helper()
	out, errOut, code := extractCLI(t, args...)
	if code == 1 {
		t.Fatalf("exit 1: %s", errOut)
	}
	var e labrelay.Extraction
	if err := json.Unmarshal([]byte(out), &e); err != nil {
		t.Fatal(err)
	}
	if e.LabSignature == nil {
		t.Fatal("no lab_signature")
	}
	return *e.LabSignature, e.Review
}

// caPEM writes the CA certificates a signed PDF carries (all but the
// signer's) to a PEM file.
func caPEM(t *testing.T, pdf string) string {
	t.Helper()
	data, err := os.ReadFile(pdf)
	if err != nil {
		t.Fatal(err)
	}
	s := pdfsig.Check(data).Signatures[0]
	var b []byte
	for _, c := range s.Certs {
		if !c.Equal(s.Signer) {
			b = append(b, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
		}
	}
	path := filepath.Join(t.TempDir(), "sgs-ca.pem")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
