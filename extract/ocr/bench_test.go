package ocr_test

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/labrelay/labrelay/extract/ocr"
	"github.com/labrelay/labrelay/fixtures/scan"
	"github.com/labrelay/labrelay/internal/testenv"
)

var rssPages = flag.Int("rsspages", 100, "pages of the scanned PDF in BenchmarkPeakRSS")

// MustBenchPage is page 1 of the sgs-rohs-1 text-PDF fixture rasterised at
// 300 dpi, skewed 1°, with scanner noise, as a gray JPEG: a dense real-ish
// report page (≈250 words).
func MustBenchPage(tb testing.TB) []byte {
	tb.Helper()
	pages, err := scan.Rasterise("pdftoppm", "../../fixtures/testdata/pdf/sgs-rohs-1.pdf", 300)
	if err != nil {
		testenv.SkipOrFailf(tb, "no text-PDF fixture or pdftoppm: %v", err)
	}
	g := scan.Skew(pages[0], 1)
	scan.Noise(g, rand.New(rand.NewPCG(1, 2)), 5, 0.0003)
	jpg, err := scan.EncodeJPEG(g, 70, 300, 0)
	if err != nil {
		tb.Fatal(err)
	}
	return jpg
}

// BenchmarkOCRPage is labrelay's OCR of one 300-dpi page (decode, OSD,
// deskew, recognition, rows) with a warm worker process. Compare with
// BenchmarkTesseractCLI on the same image: go test -bench 'OCRPage|CLI'
// -benchtime 3x.
func BenchmarkOCRPage(b *testing.B) { benchOCRPage(b, &ocr.Reader{}) }

// BenchmarkOCRPageNoCells is BenchmarkOCRPage without the re-reading of
// numeric table cells: the difference is what the re-reads cost.
func BenchmarkOCRPageNoCells(b *testing.B) { benchOCRPage(b, &ocr.Reader{SkipCells: true}) }

func benchOCRPage(b *testing.B, r *ocr.Reader) {
	requireTesseract(b)
	jpg := MustBenchPage(b)
	defer r.Close()
	if _, err := r.ReadLayout(b.Context(), jpg, "image/jpeg"); err != nil { // warm the engine
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := r.ReadLayout(b.Context(), jpg, "image/jpeg"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTesseractCLI runs `tesseract page.jpg - -l eng+chi_sim --psm 3
// --dpi 300` with OMP_THREAD_LIMIT=1: the baseline labrelay must stay
// within 1.1× of. The CLI loads its models on every run; it does no
// orientation detection or deskew.
func BenchmarkTesseractCLI(b *testing.B) {
	requireTesseract(b)
	path := filepath.Join(b.TempDir(), "page.jpg")
	if err := os.WriteFile(path, MustBenchPage(b), 0o644); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		cmd := exec.Command("tesseract", path, "-", "-l", "eng+chi_sim", "--psm", "3", "--dpi", "300")
		cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("tesseract: %v: %s", err, out)
		}
	}
}

// mustScannedPDF repeats one JPEG page n times in an image-only PDF.
func mustScannedPDF(tb testing.TB, jpg []byte, n int) []byte {
	tb.Helper()
	var pp []scan.PDFPage
	for range n {
		pp = append(pp, scan.PDFPage{JPEG: jpg, Width: 2481, Height: 3508, DPI: 300})
	}
	var buf bytes.Buffer
	if err := scan.WritePDF(&buf, pp); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkThroughput reads a 4-page scanned PDF with 1 and 2 workers.
func BenchmarkThroughput(b *testing.B) {
	requireTesseract(b)
	pdf := mustScannedPDF(b, MustBenchPage(b), 4)
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			r := &ocr.Reader{Workers: workers}
			defer r.Close()
			// Start the workers (about half a second each) outside the timing.
			if _, err := r.ReadLayout(b.Context(), mustScannedPDF(b, MustBenchPage(b), workers), "application/pdf"); err != nil {
				b.Fatal(err)
			}
			pages := 0
			for b.Loop() {
				l, err := r.ReadLayout(b.Context(), pdf, "application/pdf")
				if err != nil {
					b.Fatal(err)
				}
				pages += len(l.Pages)
			}
			b.ReportMetric(float64(pages)/b.Elapsed().Seconds(), "pages/s")
		})
	}
}

