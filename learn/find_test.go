package learn

import (
	"testing"

	"github.com/labrelay/labrelay"
)

// TestVerdictCell: a conclusion sentence or a conclusion caption and its
// phrase teach the verdict; a disclaimer, a legend, a noun or a question
// printed in passing and failing reports alike do not.
func TestVerdictCell(t *testing.T) {
	pass, fail := labrelay.VerdictPass, labrelay.VerdictFail
	for _, c := range []struct {
		cell, v string
		ok      bool
	}{
		{"The submitted sample meets the requirements of REACH Annex XVII.", pass, true},
		{"The results are within the limits of GB/T 26572-2011.", pass, true},
		{"One or more results exceed the limits of GB/T 26572-2011.", fail, true},
		{"样品不符合 GB/T 26572-2011 的要求。", fail, true},
		{"Conclusion: Positive (meets requirements)", pass, true},
		{"The submitted sample does not meet the requirements of REACH.", pass, false}, // the reader says fail
		{"This report shall not be reproduced except in full without approval.", pass, false},
		{"Samples were tested to determine compliance with the regulation.", pass, false},
		{"The lab checked whether the sample meets the client's limits.", pass, false},
		{"Legend: P = Pass, F = Fail, N.D. = not detected", pass, false},
		{"Sample Name: Positive (meets requirements)", pass, false}, // not a conclusion caption
	} {
		if got := verdictCell(c.cell, c.v); got != c.ok {
			t.Errorf("verdictCell(%q, %s) = %v, want %v", c.cell, c.v, got, c.ok)
		}
	}
}
