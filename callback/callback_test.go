package callback_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/labrelay/labrelay/callback"
	"github.com/labrelay/labrelay/dspsim"
)

var secret = []byte("callback-secret-of-32-bytes-or-more")

type env struct {
	h   *callback.Handler
	rec *callback.MemoryRecorder
	srv *httptest.Server
	now time.Time
}

func MustEnv(tb testing.TB) *env {
	tb.Helper()
	e := &env{rec: &callback.MemoryRecorder{Known: map[string]bool{"dsp-000001": true}}, now: time.Date(2026, 5, 9, 10, 0, 0, 0, time.UTC)}
	var err error
	if e.h, err = callback.NewHandler(secret, &callback.MemoryNonces{}, e.rec); err != nil {
		tb.Fatal(err)
	}
	e.h.Now = func() time.Time { return e.now }
	e.srv = httptest.NewServer(e.h)
	tb.Cleanup(e.srv.Close)
	return e
}

func event(id, evt string) []byte {
	b, _ := json.Marshal(map[string]any{"event_id": evt, "id": id, "status": "rejected", "reason": "certificate revoked", "occurred_at": "2026-05-09T10:00:00Z"})
	return b
}

// post sends body signed with key at ts and returns the status and reason.
func (e *env) post(tb testing.TB, body []byte, ts time.Time, key []byte, mutate func(*http.Request)) (int, string) {
	tb.Helper()
	req, err := http.NewRequestWithContext(tb.(*testing.T).Context(), "POST", e.srv.URL, strings.NewReader(string(body)))
	if err != nil {
		tb.Fatal(err)
	}
	t := strconv.FormatInt(ts.Unix(), 10)
	req.Header.Set(callback.HeaderTimestamp, t)
	req.Header.Set(callback.HeaderSignature, dspsim.Sign(key, t, body))
	if mutate != nil {
		mutate(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var a struct{ Reason string }
	_ = json.Unmarshal(b, &a)
	return resp.StatusCode, a.Reason
}

func TestHandler(t *testing.T) {
	e := MustEnv(t)
	tests := []struct {
		name   string
		body   []byte
		at     time.Duration // signing time relative to now
		key    []byte
		mutate func(*http.Request)
		status int
		reason string
	}{
		{"valid", event("dsp-000001", "evt-1"), -time.Minute, secret, nil, 200, ""},
		{"replay", event("dsp-000001", "evt-1"), -time.Minute, secret, nil, 409, "replays are refused"},
		{"forged", event("dsp-000001", "evt-2"), 0, []byte("guess"), nil, 401, "does not match"},
		{"body altered", event("dsp-000001", "evt-3"), 0, secret, func(r *http.Request) {
			r.Body = io.NopCloser(strings.NewReader(strings.Replace(string(event("dsp-000001", "evt-3")), "rejected", "accepted", 1)))
		}, 401, "does not match"},
		{"no signature", event("dsp-000001", "evt-4"), 0, secret, func(r *http.Request) { r.Header.Del(callback.HeaderSignature) }, 401, "does not match"},
		{"no timestamp", event("dsp-000001", "evt-5"), 0, secret, func(r *http.Request) { r.Header.Del(callback.HeaderTimestamp) }, 401, "Unix seconds"},
		{"stale", event("dsp-000001", "evt-6"), -6 * time.Minute, secret, nil, 401, "older than 5m0s"},
		{"future", event("dsp-000001", "evt-7"), 2 * time.Minute, secret, nil, 401, "future"},
		{"malformed", []byte(`{"id": 1}`), 0, secret, nil, 400, "not a JSON callback"},
		{"incomplete", []byte(`{"id": "dsp-000001"}`), 0, secret, nil, 400, "lacks"},
		{"event id header mismatch", event("dsp-000001", "evt-8"), 0, secret, func(r *http.Request) { r.Header.Set(callback.HeaderEventID, "other") }, 400, "differs"},
		{"unknown submission", event("dsp-424242", "evt-9"), 0, secret, nil, 404, "dsp-424242"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, reason := e.post(t, tt.body, e.now.Add(tt.at), tt.key, tt.mutate)
			if code != tt.status || !strings.Contains(reason, tt.reason) {
				t.Errorf("got %d %q, want %d mentioning %q", code, reason, tt.status, tt.reason)
			}
		})
	}
	got := e.rec.Exceptions()
	if len(got) != 1 || got[0].DSPID != "dsp-000001" || got[0].Status != "rejected" || got[0].Reason != "certificate revoked" || !got[0].At.Equal(e.now.Add(-time.Minute)) {
		t.Errorf("recorded %+v, want the one valid callback", got)
	}
	resp, err := http.Get(e.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 405 {
		t.Errorf("GET: %d, want 405", resp.StatusCode)
	}
}

// TestFromDSPSim sends a callback from the reference receiver.
func TestFromDSPSim(t *testing.T) {
	e := MustEnv(t)
	e.now = time.Now()
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	sim := dspsim.NewServer("id", "secret", jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: pub, KeyID: "k"}}})
	sim.CallbackURL, sim.CallbackSecret = e.srv.URL, secret
	dsp := httptest.NewServer(sim.Handler())
	t.Cleanup(dsp.Close)

	signer, _ := jose.NewSigner(jose.SigningKey{Algorithm: jose.EdDSA, Key: priv}, (&jose.SignerOptions{}).WithHeader("kid", "k"))
	jws, _ := signer.Sign([]byte(`{"report_number":"R-1","source_sha256":"ab"}`))
	tok := token(t, dsp.URL)
	req, _ := http.NewRequestWithContext(t.Context(), "POST", dsp.URL+"/v1/inspection-reports", strings.NewReader(jws.FullSerialize()))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/jose+json")
	req.Header.Set("Idempotency-Key", "k1")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Fatalf("submit: %d", resp.StatusCode)
	}

	if err := sim.SendException(t.Context(), "dsp-000001", dspsim.StatusExpired, "certificate validity ended"); err != nil {
		t.Fatalf("SendException: %v", err)
	}
	if got := e.rec.Exceptions(); len(got) != 1 || got[0].Status != "expired" {
		t.Errorf("recorded %+v, want one expired", got)
	}
	if rep, _ := sim.Report("dsp-000001"); rep.Status != "expired" || rep.Reason != "certificate validity ended" {
		t.Errorf("dsp report %+v, want expired", rep)
	}
	if err := sim.SendException(t.Context(), "dsp-000404", "rejected", "x"); err == nil {
		t.Error("SendException for an unknown id succeeded")
	}
	sim.CallbackSecret = []byte("rotated")
	err = sim.SendException(t.Context(), "dsp-000001", "rejected", "x")
	if err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("SendException with the wrong secret: %v, want a 401", err)
	}
}

