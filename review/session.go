package review

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"sync"
	"time"
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

// sessions is the server-side session map. Sessions end at logout, after
// idle without a request, or max after sign-in, whichever comes first.
type sessions struct {
	idle, max time.Duration

	mu sync.Mutex
	m  map[string]*session
}

func newToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("review: crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// create starts a fresh session (a new id at every sign-in: no fixation).
func (s *sessions) create(u User, now time.Time) *session {
	ss := &session{id: newToken(), user: u.Name, role: u.Role, csrf: newToken(), created: now, seen: now}
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, old := range s.m { // prune while we hold the lock
		if s.expired(old, now) {
			delete(s.m, id)
		}
	}
	s.m[ss.id] = ss
	return ss
}

func (s *sessions) expired(ss *session, now time.Time) bool {
	return now.Sub(ss.seen) > s.idle || now.Sub(ss.created) > s.max
}

// get returns the live session with id and marks it used.
func (s *sessions) get(id string, now time.Time) (session, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ss, ok := s.m[id]
	if !ok {
		return session{}, false
	}
	if s.expired(ss, now) {
		delete(s.m, id)
		return session{}, false
	}
	ss.seen = now
	return *ss, true
}

func (s *sessions) delete(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, id)
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
