package e2e_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/dspsim"
	"github.com/labrelay/labrelay/extract/pdf/difftest"
	"github.com/labrelay/labrelay/fixtures"
	"github.com/labrelay/labrelay/ingest"
	"github.com/labrelay/labrelay/internal/s3test"
	"github.com/labrelay/labrelay/s3server"
	"github.com/labrelay/labrelay/sign"
	"github.com/labrelay/labrelay/sqlite"
)

const bucket = "reports"

// Secrets the run is configured with: none may appear in its logs.
var secrets = map[string]string{
	"E2E_S3_SECRET":   "s3-SECRET-e2e-7Hq",
	"E2E_DSP_SECRET":  "dsp-SECRET-e2e-4Kd",
	"E2E_CB_SECRET":   "cb-SECRET-e2e-9Wm-32-bytes-or-more-Qx",
	"E2E_HOOK_TOKEN":  "hook-SECRET-e2e-2Pz",
	"E2E_S3_ACCESS":   "e2e-access-key",
	"E2E_UNUSED_NOTE": "unused-SECRET-e2e-0Xx", // not referenced by the config
}

// hostile is one file dropped into the bucket and what must become of it.
type hostile struct {
	name  string
	key   string
	data  []byte
	state labrelay.State
	// reasons: the recorded reason must contain one of these (compared
	// without regard to case); empty for documents that do not fail.
	reasons []string
	// also: further states accepted (e.g. needs_review or published for
	// a readable document without a record).
	also []labrelay.State
}

// imageUnsupported is the reason of a build without the OCR path: the
// image cases still fail cleanly, just earlier.
const imageUnsupported = "not supported by this build"

func hostileCases(tb testing.TB, exe []byte) []hostile {
	tb.Helper()
	fixture := mustRead(tb, "../fixtures/testdata/pdf/sgs-rohs-1.pdf")
	huge := make([]byte, 60<<20)
	copy(huge, "%PDF-1.7\n")
	lol := `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<sgsReport><reportNumber>&lol9;</reportNumber></sgsReport>`
	xxe := `<?xml version="1.0"?>
<!DOCTYPE sgsReport [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<sgsReport><reportNumber>&xxe;</reportNumber></sgsReport>`
	failed := labrelay.StateFailed
	return []hostile{
		{name: "zero-byte PDF", key: "in/empty.pdf", data: []byte{}, state: failed, reasons: []string{"empty file"}},
		{name: "truncated PDF", key: "in/truncated.pdf", data: fixture[:len(fixture)*2/5], state: failed, reasons: []string{"damaged", "truncated"}},
		{name: "corrupt PDF (only the header is left)", key: "in/corrupt.pdf", data: corrupted(fixture, 16), state: failed, reasons: []string{"damaged", "corrupt"}},
		// poppler's pdftotext recovers some rows: a person looks at it.
		{name: "damaged PDF (middle 60% garbage)", key: "in/damaged.pdf", data: corrupted(fixture, len(fixture)/5), state: labrelay.StateNeedsReview,
			reasons: []string{"text layer unusable"}},
		// Issue 19: legal tail white space is read as is; a wrong xref
		// offset is repaired, and a repaired file always goes to review.
		{name: "PDF with a Crystal Reports tail (startxref white space)", key: "in/crystal.pdf", data: pdfVariant(tb, fixture, "startxref-white-space"),
			state: labrelay.StatePublished, also: []labrelay.State{labrelay.StateNeedsReview}},
		{name: "PDF with a wrong startxref offset (repaired)", key: "in/badxref.pdf", data: pdfVariant(tb, fixture, "startxref-wrong"),
			state: labrelay.StateNeedsReview, reasons: []string{"repairing the file's cross-reference table"}},
		{name: "encrypted PDF (user password)", key: "in/encrypted.pdf", data: encryptedPDF(tb), state: failed, reasons: []string{"encrypted"}},
		{name: "301-page PDF", key: "in/pages-301.pdf", data: textPDF(tb, 301), state: failed, reasons: []string{"301 pages, more than the 300"}},
		{name: "300-page PDF (at the limit: read, no record)", key: "in/pages-300.pdf", data: textPDF(tb, 300),
			state: labrelay.StateNeedsReview, also: []labrelay.State{labrelay.StatePublished}},
		{name: "60 MB file (limit 50 MB)", key: "in/huge.pdf", data: huge, state: failed, reasons: []string{"62914560 bytes, over the 52428800-byte limit"}},
		{name: "PNG bomb 30000×30000", key: "in/bomb.png", data: pngBomb(tb, 30000, 30000, 64), state: failed,
			reasons: []string{"image too large: 30000×30000 pixels", imageUnsupported}},
		{name: "TIFF 100000×100000", key: "in/bomb.tiff", data: tiffPages(1, 100000, 100000), state: failed,
			reasons: []string{"image too large: 100000×100000 pixels", imageUnsupported}},
		{name: "TIFF of 10,000 pages", key: "in/pages-10000.tiff", data: tiffPages(10000, 1, 1), state: failed,
			reasons: []string{"too many pages", imageUnsupported}},
		{name: "XXE (external entity)", key: "in/xxe.xml", data: []byte(xxe), state: failed, reasons: []string{"DOCTYPE is refused"}},
		{name: "billion laughs", key: "in/lol.xml", data: []byte(lol), state: failed, reasons: []string{"DOCTYPE is refused"}},
		{name: "JSON 100,000 deep", key: "in/deep.json", data: []byte(strings.Repeat("[", 100000) + strings.Repeat("]", 100000)), state: failed,
			reasons: []string{"JSON nests deeper than"}},
		{name: "executable renamed .pdf", key: "in/invoice.pdf", data: exe, state: failed, reasons: []string{"looks like an ELF executable"}},
		{name: "deleted between listing and fetching", key: "in/gone/report.pdf", data: fixture, state: failed,
			reasons: []string{"deleted before it could be read"}},
	}
}

