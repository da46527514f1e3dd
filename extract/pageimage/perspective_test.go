package pageimage_test

import (
	"math"
	"testing"

	"github.com/labrelay/labrelay/extract/pageimage"
	"github.com/labrelay/labrelay/fixtures/scan"
)

// TestPageQuad photographs a rendered page (fixtures/scan.Photo: shrunk
// onto a desk, sheared, narrowed towards the top, lamp-lit) and undoes it.
func TestPageQuad(t *testing.T) {
	g, err := scan.RenderText(scan.SampleReport(), 100)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := pageimage.PageQuad(g); ok {
		t.Error("a scanned page (white to its edges) was taken for a photo")
	}
	w, h := g.Rect.Dx(), g.Rect.Dy()
	photo := scan.Photo(g, 0.03, 0.06)
	q, ok := pageimage.PageQuad(photo)
	if !ok {
		t.Fatal("no page found in the photo")
	}
	// Photo narrows the top edge by 6% and shears by 3% of the height.
	top, bottom := q[1][0]-q[0][0], q[2][0]-q[3][0]
	if math.Abs(bottom-float64(w)) > 0.02*float64(w) || math.Abs(top-0.94*float64(w)) > 0.02*float64(w) {
		t.Errorf("corners %v: top edge %.0f, bottom %.0f, page width %d", q, top, bottom, w)
	}
	out := pageimage.Unwarp(photo, q)
	if dw, dh := out.Rect.Dx()-w, out.Rect.Dy()-h; math.Abs(float64(dw)) > 0.03*float64(w) || math.Abs(float64(dh)) > 0.03*float64(h) {
		t.Errorf("unwarped page %v, want about %dx%d", out.Rect, w, h)
	}
	// the unwarped page's edges are page, not desk
	for _, p := range [][2]int{{5, 5}, {out.Rect.Dx() - 6, 5}, {5, out.Rect.Dy() - 6}, {out.Rect.Dx() - 6, out.Rect.Dy() - 6}} {
		if v := out.GrayAt(p[0], p[1]).Y; v < 120 {
			t.Errorf("unwarped corner %v is dark (%d): the desk was kept", p, v)
		}
	}
}
