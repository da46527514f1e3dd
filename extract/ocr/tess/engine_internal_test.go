package tess

import (
	"bytes"
	"fmt"
	"image"
	"os"
	"strconv"
	"testing"

	"github.com/otiai10/gosseract/v2"

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

// TestBMPReadsAsPGM: the BMP handed to Tesseract is the same image as
// the PGM Leptonica used to read — same words in the same boxes — for a
// page whose width needs row padding and that is a window of a larger
// image.
func TestBMPReadsAsPGM(t *testing.T) {
	g, err := scan.RenderText(scan.SampleReport(), 300)
	if err != nil {
		t.Fatal(err)
	}
	// A window of odd width, off the image's origin: rows padded, and the
	// window's own pixels, not its parent's.
	r := g.Rect
	g = g.SubImage(image.Rect(r.Min.X+7, r.Min.Y+3, r.Min.X+7+(r.Dx()-7)/2*2-1, r.Min.Y+r.Dy()/3)).(*image.Gray)
	e, err := NewEngine([]string{"eng"}, "0")
	if err != nil {
		t.Skip(err)
	}
	defer e.Close()
	read := func(img []byte) []gosseract.BoundingBox {
		t.Helper()
		if err := e.client.SetImageFromBytes(img); err != nil {
			t.Fatal(err)
		}
		boxes, err := e.client.GetBoundingBoxes(gosseract.RIL_WORD)
		if err != nil {
			t.Fatal(err)
		}
		return boxes
	}
	want, got := read(pgm(g)), read(encodeBMP(g))
	if len(want) < 20 {
		t.Fatalf("PGM read %d words; the test needs a page of text", len(want))
	}
	if len(got) != len(want) {
		t.Fatalf("BMP read %d words, PGM %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Word != want[i].Word || got[i].Box != want[i].Box {
			t.Errorf("word %d: BMP %q at %v, PGM %q at %v", i, got[i].Word, got[i].Box, want[i].Word, want[i].Box)
		}
	}
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
	img := encodeBMP(g)
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
