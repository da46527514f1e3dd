package rules

import (
	"testing"

	"github.com/labrelay/labrelay"
)

// Two OCR rows over one band whose words interleave are one line (a
// header Tesseract gave as "Parameter ¦ Method ¦ Test ¦ Units ¦
// Evaluation" and "Ref. ¦ Result ¦ Limit"); rows a line apart, or whose
// words overlap, stay two.
func TestSameLineRows(t *testing.T) {
	row := func(ws ...ocrWord) labrelay.Row {
		var r labrelay.Row
		for i, w := range ws {
			b := labrelay.Box{X: w.x, Y: w.y, W: w.w, H: w.h}
			r.Words = append(r.Words, labrelay.Word{Text: w.text, Box: b, Conf: 0.9})
			if i == 0 {
				r.Box = b
			} else {
				r.Box = unionBox(r.Box, b)
			}
		}
		return r
	}
	a := row(ocrWord{"Parameter", 195, 553, 195, 26}, ocrWord{"Method", 1012, 552, 137, 27}, ocrWord{"Test", 1522, 553, 81, 26}, ocrWord{"Units", 1782, 552, 94, 27}, ocrWord{"Evaluation", 1928, 551, 194, 28})
	b := row(ocrWord{"Ref.", 1165, 551, 70, 28}, ocrWord{"Result", 1617, 552, 117, 26}, ocrWord{"Limit", 2179, 551, 92, 27})
	got := sameLineRows([]labrelay.Row{a, b})
	if len(got) != 1 || len(got[0].Words) != 8 || got[0].Words[2].Text != "Ref." || got[0].Words[7].Text != "Limit" {
		t.Fatalf("one header line: %+v", got)
	}
	below := row(ocrWord{"Ref.", 1165, 600, 70, 28})
	if got := sameLineRows([]labrelay.Row{a, below}); len(got) != 2 {
		t.Errorf("a line below joined: %d rows", len(got))
	}
	over := row(ocrWord{"Methods", 1000, 552, 160, 27})
	if got := sameLineRows([]labrelay.Row{a, over}); len(got) != 2 {
		t.Errorf("overlapping words joined: %d rows", len(got))
	}
}
