package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/dspsim"
	"github.com/labrelay/labrelay/fixtures"
	"github.com/labrelay/labrelay/ingest"
	"github.com/labrelay/labrelay/review"
	"github.com/labrelay/labrelay/s3server"
	"github.com/labrelay/labrelay/sign"
)

func init() {
	register(&Command{
		Name:    "demo",
		Summary: "run everything on localhost: S3 server, pipeline, DSP simulator, sample reports",
		Usage: `Usage: labrelay demo [--dir var/demo] [--once] [flags]

Runs the whole chain on this machine, nothing to install: an S3-compatible
server (versitygw, files under DIR/s3) with one bucket per demo lab, seeded
with the project's sample reports (fixtures/testdata); the pipeline on a
SQLite store (DIR/labrelay.db) signing with DIR/keys/labrelay-demo.pem
(generated once, mode 0600); and the DSP simulator, trusting that key.
It prints a table of what became of each sample, then keeps running and
prints how to drop more files with any S3 client. The review UI is at
/review/ on the HTTP address: the account 'reviewer' is created in
DIR/users.yaml on the first run, its password kept in
DIR/reviewer-password.txt (mode 0600) and printed. --once exits after the
table. Running it again reuses DIR: nothing is published twice.`,
		Run: runDemo,
	})
}

// Demo credentials: everything listens on loopback only.
const (
	demoAccessKey    = "labrelay-demo"
	demoSecretKey    = "labrelay-demo-secret"
	demoClientID     = "labrelay-demo"
	demoClientSecret = "labrelay-demo-dsp-secret"
	demoCallbackKey  = "labrelay-demo-callback-secret-not-for-production"
	demoWebhookPath  = "/ingest/s3-events"
	demoCallbackPath = "/callbacks/dsp"
)

// demoFile is one sample dropped into a demo bucket.
type demoFile struct {
	Bucket, Key string
	Data        []byte
	Dropped     time.Time // zero when the object was there already
}

