package ocrproto

import (
	"encoding/binary"
	"image"
)

// BMPHead is the size of an 8-bit gray BMP's headers: file header, info
// header and gray palette.
const BMPHead = 14 + 40 + 256*4

// BMP is g as an 8-bit gray BMP in pieces: its headers, then its rows
// bottom-up, each padded to four bytes. The rows are g's own pixels, not
// copied: a 300-dpi page is 8.7 MB. Leptonica reads a BMP a row at a
// time and a binary PGM a pixel at a time (9 ms against 130 ms for a
// 300-dpi A4 page), so pages go to Tesseract as BMPs.
func BMP(g *image.Gray) [][]byte {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	stride := (w + 3) &^ 3
	pad := make([]byte, stride-w)
	out := make([][]byte, 0, 1+2*h)
	out = append(out, bmpHeader(w, h))
	for y := h - 1; y >= 0; y-- {
		o := g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y)
		out = append(out, g.Pix[o:o+w])
		if len(pad) > 0 {
			out = append(out, pad)
		}
	}
	return out
}

// BMPSize is the size in bytes of a w×h gray BMP.
func BMPSize(w, h int) int { return BMPHead + (w+3)&^3*h }

func bmpHeader(w, h int) []byte {
	b := make([]byte, BMPHead)
	b[0], b[1] = 'B', 'M'
	le := binary.LittleEndian
	le.PutUint32(b[2:], uint32(BMPSize(w, h)))
	le.PutUint32(b[10:], BMPHead)
	le.PutUint32(b[14:], 40)
	le.PutUint32(b[18:], uint32(w))
	le.PutUint32(b[22:], uint32(h)) // positive: rows bottom-up
	le.PutUint16(b[26:], 1)         // planes
	le.PutUint16(b[28:], 8)         // bits a pixel
	le.PutUint32(b[34:], uint32(BMPSize(w, h)-BMPHead))
	le.PutUint32(b[46:], 256) // palette entries
	for i := range 256 {
		b[54+4*i], b[54+4*i+1], b[54+4*i+2] = byte(i), byte(i), byte(i)
	}
	return b
}
