package ocr

import (
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/pageimage"
)

// TestGridRows: on a ruled row, the words of one cell become one word,
// a rule read as "|" is dropped, and a wide gap inside what the ruling
// calls one cell (a missed rule) still separates two words.
func TestGridRows(t *testing.T) {
	rl := pageimage.Rulings{
		H: []pageimage.Segment{{X0: 100, Y0: 100, X1: 1500, Y1: 100, Thick: 3}, {X0: 100, Y0: 170, X1: 1500, Y1: 170, Thick: 3}},
		V: []pageimage.Segment{
			{X0: 100, Y0: 100, X1: 100, Y1: 170, Thick: 3},
			{X0: 400, Y0: 100, X1: 400, Y1: 170, Thick: 3},
			{X0: 1500, Y0: 100, X1: 1500, Y1: 170, Thick: 3},
		},
	}
	rows := []labrelay.Row{{Words: []labrelay.Word{
		word("n.d.", 300, 120, 60, 28),
		word("|", 398, 115, 6, 40),
		word("IEC", 430, 120, 53, 28),
		word("62321-5:2013", 498, 120, 246, 28),
		word("AfPS", 1000, 120, 80, 28), // 256 px on: a rule the search missed
	}}}
	got := gridRows(rows, rl)
	var texts []string
	for _, w := range got[0].Words {
		texts = append(texts, w.Text)
	}
	want := []string{"n.d.", "IEC 62321-5:2013", "AfPS"}
	if len(texts) != len(want) {
		t.Fatalf("words %q, want %q", texts, want)
	}
	for i := range want {
		if texts[i] != want[i] {
			t.Errorf("words %q, want %q", texts, want)
			break
		}
	}
	if b := got[0].Words[1].Box; b.X != 430 || b.W != 314 {
		t.Errorf("merged box %+v, want x 430 width 314", b)
	}
	if same := gridRows(rows, pageimage.Rulings{}); len(same[0].Words) != 5 {
		t.Errorf("without ruling the row changed: %+v", same)
	}
}

// A rule a skewed table puts beside a word's last letters is read as
// "il": the word holding the rule inside its box is the rule, dropped;
// a digit or a word of letters beside a rule is not.
func TestOnRuleStrokes(t *testing.T) {
	rl := pageimage.Rulings{V: []pageimage.Segment{{X0: 1809, Y0: 535, X1: 1809, Y1: 602, Thick: 3}}}
	for _, c := range []struct {
		w    labrelay.Word
		want bool
	}{
		{word("il", 1777, 552, 39, 28), true},
		{word("|", 1800, 552, 20, 28), true},
		{word("1", 1777, 552, 39, 28), false},
		{word("Il", 1700, 552, 39, 28), false}, // the rule is not in its box
		{word("ab", 1777, 552, 39, 28), false},
	} {
		if got := onRule(c.w, rl); got != c.want {
			t.Errorf("onRule(%q at x %.0f..%.0f) = %v, want %v", c.w.Text, c.w.Box.X, c.w.Box.X+c.w.Box.W, got, c.want)
		}
	}
}
