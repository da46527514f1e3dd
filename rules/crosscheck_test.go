package rules

import "testing"

// A pack that knows the layout reads nothing under a caption the lexicon
// lacks ("Manufacturing Site"); the generic reader's weak reading is offered for
// review, under the threshold, rather than dropped.
func TestWeakCaptionOfferedUnderAPack(t *testing.T) {
	e, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	l := synth(
		row(tcell{40, "Report No. .............. : AB-1234"}),
		row(tcell{40, "Applicant ............... : ACME Trading Co., Ltd."}),
		row(tcell{40, "Manufacturing Site ...... : Fairway Fastener Co., Ltd."}),
	)
	x, err := e.Analyze(t.Context(), l)
	if err != nil {
		t.Fatal(err)
	}
	if x.RulePack != "dotted" {
		t.Fatalf("pack %q, want dotted (the test needs a pack that knows the layout)", x.RulePack)
	}
	if got := x.Fields.ManufacturerName; got != "Fairway Fastener Co., Ltd." {
		t.Errorf("manufacturer_name = %q", got)
	}
	if c := x.Confidence["manufacturer_name"]; c > confWeakOnly {
		t.Errorf("confidence %.2f, want at most %.2f", c, confWeakOnly)
	}
}
