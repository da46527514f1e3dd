package ocr

import (
	"image"
	"testing"

	"github.com/labrelay/labrelay"
)

// renderCode draws printed in the font at path and returns the page and
// the word as OCR read it: text, over printed's ink.
func renderCode(t *testing.T, path, printed, text string) (*image.Gray, labrelay.Row) {
	t.Helper()
	g, b := renderText(t, path, "fonts-dejavu-core", printed)
	return g, labrelay.Row{Words: []labrelay.Word{{Text: text, Box: b, Conf: 0.9}}}
}

// A code's I read as 1 and O read as 0 (or 0 as O) take the character
// their shape on the page says, in doubt; a code read right, or a 1 with
// a flag, stays as it is.
func TestFixCodeGlyphs(t *testing.T) {
	const sans = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
	const serif = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"
	for _, c := range []struct{ path, printed, read, want string }{
		{sans, "I79HS577", "179HS577", "I79HS577"},
		{sans, "UOO24-2055", "U0024-2055", "UOO24-2055"},
		{sans, "JOB-2291", "J0B-2291", "JOB-2291"},
		{sans, "L0880-69", "LO880-69", "L0880-69"},
		{sans, "A35PI037", "A35P1037", "A35PI037"},
		{sans, "C26-04417", "C26-04417", "C26-04417"},
		{sans, "PCB13618", "PCB13618", "PCB13618"},
		{serif, "PCB13618", "PCB13618", "PCB13618"},
		{serif, "UOO24-2055", "U0024-2055", "UOO24-2055"},
		{sans, "Lead", "Lead", "Lead"},
		{sans, "HS8580-FQ", "HS8580-FO", "HS8580-FQ"},
		{serif, "HS8580-FQ", "HS8580-FO", "HS8580-FQ"},
		{sans, "HS8580-FO", "HS8580-FO", "HS8580-FO"},
		{sans, "I79HS577", "{79HS577", "I79HS577"},
		{sans, "JO6326966", "{O6326966", "JO6326966"},
		{sans, "(79HS577", "(79HS577", "(79HS577"},
		// a small o read as the capital: the case in doubt
		{sans, "RoHS-RRPK2686734483V", "ROHS-RRPK2686734483V", "ROHS-RRPK2686734483V"},
		{sans, "ROHS-RRPK2686734483V", "ROHS-RRPK2686734483V", "ROHS-RRPK2686734483V"},
		{sans, "SCPWL24-2811", "SCPWL24-2811", "SCPWL24-2811"},
	} {
		g, row := renderCode(t, c.path, c.printed, c.read)
		rows := []labrelay.Row{row}
		(&Reader{}).fixCodeGlyphs(g, 1, rows)
		w := rows[0].Words[0]
		if w.Text != c.want || (c.want != c.read || c.printed != c.read) != (w.Conf <= disagreeConf) {
			t.Errorf("%s printed %q read %q: %q at %.2f, want %q", c.path[len(c.path)-14:], c.printed, c.read, w.Text, w.Conf, c.want)
		}
	}
}
