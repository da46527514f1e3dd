// Package pageimagetest makes hostile image files for the tests of the
// packages that decode page images (extract/pageimage, extract/ocr).
package pageimagetest

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
)

// PNGBomb is a valid PNG header claiming w×h 8-bit gray pixels, with a
// tiny IDAT.
func PNGBomb(w, h uint32) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		_ = binary.Write(&b, binary.BigEndian, uint32(len(data)))
		c := append([]byte(typ), data...)
		b.Write(c)
		_ = binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(c))
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 0 // 8-bit gray
	chunk("IHDR", ihdr)
	chunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})
	chunk("IEND", nil)
	return b.Bytes()
}

// ManyPageTIFF chains n one-pixel pages; with loop the last page points
// back to the first.
func ManyPageTIFF(n int, loop bool) []byte {
	le := binary.LittleEndian
	var b bytes.Buffer
	b.Write([]byte{'I', 'I', 42, 0, 8, 0, 0, 0})
	for i := range n {
		start := b.Len()
		_ = binary.Write(&b, le, uint16(2))
		for _, e := range [][3]uint32{{256, 4, 1}, {257, 4, 1}} {
			_ = binary.Write(&b, le, uint16(e[0]))
			_ = binary.Write(&b, le, uint16(e[1]))
			_ = binary.Write(&b, le, uint32(1))
			_ = binary.Write(&b, le, e[2])
		}
		next := uint32(start + 2 + 24 + 4)
		if i == n-1 {
			next = 0
			if loop {
				next = 8
			}
		}
		_ = binary.Write(&b, le, next)
	}
	return b.Bytes()
}
