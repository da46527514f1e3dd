package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/fixtures/layouts"
	"github.com/labrelay/labrelay/internal/relaytest"
)

// TestReviewLearnerRereadsInBackground: Save answers once the pack is
// written, without waiting for the queue; the re-read goes on after the
// request's context is cancelled and sends the waiting report of the
// learned layout back through the pipeline, leaving another layout's in
// review.
func TestReviewLearnerRereadsInBackground(t *testing.T) {
	l, ids := learnerInReview(t, map[string]layouts.Doc{"in/a.pdf": variant(t, 4, 0), "in/b.pdf": variant(t, 4, 1), "in/c.pdf": variant(t, 5, 1)})
	st := l.Store

	// A re-read already running holds the queue: Save must answer anyway.
	l.rereadMu.Lock()
	ctx, cancel := context.WithCancel(t.Context())
	saved, err := l.Save(ctx, []int64{ids["in/a.pdf"]}, "root")
	cancel() // the request is over
	if err != nil {
		l.rereadMu.Unlock()
		t.Fatal(err)
	}
	if !saved.Rereading || saved.File == "" {
		t.Errorf("saved %+v", saved)
	}
	if d, err := st.Document(t.Context(), ids["in/b.pdf"]); err != nil || d.State != labrelay.StateNeedsReview {
		t.Errorf("in/b.pdf re-read inside the request: %s %v", d.State, err)
	}
	l.rereadMu.Unlock()
	l.Wait()
	for key, want := range map[string]labrelay.State{"in/b.pdf": labrelay.StateDiscovered, "in/c.pdf": labrelay.StateNeedsReview} {
		d, err := st.Document(t.Context(), ids[key])
		if err != nil {
			t.Fatal(err)
		}
		if d.State != want {
			t.Errorf("%s: %s (%s), want %s", key, d.State, d.Reason, want)
		}
	}
}

// TestReviewLearnerCloseStopsReread: at shutdown the re-read still
// waiting for the queue stops without moving anything; no document is
// left half-moved (in exception).
func TestReviewLearnerCloseStopsReread(t *testing.T) {
	l, ids := learnerInReview(t, map[string]layouts.Doc{"in/a.pdf": variant(t, 4, 0), "in/b.pdf": variant(t, 4, 1)})
	st := l.Store

	l.rereadMu.Lock() // another re-read holds the queue
	if _, err := l.Save(t.Context(), []int64{ids["in/a.pdf"]}, "root"); err != nil {
		l.rereadMu.Unlock()
		t.Fatal(err)
	}
	l.background()
	l.bgCancel() // shutdown begins while the re-read waits
	l.rereadMu.Unlock()
	l.Close()
	if d, err := st.Document(t.Context(), ids["in/b.pdf"]); err != nil || d.State != labrelay.StateNeedsReview {
		t.Errorf("in/b.pdf after Close: %s (%s) %v, want needs_review", d.State, d.Reason, err)
	}
}

// learnerInReview is a reviewLearner over a fresh store and an empty
// packs directory, with docs waiting in review (see putInReview).
func learnerInReview(t *testing.T, docs map[string]layouts.Doc) (*reviewLearner, map[string]int64) {
	t.Helper()
	st := relaytest.MustSQLite(t)
	xf := extractorFlags{packs: t.TempDir()}
	ids := putInReview(t, st, xf, docs)
	return &reviewLearner{Store: st, Flags: xf, Dir: xf.packs, Now: time.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}, ids
}

func variant(t *testing.T, seed, n uint64) layouts.Doc {
	t.Helper()
	d, err := layouts.Variant(seed, n)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// putInReview stores each report as extracted by the built-in packs and
// waiting in needs_review, the taught one ("in/a.pdf") with its approved
// record; it returns the documents' ids by key.
func putInReview(t *testing.T, st labrelay.Store, xf extractorFlags, docs map[string]layouts.Doc) map[string]int64 {
	t.Helper()
	ctx := t.Context()
	ex, err := xf.build()
	if err != nil {
		t.Fatal(err)
	}
	defer ex.Close()
	ids := map[string]int64{}
	for key, d := range docs {
		sum := sha256.Sum256(d.PDF)
		h := hex.EncodeToString(sum[:])
		doc, _, err := st.Discover(ctx, labrelay.NewDocument{Source: labrelay.ObjectRef{Bucket: "b", Key: key, ETag: h}})
		if err != nil {
			t.Fatal(err)
		}
		ids[key] = doc.ID
		if err := st.PutBlob(ctx, h, d.PDF); err != nil {
			t.Fatal(err)
		}
	}
	for {
		ls, err := st.Lease(ctx, "seed", labrelay.StateDiscovered, 10, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		if len(ls) == 0 {
			return ids
		}
		for _, l := range ls {
			key := l.Document.Source.Key
			x, err := ex.Extract(ctx, filepath.Base(key), docs[key].PDF)
			if err != nil {
				t.Fatal(err)
			}
			if key == "in/a.pdf" {
				x.Fields = docs[key].Truth
			}
			if _, err := st.Complete(ctx, l, labrelay.StateNeedsReview, labrelay.Update{SHA256: l.Document.Source.ETag, Extraction: x}); err != nil {
				t.Fatal(err)
			}
		}
	}
}
