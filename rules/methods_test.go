package rules

import (
	"context"
	"slices"
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
