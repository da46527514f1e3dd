package storetest

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
)

func sha256hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func testOutbox(t *testing.T, e *env) {
	ctx := t.Context()
	d := e.to(t, e.discover(t, labrelay.LabSGS), labrelay.StateSigned, nil)
	its, err := e.s.LeaseOutbox(ctx, "p1", 10, time.Minute)
	must(t, err)
	if len(its) != 1 || its[0].DocumentID != d.ID || its[0].Attempts != 1 || its[0].IdempotencyKey != d.IdempotencyKey {
		t.Fatalf("LeaseOutbox = %+v", its)
	}
	again, err := e.s.LeaseOutbox(ctx, "p2", 10, time.Minute)
	must(t, err)
	if len(again) != 0 {
		t.Fatalf("leased publication handed out twice")
	}
	next := e.clock.Now().Add(30 * time.Second)
	must(t, e.s.PublishRetry(ctx, its[0], "503 Service Unavailable", next))
	wantErr(t, "second PublishRetry on the same lease", e.s.PublishRetry(ctx, its[0], "x", next), labrelay.ErrConflict)
	it, err := e.s.Outbox(ctx, d.ID)
	must(t, err)
	if it.Status != labrelay.OutboxPending || it.Attempts != 1 || it.LastError != "503 Service Unavailable" || !it.NextAttemptAt.Equal(next) {
		t.Errorf("after retry: %+v", it)
	}
	early, err := e.s.LeaseOutbox(ctx, "p1", 10, time.Minute)
	must(t, err)
	if len(early) != 0 {
		t.Errorf("publication leased before its backoff ended")
	}
	e.clock.Advance(31 * time.Second)
	its, err = e.s.LeaseOutbox(ctx, "p1", 10, time.Minute)
	must(t, err)
	if len(its) != 1 || its[0].Attempts != 2 {
		t.Fatalf("after backoff: %+v", its)
	}
	// The publisher dies; its lease expires and another takes over.
	e.clock.Advance(2 * time.Minute)
	its2, err := e.s.LeaseOutbox(ctx, "p2", 10, time.Minute)
	must(t, err)
	if len(its2) != 1 || its2[0].Attempts != 3 || its2[0].Token == its[0].Token {
		t.Fatalf("after expiry: %+v", its2)
	}
	_, err = e.s.Published(ctx, its[0], labrelay.Receipt{ID: "late", Status: 201})
	wantErr(t, "Published by fenced publisher", err, labrelay.ErrConflict)
	e.clock.Advance(time.Second)
	pub, err := e.s.Published(ctx, its2[0], labrelay.Receipt{ID: "dsp-77", Status: 201})
	must(t, err)
	if pub.State != labrelay.StatePublished || !pub.PublishedAt.Equal(e.clock.Now()) {
		t.Errorf("published document = %s at %v", pub.State, pub.PublishedAt)
	}
	it, err = e.s.Outbox(ctx, d.ID)
	must(t, err)
	if it.Status != labrelay.OutboxPublished || it.Receipt != (labrelay.Receipt{ID: "dsp-77", Status: 201}) {
		t.Errorf("outbox after publish = %+v", it)
	}
	done, err := e.s.LeaseOutbox(ctx, "p1", 10, time.Hour)
	must(t, err)
	if len(done) != 0 {
		t.Errorf("published entry leased again: %+v", done)
	}
	byID, err := e.s.DocumentBySubmission(ctx, "dsp-77")
	must(t, err)
	if byID.ID != d.ID {
		t.Errorf("DocumentBySubmission(receipt) = %d, want %d", byID.ID, d.ID)
	}
	_, err = e.s.DocumentBySubmission(ctx, "nope")
	wantErr(t, "DocumentBySubmission(unknown)", err, labrelay.ErrNotFound)
}

func testOutboxException(t *testing.T, e *env) {
	ctx := t.Context()
	d := e.to(t, e.discover(t, labrelay.LabBV), labrelay.StateSigned, nil)
	its, err := e.s.LeaseOutbox(ctx, "p", 1, time.Minute)
	must(t, err)
	if len(its) != 1 {
		t.Fatalf("LeaseOutbox = %d items", len(its))
	}
	got, err := e.s.PublishException(ctx, its[0], "422: report_number missing")
	must(t, err)
	if got.State != labrelay.StateException || got.Reason != "422: report_number missing" {
		t.Errorf("document = %s %q", got.State, got.Reason)
	}
	it, err := e.s.Outbox(ctx, d.ID)
	must(t, err)
	if it.Status != labrelay.OutboxException {
		t.Errorf("outbox status = %s", it.Status)
	}
	// Fixed and signed again: the outbox starts over.
	re, err := e.s.Move(ctx, d.ID, labrelay.StateException, got.Version, labrelay.StateAccepted, "")
	must(t, err)
	l := e.leaseOne(t, "w", labrelay.StateAccepted, re.ID)
	_, err = e.s.Complete(ctx, l, labrelay.StateSigned, labrelay.Update{SignedRecord: []byte("jws2"), IdempotencyKey: "k-2", ContentType: "application/jose"})
	must(t, err)
	its, err = e.s.LeaseOutbox(ctx, "p", 1, time.Minute)
	must(t, err)
	if len(its) != 1 || its[0].Attempts != 1 || its[0].IdempotencyKey != "k-2" || string(its[0].SignedRecord) != "jws2" || its[0].ContentType != "application/jose" {
		t.Errorf("re-signed outbox entry = %+v", its)
	}
}