// TestHostileInputs drops the hostile files among good reports into a
// versitygw bucket watched by `labrelay run` (SQLite, dspsim) and checks
// what became of each, the process's peak memory, its logs and its
// health endpoints.
func TestHostileInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: starts an S3 server and labrelay run")
	}
	bin := labrelayBinary(t)
	env := s3test.Start(t, func(o *s3server.Options) {
		o.AccessKey, o.SecretKey = secrets["E2E_S3_ACCESS"], secrets["E2E_S3_SECRET"]
	})
	env.MustBucket(t, bucket)
	dir := t.TempDir()
	keyPath, sim, dspURL := startE2EDSP(t, dir)

	exe, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	all := append(hostileCases(t, exe[:64<<10]), goodCases(t)...)

	// The file deleted between listing and fetching: listed and recorded
	// by a sweep of the real Poller into the store the run will use, then
	// deleted before labrelay starts fetching.
	dbPath := filepath.Join(dir, "labrelay.db")
	for _, c := range all {
		if strings.HasPrefix(c.key, "in/gone/") {
			env.MustPut(t, bucket, c.key, c.data)
			discoverDeleted(t, env, dbPath, c.key)
		}
	}
	cfgPath := writeE2EConfig(t, dir, dbPath, env, keyPath, dspURL)
	for _, c := range all {
		if !strings.HasPrefix(c.key, "in/gone/") {
			env.MustPut(t, bucket, c.key, c.data)
		}
	}

	logPath := filepath.Join(dir, "labrelay.log")
	p := startRun(t, bin, cfgPath, logPath)
	base := p.url(t)
	checkEndpoints(t, base)
	peakHeap := waitAllSettled(t, base, len(all), logPath)
	final := scrape(t, base)
	peakRSS := p.vmHWM(t)
	if err := p.term(t); err != nil {
		t.Errorf("labrelay run did not stop cleanly on SIGTERM: %v", err)
	}

	docs := checkOutcomes(t, dbPath, all)
	checkMetrics(t, final, docs, len(sim.Reports()))
	checkMemory(t, peakRSS, peakHeap)
	checkLogs(t, logPath, all)
}

