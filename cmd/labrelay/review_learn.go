package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/learn"
	"github.com/labrelay/labrelay/review"
	"github.com/labrelay/labrelay/rules"
)

// reviewLearner is the review UI's "Learn this layout": the learner of
// learn/ on approved documents' files and records, writing into
// extract.packs.
type reviewLearner struct {
	Store labrelay.Store
	Flags extractorFlags // with packs set to Dir
	Dir   string         // extract.packs
	Live  *rules.Live    // the running engine, reloaded on Save; nil in `labrelay review`
	Now   func() time.Time
	Log   *slog.Logger

	// rereads are the background re-reads of the queue Save started;
	// rereadMu runs them one at a time.
	rereads  sync.WaitGroup
	rereadMu sync.Mutex
	// bg is the re-reads' context, cancelled by Close at shutdown.
	bgOnce   sync.Once
	bg       context.Context
	bgCancel context.CancelFunc
}

func (l *reviewLearner) background() context.Context {
	l.bgOnce.Do(func() { l.bg, l.bgCancel = context.WithCancel(context.Background()) })
	return l.bg
}

// Close stops the background re-reads at shutdown and waits for them:
// the document being moved finishes its move, the rest stay in review.
func (l *reviewLearner) Close() error {
	l.background()
	l.bgCancel()
	l.rereads.Wait()
	return nil
}

var _ review.Learner = (*reviewLearner)(nil)

// learnReviewClaimTTL is how long the learner holds a claim while it
// takes a document out of review.
const learnReviewClaimTTL = 30 * time.Second

func (l *reviewLearner) examples(ctx context.Context, ids []int64) ([]learn.Example, error) {
	var out []learn.Example
	for _, id := range ids {
		d, err := l.Store.Document(ctx, id)
		if err != nil {
			return nil, err
		}
		if d.Extraction == nil {
			return nil, fmt.Errorf("document %d has no record", id)
		}
		data, err := l.Store.GetBlob(ctx, d.SHA256)
		if err != nil {
			return nil, fmt.Errorf("document %d: the stored file: %w", id, err)
		}
		lay, err := layoutOf(ctx, l.Flags, path.Base(d.Source.Key), data)
		if err != nil {
			return nil, fmt.Errorf("document %d: %w", id, err)
		}
		out = append(out, learn.Example{Name: fmt.Sprintf("document %d (%s)", id, d.Source.Key), Layout: lay, Record: d.Extraction.Fields})
	}
	return out, nil
}

// learnPack learns the pack of ids and checks it beside the packs of Dir.
func (l *reviewLearner) learnPack(ctx context.Context, ids []int64) (*learn.Pack, review.LearnPreview, error) {
	exs, err := l.examples(ctx, ids)
	if err != nil {
		return nil, review.LearnPreview{}, err
	}
	p, err := learn.Learn("", exs)
	if err != nil {
		return nil, review.LearnPreview{}, err
	}
	tmp, err := os.MkdirTemp("", "labrelay-learn-")
	if err != nil {
		return nil, review.LearnPreview{}, err
	}
	defer os.RemoveAll(tmp)
	file := filepath.Join(tmp, p.Name+".yaml")
	if err := os.WriteFile(file, p.YAML, 0o644); err != nil {
		return nil, review.LearnPreview{}, err
	}
	eng, err := engineWith(l.Dir, file)
	if err != nil {
		return nil, review.LearnPreview{}, fmt.Errorf("the learned pack does not load: %w", err)
	}
	res, ok, err := learn.Verify(ctx, eng, p.Name, exs)
	if err != nil {
		return nil, review.LearnPreview{}, err
	}
	pv := review.LearnPreview{Name: p.Name, YAML: string(p.YAML), OK: ok}
	for _, r := range res {
		pv.Fields = append(pv.Fields, review.LearnField{Field: r.Field, Learned: r.Learned, Why: r.Why})
	}
	return p, pv, nil
}

// Preview implements review.Learner.
func (l *reviewLearner) Preview(ctx context.Context, ids []int64) (review.LearnPreview, error) {
	_, pv, err := l.learnPack(ctx, ids)
	return pv, err
}

