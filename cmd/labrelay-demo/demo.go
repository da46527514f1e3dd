package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/labrelay/labrelay/demo"
	"github.com/labrelay/labrelay/dspsim"
	"github.com/labrelay/labrelay/ingest"
	"github.com/labrelay/labrelay/s3server"
	"github.com/labrelay/labrelay/sqlite"
)

// Demo credentials: everything listens on loopback only.
const (
	accessKey    = "labrelay-demo"
	secretKey    = "labrelay-demo-secret"
	clientID     = "labrelay-demo"
	clientSecret = "labrelay-demo-dsp-secret"
	callbackKey  = "labrelay-demo-callback-secret-32-bytes+"
	webhookPath  = "/ingest/s3-events"
	callbackPath = "/callbacks/dsp"
	region       = "us-east-1"
)

func runDemo(ctx context.Context, o options, stdout, stderr io.Writer) error {
	e, err := prepare(o, stdout, stderr)
	if err != nil {
		return err
	}
	defer e.logFile.Close()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sim, stopDSP, err := e.startDSP()
	if err != nil {
		return err
	}
	defer stopDSP()
	if e.relayAddr, err = freeAddr(o.HTTP, "--http"); err != nil {
		return fmt.Errorf("labrelay: %w", err)
	}
	if e.s3Addr, err = freeAddr(o.S3, "--s3"); err != nil {
		return fmt.Errorf("s3 server: %w", err)
	}
	relay, err := e.startRelay(ctx)
	if err != nil {
		return err
	}
	defer relay.stop()
	fmt.Fprintln(stdout, "plain HTTP on this machine: review cookies are not Secure (review.secure_cookies: false); keep them Secure behind TLS")
	sim.CallbackURL = e.relayURL() + callbackPath
	s3srv, err := s3server.Start(ctx, s3server.Options{Dir: filepath.Join(e.dir, "s3"), Addr: e.s3Addr,
		AccessKey: accessKey, SecretKey: secretKey, Region: region, WebhookURL: e.relayURL() + webhookPath + "?token=" + e.hookToken})
	if err != nil {
		return err
	}
	defer stopS3(cancel, s3srv)
	files, err := e.seed(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "seeded %d sample reports into %d buckets; processing (log: %s)\n", len(files), len(demo.Buckets), e.logFile.Name())
	st := sqlite.New(e.dbPath())
	if err := st.Open(ctx); err != nil {
		return err
	}
	defer st.Close()
	docs, err := demo.Wait(ctx, st, files, o.Timeout, relay.exited)
	if err != nil {
		return err
	}
	demo.Summary(stdout, files, docs, held(sim))
	fmt.Fprintf(stdout, "review UI   %s/review/   (user %s, password %s)\n", e.relayURL(), demo.ReviewerName, e.password)
	if o.Once {
		return relay.stop()
	}
	e.printHowTo(stdout)
	go demo.Watch(ctx, stdout, st, docs)
	select {
	case err := <-relay.exited:
		return fmt.Errorf("labrelay run stopped: %v", err)
	case <-ctx.Done():
		return relay.stop()
	}
}

// seed puts the samples that are not in the buckets yet.
func (e *env) seed(ctx context.Context) ([]*demo.File, error) {
	c, err := ingest.NewS3Client(ctx, ingest.ClientConfig{Endpoint: e.s3Endpoint(), Region: region, PathStyle: true,
		AccessKey: accessKey, SecretKey: secretKey})
	if err != nil {
		return nil, err
	}
	files, err := demo.Samples(e.samples, demo.Buckets)
	if err != nil {
		return nil, err
	}
	return files, demo.Seed(ctx, c, demo.Buckets, files)
}

// stopS3 stops the S3 server. It waits up to 10 s for clients' idle
// keep-alive connections when it stops; its files are written already, so
// give it a moment and go.
func stopS3(cancel context.CancelFunc, s *s3server.Server) {
	cancel()
	select {
	case <-s.Done():
	case <-time.After(time.Second):
	}
}

// held maps the idempotency key of each report the simulator holds to its
// DSP id: what this run published.
func held(sim *dspsim.Server) map[string]string {
	out := map[string]string{}
	for _, r := range sim.Reports() {
		out[r.IdempotencyKey] = r.ID
	}
	return out
}

func (e *env) printHowTo(w io.Writer) {
	var buckets []string
	for _, b := range demo.Buckets {
		buckets = append(buckets, b.Name)
	}
	fmt.Fprintf(w, `
labrelay keeps running. Drop more reports with any S3 client:
  endpoint    %s   (path-style, region %s)
  buckets     %s
  access key  %s
  secret key  %s
  e.g.        AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s \
                aws --endpoint-url %s s3 cp report.xml s3://%s/

  review UI   %s/review/   (user %s; password in %s)
  metrics     %s/metrics
  health      %s/readyz
  DSP records %s/demo/dsp-reports   (the simulator's own API: %s/v1/inspection-reports, bearer token from /oauth/token, client %s)
  files       %s (database, keys, labrelay.yaml, jwks.json, labrelay.log)

Each new report is printed below when it settles. Ctrl-C stops.
`, e.s3Endpoint(), region, strings.Join(buckets, ", "), accessKey, secretKey, accessKey, secretKey, e.s3Endpoint(), buckets[0],
		e.relayURL(), demo.ReviewerName, filepath.Join(e.dir, "reviewer-password.txt"), e.relayURL(), e.relayURL(),
		e.dspURL, e.dspURL, clientID, e.dir)
}