// startE2EDSP writes a signing key into dir and starts a dspsim that
// trusts it; it returns the key's path, the DSP and its URL.
func startE2EDSP(t *testing.T, dir string) (string, *dspsim.Server, string) {
	key, err := sign.GenerateKey(sign.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	keyPath := filepath.Join(dir, "key.pem")
	if _, err := sign.WriteKey(keyPath, key); err != nil {
		t.Fatal(err)
	}
	ks, err := sign.KeySet(key.Public())
	if err != nil {
		t.Fatal(err)
	}
	sim := dspsim.NewServer("labrelay-e2e", secrets["E2E_DSP_SECRET"], *ks)
	dsp := httptest.NewServer(sim.Handler())
	t.Cleanup(dsp.Close)
	return keyPath, sim, dsp.URL
}

// goodCases are the good reports around the hostile ones: the native
// samples, a text PDF, a scanned page and a native report under a key of
// odd Unicode.
func goodCases(t *testing.T) []hostile {
	var good []hostile
	for _, p := range fixtures.NativeFiles(t) {
		good = append(good, hostile{name: "good: " + filepath.Base(p), key: "in/good/" + filepath.Base(p), data: mustRead(t, p), state: labrelay.StatePublished})
	}
	good = append(good, hostile{name: "good: text PDF", key: "in/good/sgs-rohs-2.pdf", data: mustRead(t, "../fixtures/testdata/pdf/sgs-rohs-2.pdf"),
		state: labrelay.StatePublished, also: []labrelay.State{labrelay.StateNeedsReview}})
	// A scanned page: read by OCR in a build with the OCR path (published
	// or reviewed), refused cleanly in one without.
	good = append(good, hostile{name: "good: scanned page (PNG)", key: "in/good/coc-1-rot180.png", data: mustRead(t, "../fixtures/testdata/scan/coc-1-rot180.png"),
		state: labrelay.StatePublished, also: []labrelay.State{labrelay.StateNeedsReview, labrelay.StateFailed}, reasons: []string{imageUnsupported, "review:"}})
	odd := fixtures.Native(4242)[0]
	good = append(good, hostile{name: "good: key of odd Unicode", key: "in/odd/报告 Ünïcödé\u200b \u202egnp.exe\u202c 🧪 a+b%20c#?&=;.\u0301." + odd.Ext,
		data: odd.Data, state: labrelay.StatePublished})

	return good
}

// writeE2EConfig writes the configuration of `labrelay run` into dir.
func writeE2EConfig(t *testing.T, dir, dbPath string, env *s3test.Env, keyPath, dspURL string) string {
	cfgPath := filepath.Join(dir, "labrelay.yaml")
	cfg := fmt.Sprintf(`
store: {sqlite: %s}
http: {addr: "127.0.0.1:0"}
logging: {format: json, level: debug}
sources:
  - name: lab
    endpoint: %s
    region: %s
    path_style: true
    access_key: ${E2E_S3_ACCESS}
    secret_key: ${E2E_S3_SECRET}
    bucket: %s
    prefix: in/
    lab: SGS
notifications:
  poll_interval: 300ms
  webhook: {path: /ingest/s3-events, token: "${E2E_HOOK_TOKEN}", raw_keys: true}
workers: {name: e2e, fetch: 4, extract: 2, sign: 2, publish: 4, lease_ttl: 30s, extract_timeout: 60s, store_poll: 200ms, shutdown_grace: 5s}
limits: {max_size: 50MB}
signer: {key_file: %s}
destination:
  base_url: %s
  client_id: labrelay-e2e
  client_secret: ${E2E_DSP_SECRET}
  timeout: 5s
  retry: {base: 100ms, max: 1s}
callback: {path: /callbacks/dsp, secret: "${E2E_CB_SECRET}"}
`, dbPath, env.Endpoint, env.Region, bucket, keyPath, dspURL)
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfgPath
}

// checkEndpoints: health while running; hostile requests to the webhook
// and the callback are refused, and the token that came with one must not
// be logged.
func checkEndpoints(t *testing.T, base string) {
	for _, path := range []string{"/healthz", "/readyz"} {
		if code, body := get(t, base+path); code != http.StatusOK {
			t.Errorf("GET %s: %d %s", path, code, body)
		}
	}

	for _, rq := range []struct{ path, auth, body string }{
		{"/ingest/s3-events?token=" + secrets["E2E_HOOK_TOKEN"], "", "{not json"},
		{"/ingest/s3-events", "Bearer wrong-token", `{"Records":[]}`},
		{"/callbacks/dsp", "", `{"event_id":"e1","id":"dsp-000001","status":"rejected"}`},
	} {
		req, _ := http.NewRequest(http.MethodPost, base+rq.path, strings.NewReader(rq.body))
		if rq.auth != "" {
			req.Header.Set("Authorization", rq.auth)
		}
		req.Header.Set("X-Signature", "sha256=00")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode < 400 {
			t.Errorf("POST %s: %d, want a refusal", strings.SplitN(rq.path, "?", 2)[0], resp.StatusCode)
		}
	}
}

// waitAllSettled waits until all n documents have settled, sampling the
// heap in use; it returns the peak.
func waitAllSettled(t *testing.T, base string, n int, logPath string) float64 {
	var peakHeap float64
	deadline := time.Now().Add(4 * time.Minute)
	for {
		m := scrape(t, base)
		peakHeap = max(peakHeap, m["go_memstats_heap_inuse_bytes"])
		total, busy := 0.0, 0.0
		for _, s := range []labrelay.State{labrelay.StateDiscovered, labrelay.StateFetched, labrelay.StateExtracted, labrelay.StateAccepted, labrelay.StateSigned} {
			busy += m[`labrelay_pipeline_documents{state="`+string(s)+`"}`]
		}
		for k, v := range m {
			if strings.HasPrefix(k, "labrelay_pipeline_documents{") {
				total += v
			}
		}
		if int(total) == n && busy == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not settled after 4 minutes: %d of %d documents, %v busy; log %s", int(total), n, busy, tail(logPath))
		}
		time.Sleep(200 * time.Millisecond)
	}
	return peakHeap
}

