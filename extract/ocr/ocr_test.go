package ocr_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract"
	"github.com/labrelay/labrelay/extract/ocr"
	"github.com/labrelay/labrelay/extract/pageimage/pageimagetest"
	"github.com/labrelay/labrelay/fixtures/scan"
	"github.com/labrelay/labrelay/internal/ocrtest"
	"github.com/labrelay/labrelay/internal/testenv"
)

var _ extract.LayoutReader = (*ocr.Reader)(nil)

func TestMain(m *testing.M) {
	cleanup := ocrtest.Setup()
	code := m.Run()
	if shared != nil {
		shared.Close()
	}
	cleanup()
	os.Exit(code)
}

var (
	sharedOnce sync.Once
	shared     *ocr.Reader
)

// MustReader returns the package's shared Reader (default languages, one
// worker process): workers cost half a second each to start.
func MustReader(tb testing.TB) *ocr.Reader {
	tb.Helper()
	requireTesseract(tb)
	sharedOnce.Do(func() { shared = &ocr.Reader{} })
	return shared
}

// requireTesseract skips when Tesseract or a language model is missing,
// and fails instead when CI asks for the real thing.
func requireTesseract(tb testing.TB) {
	tb.Helper()
	out, err := exec.Command("tesseract", "--list-langs").CombinedOutput()
	have := map[string]bool{}
	for _, l := range strings.Fields(string(out)) {
		have[l] = true
	}
	if err == nil && have["eng"] && have["chi_sim"] {
		if _, err := exec.LookPath(ocr.WorkerName); err != nil {
			tb.Fatalf("%s was not built: %v", ocr.WorkerName, err)
		}
		return
	}
	msg := "tesseract with eng and chi_sim models is not installed (make deps)"
	testenv.SkipOrFail(tb, msg)
}

// MustPNG renders the sample report at dpi, turned and skewed, as PNG.
func MustPNG(tb testing.TB, dpi float64, turn int, skew float64) []byte {
	tb.Helper()
	g, err := scan.RenderText(scan.SampleReport(), dpi)
	if err != nil {
		tb.Fatal(err)
	}
	if skew != 0 {
		g = scan.Skew(g, skew)
	}
	g = scan.Turn(g, turn)
	var b bytes.Buffer
	if err := png.Encode(&b, g); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

func pageText(p labrelay.Page) string {
	var b strings.Builder
	for _, r := range p.Rows {
		b.WriteString(r.Text())
		b.WriteByte('\n')
	}
	return b.String()
}

func findWord(l *labrelay.Layout, text string) (labrelay.Word, bool) {
	for _, p := range l.Pages {
		for _, r := range p.Rows {
			for _, w := range r.Words {
				if w.Text == text {
					return w, true
				}
			}
		}
	}
	return labrelay.Word{}, false
}

func TestReadLayoutFindsWords(t *testing.T) {
	r := MustReader(t)
	l, err := r.ReadLayout(t.Context(), MustPNG(t, 300, 0, 0), "image/png")
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Pages) != 1 {
		t.Fatalf("got %d pages, want 1", len(l.Pages))
	}
	p := l.Pages[0]
	if p.Number != 1 || p.Unit != "px" || p.Path != labrelay.PathOCR || p.Width != 2479 || p.Height != 3508 {
		t.Errorf("got page %d, %v×%v %s, path %q; want page 1, 2479×3508 px, path ocr", p.Number, p.Width, p.Height, p.Unit, p.Path)
	}
	text := pageText(p)
	for _, want := range []string{
		"TEST REPORT",
		"Report No.: SHAEC2204512301 Date: 2026-05-09",
		"Cadmium (Cd) mg/kg 2 100 N.D.",
		"Hexavalent Chromium mg/kg 8 1000 N.D.",
		"Approved by: Jenny Wang, Technical Manager",
	} {
		if !strings.Contains(text, want+"\n") {
			t.Errorf("no row %q in:\n%s", want, text)
		}
	}
	w, ok := findWord(l, "SHAEC2204512301")
	if !ok {
		t.Fatal("report number not found as a word")
	}
	// Drawn at x=60pt, baseline y=120pt: at 300 dpi x=250 px, top ≈ 470 px.
	if w.Box.X < 240 || w.Box.X > 560 || w.Box.Y < 440 || w.Box.Y > 500 || w.Box.H < 20 || w.Box.H > 60 {
		t.Errorf("report number box %+v, want near x 250-550, y 470, 30-40 px high", w.Box)
	}
	if w.Conf < 0.8 || w.Conf > 1 {
		t.Errorf("report number confidence %v, want in [0.8, 1]", w.Conf)
	}
	for _, row := range p.Rows {
		for i, w := range row.Words {
			if w.Conf < 0 || w.Conf > 1 {
				t.Errorf("word %q confidence %v outside [0,1]", w.Text, w.Conf)
			}
			if i > 0 && w.Box.X < row.Words[i-1].Box.X {
				t.Errorf("row %q: words not left to right", row.Text())
			}
		}
	}
	for i := 1; i < len(p.Rows); i++ {
		if p.Rows[i].Box.Y < p.Rows[i-1].Box.Y-5 {
			t.Errorf("rows not top to bottom: %q above %q", p.Rows[i].Text(), p.Rows[i-1].Text())
		}
	}
}

