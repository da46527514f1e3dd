package rules_test

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract"
	"github.com/labrelay/labrelay/extract/pdf"
	"github.com/labrelay/labrelay/rules"
)

// charWidth is the width, in points, of one character of fuzzed text: a
// run of spaces becomes a gap between words, so columns survive.
const charWidth = 5.0

// textLayout builds the layout of text: pages split by form feeds, one row
// per line, a word per run of non-space characters, placed by its column.
func textLayout(text string) *labrelay.Layout {
	l := &labrelay.Layout{}
	for i, page := range strings.Split(text, "\f") {
		p := labrelay.Page{Number: i + 1, Width: 595, Height: 842, Unit: "pt", Path: labrelay.PathPDFText}
		for j, line := range strings.Split(page, "\n") {
			y := 40 + float64(j)*12
			var row labrelay.Row
			col := 0
			for _, f := range strings.SplitAfter(line, " ") {
				w := strings.TrimRight(f, " ")
				n := utf8.RuneCountInString(w)
				if w != "" {
					row.Words = append(row.Words, labrelay.Word{Text: w, Conf: 1,
						Box: labrelay.Box{X: 30 + float64(col)*charWidth, Y: y, W: float64(n) * charWidth, H: 10}})
				}
				col += utf8.RuneCountInString(f)
			}
			if len(row.Words) == 0 {
				continue
			}
			first, last := row.Words[0].Box, row.Words[len(row.Words)-1].Box
			row.Box = labrelay.Box{X: first.X, Y: y, W: last.X + last.W - first.X, H: 10}
			p.Rows = append(p.Rows, row)
		}
		l.Pages = append(l.Pages, p)
	}
	return l
}

// layoutText is textLayout's inverse for seeds: the rows of at most
// maxRows per page of a real layout, words placed at their column.
func layoutText(l *labrelay.Layout, maxRows int) string {
	var pages []string
	for _, p := range l.Pages {
		var lines []string
		for i, r := range p.Rows {
			if i == maxRows {
				break
			}
			var b strings.Builder
			col := 0
			for _, w := range r.Words {
				at := int(math.Round((w.Box.X - 30) / charWidth))
				if at <= col && col > 0 {
					at = col + 1
				}
				for col < at {
					b.WriteByte(' ')
					col++
				}
				b.WriteString(w.Text)
				col += utf8.RuneCountInString(w.Text)
			}
			lines = append(lines, b.String())
		}
		pages = append(pages, strings.Join(lines, "\n"))
	}
	return strings.Join(pages, "\f")
}

// layoutReader hands the Extractor a prepared layout.
type layoutReader struct{ l *labrelay.Layout }

func (r layoutReader) ReadLayout(context.Context, []byte, string) (*labrelay.Layout, error) {
	return r.l, nil
}

// FuzzAnalyze runs the shipped rule packs, through the Extractor (so the
// schema check applies), on layouts built from fuzzed text rows: never a
// panic, never an internal error, every present field has a confidence and
// a confidence in [0, 1].
//
// Seeds are the first rows of a few fixture PDFs (about 1–2 KB each: the
// fuzzer minimises new inputs per byte); run with -fuzzminimizetime 200x.
func FuzzAnalyze(f *testing.F) {
	names, _ := filepath.Glob("../fixtures/testdata/pdf/*.pdf")
	seen := map[string]bool{}
	r := &pdf.Reader{}
	for _, n := range names {
		layout := strings.SplitN(filepath.Base(n), "-", 2)[0]
		if seen[layout] { // one per layout family
			continue
		}
		seen[layout] = true
		data, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		l, err := r.ReadLayout(context.Background(), data, extract.MediaPDF)
		if err != nil {
			f.Fatalf("%s: %v", n, err)
		}
		if len(l.Pages) > 2 {
			l.Pages = l.Pages[:2]
		}
		f.Add(layoutText(l, 30))
	}
	f.Add("Report No.: AB-1234\nDate of Issue: 2026-05-09\nConclusion: Pass")
	f.Add("报告编号 Report No.: SH-2026-0001\n签发日期: 2026年5月9日\n结论 Conclusion: 符合 PASS")
	f.Add("Test Item   Unit   MDL   Limit   Result\nLead (Pb)   mg/kg   2   1000   N.D.\fConclusion: Fail")
	f.Add("Date: 31/02/2026\nDate: 2026-13-45\nReport No.:\nReport No.: : :")
	f.Add("")

	eng, err := rules.Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 16<<10 {
			return // a page of text is a few KB; bigger inputs only slow the fuzzer
		}
		x := &extract.Extractor{PDF: layoutReader{textLayout(text)}, Rules: eng, Version: "fuzz"}
		e, err := x.Extract(t.Context(), "fuzz.pdf", []byte("%PDF-1.7\n"))
		if err != nil {
			if !labrelay.IsInputError(err) {
				t.Fatalf("internal error on a layout of outside text: %v", err)
			}
			return
		}
		for _, name := range e.Fields.Present() {
			c, ok := e.Confidence[name]
			if !ok {
				t.Fatalf("field %s has no confidence", name)
			}
			if c < 0 || c > 1 || math.IsNaN(c) {
				t.Fatalf("field %s has confidence %v", name, c)
			}
		}
	})
}