// checkOutcomes: what became of each file; it returns the store's
// documents.
func checkOutcomes(t *testing.T, dbPath string, all []hostile) []labrelay.Document {
	ctx := context.Background()
	st := sqlite.New(dbPath)
	if err := st.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	docs, err := st.Documents(ctx, labrelay.DocumentQuery{})
	if err != nil {
		t.Fatal(err)
	}
	byKey := map[string]labrelay.Document{}
	for _, d := range docs {
		byKey[d.Source.Key] = d
	}
	var table strings.Builder
	fmt.Fprintf(&table, "\n%-46s %-13s %s\n", "case", "state", "recorded reason")
	for _, c := range all {
		d, ok := byKey[c.key]
		if !ok {
			t.Errorf("%s: no document for %q", c.name, c.key)
			continue
		}
		if d.State != c.state && !contains(c.also, d.State) {
			t.Errorf("%s: state %s (%s), want %s", c.name, d.State, d.Reason, c.state)
		}
		reason := d.Reason
		if d.State == labrelay.StateNeedsReview && d.Extraction != nil {
			reason = "review: " + strings.Join(d.Extraction.Review.Reasons, "; ")
			for _, pg := range d.Extraction.Pages {
				if pg.Reason != "" {
					reason += fmt.Sprintf("; page %d: %s", pg.Page, pg.Reason)
				}
			}
		}
		if len(c.reasons) > 0 && !containsAny(reason, c.reasons) {
			t.Errorf("%s: reason %q, want one containing %q", c.name, reason, c.reasons)
		}
		fmt.Fprintf(&table, "%-46s %-13s %.160s\n", c.name, d.State, reason)
		if d.State == labrelay.StateFailed && len(d.Reason) < 15 {
			t.Errorf("%s: failed with no clear reason: %q", c.name, d.Reason)
		}
	}
	t.Log(table.String())
	return docs
}

