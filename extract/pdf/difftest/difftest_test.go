package difftest_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"hash/fnv"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labrelay/labrelay/extract/pdf/difftest"
	"github.com/labrelay/labrelay/rules"
)

// root is the repository root, from this package's directory.
const root = "../../.."

// full reports whether the whole corpus is checked (make diff-poppler,
// LABRELAY_DIFFTEST=ci or 1); a plain `go test` checks one fixture and
// its variants.
func full() bool { return os.Getenv("LABRELAY_DIFFTEST") != "" }

// sampled reports whether a full run checks a deterministic sample of
// each file's variants (LABRELAY_DIFFTEST=ci, the CI run) rather than all.
func sampled() bool { return os.Getenv("LABRELAY_DIFFTEST") == "ci" }

// sampleSize is how many variants besides the original a sampled run
// checks per file (LABRELAY_DIFFTEST_SAMPLE, default 3).
func sampleSize() int {
	if n, err := strconv.Atoi(os.Getenv("LABRELAY_DIFFTEST_SAMPLE")); err == nil && n >= 0 {
		return n
	}
	return 3
}

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

// buildLabrelay builds labrelay and its OCR worker, labrelay-ocr, which
// labrelay finds next to itself: scanned PDFs need it.
func buildLabrelay(tb testing.TB) string {
	tb.Helper()
	dir := tb.TempDir()
	for _, pkg := range []string{"./cmd/labrelay", "./cmd/labrelay-ocr"} {
		cmd := exec.Command("go", "build", "-o", filepath.Join(dir, filepath.Base(pkg)), pkg)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			tb.Fatalf("build %s: %v\n%s", pkg, err, out)
		}
	}
	return filepath.Join(dir, "labrelay")
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
		// One file per core: each check runs labrelay and pdftotext as
		// processes, the largest file needs about 300 MB.
		sem = make(chan struct{}, max(2, runtime.NumCPU()))
	)
	for _, src := range pdfs(t) {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			t0 := time.Now()
			r := checkAll(t.Context(), c, src, qpdf)
			mu.Lock()
			rows = append(rows, r...)
			bad := 0
			for _, row := range r {
				if !row.Agree() {
					bad++
				}
			}
			// Progress, so that a slow file shows in a long run.
			t.Logf("%s: %d rows, %d disagreements, %s", src.name, len(r), bad, time.Since(t0).Round(time.Second))
			mu.Unlock()
		}()
	}
	wg.Wait()
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].File < rows[j].File })
	for _, k := range difftest.MarkKnown(rows, knownDisagreements(t)) {
		t.Errorf("known.txt: %s %s now agrees with poppler; remove the line", k.File, k.Variant)
	}
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
	noText := false               // the original has no text layer: OCR on every check
	seen := map[[32]byte]string{} // variant bytes → the variant checked with them
	vs := difftest.Variants(src.data, qpdf)
	for i, v := range vs {
		if v.Err != nil {
			rows = append(rows, difftest.Row{File: src.name, Variant: v.Name, PopplerOK: true, LabrelayOK: true,
				Fields: "n/a", Note: "not generated: " + v.Err.Error()})
			continue
		}
		sum := sha256.Sum256(v.Data)
		if same, ok := seen[sum]; ok {
			// The source already had this form (e.g. its tail is CRLF).
			rows = append(rows, difftest.Row{File: src.name, Variant: v.Name, PopplerOK: true, LabrelayOK: true,
				Fields: "n/a", Note: "same bytes as " + same + ", not checked again"})
			continue
		}
		seen[sum] = v.Name
		if i > 0 && sampled() && !inSample(src.name, i, len(vs)-1, noText) {
			continue
		}
		row, fields := c.Check(ctx, src.name, v, orig)
		if i == 0 {
			orig, noText = fields, row.Fields == "no text"
		}
		rows = append(rows, row)
	}
	return rows
}

// inSample picks, for the CI run, sampleSize() of a file's n variants
// (numbered 1..n), deterministically from its name, spread so that every
// kind of variant is checked on some files. A file without a text layer
// (OCR on every check) gets one.
func inSample(name string, i, n int, noText bool) bool {
	k := min(sampleSize(), n)
	if noText {
		k = min(k, 1)
	}
	h := fnv.New32a()
	h.Write([]byte(name))
	start := int(h.Sum32() % uint32(n))
	for j := range k {
		if (start+j*n/max(k, 1))%n+1 == i {
			return true
		}
	}
	return false
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

// knownDisagreements reads known.txt: the disagreements with poppler that
// were looked at and are poppler's, not labrelay's.
func knownDisagreements(tb testing.TB) []difftest.Known {
	b, err := os.ReadFile("known.txt")
	if err != nil {
		tb.Fatal(err)
	}
	ks, err := difftest.ParseKnown(b)
	if err != nil {
		tb.Fatalf("known.txt: %v", err)
	}
	return ks
}
