package learn_test

import (
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/learn"
)

// textPage is one page of a text PDF: each row's cells at their x (pt),
// the words of a cell 4pt apart, rows 14pt apart.
func textPage(rows ...[][2]any) *labrelay.Layout {
	p := labrelay.Page{Number: 1, Width: 595, Height: 842, Unit: "pt", Path: labrelay.PathPDFText}
	for i, r := range rows {
		y := 60 + float64(i)*14
		row := labrelay.Row{Box: labrelay.Box{X: 0, Y: y, W: 595, H: 9}}
		for _, c := range r {
			x := c[0].(float64)
			for _, w := range strings.Fields(c[1].(string)) {
				wd := 5 * float64(len([]rune(w)))
				row.Words = append(row.Words, labrelay.Word{Text: w, Box: labrelay.Box{X: x, Y: y, W: wd, H: 9}, Conf: 1})
				x += wd + 4
			}
		}
		p.Rows = append(p.Rows, row)
	}
	return &labrelay.Layout{Pages: []labrelay.Page{p}}
}

// gluedReport prints a product name glued to its caption (the caption ran
// over into the value's column), its second line under it when wrapped.
func gluedReport(number, product, wrapped string) *labrelay.Layout {
	rows := [][][2]any{
		{{40.0, "Nordwerk Prüflabor GmbH"}},
		{{40.0, "Prüfbericht Test Report"}},
		{{40.0, "Berichtsnummer"}, {200.0, number}},
		{{300.0, "Probenbezeichnung" + product}},
	}
	if wrapped != "" {
		rows = append(rows, [][2]any{{390.0, wrapped}})
	}
	rows = append(rows, [][2]any{{40.0, "Dieser Bericht darf nur vollständig vervielfältigt werden."}})
	return textPage(rows...)
}

// A name glued to its caption is learned as the rest of the cell after
// the caption, and read so from the next report; when a line goes on
// under it (the name wrapped this time) it stays under the threshold.
func TestGluedCaption(t *testing.T) {
	rec := labrelay.Record{ReportNumber: "NW-2024-0411", ProductName: "Microwave lunch box"}
	p, err := learn.Learn("glued", []learn.Example{{Name: "r0", Layout: gluedReport("NW-2024-0411", "Microwave lunch box", ""), Record: rec}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(p.YAML), `find: '^Probenbezeichnung\s*(\S.*)$'`) {
		t.Fatalf("no find after the glued caption:\n%s", p.YAML)
	}
	e, _ := engineWith(t, p)
	for _, tc := range []struct {
		product, wrapped, want string
		sure                   bool
	}{
		{"PET bottle preform", "", "PET bottle preform", true},
		{"Stainless steel spoon with", "silicone handle", "Stainless steel spoon with", false},
	} {
		x, err := e.Analyze(t.Context(), gluedReport("NW-2025-0102", tc.product, tc.wrapped))
		if err != nil {
			t.Fatal(err)
		}
		c := x.Confidence[labrelay.FieldProductName]
		if x.Fields.ProductName != tc.want || (c >= e.Threshold(x.RulePack)) != tc.sure {
			t.Errorf("%s / %s: read %q at %.2f (pack %s), want %q sure %v", tc.product, tc.wrapped, x.Fields.ProductName, c, x.RulePack, tc.want, tc.sure)
		}
	}
}
