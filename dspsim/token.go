package dspsim

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"net/http"
	"strings"
	"time"
)

// handleToken is the OAuth 2.0 client-credentials token endpoint (RFC 6749
// §4.4), accepting client authentication by Basic header or form fields.
func (s *Server) handleToken(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		writeProblem(w, http.StatusBadRequest, "invalid_request", "the token request body is not a form")
		return
	}
	if gt := r.PostForm.Get("grant_type"); gt != "client_credentials" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unsupported_grant_type", "error_description": "only grant_type=client_credentials is supported"})
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	if s.ClientID == "" || !equal(id, s.ClientID) || !equal(secret, s.ClientSecret) {
		w.Header().Set("WWW-Authenticate", `Basic realm="dsp-sim"`)
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client", "error_description": "unknown client id or wrong secret"})
		s.logger().Info("token refused", "client_id", id)
		return
	}
	ttl := s.TokenTTL
	if ttl <= 0 {
		ttl = time.Hour
	}
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	tok := hex.EncodeToString(b)
	now := s.now()
	s.mu.Lock()
	for t, exp := range s.tokens {
		if !now.Before(exp) {
			delete(s.tokens, t)
		}
	}
	s.tokens[tok] = now.Add(ttl)
	s.mu.Unlock()
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, map[string]any{
		"access_token": tok,
		"token_type":   "Bearer",
		"expires_in":   int(ttl / time.Second),
	})
}

// RevokeTokens forgets every issued token, as a DSP key rotation would:
// the next request with an old token gets 401.
func (s *Server) RevokeTokens() {
	s.init()
	s.mu.Lock()
	defer s.mu.Unlock()
	clear(s.tokens)
}

// authorized wraps h with a bearer-token check.
func (s *Server) authorized(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		tok, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok || tok == "" {
			w.Header().Set("WWW-Authenticate", `Bearer realm="dsp-sim"`)
			writeProblem(w, http.StatusUnauthorized, "unauthorized", "no bearer token; get one from /oauth/token")
			return
		}
		s.mu.Lock()
		exp, known := s.tokens[tok]
		forced := s.faults.Unauthorized > 0
		if forced {
			s.faults.Unauthorized--
		}
		s.mu.Unlock()
		switch {
		case forced:
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			writeProblem(w, http.StatusUnauthorized, "invalid_token", "the bearer token was refused (injected fault)")
			return
		case !known:
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			writeProblem(w, http.StatusUnauthorized, "invalid_token", "unknown bearer token")
			return
		case !s.now().Before(exp):
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			writeProblem(w, http.StatusUnauthorized, "invalid_token", "the bearer token expired")
			return
		}
		h(w, r)
	}
}

func equal(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}
