package pageimage_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"image"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/pageimage"
	"github.com/labrelay/labrelay/extract/pageimage/pageimagetest"
	"github.com/labrelay/labrelay/fixtures/scan"
	"github.com/labrelay/labrelay/internal/testenv"
)

// MustPage renders the sample report at dpi.
func MustPage(tb testing.TB, dpi float64) *image.Gray {
	tb.Helper()
	g, err := scan.RenderText(scan.SampleReport(), dpi)
	if err != nil {
		tb.Fatal(err)
	}
	return g
}

func TestOpenImageRefuses(t *testing.T) {
	small := MustPage(t, 50)
	var pngBuf bytes.Buffer
	if err := png.Encode(&pngBuf, small); err != nil {
		t.Fatal(err)
	}
	jpg, err := scan.EncodeJPEG(small, 80, 50, 0)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"png bomb", pageimagetest.PNGBomb(30000, 30000), "image too large: 30000×30000 pixels exceeds the limit of 50000000 pixels"},
		{"truncated jpeg", jpg[:len(jpg)/2], "JPEG image is truncated"},
		{"truncated png", pngBuf.Bytes()[:pngBuf.Len()/2], "PNG image is truncated"},
		{"tiff with 10000 pages", pageimagetest.ManyPageTIFF(10000, false), "too many pages: more than 300 pages exceeds the limit of 300"},
		{"tiff page chain loop", pageimagetest.ManyPageTIFF(3, true), "page chain loops"},
		{"tiff bomb", func() []byte {
			b := pageimagetest.ManyPageTIFF(1, false)
			binary.LittleEndian.PutUint32(b[8+2+8:], 40000)
			binary.LittleEndian.PutUint32(b[8+2+12+8:], 40000)
			return b
		}(), "image too large: 40000×40000"},
		{"not an image", []byte("hello, world"), "not PNG, JPEG or TIFF"},
		{"empty", nil, "image is empty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			src, err := pageimage.OpenImage(tt.data, "image/png", pageimage.Limits{})
			if err == nil {
				_, err = src.Page(t.Context(), 1)
			}
			took := time.Since(start)
			if !labrelay.IsInputError(err) {
				t.Fatalf("got %v, want an InputError", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %q, want it to contain %q", err, tt.want)
			}
			if took > 200*time.Millisecond {
				t.Errorf("took %v to refuse, want it fast", took)
			}
		})
	}
}

