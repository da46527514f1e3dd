package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/batch"
	"github.com/labrelay/labrelay/extract"
	"github.com/labrelay/labrelay/ingest"
	"github.com/labrelay/labrelay/internal/text"
	"github.com/labrelay/labrelay/pipeline"
	"github.com/labrelay/labrelay/report"
	"github.com/labrelay/labrelay/rules"
	"github.com/mattn/go-isatty"
)

func init() {
	register(&Command{
		Name:    "batch",
		Summary: "nightly job: find missed files, retry publications, reprocess, reconcile, report",
		Usage: `Usage: labrelay batch --config FILE [--since 24h] [--lab LAB] [--dry-run]
                      [--rules-changed] [--json] [--report PATH] [--review-age 24h]

Runs once and exits, alongside 'labrelay run' on the same store (leases
and compare-and-set moves: no work is done twice). It lists every
configured bucket and records the files the watchers missed, publishes the
outbox entries that are due (under their idempotency keys: never twice),
with --rules-changed re-extracts the documents whose rule pack changed and
sends back through the pipeline only those whose record changed, asks the
DSP about every record published in the window, and lists what needs a
person. --report writes the daily report: PATH (HTML) and PATH with .csv;
PATH may be s3://bucket/key.html.

Exit status: 0 all is well, 3 something needs a person (the list is
printed), 1 the job itself failed, 2 bad usage or config. See docs/batch.md.`,
		Run: runBatch,
	})
}

// batchFlags are the flags of `labrelay batch`.
type batchFlags struct {
	configPath, lab, reportPath  string
	since, reviewAge             time.Duration
	dryRun, rulesChanged, asJSON bool
}

func runBatch(ctx context.Context, m *Main, args []string) error {
	fs := m.newFlagSet(commands["batch"])
	var f batchFlags
	fs.StringVar(&f.configPath, "config", "", "config file, the one 'labrelay run' reads (required)")
	fs.DurationVar(&f.since, "since", batch.DefaultWindow, "window of reconcile, the exceptions list and the report")
	fs.StringVar(&f.lab, "lab", "", "only this lab family (e.g. SGS, BV)")
	fs.BoolVar(&f.dryRun, "dry-run", false, "change nothing: count what would be done")
	fs.BoolVar(&f.rulesChanged, "rules-changed", false, "re-extract documents whose rule pack changed since extraction")
	fs.BoolVar(&f.asJSON, "json", false, "print the summary as JSON on standard output")
	fs.StringVar(&f.reportPath, "report", "", "write the daily report (HTML, and CSV beside it) to this path or s3://bucket/key")
	fs.DurationVar(&f.reviewAge, "review-age", batch.DefaultReviewAge, "a review older than this needs a person")
	if err := parse(fs, args); err != nil {
		return err
	}
	if f.configPath == "" || fs.NArg() != 0 {
		return usageError(fs, "give --config FILE and no arguments")
	}
	if f.since <= 0 || f.reviewAge <= 0 {
		return usageError(fs, "--since and --review-age must be positive")
	}
	cfg, err := ReadConfigFile(f.configPath)
	if err != nil {
		return &ExitError{Code: 2, Err: err}
	}
	log, err := newLogger(cfg.Logging, m.Stderr)
	if err != nil {
		return &ExitError{Code: 2, Err: err}
	}
	st, err := openStore(ctx, cfg.Store)
	if err != nil {
		return err
	}
	defer st.Close()
	job, s3For, err := newBatchJob(ctx, cfg, f, st, log)
	if err != nil {
		return err
	}
	if c, ok := job.Extractor.(io.Closer); ok {
		defer c.Close() // the OCR worker processes
	}
	job.Progress = newBatchProgress(m.Stderr, log)
	sum, err := job.Run(ctx)
	if err != nil {
		return err
	}
	if f.reportPath != "" {
		now := time.Now()
		data, err := report.Build(ctx, st, now.Add(-f.since), now, now)
		if err == nil {
			err = writeReport(ctx, f.reportPath, data, s3For)
		}
		if err != nil {
			sum.Errors = append(sum.Errors, "report: "+oneLine(err.Error()))
		} else {
			log.Info("report written", "path", f.reportPath)
		}
	}
	return batchOutcome(m.Stdout, sum, f.asJSON)
}

