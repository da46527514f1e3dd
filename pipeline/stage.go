package pipeline

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/text"
)

// Outcomes counted in labrelay_pipeline_documents_total.
const (
	OutcomeDone        = "done"         // the stage completed
	OutcomeFailed      = "failed"       // the document failed with a reason
	OutcomeDuplicate   = "duplicate"    // same content as an earlier document
	OutcomeNeedsReview = "needs_review" // routed to a person
	OutcomeAccepted    = "accepted"     // routed straight to signing
	OutcomePublished   = "published"    // the DSP took it (201 or 200)
	OutcomeRetry       = "retry"        // a publication to be tried again
	OutcomeException   = "exception"    // refused for good
	OutcomeReleased    = "released"     // given back (shutdown, transient fault)
	OutcomeLost        = "lost"         // the lease was lost: another worker has it
	OutcomeSuperseded  = "superseded"   // a newer revision replaces the document
	OutcomeTwin        = "twin"         // linked to its primary-language twin, not published
	OutcomeError       = "error"        // a fault: the result was not stored; retried later
)

// giveUp ends a document leased too often: a worker crashed or timed out
// on it every time. It reports whether it did.
func (p *Pipeline) giveUp(ctx context.Context, l labrelay.Lease, stage string, log *slog.Logger) bool {
	if l.Document.Attempts <= p.MaxAttempts {
		return false
	}
	reason := fmt.Sprintf("Gave up after %d attempts: each one crashed or timed out its worker. Check the file, then retry the document.", l.Document.Attempts-1)
	to := labrelay.StateFailed
	if !labrelay.CanMove(l.Stage, to) {
		to = labrelay.StateException
	}
	p.complete(ctx, l, stage, to, labrelay.Update{Reason: reason}, log)
	return true
}

// complete ends the stage and counts the outcome. It returns the document
// and whether the store took the move.
func (p *Pipeline) complete(ctx context.Context, l labrelay.Lease, stage string, to labrelay.State, u labrelay.Update, log *slog.Logger) (labrelay.Document, bool) {
	d, err := p.Store.Complete(ctx, l, to, u)
	if err != nil {
		if errors.Is(err, labrelay.ErrConflict) {
			p.Metrics.count(stage, OutcomeLost)
			log.Warn("stage result dropped: the lease was lost to another worker", "stage", stage, "err", err)
		} else {
			p.Metrics.count(stage, OutcomeError)
			log.Error("stage result not stored; the document will be retried when its lease expires", "stage", stage, "to", to, "err", err)
		}
		return d, false
	}
	switch {
	case d.DuplicateOf != 0:
		p.Metrics.count(stage, OutcomeDuplicate)
		log.Info("duplicate content: not processed again", "duplicate_of", d.DuplicateOf)
	case to == labrelay.StateFailed:
		p.Metrics.count(stage, OutcomeFailed)
		log.Warn("document failed", "stage", stage, "reason", u.Reason)
	case to == labrelay.StateException:
		p.Metrics.count(stage, OutcomeException)
		p.Metrics.exceptions.WithLabelValues(stage).Inc()
		log.Warn("document is an exception", "stage", stage, "reason", u.Reason)
	case to == labrelay.StateNeedsReview:
		p.Metrics.count(stage, OutcomeNeedsReview)
	case to == labrelay.StateAccepted:
		p.Metrics.count(stage, OutcomeAccepted)
	default:
		p.Metrics.count(stage, OutcomeDone)
	}
	return d, true
}

// release gives a lease back at once (shutdown) with a context of its own:
// the work context may be cancelled already.
func (p *Pipeline) release(l labrelay.Lease, stage string, log *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	p.Metrics.count(stage, OutcomeReleased)
	if err := p.Store.Release(ctx, l); err != nil && !errors.Is(err, labrelay.ErrConflict) {
		log.Warn("lease not released; it expires by itself", "stage", stage, "err", err)
		return
	}
	log.Info("lease released", "stage", stage)
}

// interrupted handles a stage whose context ended: on shutdown the lease
// is released for another worker; when the lease was lost there is
// nothing to do.
func (p *Pipeline) interrupted(ctx context.Context, l labrelay.Lease, stage string, log *slog.Logger) {
	if errors.Is(context.Cause(ctx), errLeaseLost) {
		p.Metrics.count(stage, OutcomeLost)
		return
	}
	p.release(l, stage, log)
}

