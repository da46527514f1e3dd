package rules

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
)

// methodsLayout prints a table of items and methods ("Test Content"),
// then the result table without a method column.
func methodsLayout() *labrelay.Layout {
	return synth(
		row(tcell{50, "Report No.: R-2031-0042"}),
		row(tcell{50, "Test Method: Please refer to next page(s)."}),
		row(),
		row(tcell{50, "Analyte"}, tcell{260, "Procedure"}),
		row(tcell{50, "Lead (Pb)"}, tcell{260, "IEC 62321-5:2013"}),
		row(tcell{50, "Mercury (Hg)"}, tcell{260, "IEC 62321-4:2013+AMD1:2017"}),
		row(tcell{50, "Cadmium (Cd)"}, tcell{260, "IEC 62321-5:2013"}),
		row(tcell{50, "Item"}, tcell{200, "Unit"}, tcell{260, "MDL"}, tcell{320, "Limit"}, tcell{380, "Result"}),
		row(tcell{50, "Lead (Pb)"}, tcell{200, "mg/kg"}, tcell{260, "2"}, tcell{320, "1000"}, tcell{380, "N.D."}),
		row(tcell{50, "Mercury (Hg)"}, tcell{200, "mg/kg"}, tcell{260, "2"}, tcell{320, "1000"}, tcell{380, "N.D."}),
		row(tcell{50, "Cadmium (Cd)"}, tcell{200, "mg/kg"}, tcell{260, "2"}, tcell{320, "100"}, tcell{380, "5"}),
	)
}

// A table of items and methods without results lists the standards; it
// ends where the result table's header starts, whose rows stay results.
func TestMethodsTableIsNoResultTable(t *testing.T) {
	res := readTables(newView(methodsLayout()), genericTable)
	if len(res.methods) != 3 || res.methods[1].Method != "IEC 62321-4:2013+AMD1:2017" {
		t.Fatalf("methods %+v; trace %v", res.methods, res.trace)
	}
	if len(res.rows) != 3 || res.rows[2].Item != "Cadmium (Cd)" || res.rows[2].Value != "5" || res.rows[2].Method != "" {
		t.Fatalf("rows %+v; trace %v", res.rows, res.trace)
	}
}

// With no caption listing them, the report's standards are the methods
// table's, offered for review: a table found by its headers alone is a
// generic reading.
func TestStandardsFromMethodsTable(t *testing.T) {
	e, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	x, err := e.Analyze(context.Background(), methodsLayout())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"IEC 62321-5:2013", "IEC 62321-4:2013+AMD1:2017"}
	if !slices.Equal(x.Fields.TestStandards, want) {
		t.Fatalf("standards %q; want %q", x.Fields.TestStandards, want)
	}
	if c := x.Confidence[labrelay.FieldTestStandards]; c <= 0 || c >= e.Threshold(x.RulePack) {
		t.Errorf("standards confidence %.2f; want a reviewed value", c)
	}
	if len(x.Fields.Results) != 3 {
		t.Errorf("results %+v", x.Fields.Results)
	}
}

// When neither a caption nor the result table names a standard, the
// methods table's do, below the threshold.
func TestStandardsFromMethodsTableRows(t *testing.T) {
	res := readTables(newView(methodsLayout()), genericTable)
	got := map[string]*found{}
	x := &labrelay.Extraction{Confidence: map[string]float64{labrelay.FieldResults: confTable}}
	x.Fields.Results = res.rows
	standardsFromMethods(&Pack{Name: GenericPack}, got, x, res)
	fd := got[labrelay.FieldTestStandards]
	if fd == nil || !slices.Equal(fd.value.([]string), []string{"IEC 62321-5:2013", "IEC 62321-4:2013+AMD1:2017"}) || fd.conf != confGenericMax {
		t.Fatalf("standards %+v", fd)
	}
	if fd.cand.page != 1 || fd.cand.box.Y == 0 {
		t.Errorf("no place to show: %+v", fd.cand)
	}
}

// A methods table may print units, limits and MDLs too, with item names
// wrapped around a row's one-line cells; no result column, so no result
// rows, and the review says why.
func TestMethodsTableWithLimitsAndWrappedItems(t *testing.T) {
	l := synthAt(
		at(40, tcell{50, "Test Item(s)"}, tcell{200, "Test Method"}, tcell{360, "Unit"}, tcell{420, "Limit"}, tcell{480, "MDL"}),
		at(60, tcell{50, "Cadmium (Cd)"}, tcell{200, "IEC 62321-5:2013"}, tcell{360, "mg/kg"}, tcell{420, "100"}, tcell{480, "2"}),
		at(78, tcell{50, "Hexavalent Chromium"}),
		at(89, tcell{200, "IEC 62321-7-1:2015"}, tcell{360, "μg/cm2"}, tcell{420, "0.13"}, tcell{480, "0.1"}),
		at(100, tcell{50, "(Metal)"}),
		at(118, tcell{50, "PBBs"}, tcell{200, "IEC 62321-6:2015"}, tcell{360, "mg/kg"}, tcell{420, "1000"}, tcell{480, "5"}),
	)
	res := readTables(newView(l), genericTable)
	if len(res.rows) != 0 {
		t.Errorf("result rows from a table without results: %+v", res.rows)
	}
	want := []string{"IEC 62321-5:2013", "IEC 62321-7-1:2015", "IEC 62321-6:2015"}
	if got := MethodStandards(res.methods); !slices.Equal(got, want) {
		t.Errorf("standards %q; want %q; trace %v", got, want, res.trace)
	}
	if len(res.issues) != 1 || !strings.Contains(res.issues[0], "no results") {
		t.Errorf("issues %q", res.issues)
	}
}

