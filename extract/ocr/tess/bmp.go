package tess

import (
	"encoding/binary"
	"image"
)

// encodeBMP is g as an 8-bit gray BMP: the form images are handed to
// Tesseract in. Leptonica reads a binary PGM a pixel at a time (130 ms
// for a 300-dpi A4 page on this project's machine, an eighth of the
// page's recognition) and a BMP a row at a time (9 ms); the words read
// are the same.
func encodeBMP(g *image.Gray) []byte {
	const head = 14 + 40 + 256*4 // file header, info header, gray palette
	w, h := g.Rect.Dx(), g.Rect.Dy()
	stride := (w + 3) &^ 3 // rows are padded to four bytes
	b := make([]byte, head+stride*h)
	b[0], b[1] = 'B', 'M'
	le := binary.LittleEndian
	le.PutUint32(b[2:], uint32(len(b)))
	le.PutUint32(b[10:], head)
	le.PutUint32(b[14:], 40)
	le.PutUint32(b[18:], uint32(w))
	le.PutUint32(b[22:], uint32(h)) // positive: rows bottom-up
	le.PutUint16(b[26:], 1)         // planes
	le.PutUint16(b[28:], 8)         // bits a pixel
	le.PutUint32(b[34:], uint32(stride*h))
	le.PutUint32(b[46:], 256) // palette entries
	for i := range 256 {
		b[54+4*i], b[54+4*i+1], b[54+4*i+2] = byte(i), byte(i), byte(i)
	}
	for y := range h {
		o := g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y)
		copy(b[head+(h-1-y)*stride:], g.Pix[o:o+w])
	}
	return b
}
