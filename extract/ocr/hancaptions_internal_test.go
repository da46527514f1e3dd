package ocr

import (
	"testing"

	"github.com/labrelay/labrelay"
)

// Doubtful Latin words starting a row where three rows or more start
// with a sure Han caption are read again; a sure word, a row elsewhere,
// or a page without that column is not. The page language's CJK reading
// replaces them, in doubt; another model's surer junk does not.
func TestHanCaptions(t *testing.T) {
	rows := []labrelay.Row{
		{Words: []labrelay.Word{han("报告日期:", 178, 669, 150, 36, 0.95), han("2024-08-15", 496, 669, 200, 31, 0.96)}},
		{Words: []labrelay.Word{han("申请单位", 177, 731, 140, 36, 0.9), han("Ningbo", 496, 731, 120, 31, 0.96)}},
		{Words: []labrelay.Word{han("Tak", 178, 852, 60, 36, 0.24), han(":", 461, 864, 8, 21, 0.91), han("Vietnam", 493, 853, 140, 33, 0.96)}},
		{Words: []labrelay.Word{han("生产厂家", 177, 908, 140, 36, 0.8), han("Busan", 496, 915, 100, 31, 0.96)}},
		{Words: []labrelay.Word{han("SARA", 178, 1449, 120, 36, 0.56), han("........", 341, 1474, 100, 8, 0.74), han(":", 462, 1461, 8, 21, 0.92), han("2024-08-06", 495, 1451, 200, 31, 0.96)}},
		{Words: []labrelay.Word{han("Analytical", 176, 1593, 230, 41, 0.96), han("Results", 412, 1593, 150, 33, 0.95)}},
		{Words: []labrelay.Word{han("Note", 900, 1700, 80, 36, 0.3), han("1", 1000, 1700, 20, 36, 0.9)}},
	}
	got := findHanCaptions(rows, 32)
	if len(got) != 2 || got[0].row != 2 || got[0].to != 1 || got[1].row != 4 || got[1].to != 1 {
		t.Fatalf("runs %+v, want Tak and SARA", got)
	}
	applyHanCaptions(rows, got, [][]hanRead{
		{{"上地", 0}, {"栓測日其", 0.74}},
		{{"产地", 0.97}, {"检测日期……", 0.70}},
	}, nil)
	if w := rows[2].Words[0]; w.Text != "产地" || w.Conf > disagreeConf {
		t.Errorf("row 2: %q at %.2f, want 产地 in doubt", w.Text, w.Conf)
	}
	if w := rows[4].Words[0]; w.Text != "检测日期" {
		t.Errorf("row 4: %q, want the page language's 检测日期", w.Text)
	}
	if got := findHanCaptions(rows[2:], 32); len(got) != 0 {
		t.Errorf("no column of Han captions: runs %+v", got)
	}
}
