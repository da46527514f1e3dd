package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestDSPSimProfile: `dsp-sim --profile untp-dcc` answers 415 to a signed
// record and takes a credential's media type; without --profile both are
// taken.
func TestDSPSimProfile(t *testing.T) {
	for _, tc := range []struct {
		profile  string
		mediaOK  string
		media415 string
	}{
		{"untp-dcc", "application/vc+jwt", "application/jose"},
		{"record", "application/jose", "application/vc+jwt"},
		{"", "application/vc+jwt", ""},
	} {
		t.Run("profile="+tc.profile, func(t *testing.T) {
			base := startDSPSim(t, "--profile", tc.profile)
			token := dspSimToken(t, base)
			if tc.media415 != "" {
				if code, body := dspSimSubmit(t, base, token, tc.media415); code != http.StatusUnsupportedMediaType || !strings.Contains(body, "profile_mismatch") {
					t.Errorf("%s to a %s DSP: got %d %s, want 415 profile_mismatch", tc.media415, tc.profile, code, body)
				}
			}
			// The payload is no valid JWS: refused, but not for its media type.
			if code, body := dspSimSubmit(t, base, token, tc.mediaOK); code == http.StatusUnsupportedMediaType {
				t.Errorf("%s to a %q DSP: got 415 %s", tc.mediaOK, tc.profile, body)
			}
		})
	}
	t.Run("unknown profile", func(t *testing.T) {
		var stderr strings.Builder
		err := (&Main{Stdout: io.Discard, Stderr: &stderr}).Run(t.Context(), []string{"dsp-sim", "--client-secret", "s", "--profile", "wire"})
		var ee *ExitError
		if !errors.As(err, &ee) || ee.Code != 2 || !strings.Contains(stderr.String(), "--profile must be") {
			t.Errorf("got %v, stderr %q; want exit 2 naming --profile", err, stderr.String())
		}
	})
}

// startDSPSim runs `labrelay dsp-sim` on a free port until the test ends
// and returns its base URL, read from its "listening" log line.
func startDSPSim(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		argv := append([]string{"dsp-sim", "--addr", "127.0.0.1:0", "--client-secret", "s", "--log-format", "json"}, args...)
		done <- (&Main{Stdout: io.Discard, Stderr: pw}).Run(ctx, argv)
		pw.Close()
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			var line struct{ Msg, URL string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "dsp-sim listening" {
				urls <- line.URL
			}
		}
		io.Copy(io.Discard, pr)
	}()
	select {
	case u := <-urls:
		return u
	case err := <-done:
		t.Fatalf("dsp-sim exited: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("dsp-sim did not log its address")
	}
	return ""
}

func dspSimToken(t *testing.T, base string) string {
	t.Helper()
	resp, err := http.PostForm(base+"/oauth/token", url.Values{"grant_type": {"client_credentials"}, "client_id": {"labrelay"}, "client_secret": {"s"}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("token: status %d, %v", resp.StatusCode, err)
	}
	return tok.AccessToken
}

func dspSimSubmit(t *testing.T, base, token, mediaType string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, base+"/v1/inspection-reports", strings.NewReader("eyJhbGciOiJFZERTQSJ9.e30.AA"))
	req.Header.Set("Content-Type", mediaType)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Idempotency-Key", "k-"+strings.ReplaceAll(mediaType, "/", "-"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}
