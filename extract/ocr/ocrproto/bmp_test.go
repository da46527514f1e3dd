package ocrproto_test

import (
	"bytes"
	"image"
	"testing"

	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
)

// A window's BMP holds the window's rows bottom-up, each padded to four
// bytes, after the headers, and is as long as BMPSize says.
func TestBMPRows(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 8, 4))
	for i := range g.Pix {
		g.Pix[i] = byte(i)
	}
	w := g.SubImage(image.Rect(1, 1, 6, 3)).(*image.Gray) // 5×2: rows of 8 bytes
	b := bytes.Join(ocrproto.BMP(w), nil)
	if len(b) != ocrproto.BMPSize(5, 2) || len(b) != ocrproto.BMPHead+2*8 {
		t.Fatalf("%d bytes, want %d", len(b), ocrproto.BMPHead+2*8)
	}
	rows := b[ocrproto.BMPHead:]
	want := []byte{17, 18, 19, 20, 21, 0, 0, 0, 9, 10, 11, 12, 13, 0, 0, 0}
	if !bytes.Equal(rows, want) {
		t.Errorf("rows %v, want %v (bottom row first, padded)", rows, want)
	}
	if string(b[:2]) != "BM" || b[10] != byte(ocrproto.BMPHead&0xff) {
		t.Errorf("header %v", b[:14])
	}
}
