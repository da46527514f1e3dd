package batch

import (
	"context"
	"errors"
	"fmt"

	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/publish"
)

// statusAccepted is the DSP's status of a record it holds and uses.
const statusAccepted = "accepted"

// reconcile asks the DSP about every document published in the window and
// flags what differs: missing at the DSP, another record under the id, or
// an exception status (rejected, superseded, expired) the store has not
// recorded as a callback.
func (j *Job) reconcile(ctx context.Context, s *Summary) error {
	now := j.Now()
	lats, err := j.Store.Latencies(ctx, now.Add(-j.Window), time.Time{})
	if err != nil {
		return err
	}
	j.Progress.Start(PhaseReconcile, len(lats))
	var errs []error
	for _, l := range lats {
		j.Progress.Add(1)
		if j.Lab != "" && l.Lab != j.Lab {
			continue
		}
		d, err := j.Store.Document(ctx, l.DocumentID)
		if err != nil {
			return err
		}
		if d.State != labrelay.StatePublished {
			continue // moved on since (superseded, requeued)
		}
		it, err := j.Store.Outbox(ctx, d.ID)
		if err != nil && !errors.Is(err, labrelay.ErrNotFound) {
			return err
		}
		s.Reconcile.Checked++
		ref := publish.Ref{ID: it.Receipt.ID, IdempotencyKey: d.IdempotencyKey}
		rep, err := j.Status.Status(ctx, ref)
		switch {
		case errors.Is(err, publish.ErrNotFound):
			s.Reconcile.Mismatches++
			s.Attention = append(s.Attention, item(KindMissingAtDSP, d, d.PublishedAt, fmt.Sprintf(
				"The store says this record was published (DSP id %q, key %s) but the DSP holds no such submission. Retry the document to publish it again.",
				it.Receipt.ID, d.IdempotencyKey)))
			continue
		case err != nil:
			if ctx.Err() != nil {
				return ctx.Err()
			}
			errs = append(errs, fmt.Errorf("status of document %d: %w", d.ID, err))
			if len(errs) >= 5 {
				return errors.Join(append(errs, errors.New("giving up on reconcile: the DSP does not answer"))...)
			}
			continue
		}
		if rep.IdempotencyKey != "" && rep.IdempotencyKey != d.IdempotencyKey {
			s.Reconcile.Mismatches++
			s.Attention = append(s.Attention, item(KindDSPRecord, d, d.PublishedAt, fmt.Sprintf(
				"The DSP's record %s holds idempotency key %s, not this document's %s. Check which record the DSP shows.",
				rep.ID, rep.IdempotencyKey, d.IdempotencyKey)))
			continue
		}
		if rep.Status != "" && rep.Status != statusAccepted {
			known, err := j.knownCallback(ctx, d.ID, rep.Status)
			if err != nil {
				return err
			}
			s.Reconcile.Mismatches++
			msg := fmt.Sprintf("The DSP marks this record %s", rep.Status)
			if rep.Reason != "" {
				msg += ": " + rep.Reason
			}
			if known {
				msg += ". The callback was received; decide whether to correct and republish."
			} else {
				msg += ", and no callback said so. Decide whether to correct and republish."
			}
			s.Attention = append(s.Attention, item(KindDSPStatus, d, d.PublishedAt, msg))
			continue
		}
		s.Reconcile.Matched++
	}
	return errors.Join(errs...)
}

func (j *Job) knownCallback(ctx context.Context, id int64, status string) (bool, error) {
	cbs, err := j.Store.Callbacks(ctx, id)
	if err != nil {
		return false, err
	}
	for _, c := range cbs {
		if c.Status == status {
			return true, nil
		}
	}
	return false, nil
}
