package batch_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/dspsim"
	"github.com/labrelay/labrelay/extract"
	"github.com/labrelay/labrelay/extract/native"
	"github.com/labrelay/labrelay/fixtures"
	"github.com/labrelay/labrelay/ingest"
	"github.com/labrelay/labrelay/internal/pgtest"
	"github.com/labrelay/labrelay/internal/relaytest"
	"github.com/labrelay/labrelay/internal/s3test"
	"github.com/labrelay/labrelay/pipeline"
	"github.com/labrelay/labrelay/publish"
	"github.com/labrelay/labrelay/sign"
)

func TestMain(m *testing.M) {
	if s3test.IsChild() {
		s3test.Main(m)
	}
	os.Exit(pgtest.Main(m))
}

const bucket = "reports"

func mustPostgres(tb testing.TB) labrelay.Store { return relaytest.MustPostgres(tb)() }

// stores are the two Store implementations every case runs against.
var stores = []struct {
	name string
	open func(testing.TB) labrelay.Store
}{
	{"sqlite", relaytest.MustSQLite},
	{"postgres", mustPostgres},
}

// rig is one S3 server, one dspsim on loopback and a signer.
type rig struct {
	S3     *s3test.Env
	Sim    *dspsim.Server
	URL    string
	Signer sign.Signer
	Source ingest.Source
}

func newRig(tb testing.TB) *rig {
	tb.Helper()
	env := s3test.Start(tb)
	env.MustBucket(tb, bucket)
	s := relaytest.MustSigner(tb)
	ks, err := sign.KeySet(s.Public())
	if err != nil {
		tb.Fatal(err)
	}
	sim := dspsim.NewServer(relaytest.ClientID, relaytest.ClientSecret, *ks)
	srv := httptest.NewServer(sim.Handler())
	tb.Cleanup(srv.Close)
	return &rig{S3: env, Sim: sim, URL: srv.URL, Signer: s,
		Source: ingest.Source{Name: "lab", Bucket: bucket, Prefix: "in/", Lab: "SGS"}}
}

func (r *rig) client() *publish.Client { return relaytest.Client(r.URL) }

// sender is the publication path batch shares with the pipeline.
func (r *rig) sender(st labrelay.Store) *pipeline.Pipeline {
	return &pipeline.Pipeline{Store: st, Publisher: r.client(),
		Retry: publish.Policy{Base: 10 * time.Millisecond, Max: 50 * time.Millisecond}, LeaseTTL: 3 * time.Second}
}

// pipeline returns a pipeline with short intervals, watching the rig's
// source with a Poller (objects put while it is stopped wait for batch).
func (r *rig) pipeline(tb testing.TB, st labrelay.Store, x pipeline.Extractor) *pipeline.Pipeline {
	return &pipeline.Pipeline{
		Store:          st,
		Fetcher:        &ingest.Fetcher{Client: r.S3.Client},
		Extractor:      x,
		Profile:        &publish.RecordProfile{Signer: r.Signer},
		Publisher:      r.client(),
		Retry:          publish.Policy{Base: 50 * time.Millisecond, Max: 200 * time.Millisecond},
		Watchers:       []ingest.Watcher{&ingest.Poller{Client: r.S3.Client, Sources: []ingest.Source{r.Source}, Interval: 100 * time.Millisecond}},
		Worker:         "pipeline-test",
		LeaseTTL:       3 * time.Second,
		ExtractTimeout: 5 * time.Second,
		PollInterval:   50 * time.Millisecond,
		ShutdownGrace:  5 * time.Second,
		Logger:         relaytest.Logger(tb),
	}
}

// run runs p until stop is called (or the test ends).
func run(tb testing.TB, p *pipeline.Pipeline) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				tb.Errorf("pipeline: %v", err)
			}
		})
	}
	tb.Cleanup(stop)
	return stop
}

type file struct {
	Key  string
	Data []byte
}

// generated returns n distinct native reports.
func generated(n int) []file {
	var out []file
	for seed := uint64(1); len(out) < n; seed++ {
		for _, s := range fixtures.Native(seed) {
			if len(out) == n {
				break
			}
			out = append(out, file{Key: "in/" + s.Name + "-" + hex.EncodeToString([]byte{byte(seed >> 8), byte(seed)}) + "." + s.Ext, Data: s.Data})
		}
	}
	return out
}

func etag(data []byte) string {
	s := md5.Sum(data)
	return hex.EncodeToString(s[:])
}

func (r *rig) put(tb testing.TB, files ...file) {
	tb.Helper()
	for _, f := range files {
		r.S3.MustPut(tb, bucket, f.Key, f.Data)
	}
}

func docOf(tb testing.TB, st labrelay.Store, f file) labrelay.Document {
	tb.Helper()
	d, err := st.DocumentBySource(context.Background(), labrelay.ObjectRef{Bucket: bucket, Key: f.Key, ETag: etag(f.Data)})
	if err != nil {
		tb.Fatalf("%s: %v", f.Key, err)
	}
	return d
}

// waitFor polls cond until it holds or timeout passes.
func waitFor(tb testing.TB, timeout time.Duration, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// settled reports whether n documents exist and each is terminal or in
// review.
func settled(tb testing.TB, st labrelay.Store, n int) bool {
	docs, err := st.Documents(context.Background(), labrelay.DocumentQuery{})
	if err != nil {
		tb.Fatal(err)
	}
	if len(docs) < n {
		return false
	}
	for _, d := range docs {
		if !d.State.Terminal() && d.State != labrelay.StateNeedsReview {
			return false
		}
	}
	return true
}

// currentExtractor is the extractor of the "new" rules and its versions.
func currentExtractor() (*extract.Extractor, map[string]string) {
	set := native.DefaultSet()
	versions := map[string]string{}
	for _, m := range set.Mappings {
		v := m.Name
		if m.Version != "" {
			v = m.Name + "@" + m.Version
		}
		versions[m.Name] = v
	}
	return &extract.Extractor{Native: set, Version: "test"}, versions
}

// oldRules wraps the current extractor as the "old" rule set did: the
// listed keys get an older RulesVersion, and those in changed also a
// different product name (the old rules read it differently).
type oldRules struct {
	x       pipeline.Extractor
	old     map[string]bool
	changed map[string]bool
}

func (o *oldRules) Extract(ctx context.Context, name string, data []byte) (*labrelay.Extraction, error) {
	e, err := o.x.Extract(ctx, name, data)
	if err != nil || !o.old[name] {
		return e, err
	}
	e.RulesVersion = e.RulePack + "@0-old"
	if o.changed[name] {
		e.Fields.ProductName = "OLD " + e.Fields.ProductName
	}
	return e, nil
}