// fetch reads the object into the store's blobs and records its SHA-256:
// a document whose content an earlier one holds becomes its duplicate.
func (p *Pipeline) fetch(ctx context.Context, l labrelay.Lease) {
	d := l.Document
	log := p.docLogger(d)
	if p.giveUp(ctx, l, StageFetch, log) {
		return
	}
	start := time.Now()
	defer p.Metrics.observe(StageFetch, start)
	obj := labrelay.Object{Bucket: d.Source.Bucket, Key: d.Source.Key, ETag: d.Source.ETag, VersionID: d.Source.VersionID, Lab: d.LabHint}
	data, err := p.Fetcher.Fetch(ctx, obj, p.MaxSize)
	if err != nil {
		switch {
		case ctx.Err() != nil:
			p.interrupted(ctx, l, StageFetch, log)
		case labrelay.IsInputError(err):
			p.complete(ctx, l, StageFetch, labrelay.StateFailed, labrelay.Update{Reason: inputReason(err)}, log)
		case errors.Is(err, labrelay.ErrChanged):
			p.complete(ctx, l, StageFetch, labrelay.StateFailed, labrelay.Update{Reason: "The file was replaced after it was found; the new version is processed as its own document."}, log)
		case errors.Is(err, labrelay.ErrGone) && strings.ContainsRune(obj.Key, utf8.RuneError):
			// The listing could not carry the name (XML has no control
			// characters; a server without encoding-type=url sends U+FFFD).
			p.complete(ctx, l, StageFetch, labrelay.StateFailed, labrelay.Update{Reason: "The S3 server listed this file under a name it could not send whole (a control character in it arrived as a replacement character), so it cannot be fetched. Ask the lab to upload it under a name without control characters."}, log)
		case errors.Is(err, labrelay.ErrGone):
			p.complete(ctx, l, StageFetch, labrelay.StateFailed, labrelay.Update{Reason: "The file was deleted before it could be read. Ask the lab to upload it again if it is still needed."}, log)
		default:
			// A transient fault (network, S3 outage): the lease expiring
			// is the back-off; the next worker tries again.
			p.Metrics.count(StageFetch, OutcomeError)
			log.Warn("fetch failed; retrying when the lease expires", "err", err, "retry_in", p.LeaseTTL)
		}
		return
	}
	sum := sha256.Sum256(data)
	hexSum := hex.EncodeToString(sum[:])
	if err := p.Store.PutBlob(ctx, hexSum, data); err != nil {
		if ctx.Err() != nil {
			p.interrupted(ctx, l, StageFetch, log)
			return
		}
		p.Metrics.count(StageFetch, OutcomeError)
		log.Error("storing the file failed; retrying when the lease expires", "err", err)
		return
	}
	if nd, ok := p.complete(ctx, l, StageFetch, labrelay.StateFetched, labrelay.Update{SHA256: hexSum}, log); ok && nd.DuplicateOf == 0 {
		log.Debug("fetched", "sha256", hexSum, "size", len(data))
		p.kick(StageExtract)
	}
}

// extract reads the stored file into an extraction and routes it: review
// required → needs_review, else accepted. Unreadable input fails the
// document with the extractor's reason; so does a timeout or an internal
// fault (a person retries it once fixed).
func (p *Pipeline) extract(ctx context.Context, l labrelay.Lease) {
	d := l.Document
	log := p.docLogger(d)
	if p.giveUp(ctx, l, StageExtract, log) {
		return
	}
	start := time.Now()
	defer p.Metrics.observe(StageExtract, start)
	data, err := p.Store.GetBlob(ctx, d.SHA256)
	if err != nil {
		switch {
		case ctx.Err() != nil:
			p.interrupted(ctx, l, StageExtract, log)
		case errors.Is(err, labrelay.ErrNotFound):
			p.complete(ctx, l, StageExtract, labrelay.StateFailed, labrelay.Update{Reason: "The stored copy of the file is missing; retry the document to fetch it again."}, log)
		default:
			p.Metrics.count(StageExtract, OutcomeError)
			log.Error("reading the stored file failed; retrying when the lease expires", "err", err)
		}
		return
	}
	ectx, cancel := context.WithTimeout(ctx, p.ExtractTimeout)
	defer cancel()
	ext, err := p.safeExtract(ectx, path.Base(d.Source.Key), data)
	if err != nil {
		var reason string
		switch {
		case ctx.Err() != nil:
			p.interrupted(ctx, l, StageExtract, log)
			return
		case labrelay.IsInputError(err):
			reason = inputReason(err)
		case errors.Is(err, context.DeadlineExceeded):
			reason = fmt.Sprintf("Reading the file took longer than %s and was stopped. Check the file, then retry the document.", p.ExtractTimeout)
		default:
			reason = "Internal error while reading the file: " + text.OneLine(err.Error()) + ". Report it; retry the document once fixed."
		}
		p.Metrics.extractions.WithLabelValues("unknown", OutcomeFailed).Inc()
		p.complete(ctx, l, StageExtract, labrelay.StateFailed, labrelay.Update{Reason: reason}, log)
		return
	}
	to, outcome := labrelay.StateAccepted, OutcomeAccepted
	if ext.Review.Required {
		to, outcome = labrelay.StateNeedsReview, OutcomeNeedsReview
	}
	if _, ok := p.complete(ctx, l, StageExtract, to, labrelay.Update{Extraction: ext}, log); !ok {
		return
	}
	p.Metrics.extractions.WithLabelValues(ext.Path, outcome).Inc()
	if to == labrelay.StateAccepted {
		log.Info("extracted", "path", ext.Path, "fields", len(ext.Fields.Present()), "report_number", ext.Fields.ReportNumber, "routed", to)
		p.kick(StageSign)
	} else {
		log.Info("extracted; a person must review it", "path", ext.Path, "fields", len(ext.Fields.Present()), "report_number", ext.Fields.ReportNumber, "reasons", strings.Join(ext.Review.Reasons, "; "))
	}
}

