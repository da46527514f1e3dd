package review

import (
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"strings"
	"time"
)

type loginData struct {
	Next  string
	Token string
	Name  string
}

// safeNext keeps a post-sign-in redirect on this UI: a path below the base,
// never another host.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return ""
	}
	return next
}

func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.session(r); ok {
		http.Redirect(w, r, s.base(r), http.StatusSeeOther)
		return
	}
	s.showLogin(w, r, http.StatusOK, "", "")
}

// showLogin renders the sign-in form with a fresh login CSRF token, held in
// a short-lived cookie (double submit: there is no session yet).
func (s *Server) showLogin(w http.ResponseWriter, r *http.Request, status int, name, msg string) {
	tok := newToken()
	http.SetCookie(w, s.cookie(r, loginCookie, tok, 3600))
	v := s.view(r, nil, "Sign in", loginData{Next: safeNext(r.FormValue("next")), Token: tok, Name: name})
	v.Error = msg
	s.render(w, status, "login", v)
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie(loginCookie)
	if err != nil || !sameOrigin(r) || !validToken(c.Value, r.PostFormValue("csrf")) {
		s.showLogin(w, r, http.StatusForbidden, "", "The sign-in form was out of date. Try again.")
		return
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	password := r.PostFormValue("password")
	now := s.now()
	keys := []string{"user:" + strings.ToLower(name), "ip:" + clientIP(r)}
	for _, k := range keys {
		if wait := s.limit.wait(k, now); wait > 0 {
			mins := int(math.Ceil(wait.Minutes()))
			s.log.Warn("review: sign-in refused, too many failures", "user", name, "addr", clientIP(r))
			w.Header().Set("Retry-After", fmt.Sprint(int(math.Ceil(wait.Seconds()))))
			s.showLogin(w, r, http.StatusTooManyRequests, name,
				fmt.Sprintf("Too many failed sign-ins. Wait %d minute(s) and try again, or ask an administrator to reset your password.", mins))
			return
		}
	}
	u, err := s.opts.Users.User(r.Context(), name)
	ok := false
	switch {
	case err == nil:
		ok = CheckPassword(u.PasswordHash, password)
	case errors.Is(err, ErrUnknownUser):
		CheckPassword(dummyHash(), password) // same time as a wrong password
	default:
		s.log.Error("review: read users", "err", err)
		s.showLogin(w, r, http.StatusInternalServerError, name, "Sign-in is not available: the users file cannot be read. Tell an administrator.")
		return
	}
	if !ok {
		for _, k := range keys {
			s.limit.failed(k, now)
		}
		s.log.Info("review: failed sign-in", "user", name, "addr", clientIP(r))
		time.Sleep(250 * time.Millisecond) // slow down guessing from one connection
		s.showLogin(w, r, http.StatusUnauthorized, name, "Wrong user name or password.")
		return
	}
	s.limit.reset(keys[0])
	if old, err := r.Cookie(sessionCookie); err == nil {
		s.sessions.delete(old.Value)
	}
	ss := s.sessions.create(u, now)
	http.SetCookie(w, s.cookie(r, sessionCookie, ss.id, int(s.opts.SessionMax.Seconds())))
	http.SetCookie(w, s.cookie(r, loginCookie, "", -1))
	s.log.Info("review: signed in", "user", u.Name, "role", string(u.Role))
	dest := s.base(r)
	if next := safeNext(r.PostFormValue("next")); next != "" {
		dest = strings.TrimSuffix(s.base(r), "/") + next
	}
	http.Redirect(w, r, dest, http.StatusSeeOther)
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request, ss session) {
	s.sessions.delete(ss.id)
	http.SetCookie(w, s.cookie(r, sessionCookie, "", -1))
	http.Redirect(w, r, s.base(r)+"login", http.StatusSeeOther)
}