func runDemo(ctx context.Context, m *Main, args []string) error {
	fs := m.newFlagSet(commands["demo"])
	dirFlag := fs.String("dir", "var/demo", "directory for the S3 files, database, keys and log")
	once := fs.Bool("once", false, "exit after the first summary")
	samples := fs.String("samples", "fixtures/testdata", "sample reports: native/*.xml|json, pdf/*.pdf and scan/* (scans and photos, read by OCR)")
	httpAddr := fs.String("http", "127.0.0.1:8080", "labrelay's HTTP address (metrics, webhook, callbacks)")
	s3Addr := fs.String("s3", "127.0.0.1:9100", "the S3 server's address")
	dspAddr := fs.String("dsp", "127.0.0.1:8443", "the DSP simulator's address")
	timeout := fs.Duration("timeout", 2*time.Minute, "how long to wait for the samples before printing the summary")
	verbose := fs.Bool("v", false, "log to standard error too")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return usageError(fs, "no arguments expected")
	}
	// The S3 server changes the working directory: resolve paths first.
	dir, err := filepath.Abs(*dirFlag)
	if err != nil {
		return err
	}
	samplesDir, err := filepath.Abs(*samples)
	if err != nil {
		return err
	}
	for _, d := range []string{dir, filepath.Join(dir, "keys")} {
		if err := os.MkdirAll(d, 0o750); err != nil {
			return err
		}
	}
	logFile, err := os.OpenFile(filepath.Join(dir, "labrelay.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o640)
	if err != nil {
		return err
	}
	defer logFile.Close()
	var logOut io.Writer = logFile
	if *verbose {
		logOut = io.MultiWriter(logFile, m.Stderr)
	}
	log := slog.New(slog.NewTextHandler(logOut, &slog.HandlerOptions{Level: slog.LevelInfo}))

	// Signing key and the JWKS the DSP trusts.
	keyPath := filepath.Join(dir, "keys", "labrelay-demo.pem")
	if _, err := os.Stat(keyPath); errors.Is(err, os.ErrNotExist) {
		key, err := sign.GenerateKey(sign.EdDSA)
		if err != nil {
			return err
		}
		if _, err := sign.WriteKey(keyPath, key); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "generated signing key %s (mode 0600)\n", keyPath)
	}
	signer, err := sign.LoadSigner(keyPath)
	if err != nil {
		return err
	}
	jwks, err := sign.KeySet(signer.Public())
	if err != nil {
		return err
	}
	if data, err := json.MarshalIndent(jwks, "", "  "); err == nil {
		os.WriteFile(filepath.Join(dir, "jwks.json"), append(data, '\n'), 0o644)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// The DSP simulator.
	dspLn, err := net.Listen("tcp", *dspAddr)
	if err != nil {
		return fmt.Errorf("dsp simulator: %w (is another demo running? pick another port with --dsp)", err)
	}
	sim := dspsim.NewServer(demoClientID, demoClientSecret, *jwks)
	sim.Logger = log.With("component", "dsp-sim")
	sim.CallbackSecret = []byte(demoCallbackKey)
	dspURL := "http://" + dspLn.Addr().String()
	dspSrv := &http.Server{Handler: sim.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go dspSrv.Serve(dspLn)
	defer dspSrv.Close()

	// The S3 endpoint must be known before the config; the server starts
	// after labrelay's HTTP listener, which receives its events.
	s3HostPort, err := freeAddr(*s3Addr)
	if err != nil {
		return fmt.Errorf("s3 server: %w", err)
	}
	s3Endpoint := "http://" + s3HostPort

	nativeDir := filepath.Join(samplesDir, "native")
	labs := []struct{ bucket, lab, glob string }{
		{"sgs-reports", "SGS", "sgs-*.xml"},
		{"bv-reports", "BV", "bv-*.json"},
		{"pdf-reports", "", "*.pdf"},
		{"scan-reports", "", "scan/*"},
	}
	cfg := DefaultConfig()
	cfg.Store.SQLite = filepath.Join(dir, "labrelay.db")
	cfg.HTTP.Addr = *httpAddr
	cfg.Notifications.PollInterval = Duration(5 * time.Second)
	cfg.Notifications.Webhook = WebhookConfig{Path: demoWebhookPath, RawKeys: true}
	cfg.Workers.LeaseTTL = Duration(30 * time.Second)
	cfg.Workers.StorePoll = Duration(time.Second)
	cfg.Workers.ShutdownGrace = Duration(5 * time.Second)
	cfg.Signer.KeyFile = keyPath
	cfg.Destination = DestinationConfig{BaseURL: dspURL, ClientID: demoClientID, ClientSecret: demoClientSecret,
		Timeout: Duration(10 * time.Second), Retry: RetryConfig{Base: Duration(200 * time.Millisecond), Max: Duration(10 * time.Second)}}
	cfg.Callback = CallbackConfig{Path: demoCallbackPath, Secret: demoCallbackKey}
	reviewPassword, err := demoReviewer(dir)
	if err != nil {
		return fmt.Errorf("demo reviewer: %w", err)
	}
	cfg.Review.Users = filepath.Join(dir, "users.yaml")
	for _, l := range labs {
		cfg.Sources = append(cfg.Sources, SourceConfig{
			Name: l.bucket, Bucket: l.bucket, Lab: l.lab,
			S3Config: S3Config{Endpoint: s3Endpoint, Region: "us-east-1", PathStyle: true, AccessKey: demoAccessKey, SecretKey: demoSecretKey},
		})
	}
	if err := cfg.Validate(); err != nil {
		return err
	}
	r, err := openRelay(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer r.Close()
	r.Mux.HandleFunc("GET /demo/dsp-reports", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.Encode(sim.Reports())
	})
	if err := r.Listen(); err != nil {
		return fmt.Errorf("%w (is another demo running? pick another port with --http)", err)
	}
	if err := r.Serve(); err != nil {
		return err
	}
	sim.CallbackURL = r.URL() + demoCallbackPath

	s3srv, err := s3server.Start(ctx, s3server.Options{
		Dir: filepath.Join(dir, "s3"), Addr: s3HostPort, AccessKey: demoAccessKey, SecretKey: demoSecretKey,
		Region: "us-east-1", WebhookURL: r.URL() + demoWebhookPath,
	})
	if err != nil {
		return err
	}
	defer func() {
		// The S3 server waits up to 10 s for clients' idle keep-alive
		// connections when it stops; its files are written already, so
		// give it a moment and go.
		cancel()
		select {
		case <-s3srv.Done():
		case <-time.After(time.Second):
		}
	}()

	// Seed the buckets.
	s3c, err := ingest.NewS3Client(ctx, cfg.Sources[0].S3Config.client())
	if err != nil {
		return err
	}
	extractor, err := (&extractorFlags{maxSize: byteSize(cfg.Limits.MaxSize)}).build()
	if err != nil {
		return err
	}
	var files []*demoFile
	for _, l := range labs {
		var paths []string
		switch l.glob {
		case "*.pdf":
			if extractor.PDF == nil {
				continue // this build does not read PDFs yet
			}
			paths, _ = filepath.Glob(filepath.Join(samplesDir, "pdf", l.glob))
		case "scan/*":
			// Scans and photos show the OCR path and, as OCR is never
			// sure enough to auto-accept, the review queue.
			if extractor.Image == nil {
				continue
			}
			paths, _ = filepath.Glob(filepath.Join(samplesDir, l.glob))
			paths = slices.DeleteFunc(paths, func(p string) bool { return strings.HasSuffix(p, ".expected.json") })
		default:
			paths, _ = filepath.Glob(filepath.Join(nativeDir, l.glob))
			paths = slices.DeleteFunc(paths, func(p string) bool { return strings.HasSuffix(p, ".expected.json") })
		}
		if _, err := s3c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(l.bucket)}); err != nil && !isBucketOwned(err) {
			return fmt.Errorf("create bucket %s: %w", l.bucket, err)
		}
		if len(paths) == 0 && l.lab != "" {
			// No checkout at hand: generate the same samples.
			for _, s := range fixtures.Native(fixtures.DefaultSeed) {
				if strings.HasPrefix(s.Name, strings.ToLower(l.lab)) {
					files = append(files, &demoFile{Bucket: l.bucket, Key: s.Name + "." + s.Ext, Data: s.Data})
				}
			}
			continue
		}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			files = append(files, &demoFile{Bucket: l.bucket, Key: filepath.Base(p), Data: data})
		}
	}
	for _, f := range files {
		if _, err := s3c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(f.Bucket), Key: aws.String(f.Key)}); err == nil {
			continue // seeded by an earlier run
		}
		f.Dropped = time.Now()
		if _, err := s3c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(f.Bucket), Key: aws.String(f.Key), Body: bytes.NewReader(f.Data)}); err != nil {
			return fmt.Errorf("seed %s/%s: %w", f.Bucket, f.Key, err)
		}
	}
	fmt.Fprintf(m.Stdout, "seeded %d sample reports into %d buckets; processing (log: %s)\n", len(files), len(labs), logFile.Name())

	runErr := make(chan error, 1)
	go func() { runErr <- r.Run(ctx) }()

	docs, err := waitDemo(ctx, r.Store, files, *timeout, runErr)
	if err != nil {
		return err
	}
	printSummary(m.Stdout, files, docs, sim)
	fmt.Fprintf(m.Stdout, "review UI   %s/review/   (user %s, password %s)\n", r.URL(), demoReviewerName, reviewPassword)
	if *once {
		cancel()
		return <-runErr
	}
	printHowTo(m.Stdout, s3Endpoint, labs[0].bucket, bucketNames(cfg), r.URL(), dspURL, dir)
	go watchDemo(ctx, m.Stdout, r.Store, docs)
	return <-runErr
}

