// Package storetest is the conformance suite every labrelay.Store must pass.
// It drives a store only through the interface, with a fake clock, so that
// lease and claim expiry are tested without sleeping. It must not depend on
// any store implementation.
package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
)

// Clock is a settable clock for stores' Now.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Open returns a fresh, empty, opened store whose clock is now; it closes
// the store when t ends.
type Open func(t *testing.T, now func() time.Time) labrelay.Store

// Run runs the conformance suite against stores made by open.
func Run(t *testing.T, open Open) {
	tests := []struct {
		name string
		fn   func(*testing.T, *env)
	}{
		{"DiscoverIdempotent", testDiscoverIdempotent},
		{"DuplicateContent", testDuplicateContent},
		{"MoveCompareAndSet", testMoveCAS},
		{"IllegalMoves", testIllegalMoves},
		{"LeaseExclusive", testLeaseExclusive},
		{"LeaseExpiryAndFencing", testLeaseExpiry},
		{"LeaseExtendRelease", testLeaseExtendRelease},
		{"CompleteStages", testCompleteStages},
		{"Blobs", testBlobs},
		{"OutboxLifecycle", testOutbox},
		{"OutboxException", testOutboxException},
		{"ReviewClaims", testReviewClaims},
		{"ReviewQueueAndReject", testReviewQueue},
		{"Callbacks", testCallbacks},
		{"Nonces", testNonces},
		{"Cursors", testCursors},
		{"Reports", testReports},
		{"Supersede", testSupersede},
		{"LineageLookup", testLineageLookup},
		{"OutboxWithdrawn", testOutboxWithdrawn},
		{"Sessions", testSessions},
		{"ClaimsListed", testClaimsListed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := NewClock(time.Date(2026, 5, 9, 8, 0, 0, 0, time.UTC))
			tt.fn(t, &env{s: open(t, clock.Now), clock: clock})
		})
	}
}

type env struct {
	s     labrelay.Store
	clock *Clock
	n     int
}

// discover creates a new document with a unique key.
func (e *env) discover(t *testing.T, lab string) labrelay.Document {
	t.Helper()
	e.n++
	d, created, err := e.s.Discover(t.Context(), labrelay.NewDocument{
		Source:  labrelay.ObjectRef{Bucket: "reports", Key: fmt.Sprintf("%s/%d.pdf", lab, e.n), ETag: "e1"},
		LabHint: lab,
	})
	if err != nil || !created {
		t.Fatalf("Discover: created %v, err %v", created, err)
	}
	return d
}

// leaseOne leases the one document expected in stage.
func (e *env) leaseOne(t *testing.T, worker string, stage labrelay.State, id int64) labrelay.Lease {
	t.Helper()
	ls, err := e.s.Lease(t.Context(), worker, stage, 10, time.Minute)
	if err != nil {
		t.Fatalf("Lease(%s): %v", stage, err)
	}
	for _, l := range ls {
		if l.DocumentID == id {
			return l
		}
	}
	t.Fatalf("Lease(%s) = %d leases, none for document %d", stage, len(ls), id)
	return labrelay.Lease{}
}

func extraction(lab, category, rules string) *labrelay.Extraction {
	return &labrelay.Extraction{
		Source:       labrelay.Source{File: "r.pdf", SHA256: "abc", MediaType: "application/pdf"},
		Path:         labrelay.PathPDFText,
		Fields:       labrelay.Record{ReportNumber: "SHA26-0001", Lab: lab, Category: category, OverallResult: labrelay.VerdictPass},
		Confidence:   map[string]float64{"report_number": 0.99},
		Review:       labrelay.Review{Required: true, Reasons: []string{"low confidence"}},
		RulesVersion: rules,
	}
}

// to drives a fresh document through leases to state: needs_review,
// accepted, signed or published.
func (e *env) to(t *testing.T, d labrelay.Document, state labrelay.State, ext *labrelay.Extraction) labrelay.Document {
	t.Helper()
	ctx := t.Context()
	if ext == nil {
		ext = extraction(labrelay.LabSGS, labrelay.CategoryElectronic, "r1")
	}
	l := e.leaseOne(t, "w", labrelay.StateDiscovered, d.ID)
	d, err := e.s.Complete(ctx, l, labrelay.StateFetched, labrelay.Update{SHA256: fmt.Sprintf("%064x", d.ID)})
	if err != nil {
		t.Fatalf("Complete(fetched): %v", err)
	}
	first := state
	if state == labrelay.StateSigned || state == labrelay.StatePublished {
		first = labrelay.StateAccepted
	}
	l = e.leaseOne(t, "w", labrelay.StateFetched, d.ID)
	if d, err = e.s.Complete(ctx, l, first, labrelay.Update{Extraction: ext}); err != nil {
		t.Fatalf("Complete(%s): %v", first, err)
	}
	if first == state {
		return d
	}
	l = e.leaseOne(t, "w", labrelay.StateAccepted, d.ID)
	if d, err = e.s.Complete(ctx, l, labrelay.StateSigned, labrelay.Update{
		SignedRecord: []byte("eyJhbGciOiJFZERTQSJ9.e30.c2ln"), IdempotencyKey: fmt.Sprintf("idem-%d", d.ID),
	}); err != nil {
		t.Fatalf("Complete(signed): %v", err)
	}
	if state == labrelay.StateSigned {
		return d
	}
	its, err := e.s.LeaseOutbox(ctx, "pub", 100, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range its {
		if it.DocumentID == d.ID {
			if d, err = e.s.Published(ctx, it, labrelay.Receipt{ID: fmt.Sprintf("dsp-%d", d.ID), Status: 201}); err != nil {
				t.Fatalf("Published: %v", err)
			}
			return d
		}
	}
	t.Fatalf("document %d not in outbox", d.ID)
	return d
}

func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("%s: got error %v, want %v", what, err, want)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
