package pdf_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/pdf"
	"github.com/labrelay/labrelay/internal/testenv"
)

const fixtureDir = "../../fixtures/testdata/pdf"

// mustFixture reads a generated text-PDF fixture, skipping (or failing on
// CI) when the generator has not been run.
func mustFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(fixtureDir, name))
	if err != nil {
		testenv.SkipOrFailf(tb, "fixture %s: %v", name, err)
	}
	return data
}

func fixtures(tb testing.TB) []string {
	tb.Helper()
	names, _ := filepath.Glob(filepath.Join(fixtureDir, "*.pdf"))
	if len(names) == 0 {
		testenv.SkipOrFail(tb, "no PDF fixtures in "+fixtureDir)
	}
	return names
}

func pageText(p labrelay.Page) string {
	var b strings.Builder
	for _, r := range p.Rows {
		b.WriteString(r.Text())
		b.WriteByte('\n')
	}
	return b.String()
}

func TestReadLayoutFixtures(t *testing.T) {
	r := &pdf.Reader{}
	for _, name := range fixtures(t) {
		t.Run(filepath.Base(name), func(t *testing.T) {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			l, err := r.ReadLayout(t.Context(), data, "application/pdf")
			if err != nil {
				t.Fatalf("ReadLayout: %v", err)
			}
			if len(l.Pages) == 0 {
				t.Fatal("no pages")
			}
			for _, p := range l.Pages {
				if p.Unit != "pt" || p.Width <= 0 || p.Height <= 0 {
					t.Errorf("page %d: unit %q size %vx%v", p.Number, p.Unit, p.Width, p.Height)
				}
				if p.Path != labrelay.PathPDFText {
					t.Errorf("page %d: path %q (%s), want pdf_text", p.Number, p.Path, p.Reason)
				}
				prevY := -1.0
				for _, row := range p.Rows {
					if row.Box.Y < prevY {
						t.Errorf("page %d: rows not top to bottom (%v after %v)", p.Number, row.Box.Y, prevY)
					}
					prevY = row.Box.Y
					for i := 1; i < len(row.Words); i++ {
						if row.Words[i].Box.X < row.Words[i-1].Box.X {
							t.Errorf("page %d: words not left to right in %q", p.Number, row.Text())
						}
					}
				}
			}
			if txt := pageText(l.Pages[0]); !strings.Contains(strings.ToLower(txt), "report") {
				t.Errorf("page 1 text has no 'report':\n%s", txt)
			}
		})
	}
}

// TestReadLayoutColumns checks that a key-value caption and its value,
// and table cells, stay separate words with a column gap between them.
func TestReadLayoutColumns(t *testing.T) {
	data := mustFixture(t, "sgs-rohs-1.pdf")
	l, err := (&pdf.Reader{}).ReadLayout(t.Context(), data, "application/pdf")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, row := range l.Pages[0].Rows {
		if len(row.Words) > 0 && row.Words[0].Text == "Applicant:" {
			found = true
			next := row.Words[1]
			gap := next.Box.X - (row.Words[0].Box.X + row.Words[0].Box.W)
			if gap < row.Words[0].Box.H {
				t.Errorf("gap between caption and value %.1fpt, want a column gap (> %.1f)", gap, row.Words[0].Box.H)
			}
		}
	}
	if !found {
		t.Error("no row starting with the word Applicant:")
	}
}

func TestReadLayoutCorrupt(t *testing.T) {
	data := mustFixture(t, "sgs-rohs-1.pdf")
	r := &pdf.Reader{Timeout: 10 * time.Second}
	cases := map[string][]byte{
		"empty":     {},
		"not a pdf": []byte("hello, this is not a PDF at all\n"),
		"truncated": data[:len(data)/2],
		"header":    data[:20],
	}
	for i := 0; i < 12; i++ {
		b := bytes.Clone(data)
		for j := 0; j < 40; j++ {
			k := (i*7919 + j*104729) % len(b)
			b[k] ^= 0x5a
		}
		cases["flipped-"+string(rune('a'+i))] = b
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			l, err := r.ReadLayout(t.Context(), b, "application/pdf")
			if err != nil {
				if !labrelay.IsInputError(err) {
					t.Errorf("error %v is not an InputError", err)
				}
				return
			}
			if l == nil || len(l.Pages) == 0 {
				t.Error("no error and no pages")
			}
		})
	}
}

