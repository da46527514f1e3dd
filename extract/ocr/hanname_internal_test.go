package ocr

import (
	"testing"

	"github.com/labrelay/labrelay"
)

// A sure Han name's start and a junk tail after a caption's colon, or
// alone on its line, is read again; a Han word inside a sentence, a
// result row, or a tail of long words is not. A reading that
// starts with the sure word puts its rest in place of the tail.
func TestHanNames(t *testing.T) {
	rows := []labrelay.Row{
		{Words: []labrelay.Word{han("责任者", 100, 50, 90, 30, 0.95), han("/Authorized", 200, 50, 160, 30, 0.9), han("by:", 370, 50, 40, 30, 0.95),
			han("田中", 420, 50, 60, 30, 0.93), han("BF", 490, 50, 40, 30, 0.4)}},
		{Words: []labrelay.Word{han("周", 100, 100, 30, 30, 0.9), han("ae", 140, 100, 40, 30, 0.3)}},
		{Words: []labrelay.Word{han("Made", 100, 150, 70, 30, 0.95), han("in", 180, 150, 30, 30, 0.95), han("中国", 220, 150, 60, 30, 0.95), han("ok", 290, 150, 30, 30, 0.4)}},
		{Words: []labrelay.Word{han("镉", 100, 200, 30, 30, 0.95), han("BF", 140, 200, 40, 30, 0.4), han("12", 900, 200, 30, 30, 0.95)}},
		{Words: []labrelay.Word{han("签字:", 100, 250, 60, 30, 0.95), han("赵", 170, 250, 30, 30, 0.95), han("Manager", 210, 250, 110, 30, 0.95)}},
	}
	got := findHanNames(rows, 30)
	if len(got) != 2 || got[0].row != 0 || got[0].from != 3 || got[0].to != 5 || got[1].row != 1 || got[1].from != 0 {
		t.Fatalf("runs %+v, want rows 0 (from 田中) and 1", got)
	}
	applyHanNames(rows, got, []hanRead{{"田中恵子", 0.7}, {"吴婷", 0.8}})
	if w := rows[0].Words; len(w) != 5 || w[3].Text != "田中" || w[4].Text != "恵子" || w[4].Conf > disagreeConf {
		t.Errorf("row 0: %+v, want 田中 恵子 with the tail in doubt", w)
	}
	if w := rows[1].Words; len(w) != 2 || w[1].Text != "ae" {
		t.Errorf("row 1: a reading not starting with 周 was taken: %+v", w)
	}
}