// newBatchJob builds the job of the config and flags on st, but its
// progress.
func newBatchJob(ctx context.Context, cfg Config, f batchFlags, st labrelay.Store, log *slog.Logger) (*batch.Job, func(string) (*s3.Client, error), error) {
	ef := extractorFlags{maxSize: cfg.Limits.MaxSize, mappings: cfg.Extract.Mappings, packs: cfg.Extract.Packs, log: log}
	x, err := ef.build()
	if err != nil {
		return nil, nil, &ExitError{Code: 2, Err: fmt.Errorf("extract: %w", err)}
	}
	versions, err := ruleVersions(x, ef.rules, ef.packs)
	if err != nil {
		return nil, nil, err
	}
	client, err := newPublishClient(cfg.Destination)
	if err != nil {
		return nil, nil, &ExitError{Code: 2, Err: err}
	}
	listers, s3For, err := batchListers(ctx, cfg, log)
	if err != nil {
		return nil, nil, err
	}
	job := &batch.Job{
		Store:   st,
		Listers: listers,
		// The pipeline's own publication path, content type and metrics
		// included.
		Sender: &pipeline.Pipeline{Store: st, Publisher: client, Retry: cfg.Destination.Retry.policy(),
			Lineage:  pipeline.Lineage{PrimaryLanguage: cfg.Lineage.PrimaryLanguage},
			LeaseTTL: time.Duration(cfg.Workers.LeaseTTL), Logger: log},
		Status:       client,
		RulesChanged: f.rulesChanged,
		Extractor:    x,
		RuleVersions: versions,
		Lab:          f.lab,
		Window:       f.since,
		ReviewAge:    f.reviewAge,
		DryRun:       f.dryRun,
		LeaseTTL:     time.Duration(cfg.Workers.LeaseTTL),
		Logger:       log,
	}
	if cfg.Workers.Name != "" {
		job.Worker = cfg.Workers.Name + "-batch"
	}
	return job, s3For, nil
}

// batchOutcome prints the summary and turns it into the exit status.
func batchOutcome(w io.Writer, sum *batch.Summary, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if err := enc.Encode(sum); err != nil {
			return err
		}
	} else {
		printBatchSummary(w, sum)
	}
	switch sum.ExitCode() {
	case batch.ExitNeedsUser:
		return &ExitError{Code: 3}
	case batch.ExitFailed:
		return &ExitError{Code: 1, Err: errors.New(strings.Join(sum.Errors, "; "))}
	}
	return nil
}

// ruleVersions maps each rule pack to the RulesVersion the extractor
// writes now: native mappings (name@version) and rule packs (engine
// version/pack version).
func ruleVersions(x *extract.Extractor, rulesDir, packsDir string) (map[string]string, error) {
	versions := map[string]string{}
	if x.Native != nil {
		for _, m := range x.Native.Mappings {
			if _, dup := versions[m.Name]; dup {
				continue // the first mapping of a name wins, as in extraction
			}
			v := m.Name
			if m.Version != "" {
				v = m.Name + "@" + m.Version
			}
			versions[m.Name] = v
		}
	}
	eng, err := rules.FromDirs(rulesDir, packsDir)
	if err != nil {
		return nil, err
	}
	for _, p := range eng.Packs() {
		versions[p.Name] = eng.Version() + "/" + p.VersionString()
	}
	return versions, nil
}

// batchListers groups the sources by endpoint, one S3 client each, and
// returns a lookup of the client for a bucket (for the report).
func batchListers(ctx context.Context, cfg Config, log *slog.Logger) ([]batch.Lister, func(bucket string) (*s3.Client, error), error) {
	clients := map[S3Config]*s3.Client{}
	var listers []batch.Lister
	index := map[S3Config]int{}
	for _, sc := range cfg.Sources {
		if _, ok := clients[sc.S3Config]; !ok {
			c, err := ingest.NewS3Client(ctx, sc.S3Config.client(log))
			if err != nil {
				return nil, nil, fmt.Errorf("source %s: %w", sc.Name, err)
			}
			clients[sc.S3Config] = c
			index[sc.S3Config] = len(listers)
			listers = append(listers, batch.Lister{Client: c})
		}
		i := index[sc.S3Config]
		listers[i].Sources = append(listers[i].Sources, sc.source())
	}
	s3For := func(bucket string) (*s3.Client, error) {
		for _, sc := range cfg.Sources {
			if sc.Bucket == bucket {
				return clients[sc.S3Config], nil
			}
		}
		if len(cfg.Sources) > 0 {
			return clients[cfg.Sources[0].S3Config], nil
		}
		return nil, fmt.Errorf("no S3 endpoint is configured for bucket %q", bucket)
	}
	return listers, s3For, nil
}

