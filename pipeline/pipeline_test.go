package pipeline_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/dspsim"
	"github.com/labrelay/labrelay/ingest"
	"github.com/labrelay/labrelay/internal/relaytest"
	"github.com/labrelay/labrelay/internal/s3test"
	"github.com/labrelay/labrelay/pipeline"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

func md5hex(b []byte) string {
	s := md5.Sum(b)
	return hex.EncodeToString(s[:])
}

// badFiles are inputs that must fail with a reason while the rest go on.
func badFiles() []file {
	return []file{
		{Key: "in/empty.xml", Data: nil},
		{Key: "in/xxe.xml", Data: []byte(`<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<sgs:TestReport xmlns:sgs="urn:sgs:report:2"><sgs:Header><sgs:ReportNo>&x;</sgs:ReportNo></sgs:Header></sgs:TestReport>`)},
		{Key: "in/corrupt.pdf", Data: []byte("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nstream\x00\xff\xfe garbage endobj\n%%EOF")},
		{Key: "in/notes.json", Data: []byte(`{"hello": "not a lab report"}`)},
	}
}

func checkFailed(tb testing.TB, st labrelay.Store, files []file) {
	tb.Helper()
	for _, f := range files {
		d, err := st.DocumentBySource(context.Background(), labrelay.ObjectRef{Bucket: bucket, Key: f.Key, ETag: etag(f.Data)})
		if err != nil {
			tb.Errorf("%s: %v", f.Key, err)
			continue
		}
		if d.State != labrelay.StateFailed || d.Reason == "" {
			tb.Errorf("%s: state %s, reason %q; want failed with a reason", f.Key, d.State, d.Reason)
			continue
		}
		tb.Logf("%s: failed: %s", f.Key, d.Reason)
	}
}

// TestEndToEndSQLite: native reports dropped into a bucket are published
// exactly once with valid signatures; bad files fail with their reason
// while the good ones around them publish; a copy of a report under another
// key is a duplicate and is not published again.
func TestEndToEndSQLite(t *testing.T) {
	r := newRig(t)
	st := relaytest.MustSQLite(t)
	good := nativeFiles(t)
	bad := badFiles()
	dup := file{Key: "in/copy-of-first.xml", Data: good[0].Data}
	start(t, r.pipeline(t, st, "w1", nil))

	r.put(t, good[:3]...)
	r.put(t, bad...)
	r.put(t, good[3:]...)
	waitSettled(t, st, len(good)+len(bad), 30*time.Second)
	r.put(t, dup)
	docs := waitSettled(t, st, len(good)+len(bad)+1, 30*time.Second)

	checkPublishedOnce(t, r, st, good)
	checkFailed(t, st, bad)
	if got := len(r.DSP.Sim.Reports()); got != len(good) {
		t.Errorf("the DSP holds %d reports, want %d", got, len(good))
	}
	var found bool
	for _, d := range docs {
		if d.Source.Key == dup.Key {
			found = true
			if d.DuplicateOf == 0 || d.State != labrelay.StateFailed {
				t.Errorf("copy: state %s, duplicate_of %d; want failed duplicate", d.State, d.DuplicateOf)
			}
		}
	}
	if !found {
		t.Errorf("copy %s was not discovered", dup.Key)
	}
}

// TestWebhook: with no list sweep at all, S3 event notifications alone
// bring the reports in.
func TestWebhook(t *testing.T) {
	wh := &ingest.Webhook{RawKeys: true}
	recv := httptest.NewServer(wh)
	t.Cleanup(recv.Close)
	r := newRig(t, s3test.WithWebhook(recv.URL))
	wh.Sources = []ingest.Source{r.Source}
	wh.Clients = map[string]ingest.S3API{r.Source.Bucket: r.S3.Client}
	st := relaytest.MustSQLite(t)
	reg := prometheus.NewRegistry()
	start(t, r.pipeline(t, st, "w1", reg, wh))

	good := nativeFiles(t)
	r.put(t, good...)
	waitSettled(t, st, len(good), 30*time.Second)
	checkPublishedOnce(t, r, st, good)
	m := scrape(t, reg)
	if got := m.get("labrelay_pipeline_discovered_total", "via", "webhook", "outcome", "new"); got != float64(len(good)) {
		t.Errorf("discovered via webhook = %v, want %d", got, len(good))
	}
}

