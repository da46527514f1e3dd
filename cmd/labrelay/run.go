package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/callback"
	"github.com/labrelay/labrelay/ingest"
	"github.com/labrelay/labrelay/internal/httpserve"
	"github.com/labrelay/labrelay/pipeline"
	"github.com/labrelay/labrelay/postgres"
	"github.com/labrelay/labrelay/publish"
	"github.com/labrelay/labrelay/rules"
	"github.com/labrelay/labrelay/sign"
	"github.com/labrelay/labrelay/sqlite"
	"github.com/labrelay/labrelay/untp"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"golang.org/x/oauth2/clientcredentials"
)

func init() {
	register(&Command{
		Name:    "run",
		Summary: "run the pipeline: watch buckets, extract, sign, publish to the DSP",
		Usage: `Usage: labrelay run --config FILE

Runs labrelay as a service: watches the configured buckets (a list sweep
every poll_interval, plus S3 event webhooks and an SQS queue when
configured), fetches each new report, extracts its record, routes it to
review or signing, signs it and publishes it to the DSP through a durable
outbox. One HTTP listener serves /metrics, /healthz, /readyz, the S3 event
webhook and the DSP callback. Several 'labrelay run' processes may share one
PostgreSQL store.

On SIGTERM or SIGINT it stops watching and leasing work, lets work in
progress finish for workers.shutdown_grace, releases the rest and exits 0.
See etc/labrelay.example.yaml and docs/operations.md.`,
		Run: runRun,
	})
}

func runRun(ctx context.Context, m *Main, args []string) error {
	fs := m.newFlagSet(commands["run"])
	configPath := fs.String("config", "", "config file (YAML; required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *configPath == "" || fs.NArg() != 0 {
		return usageError(fs, "give --config FILE and no arguments")
	}
	cfg, err := ReadConfigFile(*configPath)
	if err != nil {
		return &ExitError{Code: 2, Err: err}
	}
	log, err := newLogger(cfg.Logging, m.Stderr)
	if err != nil {
		return &ExitError{Code: 2, Err: err}
	}
	r, err := openRelay(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer r.Close()
	if err := r.Listen(); err != nil {
		return err
	}
	return r.Run(ctx)
}

// extraHandlers mount more handlers on the HTTP listener of `run`. A file such as review.go appends to it in init:
//
//	extraHandlers = append(extraHandlers, func(mux *http.ServeMux, r *relay) error {
//		mux.Handle("/review/", http.StripPrefix("/review", review.New(r.Store, …).Handler()))
//		return nil
//	})
var extraHandlers []func(mux *http.ServeMux, r *relay) error

// relay is one running labrelay: the store, the pipeline and the HTTP
// listener, built from a Config.
type relay struct {
	Config   Config
	Log      *slog.Logger
	Store    labrelay.Store
	Pipeline *pipeline.Pipeline
	Registry *prometheus.Registry
	Mux      *http.ServeMux
	Webhook  *ingest.Webhook // nil unless configured
	HTTP     *httpserve.Server
	Metrics  *httpserve.Server // nil unless http.metrics_addr is set
	// Warnings are insecure settings the file asked for, said at start
	// and in /readyz.
	Warnings []string
	// Packs is the rules engine over extract.packs, reloaded while
	// running; nil when extract.packs is not set.
	Packs *rules.Live

	closers []func() error
}

// openStore opens the configured store.
func openStore(ctx context.Context, c StoreConfig) (labrelay.Store, error) {
	if c.Postgres != "" {
		st := postgres.New(c.Postgres)
		if err := st.Open(ctx); err != nil {
			return nil, err
		}
		return st, nil
	}
	if dir := filepath.Dir(c.SQLite); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil { // the reports live there
			return nil, fmt.Errorf("store: %w", err)
		}
	}
	st := sqlite.New(c.SQLite)
	if err := st.Open(ctx); err != nil {
		return nil, err
	}
	return st, nil
}

