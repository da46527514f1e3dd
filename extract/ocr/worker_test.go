package ocr_test

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/ocr"
	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
	"github.com/labrelay/labrelay/fixtures/scan"
)

// mustShortScan is an image-only PDF of n 300-dpi pages, each the first
// lines of the sample report: quick to recognise.
func mustShortScan(tb testing.TB, n int) []byte {
	tb.Helper()
	g, err := scan.RenderText(scan.SampleReport()[:3], 300)
	if err != nil {
		tb.Fatal(err)
	}
	jpg, err := scan.EncodeJPEG(g, 85, 300, 0)
	if err != nil {
		tb.Fatal(err)
	}
	var pp []scan.PDFPage
	for range n {
		pp = append(pp, scan.PDFPage{JPEG: jpg, Width: g.Rect.Dx(), Height: g.Rect.Dy(), DPI: 300})
	}
	var buf bytes.Buffer
	if err := scan.WritePDF(&buf, pp); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// checkPages fails unless l has n pages numbered in order, each read.
func checkPages(t *testing.T, l *labrelay.Layout, n int) {
	t.Helper()
	if len(l.Pages) != n {
		t.Fatalf("got %d pages, want %d", len(l.Pages), n)
	}
	for i, p := range l.Pages {
		if p.Number != i+1 || !strings.Contains(pageText(p), "SHAEC2204512301") {
			t.Errorf("page %d (number %d) not read:\n%s", i+1, p.Number, pageText(p))
		}
	}
}

func alive(pid int) bool { return syscall.Kill(pid, 0) == nil }

// A worker that segfaults in C code costs one retried page: with the hook
// on every worker's second page, worker 1 dies on page 2, worker 2 reads
// page 2 and dies on page 3, worker 3 reads page 3.
func TestWorkerSegfaultRetried(t *testing.T) {
	requireTesseract(t)
	t.Setenv(ocrproto.TestCrashEnv, "segv@2")
	r := &ocr.Reader{Languages: []string{"eng"}}
	defer r.Close()
	l, err := r.ReadLayout(t.Context(), mustShortScan(t, 3), "application/pdf")
	if err != nil {
		t.Fatal(err)
	}
	checkPages(t, l, 3)
	if got := ocr.WorkersStarted(r); got != 3 {
		t.Errorf("%d workers started, want 3 (two crashed)", got)
	}
}

// A worker killed from outside (SIGKILL, as the OOM killer does) in the
// middle of a page: the page is read by a fresh worker.
func TestWorkerKilledRetried(t *testing.T) {
	requireTesseract(t)
	t.Setenv(ocrproto.TestCrashEnv, "hang@1") // the first worker only
	r := &ocr.Reader{Languages: []string{"eng"}}
	defer r.Close()
	type result struct {
		l   *labrelay.Layout
		err error
	}
	done := make(chan result, 1)
	go func() {
		l, err := r.ReadLayout(t.Context(), mustShortScan(t, 1), "application/pdf")
		done <- result{l, err}
	}()
	var pids []int
	for len(pids) == 0 {
		time.Sleep(50 * time.Millisecond)
		pids = ocr.WorkerPIDs(r)
	}
	os.Unsetenv(ocrproto.TestCrashEnv) // the next worker reads normally
	time.Sleep(300 * time.Millisecond) // it has the page and hangs on it
	if err := syscall.Kill(pids[0], syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	res := <-done
	if res.err != nil {
		t.Fatal(res.err)
	}
	checkPages(t, res.l, 1)
	if got := ocr.WorkersStarted(r); got != 2 {
		t.Errorf("%d workers started, want 2", got)
	}
	if alive(pids[0]) {
		t.Errorf("killed worker %d still exists", pids[0])
	}
}

// A page that kills two workers fails the document with a reason naming
// the page and how the worker ended.
func TestWorkerCrashesTwice(t *testing.T) {
	requireTesseract(t)
	for _, tt := range []struct{ mode, want string }{
		{"segv", "SIGSEGV"},
		{"kill", "signal: killed"},
		{"exit", "exit status 3"},
	} {
		t.Run(tt.mode, func(t *testing.T) {
			t.Setenv(ocrproto.TestCrashEnv, tt.mode+"@1")
			r := &ocr.Reader{Languages: []string{"eng"}}
			defer r.Close()
			_, err := r.ReadLayout(t.Context(), mustShortScan(t, 2), "application/pdf")
			if !labrelay.IsInputError(err) || !strings.Contains(err.Error(), "OCR worker crashed twice on page 1") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an InputError: OCR worker crashed twice on page 1 (… %s …)", err, tt.want)
			}
			if got := ocr.WorkersStarted(r); got != 2 {
				t.Errorf("%d workers started, want 2", got)
			}
			t.Log(err)
		})
	}
}

// A hung worker is killed at the page time limit and the document fails.
func TestWorkerHangTimedOut(t *testing.T) {
	requireTesseract(t)
	t.Setenv(ocrproto.TestCrashEnv, "hang@1")
	r := &ocr.Reader{Languages: []string{"eng"}, PageTimeout: 2 * time.Second}
	defer r.Close()
	done := make(chan error, 1)
	go func() {
		_, err := r.ReadLayout(t.Context(), mustShortScan(t, 1), "application/pdf")
		done <- err
	}()
	var pids []int
	for len(pids) == 0 {
		time.Sleep(20 * time.Millisecond)
		pids = ocr.WorkerPIDs(r)
	}
	err := <-done
	if !labrelay.IsInputError(err) || !strings.Contains(err.Error(), "OCR of page 1 took longer than the limit of 2s") {
		t.Errorf("got %v, want an InputError: OCR of page 1 took longer than the limit of 2s", err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for alive(pids[0]) && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if alive(pids[0]) {
		t.Errorf("hung worker %d still exists", pids[0])
	}
}

// Workers are replaced after RecyclePages pages and past MaxWorkerRSS
// (without orientation detection and cell re-reads, one request a page).
func TestWorkerRecycled(t *testing.T) {
	requireTesseract(t)
	for _, r := range []*ocr.Reader{
		{Languages: []string{"eng"}, SkipOrientation: true, SkipCells: true, RecyclePages: 1},
		{Languages: []string{"eng"}, SkipOrientation: true, SkipCells: true, MaxWorkerRSS: 1},
		{Languages: []string{"eng"}, SkipOrientation: true, SkipCells: true, RecyclePages: 3},
	} {
		l, err := r.ReadLayout(t.Context(), mustShortScan(t, 2), "application/pdf")
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		checkPages(t, l, 2)
		want := 2
		if r.RecyclePages == 3 {
			want = 1
		}
		if got := ocr.WorkersStarted(r); got != want {
			t.Errorf("RecyclePages %d MaxWorkerRSS %d: %d workers started, want %d", r.RecyclePages, r.MaxWorkerRSS, got, want)
		}
	}
}

func TestWorkerMissing(t *testing.T) {
	r := &ocr.Reader{Worker: "/nonexistent/labrelay-ocr"}
	defer r.Close()
	_, err := r.ReadLayout(t.Context(), MustPNG(t, 100, 0, 0), "image/png")
	if !errors.Is(err, ocr.ErrTesseract) || !strings.Contains(err.Error(), "OCR needs the labrelay-ocr binary next to labrelay or on PATH; run make build") {
		t.Errorf("got %v, want ErrTesseract asking for make build", err)
	}
}