// safeExtract contains a panic of the extractor (the extract package
// already does; a custom Extractor may not).
func (p *Pipeline) safeExtract(ctx context.Context, name string, data []byte) (ext *labrelay.Extraction, err error) {
	defer func() {
		if r := recover(); r != nil {
			ext, err = nil, fmt.Errorf("extractor panicked: %v", r)
		}
	}()
	ext, err = p.Extractor.Extract(ctx, name, data)
	if err == nil && ext == nil {
		err = errors.New("extractor returned no extraction")
	}
	return ext, err
}

// route moves a document left in extracted (e.g. re-extracted by an
// operator) to needs_review or accepted.
func (p *Pipeline) route(ctx context.Context, l labrelay.Lease) {
	d := l.Document
	log := p.docLogger(d)
	to := labrelay.StateAccepted
	if d.Extraction == nil || d.Extraction.Review.Required {
		to = labrelay.StateNeedsReview
	}
	if _, ok := p.complete(ctx, l, StageRoute, to, labrelay.Update{}, log); ok && to == labrelay.StateAccepted {
		p.kick(StageSign)
	}
}

// sign signs the accepted record and, atomically with the move to signed,
// puts it in the outbox.
func (p *Pipeline) sign(ctx context.Context, l labrelay.Lease) {
	d := l.Document
	log := p.docLogger(d)
	if p.giveUp(ctx, l, StageSign, log) {
		return
	}
	start := time.Now()
	defer p.Metrics.observe(StageSign, start)
	if d.Extraction == nil {
		p.complete(ctx, l, StageSign, labrelay.StateException, labrelay.Update{Reason: "The document was accepted without an extraction; retry it."}, log)
		return
	}
	plan, err := p.planLineage(ctx, d, log)
	if err == nil {
		var retired bool
		if retired, err = p.retireLineage(ctx, d, plan, StageSign, log); retired {
			return // the lease lapses: the document is no longer accepted
		}
	}
	if err != nil {
		if ctx.Err() != nil {
			p.interrupted(ctx, l, StageSign, log)
			return
		}
		p.Metrics.count(StageSign, OutcomeError)
		log.Error("looking up the report's revisions and twins failed; retrying when the lease expires", "err", err)
		return
	}
	if plan.notice {
		log.Info("a newer revision came first, but an earlier one was sent already: publishing this one so the DSP retires the earlier one", "report_number", d.Extraction.Fields.ReportNumber)
	}
	jws, key, err := p.Profile.Sign(ctx, d, plan.lineage, p.Now())
	if err != nil {
		switch {
		case ctx.Err() != nil:
			p.interrupted(ctx, l, StageSign, log)
		case errors.Is(err, labrelay.ErrUnsignable):
			p.complete(ctx, l, StageSign, labrelay.StateException, labrelay.Update{Reason: text.OneLine(err.Error())}, log)
		default: // the key service: transient
			p.Metrics.count(StageSign, OutcomeError)
			log.Error("signing failed; retrying when the lease expires", "err", err)
		}
		return
	}
	if _, ok := p.complete(ctx, l, StageSign, labrelay.StateSigned, labrelay.Update{SignedRecord: jws, IdempotencyKey: key, ContentType: p.Profile.ContentType()}, log); ok {
		log.Debug("signed", "idempotency_key", key, "profile", p.Profile.Name())
		p.kick(StagePublish)
	}
}

// outboxLeaser leases due publications.
func (p *Pipeline) outboxLeaser() func(context.Context, int) ([]func(context.Context), error) {
	return func(ctx context.Context, n int) ([]func(context.Context), error) {
		items, err := p.Store.LeaseOutbox(ctx, p.Worker, n, p.LeaseTTL)
		if err != nil {
			return nil, err
		}
		jobs := make([]func(context.Context), len(items))
		for i, it := range items {
			jobs[i] = func(work context.Context) { p.publish(work, it) }
		}
		return jobs, nil
	}
}

// inputReason is the InputError's sentence for people.
func inputReason(err error) string {
	var ie *labrelay.InputError
	if errors.As(err, &ie) {
		return text.OneLine(ie.Error())
	}
	return text.OneLine(err.Error())
}