// BenchmarkPeakRSS reads a -rsspages scanned PDF (one page repeated) in a
// fresh process with 2 workers and reports the peak of the resident sets
// of that process and its OCR workers together, sampled from /proc every
// 20 ms: the goal is under 400 MB. Run it once: -bench PeakRSS -benchtime 1x.
func BenchmarkPeakRSS(b *testing.B) {
	requireTesseract(b)
	path := filepath.Join(b.TempDir(), "scan.pdf")
	if err := os.WriteFile(path, mustScannedPDF(b, MustBenchPage(b), *rssPages), 0o644); err != nil {
		b.Fatal(err)
	}
	exe, err := os.Executable()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		cmd := exec.Command(exe, "-test.run=^TestRSSHelper$")
		cmd.Env = append(os.Environ(), "LABRELAY_RSS_PDF="+path, "LABRELAY_RSS_WORKERS=2")
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		peak, stop := sampleTreeRSS(cmd.Process.Pid)
		err := cmd.Wait()
		stop()
		if err != nil {
			b.Fatalf("helper: %v: %s", err, out.String())
		}
		var kb, pages float64
		for _, line := range strings.Split(out.String(), "\n") {
			if f := strings.Fields(line); len(f) == 5 && f[0] == "RSS" {
				kb, _ = strconv.ParseFloat(f[2], 64)
				pages, _ = strconv.ParseFloat(f[4], 64)
			}
		}
		if kb == 0 || int(pages) != *rssPages {
			b.Fatalf("helper output: %s", out.String())
		}
		b.ReportMetric(float64(*peak)/(1<<20), "MB-peak-RSS-all")
		b.ReportMetric(kb/1024, "MB-peak-RSS-parent")
		b.ReportMetric(pages, "pages")
	}
}

// sampleTreeRSS samples the summed VmRSS of pid and its descendants every
// 20 ms until stop is called; *peak is the largest sum seen.
func sampleTreeRSS(pid int) (peak *int64, stop func()) {
	peak = new(int64)
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			*peak = max(*peak, treeRSS(pid))
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return peak, func() { close(done); <-finished }
}

// treeRSS is the summed VmRSS of pid and its descendants, in bytes.
func treeRSS(pid int) int64 {
	dirs, _ := os.ReadDir("/proc")
	parent := map[int]int{}
	for _, d := range dirs {
		p, err := strconv.Atoi(d.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + d.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid …: comm may hold spaces, so cut at the last ')'.
		if i := bytes.LastIndexByte(stat, ')'); i > 0 {
			if f := strings.Fields(string(stat[i+1:])); len(f) > 1 {
				parent[p], _ = strconv.Atoi(f[1])
			}
		}
	}
	in := func(p int) bool {
		for ; p > 1; p = parent[p] {
			if p == pid {
				return true
			}
		}
		return false
	}
	var sum int64
	for p := range parent {
		if in(p) {
			sum += procStatusKB(p, "VmRSS:") << 10
		}
	}
	return sum
}

// TestRSSHelper is BenchmarkPeakRSS's child process.
func TestRSSHelper(t *testing.T) {
	path := os.Getenv("LABRELAY_RSS_PDF")
	if path == "" {
		t.Skip("run by BenchmarkPeakRSS")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	workers, _ := strconv.Atoi(os.Getenv("LABRELAY_RSS_WORKERS"))
	// No document time limit: on a busy machine 100 pages can take longer
	// than the default, and memory is what is measured.
	r := &ocr.Reader{Workers: workers, MaxPages: 1000, Timeout: 24 * time.Hour}
	defer r.Close()
	l, err := r.ReadLayout(t.Context(), data, "application/pdf")
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("RSS VmHWM %d kB %d\n", procStatusKB(os.Getpid(), "VmHWM:"), len(l.Pages))
}

// procStatusKB is a kB field of /proc/PID/status, 0 if unknown.
func procStatusKB(pid int, field string) int64 {
	f, err := os.Open("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), field); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}
