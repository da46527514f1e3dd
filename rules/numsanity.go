package rules

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/labrelay/labrelay"
)

// Numeric sanity of result rows, as evidence: a row whose numbers do not
// fit together (a value under its own MDL, a verdict that contradicts
// value against limit, an MDL above the limit, a value a hundred times its
// limit) was most likely misread — "1000" for "100", a lost "<" or decimal
// point. Each such row lowers the table's confidence to confFailedCheck
// and names the reason for review; no number is changed.

// plainNumber is a number with an optional comparison sign or "Max.".
var plainNumber = regexp.MustCompile(`^(?:([<>≤≥])|Max\.?)?\s*(\d+(?:\.\d+)?)$`)

// number parses s as plainNumber: its value and its sign ("" for none).
func number(s string) (float64, string, bool) {
	m := plainNumber.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, "", false
	}
	v, err := strconv.ParseFloat(m[2], 64)
	return v, m[1], err == nil
}

// sanityIssues lists the rows whose numbers disagree, one reason each.
func sanityIssues(rows []labrelay.ResultRow) []string {
	var out []string
	for _, r := range rows {
		if why := rowSanity(r); why != "" {
			out = append(out, fmt.Sprintf("row %q: %s; check the numbers against the page", r.Item, why))
		}
	}
	return out
}

func rowSanity(r labrelay.ResultRow) string {
	v, vs, vok := number(r.Value)
	mdl, _, mok := number(r.MDL)
	lim, ls, lok := number(r.Limit)
	switch {
	case mok && lok && mdl > lim && lim > 0:
		return fmt.Sprintf("MDL %s above the limit %s", r.MDL, r.Limit)
	case !vok || vs != "":
		return "" // not detected, or "<2": nothing more to compare
	case mok && v < mdl && v > 0:
		return fmt.Sprintf("value %s below its MDL %s", r.Value, r.MDL)
	case !lok || ls == ">" || ls == "≥" || lim <= 0:
		return ""
	case v >= 100*lim:
		return fmt.Sprintf("value %s is %.0f times the limit %s", r.Value, math.Floor(v/lim), r.Limit)
	case r.Verdict == labrelay.VerdictPass && v > lim:
		return fmt.Sprintf("verdict pass with value %s above the limit %s", r.Value, r.Limit)
	case r.Verdict == labrelay.VerdictFail && v < lim:
		return fmt.Sprintf("verdict fail with value %s within the limit %s", r.Value, r.Limit)
	}
	return ""
}

// checkNumbers lowers the results' confidence and names the rows whose
// numbers disagree (see sanityIssues).
func checkNumbers(x *labrelay.Extraction) {
	issues := sanityIssues(x.Fields.Results)
	if len(issues) == 0 {
		return
	}
	if c, ok := x.Confidence[labrelay.FieldResults]; ok {
		x.Confidence[labrelay.FieldResults] = math.Min(c, confFailedCheck)
	}
	for _, is := range issues {
		x.RequireReview(is)
	}
}