// openRelay wires everything the config describes. Close releases it.
func openRelay(ctx context.Context, cfg Config, log *slog.Logger) (_ *relay, err error) {
	r := &relay{Config: cfg, Log: log, Registry: prometheus.NewRegistry(), Mux: http.NewServeMux()}
	r.HTTP = &httpserve.Server{Addr: cfg.HTTP.Addr, Handler: r.Mux, Logger: log}
	defer func() {
		if err != nil {
			r.Close()
		}
	}()
	if r.Store, err = openStore(ctx, cfg.Store); err != nil {
		return nil, err
	}
	r.closers = append(r.closers, r.Store.Close)

	trust, err := loadLabTrust(cfg.LabTrust)
	if err != nil {
		return nil, err
	}
	ef := extractorFlags{maxSize: cfg.Limits.MaxSize, mappings: cfg.Extract.Mappings, packs: cfg.Extract.Packs, trust: trust, log: log}
	extractor, err := ef.build()
	if err != nil {
		return nil, fmt.Errorf("extract: %w", err)
	}
	r.closers = append(r.closers, extractor.Close)
	r.Packs = ef.live
	keyRef := cfg.Signer.KeyFile
	if cfg.Signer.KMSKeyID != "" {
		keyRef = "kms:" + cfg.Signer.KMSKeyID
	}
	signer, err := openSigner(ctx, keyRef)
	if err != nil {
		return nil, fmt.Errorf("signer: %w", err)
	}
	client, err := newPublishClient(cfg.Destination)
	if err != nil {
		return nil, err
	}
	profile, err := openProfile(ctx, cfg.Destination, keyRef, signer)
	if err != nil {
		return nil, err
	}
	fetchers, watchers, err := r.sources(ctx)
	if err != nil {
		return nil, err
	}
	r.Pipeline = r.pipeline(fetchers, watchers)
	r.Pipeline.Extractor = extractor
	r.Pipeline.Profile = profile
	r.Pipeline.Publisher = client
	if err := r.mount(); err != nil {
		return nil, err
	}
	return r, nil
}

// pipeline returns the pipeline of the config's workers, lineage and
// retry settings on the relay's store; openRelay adds the adapters.
func (r *relay) pipeline(fetchers pipeline.Buckets, watchers []labrelay.Watcher) *pipeline.Pipeline {
	cfg, w := r.Config, r.Config.Workers
	return &pipeline.Pipeline{
		Store:          r.Store,
		Fetcher:        fetchers,
		Lineage:        pipeline.Lineage{PrimaryLanguage: cfg.Lineage.PrimaryLanguage},
		Retry:          cfg.Destination.Retry.policy(),
		Watchers:       watchers,
		Worker:         w.Name,
		FetchWorkers:   w.Fetch,
		ExtractWorkers: w.Extract,
		SignWorkers:    w.Sign,
		PublishWorkers: w.Publish,
		MaxSize:        int64(cfg.Limits.MaxSize),
		LeaseTTL:       time.Duration(w.LeaseTTL),
		ExtractTimeout: time.Duration(w.ExtractTimeout),
		PollInterval:   time.Duration(w.StorePoll),
		MaxAttempts:    w.MaxAttempts,
		ShutdownGrace:  time.Duration(w.ShutdownGrace),
		Metrics:        pipeline.NewMetrics(r.Registry, r.Store),
		Logger:         r.Log,
	}
}

// sources returns a Fetcher per bucket and the watchers: one S3 client per
// endpoint and credentials, one Poller per client; the webhook (mounted on
// the relay's mux) and the SQS listener when configured.
func (r *relay) sources(ctx context.Context) (pipeline.Buckets, []labrelay.Watcher, error) {
	cfg, log := r.Config, r.Log
	type group struct {
		poller  *ingest.Poller
		fetcher *ingest.Fetcher
	}
	groups := map[S3Config]*group{}
	var watchers []labrelay.Watcher
	fetchers := pipeline.Buckets{}
	var sources []ingest.Source
	for _, sc := range cfg.Sources {
		g, ok := groups[sc.S3Config]
		if !ok {
			s3c, err := ingest.NewS3Client(ctx, sc.S3Config.client(log))
			if err != nil {
				return nil, nil, fmt.Errorf("source %s: %w", sc.Name, err)
			}
			g = &group{
				poller:  &ingest.Poller{Client: s3c, Cursors: r.Store, Interval: time.Duration(cfg.Notifications.PollInterval), Logger: log},
				fetcher: &ingest.Fetcher{Client: s3c},
			}
			groups[sc.S3Config] = g
			watchers = append(watchers, g.poller)
		}
		src := sc.source()
		g.poller.Sources = append(g.poller.Sources, src)
		fetchers[sc.Bucket] = g.fetcher
		sources = append(sources, src)
	}
	if wh := cfg.Notifications.Webhook; wh.Path != "" {
		r.Webhook = &ingest.Webhook{Sources: sources, Token: wh.Token, RawKeys: wh.RawKeys, Logger: log, Clients: map[string]ingest.S3API{}}
		for b, f := range fetchers { // events are confirmed with HEAD
			if ff, ok := f.(*ingest.Fetcher); ok {
				r.Webhook.Clients[b] = ff.Client
			}
		}
		watchers = append(watchers, r.Webhook)
		r.Mux.Handle(wh.Path, r.Webhook)
		if wh.ingest().Insecure() {
			r.warn("the S3 event webhook " + wh.Path + " accepts events from anyone (notifications.webhook.insecure_no_auth); set notifications.webhook.token")
		}
	}
	if q := cfg.Notifications.SQS; q.QueueURL != "" {
		sqsc, err := ingest.NewSQSClient(ctx, q.S3Config.client(log))
		if err != nil {
			return nil, nil, fmt.Errorf("notifications.sqs: %w", err)
		}
		watchers = append(watchers, &ingest.SQSListener{Client: sqsc, QueueURL: q.QueueURL, Sources: sources, RawKeys: q.RawKeys, Logger: log})
	}
	return fetchers, watchers, nil
}

