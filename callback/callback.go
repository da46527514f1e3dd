package callback

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labrelay/labrelay"
)

// Headers the DSP sends with a callback.
const (
	HeaderTimestamp = "X-DSP-Timestamp" // Unix seconds
	HeaderSignature = "X-DSP-Signature" // "sha256=" + hex HMAC
	HeaderEventID   = "X-DSP-Event-Id"
)

// NonceStore remembers the event ids of callbacks already accepted.
// labrelay.Store implements it.
type NonceStore interface {
	// SeenNonce records nonce and reports whether it had been seen before
	// (a replay). at is when the signed request was made.
	SeenNonce(ctx context.Context, nonce string, at time.Time) (bool, error)
}

// Recorder keeps an exception status against the submission's document.
type Recorder interface {
	// RecordException records that the DSP gave submission dspID status
	// with reason at time at. It returns an error wrapping
	// labrelay.ErrNotFound when no document was published as dspID.
	RecordException(ctx context.Context, dspID, status, reason string, at time.Time) error
}

// Event is the body of a callback.
type Event struct {
	EventID        string    `json:"event_id"`
	ID             string    `json:"id"`
	IdempotencyKey string    `json:"idempotency_key,omitempty"`
	ReportNumber   string    `json:"report_number,omitempty"`
	Status         string    `json:"status"`
	Reason         string    `json:"reason,omitempty"`
	OccurredAt     time.Time `json:"occurred_at"`
}

// Handler is the http.Handler of the callback URL.
type Handler struct {
	// Secret is the HMAC key shared with the DSP. Required.
	Secret []byte
	// Nonces refuses replays; Recorder keeps the statuses. Required.
	Nonces   NonceStore
	Recorder Recorder
	// MaxAge is how old a callback may be; default 5 minutes.
	MaxAge time.Duration
	// Skew is how far in the future a timestamp may be; default 30s.
	Skew time.Duration
	// MaxBody bounds a callback's size; default 64 KiB.
	MaxBody int64
	// Now is the clock; default time.Now.
	Now func() time.Time
	// Logger gets one line per refused or recorded callback.
	Logger *slog.Logger

	pruneMu   sync.Mutex
	lastPrune time.Time
}

// NoncePruner forgets nonces; a NonceStore that implements it (such as
// labrelay.Store) is pruned of nonces older than MaxAge, at most once a
// minute: a replay of them is refused by its timestamp anyway.
type NoncePruner interface {
	PruneNonces(ctx context.Context, before time.Time) (int, error)
}

// MinSecretLen is the shortest HMAC secret accepted: 32 bytes, the size of
// the SHA-256 output, so the key is not the weak part.
const MinSecretLen = 32

var errMisconfigured = fmt.Sprintf("the callback receiver needs a secret of at least %d bytes, a nonce store and a recorder", MinSecretLen)

// ErrShortSecret is returned for a secret shorter than MinSecretLen.
var ErrShortSecret = fmt.Errorf("callback secret must be at least %d bytes (e.g. openssl rand -hex 32)", MinSecretLen)

// NewHandler returns a handler with default limits. It refuses a secret
// shorter than MinSecretLen with ErrShortSecret.
func NewHandler(secret []byte, nonces NonceStore, rec Recorder) (*Handler, error) {
	if len(secret) < MinSecretLen {
		return nil, fmt.Errorf("callback: %d-byte secret: %w", len(secret), ErrShortSecret)
	}
	return &Handler{Secret: secret, Nonces: nonces, Recorder: rec}, nil
}

type answer struct {
	Status string `json:"status,omitempty"`
	Error  string `json:"error,omitempty"`
	Reason string `json:"reason,omitempty"`
}

