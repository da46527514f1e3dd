package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/labrelay/labrelay"
)

func testCallbacks(t *testing.T, e *env) {
	ctx := t.Context()
	d := e.to(t, e.discover(t, labrelay.LabSGS), labrelay.StatePublished, nil)
	at := e.clock.Now().Add(-time.Second)
	c1, err := e.s.RecordCallback(ctx, labrelay.Callback{DocumentID: d.ID, Status: "rejected", Reason: "signature unknown", ReceivedAt: at})
	must(t, err)
	e.clock.Advance(time.Hour)
	c2, err := e.s.RecordCallback(ctx, labrelay.Callback{DocumentID: d.ID, Status: "expired"})
	must(t, err)
	if c1.ID == 0 || c2.ID == c1.ID || !c2.ReceivedAt.Equal(e.clock.Now()) {
		t.Errorf("RecordCallback = %+v, %+v", c1, c2)
	}
	got, err := e.s.Callbacks(ctx, d.ID)
	must(t, err)
	if diff := cmp.Diff([]labrelay.Callback{c1, c2}, got); diff != "" {
		t.Errorf("Callbacks mismatch (-want +got):\n%s", diff)
	}
	_, err = e.s.RecordCallback(ctx, labrelay.Callback{DocumentID: 999999, Status: "rejected"})
	wantErr(t, "RecordCallback(unknown)", err, labrelay.ErrNotFound)
	// The receiver then moves the document.
	moved, err := e.s.Move(ctx, d.ID, labrelay.StatePublished, d.Version, labrelay.StateException, "DSP: rejected")
	must(t, err)
	if moved.State != labrelay.StateException || moved.PublishedAt.IsZero() {
		t.Errorf("after callback: %s published %v", moved.State, moved.PublishedAt)
	}
}

func testNonces(t *testing.T, e *env) {
	ctx := t.Context()
	now := e.clock.Now()
	seen, err := e.s.SeenNonce(ctx, "n1", now)
	must(t, err)
	if seen {
		t.Errorf("new nonce reported as seen")
	}
	seen, err = e.s.SeenNonce(ctx, "n1", now.Add(time.Second))
	must(t, err)
	if !seen {
		t.Errorf("replayed nonce not reported")
	}
	_, err = e.s.SeenNonce(ctx, "n2", now.Add(10*time.Minute))
	must(t, err)
	n, err := e.s.PruneNonces(ctx, now.Add(5*time.Minute))
	must(t, err)
	if n != 1 {
		t.Errorf("PruneNonces = %d, want 1", n)
	}
	seen, err = e.s.SeenNonce(ctx, "n2", now.Add(11*time.Minute))
	must(t, err)
	if !seen {
		t.Errorf("nonce kept by prune not reported")
	}
}

func testCursors(t *testing.T, e *env) {
	ctx := t.Context()
	v, err := e.s.GetCursor(ctx, "s3://sgs-in")
	must(t, err)
	if v != "" {
		t.Errorf("GetCursor(new) = %q", v)
	}
	must(t, e.s.PutCursor(ctx, "s3://sgs-in", "after=2026/05/r1.pdf"))
	must(t, e.s.PutCursor(ctx, "s3://bv-in", "x"))
	must(t, e.s.PutCursor(ctx, "s3://sgs-in", "after=2026/05/r9.pdf"))
	v, err = e.s.GetCursor(ctx, "s3://sgs-in")
	must(t, err)
	if v != "after=2026/05/r9.pdf" {
		t.Errorf("GetCursor = %q", v)
	}
}

func testReports(t *testing.T, e *env) {
	ctx := t.Context()
	start := e.clock.Now()
	a := e.discover(t, labrelay.LabSGS)
	e.clock.Advance(10 * time.Minute)
	a = e.to(t, a, labrelay.StatePublished, extraction(labrelay.LabSGS, labrelay.CategoryFood, "r1"))
	b := e.discover(t, labrelay.LabBV)
	e.clock.Advance(time.Hour)
	b = e.to(t, b, labrelay.StatePublished, extraction(labrelay.LabBV, labrelay.CategoryFood, "r2"))
	c := e.to(t, e.discover(t, labrelay.LabSGS), labrelay.StateNeedsReview, extraction(labrelay.LabSGS, labrelay.CategoryElectronic, "r1"))
	e.clock.Advance(24 * time.Hour)
	late := e.discover(t, labrelay.LabSGS)

	counts, err := e.s.Counts(ctx, start, start.Add(2*time.Hour))
	must(t, err)
	want := []labrelay.Count{
		{Lab: labrelay.LabBV, Category: labrelay.CategoryFood, Path: labrelay.PathPDFText, State: labrelay.StatePublished, N: 1},
		{Lab: labrelay.LabSGS, Category: labrelay.CategoryElectronic, Path: labrelay.PathPDFText, State: labrelay.StateNeedsReview, N: 1},
		{Lab: labrelay.LabSGS, Category: labrelay.CategoryFood, Path: labrelay.PathPDFText, State: labrelay.StatePublished, N: 1},
	}
	if diff := cmp.Diff(want, counts); diff != "" {
		t.Errorf("Counts mismatch (-want +got):\n%s", diff)
	}
	all, err := e.s.Counts(ctx, time.Time{}, time.Time{})
	must(t, err)
	if len(all) != 4 || all[1] != (labrelay.Count{Lab: labrelay.LabSGS, State: labrelay.StateDiscovered, N: 1}) {
		t.Errorf("Counts(all) = %+v", all)
	}

	lat, err := e.s.Latencies(ctx, start, start.Add(3*time.Hour))
	must(t, err)
	if len(lat) != 2 || lat[0].DocumentID != a.ID || lat[0].Duration != 10*time.Minute ||
		lat[1].DocumentID != b.ID || lat[1].Duration != time.Hour || lat[1].Lab != labrelay.LabBV {
		t.Errorf("Latencies = %+v", lat)
	}

	docs, err := e.s.Documents(ctx, labrelay.DocumentQuery{States: []labrelay.State{labrelay.StatePublished, labrelay.StateNeedsReview}})
	must(t, err)
	if diff := cmp.Diff([]int64{a.ID, b.ID, c.ID}, sortedIDs(docs)); diff != "" {
		t.Errorf("Documents(by state) mismatch (-want +got):\n%s", diff)
	}
	docs, err = e.s.Documents(ctx, labrelay.DocumentQuery{From: start.Add(2 * time.Hour), To: start.Add(48 * time.Hour)})
	must(t, err)
	if diff := cmp.Diff([]int64{late.ID}, sortedIDs(docs)); diff != "" {
		t.Errorf("Documents(by time) mismatch (-want +got):\n%s", diff)
	}
	docs, err = e.s.Documents(ctx, labrelay.DocumentQuery{RulesVersionNot: "r1"})
	must(t, err)
	if diff := cmp.Diff([]int64{b.ID}, sortedIDs(docs)); diff != "" {
		t.Errorf("Documents(rules version not r1) mismatch (-want +got):\n%s", diff)
	}
	docs, err = e.s.Documents(ctx, labrelay.DocumentQuery{Lab: labrelay.LabSGS, AfterID: a.ID, Limit: 1})
	must(t, err)
	if diff := cmp.Diff([]int64{c.ID}, sortedIDs(docs)); diff != "" {
		t.Errorf("Documents(paged) mismatch (-want +got):\n%s", diff)
	}
}