// TestPostgresTwoWorkers: the same end-to-end run against PostgreSQL, with
// two pipelines (two connection pools, as two processes would have)
// sharing the database and the bucket.
func TestPostgresTwoWorkers(t *testing.T) {
	open := relaytest.MustPostgres(t)
	r := newRig(t)
	st1, st2 := open(), open()
	reg1, reg2 := prometheus.NewRegistry(), prometheus.NewRegistry()
	start(t, r.pipeline(t, st1, "w1", reg1))
	start(t, r.pipeline(t, st2, "w2", reg2))

	good := append(nativeFiles(t), generated(36)...)
	bad := badFiles()
	r.put(t, good[:20]...)
	r.put(t, bad...)
	r.put(t, good[20:]...)
	waitSettled(t, st1, len(good)+len(bad), 60*time.Second)
	checkPublishedOnce(t, r, st1, good)
	checkFailed(t, st1, bad)
	if got := len(r.DSP.Sim.Reports()); got != len(good) {
		t.Errorf("the DSP holds %d reports, want %d", got, len(good))
	}
	p1 := scrape(t, reg1).get("labrelay_pipeline_documents_total", "stage", "publish", "outcome", "published")
	p2 := scrape(t, reg2).get("labrelay_pipeline_documents_total", "stage", "publish", "outcome", "published")
	t.Logf("published by w1: %v, by w2: %v", p1, p2)
	if p1+p2 != float64(len(good)) {
		t.Errorf("published %v + %v, want %d in all", p1, p2, len(good))
	}
}

// TestPublishFaults: while the DSP answers half the submissions 500,
// starts 429 bursts with Retry-After and drops connections after storing
// the record, everything is still delivered exactly once once it calms
// down; a rejection rule sends the matching reports to the exceptions
// list with the DSP's reason.
func TestPublishFaults(t *testing.T) {
	r := newRig(t)
	st := relaytest.MustSQLite(t)
	reg := prometheus.NewRegistry()
	const rejected = `^\(7226\)` // three of the BV samples
	if err := r.DSP.Sim.SetFaults(dspsim.Faults{
		ErrorRate: 0.5, RateLimitRate: 0.2, RateLimitBurst: 3, RetryAfter: dspsim.Duration(time.Second),
		DropRate: 0.1, DropAfterCommit: true, RejectReportNumber: rejected,
	}); err != nil {
		t.Fatal(err)
	}
	start(t, r.pipeline(t, st, "w1", reg))
	files := append(nativeFiles(t), generated(24)...)
	r.put(t, files...)
	time.Sleep(3 * time.Second)
	if err := r.DSP.Sim.SetFaults(dspsim.Faults{RejectReportNumber: rejected}); err != nil {
		t.Fatal(err)
	}
	docs := waitSettled(t, st, len(files), 60*time.Second)

	re := regexp.MustCompile(rejected)
	var good []file
	byKey := map[string]labrelay.Document{}
	for _, d := range docs {
		byKey[d.Source.Key] = d
	}
	exceptions := 0
	for _, f := range files {
		d := byKey[f.Key]
		if d.Extraction != nil && re.MatchString(d.Extraction.Fields.ReportNumber) {
			exceptions++
			if d.State != labrelay.StateException || !strings.Contains(d.Reason, "rejection rule") {
				t.Errorf("%s (%s): state %s, reason %q; want exception naming the rejection rule", f.Key, d.Extraction.Fields.ReportNumber, d.State, d.Reason)
			}
			continue
		}
		good = append(good, f)
	}
	if exceptions == 0 {
		t.Fatal("no report matched the rejection rule: the test proves nothing")
	}
	checkPublishedOnce(t, r, st, good)
	m := scrape(t, reg)
	retries := m.get("labrelay_pipeline_publish_retries_total")
	if retries == 0 {
		t.Error("no publication was retried: the faults were not exercised")
	}
	if got := m.get("labrelay_pipeline_exceptions_total", "stage", "publish"); got != float64(exceptions) {
		t.Errorf("exceptions metric = %v, want %d", got, exceptions)
	}
	t.Logf("%d published, %d exceptions, %v retries", len(good), exceptions, retries)
}

