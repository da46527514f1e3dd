package callback

import (
	"context"
	"fmt"
	"time"

	"github.com/labrelay/labrelay"
)

// CallbackStore is the part of labrelay.Store that StoreRecorder needs.
type CallbackStore interface {
	DocumentBySubmission(ctx context.Context, keyOrID string) (labrelay.Document, error)
	RecordCallback(ctx context.Context, c labrelay.Callback) (labrelay.Callback, error)
}

// StoreRecorder records exceptions in a labrelay.Store against the
// document published under the DSP id.
type StoreRecorder struct {
	Store CallbackStore
}

var _ Recorder = StoreRecorder{}

// RecordException finds the document published as dspID and stores the
// callback, stamped with the store's clock (at, the DSP's signing time, is
// within minutes of it). It returns an error wrapping labrelay.ErrNotFound when there is
// no such document.
func (s StoreRecorder) RecordException(ctx context.Context, dspID, status, reason string, _ time.Time) error {
	doc, err := s.Store.DocumentBySubmission(ctx, dspID)
	if err != nil {
		return fmt.Errorf("find submission %s: %w", dspID, err)
	}
	if _, err := s.Store.RecordCallback(ctx, labrelay.Callback{DocumentID: doc.ID, Status: status, Reason: reason}); err != nil {
		return fmt.Errorf("record callback for %s: %w", dspID, err)
	}
	return nil
}