// mount serves the callback, /metrics, /healthz, /readyz and the
// extraHandlers on the relay's mux.
func (r *relay) mount() error {
	if cb := r.Config.Callback; cb.Path != "" {
		h, err := callback.NewHandler([]byte(cb.Secret), r.Store, callback.StoreRecorder{Store: r.Store})
		if err != nil {
			return fmt.Errorf("callback.secret: %w", err)
		}
		h.Logger = r.Log
		r.Mux.Handle(cb.Path, h)
	}
	// The default registry holds the Go and process collectors and the
	// publish package's counters.
	gatherers := prometheus.Gatherers{r.Registry, prometheus.DefaultGatherer}
	metrics := promhttp.HandlerFor(gatherers, promhttp.HandlerOpts{ErrorLog: slog.NewLogLogger(r.Log.Handler(), slog.LevelWarn)})
	if addr := r.Config.HTTP.MetricsAddr; addr != "" {
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", metrics)
		r.Metrics = &httpserve.Server{Addr: addr, Handler: mux, Logger: r.Log}
	} else {
		r.Mux.Handle("GET /metrics", metrics)
	}
	r.Mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		io.WriteString(w, "ok\n")
	})
	r.Mux.HandleFunc("GET /readyz", r.readyz)
	for _, m := range extraHandlers {
		if err := m(r.Mux, r); err != nil {
			return err
		}
	}
	return nil
}

// openProfile builds the publication profile: a UNTP credential, the
// wire map's payload, or the signed record.
func openProfile(ctx context.Context, d DestinationConfig, keyRef string, signer sign.Signer) (labrelay.Profile, error) {
	if d.Profile == ProfileUNTPDCC {
		return openCredentials(ctx, keyRef, d.Issuer)
	}
	if d.WireMap == "" {
		return &publish.RecordProfile{Signer: signer}, nil
	}
	f, err := os.Open(d.WireMap)
	if err != nil {
		return nil, fmt.Errorf("destination.wire_map: %w", err)
	}
	defer f.Close()
	wm, err := publish.LoadWireMap(f)
	if err != nil {
		return nil, fmt.Errorf("destination.wire_map: %w", err)
	}
	return &publish.WireProfile{Map: wm, Signer: signer}, nil
}

// openCredentials opens the signing key as a credential (vc+jwt) signer
// for the untp-dcc profile; the issuer defaults to the key's did:key.
func openCredentials(ctx context.Context, keyRef string, ic IssuerConfig) (*publish.UNTPProfile, error) {
	s, err := openCredentialSigner(ctx, keyRef)
	if err != nil {
		return nil, fmt.Errorf("signer (untp-dcc): %w", err)
	}
	iss := untp.Issuer{ID: ic.ID, Name: ic.Name}
	if iss.ID == "" {
		if iss.ID, err = untp.DIDKey(s.Public()); err != nil {
			return nil, fmt.Errorf("destination.issuer: %w", err)
		}
	}
	if tmpl := ic.DocumentURL; tmpl != "" {
		iss.DocumentURL = func(sum string) string { return strings.ReplaceAll(tmpl, "{sha256}", sum) }
	}
	return &publish.UNTPProfile{Signer: s, Issuer: iss}, nil
}