// Pages fed sideways, upside down or crooked read the same as upright ones.
func TestReadLayoutTurnsAndDeskews(t *testing.T) {
	r := MustReader(t)
	tests := []struct {
		name string
		turn int
		skew float64
	}{
		{"turned 90", 90, 0},
		{"turned 180", 180, 0},
		{"turned 270 and skewed", 270, -1.2},
		{"skewed 2.5°", 0, 2.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := r.ReadLayout(t.Context(), MustPNG(t, 200, tt.turn, tt.skew), "image/png")
			if err != nil {
				t.Fatal(err)
			}
			p := l.Pages[0]
			if p.Width > p.Height {
				t.Errorf("page is %v×%v, want portrait (turned upright)", p.Width, p.Height)
			}
			text := pageText(p)
			if len(p.Rows) == 0 || p.Rows[0].Text() != "TEST REPORT" {
				t.Errorf("first row is not the title:\n%s", text)
			}
			// One row per table line, cells left to right (a digit may be
			// misread on a degraded page; the structure must hold).
			for want, words := range map[string]int{"Cadmium (Cd) mg/kg 2 ": 6, "Sum of PBDEs mg/kg - ": 7} {
				found := false
				for _, row := range p.Rows {
					if strings.HasPrefix(row.Text(), want) && len(row.Words) == words && strings.HasSuffix(row.Text(), " N.D.") {
						found = true
					}
				}
				if !found {
					t.Errorf("no %d-word row %q…N.D. (a row split or merged) in:\n%s", words, want, text)
				}
			}
		})
	}
}

type expected struct {
	ReportNumber string `json:"report_number"`
	ProductName  string `json:"product_name"`
	PageCount    int    `json:"page_count"`
}

// The scan fixtures (fixtures/testdata/scan) read with their page count and
// key values intact.
func TestReadLayoutScanFixtures(t *testing.T) {
	if testing.Short() {
		t.Skip("OCR of 13 pages")
	}
	r := MustReader(t)
	files, _ := filepath.Glob("../../fixtures/testdata/scan/*")
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, ".json") {
			continue
		}
		n++
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var want expected
			js, err := os.ReadFile(strings.TrimSuffix(f, filepath.Ext(f)) + ".expected.json")
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(js, &want); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			l, err := r.ReadLayout(t.Context(), data, "")
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d pages in %v", len(l.Pages), time.Since(start).Round(time.Millisecond))
			if len(l.Pages) != want.PageCount {
				t.Errorf("got %d pages, want %d", len(l.Pages), want.PageCount)
			}
			var text strings.Builder
			for i, p := range l.Pages {
				if p.Number != i+1 || p.Path != labrelay.PathOCR || p.Unit != "px" {
					t.Errorf("page %d: number %d path %q unit %q", i+1, p.Number, p.Path, p.Unit)
				}
				text.WriteString(pageText(p))
			}
			for _, v := range []string{want.ReportNumber, want.ProductName} {
				if !strings.Contains(text.String(), v) {
					t.Errorf("%q not read", v)
				}
			}
		})
	}
	if n < 8 {
		t.Errorf("found %d scan fixtures, want at least 8 (go run ./fixtures/scan/genscan)", n)
	}
}

func TestOCRPDFPage(t *testing.T) {
	r := MustReader(t)
	data, err := os.ReadFile("../../fixtures/testdata/scan/bv-packaging-1-rot90.pdf")
	if err != nil {
		t.Fatal(err)
	}
	var want expected
	js, err := os.ReadFile("../../fixtures/testdata/scan/bv-packaging-1-rot90.expected.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(js, &want); err != nil {
		t.Fatal(err)
	}
	if want.ReportNumber == "" {
		t.Fatal("expected record has no report number")
	}
	p, err := r.OCRPDFPage(t.Context(), data, 1)
	if err != nil {
		t.Fatal(err)
	}
	if p.Number != 1 || !strings.Contains(pageText(p), want.ReportNumber) {
		t.Errorf("page %d, report number %q not read", p.Number, want.ReportNumber)
	}
}

