package demo_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/demo"
)

func TestSummary(t *testing.T) {
	t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	files := []*demo.File{
		{Bucket: "b", Key: "published.xml", Dropped: t0},
		{Bucket: "b", Key: "earlier.xml"},
		{Bucket: "b", Key: "review\x1b[31m.png"},
		{Bucket: "b", Key: "failed.pdf"},
		{Bucket: "b", Key: "missing.pdf"},
	}
	long := strings.Repeat("页面无法识别", 30)
	docs := map[string]labrelay.Document{
		"b/published.xml": {State: labrelay.StatePublished, IdempotencyKey: "k1", DiscoveredAt: t0.Add(time.Second), PublishedAt: t0.Add(1500 * time.Millisecond),
			Extraction: &labrelay.Extraction{Path: "native"}},
		"b/earlier.xml": {State: labrelay.StatePublished, IdempotencyKey: "k0", DiscoveredAt: t0, PublishedAt: t0.Add(2 * time.Second)},
		"b/review\x1b[31m.png": {State: labrelay.StateNeedsReview, Extraction: &labrelay.Extraction{Path: "ocr",
			Review: labrelay.Review{Reasons: []string{"low confidence"}}}},
		"b/failed.pdf": {State: labrelay.StateFailed, Reason: long},
	}
	var buf bytes.Buffer
	demo.Summary(&buf, files, docs, map[string]string{"k1": "DSP-7"})
	out := buf.String()
	for _, want := range []string{
		"published as DSP-7", "1.5s", // drop time, not discovery, for a dropped file
		"published (earlier run)", "2s",
		`s3://b/review\x1b[31m.png`, "needs review: low confidence",
		"not found yet",
		"2 published, 1 for review, 1 failed, 0 exceptions, 1 pending",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b") {
		t.Errorf("summary holds a raw escape character:\n%q", out)
	}
	row := demo.NewRow(files[3], docs["b/failed.pdf"], true, nil)
	if !strings.HasSuffix(row.Outcome, "…") || len([]rune(row.Outcome)) != 90 {
		t.Errorf("failed outcome %q: want cut to 90 characters", row.Outcome)
	}
}
