package fault_test

import (
	"context"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/pgtest"
	"github.com/labrelay/labrelay/postgres"
)

// EnvReports sets the number of reports; the full run is 1000
// (LABRELAY_FAULT_REPORTS=1000, a few minutes more). Without it, 300 (CI),
// or 100 with -short.
const EnvReports = "LABRELAY_FAULT_REPORTS"

func reportCount(t *testing.T) int {
	if v := os.Getenv(EnvReports); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("%s=%q: want a positive number", EnvReports, v)
		}
		return n
	}
	if testing.Short() {
		return 100
	}
	return 300
}

// minKills is how many SIGKILLs a run has at least; dropWindow is how
// long the drops take.
const (
	minKills   = 8
	dropWindow = 45 * time.Second
)

// TestFaultTwoProcesses: two `labrelay run` processes on one PostgreSQL
// database, fed by S3 → SQS notifications from versitygw through goaws,
// publish to dspsim while a random one is SIGKILLed every 1.5–3.5 s and
// restarted, and PostgreSQL is stopped and started once midway: /readyz
// says 503 while it is down and 200 after, neither process exits, and
// every report reaches the DSP exactly once (issue 17, "never tested").
func TestFaultTwoProcesses(t *testing.T) {
	n := reportCount(t)
	r := newRig(t)
	bin := labrelayBinary(t)
	st := postgres.New(r.DSN)
	if err := st.Open(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cfgs := []string{r.config(t, "w1", false), r.config(t, "w2", true)}
	began := time.Now()
	procs := []*proc{r.start(t, bin, cfgs[0]), r.start(t, bin, cfgs[1])}
	for _, p := range procs {
		p.url(t)
	}
	files := generatedReports(n)
	var put atomic.Int64
	dropped := make(chan struct{})
	go func() {
		defer close(dropped)
		// Spread the drops over dropWindow, so that the faults fall on
		// documents in every stage.
		pause := dropWindow * 10 / time.Duration(len(files))
		for i := 0; i < len(files); i += 10 {
			for _, f := range files[i:min(i+10, len(files))] {
				r.S3.MustPut(t, bucket, f.Key, f.Data)
				put.Add(1)
			}
			time.Sleep(pause)
		}
	}()
	kills, outage := r.faults(t, bin, cfgs, procs, dropped, &put, n)
	waitPublished(t, st, n, procs)
	elapsed := time.Since(began)
	// Every notification was read and deleted (the queue drains).
	waitDrained(t, r)
	for i, p := range procs {
		if err := p.term(t); err != nil {
			t.Errorf("worker %d: exit after SIGTERM: %v\n%s", i+1, err, tail(p.log))
		}
	}
	dups, lost := publishedOnce(t, r, st, n)
	t.Logf("fault test: %d reports, %d SIGKILLs, PostgreSQL down %s, %s in all; duplicates %d, lost %d; %d events forwarded to SQS (%d failed)",
		n, kills, outage.Round(100*time.Millisecond), elapsed.Round(time.Second), dups, lost, r.forwarded.Load(), r.forwardErrors.Load())
}

// faults kills a random worker every 1.5–3.5 s (restarting it) until the
// files are dropped and minKills kills were made, and restarts PostgreSQL
// once half the files are in. It returns the kills and the outage's length.
func (r *rig) faults(t *testing.T, bin string, cfgs []string, procs []*proc, dropped <-chan struct{}, put *atomic.Int64, n int) (int, time.Duration) {
	seed := uint64(20261204)
	rng := rand.New(rand.NewPCG(seed, seed))
	t.Logf("seed %d", seed)
	kills := 0
	var outage time.Duration
	for {
		select {
		case <-dropped:
			if outage > 0 && kills >= minKills {
				return kills, outage
			}
		default:
		}
		time.Sleep(time.Duration(1500+rng.IntN(2000)) * time.Millisecond)
		if outage == 0 && put.Load() >= int64(n/2) {
			outage = r.outage(t, procs)
			continue
		}
		i := rng.IntN(len(procs))
		procs[i].kill()
		kills++
		t.Logf("kill %d: SIGKILL worker %d; %d of %d reports at the DSP", kills, i+1, len(r.Sim.Reports()), n)
		procs[i] = r.start(t, bin, cfgs[i])
	}
}

// outage stops PostgreSQL, checks that both workers say 503 on /readyz and
// stay up, starts it again and waits for both to say 200.
func (r *rig) outage(t *testing.T, procs []*proc) time.Duration {
	t.Helper()
	urls := make([]string, len(procs))
	for i, p := range procs {
		urls[i] = p.url(t)
	}
	pgtest.Down(t)
	down := time.Now()
	t.Logf("PostgreSQL stopped; %d reports at the DSP", len(r.Sim.Reports()))
	waitReady(t, urls, http.StatusServiceUnavailable, 30*time.Second)
	time.Sleep(3 * time.Second) // the workers live through it
	for i, p := range procs {
		if p.exited() {
			t.Errorf("worker %d exited while PostgreSQL was down: %v\n%s", i+1, p.err, tail(p.log))
		}
	}
	pgtest.Up(t)
	waitReady(t, urls, http.StatusOK, 60*time.Second)
	d := time.Since(down)
	t.Logf("PostgreSQL back after %s; both workers ready", d.Round(100*time.Millisecond))
	for i, p := range procs {
		if p.exited() {
			t.Fatalf("worker %d exited around the outage: %v\n%s", i+1, p.err, tail(p.log))
		}
	}
	return d
}

// waitReady waits until GET /readyz answers want on every url.
func waitReady(t *testing.T, urls []string, want int, within time.Duration) {
	t.Helper()
	client := &http.Client{Timeout: 5 * time.Second}
	deadline := time.Now().Add(within)
	for _, u := range urls {
		for {
			got := 0
			if resp, err := client.Get(u + "/readyz"); err == nil {
				resp.Body.Close()
				got = resp.StatusCode
			}
			if got == want {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s/readyz = %d after %s, want %d", u, got, within, want)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

// waitDrained waits, at most 30 s, until the queue holds no message.
func waitDrained(t *testing.T, r *rig) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		left := r.SQS.Len(t, r.Queue)
		if left == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("%d notifications still on the queue 30 s after the last report was published", left)
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// waitPublished waits, at most 3 minutes, until n documents are published.
func waitPublished(t *testing.T, st labrelay.Store, n int, procs []*proc) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		counts, err := st.Counts(context.Background(), time.Time{}, time.Time{})
		byState := map[labrelay.State]int{}
		for _, c := range counts {
			byState[c.State] += c.N
		}
		if err == nil && byState[labrelay.StatePublished] == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("not done 3 minutes after the faults: %v (%v)\nworker 1:\n%s", byState, err, tail(procs[0].log))
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// publishedOnce checks that each of the n documents is published and
// held once by the DSP, and returns the duplicates and the lost reports.
func publishedOnce(t *testing.T, r *rig, st labrelay.Store, n int) (dups, lost int) {
	t.Helper()
	docs, err := st.Documents(context.Background(), labrelay.DocumentQuery{})
	if err != nil {
		t.Fatal(err)
	}
	atDSP := map[string]int{}
	for _, rep := range r.Sim.Reports() {
		atDSP[rep.IdempotencyKey]++
	}
	mine := map[string]bool{}
	published := 0
	for _, d := range docs {
		if d.State != labrelay.StatePublished {
			t.Errorf("document %d (%s): %s %s", d.ID, d.Source.Key, d.State, d.Reason)
			continue
		}
		published++
		mine[d.IdempotencyKey] = true
		if atDSP[d.IdempotencyKey] != 1 {
			t.Errorf("document %d (%s): %d reports at the DSP, want 1", d.ID, d.Source.Key, atDSP[d.IdempotencyKey])
		}
	}
	for key, c := range atDSP {
		if !mine[key] {
			dups += c // a report no document accounts for
		} else {
			dups += c - 1
		}
	}
	lost = n - published
	if len(docs) != n || dups != 0 || lost != 0 {
		t.Errorf("%d documents for %d reports; %d duplicates and %d lost at the DSP", len(docs), n, dups, lost)
	}
	return dups, lost
}
