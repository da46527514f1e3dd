package review_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
)

// claimDoc claims doc for b's user and returns the page's CSRF token.
func claimDoc(t *testing.T, b *browser, id int64) string {
	t.Helper()
	path := fmt.Sprintf("doc/%d", id)
	tok := b.csrf(path)
	if resp := b.post(path+"/claim", url.Values{"csrf": {tok}}); resp.Status != http.StatusSeeOther {
		t.Fatalf("claim: %d %s", resp.Status, resp.Body)
	}
	return tok
}

// Finding 3 of issue 17: reviewer A approved from a stale form and
// silently reverted reviewer B's saved correction.
func TestStaleFormIsRefused(t *testing.T) {
	r := newRig(t)
	doc := r.seedPDF(t)
	path := fmt.Sprintf("doc/%d", doc.ID)
	a, b := r.client(t), r.client(t)
	a.login("alice")
	b.login("bob")
	atok := claimDoc(t, a, doc.ID)
	stale := docForm(doc, atok) // what alice's open form holds
	if resp := a.post(path+"/release", url.Values{"csrf": {atok}}); resp.Status != http.StatusSeeOther {
		t.Fatalf("release: %d", resp.Status)
	}
	btok := claimDoc(t, b, doc.ID)
	cur, _ := r.Store.Document(context.Background(), doc.ID)
	fix := docForm(cur, btok)
	fix.Set("f.batch_number", "H24120-E")
	if resp := b.post(path+"/save", fix); resp.Status != http.StatusSeeOther {
		t.Fatalf("bob's save: %d %s", resp.Status, resp.Body)
	}
	if resp := b.post(path+"/release", url.Values{"csrf": {btok}}); resp.Status != http.StatusSeeOther {
		t.Fatalf("bob's release: %d", resp.Status)
	}
	claimDoc(t, a, doc.ID)
	for _, action := range []string{"approve", "save"} {
		resp := a.post(path+"/"+action, stale)
		if resp.Status != http.StatusConflict {
			t.Fatalf("%s from a stale form: %d, want 409", action, resp.Status)
		}
		if !strings.Contains(resp.Body, "Changed since you opened the form") || !strings.Contains(resp.Body, "H24I20-E") || !strings.Contains(resp.Body, "H24120-E") {
			t.Errorf("%s: the 409 page does not show what changed", action)
		}
	}
	got, _ := r.Store.Document(context.Background(), doc.ID)
	if got.State != labrelay.StateNeedsReview || got.Extraction.Fields.BatchNumber != "H24120-E" {
		t.Fatalf("after the stale approve: %s, batch %q (bob's correction lost)", got.State, got.Extraction.Fields.BatchNumber)
	}
	if reps := r.dspReports(t); len(reps) != 0 {
		t.Fatalf("published %d reports from a stale form", len(reps))
	}
	// A fresh form from the page works.
	if resp := a.post(path+"/approve", docForm(got, atok)); resp.Status != http.StatusSeeOther {
		t.Fatalf("approve from a fresh form: %d %s", resp.Status, resp.Body)
	}
	if reps := r.dspReports(t); len(reps) != 1 {
		t.Fatalf("published %d reports, want 1", len(reps))
	}
}

// Finding 4 of issue 17: approve signed and published records with
// nothing or almost nothing in them.
func TestApproveValidatesRecord(t *testing.T) {
	r := newRig(t)
	doc := r.seedPDF(t)
	path := fmt.Sprintf("doc/%d", doc.ID)
	b := r.client(t)
	b.login("alice")
	tok := claimDoc(t, b, doc.ID)
	ver := fmt.Sprint(doc.Version)
	forms := []url.Values{
		{"csrf": {tok}},
		{"csrf": {tok}, "version": {ver}},
		{"csrf": {tok}, "version": {ver}, "f.report_number": {"R-1"}, "f.lab": {labrelay.LabSGS}},
	}
	for i, f := range forms {
		resp := b.post(path+"/approve", f)
		if resp.Status < 400 {
			t.Fatalf("form %d: %d, want refused", i, resp.Status)
		}
		if i > 0 {
			if resp.Status != http.StatusUnprocessableEntity {
				t.Fatalf("form %d: %d, want 422", i, resp.Status)
			}
			for _, want := range []string{"fill in the issue date", "fill in the overall result"} {
				if !strings.Contains(resp.Body, want) {
					t.Errorf("form %d: no field message %q", i, want)
				}
			}
		}
	}
	bad := docForm(doc, tok)
	// A result row without an item is refused too.
	bad["r.item"] = append([]string{""}, bad["r.item"][1:]...)
	if resp := b.post(path+"/approve", bad); resp.Status != http.StatusUnprocessableEntity {
		t.Fatalf("row without item: %d", resp.Status)
	}
	got, _ := r.Store.Document(context.Background(), doc.ID)
	if got.State != labrelay.StateNeedsReview || got.Version != doc.Version || len(got.SignedRecord) > 0 {
		t.Fatalf("after refused approvals: %s v%d signed=%v", got.State, got.Version, len(got.SignedRecord) > 0)
	}
	if reps := r.dspReports(t); len(reps) != 0 {
		t.Fatalf("published %d reports", len(reps))
	}
}
