package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/labrelay/labrelay"
)

func testReviewClaims(t *testing.T, e *env) {
	ctx := t.Context()
	d := e.to(t, e.discover(t, labrelay.LabSGS), labrelay.StateNeedsReview, nil)
	c, err := e.s.Claim(ctx, d.ID, "alice", 10*time.Minute)
	must(t, err)
	if c.Reviewer != "alice" || !c.ExpiresAt.Equal(e.clock.Now().Add(10*time.Minute)) {
		t.Errorf("Claim = %+v", c)
	}
	_, err = e.s.Claim(ctx, d.ID, "bob", 10*time.Minute)
	wantErr(t, "Claim of a claimed document", err, labrelay.ErrConflict)
	_, err = e.s.Approve(ctx, d.ID, "bob", "")
	wantErr(t, "Approve without the claim", err, labrelay.ErrConflict)
	_, err = e.s.Claim(ctx, d.ID, "alice", 10*time.Minute) // re-claim extends
	must(t, err)

	e.clock.Advance(11 * time.Minute)
	_, err = e.s.Claim(ctx, d.ID, "bob", 10*time.Minute)
	must(t, err)
	corrected := *d.Extraction
	corrected.Fields.ReportNumber = "SHA26-0002"
	corrected.Fields.IssueDate = "2026-05-09"
	_, err = e.s.Correct(ctx, d.ID, "alice", corrected, "typo")
	wantErr(t, "Correct after the claim expired", err, labrelay.ErrConflict)
	t0 := e.clock.Now()
	got, err := e.s.Correct(ctx, d.ID, "bob", corrected, "as printed on page 1")
	must(t, err)
	if got.Extraction.Fields.ReportNumber != "SHA26-0002" || got.State != labrelay.StateNeedsReview {
		t.Errorf("Correct = %s %+v", got.State, got.Extraction.Fields)
	}
	e.clock.Advance(time.Minute)
	t1 := e.clock.Now()
	got, err = e.s.Approve(ctx, d.ID, "bob", "ok")
	must(t, err)
	if got.State != labrelay.StateAccepted || got.ReviewedBy != "bob" || !got.AcceptedAt.Equal(t1) {
		t.Errorf("Approve = %s by %q at %v", got.State, got.ReviewedBy, got.AcceptedAt)
	}
	stored, err := e.s.Document(ctx, d.ID)
	must(t, err)
	if stored.Extraction.Fields.ReportNumber != "SHA26-0002" {
		t.Errorf("stored correction lost: %q", stored.Extraction.Fields.ReportNumber)
	}
	audit, err := e.s.Audit(ctx, d.ID)
	must(t, err)
	want := []labrelay.AuditEntry{
		{DocumentID: d.ID, At: t0, Actor: "bob", Action: labrelay.AuditCorrect, Field: labrelay.FieldReportNumber,
			Old: `"SHA26-0001"`, New: `"SHA26-0002"`, Comment: "as printed on page 1"},
		{DocumentID: d.ID, At: t0, Actor: "bob", Action: labrelay.AuditCorrect, Field: labrelay.FieldIssueDate,
			New: `"2026-05-09"`, Comment: "as printed on page 1"},
		{DocumentID: d.ID, At: t1, Actor: "bob", Action: labrelay.AuditApprove, Comment: "ok"},
	}
	if diff := cmp.Diff(want, audit); diff != "" {
		t.Errorf("Audit mismatch (-want +got):\n%s", diff)
	}
	_, err = e.s.Claim(ctx, d.ID, "bob", time.Minute)
	wantErr(t, "Claim of an accepted document", err, labrelay.ErrConflict)
	_, err = e.s.Claim(ctx, 999999, "bob", time.Minute)
	wantErr(t, "Claim(unknown)", err, labrelay.ErrNotFound)
}

func testReviewQueue(t *testing.T, e *env) {
	ctx := t.Context()
	var ids []int64
	for _, x := range []struct{ lab, cat string }{
		{labrelay.LabSGS, labrelay.CategoryFood},
		{labrelay.LabBV, labrelay.CategoryFood},
		{labrelay.LabSGS, labrelay.CategoryElectronic},
		{labrelay.LabSGS, labrelay.CategoryFood},
	} {
		d := e.to(t, e.discover(t, x.lab), labrelay.StateNeedsReview, extraction(x.lab, x.cat, "r1"))
		ids = append(ids, d.ID)
		e.clock.Advance(time.Minute)
	}
	e.to(t, e.discover(t, labrelay.LabSGS), labrelay.StateAccepted, nil)

	all, total, err := e.s.ReviewQueue(ctx, labrelay.ReviewFilter{})
	must(t, err)
	if total != 4 || cmp.Diff(ids, sortedIDs(all)) != "" || all[0].ID != ids[0] {
		t.Errorf("ReviewQueue = %v (total %d), want %v oldest first", sortedIDs(all), total, ids)
	}
	page, total, err := e.s.ReviewQueue(ctx, labrelay.ReviewFilter{Lab: labrelay.LabSGS, Category: labrelay.CategoryFood, Limit: 1, Offset: 1})
	must(t, err)
	if total != 2 || len(page) != 1 || page[0].ID != ids[3] {
		t.Errorf("filtered page = %v total %d, want [%d] total 2", sortedIDs(page), total, ids[3])
	}
	_, err = e.s.Claim(ctx, ids[1], "carol", time.Minute)
	must(t, err)
	must(t, e.s.ReleaseClaim(ctx, ids[1], "carol"))
	wantErr(t, "ReleaseClaim twice", e.s.ReleaseClaim(ctx, ids[1], "carol"), labrelay.ErrConflict)
	_, err = e.s.Claim(ctx, ids[1], "dave", time.Minute)
	must(t, err)
	got, err := e.s.Reject(ctx, ids[1], "dave", "not our supplier's report")
	must(t, err)
	if got.State != labrelay.StateException || got.Reason != "not our supplier's report" || got.ReviewedBy != "dave" {
		t.Errorf("Reject = %s %q by %q", got.State, got.Reason, got.ReviewedBy)
	}
	audit, err := e.s.Audit(ctx, ids[1])
	must(t, err)
	if len(audit) != 1 || audit[0].Action != labrelay.AuditReject || audit[0].Actor != "dave" {
		t.Errorf("Audit after reject = %+v", audit)
	}
	_, total, err = e.s.ReviewQueue(ctx, labrelay.ReviewFilter{})
	must(t, err)
	if total != 3 {
		t.Errorf("queue after reject: total %d, want 3", total)
	}
}
