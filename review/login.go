package review

import (
	"errors"
	"fmt"
	"math"
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

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	c, err := r.Cookie(loginCookie)
	if err != nil || !sameOrigin(r) || !validToken(c.Value, r.PostFormValue("csrf")) {
		s.showLogin(w, r, http.StatusForbidden, "", "The sign-in form was out of date. Try again.")
		return
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	addr := s.clientIP(r)
	account, client := "user:"+strings.ToLower(name), "ip:"+addr
	if !s.beginLogin(w, r, name, account, client) {
		return
	}
	u, ok, err := s.checkLogin(r, name, r.PostFormValue("password"))
	if err != nil {
		s.log.Error("review: sign-in check", "err", err)
		s.showLogin(w, r, http.StatusServiceUnavailable, name, "Sign-in is not available: the users file cannot be read. Tell an administrator.")
		return
	}
	if !ok {
		s.log.Info("review: failed sign-in", "user", name, "addr", addr)
		time.Sleep(250 * time.Millisecond) // slow down guessing from one connection
		s.showLogin(w, r, http.StatusUnauthorized, name, "Wrong user name or password.")
		return
	}
	s.accounts.succeeded(account, true)
	s.clients.succeeded(client, false)
	if old, err := r.Cookie(sessionCookie); err == nil {
		s.sessions.delete(r.Context(), old.Value)
	}
	ss, err := s.sessions.create(r.Context(), u, s.now())
	if err != nil {
		s.log.Error("review: start session", "user", u.Name, "err", err)
		s.showLogin(w, r, http.StatusServiceUnavailable, name, "Sign-in is not available right now: the database did not answer. Try again in a minute.")
		return
	}
	http.SetCookie(w, s.cookie(r, sessionCookie, ss.id, int(s.opts.SessionMax.Seconds())))
	http.SetCookie(w, s.cookie(r, loginCookie, "", -1))
	s.log.Info("review: signed in", "user", u.Name, "role", string(u.Role))
	dest := s.base(r)
	if next := safeNext(r.PostFormValue("next")); next != "" {
		dest = strings.TrimSuffix(s.base(r), "/") + next
	}
	http.Redirect(w, r, dest, http.StatusSeeOther)
}

// beginLogin counts the attempt against the account and the client
// address before the password is checked; if either must wait, it shows
// how long and returns false.
func (s *Server) beginLogin(w http.ResponseWriter, r *http.Request, name, account, client string) bool {
	now := s.now()
	wait := s.clients.begin(client, now)
	if wait == 0 {
		if wait = s.accounts.begin(account, now); wait > 0 {
			s.clients.succeeded(client, false) // not checked: give the client's attempt back
		}
	}
	if wait == 0 {
		return true
	}
	s.log.Warn("review: sign-in refused, too many failures", "user", name, "addr", strings.TrimPrefix(client, "ip:"))
	secs := int(math.Ceil(wait.Seconds()))
	w.Header().Set("Retry-After", fmt.Sprint(secs))
	s.showLogin(w, r, http.StatusTooManyRequests, name,
		fmt.Sprintf("Too many failed sign-ins. Wait %s and try again, or ask an administrator to reset your password.", waitText(secs)))
	return false
}

func waitText(secs int) string {
	if secs < 120 {
		return fmt.Sprintf("%d second(s)", secs)
	}
	return fmt.Sprintf("%d minute(s)", (secs+59)/60)
}

// checkLogin checks the password, in a hashing slot. An unknown user costs
// the same as a wrong password.
func (s *Server) checkLogin(r *http.Request, name, password string) (User, bool, error) {
	u, err := s.opts.Users.User(r.Context(), name)
	switch {
	case err == nil:
		ok, err := s.hashing.check(r.Context(), u.PasswordHash, password)
		return u, ok, err
	case errors.Is(err, ErrUnknownUser):
		_, err := s.hashing.check(r.Context(), dummyHash(), password)
		return User{}, false, err
	}
	return User{}, false, fmt.Errorf("read users: %w", err)
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request, ss session) {
	s.sessions.delete(r.Context(), ss.id)
	http.SetCookie(w, s.cookie(r, sessionCookie, "", -1))
	http.Redirect(w, r, s.base(r)+"login", http.StatusSeeOther)
}
