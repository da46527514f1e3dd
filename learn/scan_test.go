package learn_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/learn"
	"github.com/labrelay/labrelay/rules"
)

// scanPage is one page as OCR reads it at 300 dpi: each row's cells at
// their x (px), the words of a cell close together, 40 px high.
func scanPage(rows ...[]string) *labrelay.Layout {
	p := labrelay.Page{Number: 1, Width: 2480, Height: 3508, Unit: "px", Path: labrelay.PathOCR}
	for i, r := range rows {
		y := 200 + float64(i)*80
		row := labrelay.Row{Box: labrelay.Box{X: 0, Y: y, W: 2480, H: 40}}
		for k, c := range r {
			x := 180 + float64(k)*700
			for _, w := range strings.Fields(c) {
				wd := 22 * float64(len([]rune(w)))
				row.Words = append(row.Words, labrelay.Word{Text: w, Box: labrelay.Box{X: x, Y: y, W: wd, H: 40}, Conf: 0.95})
				x += wd + 12
			}
		}
		p.Rows = append(p.Rows, row)
	}
	return &labrelay.Layout{Pages: []labrelay.Page{p}}
}

// scanReport prints a report of one layout as OCR reads it: the caption's
// other script and the glyphs of the report number misread as given.
func scanReport(number, addressCaption, start, end, applicant string) *labrelay.Layout {
	return scanPage(
		[]string{"Nordwerk Chemical Laboratories GmbH"},
		[]string{"Certificate of Analysis"},
		[]string{"Report Number", number},
		[]string{addressCaption, "No. 13 Keji Road, Ningbo, China"},
		[]string{"Applicant Name", applicant},
		[]string{"Test Dates", ".9", start, end},
		[]string{"Tested by Nordwerk Chemical Laboratories GmbH"},
	)
}

// A pack learned from a scan reads the next scan of its layout: the value
// taught as OCR misread it, the caption whose other script OCR reads
// differently every time, the period whose "~" OCR lost; a misread
// identifier is read in the learned shape, under the threshold.
func TestLearnFromScan(t *testing.T) {
	rec := labrelay.Record{ReportNumber: "S8243543958", ApplicantAddress: "No. 13 Keji Road, Ningbo, China",
		ApplicantName: "Ningbo Goldpath Rubber & Plastics Co., Ltd.", TestStartDate: "2025-09-14", TestEndDate: "2025-09-18"}
	taught := scanReport("58243543958", "Address (地址", "09/14/2025", "09/18/2025", "Ningbo Goldpath Rubber & Plastics Co., Ltd.")
	p, err := learn.Learn("layout-scan", []learn.Example{{Name: "taught.pdf", Layout: taught, Record: rec}})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range p.Fields {
		if !f.Learned {
			t.Errorf("%s not learned: %s", f.Field, f.Why)
		}
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, p.Name+".yaml"), p.YAML, 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := rules.FromDirs("", dir)
	if err != nil {
		t.Fatalf("%v\n%s", err, p.YAML)
	}
	next := scanReport("S8Z61200047", "Address (itt):", "10/02/2026", "10/06/2026", "Hamburg Silverline Tableware GmbH")
	x, err := e.Analyze(t.Context(), next)
	if err != nil {
		t.Fatal(err)
	}
	if x.RulePack != p.Name {
		t.Fatalf("read by %s, not %s\n%s", x.RulePack, p.Name, p.YAML)
	}
	want := labrelay.Record{ReportNumber: "S8261200047", ApplicantAddress: "No. 13 Keji Road, Ningbo, China",
		ApplicantName: "Hamburg Silverline Tableware GmbH", TestStartDate: "2026-10-02", TestEndDate: "2026-10-06"}
	for _, f := range want.Present() {
		w, _ := want.String(f)
		if g, _ := x.Fields.String(f); g != w {
			t.Errorf("%s: read %q, want %q\n%s", f, g, w, p.YAML)
		}
	}
	if c := x.Confidence[labrelay.FieldReportNumber]; c >= e.Threshold(p.Name) {
		t.Errorf("report number refitted from OCR's reading at %.2f, at or above the threshold", c)
	}
}
