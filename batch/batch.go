package batch

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/ingest"
	"github.com/labrelay/labrelay/internal/text"
	"github.com/labrelay/labrelay/pipeline"
	"github.com/labrelay/labrelay/publish"
)

// Extractor reads one file into an Extraction (extract.Extractor does).
type Extractor interface {
	// Extract returns a *labrelay.InputError for input it cannot read.
	Extract(ctx context.Context, name string, data []byte) (*labrelay.Extraction, error)
}

// Store is the part of labrelay.Store the batch uses: all but the
// pipeline's stage leases.
type Store interface {
	labrelay.DocumentStore
	labrelay.BlobStore
	labrelay.OutboxStore
	labrelay.ReviewStore
	labrelay.CallbackStore
	labrelay.CursorStore
	labrelay.ReportStore
}

// Sender makes one publication attempt and records its outcome
// (pipeline.Pipeline.Send).
type Sender interface {
	Send(ctx context.Context, it labrelay.OutboxItem) pipeline.Sent
}

// StatusChecker asks the DSP what it holds (publish.Client does).
type StatusChecker interface {
	// Status returns publish.ErrNotFound when the DSP holds nothing.
	Status(ctx context.Context, ref publish.Ref) (publish.Report, error)
}

// Lister is one S3 endpoint and the sources listed through it.
type Lister struct {
	Client  ingest.S3API
	Sources []ingest.Source
}

// Progress hears how far each phase got; the command draws a bar on a
// terminal and logs lines otherwise. Methods are called from one goroutine.
type Progress interface {
	// Start begins a phase; total is -1 when unknown.
	Start(phase string, total int)
	// Add counts n more items of the phase done.
	Add(n int)
	// Done ends the phase.
	Done()
}

// Phases, as passed to Progress.Start and named in the summary.
const (
	PhaseDiscover  = "discover"
	PhaseRetry     = "retry"
	PhaseReprocess = "reprocess"
	PhaseReconcile = "reconcile"
	PhaseAttention = "attention"
)

// Defaults of the Job's settings.
const (
	DefaultPageSize  = 200
	DefaultReviewAge = 24 * time.Hour
	DefaultWindow    = 24 * time.Hour
	DefaultLeaseTTL  = 2 * time.Minute
)

// Job is one run of the nightly batch. Set the exported fields, then call
// Run. Store is required; every phase whose parts are missing is skipped
// (Listers for discover, Sender for retry, Extractor and RuleVersions
// for reprocess, Status for reconcile).
type Job struct {
	Store Store

	// Listers list the buckets in full (no cursor: the running pipeline's
	// poller keeps its own).
	Listers []Lister
	// Sender sends due outbox entries (one attempt each per run), the
	// way the running pipeline does: a *pipeline.Pipeline with its Store,
	// Publisher and Retry set.
	Sender Sender
	// Status reconciles with the DSP.
	Status StatusChecker

	// RulesChanged turns the reprocess phase on.
	RulesChanged bool
	// Extractor is the current extractor; RuleVersions maps each rule pack
	// (Extraction.RulePack) to the RulesVersion it writes now. A document
	// whose pack is not listed is left alone.
	Extractor    Extractor
	RuleVersions map[string]string

	// Lab, when set, limits every phase to one lab family.
	Lab string
	// Window is how far back reconcile and the exceptions list look;
	// default DefaultWindow.
	Window time.Duration
	// ReviewAge: a document waiting for review longer than this (and a
	// publication failing for longer) needs a person.
	ReviewAge time.Duration
	// DryRun changes nothing: it counts what would be done.
	DryRun bool

	// Worker names the batch in leases and claims; default batch-host-pid.
	Worker string
	// PageSize is how many documents are read at a time; memory stays
	// bounded by it whatever the store holds.
	PageSize int
	// LeaseTTL bounds one publication attempt.
	LeaseTTL time.Duration

	Progress Progress
	Logger   *slog.Logger
	// Now is the clock; default time.Now.
	Now func() time.Time
}

