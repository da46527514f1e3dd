package learn

import (
	"regexp"
	"testing"

	"github.com/labrelay/labrelay"
)

func TestDatePattern(t *testing.T) {
	rec := &labrelay.Record{TestStartDate: "2024-09-05", TestEndDate: "2024-09-07"}
	for _, c := range []struct {
		cell, field, want string
		ok                bool
	}{
		{"05-Sep-2024 a 07-Sep-2024", labrelay.FieldTestStartDate, "05-Sep-2024", true},
		{"05-Sep-2024 a 07-Sep-2024", labrelay.FieldTestEndDate, "07-Sep-2024", true},
		{"5. September 2024 bis 7. September 2024", labrelay.FieldTestEndDate, "7. September 2024", true},
		{"05-Sep-2024", labrelay.FieldTestStartDate, "", false},                   // one date: a caption rule's job
		{"05-Sep-2024 a 07-Sep-2024 lot 7", labrelay.FieldTestEndDate, "", false}, // a number between
		{"06-Sep-2024 a 08-Sep-2024", labrelay.FieldTestEndDate, "", false},       // not the approved date
	} {
		pat, ok := datePattern(c.cell, c.field, map[string]string{
			labrelay.FieldTestStartDate: rec.TestStartDate, labrelay.FieldTestEndDate: rec.TestEndDate}[c.field], rec)
		if ok != c.ok {
			t.Errorf("%q %s: ok %v, want %v (%s)", c.cell, c.field, ok, c.ok, pat)
			continue
		}
		if !ok {
			continue
		}
		m := regexp.MustCompile(pat).FindStringSubmatch(c.cell)
		if m == nil || m[1] != c.want {
			t.Errorf("%q %s: %s reads %q, want %q", c.cell, c.field, pat, m, c.want)
		}
	}
}

func TestOthersCaption(t *testing.T) {
	rec := &labrelay.Record{IssueDate: "2026-05-17", TestEndDate: "2026-05-17", ReceivedDate: "2026-05-01"}
	if !othersCaption(rec, labrelay.FieldTestEndDate, "Issued on") {
		t.Error(`"Issued on" taught the end date that fell on the issue date`)
	}
	if othersCaption(rec, labrelay.FieldIssueDate, "Issued on") {
		t.Error(`"Issued on" refused for the issue date`)
	}
	if othersCaption(rec, labrelay.FieldTestEndDate, "Received on") {
		t.Error(`"Received on" refused for an end date it does not share a value with`)
	}
}
