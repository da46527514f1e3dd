package batch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/text"
)

// CheckpointPrefix names the store cursors of the reprocess scan: one per
// rule set (a hash of RuleVersions) and lab filter.
const CheckpointPrefix = "batch:rules:"

// reviewClaimTTL is how long the batch holds a review claim while it
// takes a document out of review.
const reviewClaimTTL = 30 * time.Second

// Checkpoint is the store cursor of the reprocess scan for the job's rule
// set and lab filter. Deleting it (PutCursor to "") makes the next run
// re-check every document.
func (j *Job) Checkpoint() string {
	packs := make([]string, 0, len(j.RuleVersions))
	for p, v := range j.RuleVersions {
		packs = append(packs, p+"="+v)
	}
	sort.Strings(packs)
	sum := sha256.Sum256([]byte(strings.Join(packs, "\n")))
	name := CheckpointPrefix + hex.EncodeToString(sum[:8])
	if j.Lab != "" {
		name += ":" + strings.ToLower(j.Lab)
	}
	return name
}

// reprocess re-extracts, from the stored file, every document whose rule
// pack changed since its extraction, page by page in ID order. The
// checkpoint (the highest ID up to which every affected document was
// dealt with) makes the next run start after it: a second run does
// nothing new.
func (j *Job) reprocess(ctx context.Context, s *Summary) error {
	name := j.Checkpoint()
	cur, err := j.Store.GetCursor(ctx, name)
	if err != nil {
		return fmt.Errorf("read checkpoint: %w", err)
	}
	after, _ := strconv.ParseInt(cur, 10, 64)
	j.Progress.Start(PhaseReprocess, -1)
	var held int64 // first in-flight document: the checkpoint stays below it
	q := labrelay.DocumentQuery{Lab: j.Lab, AfterID: after, Limit: j.PageSize}
	for {
		docs, err := j.Store.Documents(ctx, q)
		if err != nil {
			return err
		}
		for _, d := range docs {
			q.AfterID = d.ID
			s.Reprocess.Checked++
			j.Progress.Add(1)
			done, err := j.reprocessOne(ctx, s, d)
			if err != nil {
				return err
			}
			if !done && held == 0 {
				held = d.ID
			}
		}
		if !j.DryRun && len(docs) > 0 {
			mark := q.AfterID
			if held != 0 {
				mark = held - 1
			}
			if mark > after {
				if err := j.Store.PutCursor(ctx, name, strconv.FormatInt(mark, 10)); err != nil {
					return fmt.Errorf("write checkpoint: %w", err)
				}
				after = mark
			}
		}
		if len(docs) < q.Limit {
			return nil
		}
	}
}

// affected reports whether d was extracted by a rule pack whose version
// changed, and names the change.
func (j *Job) affected(d labrelay.Document) (string, bool) {
	if d.Extraction == nil || d.DuplicateOf != 0 {
		return "", false
	}
	pack := d.Extraction.RulePack
	now, ok := j.RuleVersions[pack]
	if !ok || now == d.RulesVersion {
		return "", false
	}
	return fmt.Sprintf("rule pack %s changed from %s to %s", pack, d.RulesVersion, now), true
}

