package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/text"
)

// Documents is the part of the store the demo reads.
type Documents interface {
	Documents(ctx context.Context, q labrelay.DocumentQuery) ([]labrelay.Document, error)
}

// Settled reports whether nothing more will happen to d without a person.
func Settled(d labrelay.Document) bool {
	return d.State.Terminal() || d.State == labrelay.StateNeedsReview
}

// Latest maps bucket/key to the newest document of that object.
func Latest(ctx context.Context, st Documents) (map[string]labrelay.Document, error) {
	all, err := st.Documents(ctx, labrelay.DocumentQuery{})
	if err != nil {
		return nil, err
	}
	out := map[string]labrelay.Document{}
	for _, d := range all {
		out[d.Source.Bucket+"/"+d.Source.Key] = d
	}
	return out, nil
}

// Wait polls the store until every file's document has settled or timeout
// passes, and returns the latest documents. It gives up early when the
// relay stops (stopped receives its error).
func Wait(ctx context.Context, st Documents, files []*File, timeout time.Duration, stopped <-chan error) (map[string]labrelay.Document, error) {
	deadline := time.Now().Add(timeout)
	for {
		docs, err := Latest(ctx, st)
		if err != nil {
			return nil, err
		}
		done := true
		for _, f := range files {
			if d, ok := docs[f.Bucket+"/"+f.Key]; !ok || !Settled(d) {
				done = false
			}
		}
		if done || time.Now().After(deadline) {
			return docs, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case err := <-stopped:
			if err == nil {
				err = errors.New("the relay stopped")
			}
			return nil, err
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// Watch prints each document that settles after seen, once, until ctx
// ends.
func Watch(ctx context.Context, w io.Writer, st Documents, seen map[string]labrelay.Document) {
	shown := map[int64]bool{}
	for _, d := range seen {
		if Settled(d) {
			shown[d.ID] = true
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
		}
		docs, err := st.Documents(ctx, labrelay.DocumentQuery{})
		if err != nil {
			continue // the store is busy or closing; try again
		}
		for _, d := range docs {
			if shown[d.ID] || !Settled(d) {
				continue
			}
			shown[d.ID] = true
			fmt.Fprintln(w, WatchLine(d, time.Now()))
		}
	}
}

// WatchLine is Watch's line for a document that settled at now.
func WatchLine(d labrelay.Document, now time.Time) string {
	r := NewRow(&File{Bucket: d.Source.Bucket, Key: d.Source.Key}, d, true, nil)
	if d.State == labrelay.StatePublished {
		r.Outcome = "published"
	}
	return fmt.Sprintf("%s  s3://%s/%s  %s  fields=%s  %s  %s", now.Format("15:04:05"),
		text.Printable(d.Source.Bucket), text.Printable(d.Source.Key), r.Path, r.Fields, r.Outcome, r.Latency)
}
