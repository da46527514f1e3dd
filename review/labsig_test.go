package review_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
)

// TestLabSignatureBanner shows a PDF's lab signature outcome above the
// review reasons: modified and invalid in red.
func TestLabSignatureBanner(t *testing.T) {
	r := newRig(t)
	data, err := os.ReadFile(fixturePDF)
	if err != nil {
		t.Fatal(err)
	}
	ext := labrelay.Extraction{
		Source:     labrelay.Source{File: "s.pdf", MediaType: "application/pdf", Pages: 1},
		Path:       labrelay.PathPDFText,
		Fields:     labrelay.Record{ReportNumber: "SIG-1", Lab: labrelay.LabSGS},
		Confidence: map[string]float64{"report_number": 0.99, "lab": 0.99},
		LabSignature: &labrelay.LabSignature{Status: labrelay.SignatureModified, Signer: "SGS Document Signing (SGS SA)",
			SignedAt: time.Date(2024, 3, 6, 2, 55, 22, 0, time.UTC), Covers: labrelay.CoversPartial,
			Reason: "the PDF was changed after SGS SA signed it on 2024-03-06: page content differs"},
	}
	doc := r.seed(t, "sgs/signed.pdf", data, ext)
	b := r.client(t)
	b.login("alice")
	page := b.get(fmt.Sprintf("doc/%d", doc.ID)).Body
	for _, want := range []string{`class="labsig labsig-modified"`, "<strong>modified</strong> by SGS Document Signing (SGS SA) on 2024-03-06",
		"covers the partial file", "page content differs"} {
		if !strings.Contains(page, want) {
			t.Errorf("document page lacks %q", want)
		}
	}
}
