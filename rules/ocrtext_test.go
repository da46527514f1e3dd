package rules

import (
	"testing"

	"github.com/labrelay/labrelay"
)

func TestCleanOCRGlyphs(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Cr(V1)", "Cr(VI)"},
		{"Hexavalent Chromium (Cr(Vi))", "Hexavalent Chromium (Cr(VI))"},
		{"Cr(VI)", "Cr(VI)"},
		{"Fe(1)", "Fe(1)"}, // no Roman numeral in it: a footnote mark
		{"(vi) spare parts", "(vi) spare parts"},
		{"1EC 62321-5:2013", "IEC 62321-5:2013"},
		{"mg/dm?", "mg/dm²"},
		{"{EC 62321-4:2013", "IEC 62321-4:2013"},
		{"IEC 62321-5:2013 / \\CP-OES/AAS", "IEC 62321-5:2013 / ICP-OES/AAS"},
		{"[SO 8124", "ISO 8124"},
		{"[A] note", "[A] note"}, // a footnote mark, closed
		{"{x}", "{x}"},
		{"Hexavalent Chromium (Cr{Vij)", "Hexavalent Chromium (Cr(VI))"},
		{"Cr{VI}", "Cr(VI)"},
		{"Fe{III}", "Fe{III}"}, // no V: not read as a state
		{"EN.1186-9:2002 / gravimetry", "EN 1186-9:2002 / gravimetry"},
		{"NO.12345", "NO.12345"},
		{"Conform}", "Conform"},
		{"237]", "237"},
		{"[1]", "[1]"},
		{"mgkg", "mg/kg"},
		{"mgskg", "mg/kg"},
		{"mg/kg", "mg/kg"},
		{"mgs", "mgs"},
		{"µgIL", "µg/L"},
	}
	for _, c := range cases {
		got := cleanOCR([]labrelay.Word{{Text: c.in, Conf: 0.95}})
		if len(got) != 1 || got[0].Text != c.want {
			t.Errorf("cleanOCR(%q) = %+v, want %q", c.in, got, c.want)
			continue
		}
		if changed := c.in != c.want; changed && got[0].Conf > correctedConf || !changed && got[0].Conf != 0.95 {
			t.Errorf("cleanOCR(%q): confidence %.2f", c.in, got[0].Conf)
		}
	}
}
