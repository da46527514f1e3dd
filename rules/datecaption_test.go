package rules

import (
	"strings"
	"testing"
)

func TestDateCaption(t *testing.T) {
	for caption, want := range map[string]string{
		"Date Testing Began":      "test_start_date",
		"Analysenzeitraum":        "test_start_date test_end_date",
		"检测周期":                    "test_start_date test_end_date",
		"Fecha de recepción":      "received_date",
		"Eingangsdatum der Probe": "received_date",
		"Date of Report Release":  "issue_date",
		"Analysis Completed on":   "test_end_date",
		"試験終了日":                   "test_end_date",
		"Sample Arrival Date":     "received_date",
		"Date Code":               "",
		"Sampling Date":           "",
		"Test Report No.":         "",
		"Received / Start Date":   "",
		"Production Date 2026":    "",
		"报告编号":                    "",
	} {
		var got []string
		for _, e := range dateCaption(capKey(caption)) {
			got = append(got, e.field)
		}
		if strings.Join(got, " ") != want {
			t.Errorf("dateCaption(%q) = %v, want %q", caption, got, want)
		}
	}
}