// Summary is what one run did and found. It is printed as JSON by
// `labrelay batch --json`.
type Summary struct {
	StartedAt  time.Time `json:"started_at"`
	FinishedAt time.Time `json:"finished_at"`
	DryRun     bool      `json:"dry_run"`
	Lab        string    `json:"lab,omitempty"`
	WindowFrom time.Time `json:"window_from"`

	Discover  DiscoverSummary  `json:"discover"`
	Retry     RetrySummary     `json:"retry"`
	Reprocess ReprocessSummary `json:"reprocess"`
	Reconcile ReconcileSummary `json:"reconcile"`

	// Attention lists what needs a person.
	Attention []Item `json:"attention"`
	// Errors are failures of the job itself (a bucket that cannot be
	// listed, the DSP unreachable for reconcile, the store): exit 1.
	Errors []string `json:"errors"`
}

// DiscoverSummary counts the bucket listing.
type DiscoverSummary struct {
	Skipped bool `json:"skipped,omitempty"`
	Listed  int  `json:"listed"`
	// New are objects the watchers missed, recorded now (in a dry run:
	// that would be recorded).
	New     int      `json:"new"`
	NewKeys []string `json:"new_keys,omitempty"`
}

// RetrySummary counts the outbox work.
type RetrySummary struct {
	Skipped   bool `json:"skipped,omitempty"`
	Attempted int  `json:"attempted"`
	Published int  `json:"published"`
	// Duplicates were already held by the DSP (published before, the
	// answer lost): recorded, not sent twice.
	Duplicates int `json:"duplicates"`
	Retrying   int `json:"retrying"`
	Exceptions int `json:"exceptions"`
	// Due counts the entries due now (what a dry run would attempt).
	Due int `json:"due"`
	// Waiting are entries whose next attempt is later.
	Waiting int `json:"waiting"`
}

// ReprocessSummary counts the rules-changed pass.
type ReprocessSummary struct {
	Skipped bool `json:"skipped,omitempty"`
	// Checked documents were read in this run (after the checkpoint).
	Checked int `json:"checked"`
	// Affected have a rule pack whose version changed.
	Affected int `json:"affected"`
	// Unchanged re-extracted to the same canonical fields: not
	// re-published.
	Unchanged int `json:"unchanged"`
	// Requeued were sent back through the pipeline to be re-extracted,
	// routed, re-signed and published with lineage.
	Requeued    int     `json:"requeued"`
	RequeuedIDs []int64 `json:"requeued_ids,omitempty"`
	// InFlight are being worked on by the pipeline; the next run looks
	// at them again.
	InFlight int `json:"in_flight"`
	// Left alone: reviewed by a person, rejected by a reviewer, failed.
	LeftAlone int `json:"left_alone"`
	Failed    int `json:"failed"`
}

// ReconcileSummary counts the comparison with the DSP.
type ReconcileSummary struct {
	Skipped    bool `json:"skipped,omitempty"`
	Checked    int  `json:"checked"`
	Matched    int  `json:"matched"`
	Mismatches int  `json:"mismatches"`
}

// Kinds of Item.
const (
	KindReviewBacklog = "review_backlog"
	KindException     = "exception"
	KindStuckPublish  = "stuck_publication"
	KindMissingAtDSP  = "missing_at_dsp"
	KindDSPStatus     = "dsp_status"
	KindDSPRecord     = "dsp_record"
	KindReprocess     = "reprocess"
)

// Item is one thing a person must look at.
type Item struct {
	Kind       string    `json:"kind"`
	DocumentID int64     `json:"document_id"`
	Lab        string    `json:"lab,omitempty"`
	Source     string    `json:"source"`
	State      string    `json:"state"`
	Since      time.Time `json:"since,omitzero"`
	// Message is a plain sentence: what happened and what to do.
	Message string `json:"message"`
}

// Exit codes of `labrelay batch`.
const (
	ExitOK        = 0
	ExitFailed    = 1
	ExitNeedsUser = 3
)

// ExitCode is 1 when the job failed, 3 when something needs a person,
// else 0.
func (s *Summary) ExitCode() int {
	switch {
	case len(s.Errors) > 0:
		return ExitFailed
	case len(s.Attention) > 0:
		return ExitNeedsUser
	}
	return ExitOK
}

