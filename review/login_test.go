package review_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labrelay/labrelay/review"
)

// loginFrom signs in as name through a proxy that says the client is
// client (X-Forwarded-For), in a browser of its own; safe in goroutines.
func (r *rig) loginFrom(name, pw, client string) (int, http.Header, error) {
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	send := func(req *http.Request) (int, http.Header, string, error) {
		req.Header.Set("X-Forwarded-For", client)
		resp, err := hc.Do(req)
		if err != nil {
			return 0, nil, "", err
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header, string(b), nil
	}
	req, _ := http.NewRequest(http.MethodGet, r.URL+"login", nil)
	_, _, body, err := send(req)
	if err != nil {
		return 0, nil, err
	}
	m := csrfRE.FindStringSubmatch(body)
	if m == nil {
		return 0, nil, fmt.Errorf("no csrf token on the sign-in page")
	}
	form := url.Values{"csrf": {m[1]}, "name": {name}, "password": {pw}}
	req, _ = http.NewRequest(http.MethodPost, r.URL+"login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	status, hd, _, err := send(req)
	return status, hd, err
}

// flood sends n sign-ins at once; name and client pick each one's account
// and address. It returns how many got each status.
func (r *rig) flood(t *testing.T, n int, name, client func(i int) string) map[int]int {
	t.Helper()
	var mu sync.Mutex
	got := map[int]int{}
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			status, _, err := r.loginFrom(name(i), "wrong guess", client(i))
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Error(err)
			}
			got[status]++
		})
	}
	wg.Wait()
	return got
}

func behindProxy(o *review.Options) { o.TrustedProxies = []string{"127.0.0.0/8", "::1"} }

// Finding 1 of issue 17: 5 wrong passwords locked the account and the
// proxy's address (so every reviewer) for 15 minutes, the limiter checked
// before it counted, and a flood ran argon2id without bound.
func TestLoginFloodDoesNotLockOthersOut(t *testing.T) {
	r := newRig(t, behindProxy)
	const n = 80
	got := r.flood(t, n, func(int) string { return "bob" }, func(int) string { return "203.0.113.7" })
	if got[http.StatusUnauthorized] != 5 || got[http.StatusTooManyRequests] != n-5 {
		t.Fatalf("%d parallel wrong sign-ins for one account: %v, want 5 checked (401) and the rest 429", n, got)
	}
	// Another reviewer behind the same proxy is not locked out.
	if status, _, err := r.loginFrom("alice", password, "198.51.100.2"); err != nil || status != http.StatusSeeOther {
		t.Fatalf("alice from another address after the flood: %d %v, want 303", status, err)
	}
	// A spray over many accounts and addresses queues for hashing slots.
	got = r.flood(t, n, func(i int) string { return fmt.Sprintf("nobody%d", i) }, func(i int) string { return fmt.Sprintf("192.0.2.%d", i+1) })
	if got[http.StatusUnauthorized] != n {
		t.Fatalf("spray: %v, want all %d checked", got, n)
	}
	if peak := r.Server.PeakHashing(); peak < 1 || peak > 2 {
		t.Fatalf("%d password checks ran at once, want at most 2", peak)
	}
}

// A client cannot pick its own address: without a trusted proxy the
// headers are ignored and the connection's address is limited.
func TestForwardedForIgnoredFromUntrustedPeer(t *testing.T) {
	r := newRig(t)
	got := map[int]int{}
	for i := range 25 {
		status, _, err := r.loginFrom(fmt.Sprintf("nobody%d", i), "wrong", fmt.Sprintf("192.0.2.%d", i+1))
		if err != nil {
			t.Fatal(err)
		}
		got[status]++
	}
	if got[http.StatusUnauthorized] != 20 || got[http.StatusTooManyRequests] != 5 {
		t.Fatalf("25 wrong sign-ins with made-up X-Forwarded-For: %v, want 20 checked and 5 refused", got)
	}
}

func TestLoginBackoffGrows(t *testing.T) {
	r := newRig(t)
	b := r.client(t)
	for i := range 5 {
		if resp := b.tryLogin("alice", fmt.Sprint("guess", i)); resp.Status != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i, resp.Status)
		}
	}
	var waits []string
	for range 8 {
		resp := b.tryLogin("alice", password)
		if resp.Status != http.StatusTooManyRequests {
			t.Fatalf("during back-off: %d, want 429", resp.Status)
		}
		wait := resp.Header.Get("Retry-After")
		waits = append(waits, wait)
		var secs int
		fmt.Sscan(wait, &secs)
		r.Clock.Add(time.Duration(secs) * time.Second)
		if resp := b.tryLogin("alice", "another guess"); resp.Status != http.StatusUnauthorized {
			t.Fatalf("after waiting %ss: %d, want the password checked", wait, resp.Status)
		}
	}
	if want := "1 2 4 8 16 32 60 60"; strings.Join(waits, " ") != want {
		t.Fatalf("Retry-After went %v, want %s (doubling, capped at a minute)", waits, want)
	}
	r.Clock.Add(time.Minute)
	b.login("alice") // a delay, never a lock-out
}

// Behind a TLS proxy that says so, cookies are Secure even where
// InsecureCookies was set for local plain-HTTP use; a client saying so
// itself is not believed.
func TestForwardedProtoFromTrustedProxy(t *testing.T) {
	for _, tc := range []struct {
		name    string
		opts    []rigOption
		secure  bool
		headers map[string]string
	}{
		{"trusted X-Forwarded-Proto", []rigOption{behindProxy}, true, map[string]string{"X-Forwarded-Proto": "https"}},
		{"trusted Forwarded", []rigOption{behindProxy}, true, map[string]string{"Forwarded": "for=192.0.2.1;proto=https"}},
		{"trusted, plain http", []rigOption{behindProxy}, false, map[string]string{"X-Forwarded-Proto": "http"}},
		{"untrusted peer", nil, false, map[string]string{"X-Forwarded-Proto": "https"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRig(t, tc.opts...)
			req, _ := http.NewRequest(http.MethodGet, r.URL+"login", nil)
			for k, v := range tc.headers {
				req.Header.Set(k, v)
			}
			resp := r.client(t).do(req)
			cookies := (&http.Response{Header: resp.Header}).Cookies()
			if len(cookies) == 0 || cookies[0].Secure != tc.secure {
				t.Fatalf("cookies %+v, want Secure=%v", cookies, tc.secure)
			}
		})
	}
}
