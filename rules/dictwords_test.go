package rules

import (
	"testing"

	"github.com/labrelay/labrelay"
)

// A scan's word that no dictionary knows and one "i"/"l" swap makes a
// word is that word; a word the dictionary, two of its words or pinyin
// syllables make stays, and so does one two readings fit.
func TestRespellDictWords(t *testing.T) {
	for in, want := range map[string]string{
		"Hose ciamp":                        "Hose clamp",
		"Door seai, EPDM":                   "Door seal, EPDM",
		"Stainiess steel bowl":              "Stainless steel bowl",
		"Biuecrest Semiconductor Co., Ltd.": "Bluecrest Semiconductor Co., Ltd.",
		"Siiverline Circuit Factory":        "Silverline Circuit Factory",
		"46015 Vaiencia, Spain":             "46015 Valencia, Spain",
		"Sealing ring":                      "Sealing ring",
		"Xili Road, Nanshan":                "Xili Road, Nanshan",      // pinyin, not "Xiii"
		"Baitica Compliance":                "Baitica Compliance",      // bai-ti-ca: a pinyin name as well
		"Hamburg Jiniong Circuit":           "Hamburg Jinlong Circuit", // a pinyin name, its l read as i
		"Baltica Compliance":                "Baltica Compliance",      // not the pinyin "Baitica": no l read back as i
		"MILI Trading":                      "MILI Trading",            // capitals: an abbreviation
		"Müller GmbH":                       "Müller GmbH",             // not ASCII
		"Lab 12":                            "Lab 12",                  // short
		"Wheell nut":                        "Wheel nut",               // an "l" read twice
		"skall":                             "skall",                   // too short to tell
	} {
		if got := respellDictWords(in); got != want {
			t.Errorf("respellDictWords(%q) = %q, want %q", in, got, want)
		}
	}
}

// On a scan, the engine reads a product's word OCR swapped a glyph of as
// the word, and says it mended it: below the review threshold.
func TestScanProductDictRespell(t *testing.T) {
	l := ocrPage(
		row(tcell{190, "Report No."}, tcell{600, "AB2401-0001"}),
		row(tcell{190, "Product Name"}, tcell{600, "Hose ciamp"}),
	)
	x := AnalyzeDefault(t, l)
	if got, conf := x.Fields.ProductName, x.Confidence[labrelay.FieldProductName]; got != "Hose clamp" || conf >= 0.9 {
		t.Errorf("product = %q at %.2f, want \"Hose clamp\" below 0.9", got, conf)
	}
}
