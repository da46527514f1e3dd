package fault_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/labrelay/labrelay/dspsim"
	"github.com/labrelay/labrelay/fixtures"
	"github.com/labrelay/labrelay/internal/pgtest"
	"github.com/labrelay/labrelay/internal/s3test"
	"github.com/labrelay/labrelay/internal/sqstest"
	"github.com/labrelay/labrelay/sign"
)

const bucket = "reports"

// rig is what the worker processes share: PostgreSQL, versitygw whose
// events a forwarder puts on a goaws queue (S3 → SQS), a DSP simulator in
// the test process (it outlives the kills) and a signing key.
type rig struct {
	DSN    string
	S3     *s3test.Env
	SQS    *sqstest.Env
	Queue  string
	Sim    *dspsim.Server
	DSPURL string
	Key    string
	Dir    string

	forwarded, forwardErrors atomic.Int64
}

func newRig(t *testing.T) *rig {
	t.Helper()
	r := &rig{Dir: t.TempDir(), DSN: pgtest.DSN(t)}
	// goaws hides a received message for 5 s: a killed worker's messages
	// come back to the other one.
	r.SQS = sqstest.Start(t, 5)
	r.Queue = r.SQS.MustQueue(t, "labrelay-events")
	fwd := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		if _, err := r.SQS.Query(req.Context(), "SendMessage", url.Values{"QueueUrl": {r.Queue}, "MessageBody": {string(body)}}); err != nil {
			r.forwardErrors.Add(1)
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		r.forwarded.Add(1)
	}))
	t.Cleanup(fwd.Close)
	r.S3 = s3test.Start(t, s3test.WithWebhook(fwd.URL))
	r.S3.MustBucket(t, bucket)
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

// config writes one worker's config. The list sweep runs at start and
// then every 10 minutes: the notifications carry the run.
func (r *rig) config(t *testing.T, name string, metrics bool) string {
	t.Helper()
	metricsAddr := ""
	if metrics {
		metricsAddr = `, metrics_addr: "127.0.0.1:0"`
	}
	s3 := fmt.Sprintf("endpoint: %s, region: %s, access_key: %s, secret_key: %s", r.S3.Endpoint, r.S3.Region, r.S3.AccessKey, r.S3.SecretKey)
	cfg := fmt.Sprintf(`
store: {postgres: %q}
http: {addr: "127.0.0.1:0"%s}
logging: {format: text, level: info}
sources:
  - {name: lab, %s, path_style: true, bucket: %s, prefix: in/, lab: SGS}
notifications:
  poll_interval: 10m
  sqs: {queue_url: %q, endpoint: %s, region: %s, access_key: %s, secret_key: %s, raw_keys: true}
workers: {name: %s, fetch: 4, extract: 2, sign: 2, publish: 4, lease_ttl: 3s, store_poll: 200ms, shutdown_grace: 2s}
signer: {key_file: %s}
destination:
  base_url: %s
  client_id: labrelay
  client_secret: dsp-secret
  timeout: 2s
  retry: {base: 100ms, max: 1s}
`, r.DSN, metricsAddr, s3, bucket, r.Queue, r.SQS.Endpoint, sqstest.Region, r.SQS.AccessKey, r.SQS.SecretKey, name, r.Key, r.DSPURL)
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

func (r *rig) start(t *testing.T, bin, config string) *proc {
	t.Helper()
	logPath := fmt.Sprintf("%s-%d.log", strings.TrimSuffix(config, ".yaml"), procSeq.Add(1))
	lf, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "run", "--config", config)
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
	t.Cleanup(p.kill)
	return p
}

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

func (p *proc) kill() {
	if p.exited() {
		return
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
	case <-time.After(20 * time.Second):
		p.kill()
		return fmt.Errorf("did not stop within 20 s of SIGTERM")
	}
}

var listenLine = regexp.MustCompile(`msg="http listening" url=(\S+)`)

// url reads the HTTP address from the process's log.
func (p *proc) url(t *testing.T) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		data, _ := os.ReadFile(p.log)
		if m := listenLine.FindSubmatch(data); m != nil {
			return string(m[1])
		}
		if p.exited() {
			t.Fatalf("worker exited at start: %v\n%s", p.err, tail(p.log))
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("no listening line in %s", p.log)
	return ""
}

// tail is the end of a log, for failure messages.
func tail(path string) string {
	data, _ := os.ReadFile(path)
	if len(data) > 3000 {
		data = data[len(data)-3000:]
	}
	return string(data)
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
