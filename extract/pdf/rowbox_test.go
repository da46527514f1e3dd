package pdf_test

import (
	"math"
	"testing"

	"github.com/labrelay/labrelay/extract/pdf"
)

// A row's box holds its words' boxes and, like them, is given to the
// hundredth of a point (labrelay.WordsBox, then rounded).
func TestRowBoxRounded(t *testing.T) {
	l, err := (&pdf.Reader{}).ReadLayout(t.Context(), mustFixture(t, "sgs-rohs-1.pdf"), "application/pdf")
	if err != nil {
		t.Fatal(err)
	}
	hundredth := func(v float64) bool { return math.Abs(v*100-math.Round(v*100)) < 1e-6 }
	rows := 0
	for _, p := range l.Pages {
		for _, r := range p.Rows {
			rows++
			b := r.Box
			if !hundredth(b.X) || !hundredth(b.Y) || !hundredth(b.W) || !hundredth(b.H) {
				t.Errorf("row %q: box %+v not in hundredths", r.Text(), b)
			}
			for _, w := range r.Words {
				if w.Box.X < b.X-0.01 || w.Box.Y < b.Y-0.01 || w.Box.X+w.Box.W > b.X+b.W+0.01 || w.Box.Y+w.Box.H > b.Y+b.H+0.01 {
					t.Errorf("row %q: word %q %+v outside the row's box %+v", r.Text(), w.Text, w.Box, b)
				}
			}
		}
	}
	if rows == 0 {
		t.Fatal("no rows read")
	}
}
