package review_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"image"
	"image/color"
	"image/png"
	"path/filepath"
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/pageimage"
	"github.com/labrelay/labrelay/review"
	"github.com/labrelay/labrelay/sqlite"
	"golang.org/x/image/tiff"
)

// TestRendererTIFF: a scanned TIFF is shown as a PNG page, decoded by
// extract/pageimage within its limits: a page above the pixel limit is
// refused as an input fault before it is decoded.
func TestRendererTIFF(t *testing.T) {
	ctx := context.Background()
	st := sqlite.New(filepath.Join(t.TempDir(), "labrelay.db"))
	if err := st.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	img := image.NewGray(image.Rect(0, 0, 40, 30))
	img.SetGray(3, 4, color.Gray{Y: 200})
	var buf bytes.Buffer
	if err := tiff.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(buf.Bytes())
	doc := labrelay.Document{ID: 1, SHA256: hex.EncodeToString(sum[:])}
	if err := st.PutBlob(ctx, doc.SHA256, buf.Bytes()); err != nil {
		t.Fatal(err)
	}

	page, err := (&review.Renderer{Store: st}).Page(ctx, doc, 1)
	if err != nil {
		t.Fatal(err)
	}
	got, err := png.Decode(bytes.NewReader(page.Data))
	if err != nil || page.ContentType != "image/png" {
		t.Fatalf("page %s: %v", page.ContentType, err)
	}
	if b := got.Bounds(); b.Dx() != 40 || b.Dy() != 30 {
		t.Errorf("page is %v, want 40×30", b)
	}
	if g := color.GrayModel.Convert(got.At(3, 4)).(color.Gray); g.Y != 200 {
		t.Errorf("pixel (3,4) = %d, want 200", g.Y)
	}
	if _, err := (&review.Renderer{Store: st}).Page(ctx, doc, 2); !errors.Is(err, labrelay.ErrNotFound) {
		t.Errorf("page 2 of a one-page TIFF: %v, want ErrNotFound", err)
	}
	small := &review.Renderer{Store: st, Limits: pageimage.Limits{MaxPixels: 1000}}
	if _, err := small.Page(ctx, doc, 1); !labrelay.IsInputError(err) {
		t.Errorf("40×30 page over a 1000-pixel limit: %v, want an input error", err)
	}
}
