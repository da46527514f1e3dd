package e2e_test

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/go-pdf/fpdf"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// pngBomb is a w×h 8-bit gray PNG whose IDAT inflates zeroMB megabytes of
// zeros from about a thousandth of that: the header alone claims w·h
// pixels.
func pngBomb(tb testing.TB, w, h uint32, zeroMB int) []byte {
	tb.Helper()
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		crc := crc32.NewIEEE()
		io.WriteString(crc, typ)
		crc.Write(data)
		b.WriteString(typ)
		b.Write(data)
		binary.Write(&b, binary.BigEndian, crc.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 0 // 8-bit gray
	chunk("IHDR", ihdr)
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	zeros := make([]byte, 1<<20)
	for range zeroMB {
		zw.Write(zeros)
	}
	zw.Close()
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return b.Bytes()
}

// tiffPages is a little-endian TIFF of n uncompressed 8-bit gray pages of
// w×h pixels, each page's strip one byte long (so a huge page is claimed,
// not stored).
func tiffPages(n int, w, h uint32) []byte {
	const entries = 9
	const ifdSize = 2 + entries*12 + 4
	var b bytes.Buffer
	le := binary.LittleEndian
	b.WriteString("II*\x00")
	binary.Write(&b, le, uint32(10)) // first IFD, after the pixel byte
	b.Write([]byte{0x80, 0})         // the one pixel (and padding)
	for i := range n {
		binary.Write(&b, le, uint16(entries))
		entry := func(tag, typ uint16, v uint32) {
			binary.Write(&b, le, tag)
			binary.Write(&b, le, typ)
			binary.Write(&b, le, uint32(1))
			if typ == 3 { // SHORT, left-justified
				binary.Write(&b, le, uint16(v))
				binary.Write(&b, le, uint16(0))
			} else {
				binary.Write(&b, le, v)
			}
		}
		entry(256, 4, w)  // ImageWidth
		entry(257, 4, h)  // ImageLength
		entry(258, 3, 8)  // BitsPerSample
		entry(259, 3, 1)  // Compression: none
		entry(262, 3, 1)  // Photometric: BlackIsZero
		entry(273, 4, 8)  // StripOffsets
		entry(277, 3, 1)  // SamplesPerPixel
		entry(278, 4, h)  // RowsPerStrip
		entry(279, 4, 1)  // StripByteCounts
		next := uint32(0) // last page
		if i < n-1 {
			next = uint32(10 + (i+1)*ifdSize)
		}
		binary.Write(&b, le, next)
	}
	return b.Bytes()
}

// textPDF is an uncompressed PDF of n pages, each a few lines of text
// that belong to no lab's layout.
func textPDF(tb testing.TB, n int) []byte {
	tb.Helper()
	f := fpdf.New("P", "pt", "A4", "")
	f.SetFont("Helvetica", "", 11)
	for i := 1; i <= n; i++ {
		f.AddPage()
		f.Text(60, 80, fmt.Sprintf("Appendix page %d of %d", i, n))
		f.Text(60, 100, "Photographs of the samples as received. No measurements on this page.")
	}
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// encryptedPDF is a report protected by a user password (AES-256), as
// pdfcpu writes it.
func encryptedPDF(tb testing.TB) []byte {
	tb.Helper()
	var out bytes.Buffer
	conf := model.NewAESConfiguration("user-pw", "owner-pw", 256)
	if err := api.Encrypt(bytes.NewReader(textPDF(tb, 2)), &out, conf); err != nil {
		tb.Fatalf("pdfcpu encrypt: %v", err)
	}
	return out.Bytes()
}

// corrupted overwrites data from byte from up to the last fifth with
// seeded random bytes: what lies before and after survives.
func corrupted(data []byte, from int) []byte {
	out := bytes.Clone(data)
	r := rand.New(rand.NewPCG(9, 9))
	for i := from; i < len(out)*4/5; i++ {
		out[i] = byte(r.Uint32())
	}
	return out
}

func mustRead(tb testing.TB, path string) []byte {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}
