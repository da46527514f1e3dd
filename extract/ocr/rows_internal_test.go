package ocr

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/labrelay/labrelay"
)

func word(text string, x, y, w, h float64) labrelay.Word {
	return labrelay.Word{Text: text, Box: labrelay.Box{X: x, Y: y, W: w, H: h}, Conf: 0.9}
}

func TestGroupRows(t *testing.T) {
	words := []labrelay.Word{
		word("N.D.", 900, 502, 60, 30),
		word("Cadmium", 100, 500, 150, 32),
		word("(Cd)", 260, 501, 60, 31),
		word("-", 700, 512, 10, 4), // a dash: tiny, inside the row
		word("Lead", 100, 560, 80, 32),
		word("Title", 100, 300, 200, 60),
		word("LOGO", 1500, 280, 300, 330), // tall: joins a row, stretches none
	}
	got := groupRows(words)
	var texts []string
	for _, r := range got {
		texts = append(texts, r.Text())
	}
	want := []string{"Title LOGO", "Cadmium (Cd) - N.D.", "Lead"}
	if diff := cmp.Diff(want, texts); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestJoinCJK(t *testing.T) {
	ws := []labrelay.Word{
		word("批准", 0, 0, 60, 30), word("Approved", 80, 0, 120, 30),
		word("陈", 220, 0, 30, 30), word("立明", 255, 0, 60, 30),
		word("2026", 340, 0, 60, 30), word("年", 402, 0, 30, 30),
	}
	ws[3].Conf = 0.6
	got := joinCJK(ws)
	var texts []string
	for _, w := range got {
		texts = append(texts, w.Text)
	}
	if diff := cmp.Diff([]string{"批准", "Approved", "陈立明", "2026年"}, texts); diff != "" {
		t.Errorf("words (-want +got):\n%s", diff)
	}
	if got[2].Conf != 0.6 || got[2].Box != (labrelay.Box{X: 220, Y: 0, W: 95, H: 30}) {
		t.Errorf("joined word %+v, want the lower confidence and the union box", got[2])
	}
}