// TestMetricsAgreeWithStore: after a run, the counters and the state
// gauges served on /metrics agree with the store.
func TestMetricsAgreeWithStore(t *testing.T) {
	r := newRig(t)
	st := relaytest.MustSQLite(t)
	reg := prometheus.NewRegistry()
	start(t, r.pipeline(t, st, "w1", reg))
	good, bad := nativeFiles(t), badFiles()
	r.put(t, append(good, bad...)...)
	docs := waitSettled(t, st, len(good)+len(bad), 30*time.Second)
	states := map[labrelay.State]int{}
	for _, d := range docs {
		states[d.State]++
	}
	// A worker counts its outcome just after the store has it, so the
	// counters may lag the store by a moment: scrape until they agree.
	var problems []string
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		problems = metricsVsStore(scrape(t, reg), states, len(good))
		if len(problems) == 0 || time.Now().After(deadline) {
			break
		}
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// metricsVsStore lists where the scraped metrics disagree with the store.
func metricsVsStore(m metrics, states map[labrelay.State]int, good int) []string {
	var out []string
	for _, s := range []labrelay.State{labrelay.StatePublished, labrelay.StateFailed, labrelay.StateNeedsReview, labrelay.StateSigned} {
		if got := m.get("labrelay_pipeline_documents", "state", string(s)); got != float64(states[s]) {
			out = append(out, fmt.Sprintf("documents{state=%s} = %v, store has %d", s, got, states[s]))
		}
	}
	if got := m.get("labrelay_pipeline_documents_total", "stage", "publish", "outcome", "published"); got != float64(states[labrelay.StatePublished]) {
		out = append(out, fmt.Sprintf("published counter = %v, store has %d", got, states[labrelay.StatePublished]))
	}
	failed := m.get("labrelay_pipeline_documents_total", "stage", "extract", "outcome", "failed") +
		m.get("labrelay_pipeline_documents_total", "stage", "fetch", "outcome", "failed")
	if failed != float64(states[labrelay.StateFailed]) {
		out = append(out, fmt.Sprintf("failed counters = %v, store has %d", failed, states[labrelay.StateFailed]))
	}
	native := m.get("labrelay_pipeline_extractions_total", "path", "native_xml", "outcome", "accepted") +
		m.get("labrelay_pipeline_extractions_total", "path", "native_json", "outcome", "accepted")
	if native != float64(good) {
		out = append(out, fmt.Sprintf("native extractions = %v, want %d", native, good))
	}
	if got := m.get("labrelay_pipeline_discovered_to_published_seconds_count"); got != float64(good) {
		out = append(out, fmt.Sprintf("latency observations = %v, want %d", got, good))
	}
	if got := m.get("labrelay_pipeline_review_backlog"); got != float64(states[labrelay.StateNeedsReview]) {
		out = append(out, fmt.Sprintf("review backlog = %v, store has %d", got, states[labrelay.StateNeedsReview]))
	}
	return out
}

// slowExtractor waits before extracting, and says when it started.
type slowExtractor struct {
	pipeline.Extractor
	delay   time.Duration
	started chan string
}

func (s *slowExtractor) Extract(ctx context.Context, name string, data []byte) (*labrelay.Extraction, error) {
	if s.started != nil {
		select {
		case s.started <- name:
		default:
		}
	}
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-time.After(s.delay):
	}
	return s.Extractor.Extract(ctx, name, data)
}

