package pipeline

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/labrelay/labrelay"
)

// Extractor reads one file into an Extraction (extract.Extractor does).
type Extractor interface {
	// Extract returns a *labrelay.InputError for input it cannot read; any
	// other error is an internal fault.
	Extract(ctx context.Context, name string, data []byte) (*labrelay.Extraction, error)
}

// Store is the part of labrelay.Store the pipeline uses.
type Store interface {
	labrelay.DocumentStore
	labrelay.LeaseStore
	labrelay.BlobStore
	labrelay.OutboxStore
}

// Backoff schedules the next attempt of a retryable publication
// (publish.Policy does): retryAfter, the DSP's delay, is 0 when it gave
// none.
type Backoff interface {
	Backoff(attempt int, retryAfter time.Duration) time.Duration
}

// Buckets routes each fetch to the Fetcher of the object's bucket, for
// sources spread over several S3 endpoints or accounts.
type Buckets map[string]labrelay.Fetcher

// Fetch implements labrelay.Fetcher.
func (b Buckets) Fetch(ctx context.Context, obj labrelay.Object, maxSize int64) ([]byte, error) {
	f, ok := b[obj.Bucket]
	if !ok {
		return nil, fmt.Errorf("fetch s3://%s/%s: no source is configured for bucket %q", obj.Bucket, obj.Key, obj.Bucket)
	}
	return f.Fetch(ctx, obj, maxSize)
}

// Defaults of the Pipeline's settings.
const (
	DefaultLeaseTTL       = time.Minute
	DefaultExtractTimeout = 2 * time.Minute
	DefaultPollInterval   = 2 * time.Second
	DefaultMaxAttempts    = 20
	DefaultShutdownGrace  = 30 * time.Second
)

// Pipeline moves documents from discovery to publication. Set the exported
// fields, then call Run. Store, Fetcher, Extractor, Profile, Publisher
// and Retry are required (Send needs only Store, Publisher and Retry).
type Pipeline struct {
	Store     Store
	Fetcher   labrelay.Fetcher
	Extractor Extractor
	// Profile signs accepted documents as what the DSP receives (the
	// signed record, a wire map's payload, a UNTP credential).
	Profile   labrelay.Profile
	Publisher labrelay.Publisher
	// Lineage says how revisions and language twins are published.
	Lineage Lineage
	// Retry schedules the next attempt of a retryable publication
	// (the DSP's Retry-After wins).
	Retry Backoff
	// Watchers hand found objects to Discover while Run runs.
	Watchers []labrelay.Watcher

	// Worker names this pipeline in leases; default host-pid.
	Worker string
	// Workers per stage; defaults: fetch 4, extract 2, sign 2, publish 4.
	FetchWorkers, ExtractWorkers, SignWorkers, PublishWorkers int
	// MaxSize bounds a fetched object (0: no limit beyond the extractor's).
	MaxSize int64
	// LeaseTTL is how long a lease lasts without a heartbeat: a killed
	// worker's documents are taken over after it. Heartbeats extend it
	// every third of it. The outbox lease (which has no heartbeat) also
	// bounds one publication attempt.
	LeaseTTL time.Duration
	// ExtractTimeout bounds the extraction of one document.
	ExtractTimeout time.Duration
	// PollInterval is how often an idle stage asks the store for work
	// (done by other processes, retries falling due); work made in this
	// process wakes the next stage at once.
	PollInterval time.Duration
	// MaxAttempts: a document leased more often than this (it crashed or
	// timed out its worker every time) is given up with a reason.
	MaxAttempts int
	// ShutdownGrace is how long Run lets in-flight work finish after its
	// context ends; then the work is cancelled and its leases released.
	ShutdownGrace time.Duration

	Metrics *Metrics
	Logger  *slog.Logger
	// Now is the clock for retry scheduling; default time.Now.
	Now func() time.Time

	initOnce sync.Once
	kicks    map[string]chan struct{}
}

// Stage names, as used in metrics and logs.
const (
	StageDiscover = "discover"
	StageFetch    = "fetch"
	StageExtract  = "extract"
	StageRoute    = "route"
	StageSign     = "sign"
	StagePublish  = "publish"
)

