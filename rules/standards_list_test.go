package rules_test

import (
	"strings"
	"testing"

	"github.com/labrelay/labrelay/rules"
)

// A list of standards whose caption wraps ("Standards" over "Applied")
// beside its first items: the generic pack's rule stops at the caption's
// second line, the generic reader reads the whole column; the record has
// every item, not the first alone.
func TestStandardsListKeepsEveryItem(t *testing.T) {
	e, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	l := layout(
		[]cellAt{{30, "Report No."}, {200, "AA2411-10990"}},
		[]cellAt{{30, "Standards"}, {200, "IEC 62321-5:2013"}},
		[]cellAt{{30, "Applied"}, {200, "IEC 62321-4:2013+AMD1:2017"}},
		[]cellAt{{200, "IEC 62321-7-2:2017"}},
		[]cellAt{{200, "EN 14582:2016"}},
	)
	x, err := e.Analyze(t.Context(), l)
	if err != nil {
		t.Fatal(err)
	}
	want := "IEC 62321-5:2013; IEC 62321-4:2013+AMD1:2017; IEC 62321-7-2:2017; EN 14582:2016"
	if got := strings.Join(x.Fields.TestStandards, "; "); got != want {
		t.Errorf("test_standards = %q, want %q", got, want)
	}
}

// A name wrapped onto a second line of its column beside other columns:
// the generic pack's caption rule stops at the line's end, the generic
// reader reads on; the record has the whole name.
func TestWrappedNameReadWhole(t *testing.T) {
	e, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	l := layout(
		[]cellAt{{30, "Our Ref."}, {150, "GC-AC-2491794-03"}, {350, "Date Reported"}, {470, "01/20/2024"}},
		[]cellAt{{30, "Client Name"}, {150, "Stuttgart Summit Optoelectronics"}, {350, "Item Description"}, {470, "MLCC"}},
		[]cellAt{{150, "Co., Ltd."}},
		[]cellAt{{30, "Model No."}, {150, "MC81614"}},
	)
	x, err := e.Analyze(t.Context(), l)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := x.Fields.ApplicantName, "Stuttgart Summit Optoelectronics Co., Ltd."; got != want {
		t.Errorf("applicant_name = %q, want %q", got, want)
	}
}
