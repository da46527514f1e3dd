package storetest

import (
	"testing"
	"time"

	"github.com/labrelay/labrelay"
)

// lineageExtraction is an accepted record with lineage references.
func lineageExtraction(number, supersedes, twinOf string) *labrelay.Extraction {
	ext := extraction(labrelay.LabSGS, labrelay.CategoryElectronic, "r1")
	ext.Fields.ReportNumber, ext.Fields.Supersedes, ext.Fields.TwinOf = number, supersedes, twinOf
	ext.Review = labrelay.Review{}
	return ext
}

func testLineageLookup(t *testing.T, e *env) {
	ctx := t.Context()
	a := e.to(t, e.discover(t, labrelay.LabSGS), labrelay.StateAccepted, lineageExtraction("CANHG1716962901", "", ""))
	b := e.to(t, e.discover(t, labrelay.LabSGS), labrelay.StateAccepted, lineageExtraction("CANHG1716962902 A01", "canhg1716962901", ""))
	zh := e.to(t, e.discover(t, labrelay.LabSGS), labrelay.StateNeedsReview, lineageExtraction("CANML1401714221", "", "CANML 1401714220"))
	en := e.to(t, e.discover(t, labrelay.LabSGS), labrelay.StatePublished, lineageExtraction("CANML1401714220", "", ""))
	e.discover(t, labrelay.LabSGS) // no extraction yet

	for _, tc := range []struct {
		name string
		q    labrelay.DocumentQuery
		want []int64
	}{
		{"report number", labrelay.DocumentQuery{ReportNumber: "CANHG1716962901"}, []int64{a.ID}},
		{"report number, spacing and case", labrelay.DocumentQuery{ReportNumber: "canhg1716962902a01"}, []int64{b.ID}},
		{"superseded by", labrelay.DocumentQuery{Mentions: "CANHG1716962901"}, []int64{b.ID}},
		{"twin mentioned", labrelay.DocumentQuery{Mentions: "CANML1401714220"}, []int64{zh.ID}},
		{"twin number", labrelay.DocumentQuery{ReportNumber: "CANML1401714220"}, []int64{en.ID}},
		{"unknown", labrelay.DocumentQuery{ReportNumber: "NOPE"}, []int64{}},
		{"with state", labrelay.DocumentQuery{ReportNumber: "CANHG1716962901", States: []labrelay.State{labrelay.StatePublished}}, []int64{}},
	} {
		docs, err := e.s.Documents(ctx, tc.q)
		must(t, err)
		if got := sortedIDs(docs); !equalIDs(got, tc.want) {
			t.Errorf("%s: Documents = %v, want %v", tc.name, got, tc.want)
		}
	}

	// A revision arriving supersedes the accepted original.
	got, err := e.s.Supersede(ctx, a.ID, b.ID)
	must(t, err)
	if got.State != labrelay.StateSuperseded || got.SupersededBy != b.ID {
		t.Errorf("Supersede = %s by %d", got.State, got.SupersededBy)
	}
	// The Chinese twin is linked to the published English one and kept
	// out of publication.
	got, err = e.s.LinkTwin(ctx, zh.ID, en.ID)
	must(t, err)
	if got.State != labrelay.StateSuperseded || got.TwinOf != en.ID || got.SupersededBy != 0 {
		t.Errorf("LinkTwin = %s twin of %d, superseded by %d", got.State, got.TwinOf, got.SupersededBy)
	}
	if again, err := e.s.Document(ctx, zh.ID); err != nil || again.TwinOf != en.ID {
		t.Errorf("Document after LinkTwin: twin of %d, %v", again.TwinOf, err)
	}
	_, err = e.s.LinkTwin(ctx, zh.ID, en.ID)
	wantErr(t, "LinkTwin twice", err, labrelay.ErrIllegalMove)
	_, err = e.s.LinkTwin(ctx, en.ID, 999999)
	wantErr(t, "LinkTwin to unknown", err, labrelay.ErrNotFound)
	_, err = e.s.LinkTwin(ctx, en.ID, en.ID)
	wantErr(t, "LinkTwin to itself", err, labrelay.ErrIllegalMove)
}

// testOutboxWithdrawn: a document moved away (or superseded) while its
// publication waits is not sent; one moved while a publisher holds it is
// recorded as published in the outbox once, and never handed out again.
func testOutboxWithdrawn(t *testing.T, e *env) {
	ctx := t.Context()
	moved := e.to(t, e.discover(t, labrelay.LabSGS), labrelay.StateSigned, nil)
	superseded := e.to(t, e.discover(t, labrelay.LabSGS), labrelay.StateSigned, nil)
	newer := e.discover(t, labrelay.LabSGS)
	_, err := e.s.Move(ctx, moved.ID, labrelay.StateSigned, 0, labrelay.StateException, "held by an operator")
	must(t, err)
	_, err = e.s.Supersede(ctx, superseded.ID, newer.ID)
	must(t, err)
	for _, id := range []int64{moved.ID, superseded.ID} {
		it, err := e.s.Outbox(ctx, id)
		must(t, err)
		if it.Status != labrelay.OutboxWithdrawn || it.LastError == "" {
			t.Errorf("document %d: outbox %s %q, want withdrawn with a reason", id, it.Status, it.LastError)
		}
	}
	its, err := e.s.LeaseOutbox(ctx, "p", 10, time.Minute)
	must(t, err)
	if len(its) != 0 {
		t.Fatalf("withdrawn publications leased: %+v", its)
	}

	// Moved while being sent: the receipt is kept, the state too.
	inflight := e.to(t, e.discover(t, labrelay.LabSGS), labrelay.StateSigned, nil)
	its, err = e.s.LeaseOutbox(ctx, "p", 10, time.Minute)
	must(t, err)
	if len(its) != 1 || its[0].DocumentID != inflight.ID {
		t.Fatalf("LeaseOutbox = %+v", its)
	}
	_, err = e.s.Move(ctx, inflight.ID, labrelay.StateSigned, 0, labrelay.StateException, "held by an operator")
	must(t, err)
	d, err := e.s.Published(ctx, its[0], labrelay.Receipt{ID: "dsp-9", Status: 201})
	must(t, err)
	if d.State != labrelay.StateException {
		t.Errorf("document moved while sent: Published left it %s, want exception", d.State)
	}
	it, err := e.s.Outbox(ctx, inflight.ID)
	must(t, err)
	if it.Status != labrelay.OutboxPublished || it.Receipt.ID != "dsp-9" {
		t.Errorf("outbox = %s %+v, want published with the receipt", it.Status, it.Receipt)
	}
	e.clock.Advance(2 * time.Minute)
	its, err = e.s.LeaseOutbox(ctx, "p", 10, time.Minute)
	must(t, err)
	if len(its) != 0 {
		t.Errorf("publication handed out again after it was recorded: %+v", its)
	}
	// Retried by the operator: signed again, the outbox starts over.
	re, err := e.s.Move(ctx, moved.ID, labrelay.StateException, 0, labrelay.StateAccepted, "")
	must(t, err)
	l := e.leaseOne(t, "w", labrelay.StateAccepted, re.ID)
	_, err = e.s.Complete(ctx, l, labrelay.StateSigned, labrelay.Update{SignedRecord: []byte("jws2"), IdempotencyKey: "k-2"})
	must(t, err)
	its, err = e.s.LeaseOutbox(ctx, "p", 10, time.Minute)
	must(t, err)
	if len(its) != 1 || its[0].DocumentID != moved.ID {
		t.Errorf("re-signed publication not leased: %+v", its)
	}
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