// A note naming one group's method is part of the result table's
// methods: the list is widened to the table's, reviewed; a note under the
// table naming a method its cells leave blank joins the table's. A list
// above the table that the table does not contain is left alone.
func TestPartOfMethods(t *testing.T) {
	methods := []string{"IEC 62321-5:2013", "IEC 62321-6:2015", "IEC 62321-8:2017"}
	table := labrelay.Provenance{Page: 2, Box: &labrelay.Box{Y: 100}}
	for _, c := range []struct {
		name string
		list []string
		page int
		y    float64
		want []string
	}{
		{"part, above", []string{"IEC 62321-8:2017"}, 1, 300, methods},
		{"other, above", []string{"IEC 62321-8:2017", "EN 14582:2016"}, 1, 300, nil},
		{"other, under", []string{"EN 14582:2016"}, 2, 400, append(slices.Clone(methods), "EN 14582:2016")},
		{"other, next page", []string{"EN 14582:2016"}, 3, 50, append(slices.Clone(methods), "EN 14582:2016")},
		{"same", methods, 2, 400, nil},
	} {
		pf := &found{value: c.list, conf: 0.97, cand: candidate{page: c.page, box: labrelay.Box{Y: c.y}}}
		partOfMethods(pf, methods, table)
		switch got := pf.value.([]string); {
		case c.want == nil && (!slices.Equal(got, c.list) || pf.conf != 0.97):
			t.Errorf("%s: changed to %q at %.2f", c.name, got, pf.conf)
		case c.want != nil && (!slices.Equal(got, c.want) || pf.conf != confGenericMax):
			t.Errorf("%s: %q at %.2f; want %q, reviewed", c.name, got, pf.conf, c.want)
		}
	}
}

// Standards read under two captions a line or two apart on one page are
// one list (a caption split over lines, or "Test Standard" beside "Test
// Method"); a later page's note naming part of the list leaves it whole.
func TestGenericStandardsReadings(t *testing.T) {
	rd := func(v string, page, line int, conf float64) *gread {
		return &gread{value: v, conf: conf, cand: candidate{value: v, page: page, line: line}}
	}
	g := &genericReading{fields: map[string]*gread{}, conflict: map[string]string{}, translated: map[string]bool{}, split: map[string]bool{}}
	f := labrelay.FieldTestStandards
	g.add(f, rd("EN 1186-2:2002; EN 13130-1:2004", 1, 23, 0.85))
	g.add(f, rd("EN 1186-9:2002", 1, 21, 0.85))
	g.add(f, rd("EN 13130-1:2004", 2, 40, 0.88))
	want := "EN 1186-9:2002; EN 1186-2:2002; EN 13130-1:2004"
	if got := g.fields[f]; got.value != want || got.conf != 0.85 || g.conflict[f] != "" {
		t.Errorf("standards %q at %.2f, conflict %q; want %q", got.value, got.conf, g.conflict[f], want)
	}
	// far apart on one page, they still contest each other
	g.add(f, rd("GB 31604.9-2016", 1, 40, 0.85))
	if g.conflict[f] == "" {
		t.Errorf("no conflict for a list far from the first: %q", g.fields[f].value)
	}
}

// A pack's table takes a header it does not name for a sample's result
// column; one the lexicon knows as a limit is none: the pack leaves the
// table to the lexicon, which reads it as a table of methods (its limits
// read as results had 0.95).
func TestPackTableUnknownLimitHeaderIsNoResult(t *testing.T) {
	pt := &Table{Item: []string{"Analyte"}, Method: []string{"Standard"}, Unit: []string{"Unit"}, Value: []string{"Result"}}
	l := synth(
		row(tcell{50, "ANALYTE"}, tcell{200, "STANDARD"}, tcell{360, "UNIT"}, tcell{420, "REGULATORY LIMIT"}),
		row(tcell{50, "Cadmium (Cd)"}, tcell{200, "IEC 62321-5:2013"}, tcell{360, "mg/kg"}, tcell{420, "100"}),
		row(tcell{50, "Lead (Pb)"}, tcell{200, "IEC 62321-5:2013"}, tcell{360, "mg/kg"}, tcell{420, "1000"}),
	)
	res := readTables(newView(l), pt)
	if len(res.rows) != 0 {
		t.Errorf("limits read as results: %+v", res.rows)
	}
	if g := readTables(newView(l), genericTable); len(g.rows) != 0 || len(g.methods) != 2 {
		t.Errorf("the header lexicon read rows %+v, methods %+v", g.rows, g.methods)
	}
}

// A standard's year after its colon and a space ("AMD1: 2017", as a
// print or a scan sets it) is part of its code, not dropped with its
// amendment.
func TestMethodStandardsYearAfterSpace(t *testing.T) {
	rows := []labrelay.ResultRow{{Method: "IEC 62321-4:2013+AMD1: 2017 CV-AAS/ICP-OES"}, {Method: "IEC 62321: 2013"}, {Method: "EN 1186-2:2002 gravimetry"}}
	want := []string{"IEC 62321-4:2013+AMD1: 2017", "IEC 62321: 2013", "EN 1186-2:2002"}
	if got := MethodStandards(rows); !slices.Equal(got, want) {
		t.Errorf("standards %q, want %q", got, want)
	}
}
