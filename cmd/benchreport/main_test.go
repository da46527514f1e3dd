package main

import (
	"testing"

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