func (h *Handler) refuse(w http.ResponseWriter, r *http.Request, code int, errCode, reason string) {
	h.logger().Warn("callback refused", "status", code, "error", errCode, "reason", reason, "remote", r.RemoteAddr)
	writeJSON(w, code, answer{Error: errCode, Reason: reason})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// ServeHTTP authenticates one callback and records it: 200 when recorded,
// 401 for a bad signature or a stale or future timestamp, 409 for a replay,
// 400 for a malformed one, 404 for an unknown submission.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.refuse(w, r, http.StatusMethodNotAllowed, "method_not_allowed", "callbacks are POSTed")
		return
	}
	if len(h.Secret) < MinSecretLen || h.Nonces == nil || h.Recorder == nil {
		h.refuse(w, r, http.StatusInternalServerError, "misconfigured", errMisconfigured)
		return
	}
	maxBody := h.MaxBody
	if maxBody <= 0 {
		maxBody = 64 << 10
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		h.refuse(w, r, http.StatusBadRequest, "unreadable", fmt.Sprintf("could not read the body (at most %d bytes): %v", maxBody, err))
		return
	}

	tsText := r.Header.Get(HeaderTimestamp)
	secs, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		h.refuse(w, r, http.StatusUnauthorized, "bad_timestamp", HeaderTimestamp+" must be Unix seconds")
		return
	}
	if !h.validSignature(tsText, body, r.Header.Get(HeaderSignature)) {
		h.refuse(w, r, http.StatusUnauthorized, "bad_signature", HeaderSignature+" does not match the body and timestamp; check the shared secret")
		return
	}
	at := time.Unix(secs, 0)
	now := h.now()
	maxAge, skew := h.window()
	if age := now.Sub(at); age > maxAge {
		h.refuse(w, r, http.StatusUnauthorized, "stale", fmt.Sprintf("the callback was signed %s ago; older than %s is refused", age.Round(time.Second), maxAge))
		return
	} else if -age > skew {
		h.refuse(w, r, http.StatusUnauthorized, "future_timestamp", fmt.Sprintf("the callback is dated %s in the future; check the DSP's clock", (-age).Round(time.Second)))
		return
	}

	var ev Event
	if err := json.Unmarshal(body, &ev); err != nil {
		h.refuse(w, r, http.StatusBadRequest, "malformed", "the body is not a JSON callback event")
		return
	}
	if ev.EventID == "" || ev.ID == "" || ev.Status == "" {
		h.refuse(w, r, http.StatusBadRequest, "malformed", "the callback lacks event_id, id or status")
		return
	}
	if hdr := r.Header.Get(HeaderEventID); hdr != "" && hdr != ev.EventID {
		h.refuse(w, r, http.StatusBadRequest, "malformed", HeaderEventID+" differs from the body's event_id")
		return
	}
	seen, err := h.Nonces.SeenNonce(r.Context(), ev.EventID, at)
	if err != nil {
		h.refuse(w, r, http.StatusInternalServerError, "internal", "could not check the event id; try again")
		return
	}
	if seen {
		h.refuse(w, r, http.StatusConflict, "replay", "event "+ev.EventID+" was received before; replays are refused")
		return
	}
	h.prune(r.Context(), now, maxAge)
	if err := h.Recorder.RecordException(r.Context(), ev.ID, ev.Status, ev.Reason, at); err != nil {
		if errors.Is(err, labrelay.ErrNotFound) {
			h.refuse(w, r, http.StatusNotFound, "unknown_submission", "no document was published as "+ev.ID)
			return
		}
		h.refuse(w, r, http.StatusInternalServerError, "internal", "could not record the exception")
		return
	}
	h.logger().Info("callback recorded", "dsp_id", ev.ID, "status", ev.Status, "event_id", ev.EventID)
	writeJSON(w, http.StatusOK, answer{Status: "recorded"})
}

// window is MaxAge and Skew with their defaults.
func (h *Handler) window() (maxAge, skew time.Duration) {
	maxAge, skew = h.MaxAge, h.Skew
	if maxAge <= 0 {
		maxAge = 5 * time.Minute
	}
	if skew <= 0 {
		skew = 30 * time.Second
	}
	return maxAge, skew
}

// prune drops nonces past the window, at most once a minute; a failure
// is logged and tried again at the next callback.
func (h *Handler) prune(ctx context.Context, now time.Time, maxAge time.Duration) {
	p, ok := h.Nonces.(NoncePruner)
	if !ok {
		return
	}
	h.pruneMu.Lock()
	due := now.Sub(h.lastPrune) >= time.Minute
	if due {
		h.lastPrune = now
	}
	h.pruneMu.Unlock()
	if !due {
		return
	}
	n, err := p.PruneNonces(ctx, now.Add(-maxAge))
	if err != nil {
		h.logger().Warn("callback: could not prune old nonces", "err", err)
		h.pruneMu.Lock()
		h.lastPrune = time.Time{}
		h.pruneMu.Unlock()
		return
	}
	if n > 0 {
		h.logger().Debug("callback: pruned old nonces", "count", n)
	}
}

func (h *Handler) validSignature(ts string, body []byte, header string) bool {
	got, ok := strings.CutPrefix(strings.TrimSpace(header), "sha256=")
	if !ok {
		return false
	}
	sig, err := hex.DecodeString(got)
	if err != nil {
		return false
	}
	mac := hmac.New(sha256.New, h.Secret)
	mac.Write([]byte(ts))
	mac.Write([]byte{'.'})
	mac.Write(body)
	return hmac.Equal(sig, mac.Sum(nil))
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

func (h *Handler) logger() *slog.Logger {
	if h.Logger != nil {
		return h.Logger
	}
	return slog.New(slog.DiscardHandler)
}
