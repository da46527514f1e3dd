// Command benchreport runs labrelay's benchmarks and their external
// baselines in one go and prints one Markdown table, so that runs can be
// compared with each other and every ratio is measured in the same run
// (on the same, possibly busy, machine). `make bench` runs it from the
// module root; docs/benchmarks.md explains the rows.
//
// Each package's test binary is built first (go test -c) and run on its
// own, so that the max RSS reported for it is the benchmark's (with the
// S3 server or helper processes it starts), not the compiler's.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// suite is one test binary's benchmark run.
type suite struct {
	pkg   string   // import path relative to the module root, e.g. ./sign
	bench string   // -test.bench
	args  []string // more flags for the test binary
	needs []string // external commands it needs; the suite is skipped without them
}

// result is one benchmark line: unit → value (ns/op, docs/s, p50-ms…).
type result map[string]float64

type run struct {
	results map[string]result // benchmark name without -GOMAXPROCS
	maxRSS  int64             // bytes, the binary and the processes it waited for
	elapsed time.Duration
	err     error
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := Main(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
}

// Main runs the suites and writes the report to out, progress to log.
func Main(ctx context.Context, args []string, out, log io.Writer) error {
	fs := flag.NewFlagSet("benchreport", flag.ContinueOnError)
	fs.SetOutput(log)
	ocrPages := fs.Int("ocr-runs", 3, "OCR pages timed for labrelay and for the tesseract CLI each")
	rssPages := fs.Int("rss-pages", 100, "pages of the scanned PDF whose OCR peak RSS is measured (2 workers)")
	e2eDocs := fs.Int("e2e-docs", 100, "native reports dropped per end-to-end benchmark")
	batchList := fs.String("batch-docs", "1000,10000", "stored documents of the batch reprocess benchmark, comma-separated (1000, 10000): peak memory must not grow with them")
	quick := fs.Bool("quick", false, "skip OCR and the end-to-end benchmarks (about a minute)")
	only := fs.String("only", "", "run only the benchmark runs whose package contains this (e.g. ocr); the whole-process rows always run")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var batchDocs []int
	for _, f := range strings.Split(*batchList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || (n != 1000 && n != 10000) {
			return fmt.Errorf("-batch-docs: %q is not 1000 or 10000", f)
		}
		batchDocs = append(batchDocs, n)
	}
	batchRe := make([]string, len(batchDocs))
	for i, n := range batchDocs {
		batchRe[i] = strconv.Itoa(n)
	}
	suites := []suite{
		{pkg: "./extract", bench: "^BenchmarkExtractNative$", args: []string{"-test.cpu", "1", "-test.benchtime", "2s"}},
		{pkg: "./extract/pdf", bench: "^(BenchmarkReadLayout|BenchmarkPdftotext)$", args: []string{"-test.benchtime", "2s"}, needs: []string{"pdftotext"}},
		{pkg: "./sign", bench: ".", args: []string{"-test.benchtime", "1s"}},
		signatureSuite,
		{pkg: "./batch", bench: fmt.Sprintf("^BenchmarkBatchReprocess$/^docs=(%s)$", strings.Join(batchRe, "|")), args: []string{"-test.benchtime", "1x"}},
	}
	if !*quick {
		suites = append(suites,
			suite{pkg: "./extract/ocr", bench: "^(BenchmarkOCRPage|BenchmarkTesseractCLI)$", args: []string{"-test.benchtime", fmt.Sprintf("%dx", *ocrPages)}, needs: []string{"tesseract", "pdftoppm"}},
			suite{pkg: "./extract/ocr", bench: "^BenchmarkThroughput$", args: []string{"-test.benchtime", "1x"}, needs: []string{"tesseract", "pdftoppm"}},
			suite{pkg: "./extract/ocr", bench: "^BenchmarkPeakRSS$", args: []string{"-test.benchtime", "1x", "-rsspages", strconv.Itoa(*rssPages)}, needs: []string{"tesseract", "pdftoppm"}},
			suite{pkg: "./pipeline", bench: "^BenchmarkPipelineNative$", args: []string{"-test.benchtime", fmt.Sprintf("%dx", *e2eDocs)}},
		)
	}

	if *only != "" {
		suites = slices.DeleteFunc(suites, func(s suite) bool { return !strings.Contains(s.pkg, *only) })
	}
	tmp, err := os.MkdirTemp("", "benchreport-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	// labrelay (no cgo) and its OCR worker, as make build writes them: the
	// whole-process rows run them, and the OCR benchmarks find the worker
	// on PATH.
	bin := filepath.Join(tmp, "bin")
	if err := buildBinaries(ctx, bin); err != nil {
		return err
	}
	os.Setenv("PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
	start := time.Now()
	runs := map[string]*run{} // pkg + bench → run
	for _, s := range suites {
		if err := ctx.Err(); err != nil {
			return err
		}
		key := s.pkg + " " + s.bench
		if missing := missingCommands(s.needs); len(missing) > 0 {
			fmt.Fprintf(log, "benchreport: %s: skipped, %s not installed\n", s.pkg, strings.Join(missing, ", "))
			runs[key] = &run{err: fmt.Errorf("%s not installed", strings.Join(missing, ", "))}
			continue
		}
		fmt.Fprintf(log, "benchreport: %s -test.bench %s %s\n", s.pkg, s.bench, strings.Join(s.args, " "))
		r := runSuite(ctx, tmp, s, log)
		if r.err != nil {
			fmt.Fprintf(log, "benchreport: %s: %v\n", s.pkg, r.err)
		}
		runs[key] = r
	}
	var procRows []row
	processRows(ctx, bin, func(what, lr, base, ratio string) { procRows = append(procRows, row{what, lr, base, ratio}) })
	report(out, suites, runs, procRows, time.Since(start), *rssPages, *e2eDocs, batchDocs)
	return nil
}

func missingCommands(names []string) []string {
	var missing []string
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			missing = append(missing, n)
		}
	}
	return missing
}

// runSuite builds the package's test binary and runs its benchmarks in
// the package directory (tests find their fixtures by relative path).
func runSuite(ctx context.Context, tmp string, s suite, log io.Writer) *run {
	r := &run{results: map[string]result{}}
	bin := filepath.Join(tmp, strings.ReplaceAll(strings.Trim(s.pkg, "./"), "/", "_")+".test")
	if _, err := os.Stat(bin); err != nil {
		build := exec.CommandContext(ctx, "go", "test", "-c", "-o", bin, s.pkg)
		if out, err := build.CombinedOutput(); err != nil {
			r.err = fmt.Errorf("go test -c: %v\n%s", err, out)
			return r
		}
	}
	args := append([]string{"-test.run", "^$", "-test.bench", s.bench, "-test.benchmem"}, s.args...)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = s.pkg
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	var stdout bytes.Buffer
	cmd.Stdout = io.MultiWriter(&stdout, prefixWriter(log, "  "))
	cmd.Stderr = cmd.Stdout
	t0 := time.Now()
	err := cmd.Run()
	r.elapsed = time.Since(t0)
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			r.maxRSS = ru.Maxrss << 10 // kB on Linux
		}
	}
	r.results = parse(stdout.String())
	if err != nil {
		r.err = fmt.Errorf("%v", err)
	} else if len(r.results) == 0 {
		r.err = fmt.Errorf("no benchmark ran (skipped?)")
	}
	return r
}

