package rules

import (
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
)

func TestRowSanity(t *testing.T) {
	row := func(mdl, limit, value, verdict string) labrelay.ResultRow {
		return labrelay.ResultRow{Item: "Pb", MDL: mdl, Limit: limit, Value: value, Verdict: verdict}
	}
	for _, c := range []struct {
		row  labrelay.ResultRow
		want string // part of the reason; "" for none
	}{
		{row("2", "1000", "237", "pass"), ""},
		{row("2", "< 1000", "n.d.", "pass"), ""},
		{row("2", "≤ 100", "<2", "pass"), ""},
		{row("2", "1000", "2125", "fail"), ""},
		{row("0.005", "0.07", "0.004", "pass"), "below its MDL"},
		{row("2", "100", "1000", "pass"), "above the limit"},
		{row("2", "1000", "237", "fail"), "within the limit"},
		{row("20", "10", "n.d.", "pass"), "MDL 20 above the limit"},
		{row("", "0.1", "10", "fail"), "100 times the limit"},
		{row("", "Max. 10", "3", "pass"), ""},
		{row("", "> 5", "3", "pass"), ""}, // a lower bound: not compared
	} {
		got := rowSanity(c.row)
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("%+v: %q, want %q", c.row, got, c.want)
		}
	}
}

func TestCheckNumbers(t *testing.T) {
	x := &labrelay.Extraction{Confidence: map[string]float64{labrelay.FieldResults: 0.95}}
	x.Fields.Results = []labrelay.ResultRow{{Item: "Cd", MDL: "2", Limit: "100", Value: "1000", Verdict: "pass"}}
	checkNumbers(x)
	if x.Confidence[labrelay.FieldResults] != confFailedCheck || !x.Review.Required || len(x.Review.Reasons) != 1 {
		t.Fatalf("confidence %v, review %+v", x.Confidence[labrelay.FieldResults], x.Review)
	}
}
