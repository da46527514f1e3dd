package difftest

import (
	"bytes"
	"strings"
	"testing"
)

func TestKnownDisagreements(t *testing.T) {
	ks, err := ParseKnown([]byte("# comment\n\na.pdf * poppler's font sizes\nb.pdf v1 why\nc.pdf * stale\n"))
	if err != nil || len(ks) != 3 {
		t.Fatalf("ParseKnown = %v, %v", ks, err)
	}
	if _, err := ParseKnown([]byte("a.pdf *\n")); err == nil {
		t.Error("a line without a reason was accepted")
	}
	rows := []Row{
		{File: "a.pdf", Variant: "v1", PopplerOK: true, LabrelayOK: true, Fields: "differ"},
		{File: "b.pdf", Variant: "v1", PopplerOK: true, LabrelayOK: true, Fields: "differ"},
		{File: "b.pdf", Variant: "v2", PopplerOK: true, LabrelayOK: true, Fields: "differ"},
		{File: "c.pdf", Variant: "v1", PopplerOK: true, LabrelayOK: true, Fields: "same"},
	}
	stale := MarkKnown(rows, ks)
	if len(stale) != 1 || stale[0].File != "c.pdf" {
		t.Errorf("stale = %v, want c.pdf", stale)
	}
	var b bytes.Buffer
	// b.pdf v2 is not explained: the one disagreement left.
	if bad := Table(&b, rows); bad != 1 {
		t.Errorf("Table = %d disagreements, want 1:\n%s", bad, b.String())
	}
	if !strings.Contains(b.String(), "2 known") {
		t.Errorf("table does not count the known ones:\n%s", b.String())
	}
}
