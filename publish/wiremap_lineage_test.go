package publish_test

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/labrelay/labrelay/publish"
)

// TestDefaultWireMapReviewAndLineage: what the pipeline adds to the
// extraction — the reviewer, when approved, and the lineage — survives
// into the dsp-wire/v1 payload; the twin reference the pipeline found
// wins over an absent printed one.
func TestDefaultWireMapReviewAndLineage(t *testing.T) {
	x := extraction()
	x.Fields.TwinOf = ""
	b, err := json.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	var in map[string]any
	if err := json.Unmarshal(b, &in); err != nil {
		t.Fatal(err)
	}
	in["reviewed_by"] = "alice"
	in["reviewed_at"] = "2026-05-09T10:11:12Z"
	in["lineage"] = map[string]any{
		"supersedes": "SHAEC2600123400",
		"twin_of":    "SHAEC2600123402",
		"replaces":   []any{map[string]any{"relation": "supersedes", "report_number": "SHAEC2600123400", "dsp_id": "dsp-000007"}},
	}
	got, err := publish.DefaultWireMap().Apply(in)
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]any{
		"reviewed_by": "alice",
		"reviewed_at": "2026-05-09T10:11:12Z",
		"twin_of":     "SHAEC2600123402",
		"supersedes":  "SHAEC2600123400",
		"lineage":     in["lineage"],
	} {
		if d := cmp.Diff(want, got[key]); d != "" {
			t.Errorf("%s (-want +got):\n%s", key, d)
		}
	}
	// Without the pipeline's additions: the printed twin reference, and no
	// reviewer.
	x.Fields.TwinOf = "SHAEC2600123403"
	got, err = publish.DefaultWireMap().Apply(x)
	if err != nil {
		t.Fatal(err)
	}
	if got["twin_of"] != "SHAEC2600123403" {
		t.Errorf("twin_of = %v, want the printed one", got["twin_of"])
	}
	for _, k := range []string{"reviewed_by", "reviewed_at", "lineage"} {
		if v, ok := got[k]; ok {
			t.Errorf("%s = %v, want it left out", k, v)
		}
	}
}
