package pipeline_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/dspsim"
	"github.com/labrelay/labrelay/extract"
	"github.com/labrelay/labrelay/fixtures"
	"github.com/labrelay/labrelay/ingest"
	"github.com/labrelay/labrelay/internal/pgtest"
	"github.com/labrelay/labrelay/internal/relaytest"
	"github.com/labrelay/labrelay/internal/s3test"
	"github.com/labrelay/labrelay/pipeline"
	"github.com/labrelay/labrelay/publish"
	"github.com/labrelay/labrelay/sign"
	"github.com/prometheus/client_golang/prometheus"
)

func TestMain(m *testing.M) {
	if s3test.IsChild() {
		s3test.Main(m)
	}
	os.Exit(pgtest.Main(m))
}

const bucket = "reports"

// dsp is a dspsim on loopback that also keeps every body it was sent, so
// tests can check the signatures themselves.
type dsp struct {
	Sim  *dspsim.Server
	URL  string
	Keys *jose.JSONWebKeySet

	mu     sync.Mutex
	bodies map[string][]byte // idempotency key → last JWS posted
}

func startDSP(tb testing.TB, signer sign.Signer) *dsp {
	tb.Helper()
	ks, err := sign.KeySet(signer.Public())
	if err != nil {
		tb.Fatal(err)
	}
	d := &dsp{Keys: ks, bodies: map[string][]byte{}}
	d.Sim = dspsim.NewServer(relaytest.ClientID, relaytest.ClientSecret, *ks)
	d.Sim.Seed = 7
	h := d.Sim.Handler()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == publish.ReportsPath {
			body, _ := io.ReadAll(r.Body)
			d.mu.Lock()
			d.bodies[r.Header.Get("Idempotency-Key")] = body
			d.mu.Unlock()
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		h.ServeHTTP(w, r)
	}))
	tb.Cleanup(srv.Close)
	d.URL = srv.URL
	return d
}

func (d *dsp) body(key string) []byte {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.bodies[key]
}

func (d *dsp) client() *publish.Client { return relaytest.Client(d.URL) }

// rig is one S3 server, one DSP and the parts of a pipeline.
type rig struct {
	S3     *s3test.Env
	DSP    *dsp
	Signer sign.Signer
	Source ingest.Source
}

func newRig(tb testing.TB, opts ...s3test.Option) *rig {
	tb.Helper()
	env := s3test.Start(tb, opts...)
	env.MustBucket(tb, bucket)
	s := relaytest.MustSigner(tb)
	return &rig{
		S3:     env,
		DSP:    startDSP(tb, s),
		Signer: s,
		Source: ingest.Source{Name: "lab", Bucket: bucket, Prefix: "in/", Lab: "SGS"},
	}
}

// poller sweeps the rig's bucket every 200 ms.
func (r *rig) poller(st labrelay.Store) *ingest.Poller {
	return &ingest.Poller{Client: r.S3.Client, Sources: []ingest.Source{r.Source}, Cursors: st, Interval: 200 * time.Millisecond}
}

// pipeline returns a pipeline on st with short intervals for tests,
// watching with watchers (by default a Poller).
func (r *rig) pipeline(tb testing.TB, st labrelay.Store, worker string, reg prometheus.Registerer, watchers ...ingest.Watcher) *pipeline.Pipeline {
	tb.Helper()
	if len(watchers) == 0 {
		watchers = []ingest.Watcher{r.poller(st)}
	}
	return &pipeline.Pipeline{
		Store:          st,
		Fetcher:        &ingest.Fetcher{Client: r.S3.Client},
		Extractor:      &extract.Extractor{Version: "test"},
		Profile:        &publish.RecordProfile{Signer: r.Signer},
		Publisher:      r.DSP.client(),
		Retry:          publish.Policy{Base: 50 * time.Millisecond, Max: time.Second},
		Watchers:       watchers,
		Worker:         worker,
		LeaseTTL:       3 * time.Second,
		ExtractTimeout: 5 * time.Second,
		PollInterval:   100 * time.Millisecond,
		ShutdownGrace:  5 * time.Second,
		Metrics:        pipeline.NewMetrics(reg, st),
		Logger:         relaytest.Logger(tb),
	}
}