// TestHeartbeat: an extraction three times longer than the lease keeps
// its lease (extended while it runs) and completes: the extract stage is
// leased once.
func TestHeartbeat(t *testing.T) {
	r := newRig(t)
	st := relaytest.MustSQLite(t)
	p := r.pipeline(t, st, "w1", nil)
	p.LeaseTTL = 600 * time.Millisecond
	p.Extractor = &slowExtractor{Extractor: p.Extractor, delay: 1800 * time.Millisecond}
	start(t, p)
	f := nativeFiles(t)[:1]
	r.put(t, f...)
	docs := waitSettled(t, st, 1, 30*time.Second)
	if d := docs[0]; d.State != labrelay.StatePublished || d.Attempts != 3 {
		t.Errorf("state %s after %d leases; want published after 3 (fetch, extract, sign)", d.State, d.Attempts)
	}
}

// TestShutdownReleases: on shutdown, work still running after the grace
// period is cancelled and its lease released, so another worker takes it
// at once rather than after the lease expires.
func TestShutdownReleases(t *testing.T) {
	r := newRig(t)
	st := relaytest.MustSQLite(t)
	a := r.pipeline(t, st, "a", nil)
	started := make(chan string, 1)
	a.Extractor = &slowExtractor{Extractor: a.Extractor, delay: time.Minute, started: started}
	a.LeaseTTL = time.Minute
	a.ShutdownGrace = 200 * time.Millisecond
	stopA := start(t, a)
	r.put(t, nativeFiles(t)[:1]...)
	select {
	case <-started:
	case <-time.After(20 * time.Second):
		t.Fatal("extraction did not start")
	}
	t0 := time.Now()
	stopA()
	if d := time.Since(t0); d > 5*time.Second {
		t.Errorf("shutdown took %s", d)
	}
	b := r.pipeline(t, st, "b", nil)
	start(t, b)
	docs := waitSettled(t, st, 1, 10*time.Second) // far less than a's one-minute lease
	if docs[0].State != labrelay.StatePublished {
		t.Errorf("state %s, want published", docs[0].State)
	}
}

// panicky panics on one file.
type panicky struct{ pipeline.Extractor }

func (p panicky) Extract(ctx context.Context, name string, data []byte) (*labrelay.Extraction, error) {
	if strings.Contains(name, "sgs-rohs") {
		panic("reader bug")
	}
	return p.Extractor.Extract(ctx, name, data)
}

// TestExtractorPanic: a panicking extractor fails that document with a
// reason; the worker goes on with the others.
func TestExtractorPanic(t *testing.T) {
	r := newRig(t)
	st := relaytest.MustSQLite(t)
	p := r.pipeline(t, st, "w1", nil)
	p.Extractor = panicky{p.Extractor}
	start(t, p)
	files := nativeFiles(t)
	r.put(t, files...)
	docs := waitSettled(t, st, len(files), 30*time.Second)
	var good []file
	for _, f := range files {
		if !strings.Contains(f.Key, "sgs-rohs") {
			good = append(good, f)
		}
	}
	if len(good) == len(files) {
		t.Fatal("no sample matched sgs-rohs: the test proves nothing")
	}
	for _, d := range docs {
		if strings.Contains(d.Source.Key, "sgs-rohs") && (d.State != labrelay.StateFailed || !strings.Contains(d.Reason, "panicked")) {
			t.Errorf("%s: state %s, reason %q; want failed, extractor panicked", d.Source.Key, d.State, d.Reason)
		}
	}
	checkPublishedOnce(t, r, st, good)
}

// metrics is one scrape: series → value.
type metrics map[string]float64

// scrape serves reg over HTTP and reads it as Prometheus would.
func scrape(tb testing.TB, reg *prometheus.Registry) metrics {
	tb.Helper()
	srv := httptest.NewServer(promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	m := metrics{}
	for _, line := range strings.Split(string(body), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			tb.Fatalf("metrics line %q: %v", line, err)
		}
		m[line[:i]] = v
	}
	return m
}

