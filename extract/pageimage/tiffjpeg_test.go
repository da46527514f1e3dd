package pageimage_test

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/jpeg"
	"testing"

	"github.com/labrelay/labrelay/extract/pageimage"
)

// jpegTIFF writes g as a big-endian TIFF whose strips of rps rows are each
// a JPEG stream (compression 7), as scanners write.
func jpegTIFF(tb testing.TB, g *image.Gray, rps int) []byte {
	tb.Helper()
	var strips [][]byte
	for y := 0; y < g.Rect.Dy(); y += rps {
		var b bytes.Buffer
		if err := jpeg.Encode(&b, g.SubImage(image.Rect(0, y, g.Rect.Dx(), min(y+rps, g.Rect.Dy()))), &jpeg.Options{Quality: 95}); err != nil {
			tb.Fatal(err)
		}
		strips = append(strips, b.Bytes())
	}
	bo := binary.BigEndian
	type entry struct{ tag, typ, count, val uint32 }
	const nEntries = 9
	ifd := 8
	arrays := ifd + 2 + nEntries*12 + 4
	data := arrays + 8*len(strips)
	out := make([]byte, data)
	copy(out, "MM\x00*")
	bo.PutUint32(out[4:], uint32(ifd))
	offs, cnts := arrays, arrays+4*len(strips)
	for i, s := range strips {
		bo.PutUint32(out[offs+4*i:], uint32(len(out)))
		bo.PutUint32(out[cnts+4*i:], uint32(len(s)))
		out = append(out, s...)
	}
	es := []entry{{256, 4, 1, uint32(g.Rect.Dx())}, {257, 4, 1, uint32(g.Rect.Dy())}, {258, 3, 1, 8}, {259, 3, 1, 7},
		{262, 3, 1, 1}, {273, 4, uint32(len(strips)), uint32(offs)}, {277, 3, 1, 1}, {278, 4, 1, uint32(rps)},
		{279, 4, uint32(len(strips)), uint32(cnts)}}
	bo.PutUint16(out[ifd:], nEntries)
	for k, e := range es {
		p := ifd + 2 + 12*k
		bo.PutUint16(out[p:], uint16(e.tag))
		bo.PutUint16(out[p+2:], uint16(e.typ))
		bo.PutUint32(out[p+4:], e.count)
		if e.typ == 3 && e.count == 1 {
			bo.PutUint16(out[p+8:], uint16(e.val))
		} else {
			bo.PutUint32(out[p+8:], e.val)
		}
	}
	if len(strips) == 1 { // a single strip's offset and count sit in the entry
		bo.PutUint32(out[ifd+2+12*5+8:], bo.Uint32(out[offs:]))
		bo.PutUint32(out[ifd+2+12*8+8:], bo.Uint32(out[cnts:]))
	}
	return out
}

// TestTIFFJPEGStrips: a JPEG-compressed TIFF (which Tesseract reads and
// x/image/tiff does not) decodes to the page written, strips in place.
func TestTIFFJPEGStrips(t *testing.T) {
	want := MustPage(t, 60)
	for _, rps := range []int{64, want.Rect.Dy()} {
		src, err := pageimage.OpenImage(jpegTIFF(t, want, rps), "image/tiff", pageimage.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		p, err := src.Page(t.Context(), 1)
		if err != nil {
			t.Fatalf("%d rows per strip: %v", rps, err)
		}
		if p.Image.Rect != want.Rect {
			t.Fatalf("got %v, want %v", p.Image.Rect, want.Rect)
		}
		if d := meanAbsDiff(p.Image, want); d > 3 {
			t.Errorf("%d rows per strip: mean difference %.2f from the page written", rps, d)
		}
	}
}
