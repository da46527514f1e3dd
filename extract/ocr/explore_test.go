package ocr_test

import (
	"context"
	"testing"
	"time"

	"github.com/labrelay/labrelay/extract/ocr"
	"github.com/labrelay/labrelay/extract/pageimage"
	"github.com/labrelay/labrelay/fixtures/scan"
)

func TestExplore(t *testing.T) {
	requireTesseract(t)
	g, err := scan.RenderText(scan.SampleReport(), 300)
	if err != nil {
		t.Fatal(err)
	}
	r := &ocr.Reader{Languages: []string{"eng"}}
	defer r.Close()
	for _, rot := range []int{0, 90, 180, 270} {
		img := pageimage.Rotate(g, rot)
		start := time.Now()
		p, err := r.OCRPage(context.Background(), img, 300)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("rot %d: %v rows=%d", rot, time.Since(start), len(p.Rows))
		for i, row := range p.Rows {
			if i < 6 {
				t.Logf("  %q", row.Text())
			}
		}
	}
}
