package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/text"
)

// Sent is the outcome of one publication attempt (Send).
type Sent struct {
	// Outcome is OutcomePublished, OutcomeException, OutcomeRetry,
	// OutcomeReleased (interrupted), OutcomeLost (the outbox lease was
	// lost) or OutcomeError (the outcome was not stored: Err says why).
	Outcome string
	// Duplicate: the DSP already held the record (200).
	Duplicate bool
	// Reason is the exception's reason for people.
	Reason string
	Err    error
}

func (p *Pipeline) missingToSend() []string {
	var missing []string
	if p.Store == nil {
		missing = append(missing, "Store")
	}
	if p.Publisher == nil {
		missing = append(missing, "Publisher")
	}
	if p.Retry == nil {
		missing = append(missing, "Retry")
	}
	return missing
}

// publish is the publish stage's job.
func (p *Pipeline) publish(ctx context.Context, it labrelay.OutboxItem) {
	p.Send(ctx, it)
}

// Send makes one attempt to hand a leased outbox entry to the DSP, as the
// content type stored with it, and records the outcome: published, a
// retry at Retry.Backoff (the DSP's Retry-After wins), or an exception for
// a permanent refusal. It is the one publication path: the publish stage
// and the nightly batch both use it, and both count in Metrics.
func (p *Pipeline) Send(ctx context.Context, it labrelay.OutboxItem) Sent {
	p.init()
	if missing := p.missingToSend(); len(missing) > 0 {
		return Sent{Outcome: OutcomeError, Err: fmt.Errorf("pipeline: %v required to publish", missing)}
	}
	log := p.Logger.With("document_id", it.DocumentID, "idempotency_key", it.IdempotencyKey, "attempt", it.Attempts)
	start := time.Now()
	defer p.Metrics.observe(StagePublish, start)
	// The outbox lease has no heartbeat: the attempt must end well before
	// it expires, or a second worker could send the same record (the DSP
	// would answer "duplicate", but the lease would be lost).
	actx, cancel := context.WithTimeout(ctx, p.LeaseTTL*3/4)
	res, err := p.Publisher.Publish(actx, labrelay.Submission{IdempotencyKey: it.IdempotencyKey, JWS: it.SignedRecord, ContentType: it.ContentType})
	cancel()
	// The outcome is stored even when ctx ended meanwhile.
	sctx, scancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer scancel()
	var refusal labrelay.Refusal
	switch {
	case err == nil:
		return p.published(sctx, it, res, log)
	case errors.As(err, &refusal):
		return p.refused(sctx, it, refusal, log)
	default:
		return p.retryLater(sctx, it, err, ctx.Err() != nil, log)
	}
}

func (p *Pipeline) published(ctx context.Context, it labrelay.OutboxItem, res labrelay.PublishResult, log *slog.Logger) Sent {
	d, err := p.Store.Published(ctx, it, labrelay.Receipt{ID: res.ID, Status: res.HTTPStatus})
	if err != nil {
		return p.outboxError(err, log)
	}
	p.Metrics.count(StagePublish, OutcomePublished)
	sent := Sent{Outcome: OutcomePublished, Duplicate: res.Duplicate}
	if d.State != labrelay.StatePublished {
		// Moved meanwhile (an operator, a newer revision): the receipt
		// is recorded and the document keeps its state.
		p.docLogger(d).Info("published, but the document was moved meanwhile and keeps its state", "state", d.State, "dsp_id", res.ID)
		return sent
	}
	p.afterPublish(ctx, d)
	if !d.DiscoveredAt.IsZero() && !d.PublishedAt.IsZero() {
		p.Metrics.latency.Observe(d.PublishedAt.Sub(d.DiscoveredAt).Seconds())
	}
	p.docLogger(d).Info("published", "dsp_id", res.ID, "duplicate", res.Duplicate, "attempt", it.Attempts,
		"discovered_to_published", d.PublishedAt.Sub(d.DiscoveredAt).Round(time.Millisecond))
	return sent
}

func (p *Pipeline) refused(ctx context.Context, it labrelay.OutboxItem, r labrelay.Refusal, log *slog.Logger) Sent {
	status, reason := r.Refusal()
	reason = refusalReason(status, reason)
	d, err := p.Store.PublishException(ctx, it, reason)
	if err != nil {
		return p.outboxError(err, log)
	}
	p.Metrics.count(StagePublish, OutcomeException)
	p.Metrics.exceptions.WithLabelValues(StagePublish).Inc()
	p.docLogger(d).Warn("the DSP refused the record; it is in the exceptions list", "status", status, "reason", reason)
	return Sent{Outcome: OutcomeException, Reason: reason}
}

// retryLater schedules the next attempt: after the back-off, or at once
// when the attempt was interrupted (shutdown).
func (p *Pipeline) retryLater(ctx context.Context, it labrelay.OutboxItem, err error, interrupted bool, log *slog.Logger) Sent {
	next, outcome := p.Now(), OutcomeReleased
	if !interrupted {
		var hint labrelay.RetryHint
		var delay time.Duration
		if errors.As(err, &hint) {
			delay = hint.RetryDelay()
		}
		next, outcome = next.Add(p.Retry.Backoff(it.Attempts, delay)), OutcomeRetry
	}
	if serr := p.Store.PublishRetry(ctx, it, text.OneLine(err.Error()), next); serr != nil {
		return p.outboxError(serr, log)
	}
	if outcome == OutcomeRetry {
		p.Metrics.retries.Inc()
	}
	p.Metrics.count(StagePublish, outcome)
	log.Info("publication will be retried", "err", err, "next_attempt_at", next.UTC().Format(time.RFC3339Nano))
	return Sent{Outcome: outcome}
}

func (p *Pipeline) outboxError(err error, log *slog.Logger) Sent {
	if errors.Is(err, labrelay.ErrConflict) {
		p.Metrics.count(StagePublish, OutcomeLost)
		log.Warn("publication result dropped: the outbox lease was lost", "err", err)
		return Sent{Outcome: OutcomeLost, Err: err}
	}
	p.Metrics.count(StagePublish, OutcomeError)
	log.Error("publication result not stored; retried when the lease expires (the DSP de-duplicates)", "err", err)
	return Sent{Outcome: OutcomeError, Err: err}
}

func refusalReason(status int, reason string) string {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		reason = "no reason given"
	}
	if status == 0 {
		return "The record was not sent: " + reason
	}
	return fmt.Sprintf("The DSP refused the record (HTTP %d): %s", status, reason)
}
