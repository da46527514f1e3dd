package main

import (
	"os"
	"path/filepath"
	"testing"
)

// The review UI colours a value green only at or above the threshold of
// the pack that read it: an extra pack's own threshold reaches it.
func TestReviewThresholdFromPacks(t *testing.T) {
	dir := t.TempDir()
	pack := "name: strict\nversion: \"1\"\nextends: generic\nmatch: [\"Strict Lab Report\"]\nthreshold: 0.97\n"
	if err := os.WriteFile(filepath.Join(dir, "strict.yaml"), []byte(pack), 0o644); err != nil {
		t.Fatal(err)
	}
	thr, err := reviewThreshold(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := thr("strict"); got != 0.97 {
		t.Errorf("threshold of the extra pack %v, want 0.97", got)
	}
	if got := thr("generic"); got != 0.9 {
		t.Errorf("threshold of generic %v, want 0.9", got)
	}
}
