package review

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// limiter slows down password guessing with exponential back-off per key
// (an account, a client address): the first burst failures are free, then
// each further one makes the next attempt wait base, 2·base, 4·base… up to
// ceiling. Failures are forgotten forget after the last one. An attempt is
// counted when it starts (begin), before the password is checked, so
// parallel attempts cannot slip through between check and count; a
// successful sign-in gives it back (succeeded).
type limiter struct {
	burst   int
	base    time.Duration
	ceiling time.Duration
	forget  time.Duration

	mu   sync.Mutex
	fail map[string]*failures
}

type failures struct {
	n    int
	last time.Time
}

func newLimiter(burst int, base, ceiling, forget time.Duration) *limiter {
	return &limiter{burst: burst, base: base, ceiling: ceiling, forget: max(forget, ceiling), fail: map[string]*failures{}}
}

// delay is how long after its last failure key must wait with n failures.
func (l *limiter) delay(n int) time.Duration {
	if n < l.burst {
		return 0
	}
	d := l.base
	for i := l.burst; i < n && d < l.ceiling; i++ {
		d *= 2
	}
	return min(d, l.ceiling)
}

// wait returns how long key must still wait, 0 if it may try now. l.mu held.
func (l *limiter) wait(key string, now time.Time) time.Duration {
	f, ok := l.fail[key]
	if !ok {
		return 0
	}
	if now.Sub(f.last) >= l.forget {
		delete(l.fail, key)
		return 0
	}
	return max(0, l.delay(f.n)-now.Sub(f.last))
}

// begin counts one attempt for key if it may try now; otherwise it
// returns how long to wait and counts nothing.
func (l *limiter) begin(key string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if w := l.wait(key, now); w > 0 {
		return w
	}
	if len(l.fail) > 100000 { // bound memory under a spray of names
		for k, f := range l.fail {
			if now.Sub(f.last) >= l.forget {
				delete(l.fail, k)
			}
		}
	}
	f, ok := l.fail[key]
	if !ok {
		f = &failures{}
		l.fail[key] = f
	}
	f.n++
	f.last = now
	return 0
}

// succeeded gives back the attempt begin counted for key and, with reset,
// forgets its failures.
func (l *limiter) succeeded(key string, reset bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f, ok := l.fail[key]
	if !ok {
		return
	}
	if f.n--; reset || f.n <= 0 {
		delete(l.fail, key)
	}
}

// hashGate bounds how many password hashes (argon2id, ~19 MiB each) run at
// once, so a flood of sign-ins queues instead of growing memory.
type hashGate struct {
	slots chan struct{}
	busy  atomic.Int64
	peak  atomic.Int64 // most hashes seen running at once
}

func newHashGate(n int) *hashGate { return &hashGate{slots: make(chan struct{}, n)} }

// check runs CheckPassword in a slot; ok is false also when ctx ended
// while waiting for one.
func (g *hashGate) check(ctx context.Context, hash, password string) (ok bool, err error) {
	select {
	case g.slots <- struct{}{}:
	case <-ctx.Done():
		return false, ctx.Err()
	}
	defer func() { <-g.slots }()
	n := g.busy.Add(1)
	defer g.busy.Add(-1)
	for p := g.peak.Load(); n > p && !g.peak.CompareAndSwap(p, n); p = g.peak.Load() {
	}
	return CheckPassword(hash, password), nil
}

// parsePrefixes reads the trusted proxies: CIDRs or single addresses.
func parsePrefixes(list []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range list {
		s = strings.TrimSpace(s)
		p, err := netip.ParsePrefix(s)
		if err != nil {
			a, aerr := netip.ParseAddr(s)
			if aerr != nil {
				return nil, fmt.Errorf("review: trusted proxy %q is not an address or CIDR", s)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		out = append(out, p.Masked())
	}
	return out, nil
}

func (s *Server) trusted(a netip.Addr) bool {
	a = a.Unmap()
	for _, p := range s.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// peer is the address the connection comes from.
func peer(r *http.Request) (netip.Addr, bool) {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, err := netip.ParseAddr(host)
	return a.Unmap(), err == nil
}

// clientIP is the real client address: the connection's peer, or, when the
// peer is a trusted proxy, the nearest address in Forwarded (or else
// X-Forwarded-For) that is not a trusted proxy. Headers from anyone else
// are ignored, so a client cannot pick its own address.
func (s *Server) clientIP(r *http.Request) string {
	a, ok := peer(r)
	if !ok {
		return r.RemoteAddr
	}
	if !s.trusted(a) {
		return a.String()
	}
	hops := forwardedFor(r)
	for i := len(hops) - 1; i >= 0; i-- {
		h, err := netip.ParseAddr(hops[i])
		if err != nil {
			break // unreadable: keep the last hop we could trust
		}
		a = h.Unmap()
		if !s.trusted(a) {
			break
		}
	}
	return a.String()
}

// forwardedFor lists the client addresses proxies added, oldest first:
// the for= of Forwarded (RFC 7239) when present, else X-Forwarded-For.
func forwardedFor(r *http.Request) []string {
	var hops []string
	for _, v := range r.Header.Values("Forwarded") {
		for _, elem := range strings.Split(v, ",") {
			for _, pair := range strings.Split(elem, ";") {
				k, val, ok := strings.Cut(strings.TrimSpace(pair), "=")
				if ok && strings.EqualFold(k, "for") {
					hops = append(hops, hostOnly(strings.Trim(val, `"`)))
				}
			}
		}
	}
	if len(hops) > 0 {
		return hops
	}
	for _, v := range r.Header.Values("X-Forwarded-For") {
		for _, h := range strings.Split(v, ",") {
			hops = append(hops, hostOnly(strings.TrimSpace(h)))
		}
	}
	return hops
}

// hostOnly drops a port and IPv6 brackets: "[2001:db8::1]:4711" → "2001:db8::1".
func hostOnly(h string) string {
	if host, _, err := net.SplitHostPort(h); err == nil {
		return host
	}
	return strings.TrimSuffix(strings.TrimPrefix(h, "["), "]")
}

// overTLS reports whether the browser reached us over HTTPS: directly, or
// through a trusted proxy that says so (X-Forwarded-Proto or Forwarded).
func (s *Server) overTLS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	if a, ok := peer(r); !ok || !s.trusted(a) {
		return false
	}
	if strings.EqualFold(strings.TrimSpace(r.Header.Get("X-Forwarded-Proto")), "https") {
		return true
	}
	return strings.Contains(strings.ToLower(r.Header.Get("Forwarded")), "proto=https")
}
