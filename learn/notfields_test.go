package learn_test

import (
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/learn"
)

// jobReport prints a lab's job reference under a caption the generic
// reader takes for a PO number ("Order Ref."), inline or in the next
// cell, and a client's PO under "PO No." when po is set.
func jobReport(number, job string, inline bool, po string) *labrelay.Layout {
	ref := [][2]any{{40.0, "Order Ref."}, {200.0, job}}
	if inline {
		ref = [][2]any{{40.0, "Order Ref.: " + job}}
	}
	rows := [][][2]any{
		{{40.0, "Harbour Analytical Services Ltd."}},
		{{40.0, "CERTIFICATE OF TEST"}},
		{{40.0, "Report Number"}, {200.0, number}},
		ref,
		{{40.0, "Sample Name"}, {200.0, "Printed circuit board"}},
	}
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
	for _, inline := range []bool{false, true} {
		rec := labrelay.Record{ReportNumber: "52/9955/NFO", ProductName: "Printed circuit board"}
		p, err := learn.Learn("job", []learn.Example{{Name: "r0", Layout: jobReport("52/9955/NFO", "JOB-2291", inline, ""), Record: rec}})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(p.YAML), "not_fields:\n  po_number: ['Order Ref.") {
			t.Fatalf("inline %v: no not_fields for the job reference:\n%s", inline, p.YAML)
		}
		e, _ := engineWith(t, p)
		for _, tc := range []struct{ po, want string }{{"", ""}, {"PO-88231", "PO-88231"}} {
			x, err := e.Analyze(t.Context(), jobReport("17/0412/NFO", "JOB-3107", inline, tc.po))
			if err != nil {
				t.Fatal(err)
			}
			if x.RulePack != "job" || x.Fields.PONumber != tc.want {
				t.Errorf("inline %v, PO %q: read %q (pack %s), want %q", inline, tc.po, x.Fields.PONumber, x.RulePack, tc.want)
			}
			for _, r := range x.Review.Reasons {
				if tc.po == "" && strings.Contains(r, "po_number") {
					t.Errorf("inline %v: review for the job reference: %s", inline, r)
				}
			}
		}
	}
}
