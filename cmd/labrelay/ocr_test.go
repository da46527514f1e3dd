package main

import (
	"bytes"
	"errors"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/labrelay/labrelay/extract/ocr"
	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
	"github.com/labrelay/labrelay/fixtures/scan"
	"github.com/labrelay/labrelay/internal/testenv"
)

// requireOCR skips when Tesseract is not installed, and fails when CI asks
// or when TestMain could not build the OCR worker.
func requireOCR(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tesseract"); err != nil {
		testenv.SkipOrFail(t, "tesseract is not installed (make deps)")
	}
	if _, err := exec.LookPath(ocr.WorkerName); err != nil {
		t.Fatalf("%s was not built by TestMain: %v", ocr.WorkerName, err)
	}
}

// scanPage writes a PNG scan of three lines of the sample report to the
// test's directory and returns its path.
func scanPage(t *testing.T) string {
	t.Helper()
	g, err := scan.RenderText(scan.SampleReport()[:3], 150)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := png.Encode(&b, g); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(t.TempDir(), "page.png")
	if err := os.WriteFile(page, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return page
}

// envWithout returns the environment without the variable key.
func envWithout(key string) []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, key+"=") {
			out = append(out, kv)
		}
	}
	return out
}

// labrelay starts its OCR workers with OMP_THREAD_LIMIT=1 when it is
// unset: the worker then finds the limit at 1 and does not warn. A limit
// set by the operator is kept, and the worker's warning is logged.
func TestExtractOCRThreadLimit(t *testing.T) {
	requireOCR(t)
	bin := labrelayBinary(t)
	page := scanPage(t)
	const warning = "OpenMP thread limit is above 1"
	for _, tt := range []struct {
		name     string
		env      []string
		wantWarn bool
	}{
		{"unset", envWithout("OMP_THREAD_LIMIT"), false},
		{"set to 2", append(envWithout("OMP_THREAD_LIMIT"), "OMP_THREAD_LIMIT=2"), true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cmd := exec.Command(bin, "extract", "--ocr-workers", "1", page)
			cmd.Env = tt.env
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("extract: %v\n%s", err, stderr.String())
			}
			if !strings.Contains(stdout.String(), `"path": "ocr"`) {
				t.Errorf("not read by OCR:\n%s", stdout.String())
			}
			if got := strings.Contains(stderr.String(), warning); got != tt.wantWarn {
				t.Errorf("thread-limit warning logged: got %v, want %v\n%s", got, tt.wantWarn, stderr.String())
			}
		})
	}
}

// scanFloor is the field F1 the scan fixtures must keep (measured 0.951);
// no wrong value may ever be auto-accepted.
const scanFloor = 0.95

// TestRulesScanFixtures runs `labrelay rules test` over the scan fixtures
// (fixtures/testdata/scan): OCR of 13 pages, then the rule packs.
func TestRulesScanFixtures(t *testing.T) {
	if testing.Short() {
		t.Skip("OCR of 13 pages")
	}
	requireOCR(t)
	bin := labrelayBinary(t)
	dir, err := filepath.Abs("../../fixtures/testdata/scan")
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "rules", "test", "", dir).CombinedOutput()
	if err != nil {
		t.Fatalf("rules test: %v (exit 1 means a wrong value was auto-accepted)\n%s", err, out)
	}
	m := regexp.MustCompile(`ALL FIELDS\s+\d+\s+\d+\s+\d+\s+\d+\s+([0-9.]+)\s+([0-9.]+)`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("no ALL FIELDS line:\n%s", out)
	}
	p, _ := strconv.ParseFloat(string(m[1]), 64)
	r, _ := strconv.ParseFloat(string(m[2]), 64)
	f1 := 2 * p * r / (p + r)
	t.Logf("scan fixtures: precision %.3f recall %.3f F1 %.3f", p, r, f1)
	if f1 < scanFloor {
		t.Errorf("field F1 %.3f under the floor %.2f\n%s", f1, scanFloor, out)
	}
	if !bytes.Contains(out, []byte("wrong values auto-accepted: 0")) {
		t.Errorf("wrong values auto-accepted:\n%s", out)
	}
}

// A scanned report whose page crashes the OCR worker twice (a segfault in
// C code, by the worker's test hook) is refused with a reason naming the
// page: labrelay itself does not crash.
func TestExtractOCRWorkerCrash(t *testing.T) {
	requireOCR(t)
	bin := labrelayBinary(t)
	cmd := exec.Command(bin, "extract", "--ocr-workers", "1", "../../fixtures/testdata/scan/coc-1-rot180.png")
	cmd.Env = append(os.Environ(), ocrproto.TestCrashEnv+"=segv@1")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 {
		t.Fatalf("got %v, want exit status 2 (unreadable input)\n%s", err, stderr.String())
	}
	if want := "OCR worker crashed twice on page 1"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr does not say %q:\n%s", want, stderr.String())
	}
}
