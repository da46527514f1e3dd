package tess

import (
	"bytes"
	"image"

	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
)

// encodeBMP is g as one 8-bit gray BMP (ocrproto.BMP): the form images
// are handed to Tesseract in.
func encodeBMP(g *image.Gray) []byte {
	return bytes.Join(ocrproto.BMP(g), nil)
}