var benchLine = regexp.MustCompile(`^(Benchmark\S+?)(?:-\d+)?\s+(\d+)\s+(.*)$`)

// parse reads `go test -bench` output: name, iterations, then value/unit
// pairs.
func parse(out string) map[string]result {
	res := map[string]result{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		m := benchLine.FindStringSubmatch(strings.TrimSpace(sc.Text()))
		if m == nil {
			continue
		}
		r := result{}
		r["iterations"], _ = strconv.ParseFloat(m[2], 64)
		f := strings.Fields(m[3])
		for i := 0; i+1 < len(f); i += 2 {
			if v, err := strconv.ParseFloat(f[i], 64); err == nil {
				r[f[i+1]] = v
			}
		}
		res[m[1]] = r
	}
	return res
}

// row is one line of the report.
type row struct {
	what, labrelay, baseline, ratio string
}

// results looks a benchmark's value up across all runs; ok is false when
// the benchmark did not run or reported zero.
type results map[string]*run

func (rs results) get(name, unit string) (float64, bool) {
	for _, r := range rs {
		if res, ok := r.results[name]; ok {
			v, ok := res[unit]
			return v, ok && v != 0
		}
	}
	return 0, false
}

const na = "n/a"

func report(w io.Writer, suites []suite, runs map[string]*run, procRows []row, total time.Duration, rssPages, e2eDocs int, batchDocs []int) {
	rs := results(runs)
	var rows []row
	rows = append(rows, extractRows(rs)...)
	rows = append(rows, signRows(rs)...)
	rows = append(rows, pipelineRows(rs, e2eDocs)...)
	rows = append(rows, batchRows(rs, batchDocs)...)
	rows = append(rows, ocrScaleRows(rs, rssPages)...)
	if r, ok := signatureShareRow(runs); ok {
		rows = append(rows, r)
	}
	rows = append(rows, procRows...)
	writeReport(w, rows, suites, runs, total)
}

