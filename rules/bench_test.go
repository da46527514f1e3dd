package rules_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/pdf"
	"github.com/labrelay/labrelay/rules"
)

// BenchmarkAnalyze runs the engine (packs, generic reader, cross-check,
// tables) over the text-PDF fixtures' layouts; ns/page is per page, to
// set beside extract/pdf's BenchmarkPdftotext.
func BenchmarkAnalyze(b *testing.B) {
	names, _ := filepath.Glob("../fixtures/testdata/pdf/*.pdf")
	if len(names) == 0 {
		b.Skip("no fixtures")
	}
	e, err := rules.Default()
	if err != nil {
		b.Fatal(err)
	}
	var ls []*labrelay.Layout
	pages := 0
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			b.Fatal(err)
		}
		l, err := (&pdf.Reader{}).ReadLayout(context.Background(), data, "application/pdf")
		if err != nil {
			b.Fatal(err)
		}
		ls = append(ls, l)
		pages += len(l.Pages)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, l := range ls {
			if _, err := e.Analyze(context.Background(), l); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*pages), "ns/page")
}