func (c S3Config) client(log *slog.Logger) ingest.ClientConfig {
	return ingest.ClientConfig{Endpoint: c.Endpoint, Region: c.Region, PathStyle: c.PathStyle,
		AccessKey: c.AccessKey, SecretKey: c.SecretKey, SessionToken: c.SessionToken, Logger: log}
}

func newPublishClient(d DestinationConfig) (*publish.Client, error) {
	c := publish.NewClient(strings.TrimRight(d.BaseURL, "/"))
	c.Timeout = time.Duration(d.Timeout)
	c.UserAgent = "labrelay/" + version
	if d.ClientID != "" {
		tokenURL := d.TokenURL
		if tokenURL == "" {
			tokenURL = strings.TrimRight(d.BaseURL, "/") + "/oauth/token"
		}
		c.Token = &clientcredentials.Config{ClientID: d.ClientID, ClientSecret: d.ClientSecret, TokenURL: tokenURL}
	}
	if d.CAFile != "" || d.CertFile != "" {
		tc := &tls.Config{MinVersion: tls.VersionTLS12}
		if d.CAFile != "" {
			pem, err := os.ReadFile(d.CAFile)
			if err != nil {
				return nil, fmt.Errorf("destination.ca_file: %w", err)
			}
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(pem) {
				return nil, fmt.Errorf("destination.ca_file: %s holds no PEM certificate", d.CAFile)
			}
			tc.RootCAs = pool
		}
		if d.CertFile != "" {
			cert, err := tls.LoadX509KeyPair(d.CertFile, d.KeyFile)
			if err != nil {
				return nil, fmt.Errorf("destination.cert_file: %w", err)
			}
			tc.Certificates = []tls.Certificate{cert}
		}
		c.TLS = tc
	}
	return c, nil
}

// readyz answers 200 when the store answers.
func (r *relay) readyz(w http.ResponseWriter, req *http.Request) {
	ctx, cancel := context.WithTimeout(req.Context(), 2*time.Second)
	defer cancel()
	if _, err := r.Store.GetCursor(ctx, "readyz"); err != nil {
		http.Error(w, "store unavailable: "+oneLine(err.Error()), http.StatusServiceUnavailable)
		return
	}
	io.WriteString(w, "ready\n")
	for _, warning := range r.Warnings {
		io.WriteString(w, "warning: "+warning+"\n")
	}
}

// warn logs an insecure setting and keeps it for /readyz.
func (r *relay) warn(msg string) {
	r.Log.Warn("insecure setting: " + msg)
	r.Warnings = append(r.Warnings, msg)
}

// Listen opens the HTTP listener, so that its address is known early.
func (r *relay) Listen() error {
	if err := r.HTTP.Listen(); err != nil {
		return fmt.Errorf("http.addr: %w", err)
	}
	if r.Metrics != nil {
		if err := r.Metrics.Listen(); err != nil {
			return fmt.Errorf("http.metrics_addr: %w", err)
		}
	}
	return nil
}

// Run serves HTTP and runs the pipeline until ctx ends, then stops both:
// the pipeline finishes its work in progress first, then the listener.
func (r *relay) Run(ctx context.Context) error {
	if err := r.Listen(); err != nil {
		return err
	}
	r.Log.Info("http listening", "url", r.HTTP.URL())
	if r.Packs != nil {
		go r.Packs.Watch(ctx)
	}
	serve := func(ctx context.Context) error {
		return r.HTTP.Run(ctx, func(ctx context.Context) error {
			err := r.Pipeline.Run(ctx)
			if err == nil && ctx.Err() == nil {
				err = errors.New("pipeline stopped")
			}
			return err
		})
	}
	if r.Metrics == nil {
		return serve(ctx)
	}
	r.Log.Info("metrics listening", "url", r.Metrics.URL()+"/metrics")
	return r.Metrics.Run(ctx, serve)
}

// Close releases the store and everything else opened.
func (r *relay) Close() error {
	var errs []error
	for i := len(r.closers) - 1; i >= 0; i-- {
		errs = append(errs, r.closers[i]())
	}
	r.closers = nil
	return errors.Join(errs...)
}
