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
	rows := func(rs ...[]ocrWord) []labrelay.Row { return ocrWords(rs).Pages[0].Rows }
	header := []ocrWord{{"Parameter", 195, 553, 195, 26}, {"Method", 1012, 552, 137, 27}, {"Test", 1522, 553, 81, 26}, {"Units", 1782, 552, 94, 27}, {"Evaluation", 1928, 551, 194, 28}}
	got := sameLineRows(rows(header, []ocrWord{{"Ref.", 1165, 551, 70, 28}, {"Result", 1617, 552, 117, 26}, {"Limit", 2179, 551, 92, 27}}))
	if len(got) != 1 || len(got[0].Words) != 8 || got[0].Words[2].Text != "Ref." || got[0].Words[7].Text != "Limit" {
		t.Fatalf("one header line: %+v", got)
	}
	if got := sameLineRows(rows(header, []ocrWord{{"Ref.", 1165, 600, 70, 28}})); len(got) != 2 {
		t.Errorf("a line below joined: %d rows", len(got))
	}
	if got := sameLineRows(rows(header, []ocrWord{{"Methods", 1000, 552, 160, 27}})); len(got) != 2 {
		t.Errorf("overlapping words joined: %d rows", len(got))
	}
}
