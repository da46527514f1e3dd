package batch

import (
	"context"
	"fmt"
	"strings"

	"github.com/labrelay/labrelay"
)

// attention lists the review backlog older than ReviewAge and the
// exceptions raised in the window.
func (j *Job) attention(ctx context.Context, s *Summary) error {
	j.Progress.Start(PhaseAttention, -1)
	now := j.Now()
	for off := 0; ; off += j.PageSize {
		docs, total, err := j.Store.ReviewQueue(ctx, labrelay.ReviewFilter{Lab: j.Lab, Limit: j.PageSize, Offset: off})
		if err != nil {
			return err
		}
		stop := false
		for _, d := range docs {
			j.Progress.Add(1)
			since := d.NeedsReviewAt
			if since.IsZero() {
				since = d.UpdatedAt
			}
			age := now.Sub(since)
			if age <= j.ReviewAge {
				stop = true // oldest first: the rest are younger
				break
			}
			reasons := ""
			if d.Extraction != nil && len(d.Extraction.Review.Reasons) > 0 {
				reasons = " (" + strings.Join(d.Extraction.Review.Reasons, "; ") + ")"
			}
			s.Attention = append(s.Attention, item(KindReviewBacklog, d, since, fmt.Sprintf(
				"Waiting for review for %s%s. Review it in the review UI.", roundAge(age), reasons)))
		}
		if stop || off+len(docs) >= total || len(docs) == 0 {
			break
		}
	}
	from := now.Add(-j.Window)
	return j.eachDocument(ctx, labrelay.DocumentQuery{States: []labrelay.State{labrelay.StateException}, Lab: j.Lab}, func(d labrelay.Document) error {
		j.Progress.Add(1)
		if d.UpdatedAt.Before(from) {
			return nil
		}
		reason := d.Reason
		if reason == "" {
			reason = "no reason recorded"
		}
		s.Attention = append(s.Attention, item(KindException, d, d.UpdatedAt, fmt.Sprintf(
			"%s Correct the record or the rules, then retry the document.", strings.TrimRight(reason, ".")+".")))
		return nil
	})
}
