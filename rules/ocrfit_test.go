package rules

import (
	"regexp"
	"testing"
)

// A learned shape says which of two glyphs OCR confuses was printed; when
// two readings fit, none is taken.
func TestFitPattern(t *testing.T) {
	for _, tc := range []struct {
		pattern, read, want string
		ok                  bool
	}{
		{`^(?:[A-Z]{2}\d{4}-\d{5})$`, "Z07362-34546", "ZO7362-34546", true},
		{`^(?:[A-Z]{2}\d{4}-[A-Z]{2})$`, "UPO218-OF", "UP0218-OF", true},
		{`^(?:[A-Z]{2}\d{4}-[A-Z]{2})$`, "BQ5075-O0", "BQ5075-OO", true},
		{`^(?:[A-Z]\d{10})$`, "58243543958", "S8243543958", true},
		{`^(?:\d[A-Z]|[A-Z]\d)$`, "00", "", false},    // O0 or 0O: no telling
		{`^(?:[A-Z]{2}\d{4})$`, "AB12345", "", false}, // a digit too many is no glyph swapped
		{`^(?:[A-Z]{3}\d{3})$`, "180123", "", false},  // three swaps needed
		{`^(?:\d{3}-\d{3})$`, "12A-456", "", false},   // A is no digit OCR confuses
	} {
		got, ok := fitPattern(regexp.MustCompile(tc.pattern), tc.read)
		if ok != tc.ok || ok && got != tc.want {
			t.Errorf("fitPattern(%s, %q) = %q, %v; want %q, %v", tc.pattern, tc.read, got, ok, tc.want, tc.ok)
		}
	}
}

func TestOCRNear(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"Cr(Vl)", "Cr(VI)", true},
		{"Cr(VD", "Cr(VI)", true},
		{"ma/kg", "mg/kg", true},
		{"No. 250 Industriestra&e, Xiamen", "No. 250 Industriestraße, Xiamen", true},
		{"Osaka jinlong Fastener GmbH", "Osaka Jinlong Fastener GmbH", true},
		{"Cd", "Cu", false},
		{"< 100", "< 1000", true}, // near: nearTerm's digit check tells them apart
		{"Ningbo Brightwave Housewares", "Ningbo Brightwave Housewares Technology Co., Ltd.", false},
		{"Address (itt)", "Address (地址", false},
	} {
		if got := OCRNear(tc.a, tc.b); got != tc.want {
			t.Errorf("OCRNear(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

// A result cell is read as a taught text only when it is a glyph or two
// off one of them, and only one, with the same digits.
func TestNearTerm(t *testing.T) {
	terms := []string{"mg/kg", "mg/dm²", "< 100", "< 1000", "Cr(VI)", "Hexavalent Chromium"}
	for _, tc := range []struct {
		read, want string
		ok         bool
	}{
		{"ma/kg", "mg/kg", true},
		{"mg/dm2", "mg/dm²", true},
		{"Cr(Vl)", "Cr(VI)", true},
		{"Hexavalent Chrornium", "Hexavalent Chromium", true},
		{"< 10000", "", false}, // another limit
		{"< 100", "", false},   // a term itself
		{"mg/l", "", false},
		{"", "", false},
	} {
		got, ok := nearTerm(tc.read, terms)
		if ok != tc.ok || got != tc.want {
			t.Errorf("nearTerm(%q) = %q, %v; want %q, %v", tc.read, got, ok, tc.want, tc.ok)
		}
	}
}

// A scan's caption whose second script OCR misread is the taught one; one
// printed as taught, or with a value after it, is left as it is.
func TestTaughtCaption(t *testing.T) {
	labels := []string{"Address (地址", "Factory Name (#ia##)", "Signed by (批准", "Date (发布日期", "Date (测试日期", "张行日 Date Issued"}
	for _, tc := range []struct {
		cell, want string
		ok         bool
	}{
		{"Address (itt):", "Address (地址:", true},
		{"Factory Name (製造業者)", "Factory Name (#ia##)", true},
		{"Signed by (批准 周婷", "", false},          // as taught, a value after it
		{"Date (发布 日期", "", false},               // two captions start so
		{"Address: No. 13 Keji Road", "", false}, // a value after the colon
		{"Client Address (依顿者住所)", "", false},    // other Latin words
	} {
		got, ok := taughtCaption(tc.cell, labels)
		if ok != tc.ok || got != tc.want {
			t.Errorf("taughtCaption(%q) = %q, %v; want %q, %v", tc.cell, got, ok, tc.want, tc.ok)
		}
	}
}