// demoReviewerName is the review UI account the demo creates.
const demoReviewerName = "reviewer"

// demoReviewer makes sure DIR/users.yaml holds the demo reviewer and
// returns its password: made up on the first run and kept in
// DIR/reviewer-password.txt (mode 0600), since the users file holds only
// its hash.
func demoReviewer(dir string) (string, error) {
	pwPath := filepath.Join(dir, "reviewer-password.txt")
	usersPath := filepath.Join(dir, "users.yaml")
	if b, err := os.ReadFile(pwPath); err == nil {
		if _, err := os.Stat(usersPath); err == nil {
			return strings.TrimSpace(string(b)), nil
		}
	}
	raw := make([]byte, 9)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	pw := base64.RawURLEncoding.EncodeToString(raw)
	hash, err := review.HashPassword(pw)
	if err != nil {
		return "", err
	}
	if _, err := review.PutUser(usersPath, review.User{Name: demoReviewerName, Role: review.RoleReviewer, PasswordHash: hash}); err != nil {
		return "", err
	}
	if err := os.WriteFile(pwPath, []byte(pw+"\n"), 0o600); err != nil {
		return "", err
	}
	return pw, nil
}

// freeAddr returns addr, or a free port on its host when its port is 0.
func freeAddr(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", err
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, port))
	if err != nil {
		return "", fmt.Errorf("%w (is another demo running? pick another port with --s3)", err)
	}
	a := ln.Addr().String()
	ln.Close()
	return a, nil
}

