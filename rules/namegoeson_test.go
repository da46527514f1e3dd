package rules_test

import (
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/rules"
)

// A company name whose legal form wrapped onto the next line (in a grid,
// beside the other column's next caption) is read whole, not published
// cut short at the pack's confidence.
func TestNameGoesOnToLegalForm(t *testing.T) {
	e, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, tail, whole string }{
		{"Dongguan Summit Semiconductor", "GmbH", "Dongguan Summit Semiconductor GmbH"},
		{"Dongguan Summit Semiconductor", "Co., Ltd.", "Dongguan Summit Semiconductor Co., Ltd."},
		{"东莞市峰会半导体", "有限公司", "东莞市峰会半导体有限公司"},
	} {
		tail := tc.tail
		// a grid: the name wraps in its cell beside the next caption of
		// the other column
		l := layout(
			[]cellAt{{30, "Test Report"}, {170, "Report No.:"}, {260, "PPAP-2026-0412"}},
			[]cellAt{{50, "Applicant:"}, {150, tc.name}, {380, "Part Name:"}, {470, "Bracket"}},
			[]cellAt{{150, tail}, {380, "Part Number:"}, {470, "BR-100-A"}},
			[]cellAt{{50, "Date:"}, {150, "2026-03-06"}},
			[]cellAt{{50, "Characteristic"}, {200, "Specification"}, {320, "Result"}, {400, "Status"}},
			[]cellAt{{50, "Salt spray"}, {200, ">= 96 h"}, {320, "120 h"}, {400, "OK"}},
		)
		x, err := e.Analyze(t.Context(), l)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := x.Fields.String(labrelay.FieldApplicantName)
		whole := tc.whole
		if got != whole {
			t.Errorf("%s: applicant %q at %.2f (pack %s), want %q", tail, got, x.Confidence[labrelay.FieldApplicantName], x.RulePack, whole)
		}
	}
}
