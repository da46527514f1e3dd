package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// procRuns is how many times each whole-process command runs; the report
// gives the median.
const procRuns = 5

// procResult is a whole-process measure: median wall time and max RSS.
type procResult struct {
	wall time.Duration
	rss  int64 // bytes, the median of /usr/bin/time -v's maximum resident set
	// cpu is the median user+system time: on a busy machine wall time
	// includes waiting for a core, CPU time does not.
	cpu time.Duration
	err error
}

// buildBinaries builds labrelay (CGO_ENABLED=0, as make build does) and
// labrelay-ocr into dir.
func buildBinaries(ctx context.Context, dir string) error {
	for _, b := range []struct {
		pkg string
		env []string
	}{
		{"./cmd/labrelay", []string{"CGO_ENABLED=0"}},
		{"./cmd/labrelay-ocr", nil},
	} {
		cmd := exec.CommandContext(ctx, "go", "build", "-o", filepath.Join(dir, filepath.Base(b.pkg)), b.pkg)
		cmd.Env = append(os.Environ(), b.env...)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %v\n%s", b.pkg, err, out)
		}
	}
	return nil
}

// measureProcess runs argv procRuns times under /usr/bin/time -v (wall
// time measured around it here, to the microsecond) and returns the
// medians.
func measureProcess(ctx context.Context, argv ...string) procResult {
	timeBin, err := exec.LookPath("/usr/bin/time")
	if err != nil {
		return procResult{err: fmt.Errorf("/usr/bin/time not installed")}
	}
	var walls []time.Duration
	var rsss []int64
	var cpus []time.Duration
	for range procRuns {
		cmd := exec.CommandContext(ctx, timeBin, append([]string{"-v"}, argv...)...)
		var stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = io.Discard, &stderr
		t0 := time.Now()
		err := cmd.Run()
		walls = append(walls, time.Since(t0))
		if err != nil {
			return procResult{err: fmt.Errorf("%s: %v: %s", strings.Join(argv, " "), err, lastLine(stderr.String()))}
		}
		rsss = append(rsss, timeMaxRSS(stderr.String()))
		cpus = append(cpus, timeCPU(stderr.String()))
	}
	slices.Sort(walls)
	slices.Sort(rsss)
	slices.Sort(cpus)
	return procResult{wall: walls[len(walls)/2], rss: rsss[len(rsss)/2], cpu: cpus[len(cpus)/2]}
}

// timeMaxRSS reads "Maximum resident set size (kbytes): N" of time -v.
func timeMaxRSS(out string) int64 {
	for _, line := range strings.Split(out, "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "Maximum resident set size (kbytes):"); ok {
			n, _ := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
			return n << 10
		}
	}
	return 0
}

// timeCPU adds "User time (seconds)" and "System time (seconds)" of time -v.
func timeCPU(out string) time.Duration {
	var sum time.Duration
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(line)
		for _, p := range []string{"User time (seconds):", "System time (seconds):"} {
			if v, ok := strings.CutPrefix(line, p); ok {
				f, _ := strconv.ParseFloat(strings.TrimSpace(v), 64)
				sum += time.Duration(f * float64(time.Second))
			}
		}
	}
	return sum
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// textPDF3 is the 3-page text-PDF fixture of the whole-process rows.
const textPDF3 = "fixtures/testdata/pdf/sgs-rohs-2.pdf"

// processRows measures labrelay as whole processes: `help`, and `extract`
// of a 3-page text PDF against `pdftotext -layout`.
func processRows(ctx context.Context, bin string, add func(what, lr, base, ratio string)) {
	help := measureProcess(ctx, filepath.Join(bin, "labrelay"), "help")
	if help.err != nil {
		add("`labrelay help`, whole process", help.err.Error(), "goal ≤ 20 ms", "")
	} else {
		add("`labrelay help`, whole process (median of 5)", fmt.Sprintf("%.1f ms (%.0f ms CPU), %.0f MB max RSS", ms(help.wall), ms(help.cpu), mb(help.rss)), "goal ≤ 20 ms", "")
	}
	x := measureProcess(ctx, filepath.Join(bin, "labrelay"), "extract", textPDF3)
	pt := measureProcess(ctx, "pdftotext", "-layout", textPDF3, "-")
	switch {
	case x.err != nil:
		add("`labrelay extract` 3-page text PDF, whole process", x.err.Error(), "", "")
	case pt.err != nil:
		add("`labrelay extract` 3-page text PDF, whole process (median of 5)", fmt.Sprintf("%.0f ms (%.0f ms CPU), %.0f MB", ms(x.wall), ms(x.cpu), mb(x.rss)), pt.err.Error(), "")
	default:
		add("`labrelay extract` 3-page text PDF, whole process (median of 5)", fmt.Sprintf("%.0f ms (%.0f ms CPU), %.0f MB", ms(x.wall), ms(x.cpu), mb(x.rss)),
			fmt.Sprintf("%.0f ms (%.0f ms CPU), %.0f MB (pdftotext -layout)", ms(pt.wall), ms(pt.cpu), mb(pt.rss)), fmt.Sprintf("%.2f× (goal ≤ 3×)", float64(x.wall)/float64(pt.wall)))
	}
}

func ms(d time.Duration) float64 { return float64(d) / 1e6 }
func mb(b int64) float64         { return float64(b) / (1 << 20) }