func TestReadLayoutEncrypted(t *testing.T) {
	data := mustFixture(t, "sgs-rohs-1.pdf")
	api.DisableConfigDir()
	encrypt := func(user, owner string) []byte {
		conf := model.NewAESConfiguration(user, owner, 256)
		var out bytes.Buffer
		if err := api.Encrypt(bytes.NewReader(data), &out, conf); err != nil {
			t.Fatalf("encrypt: %v", err)
		}
		return out.Bytes()
	}
	t.Run("user password", func(t *testing.T) {
		_, err := (&pdf.Reader{}).ReadLayout(t.Context(), encrypt("secret", "owner"), "application/pdf")
		if !labrelay.IsInputError(err) || !strings.Contains(err.Error(), "encrypted") {
			t.Fatalf("got %v, want an InputError saying the PDF is encrypted", err)
		}
	})
	t.Run("owner password only", func(t *testing.T) {
		l, err := (&pdf.Reader{}).ReadLayout(t.Context(), encrypt("", "owner"), "application/pdf")
		if err != nil {
			t.Fatalf("a PDF that opens without a password must be read: %v", err)
		}
		if !strings.Contains(pageText(l.Pages[0]), "Applicant") {
			t.Errorf("page 1 text lost after decryption:\n%s", pageText(l.Pages[0]))
		}
	})
	// Offsets shifted by a line a tool inserted: whatever our decryption
	// makes of it, poppler (the fallback) reads the file as it came.
	t.Run("owner password only, offsets shifted", func(t *testing.T) {
		enc := encrypt("", "owner")
		i := bytes.IndexByte(enc, '\n') + 1
		shifted := append(append(bytes.Clone(enc[:i]), "% inserted by a tool that did not fix the offsets\n"...), enc[i:]...)
		l, err := (&pdf.Reader{Pdftotext: pdftotext(t)}).ReadLayout(t.Context(), shifted, "application/pdf")
		if err != nil {
			t.Fatalf("poppler reads it, so must we: %v", err)
		}
		for _, p := range l.Pages {
			if p.Path == labrelay.PathOCR || !strings.Contains(pageText(p), "SGS") {
				t.Errorf("page %d: path %s (%s), text lost:\n%s", p.Number, p.Path, p.Reason, pageText(p))
			}
		}
	})
}

func TestReadLayoutMaxPages(t *testing.T) {
	data := mustFixture(t, "sgs-rohs-1.pdf")
	_, err := (&pdf.Reader{MaxPages: 1}).ReadLayout(t.Context(), data, "application/pdf")
	if !labrelay.IsInputError(err) {
		t.Fatalf("got %v, want an InputError for too many pages", err)
	}
}

func TestReadLayoutCancelled(t *testing.T) {
	data := mustFixture(t, "sgs-rohs-1.pdf")
	ctx, cancel := contextWithCancel(t)
	cancel()
	if _, err := (&pdf.Reader{}).ReadLayout(ctx, data, "application/pdf"); err == nil {
		t.Fatal("cancelled context: want an error")
	}
}

func pdftotext(tb testing.TB) string {
	tb.Helper()
	p, err := exec.LookPath("pdftotext")
	if err != nil {
		testenv.SkipOrFail(tb, "pdftotext not installed (Debian poppler-utils)")
	}
	return p
}

// TestUnusablePageFallsBack: a page whose text layer is missing goes to
// pdftotext, then to the OCR hook, and otherwise is marked for OCR.
func TestUnusablePageFallsBack(t *testing.T) {
	bin := pdftotext(t)
	blank := blankPDF(t)
	l, err := (&pdf.Reader{Pdftotext: bin}).ReadLayout(t.Context(), blank, "application/pdf")
	if err != nil {
		t.Fatal(err)
	}
	p := l.Pages[0]
	if p.Path != labrelay.PathOCR || len(p.Rows) != 0 || p.Reason == "" {
		t.Fatalf("page without text: path %q rows %d reason %q; want ocr, 0, a reason", p.Path, len(p.Rows), p.Reason)
	}
	called := false
	ocr := func(_ contextContext, _ []byte, page int) (*labrelay.Page, error) {
		called = true
		return &labrelay.Page{Number: page, Unit: "px", Path: labrelay.PathOCR,
			Rows: []labrelay.Row{{Words: []labrelay.Word{{Text: "scanned", Conf: 0.8}}}}}, nil
	}
	l, err = (&pdf.Reader{Pdftotext: bin, OCR: ocr}).ReadLayout(t.Context(), blank, "application/pdf")
	if err != nil {
		t.Fatal(err)
	}
	if !called || len(l.Pages[0].Rows) != 1 {
		t.Fatalf("OCR hook called %v, rows %d", called, len(l.Pages[0].Rows))
	}
}