func (j *Job) init() {
	if j.Worker == "" {
		host, _ := os.Hostname()
		j.Worker = fmt.Sprintf("batch-%s-%d", host, os.Getpid())
	}
	if j.PageSize <= 0 {
		j.PageSize = DefaultPageSize
	}
	if j.Window <= 0 {
		j.Window = DefaultWindow
	}
	if j.ReviewAge <= 0 {
		j.ReviewAge = DefaultReviewAge
	}
	if j.LeaseTTL <= 0 {
		j.LeaseTTL = DefaultLeaseTTL
	}
	if j.Now == nil {
		j.Now = time.Now
	}
	if j.Logger == nil {
		j.Logger = slog.New(slog.DiscardHandler)
	}
	if j.Progress == nil {
		j.Progress = nopProgress{}
	}
}

// Run runs every configured phase and returns what it did. A phase that
// fails records its error in Summary.Errors and the others go on; Run
// returns an error only when Store is missing or ctx ends.
func (j *Job) Run(ctx context.Context) (*Summary, error) {
	if j.Store == nil {
		return nil, errors.New("batch: Store is required")
	}
	j.init()
	now := j.Now().UTC()
	s := &Summary{StartedAt: now, DryRun: j.DryRun, Lab: j.Lab, WindowFrom: now.Add(-j.Window), Attention: []Item{}, Errors: []string{}}
	phases := []struct {
		name string
		on   bool
		skip *bool
		run  func(context.Context, *Summary) error
	}{
		{PhaseDiscover, len(j.Listers) > 0, &s.Discover.Skipped, j.discover},
		{PhaseRetry, j.Sender != nil, &s.Retry.Skipped, j.retry},
		{PhaseReprocess, j.RulesChanged && j.Extractor != nil && j.RuleVersions != nil, &s.Reprocess.Skipped, j.reprocess},
		{PhaseReconcile, j.Status != nil, &s.Reconcile.Skipped, j.reconcile},
		{PhaseAttention, true, new(bool), j.attention},
	}
	for _, p := range phases {
		if !p.on {
			*p.skip = true
			continue
		}
		start := time.Now()
		err := p.run(ctx, s)
		j.Progress.Done()
		if ctx.Err() != nil {
			return s, ctx.Err()
		}
		if err != nil {
			// Reported in the summary, not logged: the caller prints it.
			s.Errors = append(s.Errors, fmt.Sprintf("%s: %s", p.name, text.OneLine(err.Error())))
			continue
		}
		j.Logger.Info("batch phase done", "phase", p.name, "took", time.Since(start).Round(time.Millisecond))
	}
	sort.SliceStable(s.Attention, func(a, b int) bool {
		if s.Attention[a].Kind != s.Attention[b].Kind {
			return s.Attention[a].Kind < s.Attention[b].Kind
		}
		return s.Attention[a].DocumentID < s.Attention[b].DocumentID
	})
	s.FinishedAt = j.Now().UTC()
	return s, nil
}

// labOf is the document's lab for filters: the extraction's, else the hint.
func labOf(d labrelay.Document) string {
	if d.Lab != "" {
		return d.Lab
	}
	return d.LabHint
}

func (j *Job) wantLab(d labrelay.Document) bool {
	return j.Lab == "" || strings.EqualFold(labOf(d), j.Lab)
}

func sourceOf(d labrelay.Document) string {
	if d.Source.Bucket == "" {
		return d.Source.Key
	}
	return "s3://" + d.Source.Bucket + "/" + d.Source.Key
}

func item(kind string, d labrelay.Document, since time.Time, msg string) Item {
	return Item{Kind: kind, DocumentID: d.ID, Lab: labOf(d), Source: sourceOf(d), State: string(d.State), Since: since, Message: msg}
}

// eachDocument pages through the documents matching q (ID order), calling
// fn for each; memory holds one page at a time.
func (j *Job) eachDocument(ctx context.Context, q labrelay.DocumentQuery, fn func(labrelay.Document) error) error {
	q.Limit = j.PageSize
	for {
		docs, err := j.Store.Documents(ctx, q)
		if err != nil {
			return err
		}
		for _, d := range docs {
			if err := fn(d); err != nil {
				return err
			}
			q.AfterID = d.ID
		}
		if len(docs) < q.Limit {
			return nil
		}
	}
}

type nopProgress struct{}

func (nopProgress) Start(string, int) {}
func (nopProgress) Add(int)           {}
func (nopProgress) Done()             {}
