package storetest

import (
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
)

func testDiscoverIdempotent(t *testing.T, e *env) {
	ctx := t.Context()
	ref := labrelay.ObjectRef{Bucket: "sgs-in", Key: "2026/05/r1.pdf", ETag: "etag-1", VersionID: "v1"}
	first, created, err := e.s.Discover(ctx, labrelay.NewDocument{Source: ref, LabHint: labrelay.LabSGS})
	must(t, err)
	if !created || first.State != labrelay.StateDiscovered || first.ID == 0 {
		t.Fatalf("first Discover = %+v, created %v; want a new discovered document", first, created)
	}
	if first.Source != ref || first.LabHint != labrelay.LabSGS || !first.DiscoveredAt.Equal(e.clock.Now()) {
		t.Errorf("first Discover = source %+v hint %q at %v", first.Source, first.LabHint, first.DiscoveredAt)
	}
	e.clock.Advance(time.Minute)
	again, created, err := e.s.Discover(ctx, labrelay.NewDocument{Source: ref, LabHint: labrelay.LabSGS})
	must(t, err)
	if created || again.ID != first.ID || !again.DiscoveredAt.Equal(first.DiscoveredAt) {
		t.Errorf("redelivered Discover = id %d created %v at %v; want id %d, not created, at %v",
			again.ID, created, again.DiscoveredAt, first.ID, first.DiscoveredAt)
	}
	// A redelivered notification must not reset a document that moved on.
	l := e.leaseOne(t, "w", labrelay.StateDiscovered, first.ID)
	_, err = e.s.Complete(ctx, l, labrelay.StateFetched, labrelay.Update{SHA256: fmt.Sprintf("%064x", 1)})
	must(t, err)
	again, _, err = e.s.Discover(ctx, labrelay.NewDocument{Source: ref})
	must(t, err)
	if again.State != labrelay.StateFetched {
		t.Errorf("after redelivery state = %s, want fetched", again.State)
	}

	rewritten := ref
	rewritten.ETag, rewritten.VersionID = "etag-2", "v2"
	second, created, err := e.s.Discover(ctx, labrelay.NewDocument{Source: rewritten})
	must(t, err)
	if !created || second.ID == first.ID {
		t.Errorf("rewritten object: id %d created %v; want a new document", second.ID, created)
	}
	got, err := e.s.DocumentBySource(ctx, rewritten)
	must(t, err)
	if got.ID != second.ID {
		t.Errorf("DocumentBySource = %d, want %d", got.ID, second.ID)
	}
	_, err = e.s.DocumentBySource(ctx, labrelay.ObjectRef{Bucket: "x", Key: "y"})
	wantErr(t, "DocumentBySource(unknown)", err, labrelay.ErrNotFound)
	_, err = e.s.Document(ctx, 999999)
	wantErr(t, "Document(unknown)", err, labrelay.ErrNotFound)
	_, _, err = e.s.Discover(ctx, labrelay.NewDocument{})
	wantErr(t, "Discover(empty)", err, labrelay.ErrInvalid)
}

