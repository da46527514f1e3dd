package tess

import (
	"bytes"
	"fmt"
	"image"
	"os"
	"strconv"
	"testing"

	"github.com/labrelay/labrelay/fixtures/scan"
)

// pgm encodes g as a binary PGM.
func pgm(g *image.Gray) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "P5\n%d %d\n255\n", g.Rect.Dx(), g.Rect.Dy())
	for y := range g.Rect.Dy() {
		o := g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y)
		b.Write(g.Pix[o : o+g.Rect.Dx()])
	}
	return b.Bytes()
}

// TestMeasureClientLeak reports how much C heap a gosseract client keeps
// per recognised page (its result iterator and word strings are never
// freed): the measure behind RecycleAfter. MEASURE=1 runs it;
// MEASURE_PAGES sets the page count (default 20).
func TestMeasureClientLeak(t *testing.T) {
	if os.Getenv("MEASURE") == "" {
		t.Skip()
	}
	n, _ := strconv.Atoi(os.Getenv("MEASURE_PAGES"))
	n = max(n, 20)
	g, err := scan.RenderText(scan.SampleReport(), 300)
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewEngine([]string{"eng", "chi_sim"}, "0")
	if err != nil {
		t.Skip(err)
	}
	defer e.Close()
	img := pgm(g)
	ws, err := e.Recognize(img, 300) // warm
	if err != nil {
		t.Fatal(err)
	}
	before := CHeapMB()
	for range n {
		if _, err := e.Recognize(img, 300); err != nil {
			t.Fatal(err)
		}
	}
	after := CHeapMB()
	t.Logf("%d pages of %d words: C heap in use %.2f → %.2f MB, %.1f kB a page", n, len(ws), before, after, (after-before)*1024/float64(n))
}
