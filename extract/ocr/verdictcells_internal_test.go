package ocr

import (
	"image"
	"slices"
	"testing"

	"github.com/labrelay/labrelay"
)

// In a column of verdict words, a cell read as a glyph of junk (">" for
// PASS) and a cell with ink but no word are read again; a verdict word,
// a sure word and a cell with no ink are not, nor anything outside the
// column.
func TestFindVerdictCells(t *testing.T) {
	g := paper(600, 400)
	fillInk(g, image.Rect(410, 242, 440, 260)) // row 5: ink, no word
	row := func(y float64, verdict labrelay.Word) labrelay.Row {
		ws := []labrelay.Word{tword("Lead", 10, y, 60, 20, 0.95), tword("N.D.", 200, y, 40, 20, 0.95)}
		if verdict.Text != "" {
			ws = append(ws, verdict)
		}
		return labrelay.Row{Words: ws}
	}
	pass := func(y float64) labrelay.Word { return tword("PASS", 400, y, 60, 20, 0.96) }
	rows := []labrelay.Row{
		{Words: []labrelay.Word{tword("Item", 10, 0, 60, 20, 0.95), tword("Verdict", 400, 0, 80, 20, 0.95)}},
		row(40, pass(40)),
		row(80, pass(80)),
		row(120, tword(">", 405, 120, 12, 20, 0.38)),
		row(160, pass(160)),
		row(200, tword("FAIL", 400, 200, 60, 20, 0.95)),
		row(240, labrelay.Word{}),
		row(280, labrelay.Word{}), // no ink
		row(320, tword("Note", 400, 320, 60, 20, 0.95)),
	}
	var got []int
	for _, c := range findVerdictCells(g, rows, 20) {
		got = append(got, c.row)
	}
	if !slices.Equal(got, []int{3, 6}) {
		t.Errorf("verdict cells in rows %v, want 3 (\">\") and 6 (ink, no word)", got)
	}
	// two verdict words make no column
	if cells := findVerdictCells(g, slices.Delete(slices.Clone(rows), 4, 6), 20); len(cells) != 0 {
		t.Errorf("two verdict words: got %+v, want no cell", cells)
	}
}

// A verdict read again takes the place of the junk in its cell, at most
// at disagreeConf.
func TestTakeVerdict(t *testing.T) {
	r := labrelay.Row{Words: []labrelay.Word{tword("Lead", 10, 40, 60, 20, 0.95), tword(">", 405, 40, 12, 20, 0.38), tword("mg/kg", 500, 40, 50, 20, 0.95)}}
	takeVerdict(&r, verdictCell{row: 0, words: []int{1}}, "PASS", disagreeConf)
	var texts []string
	for _, w := range r.Words {
		texts = append(texts, w.Text)
	}
	if !slices.Equal(texts, []string{"Lead", "PASS", "mg/kg"}) || r.Words[1].Conf > disagreeConf {
		t.Errorf("row %+v, want PASS in place of > at most at %.2f", r.Words, disagreeConf)
	}
}

// A column of pass marks ("O" for ○, read at 0.77) is a verdict column
// too: its cell read "re)" is read again.
func TestFindVerdictCellsOfMarks(t *testing.T) {
	g := paper(600, 240)
	var rows []labrelay.Row
	for k, v := range []string{"O", "O", "re)", "O"} {
		y := float64(40 * k)
		conf := 0.77
		if v != "O" {
			conf = 0.32
		}
		rows = append(rows, labrelay.Row{Words: []labrelay.Word{tword("Lead", 10, y, 60, 20, 0.95), tword("4", 200, y, 10, 20, 0.95), tword(v, 400, y, 20, 20, conf)}})
	}
	cells := findVerdictCells(g, rows, 20)
	if len(cells) != 1 || cells[0].row != 2 {
		t.Errorf("cells %+v, want row 2's", cells)
	}
}

// A column of check marks OCR reads "V" is a verdict column whose cells
// lost whole or read as one glyph no unit is ("4") are read again, above
// its first sure mark too; a cell with a word is not (a column of "V" may
// be volts: "mV"), and only a mark is taken from a re-read.
func TestFindVerdictCellsOfChecks(t *testing.T) {
	g := paper(600, 320)
	fillInk(g, image.Rect(402, 2, 418, 18)) // row 0: a cross, no word
	var rows []labrelay.Row
	for k, v := range []string{"", "Bt", "V", "V", "v", "V", "4", "mV"} {
		y := float64(40 * k)
		ws := []labrelay.Word{tword("Lead", 10, y, 60, 20, 0.95), tword("4", 200, y, 10, 20, 0.95)}
		if v != "" {
			conf := 0.85
			if v == "Bt" || v == "4" || v == "mV" {
				conf = 0.3
			}
			ws = append(ws, tword(v, 400, y, 20, 20, conf))
		}
		rows = append(rows, labrelay.Row{Words: ws})
	}
	cells := findVerdictCells(g, rows, 20)
	if len(cells) != 2 || cells[0].row != 0 || cells[1].row != 6 || !cells[0].checks {
		t.Errorf("cells %+v, want rows 0 (lost) and 6 (\"4\"), in a column of checks", cells)
	}
	for _, c := range []struct {
		in     string
		checks bool
		want   string
		ok     bool
	}{
		{"x", true, "X", true}, {"V", true, "√", true}, {"PASS", true, "", false}, {"Bt", true, "", false},
		{"PASS", false, "PASS", true}, {"x", false, "", false},
	} {
		if got, ok := verdictReading(c.in, c.checks); got != c.want || ok != c.ok {
			t.Errorf("verdictReading(%q, %v) = %q, %v; want %q, %v", c.in, c.checks, got, ok, c.want, c.ok)
		}
	}
}