func TestTIFFMultiPage(t *testing.T) {
	a := MustPage(t, 60)
	b := scan.Turn(a, 90)
	var buf bytes.Buffer
	if err := scan.WriteTIFF(&buf, []*image.Gray{a, b}, 60); err != nil {
		t.Fatal(err)
	}
	src, err := pageimage.OpenImage(buf.Bytes(), "image/tiff", pageimage.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got := src.Pages(); got != 2 {
		t.Fatalf("got %d pages, want 2", got)
	}
	for n, want := range map[int]*image.Gray{1: a, 2: b} {
		p, err := src.Page(t.Context(), n)
		if err != nil {
			t.Fatal(err)
		}
		if p.Image.Rect != want.Rect || !bytes.Equal(p.Image.Pix, want.Pix) {
			t.Errorf("page %d: got %v, want the page written (%v)", n, p.Image.Rect, want.Rect)
		}
		if p.DPI != 60 {
			t.Errorf("page %d: got %v dpi, want 60", n, p.DPI)
		}
	}
}

func TestJPEGOrientation(t *testing.T) {
	up := MustPage(t, 40)
	for _, tt := range []struct{ tag, turn int }{{6, 270}, {8, 90}, {3, 180}, {1, 0}} {
		stored := scan.Turn(up, tt.turn)
		jpg, err := scan.EncodeJPEG(stored, 95, 0, tt.tag)
		if err != nil {
			t.Fatal(err)
		}
		p, err := pageimage.DecodeImage(jpg, pageimage.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if p.Image.Rect != up.Rect {
			t.Errorf("orientation %d: got %v, want upright %v", tt.tag, p.Image.Rect, up.Rect)
			continue
		}
		if d := meanAbsDiff(p.Image, up); d > 8 {
			t.Errorf("orientation %d: mean difference %.1f from the upright page, want < 8", tt.tag, d)
		}
	}
}

func meanAbsDiff(a, b *image.Gray) float64 {
	var s float64
	for i := range a.Pix {
		s += math.Abs(float64(a.Pix[i]) - float64(b.Pix[i]))
	}
	return s / float64(len(a.Pix))
}

func TestPDFEmbeddedJPEGIsByteIdentical(t *testing.T) {
	g := MustPage(t, 200)
	jpg, err := scan.EncodeJPEG(g, 60, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var pdf bytes.Buffer
	page := scan.PDFPage{JPEG: jpg, Width: g.Rect.Dx(), Height: g.Rect.Dy(), DPI: 200}
	if err := scan.WritePDF(&pdf, []scan.PDFPage{page, page}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	src, err := pageimage.OpenPDF(t.Context(), pdf.Bytes(), pageimage.PDFOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	raw, err := pageimage.EmbeddedJPEG(t.Context(), src, 2)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(raw, jpg) {
		t.Fatalf("embedded JPEG differs: got %d bytes, want the %d bytes written", len(raw), len(jpg))
	}
	p, err := src.Page(t.Context(), 2)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("open + extract + decode: %v", time.Since(start))
	if p.Origin != "pdf-embedded-jpeg" || math.Abs(p.DPI-200) > 0.5 || p.Image.Rect != g.Rect {
		t.Errorf("got origin %q, %.1f dpi, %v; want pdf-embedded-jpeg, 200 dpi, %v", p.Origin, p.DPI, p.Image.Rect, g.Rect)
	}
}

// A vector page (text drawn with a font, no image) is rendered by pdftoppm.
func TestPDFVectorPageIsRendered(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		testenv.SkipOrFail(t, "pdftoppm (poppler-utils) is not installed")
	}
	pdf := minimalTextPDF("Report No.: SHA-1234")
	src, err := pageimage.OpenPDF(t.Context(), pdf, pageimage.PDFOptions{TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	p, err := src.Page(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := src.Close(); err != nil {
		t.Fatal(err)
	}
	if p.Origin != "pdf-render" || p.DPI != 300 || math.Abs(float64(p.Image.Rect.Dx()-2480)) > 1 {
		t.Errorf("got origin %q, %v dpi, width %d; want pdf-render, 300, 2480", p.Origin, p.DPI, p.Image.Rect.Dx())
	}
	dark := 0
	for _, v := range p.Image.Pix {
		if v < 128 {
			dark++
		}
	}
	if dark < 500 {
		t.Errorf("rendered page has %d dark pixels, want the text drawn", dark)
	}
	if left, _ := filepath.Glob(filepath.Join(os.TempDir(), "labrelay-page-*.pdf")); len(left) > 0 {
		t.Logf("note: other temp copies exist: %v", left)
	}
}

func minimalTextPDF(text string) []byte {
	content := "BT /F1 24 Tf 72 700 Td (" + text + ") Tj ET"
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
		"<< /Length " + itoa(len(content)) + " >>\nstream\n" + content + "\nendstream",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	var offs []int
	for i, o := range objs {
		offs = append(offs, b.Len())
		b.WriteString(itoa(i+1) + " 0 obj\n" + o + "\nendobj\n")
	}
	x := b.Len()
	b.WriteString("xref\n0 6\n0000000000 65535 f \n")
	for _, o := range offs {
		s := itoa(o)
		b.WriteString(strings.Repeat("0", 10-len(s)) + s + " 00000 n \n")
	}
	b.WriteString("trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n" + itoa(x) + "\n%%EOF\n")
	return b.Bytes()
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestPDFRefuses(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"garbage", []byte("%PDF-1.4\nthis is not a pdf"), "PDF is corrupt"},
		{"truncated", minimalTextPDF("x")[:120], "PDF is corrupt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := pageimage.OpenPDF(t.Context(), tt.data, pageimage.PDFOptions{})
			if !labrelay.IsInputError(err) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an InputError containing %q", err, tt.want)
			}
		})
	}
}

func TestSkewAngle(t *testing.T) {
	page := MustPage(t, 150)
	for _, want := range []float64{0, 0.8, 2.0, -2.7} {
		skewed := page
		if want != 0 {
			skewed = scan.Skew(page, want)
		}
		start := time.Now()
		got := pageimage.SkewAngle(skewed, 3)
		took := time.Since(start)
		if math.Abs(got-want) > 0.2 {
			t.Errorf("skew %.1f°: got %.2f°", want, got)
		}
		straight, _ := pageimage.Deskew(skewed, 3)
		if rest := pageimage.SkewAngle(straight, 3); math.Abs(rest) > 0.2 {
			t.Errorf("skew %.1f°: %.2f° left after Deskew", want, rest)
		}
		t.Logf("skew %.1f°: found %.2f° in %v", want, got, took)
	}
}

func TestRotateRoundTrip(t *testing.T) {
	g := MustPage(t, 30)
	for _, d := range []int{90, 180, 270} {
		if got := pageimage.Rotate(pageimage.Rotate(g, d), 360-d); !bytes.Equal(got.Pix, g.Pix) {
			t.Errorf("rotate %d then %d: not the original", d, 360-d)
		}
		if got, want := pageimage.Rotate(g, d), scan.Turn(g, d); !bytes.Equal(got.Pix, want.Pix) {
			t.Errorf("Rotate(%d) disagrees with the fixture generator's Turn", d)
		}
	}
}

func TestOpenPDFTimeoutContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	g := MustPage(t, 30)
	jpg, _ := scan.EncodeJPEG(g, 60, 0, 0)
	var pdf bytes.Buffer
	_ = scan.WritePDF(&pdf, []scan.PDFPage{{JPEG: jpg, Width: g.Rect.Dx(), Height: g.Rect.Dy(), DPI: 30}})
	src, err := pageimage.OpenPDF(t.Context(), pdf.Bytes(), pageimage.PDFOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := src.Page(ctx, 1); err == nil {
		t.Error("got a page from a cancelled context")
	}
}
