package ocr

import (
	"testing"

	"github.com/labrelay/labrelay"
)

// A doubtful Han word boxed five times as wide as tall for one character
// is a Latin word chi_sim misread; a Han word of square characters, or a
// sure one, is not.
func TestFindLatinCells(t *testing.T) {
	rows := []labrelay.Row{
		{Words: []labrelay.Word{han("FECHAS", 197, 1099, 150, 27, 0.95), han("DE", 360, 1099, 40, 27, 0.95)}},
		{Words: []labrelay.Word{han("全", 197, 1153, 149, 27, 0)}},
		{Words: []labrelay.Word{han("合格", 2091, 1426, 66, 32, 0.5), han("检测项目", 100, 1426, 140, 35, 0.3)}},
		{Words: []labrelay.Word{han("合", 2091, 1500, 150, 32, 0.95)}},
	}
	got := findLatinCells(rows, 30)
	if len(got) != 1 || got[0].row != 1 || got[0].word != 0 {
		t.Fatalf("cells %+v, want the wide 全 only", got)
	}
	if b := got[0].box; b.X >= 197 || b.X+b.W <= 346 {
		t.Errorf("box %+v does not hold the word", b)
	}
	if !latinReading("ENSAYO") || latinReading("全") || latinReading("12") {
		t.Error("latinReading")
	}
}