// start runs p until the test ends; stop waits for it.
func start(tb testing.TB, p *pipeline.Pipeline) (stop func()) {
	tb.Helper()
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

// nativeFiles returns the project's native sample reports as files under
// the rig's prefix.
func nativeFiles(tb testing.TB) []file {
	tb.Helper()
	var out []file
	for _, path := range fixtures.NativeFiles(tb) {
		data, err := os.ReadFile(path)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, file{Key: "in/" + filepath.Base(path), Data: data})
	}
	return out
}

// generated returns n distinct native reports (fixtures.Native over
// successive seeds).
func generated(n int) []file {
	var out []file
	for seed := uint64(1); len(out) < n; seed++ {
		for _, s := range fixtures.Native(seed) {
			if len(out) == n {
				break
			}
			out = append(out, file{Key: "in/gen/" + s.Name + "-" + hex.EncodeToString([]byte{byte(seed >> 8), byte(seed)}) + "." + s.Ext, Data: s.Data})
		}
	}
	return out
}

func (r *rig) put(tb testing.TB, files ...file) {
	tb.Helper()
	for _, f := range files {
		r.S3.MustPut(tb, bucket, f.Key, f.Data)
	}
}

func sum(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// waitSettled waits until every document is in a terminal or review state
// and n documents exist.
func waitSettled(tb testing.TB, st labrelay.Store, n int, timeout time.Duration) []labrelay.Document {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for {
		docs, err := st.Documents(context.Background(), labrelay.DocumentQuery{})
		if err != nil {
			tb.Fatal(err)
		}
		settled := len(docs) >= n
		for _, d := range docs {
			if !d.State.Terminal() && d.State != labrelay.StateNeedsReview {
				settled = false
			}
		}
		if settled {
			return docs
		}
		if time.Now().After(deadline) {
			states := map[labrelay.State]int{}
			for _, d := range docs {
				states[d.State]++
			}
			tb.Fatalf("not settled after %s: %d documents (want %d), states %v", timeout, len(docs), n, states)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// checkPublishedOnce checks that each file's document is published, that
// the DSP holds it exactly once, and that the JWS it got verifies with the
// JWKS and names the file's SHA-256.
func checkPublishedOnce(tb testing.TB, r *rig, st labrelay.Store, files []file) {
	tb.Helper()
	ctx := context.Background()
	reports := r.DSP.Sim.Reports()
	byKey := map[string]int{}
	for _, rep := range reports {
		byKey[rep.IdempotencyKey]++
	}
	for _, f := range files {
		d, err := st.DocumentBySource(ctx, labrelay.ObjectRef{Bucket: bucket, Key: f.Key, ETag: etag(f.Data)})
		if err != nil {
			tb.Errorf("%s: %v", f.Key, err)
			continue
		}
		if d.State != labrelay.StatePublished {
			tb.Errorf("%s: state %s (%s), want published", f.Key, d.State, d.Reason)
			continue
		}
		if got := byKey[d.IdempotencyKey]; got != 1 {
			tb.Errorf("%s: the DSP holds %d reports under key %s, want 1", f.Key, got, d.IdempotencyKey)
		}
		jws := r.DSP.body(d.IdempotencyKey)
		payload, _, err := sign.Verify(jws, r.DSP.Keys)
		if err != nil {
			tb.Errorf("%s: signature: %v", f.Key, err)
			continue
		}
		p, err := sign.ParsePayload(payload)
		if err != nil {
			tb.Errorf("%s: payload: %v", f.Key, err)
			continue
		}
		if p.Source.SHA256 != sum(f.Data) {
			tb.Errorf("%s: signed source sha256 %s, want %s", f.Key, p.Source.SHA256, sum(f.Data))
		}
		if p.IdempotencyKey != d.IdempotencyKey {
			tb.Errorf("%s: signed idempotency key %s, store has %s", f.Key, p.IdempotencyKey, d.IdempotencyKey)
		}
	}
	if len(reports) != len(byKey) {
		tb.Errorf("the DSP holds %d reports under %d keys", len(reports), len(byKey))
	}
}

// etag is the S3 ETag of a single-part upload: the MD5 of the body.
func etag(data []byte) string { return md5hex(data) }

var errTimeout = errors.New("timeout")

func eventually(tb testing.TB, timeout time.Duration, cond func() bool) error {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			return errTimeout
		}
		time.Sleep(25 * time.Millisecond)
	}
	return nil
}
