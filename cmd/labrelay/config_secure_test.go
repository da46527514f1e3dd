package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/labrelay/labrelay/batch"
	"github.com/labrelay/labrelay/sign"
)

// TestSecureCookiesDefault: review cookies are Secure unless the file
// turns them off in so many words (issue 17 finding 5).
func TestSecureCookiesDefault(t *testing.T) {
	for _, tc := range []struct {
		name, extra string
		want        bool
	}{
		{"unset", "", true},
		{"review section without it", "\nreview: {claim_ttl: 10m}", true},
		{"explicit false", "\nreview: {secure_cookies: false}", false},
		{"explicit true", "\nreview: {secure_cookies: true}", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := parseConfig(strings.NewReader(minimal+tc.extra), env(nil))
			if err != nil {
				t.Fatal(err)
			}
			if got := reviewSettings(c.Review).SecureCookies; got != tc.want {
				t.Errorf("secure cookies = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestStoreFilesPrivate: the directory run makes for the SQLite file is
// 0700 and the file 0600 (issue 17 finding 5).
func TestStoreFilesPrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "var", "relay")
	st, err := openStore(t.Context(), StoreConfig{SQLite: filepath.Join(dir, "labrelay.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for path, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, "labrelay.db"): 0o600} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %#o, want %#o", path, got, want)
		}
	}
}

// TestTerminalEscapes: S3 keys and reasons reach the terminal with their
// control characters escaped, in the batch summary and in a command's
// error line (issue 17 finding 5).
func TestTerminalEscapes(t *testing.T) {
	const evil = "s3://lab/\x1b]0;owned\x07report\r\nlabrelay: forged line.pdf"
	var out strings.Builder
	printBatchSummary(&out, &batch.Summary{
		Errors:    []string{"list " + evil + ": refused"},
		Attention: []batch.Item{{Kind: "failed", DocumentID: 7, Source: evil, State: "failed", Message: "could not read " + evil}},
	})
	m := &Main{Stdout: io.Discard, Stderr: &out}
	m.Run(t.Context(), []string{"extract", filepath.Join(t.TempDir(), "\x1b[2Jmissing\x1b]0;x\x07.pdf")})
	got := out.String()
	for _, bad := range []string{"\x1b", "\x07", "\r"} {
		if strings.Contains(got, bad) {
			t.Errorf("terminal output holds %q:\n%s", bad, got)
		}
	}
	if !strings.Contains(got, `\x1b]0;owned\x07report`) || !strings.Contains(got, `\x1b[2Jmissing`) {
		t.Errorf("escaped key not shown:\n%s", got)
	}
}

// TestWebhookNeedsToken: run refuses a webhook without a token unless
// insecure_no_auth is written, and then warns at start and in /readyz
// (issue 17 finding 2).
func TestWebhookNeedsToken(t *testing.T) {
	_, err := parseConfig(strings.NewReader(minimal+"\nnotifications: {webhook: {path: /s3}}"), env(nil))
	if err == nil || !strings.Contains(err.Error(), "notifications.webhook.token: required") {
		t.Fatalf("webhook without token: err = %v, want one naming notifications.webhook.token", err)
	}
	for _, tc := range []struct {
		name, webhook string
		warn          bool
	}{
		{"token", "{path: /s3, token: t0ken}", false},
		{"insecure_no_auth", "{path: /s3, insecure_no_auth: true}", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs strings.Builder
			r := mustRelay(t, "\nnotifications: {webhook: "+tc.webhook+"}", &logs)
			rec := httptest.NewRecorder()
			r.Mux.ServeHTTP(rec, httptest.NewRequest("GET", "/readyz", nil))
			if rec.Code != 200 {
				t.Fatalf("/readyz: %d %s", rec.Code, rec.Body)
			}
			const want = "accepts events from anyone"
			if got := strings.Contains(rec.Body.String(), want); got != tc.warn {
				t.Errorf("/readyz = %q; warning shown %v, want %v", rec.Body, got, tc.warn)
			}
			if got := strings.Contains(logs.String(), "level=WARN") && strings.Contains(logs.String(), want); got != tc.warn {
				t.Errorf("start log warns %v, want %v:\n%s", got, tc.warn, logs.String())
			}
		})
	}
}

// mustRelay opens a relay on the minimal config plus extra, with a fresh
// key and database.
func mustRelay(t *testing.T, extra string, logs io.Writer) *relay {
	t.Helper()
	dir := t.TempDir()
	key := filepath.Join(dir, "key.pem")
	k, err := sign.GenerateKey(sign.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sign.WriteKey(key, k); err != nil {
		t.Fatal(err)
	}
	yml := strings.NewReplacer("/tmp/x.db", filepath.Join(dir, "l.db"), "k.pem", key).Replace(minimal) + extra
	c, err := parseConfig(strings.NewReader(yml), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	r, err := openRelay(t.Context(), c, slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// TestMetricsAddr: with http.metrics_addr, /metrics is served there and
// not on the main listener.
func TestMetricsAddr(t *testing.T) {
	r := mustRelay(t, "\nhttp: {addr: 127.0.0.1:0, metrics_addr: 127.0.0.1:0}", io.Discard)
	if err := r.Listen(); err != nil {
		t.Fatal(err)
	}
	if r.Metrics == nil {
		t.Fatal("no metrics listener")
	}
	if err := r.Metrics.Start(); err != nil {
		t.Fatal(err)
	}
	defer r.Metrics.Shutdown()
	defer r.HTTP.Shutdown()
	resp, err := http.Get(r.Metrics.URL() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "go_goroutines") {
		t.Errorf("metrics listener: %s\n%.200s", resp.Status, body)
	}
	rec := httptest.NewRecorder()
	r.Mux.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("main listener /metrics: %d, want 404", rec.Code)
	}
	if _, err := parseConfig(strings.NewReader(minimal+"\nhttp: {addr: 127.0.0.1:9, metrics_addr: 127.0.0.1:9}"), env(nil)); err == nil ||
		!strings.Contains(err.Error(), "http.metrics_addr") {
		t.Errorf("metrics_addr = addr: err = %v", err)
	}
}