func testDuplicateContent(t *testing.T, e *env) {
	ctx := t.Context()
	sum := fmt.Sprintf("%064x", 42)
	a := e.discover(t, labrelay.LabSGS)
	b := e.discover(t, labrelay.LabSGS)
	ls, err := e.s.Lease(ctx, "w", labrelay.StateDiscovered, 2, time.Minute)
	must(t, err)
	if len(ls) != 2 || ls[0].DocumentID != a.ID || ls[1].DocumentID != b.ID {
		t.Fatalf("Lease = %+v, want documents %d and %d oldest first", ls, a.ID, b.ID)
	}
	la, lb := ls[0], ls[1]
	a, err = e.s.Complete(ctx, la, labrelay.StateFetched, labrelay.Update{SHA256: sum})
	must(t, err)
	if a.State != labrelay.StateFetched || a.DuplicateOf != 0 || a.SHA256 != sum {
		t.Fatalf("first holder = %s dup %d sha %s; want fetched, no duplicate", a.State, a.DuplicateOf, a.SHA256)
	}
	b, err = e.s.Complete(ctx, lb, labrelay.StateFetched, labrelay.Update{SHA256: sum})
	must(t, err)
	if b.State != labrelay.StateFailed || b.DuplicateOf != a.ID || b.Reason == "" {
		t.Errorf("same content under another key = %s dup %d reason %q; want failed duplicate of %d", b.State, b.DuplicateOf, b.Reason, a.ID)
	}
	_, err = e.s.Move(ctx, b.ID, labrelay.StateFailed, 0, labrelay.StateDiscovered, "")
	wantErr(t, "retry of a duplicate", err, labrelay.ErrIllegalMove)

	// Known content at discovery.
	c, created, err := e.s.Discover(ctx, labrelay.NewDocument{
		Source: labrelay.ObjectRef{Bucket: "bv-in", Key: "copy.pdf", ETag: "x"}, SHA256: sum,
	})
	must(t, err)
	if !created || c.DuplicateOf != a.ID || c.State != labrelay.StateFailed {
		t.Errorf("Discover with known duplicate content = %s dup %d; want failed duplicate of %d", c.State, c.DuplicateOf, a.ID)
	}
	_, err = e.s.Lease(ctx, "w", labrelay.StateFailed, 10, time.Minute)
	wantErr(t, "Lease of failed documents", err, labrelay.ErrInvalid)
	// The first holder is not a duplicate of itself when it fetches again.
	l := e.leaseOne(t, "w", labrelay.StateFetched, a.ID)
	a, err = e.s.Complete(ctx, l, labrelay.StateExtracted, labrelay.Update{SHA256: sum, Extraction: extraction("SGS", "", "r1")})
	must(t, err)
	if a.DuplicateOf != 0 || a.State != labrelay.StateExtracted {
		t.Errorf("first holder after re-fetch = %s dup %d", a.State, a.DuplicateOf)
	}
	// Empty files are not duplicates of each other: each goes on to be
	// reported as empty (issue 17).
	const empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	for range 2 {
		d := e.discover(t, labrelay.LabSGS)
		l := e.leaseOne(t, "w", labrelay.StateDiscovered, d.ID)
		d, err = e.s.Complete(ctx, l, labrelay.StateFetched, labrelay.Update{SHA256: empty})
		must(t, err)
		if d.State != labrelay.StateFetched || d.DuplicateOf != 0 {
			t.Errorf("empty file = %s dup %d reason %q; want fetched, no duplicate", d.State, d.DuplicateOf, d.Reason)
		}
	}
}

func testMoveCAS(t *testing.T, e *env) {
	ctx := t.Context()
	d := e.discover(t, labrelay.LabBV)
	_, err := e.s.Move(ctx, d.ID, labrelay.StateFetched, 0, labrelay.StateFailed, "x")
	wantErr(t, "Move from wrong state", err, labrelay.ErrConflict)
	_, err = e.s.Move(ctx, d.ID, labrelay.StateDiscovered, d.Version+1, labrelay.StateFailed, "x")
	wantErr(t, "Move with wrong version", err, labrelay.ErrConflict)
	e.clock.Advance(time.Second)
	moved, err := e.s.Move(ctx, d.ID, labrelay.StateDiscovered, d.Version, labrelay.StateFailed, "unreadable")
	must(t, err)
	if moved.State != labrelay.StateFailed || moved.Reason != "unreadable" || moved.Version <= d.Version || !moved.UpdatedAt.Equal(e.clock.Now()) {
		t.Errorf("Move = %s %q v%d at %v", moved.State, moved.Reason, moved.Version, moved.UpdatedAt)
	}
	// A stale writer holding the old version loses.
	_, err = e.s.Move(ctx, d.ID, labrelay.StateDiscovered, d.Version, labrelay.StateFetched, "")
	wantErr(t, "stale Move", err, labrelay.ErrConflict)
	back, err := e.s.Move(ctx, d.ID, labrelay.StateFailed, moved.Version, labrelay.StateDiscovered, "")
	must(t, err)
	if back.State != labrelay.StateDiscovered || back.Reason != "" {
		t.Errorf("retry = %s %q", back.State, back.Reason)
	}
	// A leased document cannot be moved behind its worker's back.
	e.leaseOne(t, "w", labrelay.StateDiscovered, d.ID)
	_, err = e.s.Move(ctx, d.ID, labrelay.StateDiscovered, 0, labrelay.StateFailed, "x")
	wantErr(t, "Move of a leased document", err, labrelay.ErrConflict)
	_, err = e.s.Move(ctx, 999999, labrelay.StateDiscovered, 0, labrelay.StateFailed, "x")
	wantErr(t, "Move(unknown)", err, labrelay.ErrNotFound)
}

