package pdf_test

import (
	"context"
	"os"
	"os/exec"
	"testing"

	"github.com/labrelay/labrelay/extract/pdf"
)

// BenchmarkReadLayout reads every fixture; ns/op is per page.
func BenchmarkReadLayout(b *testing.B) {
	names := fixtures(b)
	var docs [][]byte
	pages := 0
	r := &pdf.Reader{}
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			b.Fatal(err)
		}
		l, err := r.ReadLayout(context.Background(), data, "application/pdf")
		if err != nil {
			b.Fatal(err)
		}
		pages += len(l.Pages)
		docs = append(docs, data)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			if _, err := r.ReadLayout(context.Background(), d, "application/pdf"); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*pages), "ns/page")
}

// BenchmarkPdftotext runs `pdftotext -layout` over the same files, for the
// ratio against BenchmarkReadLayout (compare ns/page).
func BenchmarkPdftotext(b *testing.B) {
	bin := pdftotext(b)
	names := fixtures(b)
	pages := 0
	r := &pdf.Reader{}
	for _, n := range names {
		data, _ := os.ReadFile(n)
		l, err := r.ReadLayout(context.Background(), data, "application/pdf")
		if err != nil {
			b.Fatal(err)
		}
		pages += len(l.Pages)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, n := range names {
			if err := exec.Command(bin, "-q", "-layout", n, os.DevNull).Run(); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*pages), "ns/page")
}
