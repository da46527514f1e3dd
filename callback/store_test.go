package callback_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/callback"
)

type fakeStore struct{ got []labrelay.Callback }

func (f *fakeStore) DocumentBySubmission(_ context.Context, keyOrID string) (labrelay.Document, error) {
	if keyOrID != "dsp-000001" {
		return labrelay.Document{}, labrelay.ErrNotFound
	}
	return labrelay.Document{ID: 42}, nil
}

func (f *fakeStore) RecordCallback(_ context.Context, c labrelay.Callback) (labrelay.Callback, error) {
	f.got = append(f.got, c)
	return c, nil
}

func TestStoreRecorder(t *testing.T) {
	s := &fakeStore{}
	r := callback.StoreRecorder{Store: s}
	if err := r.RecordException(t.Context(), "dsp-000001", "rejected", "bad", time.Now()); err != nil {
		t.Fatal(err)
	}
	if len(s.got) != 1 || s.got[0].DocumentID != 42 || s.got[0].Status != "rejected" || s.got[0].Reason != "bad" {
		t.Errorf("stored %+v", s.got)
	}
	if err := r.RecordException(t.Context(), "dsp-9", "rejected", "bad", time.Now()); !errors.Is(err, labrelay.ErrNotFound) {
		t.Errorf("unknown id: err = %v, want ErrNotFound", err)
	}
}
