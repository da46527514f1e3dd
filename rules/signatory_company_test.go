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
	// whatever its legal form: Spanish, Japanese, Dutch, or a trade's
	// word; "" is no name printed under the company
	cases := map[string]string{}
	for _, lab := range []string{"Meridian Bay Analysis Center Pte. Ltd.", "Lianchuang Analytical Services S.L.", "Kansai Testing K.K.", "Nordwerk Prüfdienst B.V."} {
		cases[lab+"\n"] = ""
	}
	cases["Meridian Bay Analysis Center Pte. Ltd.\nCarlos Pérez Navarro\n"] = "Carlos Pérez Navarro"
	for block, want := range cases {
		text := "Test Report\nReport No.: TR-2026-0001\n\nFor and on behalf of\n" + block + "Authorised Signatory\n"
		x := &extract.Extractor{PDF: layoutReader{textLayout(text)}, Rules: eng, Version: "test"}
		e, err := x.Extract(t.Context(), "r.pdf", []byte("%PDF-1.7\n"))
		if err != nil {
			t.Fatal(err)
		}
		if got := e.Fields.SignatoryName; got != want {
			t.Errorf("%q: signatory %q, want %q", block, got, want)
		}
	}
}