func testIllegalMoves(t *testing.T, e *env) {
	ctx := t.Context()
	d := e.discover(t, labrelay.LabSGS)
	_, err := e.s.Move(ctx, d.ID, labrelay.StateDiscovered, 0, labrelay.StatePublished, "")
	wantErr(t, "discovered → published", err, labrelay.ErrIllegalMove)
	l := e.leaseOne(t, "w", labrelay.StateDiscovered, d.ID)
	_, err = e.s.Complete(ctx, l, labrelay.StatePublished, labrelay.Update{})
	wantErr(t, "Complete discovered → published", err, labrelay.ErrIllegalMove)
	// Several stages in one lease are fine.
	d, err = e.s.Complete(ctx, l, labrelay.StateNeedsReview, labrelay.Update{
		SHA256: fmt.Sprintf("%064x", 7), Extraction: extraction(labrelay.LabSGS, labrelay.CategoryFood, "r1"),
	})
	must(t, err)
	now := e.clock.Now()
	if d.State != labrelay.StateNeedsReview || !d.FetchedAt.Equal(now) || !d.ExtractedAt.Equal(now) || !d.NeedsReviewAt.Equal(now) {
		t.Errorf("discovered → needs_review in one lease = %s, stamps %v %v %v", d.State, d.FetchedAt, d.ExtractedAt, d.NeedsReviewAt)
	}
	if d.Lab != labrelay.LabSGS || d.Category != labrelay.CategoryFood || d.Path != labrelay.PathPDFText || d.RulesVersion != "r1" {
		t.Errorf("summary = %q %q %q %q", d.Lab, d.Category, d.Path, d.RulesVersion)
	}
	_, err = e.s.Move(ctx, d.ID, labrelay.StateNeedsReview, 0, labrelay.StateDiscovered, "")
	wantErr(t, "needs_review → discovered", err, labrelay.ErrIllegalMove)
}