func token(t *testing.T, base string) string {
	resp, err := http.Post(base+"/oauth/token", "application/x-www-form-urlencoded", strings.NewReader("grant_type=client_credentials&client_id=id&client_secret=secret"))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil {
		t.Fatal(err)
	}
	return tok.AccessToken
}

func TestMemoryNoncesForget(t *testing.T) {
	n := &callback.MemoryNonces{Retention: time.Minute}
	at := time.Date(2026, 5, 9, 10, 0, 0, 0, time.UTC)
	for i, step := range []struct {
		nonce string
		at    time.Time
		want  bool
	}{
		{"a", at, false},
		{"a", at, true},
		{"b", at.Add(2 * time.Minute), false},
		{"a", at.Add(2 * time.Minute), false}, // forgotten after Retention
	} {
		got, err := n.SeenNonce(t.Context(), step.nonce, step.at)
		if err != nil || got != step.want {
			t.Errorf("step %d: SeenNonce(%s) = %v, %v; want %v", i, step.nonce, got, err, step.want)
		}
	}
}

// Finding 5 of issue 17: a 5-character callback secret was accepted.
func TestShortSecretRefused(t *testing.T) {
	rec := &callback.MemoryRecorder{}
	for _, n := range []int{0, 5, callback.MinSecretLen - 1} {
		if _, err := callback.NewHandler(make([]byte, n), &callback.MemoryNonces{}, rec); !errors.Is(err, callback.ErrShortSecret) {
			t.Errorf("%d-byte secret: %v, want ErrShortSecret", n, err)
		}
	}
	if _, err := callback.NewHandler(secret, &callback.MemoryNonces{}, rec); err != nil {
		t.Fatal(err)
	}
	// A Handler built by hand with a short secret refuses every callback.
	h := &callback.Handler{Secret: []byte("short"), Nonces: &callback.MemoryNonces{}, Recorder: rec}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/", strings.NewReader(string(event("dsp-000001", "evt-1")))))
	if w.Code != http.StatusInternalServerError || !strings.Contains(w.Body.String(), "32 bytes") {
		t.Fatalf("short secret: %d %s, want 500 naming the minimum", w.Code, w.Body)
	}
}
