package review_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/sign/pdfsig"
	"github.com/labrelay/labrelay/sign/pdfsig/pdfsigtest"
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

// TestSignedAndCurrentPages: a PDF changed after its lab signed it shows
// each page as signed and as it is now; the signed page is the page of
// the signed file itself, and a document without a later change has no
// signed revision to show.
func TestSignedAndCurrentPages(t *testing.T) {
	pdfsigtest.NeedTool(t, "pdftoppm")
	orig, err := os.ReadFile("../fixtures/testdata/pdf/sgs-rohs-1.pdf")
	if err != nil {
		t.Fatal(err)
	}
	pki := pdfsigtest.NewPKI(t, "SGS Test")
	signed := pki.Sign(t, pdfsigtest.AddSignatureField(t, orig))
	changed := pdfsigtest.ReplaceText(t, signed, "NBXEC26105550703", "NBXEC26105559999")
	ls, end := pdfsig.Check(changed).Outcome(nil)
	if ls.Status != labrelay.SignatureModified || end <= 0 {
		t.Fatalf("changed file: %s (end %d), want modified", ls.Status, end)
	}
	r := newRig(t)
	ext := func(ls *labrelay.LabSignature) labrelay.Extraction {
		return labrelay.Extraction{Source: labrelay.Source{File: "s.pdf", MediaType: "application/pdf", Pages: 2},
			Path: labrelay.PathPDFText, Fields: labrelay.Record{ReportNumber: "SIG-2", Lab: labrelay.LabSGS}, LabSignature: ls}
	}
	mod := r.seed(t, "sgs/changed.pdf", changed, ext(&ls))
	good := r.seed(t, "sgs/signed.pdf", signed, ext(&labrelay.LabSignature{Status: labrelay.SignatureVerified}))
	b := r.client(t)
	b.login("alice")
	page := b.get(fmt.Sprintf("doc/%d", mod.ID)).Body
	for _, want := range []string{fmt.Sprintf("doc/%d/signed/1.png", mod.ID), fmt.Sprintf("doc/%d/page/1.png", mod.ID), "as signed by the lab", "current file"} {
		if !strings.Contains(page, want) {
			t.Errorf("page of a modified PDF lacks %q", want)
		}
	}
	if p := b.get(fmt.Sprintf("doc/%d", good.ID)).Body; strings.Contains(p, "/signed/") {
		t.Error("page of an unchanged signed PDF offers a signed revision")
	}
	signedPage := b.get(fmt.Sprintf("doc/%d/signed/1.png", mod.ID))
	current := b.get(fmt.Sprintf("doc/%d/page/1.png", mod.ID))
	reference := b.get(fmt.Sprintf("doc/%d/page/1.png", good.ID))
	if signedPage.Status != 200 || current.Status != 200 || reference.Status != 200 {
		t.Fatalf("status signed %d, current %d, reference %d", signedPage.Status, current.Status, reference.Status)
	}
	if signedPage.Body != reference.Body {
		t.Error("the signed revision's page 1 differs from the signed file's page 1")
	}
	if signedPage.Body == current.Body {
		t.Error("the signed and the current page 1 are the same image: the change is not shown")
	}
	if st := b.get(fmt.Sprintf("doc/%d/signed/1.png", good.ID)).Status; st != 404 {
		t.Errorf("signed revision of an unchanged file: status %d, want 404", st)
	}
}
