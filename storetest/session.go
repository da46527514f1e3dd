package storetest

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/labrelay/labrelay"
)

// testSessions: sessions round-trip, are found only by their id, are
// touched, deleted and pruned by idle and age.
func testSessions(t *testing.T, e *env) {
	ctx := t.Context()
	t0 := e.clock.Now()
	a := labrelay.Session{ID: "id-a", User: "alice", Role: "reviewer", CSRF: "csrf-a", Created: t0, Seen: t0}
	must(t, e.s.CreateSession(ctx, a))
	wantErr(t, "CreateSession with a taken id", e.s.CreateSession(ctx, a), labrelay.ErrConflict)
	wantErr(t, "CreateSession without a user", e.s.CreateSession(ctx, labrelay.Session{ID: "x"}), labrelay.ErrInvalid)
	got, err := e.s.Session(ctx, "id-a")
	must(t, err)
	if diff := cmp.Diff(a, got); diff != "" {
		t.Errorf("Session (-want +got):\n%s", diff)
	}
	_, err = e.s.Session(ctx, "id-b")
	wantErr(t, "Session of an unknown id", err, labrelay.ErrNotFound)

	t1 := t0.Add(20 * time.Minute)
	must(t, e.s.TouchSession(ctx, "id-a", t1))
	must(t, e.s.TouchSession(ctx, "id-a", t0.Add(time.Minute))) // never back
	if got, err := e.s.Session(ctx, "id-a"); err != nil || !got.Seen.Equal(t1) {
		t.Errorf("after TouchSession: seen %v, %v; want %v", got.Seen, err, t1)
	}
	b := labrelay.Session{ID: "id-b", User: "bob", Role: "admin", CSRF: "csrf-b", Created: t1, Seen: t1}
	c := labrelay.Session{ID: "id-c", User: "carol", Role: "reviewer", CSRF: "csrf-c", Created: t0, Seen: t0}
	must(t, e.s.CreateSession(ctx, b))
	must(t, e.s.CreateSession(ctx, c))
	// c is idle since t0; a was created at t0 but seen at t1.
	n, err := e.s.PruneSessions(ctx, t0.Add(10*time.Minute), t0.Add(-time.Hour))
	must(t, err)
	if n != 1 {
		t.Errorf("PruneSessions by idle = %d, want 1", n)
	}
	_, err = e.s.Session(ctx, "id-c")
	wantErr(t, "Session pruned for idling", err, labrelay.ErrNotFound)
	n, err = e.s.PruneSessions(ctx, t0, t0.Add(time.Minute)) // a is too old
	must(t, err)
	if n != 1 {
		t.Errorf("PruneSessions by age = %d, want 1", n)
	}
	_, err = e.s.Session(ctx, "id-a")
	wantErr(t, "Session pruned for age", err, labrelay.ErrNotFound)
	must(t, e.s.DeleteSession(ctx, "id-b"))
	must(t, e.s.DeleteSession(ctx, "id-b"))
	_, err = e.s.Session(ctx, "id-b")
	wantErr(t, "Session after DeleteSession", err, labrelay.ErrNotFound)
}

// testClaimsListed: Claims lists live claims on documents in review,
// whoever took them, and drops expired and ended ones.
func testClaimsListed(t *testing.T, e *env) {
	ctx := t.Context()
	d1 := e.to(t, e.discover(t, labrelay.LabSGS), labrelay.StateNeedsReview, nil)
	d2 := e.to(t, e.discover(t, labrelay.LabSGS), labrelay.StateNeedsReview, nil)
	d3 := e.to(t, e.discover(t, labrelay.LabSGS), labrelay.StateNeedsReview, nil)
	if cs, err := e.s.Claims(ctx); err != nil || len(cs) != 0 {
		t.Fatalf("Claims before any = %v, %v", cs, err)
	}
	c1, err := e.s.Claim(ctx, d1.ID, "alice", 10*time.Minute)
	must(t, err)
	e.clock.Advance(time.Minute)
	c2, err := e.s.Claim(ctx, d2.ID, "bob", 2*time.Minute)
	must(t, err)
	c3, err := e.s.Claim(ctx, d3.ID, "carol", 30*time.Minute)
	must(t, err)
	got, err := e.s.Claims(ctx)
	must(t, err)
	if diff := cmp.Diff([]labrelay.Claim{c1, c2, c3}, got); diff != "" {
		t.Errorf("Claims (-want +got):\n%s", diff)
	}
	e.clock.Advance(5 * time.Minute) // c2 expires
	must(t, e.s.ReleaseClaim(ctx, d1.ID, "alice"))
	got, err = e.s.Claims(ctx)
	must(t, err)
	if diff := cmp.Diff([]labrelay.Claim{c3}, got); diff != "" {
		t.Errorf("Claims after expiry and release (-want +got):\n%s", diff)
	}
	_, err = e.s.Reject(ctx, d3.ID, "carol", "not a report")
	must(t, err)
	if got, err := e.s.Claims(ctx); err != nil || len(got) != 0 {
		t.Errorf("Claims after the review ended = %v, %v", got, err)
	}
}
