package difftest_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/labrelay/labrelay/extract/pdf/difftest"
	"github.com/labrelay/labrelay/rules"
)

// root is the repository root, from this package's directory.
const root = "../../.."

// full reports whether the whole corpus is checked (make diff-poppler);
// a plain `go test` checks one fixture and its variants.
func full() bool { return os.Getenv("LABRELAY_DIFFTEST") != "" }

func tool(tb testing.TB, name string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" || full() {
			tb.Fatalf("%s not installed (bash scripts/deps.sh)", name)
		}
		tb.Skipf("%s not installed (bash scripts/deps.sh)", name)
	}
	return p
}

func buildLabrelay(tb testing.TB) string {
	tb.Helper()
	bin := filepath.Join(tb.TempDir(), "labrelay")
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/labrelay")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		tb.Fatalf("build labrelay: %v\n%s", err, out)
	}
	return bin
}

type source struct {
	name string
	data []byte
}

// pdfs returns every PDF the project has: fixtures, scans, the shared
// real corpus (read in place), and the fuzz corpus entries and regression
// seeds that are PDFs.
func pdfs(tb testing.TB) []source {
	tb.Helper()
	var out []source
	globs := []string{"fixtures/testdata/pdf/*.pdf", "fixtures/testdata/scan/*.pdf", "../shared/corpus/real/*.pdf"}
	if !full() {
		globs = []string{"fixtures/testdata/pdf/sgs-rohs-1.pdf"}
	}
	for _, g := range globs {
		names, _ := filepath.Glob(filepath.Join(root, g))
		for _, n := range names {
			data, err := os.ReadFile(n)
			if err != nil {
				tb.Fatal(err)
			}
			rel, _ := filepath.Rel(root, n)
			out = append(out, source{rel, data})
		}
	}
	if len(out) == 0 {
		tb.Fatal("no PDF fixtures: run make fixtures")
	}
	if full() {
		out = append(out, fuzzPDFs(tb)...)
	}
	// LABRELAY_DIFFTEST_MATCH narrows a full run to names containing it.
	if m := os.Getenv("LABRELAY_DIFFTEST_MATCH"); m != "" {
		out = slices.DeleteFunc(out, func(s source) bool { return !strings.Contains(s.name, m) })
	}
	return out
}

// fuzzPDFs decodes the []byte entries of every testdata/fuzz corpus file
// and keeps those that are PDFs.
func fuzzPDFs(tb testing.TB) []source {
	tb.Helper()
	var out []source
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.Contains(filepath.ToSlash(p), "/testdata/fuzz/") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil || !bytes.HasPrefix(b, []byte("go test fuzz v1\n")) {
			return nil
		}
		for _, line := range strings.Split(string(b), "\n")[1:] {
			lit, ok := strings.CutPrefix(strings.TrimSpace(line), "[]byte(")
			if !ok {
				continue
			}
			s, err := strconv.Unquote(strings.TrimSuffix(lit, ")"))
			if err == nil && bytes.Contains(head([]byte(s), 1024), []byte("%PDF-")) {
				rel, _ := filepath.Rel(root, p)
				out = append(out, source{rel, []byte(s)})
			}
		}
		return nil
	})
	return out
}

func head(b []byte, n int) []byte { return b[:min(n, len(b))] }

// TestPopplerAgreement: on every PDF and each of its variants, poppler
// and labrelay both read it (with the same fields as from pdftotext's
// text) or both refuse it.
func TestPopplerAgreement(t *testing.T) {
	if testing.Short() {
		t.Skip("runs labrelay extract and pdftotext on every variant")
	}
	c := &difftest.Checker{Labrelay: buildLabrelay(t), Pdftotext: tool(t, "pdftotext"), Dir: t.TempDir()}
	eng, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	c.Rules = eng
	qpdf, _ := exec.LookPath("qpdf")
	var (
		mu   sync.Mutex
		rows []difftest.Row
		wg   sync.WaitGroup
		sem  = make(chan struct{}, 2)
	)
	for _, src := range pdfs(t) {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			r := checkAll(t.Context(), c, src, qpdf)
			mu.Lock()
			rows = append(rows, r...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].File < rows[j].File })
	var b bytes.Buffer
	bad := difftest.Table(&b, rows)
	if full() {
		fmt.Print(b.String())
	} else {
		t.Log("\n" + b.String())
	}
	if bad > 0 {
		t.Errorf("%d disagreements with poppler (table above)", bad)
	}
}

func checkAll(ctx context.Context, c *difftest.Checker, src source, qpdf string) []difftest.Row {
	var rows []difftest.Row
	var orig map[string]any
	for i, v := range difftest.Variants(src.data, qpdf) {
		if v.Err != nil {
			rows = append(rows, difftest.Row{File: src.name, Variant: v.Name, PopplerOK: true, LabrelayOK: true,
				Fields: "n/a", Note: "not generated: " + v.Err.Error()})
			continue
		}
		row, fields := c.Check(ctx, src.name, v, orig)
		if i == 0 {
			orig = fields
		}
		rows = append(rows, row)
	}
	return rows
}

// TestTesseractAgreement: every JPEG, PNG and TIFF the project has, and
// generated encodings of a fixture, are read by both Tesseract (Leptonica)
// and labrelay's image decoder, or by neither.
func TestTesseractAgreement(t *testing.T) {
	if testing.Short() {
		t.Skip("runs tesseract on every image")
	}
	tess := tool(t, "tesseract")
	convert := tool(t, "convert-im6.q16")
	dir := t.TempDir()
	var paths []string
	for _, g := range []string{"fixtures/testdata/scan/*", "../shared/corpus/real/*"} {
		names, _ := filepath.Glob(filepath.Join(root, g))
		for _, n := range names {
			switch strings.ToLower(filepath.Ext(n)) {
			case ".jpg", ".jpeg", ".png", ".tif", ".tiff":
				paths = append(paths, n)
			}
		}
	}
	if !full() {
		paths = nil
	}
	for i, b := range fuzzImages(t) {
		p := filepath.Join(dir, fmt.Sprintf("fuzz-seed-%d", i))
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	src := filepath.Join(root, "fixtures/testdata/scan/coc-1-rot180.png")
	for _, v := range difftest.ImageVariants {
		p, err := difftest.MakeImage(convert, src, dir, v)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	var rows []difftest.Row
	for _, p := range paths {
		row := difftest.CheckImage(t.Context(), tess, p)
		row.File, _ = filepath.Rel(root, p)
		if strings.HasPrefix(p, dir) {
			row.File = filepath.Base(p)
		}
		row.Fields = "n/a"
		rows = append(rows, row)
	}
	var b bytes.Buffer
	bad := difftest.Table(&b, rows)
	if full() {
		fmt.Print(strings.ReplaceAll(b.String(), "POPPLER", "TESSERACT"))
	} else {
		t.Log("\n" + b.String())
	}
	if bad > 0 {
		t.Errorf("%d disagreements with Tesseract (table above)", bad)
	}
}

// fuzzImages returns the image entries of the image fuzz corpus.
func fuzzImages(tb testing.TB) [][]byte {
	tb.Helper()
	var out [][]byte
	names, _ := filepath.Glob(filepath.Join(root, "extract/pageimage/testdata/fuzz/*/*"))
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			tb.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n")[1:] {
			lit, ok := strings.CutPrefix(strings.TrimSpace(line), "[]byte(")
			if s, err := strconv.Unquote(strings.TrimSuffix(lit, ")")); ok && err == nil {
				out = append(out, []byte(s))
			}
		}
	}
	return out
}
