package main

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParse(t *testing.T) {
	out := `goos: linux
BenchmarkExtractNative 	    3279	    697779 ns/op	      1433 docs/s	  155906 B/op	    3420 allocs/op
BenchmarkPipelineNative/webhook-paced-2         	     100	         0 ns/op	        19.80 drops/s	        21.00 p50-ms	        38.00 p95-ms	        19.60 reports/s
--- SKIP: BenchmarkBatchReprocess/docs=10000
PASS
`
	got := parse(out)
	want := map[string]result{
		"BenchmarkExtractNative":                {"iterations": 3279, "ns/op": 697779, "docs/s": 1433, "B/op": 155906, "allocs/op": 3420},
		"BenchmarkPipelineNative/webhook-paced": {"iterations": 100, "ns/op": 0, "drops/s": 19.8, "p50-ms": 21, "p95-ms": 38, "reports/s": 19.6},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("parse (-want +got):\n%s", d)
	}
}

func TestTimeOutput(t *testing.T) {
	out := "\tCommand being timed: \"labrelay help\"\n\tUser time (seconds): 0.01\n\tSystem time (seconds): 0.02\n\tMaximum resident set size (kbytes): 31800\n"
	if got, want := timeCPU(out), 30*time.Millisecond; got != want {
		t.Errorf("timeCPU = %v, want %v", got, want)
	}
	if got, want := timeMaxRSS(out), int64(31800<<10); got != want {
		t.Errorf("timeMaxRSS = %d, want %d", got, want)
	}
}

func TestReportRows(t *testing.T) {
	runs := results{
		"ocr": {results: map[string]result{"BenchmarkOCRPage": {"ns/op": 2.1e9}, "BenchmarkTesseractCLI": {"ns/op": 2e9}}},
		"pdf": {results: map[string]result{"BenchmarkReadLayout": {"ns/page": 3e6}}},
	}
	got := extractRows(runs)
	want := []row{
		{"OCR, one 300-dpi page, eng+chi_sim, 1 thread, in a worker process", "2.10 s", "2.00 s (tesseract CLI)", "1.05×"},
		{"Text PDF, time per page (fixtures)", "3.00 ms", "n/a", "n/a"},
	}
	if d := cmp.Diff(want, got, cmp.AllowUnexported(row{})); d != "" {
		t.Errorf("extractRows (-want +got):\n%s", d)
	}
}

func TestSignatureShareRow(t *testing.T) {
	runs := map[string]*run{"x": {results: parse(`BenchmarkPDFSignature/extract 	     100	  40000000 ns/op
BenchmarkPDFSignature/check   	    1000	   1000000 ns/op
`)}}
	r, ok := signatureShareRow(runs)
	if !ok || r.ratio != "2.5%" || r.labrelay != "1.00 ms of 40.00 ms" {
		t.Errorf("row %+v, %v; want 2.5%% of 40 ms", r, ok)
	}
	if _, ok := signatureShareRow(map[string]*run{}); ok {
		t.Error("a row without the benchmark")
	}
}
