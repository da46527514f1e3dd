package review

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/labrelay/labrelay"
)

// Cookie names. The session cookie holds only a random id; everything else
// stays on the server.
const (
	sessionCookie = "labrelay_review"
	loginCookie   = "labrelay_review_login"
)

// session is one signed-in browser.
type session struct {
	id      string
	user    string
	role    Role
	csrf    string
	created time.Time
	seen    time.Time
}

// sessions are the server-side sessions, kept in the store so that a
// restart keeps reviewers signed in and several processes behind one load
// balancer share them. Sessions end at logout, after idle without a
// request, or max after sign-in, whichever comes first.
type sessions struct {
	store     labrelay.SessionStore
	idle, max time.Duration
	log       *slog.Logger

	mu        sync.Mutex
	lastPrune time.Time
}

// touchEvery bounds the store writes of a busy session: its last use is
// recorded at most once a minute, precise enough for an idle limit of
// minutes or hours.
const touchEvery = time.Minute

func newToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("review: crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// create starts a fresh session (a new id at every sign-in: no fixation)
// and prunes ended ones, at most once a minute.
func (s *sessions) create(ctx context.Context, u User, now time.Time) (session, error) {
	ss := session{id: newToken(), user: u.Name, role: u.Role, csrf: newToken(), created: now, seen: now}
	if err := s.store.CreateSession(ctx, labrelay.Session{ID: ss.id, User: ss.user, Role: string(ss.role),
		CSRF: ss.csrf, Created: now, Seen: now}); err != nil {
		return session{}, err
	}
	s.mu.Lock()
	due := now.Sub(s.lastPrune) >= time.Minute
	if due {
		s.lastPrune = now
	}
	s.mu.Unlock()
	if due {
		if _, err := s.store.PruneSessions(ctx, now.Add(-s.idle), now.Add(-s.max)); err != nil {
			s.log.Warn("review: could not prune ended sessions", "err", err)
		}
	}
	return ss, nil
}

func (s *sessions) expired(ss labrelay.Session, now time.Time) bool {
	return now.Sub(ss.Seen) > s.idle || now.Sub(ss.Created) > s.max
}

// get returns the live session with id and marks it used. A store that
// cannot answer signs no one in (and says so in the log).
func (s *sessions) get(ctx context.Context, id string, now time.Time) (session, bool) {
	st, err := s.store.Session(ctx, id)
	if err != nil {
		if !errors.Is(err, labrelay.ErrNotFound) {
			s.log.Error("review: session lookup", "err", err)
		}
		return session{}, false
	}
	if s.expired(st, now) {
		s.delete(ctx, id)
		return session{}, false
	}
	if now.Sub(st.Seen) >= touchEvery {
		if err := s.store.TouchSession(ctx, id, now); err != nil {
			s.log.Warn("review: could not record session use", "err", err)
		}
		st.Seen = now
	}
	return session{id: id, user: st.User, role: Role(st.Role), csrf: st.CSRF, created: st.Created, seen: st.Seen}, true
}

func (s *sessions) delete(ctx context.Context, id string) {
	if err := s.store.DeleteSession(context.WithoutCancel(ctx), id); err != nil {
		s.log.Warn("review: could not end a session", "err", err)
	}
}

// validToken compares a submitted CSRF token in constant time.
func validToken(want, got string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1
}

func (s *Server) cookie(r *http.Request, name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name:     name,
		Value:    value,
		Path:     s.base(r),
		MaxAge:   maxAge,
		HttpOnly: true,
		Secure:   !s.opts.InsecureCookies || s.overTLS(r),
		SameSite: http.SameSiteStrictMode,
	}
}
