package dspsim_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/labrelay/labrelay/dspsim"
)

type env struct {
	sim   *dspsim.Server
	srv   *httptest.Server
	key   ed25519.PrivateKey
	token string
	now   time.Time
}

func MustEnv(tb testing.TB) *env {
	tb.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	e := &env{key: priv, now: time.Date(2026, 5, 9, 10, 0, 0, 0, time.UTC)}
	e.sim = dspsim.NewServer("id", "secret", jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: pub, KeyID: "k1"}}})
	e.sim.Now = func() time.Time { return e.now }
	e.sim.TokenTTL = time.Minute
	e.srv = httptest.NewServer(e.sim.Handler())
	tb.Cleanup(e.srv.Close)
	e.token = e.MustToken(tb)
	return e
}

func (e *env) MustToken(tb testing.TB) string {
	tb.Helper()
	resp, err := http.PostForm(e.srv.URL+"/oauth/token", url.Values{"grant_type": {"client_credentials"}, "client_id": {"id"}, "client_secret": {"secret"}})
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int    `json:"expires_in"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || resp.StatusCode != 200 || tok.ExpiresIn != 60 {
		tb.Fatalf("token: %d %+v %v", resp.StatusCode, tok, err)
	}
	return tok.AccessToken
}

func (e *env) sign(tb testing.TB, payload string) string {
	tb.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.EdDSA, Key: e.key}, (&jose.SignerOptions{}).WithHeader("kid", "k1"))
	if err != nil {
		tb.Fatal(err)
	}
	jws, err := s.Sign([]byte(payload))
	if err != nil {
		tb.Fatal(err)
	}
	return jws.FullSerialize()
}

// do sends a request and returns the status and decoded JSON body.
func (e *env) do(tb testing.TB, method, path, key, body string) (int, map[string]any) {
	tb.Helper()
	req, err := http.NewRequestWithContext(tb.(*testing.T).Context(), method, e.srv.URL+path, strings.NewReader(body))
	if err != nil {
		tb.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+e.token)
	req.Header.Set("Content-Type", "application/jose+json")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return resp.StatusCode, m
}

const good = `{"report_number":"R-1","source_sha256":"ab"}`

func TestSubmit(t *testing.T) {
	e := MustEnv(t)
	tests := []struct {
		name, key, body string
		status          int
		reason          string
	}{
		{"created", "k-1", e.sign(t, good), 201, ""},
		{"duplicate", "k-1", e.sign(t, good), 200, ""},
		{"key reused for other content", "k-1", e.sign(t, `{"report_number":"R-2","source_sha256":"ab"}`), 422, "different payload"},
		{"signed-record shape", "k-6", e.sign(t, `{"record":{"report_number":"R-6"},"source":{"sha256":"ab"}}`), 201, ""},
		{"no key", "", e.sign(t, good), 400, "Idempotency-Key"},
		{"garbage", "k-2", "{not json", 400, "not a JWS"},
		{"payload not an object", "k-3", e.sign(t, `[1]`), 400, "not a JSON object"},
		{"no report number", "k-4", e.sign(t, `{"source_sha256":"ab"}`), 422, "report_number"},
		{"no source hash", "k-5", e.sign(t, `{"report_number":"R-5"}`), 422, "source_sha256"},
	}
	var id string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := e.do(t, "POST", "/v1/inspection-reports", tt.key, tt.body)
			if code != tt.status {
				t.Fatalf("status %d %v, want %d", code, body, tt.status)
			}
			if tt.reason != "" {
				if r, _ := body["reason"].(string); !strings.Contains(r, tt.reason) {
					t.Errorf("reason %q, want it to mention %q", r, tt.reason)
				}
				return
			}
			if tt.key == "k-6" {
				if body["status"] != "accepted" {
					t.Errorf("body %v, want accepted", body)
				}
				return
			}
			if id == "" {
				id, _ = body["id"].(string)
			}
			if body["id"] != id || body["status"] != "accepted" {
				t.Errorf("body %v, want id %s accepted", body, id)
			}
		})
	}
	if reps := e.sim.Reports(); len(reps) != 2 || reps[0].Submissions != 2 || reps[1].ReportNumber != "R-6" {
		t.Errorf("reports %+v, want R-1 submitted twice and R-6", reps)
	}
}

func TestAuth(t *testing.T) {
	e := MustEnv(t)
	resp, err := http.PostForm(e.srv.URL+"/oauth/token", url.Values{"grant_type": {"client_credentials"}, "client_id": {"id"}, "client_secret": {"nope"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Errorf("token with a wrong secret: %d, want 401", resp.StatusCode)
	}
	if code, _ := e.do(t, "GET", "/v1/inspection-reports", "", ""); code != 200 {
		t.Fatalf("list with a fresh token: %d", code)
	}
	e.now = e.now.Add(2 * time.Minute)
	if code, body := e.do(t, "GET", "/v1/inspection-reports", "", ""); code != 401 || !strings.Contains(body["reason"].(string), "expired") {
		t.Errorf("list with an expired token: %d %v, want 401 expired", code, body)
	}
	e.token = "made-up"
	if code, _ := e.do(t, "POST", "/v1/inspection-reports", "k", e.sign(t, good)); code != 401 {
		t.Errorf("submit with an unknown token: %d, want 401", code)
	}
}

func TestConcurrentSameKeyStoresOnce(t *testing.T) {
	e := MustEnv(t)
	body := e.sign(t, good)
	var wg sync.WaitGroup
	ids := make([]string, 20)
	codes := make([]int, 20)
	for i := range ids {
		wg.Go(func() {
			code, m := e.do(t, "POST", "/v1/inspection-reports", "same", body)
			codes[i], ids[i] = code, m["id"].(string)
		})
	}
	wg.Wait()
	created := 0
	for i := range ids {
		if ids[i] != ids[0] {
			t.Errorf("ids differ: %v", ids)
			break
		}
		if codes[i] == 201 {
			created++
		}
	}
	if created != 1 || len(e.sim.Reports()) != 1 {
		t.Errorf("%d answers 201, %d reports; want exactly one", created, len(e.sim.Reports()))
	}
}

func TestListAndSupersedes(t *testing.T) {
	e := MustEnv(t)
	e.do(t, "POST", "/v1/inspection-reports", "a", e.sign(t, good))
	e.now = e.now.Add(time.Second)
	e.do(t, "POST", "/v1/inspection-reports", "b", e.sign(t, `{"source_sha256":"cd","report_number":"R-1A","record":{"supersedes":"R-1"}}`))

	code, body := e.do(t, "GET", "/v1/inspection-reports", "", "")
	if code != 200 || body["count"] != float64(2) {
		t.Fatalf("list: %d %v", code, body)
	}
	reps := body["reports"].([]any)
	first, second := reps[0].(map[string]any), reps[1].(map[string]any)
	if first["status"] != "superseded" || first["superseded_by"] != second["id"] || second["supersedes"] != "R-1" || second["supersedes_id"] != first["id"] {
		t.Errorf("chain: first %v, second %v", first, second)
	}
	if first["idempotency_key"] != "a" || first["received_at"] != "2026-05-09T10:00:00Z" || first["payload"] != nil {
		t.Errorf("first %v: want key, received time and no payload", first)
	}
	code, one := e.do(t, "GET", "/v1/inspection-reports/"+second["id"].(string), "", "")
	if code != 200 || one["payload"] == nil {
		t.Errorf("get by id: %d %v, want the payload", code, one)
	}
	if code, one = e.do(t, "GET", "/v1/inspection-reports?idempotency_key=b", "", ""); code != 200 || one["id"] != second["id"] {
		t.Errorf("get by key: %d %v", code, one)
	}
	if code, _ = e.do(t, "GET", "/v1/inspection-reports/dsp-999", "", ""); code != 404 {
		t.Errorf("get unknown: %d, want 404", code)
	}
}

func TestAdminFaults(t *testing.T) {
	e := MustEnv(t)
	post := func(body string) int {
		resp, err := http.Post(e.srv.URL+"/admin/faults", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post(`{"error_rate": 1, "error_status": 503}`); code != 200 {
		t.Fatalf("set faults: %d", code)
	}
	if code, _ := e.do(t, "POST", "/v1/inspection-reports", "k", e.sign(t, good)); code != 503 {
		t.Errorf("submit under error_rate 1: %d, want 503", code)
	}
	if code := post(`{"reject_report_number": "^R-", "latency": "5ms"}`); code != 200 {
		t.Fatalf("set faults: %d", code)
	}
	start := time.Now()
	if code, body := e.do(t, "POST", "/v1/inspection-reports", "k", e.sign(t, good)); code != 422 || !strings.Contains(body["reason"].(string), "R-1") {
		t.Errorf("submit matching the rejection rule: %d %v, want 422", code, body)
	}
	if time.Since(start) < 5*time.Millisecond {
		t.Error("latency not applied")
	}
	for _, bad := range []string{`{"drop_rate": 2}`, `{"reject_report_number": "("}`, `{"nonsense": 1}`} {
		if code := post(bad); code/100 != 4 {
			t.Errorf("set faults %s: %d, want 4xx", bad, code)
		}
	}
	if f := e.sim.Faults(); f.RejectReportNumber != "^R-" {
		t.Errorf("a refused fault setting changed the faults: %+v", f)
	}
	if code := post(`{"rate_limit_rate": 1, "retry_after": 2}`); code != 200 {
		t.Fatal(code)
	}
	req, _ := http.NewRequest("POST", e.srv.URL+"/v1/inspection-reports", bytes.NewReader([]byte(e.sign(t, good))))
	req.Header.Set("Authorization", "Bearer "+e.token)
	req.Header.Set("Idempotency-Key", "k")
	req.Header.Set("Content-Type", "application/jose+json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "2" {
		t.Errorf("429 with Retry-After: got %d %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
}
