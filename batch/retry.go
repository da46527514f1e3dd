package batch

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/text"
	"github.com/labrelay/labrelay/pipeline"
)

// retry publishes the outbox entries that are due: each at most once per
// run, under its idempotency key (the DSP answers a resend with the record
// it holds). Entries are leased, so a running pipeline never sends the same
// one at the same time.
func (j *Job) retry(ctx context.Context, s *Summary) error {
	if err := j.countOutbox(ctx, s); err != nil {
		return err
	}
	if j.DryRun || s.Retry.Due == 0 {
		return nil
	}
	j.Progress.Start(PhaseRetry, s.Retry.Due)
	seen := map[int64]bool{}
	for {
		items, err := j.Store.LeaseOutbox(ctx, j.Worker, j.PageSize, j.LeaseTTL)
		if err != nil {
			return err
		}
		fresh := 0
		for _, it := range items {
			if seen[it.DocumentID] {
				// Tried once this run already: give it back as it was.
				j.giveBack(ctx, it)
				continue
			}
			seen[it.DocumentID] = true
			if j.Lab != "" {
				d, err := j.Store.Document(ctx, it.DocumentID)
				if err != nil {
					j.giveBack(ctx, it)
					return err
				}
				if !j.wantLab(d) {
					j.giveBack(ctx, it)
					continue
				}
			}
			fresh++
			j.publishOne(ctx, s, it)
			j.Progress.Add(1)
		}
		if len(items) < j.PageSize || fresh == 0 {
			return nil
		}
	}
}

// countOutbox counts the pending publications, due and waiting, and flags
// those failing for longer than ReviewAge.
func (j *Job) countOutbox(ctx context.Context, s *Summary) error {
	now := j.Now()
	return j.eachDocument(ctx, labrelay.DocumentQuery{States: []labrelay.State{labrelay.StateSigned}, Lab: j.Lab}, func(d labrelay.Document) error {
		it, err := j.Store.Outbox(ctx, d.ID)
		if errors.Is(err, labrelay.ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if it.Status != labrelay.OutboxPending {
			return nil
		}
		if it.NextAttemptAt.After(now) {
			s.Retry.Waiting++
		} else {
			s.Retry.Due++
		}
		if it.LastError != "" && now.Sub(it.EnqueuedAt) > j.ReviewAge {
			s.Attention = append(s.Attention, item(KindStuckPublish, d, it.EnqueuedAt, fmt.Sprintf(
				"The DSP has not taken this record for %s (%d attempts; last error: %s). Check the DSP's status and the destination settings.",
				roundAge(now.Sub(it.EnqueuedAt)), it.Attempts, it.LastError)))
		}
		return nil
	})
}

// giveBack returns a leased entry unchanged (due when it was due).
func (j *Job) giveBack(ctx context.Context, it labrelay.OutboxItem) {
	if err := j.Store.PublishRetry(context.WithoutCancel(ctx), it, it.LastError, it.NextAttemptAt); err != nil {
		j.Logger.Warn("outbox entry not given back; its lease expires by itself", "document_id", it.DocumentID, "err", err)
	}
}

// publishOne makes one attempt and counts its outcome.
func (j *Job) publishOne(ctx context.Context, s *Summary, it labrelay.OutboxItem) {
	s.Retry.Attempted++
	sent := j.Sender.Send(ctx, it)
	switch sent.Outcome {
	case pipeline.OutcomePublished:
		s.Retry.Published++
		if sent.Duplicate {
			s.Retry.Duplicates++
		}
	case pipeline.OutcomeException:
		s.Retry.Exceptions++
	case pipeline.OutcomeRetry, pipeline.OutcomeReleased:
		s.Retry.Retrying++
	default:
		s.Errors = append(s.Errors, fmt.Sprintf("retry: record the outcome for document %d: %s", it.DocumentID, text.OneLine(fmt.Sprint(sent.Err))))
	}
}

func roundAge(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%d days", int(d/(24*time.Hour)))
	case d >= time.Hour:
		return fmt.Sprintf("%d hours", int(d/time.Hour))
	case d >= time.Minute:
		return fmt.Sprintf("%d minutes", int(d/time.Minute))
	}
	return d.Round(time.Second).String()
}
