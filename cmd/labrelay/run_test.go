package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/dspsim"
	"github.com/labrelay/labrelay/fixtures"
	"github.com/labrelay/labrelay/internal/buildtest"
	"github.com/labrelay/labrelay/internal/pgtest"
	"github.com/labrelay/labrelay/internal/s3test"
	"github.com/labrelay/labrelay/postgres"
	"github.com/labrelay/labrelay/sign"
	"github.com/labrelay/labrelay/sqlite"
)

// labrelayBinary builds cmd/labrelay once per test binary.
func labrelayBinary(t testing.TB) string {
	t.Helper()
	return buildtest.Binary(t, "github.com/labrelay/labrelay/cmd/labrelay")
}

// crashRig is what a crash test shares between worker processes: an S3
// server, a DSP simulator in the test process (it outlives the kills), a
// signing key and the config.
type crashRig struct {
	S3     *s3test.Env
	Sim    *dspsim.Server
	DSPURL string
	Key    string
	Dir    string
}

const crashBucket = "reports"

func newCrashRig(t *testing.T) *crashRig {
	t.Helper()
	r := &crashRig{S3: s3test.Start(t), Dir: t.TempDir()}
	r.S3.MustBucket(t, crashBucket)
	key, err := sign.GenerateKey(sign.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	r.Key = filepath.Join(r.Dir, "key.pem")
	if _, err := sign.WriteKey(r.Key, key); err != nil {
		t.Fatal(err)
	}
	ks, err := sign.KeySet(key.Public())
	if err != nil {
		t.Fatal(err)
	}
	r.Sim = dspsim.NewServer("labrelay", "dsp-secret", *ks)
	srv := httptest.NewServer(r.Sim.Handler())
	t.Cleanup(srv.Close)
	r.DSPURL = srv.URL
	return r
}

// config writes a run config for one worker.
func (r *crashRig) config(t *testing.T, name, store string) string {
	t.Helper()
	cfg := fmt.Sprintf(`
store: {%s}
http: {addr: "127.0.0.1:0"}
logging: {format: text, level: info}
sources:
  - name: lab
    endpoint: %s
    region: %s
    path_style: true
    access_key: ${TEST_S3_ACCESS_KEY}
    secret_key: ${TEST_S3_SECRET_KEY}
    bucket: %s
    prefix: in/
    lab: SGS
notifications: {poll_interval: 300ms}
workers: {name: %s, fetch: 4, extract: 2, sign: 2, publish: 4, lease_ttl: 2s, store_poll: 200ms, shutdown_grace: 2s}
signer: {key_file: %s}
destination:
  base_url: %s
  client_id: labrelay
  client_secret: ${TEST_DSP_SECRET}
  timeout: 1s
  retry: {base: 100ms, max: 1s}
callback: {path: /callbacks/dsp, secret: callback-secret-of-32-bytes-or-more}
`, store, r.S3.Endpoint, r.S3.Region, crashBucket, name, r.Key, r.DSPURL)
	path := filepath.Join(r.Dir, name+".yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// proc is one `labrelay run` process.
type proc struct {
	cmd  *exec.Cmd
	log  string
	done chan struct{}
	err  error
}

var procSeq atomic.Int64

func (r *crashRig) start(t *testing.T, bin, config string) *proc {
	t.Helper()
	logPath := fmt.Sprintf("%s-%d.log", strings.TrimSuffix(config, ".yaml"), procSeq.Add(1))
	lf, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "run", "--config", config)
	cmd.Env = append(os.Environ(), "TEST_S3_ACCESS_KEY="+r.S3.AccessKey, "TEST_S3_SECRET_KEY="+r.S3.SecretKey, "TEST_DSP_SECRET=dsp-secret")
	cmd.Stdout, cmd.Stderr = lf, lf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &proc{cmd: cmd, log: logPath, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		lf.Close()
		close(p.done)
	}()
	t.Cleanup(func() { p.kill() })
	return p
}

func (p *proc) kill() {
	select {
	case <-p.done:
		return
	default:
	}
	p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.done
}

// term stops the process as an orchestrator would and returns its exit.
func (p *proc) term(t *testing.T) error {
	t.Helper()
	p.url(t) // started: the signal handler is installed
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
		return p.err
	case <-time.After(15 * time.Second):
		p.kill()
		return fmt.Errorf("did not stop within 15 s of SIGTERM")
	}
}

var listenLine = regexp.MustCompile(`msg="http listening" url=(\S+)`)

// url reads the HTTP address from the process's log.
func (p *proc) url(t *testing.T) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		data, _ := os.ReadFile(p.log)
		if m := listenLine.FindSubmatch(data); m != nil {
			return string(m[1])
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no listening line in %s", p.log)
	return ""
}

type genFile struct {
	Key  string
	Data []byte
}

// generatedReports returns n distinct small native reports.
func generatedReports(n int) []genFile {
	var out []genFile
	for seed := uint64(1); len(out) < n; seed++ {
		for _, s := range fixtures.Native(seed) {
			if len(out) == n {
				break
			}
			out = append(out, genFile{Key: fmt.Sprintf("in/%03d/%s.%s", seed, s.Name, s.Ext), Data: s.Data})
		}
	}
	return out
}

// crash runs workers (one or more config files) over n documents, killing
// a random worker with SIGKILL at random moments kills times (restarting
// it each time) while the documents are dropped, then lets them finish and
// checks that the DSP holds every document exactly once.
func crash(t *testing.T, r *crashRig, st labrelay.Store, configs []string, n, kills int) {
	bin := labrelayBinary(t)
	seed := uint64(20261128)
	rng := rand.New(rand.NewPCG(seed, seed))
	t.Logf("seed %d", seed)
	files := generatedReports(n)

	procs := make([]*proc, len(configs))
	for i, c := range configs {
		procs[i] = r.start(t, bin, c)
	}
	// Drop the files in batches while the workers are being killed.
	dropped := make(chan struct{})
	go func() {
		defer close(dropped)
		for i := 0; i < len(files); i += 25 {
			for _, f := range files[i:min(i+25, len(files))] {
				r.S3.MustPut(t, crashBucket, f.Key, f.Data)
			}
			time.Sleep(300 * time.Millisecond)
		}
	}()
	for k := range kills {
		time.Sleep(time.Duration(300+rng.IntN(1700)) * time.Millisecond)
		i := rng.IntN(len(procs))
		procs[i].kill()
		t.Logf("kill %d: SIGKILL worker %d; %d reports at the DSP", k+1, i, len(r.Sim.Reports()))
		procs[i] = r.start(t, bin, configs[i])
	}
	<-dropped
	waitPublished(t, st, n)
	checkLiveWorker(t, r, st, procs[0].url(t), n)
	for i, p := range procs {
		if err := p.term(t); err != nil {
			t.Errorf("worker %d: exit after SIGTERM: %v", i, err)
		}
	}
	checkPublishedOnce(t, r, st, n)
}

// waitPublished waits, at most 90 s, until n documents are published.
func waitPublished(t *testing.T, st labrelay.Store, n int) {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(90 * time.Second)
	for {
		counts, err := st.Counts(ctx, time.Time{}, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		byState := map[labrelay.State]int{}
		for _, c := range counts {
			byState[c.State] += c.N
		}
		if byState[labrelay.StatePublished] == n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not done after the kills: %v", byState)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// checkLiveWorker: the live worker at base answers on HTTP, its gauges
// agree with the store, and the DSP's exception callback reaches the store
// through it.
func checkLiveWorker(t *testing.T, r *crashRig, st labrelay.Store, base string, n int) {
	t.Helper()
	ctx := context.Background()
	for _, path := range []string{"/healthz", "/readyz"} {
		resp, err := http.Get(base + path)
		if err != nil || resp.StatusCode != 200 {
			t.Errorf("GET %s: %v %v", path, err, resp)
		}
		if resp != nil {
			resp.Body.Close()
		}
	}
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET /metrics: %s: %s", resp.Status, body)
	}
	if want := fmt.Sprintf(`labrelay_pipeline_documents{state="published"} %d`, n); !strings.Contains(string(body), want) {
		var got []string
		for _, l := range strings.Split(string(body), "\n") {
			if strings.HasPrefix(l, "labrelay_pipeline_documents{") || strings.HasPrefix(l, "labrelay_pipeline_store") {
				got = append(got, l)
			}
		}
		t.Errorf("/metrics lacks %q; has %q", want, got)
	}
	// The DSP's exception callback reaches the store through the worker.
	r.Sim.CallbackURL = base + "/callbacks/dsp"
	r.Sim.CallbackSecret = []byte("callback-secret-of-32-bytes-or-more")
	first := r.Sim.Reports()[0]
	if err := r.Sim.SendException(ctx, first.ID, dspsim.StatusRejected, "test rejection"); err != nil {
		t.Errorf("exception callback: %v", err)
	} else if d, err := st.DocumentBySubmission(ctx, first.ID); err != nil {
		t.Errorf("document of %s: %v", first.ID, err)
	} else if cbs, err := st.Callbacks(ctx, d.ID); err != nil || len(cbs) != 1 || cbs[0].Reason != "test rejection" {
		t.Errorf("callbacks of document %d: %v %+v", d.ID, err, cbs)
	}
}

// checkPublishedOnce: each of the n documents is published, once, with a
// signature that verifies.
func checkPublishedOnce(t *testing.T, r *crashRig, st labrelay.Store, n int) {
	t.Helper()
	ctx := context.Background()
	reports := r.Sim.Reports()
	keys := map[string]int{}
	submissions := 0
	for _, rep := range reports {
		keys[rep.IdempotencyKey]++
		submissions += rep.Submissions
	}
	docs, err := st.Documents(ctx, labrelay.DocumentQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != n {
		t.Errorf("%d documents, want %d", len(docs), n)
	}
	jwks, err := r.jwks()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if d.State != labrelay.StatePublished {
			t.Errorf("document %d (%s): %s %s", d.ID, d.Source.Key, d.State, d.Reason)
			continue
		}
		if keys[d.IdempotencyKey] != 1 {
			t.Errorf("document %d (%s): %d reports at the DSP, want 1", d.ID, d.Source.Key, keys[d.IdempotencyKey])
		}
		if _, _, err := sign.Verify(d.SignedRecord, jwks); err != nil {
			t.Errorf("document %d: %v", d.ID, err)
		}
	}
	if len(reports) != n {
		t.Errorf("the DSP holds %d reports, want %d", len(reports), n)
	}
	t.Logf("%d documents published exactly once; %d submissions in all (resends after kills answered as duplicates)", n, submissions)
}

func (r *crashRig) jwks() (*jose.JSONWebKeySet, error) {
	key, err := sign.LoadPublicKey(sign.PublicKeyPath(r.Key))
	if err != nil {
		return nil, err
	}
	return sign.KeySet(key)
}

// TestCrashSQLite: one worker process on SQLite, SIGKILLed at random
// moments, restarted each time: 500 documents, each published once.
func TestCrashSQLite(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test: skipped with -short")
	}
	r := newCrashRig(t)
	db := filepath.Join(r.Dir, "labrelay.db")
	cfg := r.config(t, "w1", "sqlite: "+db)
	st := sqlite.New(db)
	if err := st.Open(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	crash(t, r, st, []string{cfg}, 500, 6)
}

// TestCrashPostgresTwoWorkers: two worker processes sharing PostgreSQL,
// each SIGKILLed at random moments and restarted.
func TestCrashPostgresTwoWorkers(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test: skipped with -short")
	}
	dsn := pgtest.DSN(t)
	r := newCrashRig(t)
	quoted := fmt.Sprintf("postgres: %q", dsn)
	cfgs := []string{r.config(t, "w1", quoted), r.config(t, "w2", quoted)}
	st := postgres.New(dsn)
	if err := st.Open(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	crash(t, r, st, cfgs, 500, 6)
}