// checkMetrics: the gauges and counters served on /metrics agree with the
// store, and the DSP holds every published record.
func checkMetrics(t *testing.T, final map[string]float64, docs []labrelay.Document, dspReports int) {
	states := map[labrelay.State]int{}
	for _, d := range docs {
		states[d.State]++
	}
	for _, s := range []labrelay.State{labrelay.StatePublished, labrelay.StateFailed, labrelay.StateNeedsReview} {
		if got := final[`labrelay_pipeline_documents{state="`+string(s)+`"}`]; int(got) != states[s] {
			t.Errorf("/metrics documents{state=%s} = %v, store has %d", s, got, states[s])
		}
	}
	failedCount := final[`labrelay_pipeline_documents_total{outcome="failed",stage="fetch"}`] + final[`labrelay_pipeline_documents_total{outcome="failed",stage="extract"}`]
	if int(failedCount) != states[labrelay.StateFailed] {
		t.Errorf("/metrics failed counters = %v, store has %d failed", failedCount, states[labrelay.StateFailed])
	}
	if got := final[`labrelay_pipeline_documents_total{outcome="published",stage="publish"}`]; int(got) != states[labrelay.StatePublished] {
		t.Errorf("/metrics published counter = %v, store has %d", got, states[labrelay.StatePublished])
	}
	if got := final["labrelay_pipeline_review_backlog"]; int(got) != states[labrelay.StateNeedsReview] {
		t.Errorf("/metrics review backlog = %v, store has %d", got, states[labrelay.StateNeedsReview])
	}
	published := states[labrelay.StatePublished]
	if got := dspReports; got != published {
		t.Errorf("the DSP holds %d reports, the store %d published documents", got, published)
	}
}

// checkMemory: the whole run, bombs included, stays bounded.
func checkMemory(t *testing.T, peakRSS int64, peakHeap float64) {
	// Memory: the whole run, bombs included, stays bounded. The resident
	// set holds two Tesseract engines with the eng+chi_sim models (about
	// 370 MB for one scanned page with `labrelay extract`, measured): a
	// decoded 30000×30000 bomb alone would be 900 MB, the 60 MB file read
	// whole at least 60 MB of heap.
	const maxRSS, maxHeap = 512 << 20, 150 << 20
	t.Logf("labrelay run: peak RSS (VmHWM) %.0f MB, peak heap in use (sampled from /metrics) %.0f MB", float64(peakRSS)/(1<<20), peakHeap/(1<<20))
	if peakRSS == 0 {
		t.Error("no VmHWM read from /proc")
	} else if peakRSS > maxRSS {
		t.Errorf("peak RSS %d MB, want under %d MB", peakRSS>>20, maxRSS>>20)
	}
	if peakHeap > maxHeap {
		t.Errorf("peak heap in use %.0f MB, want under %d MB", peakHeap/(1<<20), maxHeap>>20)
	}
}

// discoverDeleted lists key with the real Poller into the store at
// dbPath, then deletes the object: its document waits to be fetched.
func discoverDeleted(t *testing.T, env *s3test.Env, dbPath, key string) {
	t.Helper()
	ctx := context.Background()
	st := sqlite.New(dbPath)
	if err := st.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	poller := &ingest.Poller{Client: env.Client, Sources: []ingest.Source{{Name: "lab", Bucket: bucket, Prefix: key, Lab: "SGS"}}}
	n := 0
	err := poller.Sweep(ctx, func(ctx context.Context, obj ingest.Object) error {
		n++
		_, _, err := st.Discover(ctx, obj.NewDocument())
		return err
	})
	if err != nil || n != 1 {
		t.Fatalf("sweep for %s: %d objects, %v", key, n, err)
	}
	env.MustDelete(t, bucket, key)
}

