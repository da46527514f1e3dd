package pdf_test

import (
	"context"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/labrelay/labrelay/extract/pdf"
)

// TestPdftotextGeometry: the pdftotext path places poppler's words where
// the text layer has them (word boxes from -bbox, sizes from pdftohtml),
// so on every fixture page the two readings have the same rows, text and
// positions; a character grid had neither. Spaces may differ next to CJK
// text: poppler splits there at gaps where no space glyph was written.
func TestPdftotextGeometry(t *testing.T) {
	bin := pdftotext(t)
	for _, name := range fixtures(t) {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		ours, err := (&pdf.Reader{}).ReadLayout(context.Background(), data, "application/pdf")
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := pdf.PdftotextLayout(context.Background(), bin, data, pdf.DefaultMaxPages)
		if err != nil {
			t.Fatal(err)
		}
		if len(ours.Pages) != len(theirs.Pages) {
			t.Fatalf("%s: %d pages vs %d from pdftotext", name, len(ours.Pages), len(theirs.Pages))
		}
		for i, p := range ours.Pages {
			q := theirs.Pages[i]
			if len(p.Rows) != len(q.Rows) {
				t.Errorf("%s p%d: %d rows vs %d from pdftotext", name, i+1, len(p.Rows), len(q.Rows))
				continue
			}
			for j, r := range p.Rows {
				s := q.Rows[j]
				if nospace(r.Text()) != nospace(s.Text()) || math.Abs(r.Box.X-s.Box.X) > 1 || math.Abs(r.Box.Y-s.Box.Y) > 2 {
					t.Errorf("%s p%d row %d:\n ours %q at %.1f,%.1f\n pdftotext %q at %.1f,%.1f", name, i+1, j,
						r.Text(), r.Box.X, r.Box.Y, s.Text(), s.Box.X, s.Box.Y)
				}
			}
		}
	}
}

func nospace(s string) string { return strings.Join(strings.Fields(s), "") }
