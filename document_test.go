package labrelay_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/labrelay/labrelay"
)

func TestRoute(t *testing.T) {
	tests := []struct {
		name     string
		from, to labrelay.State
		want     []labrelay.State
		ok       bool
	}{
		{"direct", labrelay.StateDiscovered, labrelay.StateFetched, []labrelay.State{labrelay.StateFetched}, true},
		{"fetch and extract", labrelay.StateDiscovered, labrelay.StateNeedsReview,
			[]labrelay.State{labrelay.StateFetched, labrelay.StateExtracted, labrelay.StateNeedsReview}, true},
		{"accept and sign", labrelay.StateExtracted, labrelay.StateSigned,
			[]labrelay.State{labrelay.StateAccepted, labrelay.StateSigned}, true},
		{"not past signed from extracted", labrelay.StateExtracted, labrelay.StatePublished, nil, false},
		{"not past signed", labrelay.StateAccepted, labrelay.StatePublished, nil, false},
		{"backwards", labrelay.StateExtracted, labrelay.StateDiscovered, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := labrelay.Route(tt.from, tt.to)
			if ok != tt.ok || !cmp.Equal(got, tt.want) {
				t.Errorf("Route(%s, %s) = %v, %v; want %v, %v", tt.from, tt.to, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestDiffRecords(t *testing.T) {
	old := labrelay.Record{ReportNumber: "A1", TestStandards: []string{"IEC 62321"}, PageCount: 3}
	new := labrelay.Record{ReportNumber: "A2", TestStandards: []string{"IEC 62321"}, Lab: labrelay.LabSGS}
	want := []labrelay.FieldChange{
		{Field: labrelay.FieldReportNumber, Old: `"A1"`, New: `"A2"`},
		{Field: labrelay.FieldLab, New: `"SGS"`},
		{Field: labrelay.FieldPageCount, Old: `3`},
	}
	if diff := cmp.Diff(want, labrelay.DiffRecords(old, new)); diff != "" {
		t.Errorf("DiffRecords mismatch (-want +got):\n%s", diff)
	}
}