// checkLogs: every line is JSON; every line about a document names it
// (document_id); no secret appears anywhere.
func checkLogs(t *testing.T, logPath string, cases []hostile) {
	t.Helper()
	data, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	for name, v := range secrets {
		if bytes.Contains(data, []byte(v)) {
			t.Errorf("the log shows the secret %s", name)
		}
	}
	// Keys that only a line about one document carries. Lines of the
	// webhook (an S3 object before it is a document) and of the callback
	// receiver (a DSP record id) are not about a stored document.
	docKeys := []string{"key", "bucket", "sha256", "idempotency_key", "dsp_id", "report_number", "duplicate_of"}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	lines, docLines, other := 0, 0, 0
	for sc.Scan() {
		line := sc.Bytes()
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		lines++
		var rec map[string]any
		if err := json.Unmarshal(line, &rec); err != nil {
			other++
			if other <= 5 {
				t.Errorf("log line is not JSON: %.200s", line)
			}
			continue
		}
		about := false
		for _, k := range docKeys {
			if _, ok := rec[k]; ok {
				about = true
			}
		}
		msg, _ := rec["msg"].(string)
		if strings.Contains(msg, "document") && !strings.Contains(msg, "pipeline") {
			about = true
		}
		if strings.HasPrefix(msg, "ingest webhook") || strings.HasPrefix(msg, "callback ") {
			about = false
		}
		if !about {
			continue
		}
		docLines++
		if _, ok := rec["document_id"]; !ok {
			t.Errorf("log line about a document without document_id: %s", line)
		}
	}
	if other > 5 {
		t.Errorf("%d log lines are not JSON", other)
	}
	t.Logf("log: %d lines, %d about a document, all with document_id; no secret found", lines, docLines)
	if docLines < len(cases) {
		t.Errorf("only %d log lines about documents for %d documents", docLines, len(cases))
	}
}

// run is one `labrelay run` process.
type run struct {
	cmd  *exec.Cmd
	log  string
	done chan struct{}
	err  error
}

func startRun(t *testing.T, bin, cfgPath, logPath string) *run {
	t.Helper()
	lf, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "run", "--config", cfgPath)
	cmd.Env = append(os.Environ(), "OMP_THREAD_LIMIT=1")
	for k, v := range secrets {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Stdout, cmd.Stderr = lf, lf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := &run{cmd: cmd, log: logPath, done: make(chan struct{})}
	go func() {
		r.err = cmd.Wait()
		lf.Close()
		close(r.done)
	}()
	t.Cleanup(func() {
		select {
		case <-r.done:
		default:
			cmd.Process.Kill()
			<-r.done
		}
	})
	return r
}

var listening = regexp.MustCompile(`"msg":"http listening","url":"([^"]+)"`)

func (r *run) url(t *testing.T) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		data, _ := os.ReadFile(r.log)
		if m := listening.FindSubmatch(data); m != nil {
			return string(m[1])
		}
		select {
		case <-r.done:
			t.Fatalf("labrelay run exited: %v\n%s", r.err, data)
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("no listening line in %s", tail(r.log))
	return ""
}

// vmHWM is the process's peak resident set in bytes.
func (r *run) vmHWM(t *testing.T) int64 {
	t.Helper()
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", r.cmd.Process.Pid))
	if err != nil {
		t.Logf("read /proc status: %v", err)
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

func (r *run) term(t *testing.T) error {
	t.Helper()
	r.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-r.done:
		return r.err
	case <-time.After(20 * time.Second):
		r.cmd.Process.Kill()
		return fmt.Errorf("still running 20 s after SIGTERM")
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// scrape reads /metrics into series → value (the series as printed, e.g.
// `labrelay_pipeline_documents{state="failed"}`).
func scrape(t *testing.T, base string) map[string]float64 {
	t.Helper()
	code, body := get(t, base+"/metrics")
	if code != http.StatusOK {
		t.Fatalf("GET /metrics: %d %s", code, body)
	}
	m := map[string]float64{}
	for _, line := range strings.Split(body, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			continue
		}
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err == nil {
			m[line[:i]] = v
		}
	}
	return m
}

func tail(path string) string {
	data, _ := os.ReadFile(path)
	if len(data) > 4000 {
		data = data[len(data)-4000:]
	}
	return string(data)
}

func contains(states []labrelay.State, s labrelay.State) bool {
	for _, x := range states {
		if x == s {
			return true
		}
	}
	return false
}

func containsAny(s string, subs []string) bool {
	ls := strings.ToLower(s)
	for _, sub := range subs {
		if strings.Contains(ls, strings.ToLower(sub)) {
			return true
		}
	}
	return false
}

// pdfVariant is the named structural variant of a PDF (difftest.Variants).
func pdfVariant(tb testing.TB, data []byte, name string) []byte {
	tb.Helper()
	for _, v := range difftest.Variants(data, "") {
		if v.Name == name && v.Err == nil {
			return v.Data
		}
	}
	tb.Fatalf("no PDF variant %s", name)
	return nil
}