// extractRows: one OCR page against the CLI (which loads its models), text
// PDF per page against pdftotext, native documents per second.
func extractRows(rs results) []row {
	var rows []row
	if ocr, ok := rs.get("BenchmarkOCRPage", "ns/op"); ok {
		base, ratio := na, na
		if cli, ok := rs.get("BenchmarkTesseractCLI", "ns/op"); ok {
			base = fmt.Sprintf("%.2f s (tesseract CLI)", cli/1e9)
			ratio = fmt.Sprintf("%.2f×", ocr/cli)
		}
		rows = append(rows, row{"OCR, one 300-dpi page, eng+chi_sim, 1 thread, in a worker process", fmt.Sprintf("%.2f s", ocr/1e9), base, ratio})
	}
	if lr, ok := rs.get("BenchmarkReadLayout", "ns/page"); ok {
		base, ratio := na, na
		if pt, ok := rs.get("BenchmarkPdftotext", "ns/page"); ok {
			base = fmt.Sprintf("%.2f ms (pdftotext -layout)", pt/1e6)
			ratio = fmt.Sprintf("%.2f×", lr/pt)
		}
		rows = append(rows, row{"Text PDF, time per page (fixtures)", fmt.Sprintf("%.2f ms", lr/1e6), base, ratio})
	}
	if v, ok := rs.get("BenchmarkExtractNative", "docs/s"); ok {
		rows = append(rows, row{"Native XML/JSON extraction, one core", fmt.Sprintf("%.0f docs/s", v), "", ""})
	}
	return rows
}

func signRows(rs results) []row {
	var rows []row
	for _, s := range []struct{ name, what string }{
		{"BenchmarkSignEd25519", "Sign a record, Ed25519"},
		{"BenchmarkSignES256", "Sign a record, ES256"},
		{"BenchmarkVerifyEd25519", "Verify a record, Ed25519"},
		{"BenchmarkVerifyES256", "Verify a record, ES256"},
	} {
		if v, ok := rs.get(s.name, "ns/op"); ok {
			rows = append(rows, row{s.what, fmt.Sprintf("%.0f ops/s", 1e9/v), fmt.Sprintf("%.0f µs/op", v/1e3), ""})
		}
	}
	return rows
}

func pipelineRows(rs results, e2eDocs int) []row {
	var rows []row
	for _, s := range []struct{ name, what string }{
		{"BenchmarkPipelineNative/webhook-paced", "End-to-end native, S3 event, 20 drops/s"},
		{"BenchmarkPipelineNative/poll-paced", "End-to-end native, 1 s list sweep, 20 drops/s"},
		{"BenchmarkPipelineNative/webhook", "End-to-end native, S3 event, burst"},
		{"BenchmarkPipelineNative/poll", "End-to-end native, 1 s list sweep, burst"},
	} {
		p50, ok := rs.get(s.name, "p50-ms")
		if !ok {
			continue
		}
		p95, _ := rs.get(s.name, "p95-ms")
		rps, _ := rs.get(s.name, "reports/s")
		rows = append(rows, row{fmt.Sprintf("%s (%d reports)", s.what, e2eDocs), fmt.Sprintf("p50 %.0f ms, p95 %.0f ms", p50, p95), fmt.Sprintf("%.1f reports/s", rps), ""})
	}
	return rows
}

