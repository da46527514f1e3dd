package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

// mustBinaries builds labrelay, labrelay-ocr (when the tree has it) and
// labrelay-demo side by side, as `make build` and `make demo` do, and
// returns labrelay-demo's path.
func mustBinaries(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	bins := map[string]string{"../labrelay": "labrelay", ".": "labrelay-demo"}
	if _, err := os.Stat("../labrelay-ocr"); err == nil {
		bins["../labrelay-ocr"] = "labrelay-ocr" // labrelay's OCR workers, found next to it
	}
	for pkg, name := range bins {
		if out, err := exec.Command("go", "build", "-o", filepath.Join(dir, name), pkg).CombinedOutput(); err != nil {
			t.Fatalf("go build %s: %v\n%s", pkg, err, out)
		}
	}
	return filepath.Join(dir, "labrelay-demo")
}

// TestDemoOnce runs `labrelay-demo --once` twice on one directory: the
// native samples come out published, and the second run (reusing the
// database, key and bucket files) works and publishes nothing twice.
// --timeout is a bound, not a measure: the demo prints its table as soon
// as every sample has settled; a loaded machine needs minutes for the OCR.
func TestDemoOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("demo: skipped with -short")
	}
	bin := mustBinaries(t)
	_, file, _, _ := runtime.Caller(0)
	samples := filepath.Join(filepath.Dir(file), "..", "..", "fixtures", "testdata")
	dir := t.TempDir()
	reviewLine := regexp.MustCompile(`review UI +http://127\.0\.0\.1:\d+/review/ +\(user reviewer, password (\S+)\)`)
	var password string
	for run := 1; run <= 2; run++ {
		cmd := exec.CommandContext(t.Context(), bin, "--once", "--dir", dir, "--samples", samples,
			"--http", "127.0.0.1:0", "--s3", "127.0.0.1:0", "--dsp", "127.0.0.1:0", "--timeout", "5m")
		cmd.Dir = t.TempDir()
		start := time.Now()
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("run %d: %v\n%s", run, err, out)
		}
		t.Logf("run %d took %s", run, time.Since(start).Round(time.Millisecond))
		native, scans := 0, 0
		for _, line := range strings.Split(string(out), "\n") {
			if strings.Contains(line, "s3://scan-reports/") && strings.Contains(line, " ocr ") {
				scans++
			}
			if !strings.Contains(line, "native_") {
				continue
			}
			native++
			if !strings.Contains(line, "published") {
				t.Errorf("run %d: not published: %s", run, line)
			}
			if run == 2 && !strings.Contains(line, "earlier run") {
				t.Errorf("run 2 published again: %s", line)
			}
		}
		if scans != 9 {
			t.Errorf("run %d: %d scan rows read by OCR, want 9\n%s", run, scans, out)
		}
		if native != 12 {
			t.Errorf("run %d: %d native rows, want 12\n%s", run, native, out)
		}
		if !regexp.MustCompile(`\d+ published, \d+ for review, 0 failed, 0 exceptions, 0 pending`).Match(out) {
			t.Errorf("run %d: summary line missing or shows failures\n%s", run, out)
		}
		// The webhook has a token of its own each run, which versitygw
		// sends as ?token= (issue 17 finding 2), and the demo says it
		// turns Secure cookies off.
		cfg, err := os.ReadFile(filepath.Join(dir, "labrelay.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`token: [0-9a-f]{64}\n`).Match(cfg) {
			t.Errorf("run %d: webhook without a generated token:\n%s", run, cfg)
		}
		if !strings.Contains(string(out), "review cookies are not Secure") {
			t.Errorf("run %d: the demo does not say cookies are not Secure\n%s", run, out)
		}
		// The review UI's account is made once and its password printed.
		m := reviewLine.FindSubmatch(out)
		switch {
		case m == nil:
			t.Errorf("run %d: no review UI line\n%s", run, out)
		case run == 1:
			password = string(m[1])
		case string(m[1]) != password:
			t.Errorf("run 2: reviewer password %q, run 1 printed %q", m[1], password)
		}
	}
}