// Save implements review.Learner: the pack goes into Dir with who, when
// and from which documents in its first lines; the running engine
// reloads; documents of the layout waiting in review are re-read in the
// background, as a large queue would outlast the request's write timeout.
func (l *reviewLearner) Save(ctx context.Context, ids []int64, admin string) (review.LearnSaved, error) {
	p, _, err := l.learnPack(ctx, ids)
	if err != nil {
		return review.LearnSaved{}, err
	}
	var from []string
	for _, id := range ids {
		from = append(from, fmt.Sprint(id))
	}
	head := fmt.Sprintf("# Saved from the review UI by %s at %s, learned from documents %s.\n",
		admin, l.Now().UTC().Format(time.RFC3339), strings.Join(from, ", "))
	file := filepath.Join(l.Dir, p.Name+".yaml")
	if err := os.WriteFile(file, append([]byte(head), p.YAML...), 0o644); err != nil {
		return review.LearnSaved{}, err
	}
	if l.Live != nil {
		if err := l.Live.Load(); err != nil {
			os.Remove(file)
			return review.LearnSaved{}, fmt.Errorf("the pack was refused and removed: %w", err)
		}
	}
	l.Log.Info("rule pack learned", "pack", p.Name, "file", file, "by", admin, "documents", from)
	l.rereads.Add(1)
	go l.rereadQueue(l.background(), p.Name)
	return review.LearnSaved{Name: p.Name, File: file, Rereading: true}, nil
}

// rereadQueue is Save's re-read of the queue, after the request: it logs
// what it sent back through the pipeline and what it left to a person.
func (l *reviewLearner) rereadQueue(ctx context.Context, pack string) {
	defer l.rereads.Done()
	l.rereadMu.Lock()
	defer l.rereadMu.Unlock()
	requeued, kept, err := l.reread(ctx, pack)
	if err != nil {
		l.Log.Error("learned layout: the documents waiting in review were not re-read", "pack", pack, "err", err)
		return
	}
	l.Log.Info("learned layout: documents waiting in review re-read", "pack", pack, "requeued", requeued, "kept", kept)
}

// Wait waits for the re-reads Save started.
func (l *reviewLearner) Wait() { l.rereads.Wait() }

// reread extracts every document waiting in needs_review with the packs
// of Dir; those the new pack reads are sent back through the pipeline
// (as `batch --rules-changed` does), unless a person corrected them.
func (l *reviewLearner) reread(ctx context.Context, pack string) (requeued, kept []int64, err error) {
	docs, err := l.Store.Documents(ctx, labrelay.DocumentQuery{States: []labrelay.State{labrelay.StateNeedsReview}})
	if err != nil {
		return nil, nil, err
	}
	ex, err := l.Flags.build()
	if err != nil {
		return nil, nil, err
	}
	defer ex.Close()
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return requeued, kept, err
		}
		if d.Path == labrelay.PathNativeXML || d.Path == labrelay.PathNativeJSON {
			continue
		}
		data, err := l.Store.GetBlob(ctx, d.SHA256)
		if err != nil {
			continue
		}
		x, err := ex.Extract(ctx, path.Base(d.Source.Key), data)
		if err != nil || x.RulePack != pack {
			continue
		}
		if corrected, err := personCorrected(ctx, l.Store, d); err != nil || corrected {
			kept = append(kept, d.ID)
			continue
		}
		// Not cancelled half-way: the two moves of a document belong
		// together (a stop between them would leave it in exception).
		if err := requeueForRules(context.WithoutCancel(ctx), l.Store, d, "rules-learner", "The layout was learned from an approved report (pack "+pack+"); re-extracting."); err != nil {
			l.Log.Warn("learned layout: document not re-read", "document_id", d.ID, "err", err)
			continue
		}
		requeued = append(requeued, d.ID)
	}
	return requeued, kept, nil
}

// personCorrected: a reviewer's corrections are never overwritten.
func personCorrected(ctx context.Context, st labrelay.Store, d labrelay.Document) (bool, error) {
	audit, err := st.Audit(ctx, d.ID)
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

// requeueForRules sends a document waiting in review back to discovered
// (through exception, the state machine's way back), holding its claim
// so that no reviewer is working on it meanwhile: the pipeline re-reads it
// with the current packs.
func requeueForRules(ctx context.Context, st labrelay.Store, d labrelay.Document, worker, reason string) error {
	if _, err := st.Claim(ctx, d.ID, worker, learnReviewClaimTTL); err != nil {
		return err
	}
	if err := st.ReleaseClaim(ctx, d.ID, worker); err != nil {
		return err
	}
	nd, err := st.Move(ctx, d.ID, d.State, d.Version, labrelay.StateException, reason)
	if err != nil {
		return err
	}
	_, err = st.Move(ctx, d.ID, labrelay.StateException, nd.Version, labrelay.StateDiscovered, "")
	return err
}
