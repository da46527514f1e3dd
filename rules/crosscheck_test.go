package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A pack that knows the layout reads nothing under a caption the lexicon
// lacks ("Manufacturing Site"); the generic reader's weak reading is offered for
// review, under the threshold, rather than dropped.
func TestWeakCaptionOfferedUnderAPack(t *testing.T) {
	e, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	l := synth(
		row(tcell{40, "Report No. .............. : AB-1234"}),
		row(tcell{40, "Applicant ............... : ACME Trading Co., Ltd."}),
		row(tcell{40, "Manufacturing Site ...... : Fairway Fastener Co., Ltd."}),
	)
	x, err := e.Analyze(t.Context(), l)
	if err != nil {
		t.Fatal(err)
	}
	if x.RulePack != "dotted" {
		t.Fatalf("pack %q, want dotted (the test needs a pack that knows the layout)", x.RulePack)
	}
	if got := x.Fields.ManufacturerName; got != "Fairway Fastener Co., Ltd." {
		t.Errorf("manufacturer_name = %q", got)
	}
	if c := x.Confidence["manufacturer_name"]; c > confWeakOnly {
		t.Errorf("confidence %.2f, want at most %.2f", c, confWeakOnly)
	}
}

// The generic reader reads a field twice, differently, a few lines apart
// (two captions of it, each with its own value, as a value wrapped beside
// a caption and its translation reads): a pack rule that reads one of
// them finds no second reading in it, and the record goes to review.
func TestConflictingGenericReadingsAreNoAgreement(t *testing.T) {
	dir := t.TempDir()
	pack := `name: own
version: "1"
extends: generic
priority: 50
max_confidence: 0.99
match: ['Zeta Analytics']
fields:
  applicant_name:
    - label: ['Submitted by']
      where: right
`
	if err := os.WriteFile(filepath.Join(dir, "own.yaml"), []byte(pack), 0o644); err != nil {
		t.Fatal(err)
	}
	packs, err := Load("", dir)
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(packs)
	if err != nil {
		t.Fatal(err)
	}
	l := synth(
		row(tcell{40, "Zeta Analytics"}),
		row(tcell{40, "Submitted by"}, tcell{200, "Goldpath Automotive Systems"}),
		row(),
		row(tcell{40, "Auftraggeber"}, tcell{200, "Hamburg Metal Works GmbH"}),
	)
	x, err := e.Analyze(t.Context(), l)
	if err != nil {
		t.Fatal(err)
	}
	if x.RulePack != "own" {
		t.Fatalf("pack %q", x.RulePack)
	}
	if c := x.Confidence["applicant_name"]; c >= 0.9 || !x.Review.Required {
		t.Errorf("applicant_name %q at %.2f, review %v", x.Fields.ApplicantName, c, x.Review.Required)
	}
}

// A legal form read on the line below counts as read already when the
// value ends with its letters, as OCR may misread its periods.
func TestLetterKeyLegalForm(t *testing.T) {
	for _, c := range []struct {
		value, tail string
		want        bool
	}{
		{"Brightwave Optoelectronics S.A. de C.V.", "CV,", true},
		{"Ruifeng Components S.A. de", "C.V.", false},
		{"Acme Co., Ltd.", "Ltd", true},
	} {
		if got := strings.HasSuffix(letterKey(c.value), letterKey(c.tail)); got != c.want {
			t.Errorf("%q ends with %q: %v, want %v", c.value, c.tail, got, c.want)
		}
	}
}

// Off a scan, a pack value that is a caption with its other language
// garbled ("P.O. Number (36EBS)", read below "Sample Name" whose value
// stood right of its East Asian half) is a caption: dropped, the generic
// reader's value stands.
func TestScanPackValueGarbledCaption(t *testing.T) {
	e, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	l := ocrPage(
		row(tcell{180, "Sample Name"}, tcell{420, "试料名:"}, tcell{760, "Paper cup 8 oz"}),
		row(tcell{180, "P.O. Number (36EBS)"}, tcell{760, "4500528700"}),
	)
	x, err := e.Analyze(t.Context(), l)
	if err != nil {
		t.Fatal(err)
	}
	if got := x.Fields.ProductName; got != "Paper cup 8 oz" {
		t.Errorf("product_name = %q (pack %s)", got, x.RulePack)
	}
}

// Off a scan that parted an address line in three cells, the generic
// pack's rule takes the first cell and the next line; the generic reader
// reads the cells between: its reading, holding the pack's start and end,
// is the value.
func TestScanAddressCellsBetween(t *testing.T) {
	e, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	l := ocrPage(
		row(tcell{180, "Customer"}, tcell{760, "Xiamen Oakridge Automotive Systems Co., Ltd."}),
		row(tcell{180, "Customer Address"}, tcell{760, "5th Floor, No."}, tcell{1070, "2 Workshop, Longgang District, Xiamen,"}),
		row(tcell{760, "Fujian 361000, China"}),
		row(tcell{180, "Attention"}, tcell{760, "Li Wei"}),
	)
	x, err := e.Analyze(t.Context(), l)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := x.Fields.ApplicantAddress, "5th Floor, No. 2 Workshop, Longgang District, Xiamen, Fujian 361000, China"; got != want {
		t.Errorf("applicant_address = %q, want %q", got, want)
	}
	if !skipsCells("a b e", "a b c d e") || skipsCells("a c", "a b c d") || skipsCells("a", "a b") {
		t.Error("skipsCells")
	}
}

// Off a scan, with the applicant read, the one company's name after a
// caption OCR garbled is the manufacturer, offered for review.
func TestScanManufacturerOfUnreadCaption(t *testing.T) {
	e, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	l := ocrPage(
		row(tcell{180, "Applicant"}, tcell{900, "Ningbo Kaida Circuit Co., Ltd."}),
		row(tcell{180, "PAGEORY AT ADIICAUO"}, tcell{900, "Hengtai Cable & Wire Inc."}),
		row(tcell{180, "Sample Name"}, tcell{900, "Enclosure cover"}),
	)
	x, err := e.Analyze(t.Context(), l)
	if err != nil {
		t.Fatal(err)
	}
	if got := x.Fields.ManufacturerName; got != "Hengtai Cable & Wire Inc." || x.Confidence["manufacturer_name"] > confWeakOnly {
		t.Errorf("manufacturer_name %q at %.2f", got, x.Confidence["manufacturer_name"])
	}
	if got := x.Fields.ApplicantName; got != "Ningbo Kaida Circuit Co., Ltd." {
		t.Errorf("applicant_name %q", got)
	}
}