func testLeaseExclusive(t *testing.T, e *env) {
	ctx := t.Context()
	const docs, workers = 40, 6
	for range docs {
		e.discover(t, labrelay.LabSGS)
	}
	var mu sync.Mutex
	got := map[int64]string{}
	var dup []int64
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := fmt.Sprintf("w%d", w)
			for {
				ls, err := e.s.Lease(ctx, name, labrelay.StateDiscovered, 3, time.Minute)
				if err != nil {
					errs <- err
					return
				}
				if len(ls) == 0 {
					return
				}
				mu.Lock()
				for _, l := range ls {
					if _, ok := got[l.DocumentID]; ok {
						dup = append(dup, l.DocumentID)
					}
					got[l.DocumentID] = name
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("concurrent Lease: %v", err)
	}
	if len(dup) > 0 || len(got) != docs {
		t.Errorf("leased %d distinct documents, duplicates %v; want each of %d once", len(got), dup, docs)
	}
}

func testLeaseExpiry(t *testing.T, e *env) {
	ctx := t.Context()
	d := e.discover(t, labrelay.LabSGS)
	old, err := e.s.Lease(ctx, "dead", labrelay.StateDiscovered, 1, time.Minute)
	must(t, err)
	if len(old) != 1 || old[0].Worker != "dead" || !old[0].ExpiresAt.Equal(e.clock.Now().Add(time.Minute)) || old[0].Document.ID != d.ID {
		t.Fatalf("Lease = %+v", old)
	}
	none, err := e.s.Lease(ctx, "other", labrelay.StateDiscovered, 1, time.Minute)
	must(t, err)
	if len(none) != 0 {
		t.Fatalf("held job leased again before expiry: %+v", none)
	}
	e.clock.Advance(61 * time.Second)
	_, err = e.s.Complete(ctx, old[0], labrelay.StateFetched, labrelay.Update{SHA256: fmt.Sprintf("%064x", 1)})
	wantErr(t, "Complete after expiry", err, labrelay.ErrConflict)
	re := e.leaseOne(t, "alive", labrelay.StateDiscovered, d.ID)
	if re.Token == old[0].Token {
		t.Errorf("re-lease kept fencing token %d", re.Token)
	}
	if re.Document.Attempts != 2 {
		t.Errorf("attempts after re-lease = %d, want 2", re.Document.Attempts)
	}
	_, err = e.s.Complete(ctx, old[0], labrelay.StateFetched, labrelay.Update{SHA256: fmt.Sprintf("%064x", 1)})
	wantErr(t, "Complete by fenced holder", err, labrelay.ErrConflict)
	_, err = e.s.Extend(ctx, old[0], time.Hour)
	wantErr(t, "Extend by fenced holder", err, labrelay.ErrConflict)
	wantErr(t, "Release by fenced holder", e.s.Release(ctx, old[0]), labrelay.ErrConflict)
	// A stale holder whose worker name happens to match is still fenced.
	stale := re
	stale.Token--
	_, err = e.s.Complete(ctx, stale, labrelay.StateFetched, labrelay.Update{})
	wantErr(t, "Complete with old token", err, labrelay.ErrConflict)
	got, err := e.s.Complete(ctx, re, labrelay.StateFetched, labrelay.Update{SHA256: fmt.Sprintf("%064x", 1)})
	must(t, err)
	if got.State != labrelay.StateFetched {
		t.Errorf("state = %s, want fetched", got.State)
	}
	_, err = e.s.Complete(ctx, re, labrelay.StateExtracted, labrelay.Update{})
	wantErr(t, "Complete twice", err, labrelay.ErrConflict)
}

func testLeaseExtendRelease(t *testing.T, e *env) {
	ctx := t.Context()
	d := e.discover(t, labrelay.LabSGS)
	l := e.leaseOne(t, "w1", labrelay.StateDiscovered, d.ID)
	e.clock.Advance(50 * time.Second)
	l, err := e.s.Extend(ctx, l, time.Minute)
	must(t, err)
	e.clock.Advance(50 * time.Second) // past the first expiry, within the extension
	ls, err := e.s.Lease(ctx, "w2", labrelay.StateDiscovered, 5, time.Minute)
	must(t, err)
	if len(ls) != 0 {
		t.Fatalf("extended lease handed out again")
	}
	must(t, e.s.Release(ctx, l))
	l2 := e.leaseOne(t, "w2", labrelay.StateDiscovered, d.ID)
	_, err = e.s.Complete(ctx, l, labrelay.StateFetched, labrelay.Update{})
	wantErr(t, "Complete after Release", err, labrelay.ErrConflict)
	_, err = e.s.Complete(ctx, l2, labrelay.StateFailed, labrelay.Update{Reason: "encrypted PDF"})
	must(t, err)
	got, err := e.s.Document(ctx, d.ID)
	must(t, err)
	if got.State != labrelay.StateFailed || got.Reason != "encrypted PDF" || got.Attempts != 2 {
		t.Errorf("document = %s %q attempts %d", got.State, got.Reason, got.Attempts)
	}
	_, err = e.s.Lease(ctx, "", labrelay.StateDiscovered, 1, time.Minute)
	wantErr(t, "Lease without worker", err, labrelay.ErrInvalid)
	_, err = e.s.Lease(ctx, "w", labrelay.StateNeedsReview, 1, time.Minute)
	wantErr(t, "Lease of needs_review (review goes through Claim)", err, labrelay.ErrInvalid)
}

func testCompleteStages(t *testing.T, e *env) {
	ctx := t.Context()
	d := e.discover(t, labrelay.LabBV)
	ext := extraction(labrelay.LabBV, labrelay.CategoryAutomotive, "r2")
	ext.Review.Required = false
	d = e.to(t, d, labrelay.StateSigned, ext)
	if d.State != labrelay.StateSigned || d.IdempotencyKey == "" || string(d.SignedRecord) == "" {
		t.Fatalf("signed document = %s key %q", d.State, d.IdempotencyKey)
	}
	got, err := e.s.Document(ctx, d.ID)
	must(t, err)
	if got.Extraction == nil || got.Extraction.Fields.ReportNumber != "SHA26-0001" || got.Extraction.RulesVersion != "r2" {
		t.Errorf("stored extraction = %+v", got.Extraction)
	}
	if got.Lab != labrelay.LabBV || got.Category != labrelay.CategoryAutomotive || got.SignedAt.IsZero() || got.AcceptedAt.IsZero() {
		t.Errorf("document = %+v", got)
	}
	it, err := e.s.Outbox(ctx, d.ID)
	must(t, err)
	if it.Status != labrelay.OutboxPending || it.IdempotencyKey != d.IdempotencyKey || string(it.SignedRecord) != string(d.SignedRecord) {
		t.Errorf("outbox entry = %+v", it)
	}
	byKey, err := e.s.DocumentBySubmission(ctx, d.IdempotencyKey)
	must(t, err)
	if byKey.ID != d.ID {
		t.Errorf("DocumentBySubmission(key) = %d, want %d", byKey.ID, d.ID)
	}
	_, err = e.s.Outbox(ctx, 999999)
	wantErr(t, "Outbox(unknown)", err, labrelay.ErrNotFound)
	// Signing without a record is refused and leaves the lease usable.
	d2 := e.to(t, e.discover(t, labrelay.LabBV), labrelay.StateAccepted, nil)
	l := e.leaseOne(t, "w", labrelay.StateAccepted, d2.ID)
	_, err = e.s.Complete(ctx, l, labrelay.StateSigned, labrelay.Update{})
	wantErr(t, "sign without record", err, labrelay.ErrInvalid)
	_, err = e.s.Complete(ctx, l, labrelay.StateSigned, labrelay.Update{SignedRecord: []byte("jws"), IdempotencyKey: "k2", ContentType: "application/vc+jwt"})
	must(t, err)
	// The content type travels with the outbox entry to every sender.
	it, err = e.s.Outbox(ctx, d2.ID)
	must(t, err)
	if it.ContentType != "application/vc+jwt" {
		t.Errorf("outbox content type = %q, want application/vc+jwt", it.ContentType)
	}
	its, err := e.s.LeaseOutbox(ctx, "p", 100, time.Minute)
	must(t, err)
	for _, it := range its {
		want := ""
		if it.DocumentID == d2.ID {
			want = "application/vc+jwt"
		}
		if it.ContentType != want {
			t.Errorf("leased outbox entry %d content type = %q, want %q", it.DocumentID, it.ContentType, want)
		}
	}
}

func testBlobs(t *testing.T, e *env) {
	ctx := t.Context()
	data := []byte("%PDF-1.7 report")
	sum := "c8a6a2c5f6bd0b3e6a4c8d3e0d5b1c17d6f4e7e1a86d0ff7b0c5e3c1c7d3a9f2" // wrong on purpose
	wantErr(t, "PutBlob with wrong hash", e.s.PutBlob(ctx, sum, data), labrelay.ErrInvalid)
	sum = sha256hex(data)
	must(t, e.s.PutBlob(ctx, sum, data))
	must(t, e.s.PutBlob(ctx, sum, data)) // idempotent
	got, err := e.s.GetBlob(ctx, sum)
	must(t, err)
	if string(got) != string(data) {
		t.Errorf("GetBlob = %q, want %q", got, data)
	}
	_, err = e.s.GetBlob(ctx, sha256hex([]byte("other")))
	wantErr(t, "GetBlob(unknown)", err, labrelay.ErrNotFound)
}

func testSupersede(t *testing.T, e *env) {
	ctx := t.Context()
	old := e.to(t, e.discover(t, labrelay.LabSGS), labrelay.StatePublished, nil)
	newer := e.discover(t, labrelay.LabSGS)
	got, err := e.s.Supersede(ctx, old.ID, newer.ID)
	must(t, err)
	if got.State != labrelay.StateSuperseded || got.SupersededBy != newer.ID {
		t.Errorf("Supersede = %s by %d", got.State, got.SupersededBy)
	}
	_, err = e.s.Supersede(ctx, newer.ID, old.ID)
	wantErr(t, "Supersede a discovered document", err, labrelay.ErrIllegalMove)
	_, err = e.s.Supersede(ctx, old.ID, 999999)
	wantErr(t, "Supersede by unknown", err, labrelay.ErrNotFound)
}

func sortedIDs(docs []labrelay.Document) []int64 {
	ids := make([]int64, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}