// get sums the series of name whose labels include the given pairs.
func (m metrics) get(name string, labels ...string) float64 {
	var total float64
	for series, v := range m {
		n, rest, _ := strings.Cut(series, "{")
		if n != name {
			continue
		}
		ok := true
		for i := 0; i+1 < len(labels); i += 2 {
			if !strings.Contains(rest, labels[i]+`="`+labels[i+1]+`"`) {
				ok = false
			}
		}
		if ok {
			total += v
		}
	}
	return total
}

// countingExtractor records how many extractions run at once. Each waits,
// up to wait, until want run together: on a loaded machine a fixed delay
// let the first finish before the third started, and the test measured
// the machine, not the bound.
type countingExtractor struct {
	pipeline.Extractor
	want     int
	wait     time.Duration
	mu       sync.Mutex
	cur, max int
	full     chan struct{} // closed once want run at once
}

func (c *countingExtractor) Extract(ctx context.Context, name string, data []byte) (*labrelay.Extraction, error) {
	c.mu.Lock()
	c.cur++
	c.max = max(c.max, c.cur)
	if c.cur >= c.want {
		select {
		case <-c.full:
		default:
			close(c.full)
		}
	}
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.cur--
		c.mu.Unlock()
	}()
	select {
	case <-c.full:
	case <-time.After(c.wait):
	case <-ctx.Done():
	}
	return c.Extractor.Extract(ctx, name, data)
}

// TestBoundedExtraction: no more than ExtractWorkers extractions run at
// once, and that many do.
func TestBoundedExtraction(t *testing.T) {
	r := newRig(t)
	st := relaytest.MustSQLite(t)
	p := r.pipeline(t, st, "w1", nil)
	ce := &countingExtractor{Extractor: p.Extractor, want: 3, wait: 10 * time.Second, full: make(chan struct{})}
	p.Extractor, p.ExtractWorkers = ce, 3
	start(t, p)
	files := nativeFiles(t)
	if len(files) < 3 {
		t.Fatalf("%d native fixtures, want 3 at least", len(files))
	}
	r.put(t, files...)
	waitSettled(t, st, len(files), 60*time.Second)
	checkPublishedOnce(t, r, st, files)
	ce.mu.Lock()
	peak := ce.max
	ce.mu.Unlock()
	if peak != 3 {
		t.Errorf("at most %d extractions at once, want 3", peak)
	}
}

// TestExtractTimeout: an extraction that outlasts ExtractTimeout fails its
// document with a reason; the others go on.
func TestExtractTimeout(t *testing.T) {
	r := newRig(t)
	st := relaytest.MustSQLite(t)
	p := r.pipeline(t, st, "w1", nil)
	// Long enough that a good file is never cut under -race on a busy
	// machine (the first native read compiles the schema: 300 ms was
	// not), short enough to keep the test quick.
	p.ExtractTimeout = 2 * time.Second
	p.Extractor = stuckOn{p.Extractor, "sgs-food"}
	start(t, p)
	files := nativeFiles(t)
	r.put(t, files...)
	docs := waitSettled(t, st, len(files), 30*time.Second)
	var good []file
	for _, f := range files {
		if !strings.Contains(f.Key, "sgs-food") {
			good = append(good, f)
		}
	}
	if len(good) == len(files) {
		t.Fatal("no sample matched sgs-food: the test proves nothing")
	}
	for _, d := range docs {
		if strings.Contains(d.Source.Key, "sgs-food") && (d.State != labrelay.StateFailed || !strings.Contains(d.Reason, "took longer than 2s")) {
			t.Errorf("%s: state %s, reason %q; want failed, took longer", d.Source.Key, d.State, d.Reason)
		}
	}
	checkPublishedOnce(t, r, st, good)
}

// stuckOn never returns (until cancelled) for names containing a string.
type stuckOn struct {
	pipeline.Extractor
	match string
}

func (s stuckOn) Extract(ctx context.Context, name string, data []byte) (*labrelay.Extraction, error) {
	if strings.Contains(name, s.match) {
		<-ctx.Done()
		return nil, ctx.Err()
	}
	return s.Extractor.Extract(ctx, name, data)
}
