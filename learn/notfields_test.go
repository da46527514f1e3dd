package learn_test

import (
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/learn"
)

// jobReport prints a lab's job reference by a caption the generic reader
// takes for a PO number ("Order Ref."): in the next cell, inline or under
// it, by place; a client's PO under "PO No." when po is set.
func jobReport(number, job, place, po string) *labrelay.Layout {
	ref := [][][2]any{{{40.0, "Order Ref."}, {200.0, job}}}
	switch place {
	case "inline":
		ref = [][][2]any{{{40.0, "Order Ref.: " + job}}}
	case "below":
		ref = [][][2]any{{{40.0, "Report Number"}, {200.0, number}}, {{300.0, "Order Ref."}}, {{300.0, job}}}
	}
	rows := [][][2]any{
		{{40.0, "Harbour Analytical Services Ltd."}},
		{{40.0, "CERTIFICATE OF TEST"}},
	}
	if place != "below" {
		rows = append(rows, [][2]any{{40.0, "Report Number"}, {200.0, number}})
	}
	rows = append(rows, ref...)
	rows = append(rows, [][2]any{{40.0, "Sample Name"}, {200.0, "Printed circuit board"}})
	if po != "" {
		rows = append(rows, [][2]any{{40.0, "PO No."}, {200.0, po}})
	}
	rows = append(rows, [][2]any{{40.0, "This report shall not be reproduced except in full."}})
	return textPage(rows...)
}

// A caption the generic reader reads a field beside, on a report whose
// approved record has no such field, is learned as not printing it: the
// next report's reading there is dropped (and the report not sent to
// review for it); a PO printed under another caption is still read.
func TestNotFieldsLearned(t *testing.T) {
	for _, place := range []string{"right", "inline", "below"} {
		rec := labrelay.Record{ReportNumber: "52/9955/NFO", ProductName: "Printed circuit board"}
		p, err := learn.Learn("job", []learn.Example{{Name: "r0", Layout: jobReport("52/9955/NFO", "JOB-2291", place, ""), Record: rec}})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(p.YAML), "not_fields:\n  po_number: ['Order Ref.") {
			t.Fatalf("%s: no not_fields for the job reference:\n%s", place, p.YAML)
		}
		e, _ := engineWith(t, p)
		for _, tc := range []struct{ po, want string }{{"", ""}, {"PO-88231", "PO-88231"}} {
			x, err := e.Analyze(t.Context(), jobReport("17/0412/NFO", "JOB-3107", place, tc.po))
			if err != nil {
				t.Fatal(err)
			}
			if x.RulePack != "job" || x.Fields.PONumber != tc.want {
				t.Errorf("%s, PO %q: read %q (pack %s), want %q", place, tc.po, x.Fields.PONumber, x.RulePack, tc.want)
			}
			for _, r := range x.Review.Reasons {
				if tc.po == "" && strings.Contains(r, "po_number") {
					t.Errorf("%s: review for the job reference: %s", place, r)
				}
			}
		}
	}
}