func (p *Pipeline) init() {
	p.initOnce.Do(func() {
		if p.Worker == "" {
			host, _ := os.Hostname()
			p.Worker = fmt.Sprintf("%s-%d", host, os.Getpid())
		}
		def(&p.FetchWorkers, 4)
		def(&p.ExtractWorkers, 2)
		def(&p.SignWorkers, 2)
		def(&p.PublishWorkers, 4)
		def(&p.MaxAttempts, DefaultMaxAttempts)
		def(&p.LeaseTTL, DefaultLeaseTTL)
		def(&p.ExtractTimeout, DefaultExtractTimeout)
		def(&p.PollInterval, DefaultPollInterval)
		def(&p.ShutdownGrace, DefaultShutdownGrace)
		if p.Logger == nil {
			p.Logger = slog.New(slog.DiscardHandler)
		}
		if p.Metrics == nil {
			p.Metrics = NewMetrics(nil, nil)
		}
		if p.Now == nil {
			p.Now = time.Now
		}
		p.kicks = map[string]chan struct{}{}
		for _, s := range []string{StageFetch, StageExtract, StageRoute, StageSign, StagePublish} {
			p.kicks[s] = make(chan struct{}, 1)
		}
	})
}

// kick wakes a stage's loop.
func (p *Pipeline) kick(stage string) {
	select {
	case p.kicks[stage] <- struct{}{}:
	default:
	}
}

func (p *Pipeline) check() error {
	missing := p.missingToSend() // Store, Publisher, Retry
	if p.Fetcher == nil {
		missing = append(missing, "Fetcher")
	}
	if p.Extractor == nil {
		missing = append(missing, "Extractor")
	}
	if p.Profile == nil {
		missing = append(missing, "Profile")
	}
	if len(missing) > 0 {
		return fmt.Errorf("pipeline: %v required", missing)
	}
	return nil
}

// Run runs the watchers and every stage until ctx ends. Then it stops
// leasing and watching, lets in-flight work finish for ShutdownGrace,
// cancels what is left (releasing its leases) and returns nil. It returns
// an error only when the pipeline is misconfigured.
func (p *Pipeline) Run(ctx context.Context) error {
	p.init()
	if err := p.check(); err != nil {
		return err
	}
	// work outlives ctx by the grace period, so that a SIGTERM lets
	// in-flight stages complete instead of wasting them.
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()

	var watchers, loops sync.WaitGroup
	for _, w := range p.Watchers {
		watchers.Add(1)
		go func() {
			defer watchers.Done()
			via := w.Name()
			if err := w.Watch(ctx, p.consumer(via)); err != nil && ctx.Err() == nil {
				p.Logger.Error("watcher stopped; the others go on", "via", via, "err", err)
			}
		}()
	}
	stages := []struct {
		name    string
		workers int
		lease   func(ctx context.Context, n int) ([]func(context.Context), error)
	}{
		{StageFetch, p.FetchWorkers, p.documentLeaser(labrelay.StateDiscovered, p.fetch)},
		{StageExtract, p.ExtractWorkers, p.documentLeaser(labrelay.StateFetched, p.extract)},
		{StageRoute, 1, p.documentLeaser(labrelay.StateExtracted, p.route)},
		{StageSign, p.SignWorkers, p.documentLeaser(labrelay.StateAccepted, p.sign)},
		{StagePublish, p.PublishWorkers, p.outboxLeaser()},
	}
	for _, s := range stages {
		loops.Add(1)
		go func() {
			defer loops.Done()
			p.loop(ctx, work, s.name, s.workers, s.lease)
		}()
	}
	p.Logger.Info("pipeline started", "worker", p.Worker, "watchers", len(p.Watchers),
		"fetch_workers", p.FetchWorkers, "extract_workers", p.ExtractWorkers,
		"sign_workers", p.SignWorkers, "publish_workers", p.PublishWorkers, "lease_ttl", p.LeaseTTL)

	<-ctx.Done()
	p.Logger.Info("pipeline stopping: no new work is leased; in-flight work may finish", "grace", p.ShutdownGrace)
	done := make(chan struct{})
	go func() {
		loops.Wait()
		watchers.Wait()
		close(done)
	}()
	t := time.NewTimer(p.ShutdownGrace)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
		p.Logger.Warn("shutdown grace over: cancelling in-flight work and releasing its leases")
		cancelWork()
		<-done
	}
	p.Logger.Info("pipeline stopped", "worker", p.Worker)
	return nil
}

