package main

import "fmt"

// signatureSuite times a whole text-PDF extraction of a signed report and
// the PDF signature check alone (extract.BenchmarkPDFSignature; it signs
// the fixture with openssl).
var signatureSuite = suite{pkg: "./extract", bench: "^BenchmarkPDFSignature$",
	args: []string{"-test.cpu", "1", "-test.benchtime", "1s"}, needs: []string{"openssl"}}

// signatureShareRow is the share of text-PDF extraction time spent
// checking the lab's PDF signature (issue 18: at most 10%).
func signatureShareRow(runs map[string]*run) (row, bool) {
	ext, ok1 := lookup(runs, "BenchmarkPDFSignature/extract", "ns/op")
	chk, ok2 := lookup(runs, "BenchmarkPDFSignature/check", "ns/op")
	if !ok1 || !ok2 {
		return row{}, false
	}
	return row{
		what:     "PDF signature check, share of a signed 2-page text-PDF extraction",
		labrelay: fmt.Sprintf("%.2f ms of %.2f ms", chk/1e6, ext/1e6),
		baseline: "goal ≤ 10%",
		ratio:    fmt.Sprintf("%.1f%%", 100*chk/ext),
	}, true
}

// lookup finds a benchmark's value in any run; zero counts as missing.
func lookup(runs map[string]*run, name, unit string) (float64, bool) {
	for _, r := range runs {
		if res, ok := r.results[name]; ok {
			v, ok := res[unit]
			return v, ok && v != 0
		}
	}
	return 0, false
}