func TestOCRPage(t *testing.T) {
	r := MustReader(t)
	g, err := scan.RenderText(scan.SampleReport()[:4], 150)
	if err != nil {
		t.Fatal(err)
	}
	p, err := r.OCRPage(t.Context(), g, 150)
	if err != nil {
		t.Fatal(err)
	}
	// 150 dpi is scaled to the 300 dpi working resolution.
	if p.Width < 2478 || p.Width > 2481 {
		t.Errorf("got width %v, want 2479 (scaled to 300 dpi)", p.Width)
	}
	if !strings.Contains(pageText(p), "Report No.: SHAEC2204512301") {
		t.Errorf("report number not read:\n%s", pageText(p))
	}
	if _, err := r.OCRPage(t.Context(), image.NewGray(image.Rect(0, 0, 20000, 20000)), 300); !labrelay.IsInputError(err) {
		t.Errorf("20000×20000 page: got %v, want an InputError", err)
	}
}

func TestReadLayoutRefuses(t *testing.T) {
	r := &ocr.Reader{} // no engine is needed to refuse
	defer r.Close()
	g, _ := scan.RenderText(scan.SampleReport()[:2], 50)
	jpg, _ := scan.EncodeJPEG(g, 80, 50, 0)
	tests := []struct {
		name, mediaType string
		data            []byte
		want            string
	}{
		{"png bomb", "image/png", pageimagetest.PNGBomb(30000, 30000), "image too large: 30000×30000 pixels exceeds"},
		{"truncated jpeg", "image/jpeg", jpg[:len(jpg)*2/3], "JPEG image is truncated"},
		{"tiff with 10000 pages", "image/tiff", pageimagetest.ManyPageTIFF(10000, false), "too many pages"},
		{"corrupt pdf", "application/pdf", []byte("%PDF-1.7\n1 0 obj <<"), "PDF is corrupt"},
		{"text as image", "image/png", []byte("not an image"), "not PNG, JPEG or TIFF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := r.ReadLayout(t.Context(), tt.data, tt.mediaType)
			if !labrelay.IsInputError(err) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an InputError containing %q", err, tt.want)
			}
			if took := time.Since(start); took > 300*time.Millisecond {
				t.Errorf("took %v to refuse", took)
			}
		})
	}
}

func TestReadLayoutTimeout(t *testing.T) {
	requireTesseract(t)
	r := &ocr.Reader{Languages: []string{"eng"}, Timeout: time.Millisecond}
	defer r.Close()
	_, err := r.ReadLayout(t.Context(), MustPNG(t, 100, 0, 0), "image/png")
	if !labrelay.IsInputError(err) || !errors.Is(err, errDeadline) {
		t.Errorf("got %v, want an InputError wrapping context.DeadlineExceeded", err)
	}
}

// Accented words eng reads plain ("Sanchez", "Migracién") are read with
// their marks; a word without marks is left as eng read it.
func TestReadLayoutAccents(t *testing.T) {
	r := MustReader(t)
	out, _ := exec.Command("tesseract", "--list-langs").CombinedOutput()
	if !strings.Contains(string(out), "\nspa") || !strings.Contains(string(out), "\ndeu") {
		testenv.SkipOrFail(t, "tesseract spa and deu models are not installed (make deps)")
	}
	g, err := scan.RenderText([]scan.TextLine{
		{X: 60, Y: 80, SizePt: 16, Text: "Informe de ensayo"},
		{X: 60, Y: 120, Text: "Migración específica de plomo"},
		{X: 60, Y: 140, Text: "Aprobado por: Dra. Elena Sánchez"},
		{X: 60, Y: 160, Text: "Prüfer: Miriam Krüger, Anna Schmidt"},
	}, 300)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, g); err != nil {
		t.Fatal(err)
	}
	l, err := r.ReadLayout(t.Context(), b.Bytes(), "image/png")
	if err != nil {
		t.Fatal(err)
	}
	text := pageText(l.Pages[0])
	for _, want := range []string{"Migración específica", "Sánchez", "Prüfer", "Krüger", "Schmidt"} {
		if !strings.Contains(text, want) {
			t.Errorf("no %q in:\n%s", want, text)
		}
	}
}
