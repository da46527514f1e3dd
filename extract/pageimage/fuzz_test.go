package pageimage_test

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/pageimage"
	"github.com/labrelay/labrelay/extract/pageimage/pageimagetest"
	"github.com/labrelay/labrelay/fixtures/scan"
)

// FuzzDecodeImage feeds arbitrary bytes to the image decoders: they must
// never panic, must refuse with an InputError, and must never return an
// image beyond the pixel limit.
func FuzzDecodeImage(f *testing.F) {
	g := MustPage(f, 20)
	var p bytes.Buffer
	_ = png.Encode(&p, g)
	f.Add(p.Bytes())
	if j, err := scan.EncodeJPEG(g, 50, 20, 6); err == nil {
		f.Add(j)
	}
	var t bytes.Buffer
	_ = scan.WriteTIFF(&t, []*image.Gray{g, g}, 20)
	f.Add(t.Bytes())
	f.Add(pageimagetest.PNGBomb(30000, 30000))
	f.Add(pageimagetest.ManyPageTIFF(5, true))
	if b, err := os.ReadFile("../../fixtures/testdata/scan/coc-1-rot180.png"); err == nil {
		f.Add(b)
	}
	lim := pageimage.Limits{MaxPixels: 1 << 20, MaxPages: 4}
	f.Fuzz(func(t *testing.T, data []byte) {
		src, err := pageimage.OpenImage(data, "", lim)
		if err != nil {
			if !labrelay.IsInputError(err) {
				t.Fatalf("open: got %T %v, want an InputError", err, err)
			}
			return
		}
		defer src.Close()
		for n := 1; n <= src.Pages(); n++ {
			pg, err := src.Page(t.Context(), n)
			if err != nil {
				if !labrelay.IsInputError(err) {
					t.Fatalf("page %d: got %T %v, want an InputError", n, err, err)
				}
				continue
			}
			if px := int64(pg.Image.Rect.Dx()) * int64(pg.Image.Rect.Dy()); px > lim.MaxPixels {
				t.Fatalf("page %d: %d pixels beyond the limit", n, px)
			}
		}
	})
}
