package dspsim

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Callback headers. The signature is HMAC-SHA256 over
// timestamp + "." + body, keyed by the shared callback secret.
const (
	HeaderTimestamp = "X-DSP-Timestamp" // Unix seconds
	HeaderSignature = "X-DSP-Signature" // "sha256=" + hex
	HeaderEventID   = "X-DSP-Event-Id"
)

// ErrUnknownReport is returned by SendException for an id never issued.
var ErrUnknownReport = errors.New("no such report")

// Exception is the body of an exception callback.
type Exception struct {
	EventID        string    `json:"event_id"`
	ID             string    `json:"id"`
	IdempotencyKey string    `json:"idempotency_key,omitempty"`
	ReportNumber   string    `json:"report_number,omitempty"`
	Status         string    `json:"status"`
	Reason         string    `json:"reason,omitempty"`
	OccurredAt     time.Time `json:"occurred_at"`
}

// SendException sets report id's status (e.g. rejected, superseded,
// expired) and POSTs a signed callback to CallbackURL. It returns
// ErrUnknownReport for an unknown id, and an error naming the answer when
// the receiver does not answer 2xx.
func (s *Server) SendException(ctx context.Context, id, status, reason string) error {
	if s.CallbackURL == "" {
		return errors.New("send exception: no callback URL configured")
	}
	if status == "" {
		return errors.New("send exception: status is required")
	}
	s.init()
	now := s.now()
	s.mu.Lock()
	rep, ok := s.byID[id]
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("send exception %s: %w", id, ErrUnknownReport)
	}
	rep.Status, rep.Reason = status, reason
	ev := Exception{
		EventID:        newEventID(),
		ID:             id,
		IdempotencyKey: rep.IdempotencyKey,
		ReportNumber:   rep.ReportNumber,
		Status:         status,
		Reason:         reason,
		OccurredAt:     now.UTC(),
	}
	s.mu.Unlock()

	body, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("send exception: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.CallbackURL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("send exception: %w", err)
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderEventID, ev.EventID)
	req.Header.Set(HeaderSignature, Sign(s.CallbackSecret, ts, body))
	hc := s.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 10 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("send exception %s: %w", id, err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("send exception %s: receiver answered %d: %s", id, resp.StatusCode, strings.TrimSpace(string(answer)))
	}
	s.logger().Info("exception sent", "id", id, "status", status, "event_id", ev.EventID)
	return nil
}

// Sign returns the X-DSP-Signature value for a callback body sent at
// timestamp (Unix seconds, as sent in X-DSP-Timestamp).
func Sign(secret []byte, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(timestamp))
	mac.Write([]byte{'.'})
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

func newEventID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return "evt_" + hex.EncodeToString(b)
}