func isBucketOwned(err error) bool {
	s := err.Error()
	return strings.Contains(s, "BucketAlreadyOwnedByYou") || strings.Contains(s, "BucketAlreadyExists")
}

func bucketNames(cfg Config) []string {
	var out []string
	for _, s := range cfg.Sources {
		out = append(out, s.Bucket)
	}
	return out
}

// settled reports whether nothing more will happen to d without a person.
func settled(d labrelay.Document) bool {
	return d.State.Terminal() || d.State == labrelay.StateNeedsReview
}

// waitDemo waits until every sample's document has settled.
func waitDemo(ctx context.Context, st labrelay.Store, files []*demoFile, timeout time.Duration, runErr <-chan error) (map[string]labrelay.Document, error) {
	deadline := time.Now().Add(timeout)
	for {
		docs, err := latestDocuments(ctx, st)
		if err != nil {
			return nil, err
		}
		done := true
		for _, f := range files {
			if d, ok := docs[f.Bucket+"/"+f.Key]; !ok || !settled(d) {
				done = false
			}
		}
		if done || time.Now().After(deadline) {
			return docs, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case err := <-runErr:
			if err == nil {
				err = errors.New("the pipeline stopped")
			}
			return nil, err
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// latestDocuments maps bucket/key to the newest document of that object.
func latestDocuments(ctx context.Context, st labrelay.Store) (map[string]labrelay.Document, error) {
	all, err := st.Documents(ctx, labrelay.DocumentQuery{})
	if err != nil {
		return nil, err
	}
	out := map[string]labrelay.Document{}
	for _, d := range all {
		out[d.Source.Bucket+"/"+d.Source.Key] = d
	}
	return out, nil
}

func printSummary(w io.Writer, files []*demoFile, docs map[string]labrelay.Document, sim *dspsim.Server) {
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "OBJECT\tPATH\tFIELDS\tOUTCOME\tDROP→PUBLISH")
	counts := map[string]int{}
	sort.Slice(files, func(i, j int) bool { return files[i].Bucket+files[i].Key < files[j].Bucket+files[j].Key })
	held := map[string]string{}
	for _, rep := range sim.Reports() {
		held[rep.IdempotencyKey] = rep.ID
	}
	for _, f := range files {
		d, ok := docs[f.Bucket+"/"+f.Key]
		row := demoRow(f, d, ok, held)
		counts[row.kind]++
		fmt.Fprintf(tw, "s3://%s/%s\t%s\t%s\t%s\t%s\n", f.Bucket, f.Key, row.path, row.fields, row.outcome, row.latency)
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%d published, %d for review, %d failed, %d exceptions, %d pending\n",
		counts["published"], counts["review"], counts["failed"], counts["exception"], counts["pending"])
}

type summaryRow struct {
	kind, path, fields, outcome, latency string
}

func demoRow(f *demoFile, d labrelay.Document, found bool, held map[string]string) summaryRow {
	r := summaryRow{kind: "pending", path: "-", fields: "-", outcome: "not found yet", latency: "-"}
	if !found {
		return r
	}
	if d.Extraction != nil {
		r.path = d.Extraction.Path
		r.fields = fmt.Sprint(len(d.Extraction.Fields.Present()))
	}
	switch d.State {
	case labrelay.StatePublished:
		r.kind = "published"
		r.outcome = "published"
		if id, ok := held[d.IdempotencyKey]; ok {
			r.outcome += " as " + id
		} else {
			r.outcome += " (earlier run)"
		}
		from := d.DiscoveredAt
		if !f.Dropped.IsZero() {
			from = f.Dropped
		}
		r.latency = d.PublishedAt.Sub(from).Round(time.Millisecond).String()
	case labrelay.StateNeedsReview:
		r.kind = "review"
		reason := ""
		if d.Extraction != nil && len(d.Extraction.Review.Reasons) > 0 {
			reason = ": " + d.Extraction.Review.Reasons[0]
		}
		r.outcome = "needs review" + reason
	case labrelay.StateFailed:
		r.kind = "failed"
		r.outcome = "failed: " + d.Reason
	case labrelay.StateException:
		r.kind = "exception"
		r.outcome = "exception: " + d.Reason
	default:
		r.outcome = string(d.State)
	}
	if len(r.outcome) > 90 {
		r.outcome = r.outcome[:87] + "..."
	}
	return r
}

func printHowTo(w io.Writer, s3Endpoint, example string, buckets []string, relayURL, dspURL, dir string) {
	fmt.Fprintf(w, `
labrelay keeps running. Drop more reports with any S3 client:
  endpoint    %s   (path-style, region us-east-1)
  buckets     %s
  access key  %s
  secret key  %s
  e.g.        AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s \
                aws --endpoint-url %s s3 cp report.xml s3://%s/

  review UI   %s/review/   (user reviewer; password in %s/reviewer-password.txt)
  metrics     %s/metrics
  health      %s/readyz
  DSP records %s/demo/dsp-reports   (the simulator's own API: %s/v1/inspection-reports, bearer token from /oauth/token, client %s)
  files       %s (database, keys, jwks.json, labrelay.log)

Each new report is printed below when it settles. Ctrl-C stops.
`, s3Endpoint, strings.Join(buckets, ", "), demoAccessKey, demoSecretKey, demoAccessKey, demoSecretKey, s3Endpoint, example,
		relayURL, dir, relayURL, relayURL, relayURL, dspURL, demoClientID, dir)
}

// watchDemo prints each document that settles after the summary.
func watchDemo(ctx context.Context, w io.Writer, st labrelay.Store, seen map[string]labrelay.Document) {
	shown := map[int64]bool{}
	for _, d := range seen {
		if settled(d) {
			shown[d.ID] = true
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
		}
		docs, err := st.Documents(ctx, labrelay.DocumentQuery{})
		if err != nil {
			continue
		}
		for _, d := range docs {
			if shown[d.ID] || !settled(d) {
				continue
			}
			shown[d.ID] = true
			row := demoRow(&demoFile{Bucket: d.Source.Bucket, Key: d.Source.Key}, d, true, nil)
			if d.State == labrelay.StatePublished {
				row.outcome = "published"
			}
			fmt.Fprintf(w, "%s  s3://%s/%s  %s  fields=%s  %s  %s\n", time.Now().Format("15:04:05"),
				d.Source.Bucket, path.Clean(d.Source.Key), row.path, row.fields, row.outcome, row.latency)
		}
	}
}