func batchRows(rs results, batchDocs []int) []row {
	var rows []row
	for _, n := range batchDocs {
		name := fmt.Sprintf("BenchmarkBatchReprocess/docs=%d", n)
		if v, ok := rs.get(name, "docs/s"); ok {
			heap, _ := rs.get(name, "peak-heap-MB")
			rows = append(rows, row{fmt.Sprintf("Batch reprocess, %d stored documents", n), fmt.Sprintf("%.0f docs/s", v), fmt.Sprintf("peak heap %.0f MB", heap), ""})
		}
	}
	return rows
}

// ocrScaleRows: throughput from one worker to two, and the peak RSS of a
// long scan over all processes.
func ocrScaleRows(rs results, rssPages int) []row {
	var rows []row
	if one, ok := rs.get("BenchmarkThroughput/workers=1", "pages/s"); ok {
		if two, ok := rs.get("BenchmarkThroughput/workers=2", "pages/s"); ok {
			rows = append(rows, row{"OCR throughput, 4-page scan, 1 → 2 workers", fmt.Sprintf("%.2f → %.2f pages/s", one, two), fmt.Sprintf("%d CPUs", runtime.NumCPU()), fmt.Sprintf("%.2f×", two/one)})
		}
	}
	if v, ok := rs.get("BenchmarkPeakRSS", "MB-peak-RSS-all"); ok {
		parent, _ := rs.get("BenchmarkPeakRSS", "MB-peak-RSS-parent")
		rows = append(rows, row{fmt.Sprintf("Peak RSS, OCR of a %d-page scan, 2 workers, all processes (sampled every 20 ms)", rssPages), fmt.Sprintf("%.0f MB", v),
			fmt.Sprintf("goal ≤ 400 MB; labrelay's side alone %.0f MB", parent), ""})
	}
	return rows
}

// writeReport prints the header, the rows and the table of benchmark runs.
func writeReport(w io.Writer, rows []row, suites []suite, runs map[string]*run, total time.Duration) {
	host, _ := os.Hostname()
	fmt.Fprintf(w, "# labrelay benchmark report\n\n")
	fmt.Fprintf(w, "%s · %s · %s/%s · %d CPUs · %s · commit %s · %s\n\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"),
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), cpuModel(), commit(), host)
	fmt.Fprintf(w, "Baselines: %s; %s. Load average at the end: %s.\n\n", version("tesseract", "--version"), version("pdftotext", "-v"), loadAvg())
	fmt.Fprintln(w, "| measure | labrelay | baseline / detail | ratio |")
	fmt.Fprintln(w, "|---|---|---|---|")
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", r.what, r.labrelay, r.baseline, r.ratio)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| benchmark run | time | max RSS of the test process tree | status |")
	fmt.Fprintln(w, "|---|---|---|---|")
	for _, s := range suites {
		r := runs[s.pkg+" "+s.bench]
		status := "ok"
		if r.err != nil {
			status = strings.SplitN(r.err.Error(), "\n", 2)[0]
		}
		bench := strings.ReplaceAll(strings.NewReplacer("^", "", "$", "").Replace(s.bench), "|", `\|`)
		fmt.Fprintf(w, "| `%s` %s | %.0f s | %.0f MB | %s |\n", s.pkg, bench, r.elapsed.Seconds(), float64(r.maxRSS)/(1<<20), status)
	}
	fmt.Fprintf(w, "\nTotal %s.\n", total.Round(time.Second))
}

func commit() string {
	out, err := exec.Command("git", "describe", "--always", "--dirty").Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(out))
}

// version is the first line a command prints about its version.
func version(cmd string, arg string) string {
	out, err := exec.Command(cmd, arg).CombinedOutput()
	if err != nil && len(out) == 0 {
		return cmd + " not installed"
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return line
}

func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "cpu unknown"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "model name"); ok {
			return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
		}
	}
	return "cpu unknown"
}

func loadAvg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// prefixWriter indents the benchmarks' output in the progress log.
func prefixWriter(w io.Writer, prefix string) io.Writer {
	return &prefixed{w: w, prefix: prefix, bol: true}
}

type prefixed struct {
	w      io.Writer
	prefix string
	bol    bool
}

func (p *prefixed) Write(b []byte) (int, error) {
	var buf bytes.Buffer
	for _, c := range b {
		if p.bol {
			buf.WriteString(p.prefix)
		}
		buf.WriteByte(c)
		p.bol = c == '\n'
	}
	_, err := p.w.Write(buf.Bytes())
	return len(b), err
}