// loop leases up to workers jobs at a time from lease and runs each in its
// own goroutine under work. It stops leasing when ctx ends and returns
// once its jobs are done.
func (p *Pipeline) loop(ctx, work context.Context, stage string, workers int, lease func(context.Context, int) ([]func(context.Context), error)) {
	sem := make(chan struct{}, workers)
	var wg sync.WaitGroup
	defer wg.Wait()
	idle := time.NewTimer(p.PollInterval)
	defer idle.Stop()
	wait := func() bool {
		idle.Reset(p.PollInterval)
		select {
		case <-ctx.Done():
			return false
		case <-p.kicks[stage]:
		case <-idle.C:
		}
		return true
	}
	for {
		select {
		case <-ctx.Done():
			return
		case sem <- struct{}{}:
		}
		free := 1
	more:
		for free < workers {
			select {
			case sem <- struct{}{}:
				free++
			default:
				break more
			}
		}
		jobs, err := lease(ctx, free)
		for range free - len(jobs) {
			<-sem
		}
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			p.Logger.Warn("lease failed; trying again", "stage", stage, "err", err)
			if !wait() {
				return
			}
			continue
		}
		for _, job := range jobs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				p.Metrics.inFlight.WithLabelValues(stage).Inc()
				defer p.Metrics.inFlight.WithLabelValues(stage).Dec()
				job(work)
			}()
		}
		if len(jobs) < free && !wait() {
			return
		}
	}
}

// documentLeaser leases documents waiting in state and runs handle on each.
func (p *Pipeline) documentLeaser(state labrelay.State, handle func(ctx context.Context, l labrelay.Lease)) func(context.Context, int) ([]func(context.Context), error) {
	return func(ctx context.Context, n int) ([]func(context.Context), error) {
		leases, err := p.Store.Lease(ctx, p.Worker, state, n, p.LeaseTTL)
		if err != nil {
			return nil, err
		}
		jobs := make([]func(context.Context), len(leases))
		for i, l := range leases {
			jobs[i] = func(work context.Context) { p.hold(work, l, handle) }
		}
		return jobs, nil
	}
}

// errLeaseLost cancels a stage whose lease was taken over.
var errLeaseLost = errors.New("lease lost: another worker took the document over")

// hold runs handle while extending the lease every third of its TTL. When
// an extension fails the lease is lost: handle's context is cancelled
// (its Complete would be refused anyway).
func (p *Pipeline) hold(work context.Context, l labrelay.Lease, handle func(context.Context, labrelay.Lease)) {
	ctx, cancel := context.WithCancelCause(work)
	defer cancel(nil)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(p.LeaseTTL / 3)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if _, err := p.Store.Extend(ctx, l, p.LeaseTTL); err != nil {
				if ctx.Err() != nil {
					return
				}
				if errors.Is(err, labrelay.ErrConflict) {
					p.docLogger(l.Document).Warn("lease lost while working; abandoning the stage", "stage", l.Stage, "err", err)
					cancel(errLeaseLost)
					return
				}
				p.docLogger(l.Document).Warn("lease extension failed; retrying", "stage", l.Stage, "err", err)
			}
		}
	}()
	defer func() {
		close(stop)
		wg.Wait()
	}()
	handle(ctx, l)
}

// docLogger returns the logger of one document: every line says which.
func (p *Pipeline) docLogger(d labrelay.Document) *slog.Logger {
	return p.Logger.With("document_id", d.ID, "bucket", d.Source.Bucket, "key", d.Source.Key)
}

// Discover records a found object as a document (Store.Discover is
// idempotent: an object seen again changes nothing) and wakes the fetch
// stage. It is the labrelay.Consumer the watchers are given.
func (p *Pipeline) Discover(ctx context.Context, obj labrelay.Object) error {
	return p.consumer("direct")(ctx, obj)
}

func (p *Pipeline) consumer(via string) labrelay.Consumer {
	return func(ctx context.Context, obj labrelay.Object) error {
		p.init()
		d, created, err := p.Store.Discover(ctx, obj.NewDocument())
		if err != nil {
			p.Metrics.discovered.WithLabelValues(via, "error").Inc()
			return fmt.Errorf("discover s3://%s/%s: %w", obj.Bucket, obj.Key, err)
		}
		if !created {
			p.Metrics.discovered.WithLabelValues(via, "seen").Inc()
			return nil
		}
		p.Metrics.discovered.WithLabelValues(via, "new").Inc()
		p.docLogger(d).Info("document discovered", "via", via, "source", obj.Source, "etag", obj.ETag, "size", obj.Size)
		p.kick(StageFetch)
		return nil
	}
}

// def sets *v to d when it is zero or negative: unset settings take their
// defaults.
func def[T int | time.Duration](v *T, d T) {
	if *v <= 0 {
		*v = d
	}
}
