package rules_test

import (
	"testing"

	"github.com/labrelay/labrelay/extract"
	"github.com/labrelay/labrelay/rules"
)

// A signature block whose signature is blank has the lab's name right
// above the signatory's title: the company is no signatory, the name
// printed beside the title is.
func TestSignatoryIsNoCompany(t *testing.T) {
	eng, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	text := "Test Report\nReport No.: TR-2026-0001\n\nFor and on behalf of\nMeridian Bay Analysis Center Pte. Ltd.\nAuthorised Signatory\n"
	x := &extract.Extractor{PDF: layoutReader{textLayout(text)}, Rules: eng, Version: "test"}
	e, err := x.Extract(t.Context(), "r.pdf", []byte("%PDF-1.7\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := e.Fields.SignatoryName; got != "" {
		t.Errorf("signatory %q, want none: a company above the title", got)
	}
	text = "Test Report\nReport No.: TR-2026-0001\n\nFor and on behalf of\nMeridian Bay Analysis Center Pte. Ltd.\nCarlos Pérez Navarro\nAuthorised Signatory\n"
	x = &extract.Extractor{PDF: layoutReader{textLayout(text)}, Rules: eng, Version: "test"}
	if e, err = x.Extract(t.Context(), "r.pdf", []byte("%PDF-1.7\n")); err != nil {
		t.Fatal(err)
	}
	if got := e.Fields.SignatoryName; got != "Carlos Pérez Navarro" {
		t.Errorf("signatory %q, want Carlos Pérez Navarro", got)
	}
}