// reprocessOne deals with one document. done is false when the document
// is in flight in the pipeline and must be looked at again next run.
func (j *Job) reprocessOne(ctx context.Context, s *Summary, d labrelay.Document) (done bool, err error) {
	change, ok := j.affected(d)
	if !ok {
		return true, nil
	}
	s.Reprocess.Affected++
	switch d.State {
	case labrelay.StateNeedsReview, labrelay.StatePublished, labrelay.StateException:
	case labrelay.StateFailed, labrelay.StateSuperseded:
		s.Reprocess.LeftAlone++
		return true, nil
	default: // extracted, accepted, signed: the pipeline is working on it
		s.Reprocess.InFlight++
		return false, nil
	}
	log := j.Logger.With("document_id", d.ID, "state", d.State, "change", change)
	data, err := j.Store.GetBlob(ctx, d.SHA256)
	if err != nil {
		if errors.Is(err, labrelay.ErrNotFound) {
			s.Reprocess.Failed++
			s.Attention = append(s.Attention, item(KindReprocess, d, d.UpdatedAt,
				fmt.Sprintf("The %s, but the stored copy of the file is missing, so the record could not be checked. Retry the document to fetch it again.", change)))
			return true, nil
		}
		return false, fmt.Errorf("read the file of document %d: %w", d.ID, err)
	}
	ext, err := j.Extractor.Extract(ctx, path.Base(d.Source.Key), data)
	if err != nil {
		if ctx.Err() != nil {
			return false, ctx.Err()
		}
		s.Reprocess.Failed++
		s.Attention = append(s.Attention, item(KindReprocess, d, d.UpdatedAt,
			fmt.Sprintf("The %s and the current rules cannot read the file: %s. Fix the rule pack or the mapping; the published record is unchanged.", change, text.OneLine(err.Error()))))
		return true, nil
	}
	diff := labrelay.DiffRecords(d.Extraction.Fields, ext.Fields)
	if len(diff) == 0 {
		s.Reprocess.Unchanged++
		log.Debug("re-extracted with the same record: not re-published")
		return true, nil
	}
	fields := make([]string, len(diff))
	for i, c := range diff {
		fields[i] = c.Field
	}
	what := fmt.Sprintf("The %s and the re-extracted record differs in %s.", change, strings.Join(fields, ", "))

	if keep, err := j.personDecided(ctx, s, d, what); err != nil || keep {
		return err == nil, err
	}
	if j.DryRun {
		s.Reprocess.Requeued++
		s.Reprocess.RequeuedIDs = append(s.Reprocess.RequeuedIDs, d.ID)
		return true, nil
	}
	if err := j.requeue(ctx, d, what); err != nil {
		if errors.Is(err, labrelay.ErrConflict) {
			// Someone moved or claimed it meanwhile: next run.
			s.Reprocess.InFlight++
			log.Info("document changed while reprocessing; looked at again next run", "err", err)
			return false, nil
		}
		return false, err
	}
	s.Reprocess.Requeued++
	s.Reprocess.RequeuedIDs = append(s.Reprocess.RequeuedIDs, d.ID)
	log.Info("record changed under the new rules: sent back through the pipeline", "fields", strings.Join(fields, ","))
	return true, nil
}

// personDecided reports whether a person's decision on d stands against
// the new rules (counting it as left alone): a reviewed record, or a
// reviewer's rejection.
func (j *Job) personDecided(ctx context.Context, s *Summary, d labrelay.Document, what string) (bool, error) {
	if reviewed, err := j.reviewedByPerson(ctx, d); err != nil {
		return false, err
	} else if reviewed {
		s.Reprocess.LeftAlone++
		s.Attention = append(s.Attention, item(KindReprocess, d, d.UpdatedAt,
			what+" A person reviewed this record, so it was not replaced: compare it with the new extraction and correct it in the review UI if needed."))
		return true, nil
	}
	if d.State != labrelay.StateException {
		return false, nil
	}
	it, err := j.Store.Outbox(ctx, d.ID)
	if errors.Is(err, labrelay.ErrNotFound) || (err == nil && it.Status != labrelay.OutboxException) {
		// Rejected by a reviewer, not refused by the DSP: a person's
		// decision stands.
		s.Reprocess.LeftAlone++
		return true, nil
	}
	return false, err
}

// reviewedByPerson reports whether a person approved or corrected d: its
// record is then theirs, not the rules'.
func (j *Job) reviewedByPerson(ctx context.Context, d labrelay.Document) (bool, error) {
	if d.ReviewedBy != "" {
		return true, nil
	}
	if d.State != labrelay.StateNeedsReview {
		return false, nil
	}
	audit, err := j.Store.Audit(ctx, d.ID)
	if err != nil {
		return false, err
	}
	for _, a := range audit {
		if a.Action == labrelay.AuditCorrect {
			return true, nil
		}
	}
	return false, nil
}

// requeue sends d back to discovered, the state machine's "retry the
// document" (through exception, the only way back from review and
// publication). The pipeline then re-reads the file, extracts it with the
// current rules, routes it, signs it with lineage (Lineage.Previous is the
// old idempotency key) and publishes it under a new key.
func (j *Job) requeue(ctx context.Context, d labrelay.Document, what string) error {
	if d.State == labrelay.StateNeedsReview {
		// The claim makes sure no reviewer is working on it right now.
		if _, err := j.Store.Claim(ctx, d.ID, j.Worker, reviewClaimTTL); err != nil {
			return err
		}
		if err := j.Store.ReleaseClaim(ctx, d.ID, j.Worker); err != nil {
			return err
		}
	}
	if d.State != labrelay.StateException {
		reason := what + " Re-extracting it; the new record will be re-signed and published with a link to this one."
		nd, err := j.Store.Move(ctx, d.ID, d.State, d.Version, labrelay.StateException, reason)
		if err != nil {
			return err
		}
		d = nd
	}
	_, err := j.Store.Move(ctx, d.ID, labrelay.StateException, d.Version, labrelay.StateDiscovered, "")
	return err
}
