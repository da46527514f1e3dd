package rules

import "testing"

// Captions the lexicon does not list still name their fields by a word a
// person goes by; their values stay under the threshold.
func TestKeywordCaptions(t *testing.T) {
	l := synth(
		row(tcell{40, "Client Company"}, tcell{200, "Harbor Lights Trading Co., Ltd."}),
		row(tcell{40, "Date Sample Arrived"}, tcell{200, "2025-07-02"}),
		row(tcell{40, "Goods Designation"}, tcell{200, "Ceramic mug, glazed"}),
		row(tcell{40, "Buyer Order Ref"}, tcell{200, "PO-7781"}),
		row(tcell{40, "Heat sink"}),
	)
	got := generic(t, l)
	wantFields(t, got, map[string]string{
		"applicant_name": "Harbor Lights Trading Co., Ltd.",
		"received_date":  "2025-07-02",
		"product_name":   "Ceramic mug, glazed",
		"po_number":      "PO-7781",
	})
	if b, ok := got["batch_number"]; ok {
		t.Errorf("batch_number = %q from a cell with no value beside it", b)
	}
}

// A cell shaped like a caption, listed or not, is not a value.
func TestKeywordCaptionIsNoValue(t *testing.T) {
	for s, want := range map[string]bool{
		"ORDER NO.": true, "Buyer Order No.": true, "Plant Maker Name": true, "Applicant Ref.: XD2444-21721": true,
		"Heat sink": false, "Customer service kit": false, "Paper cup 8 oz": false,
	} {
		if got := notValue(s); got != want {
			t.Errorf("notValue(%q) = %v; want %v", s, got, want)
		}
	}
}

func TestGarbledNames(t *testing.T) {
	for s, want := range map[string]bool{
		"........:0eeee eee": true, "sessieiseivineel": false, "eeee ee": true, "—/—": true, "s:..ceseccee.": true, "Cases, Co.": false,
		"ACME Trading Co., Ltd.": false, "3M": false, "Li-ion Battery 3.7V, 350mAh": false, "深圳市金慧创源科技有限公司": false,
	} {
		if got := garbled(s); got != want {
			t.Errorf("garbled(%q) = %v; want %v", s, got, want)
		}
	}
}

// A keyword names the field only in its sense: "requested" the applicant
// only as "requested by", "released" a signatory before a date.
func TestKeywordSenses(t *testing.T) {
	cases := []struct{ caption, field string }{
		{"Analysis Requested", ""},
		{"Work Requested By", "applicant_name"},
		{"Report Released By", "signatory_name"},
		{"Genehmigt durch", "signatory_name"},
	}
	for _, c := range cases {
		h, ok := keywordCaption(c.caption)
		got := ""
		if ok && len(h.entries) > 0 {
			got = h.entries[0].field
		}
		if got != c.field {
			t.Errorf("%q: field %q, want %q", c.caption, got, c.field)
		}
	}
}

// Identifier captions the lexicon lacks: "Product Code" is the product's
// code, not its name; a two-form caption is read by its forms; two Han
// characters make a caption.
func TestIdentifierKeywordCaptions(t *testing.T) {
	l := synth(
		row(tcell{40, "Product Code:"}, tcell{200, "PF7844-KE"}),
		row(tcell{40, "Artikel/Typ/Modell:"}, tcell{200, "R44PF621"}),
	)
	wantFields(t, generic(t, l), map[string]string{"model_number": "PF7844-KE"})
	for _, c := range []string{"Modell/Type/Model", "料号"} {
		if h, ok := keywordCaption(c); !ok || h.entries[0].field != "model_number" {
			t.Errorf("%q: not a model number caption", c)
		}
	}
}

// A company's name that ends in what it is ("Kaida Optoelectronics
// Factory") is no caption.
func TestFactoryNameIsNoCaption(t *testing.T) {
	for _, c := range []string{"Kaida Optoelectronics Factory", "Northstar Cable & Wire Factory", "Hamburg Metal Works", "Goldpath Automotive Systems Manufacturing LLC"} {
		if _, ok := keywordCaption(c); ok {
			t.Errorf("%q read as a caption", c)
		}
	}
	if _, ok := keywordCaption("Manufacturing Site"); !ok {
		t.Error(`"Manufacturing Site" not a caption`)
	}
}

// Two Han captions sharing one masked form make that form no kind; their
// other masked forms keep their own kinds whatever order the map gives
// (it once decided a scan's header, run to run).
func TestMaskKindsOrder(t *testing.T) {
	headers := map[string]int{"甲乙丙": colValue, "丁乙丙": colLimit, "戊己庚": colMDL}
	want := map[string]int{}
	for i := range 40 {
		got := maskKinds(headers)
		if i == 0 {
			want = got
		}
		if got[maskRune([]rune("甲乙丙"), 0)] != colUnknown || got[maskRune([]rune("甲乙丙"), 1)] != colValue ||
			got[maskRune([]rune("丁乙丙"), 2)] != colLimit || len(got) != len(want) {
			t.Fatalf("run %d: %v", i, got)
		}
	}
}
