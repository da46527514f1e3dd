package publish_test

import (
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/publish"
)

// TestWireInputReview: with a wire map, the reviewer and the lineage of a
// document reach the payload the pipeline signs.
func TestWireInputReview(t *testing.T) {
	accepted := time.Date(2026, 5, 9, 10, 11, 12, 0, time.UTC)
	d := labrelay.Document{
		ReviewedBy: "alice",
		AcceptedAt: accepted,
		Extraction: &labrelay.Extraction{
			Source: labrelay.Source{SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"},
			Fields: labrelay.Record{ReportNumber: "CANHG1716962902 A01", Supersedes: "CANHG1716962901"},
		},
	}
	in, err := publish.WireInput(d, &labrelay.Lineage{Supersedes: "CANHG1716962901", Replaces: []labrelay.Reference{{Relation: "supersedes", ReportNumber: "CANHG1716962901", DSPID: "dsp-000001"}}})
	if err != nil {
		t.Fatal(err)
	}
	out, err := publish.DefaultWireMap().Apply(in)
	if err != nil {
		t.Fatal(err)
	}
	if out["reviewed_by"] != "alice" || out["reviewed_at"] != "2026-05-09T10:11:12Z" {
		t.Errorf("review in payload: %v %v", out["reviewed_by"], out["reviewed_at"])
	}
	lin, _ := out["lineage"].(map[string]any)
	reps, _ := lin["replaces"].([]any)
	if len(reps) != 1 || reps[0].(map[string]any)["dsp_id"] != "dsp-000001" {
		t.Errorf("lineage in payload: %v", out["lineage"])
	}
}
