package pdfsig_test

import (
	"bytes"
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/sign/pdfsig"
	"github.com/labrelay/labrelay/sign/pdfsig/pdfsigtest"
)

func TestHostileRefusedWithReason(t *testing.T) {
	var many bytes.Buffer
	many.WriteString("%PDF-1.7\n")
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&many, "%d 0 obj << /Type /Sig /ByteRange [0 10 20 5] /Contents <00> >> endobj\n", i+1)
	}
	head := "%%PDF-1.7\n1 0 obj << /Type /Sig /SubFilter /adbe.pkcs7.detached /ByteRange [0 %07d %07d 0000010] /Contents "
	hole := len(fmt.Sprintf(head, 0, 0))
	huge := []byte(fmt.Sprintf(head, hole, hole+4000002) + "<" + strings.Repeat("0", 4000000) + "> >> endobj\n%%EOF\n")
	outside := []byte("%PDF-1.7\n1 0 obj << /Type /Sig /SubFilter /adbe.pkcs7.detached /ByteRange [0 60 70 99999999] /Contents <00> >> endobj\n%%EOF\n")
	cases := []struct {
		name, pdf, reason string
	}{
		{"a thousand signatures", many.String(), "more than 50 signatures"},
		{"huge /Contents", string(huge), "over the 1024 KB limit"},
		{"byte range outside the file", string(outside), "points outside the file"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ls, end := pdfsig.Check([]byte(c.pdf)).Outcome(nil)
			if ls.Status != labrelay.SignatureInvalid || !strings.Contains(ls.Reason, c.reason) || end != 0 {
				t.Fatalf("got %s (%q), want invalid with %q", ls.Status, ls.Reason, c.reason)
			}
		})
	}
}

// TestRealSGSReports checks the five signed 2024 SGS reports against the
// verdicts poppler's pdfsig gives them.
func TestRealSGSReports(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "shared", "corpus", "real")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared/corpus/real is absent: the real SGS reports are not checked")
	}
	for _, f := range []string{"sgs-shaec-silergy-2024.pdf", "sgs-szes-ambulanc-aed-en1789-2024.pdf",
		"sgs-szxec-jushuo-c5191-2024.pdf", "sgs-szxec-jushuo-lcp-black-2024.pdf", "sgs-szxec-jushuo-lcp-natural-2024.pdf"} {
		t.Run(f, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(dir, f))
			if err != nil {
				t.Fatal(err)
			}
			ls, _ := pdfsig.Check(data).Outcome(nil)
			p := pdfsigtest.RunPdfsig(t, data)
			switch {
			case p.Valid && ls.Status != labrelay.SignatureValidUntrusted:
				t.Errorf("pdfsig: valid; we: %s (%s)", ls.Status, ls.Reason)
			case !p.Valid && ls.Status != labrelay.SignatureInvalid && ls.Status != labrelay.SignatureModified:
				t.Errorf("pdfsig: not valid; we: %s (%s)", ls.Status, ls.Reason)
			case !p.Valid && !strings.Contains(ls.Reason, "changed after"):
				t.Errorf("reason %q does not say the report was changed after signing", ls.Reason)
			}
			if !strings.Contains(ls.Signer, "SGS Document Signing") || ls.SignedAt.Year() != 2024 {
				t.Errorf("signer %q at %v", ls.Signer, ls.SignedAt)
			}
			if p.Valid {
				trustedAtSigningTime(t, data)
			}
		})
	}
}

// FuzzCheck seeds valid signatures followed by updates, so mutations past
// the signed range reach the revision parser.
func FuzzCheck(f *testing.F) {
	pki := pdfsigtest.NewPKI(f, "Fuzz Lab")
	signed := pki.Sign(f, pdfsigtest.UnsignedPDF([]string{"x"}))
	f.Add(signed)
	f.Add(pdfsigtest.Update(signed, map[int]string{3: pageNewFont, 4: pdfsigtest.ContentStream([]string{"y"})}))
	f.Add(pdfsigtest.UpdateObjStm(signed, map[int]string{8: annotUpdate, 3: pageWithNote}))
	f.Add([]byte("1 0 obj << /ByteRange [0 1 2 3] /Contents <3000> /SubFilter /adbe.pkcs7.detached >> endobj"))
	f.Add([]byte("<< /Contents <00> /ByteRange [0 5 9 0] >> 2 0 obj << /Type /Page >> endobj /Root 1 0 R"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ls, end := pdfsig.Check(data).Outcome(nil)
		if ls.Status == "" || end < 0 || end > int64(len(data)) {
			t.Fatalf("status %q, signed revision end %d of %d", ls.Status, end, len(data))
		}
		if ls.Status != labrelay.SignatureUnsigned && ls.Status != labrelay.SignatureValidUntrusted && ls.Reason == "" {
			t.Fatalf("%s without a reason", ls.Status)
		}
	})
}

// trustedAtSigningTime trusts the CA certificates a real signature carries
// (its signer's certificate has expired since): judged at the signing
// time, the signature is verified; the signer pinned alone too.
func trustedAtSigningTime(t *testing.T, data []byte) {
	t.Helper()
	r := pdfsig.Check(data)
	s := r.Signatures[0]
	if time.Now().Before(s.Signer.NotAfter) {
		t.Skipf("the signer's certificate has not expired yet (%v)", s.Signer.NotAfter)
	}
	var cas []*x509.Certificate
	for _, c := range s.Certs {
		if !c.Equal(s.Signer) {
			cas = append(cas, c)
		}
	}
	for name, trust := range map[string][]*x509.Certificate{"CAs": cas, "signer": {s.Signer}} {
		if ls, _ := r.Outcome(trust); ls.Status != labrelay.SignatureVerified {
			t.Errorf("trusting the %s: %s (%s)", name, ls.Status, ls.Reason)
		}
	}
}
