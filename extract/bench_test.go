package extract_test

import (
	"os"
	"testing"

	"github.com/labrelay/labrelay/extract"
	"github.com/labrelay/labrelay/fixtures"
)

// BenchmarkExtractNative extracts the native XML and JSON samples (sniff,
// guard, mapping, schema check) one after the other; docs/s with -cpu 1 is
// the rate of one core.
func BenchmarkExtractNative(b *testing.B) {
	var docs [][]byte
	for _, p := range fixtures.NativeFiles(b) {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, data)
	}
	x := &extract.Extractor{Version: "bench"}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		d := docs[n%len(docs)]
		if _, err := x.Extract(b.Context(), "bench", d); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "docs/s")
}