// writeReport writes the HTML report to path and the CSV beside it (same
// name, .csv), to a file or to s3://bucket/key.
func writeReport(ctx context.Context, path string, data *report.Data, s3For func(string) (*s3.Client, error)) error {
	var html, csv bytes.Buffer
	if err := report.WriteHTML(&html, data); err != nil {
		return err
	}
	if err := report.WriteCSV(&csv, data); err != nil {
		return err
	}
	csvPath := strings.TrimSuffix(path, filepath.Ext(path)) + ".csv"
	if rest, ok := strings.CutPrefix(path, "s3://"); ok {
		bucket, key, _ := strings.Cut(rest, "/")
		if bucket == "" || key == "" {
			return fmt.Errorf("%q: want s3://bucket/key", path)
		}
		c, err := s3For(bucket)
		if err != nil {
			return err
		}
		csvKey := strings.TrimSuffix(key, filepath.Ext(key)) + ".csv"
		for _, o := range []struct {
			key, ctype string
			body       []byte
		}{{key, "text/html; charset=utf-8", html.Bytes()}, {csvKey, "text/csv; charset=utf-8", csv.Bytes()}} {
			if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(o.key),
				Body: bytes.NewReader(o.body), ContentType: aws.String(o.ctype)}); err != nil {
				return fmt.Errorf("put s3://%s/%s: %w", bucket, o.key, err)
			}
		}
		return nil
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	if err := os.WriteFile(path, html.Bytes(), 0o644); err != nil {
		return err
	}
	return os.WriteFile(csvPath, csv.Bytes(), 0o644)
}

// printBatchSummary writes the batch summary for people.
func printBatchSummary(w io.Writer, s *batch.Summary) {
	mode := ""
	if s.DryRun {
		mode = " (dry run: nothing was changed)"
	}
	fmt.Fprintf(w, "labrelay batch%s, %s\n", mode, s.FinishedAt.Sub(s.StartedAt).Round(time.Millisecond))
	if !s.Discover.Skipped {
		fmt.Fprintf(w, "  buckets:   %d files listed, %d new (missed by the watchers)\n", s.Discover.Listed, s.Discover.New)
	}
	if r := s.Retry; !r.Skipped {
		fmt.Fprintf(w, "  publish:   %d due, %d attempted, %d published (%d already at the DSP), %d to retry, %d refused; %d waiting\n",
			r.Due, r.Attempted, r.Published, r.Duplicates, r.Retrying, r.Exceptions, r.Waiting)
	}
	if r := s.Reprocess; !r.Skipped {
		fmt.Fprintf(w, "  reprocess: %d checked, %d with changed rules: %d same record, %d sent back through the pipeline, %d in flight, %d left alone, %d failed\n",
			r.Checked, r.Affected, r.Unchanged, r.Requeued, r.InFlight, r.LeftAlone, r.Failed)
	}
	if r := s.Reconcile; !r.Skipped {
		fmt.Fprintf(w, "  reconcile: %d published records checked with the DSP, %d match, %d differ\n", r.Checked, r.Matched, r.Mismatches)
	}
	for _, e := range s.Errors {
		fmt.Fprintf(w, "  error: %s\n", oneLine(e))
	}
	if len(s.Attention) == 0 {
		fmt.Fprintln(w, "Nothing needs a person.")
		return
	}
	fmt.Fprintf(w, "%d need a person:\n", len(s.Attention))
	for _, it := range s.Attention {
		fmt.Fprintf(w, "  [%s] document %d (%s, %s): %s\n", it.Kind, it.DocumentID, text.Printable(it.Source), it.State, oneLine(it.Message))
	}
}

// batchProgress draws a bar on a terminal and logs a line per phase otherwise.
type batchProgress struct {
	mu    sync.Mutex
	w     io.Writer
	log   *slog.Logger
	tty   bool
	phase string
	total int
	n     int
	start time.Time
	drawn time.Time
}

func newBatchProgress(w io.Writer, log *slog.Logger) *batchProgress {
	p := &batchProgress{w: w, log: log}
	if f, ok := w.(*os.File); ok {
		p.tty = isatty.IsTerminal(f.Fd())
	}
	return p
}

func (p *batchProgress) Start(phase string, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.phase, p.total, p.n, p.start = phase, total, 0, time.Now()
	if !p.tty {
		p.log.Info("batch phase started", "phase", phase, "total", total)
		return
	}
	p.draw()
}

func (p *batchProgress) Add(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n += n
	if p.tty && time.Since(p.drawn) > 100*time.Millisecond {
		p.draw()
	}
}

func (p *batchProgress) Done() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.phase == "" {
		return
	}
	if p.tty {
		p.draw()
		fmt.Fprintln(p.w)
	} else {
		p.log.Info("batch phase finished", "phase", p.phase, "items", p.n, "took", time.Since(p.start).Round(time.Millisecond))
	}
	p.phase = ""
}

func (p *batchProgress) draw() {
	p.drawn = time.Now()
	rate := float64(p.n) / max(time.Since(p.start).Seconds(), 0.001)
	const width = 30
	if p.total > 0 {
		done := min(p.n*width/p.total, width)
		fmt.Fprintf(p.w, "\r\033[K%-10s [%s%s] %d/%d %.0f/s", p.phase, strings.Repeat("█", done), strings.Repeat("░", width-done), p.n, p.total, rate)
		return
	}
	fmt.Fprintf(p.w, "\r\033[K%-10s %d %.0f/s", p.phase, p.n, rate)
}
