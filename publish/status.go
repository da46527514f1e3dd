package publish

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// Ref names a submission on the DSP: by the DSP's id or, when the id was
// never learnt (the answer was lost), by the idempotency key.
type Ref struct {
	ID             string
	IdempotencyKey string
}

// Report is what the DSP holds about one submission.
type Report struct {
	ID             string    `json:"id"`
	Status         string    `json:"status"`
	IdempotencyKey string    `json:"idempotency_key,omitempty"`
	ReportNumber   string    `json:"report_number,omitempty"`
	ReceivedAt     time.Time `json:"received_at"`
	Supersedes     string    `json:"supersedes,omitempty"`
	// Reason is set for an exception status (rejected, superseded, expired).
	Reason string `json:"reason,omitempty"`
}

// Status asks the DSP what it holds for ref, for reconciliation. It returns
// ErrNotFound when the DSP holds nothing, and the same error classes as
// Publish otherwise.
func (c *Client) Status(ctx context.Context, ref Ref) (Report, error) {
	var path string
	switch {
	case ref.ID != "":
		path = ReportsPath + "/" + url.PathEscape(ref.ID)
	case ref.IdempotencyKey != "":
		path = ReportsPath + "?" + url.Values{"idempotency_key": {ref.IdempotencyKey}}.Encode()
	default:
		return Report{}, fmt.Errorf("status: neither id nor idempotency key given")
	}
	rep, err := c.status(ctx, path, false)
	var pe *PermanentError
	if errors.As(err, &pe) && pe.Status == http.StatusUnauthorized && c.Token != nil {
		rep, err = c.status(ctx, path, true)
	}
	return rep, err
}

func (c *Client) status(ctx context.Context, path string, refresh bool) (Report, error) {
	req, err := c.newRequest(ctx, http.MethodGet, path, nil, refresh)
	if err != nil {
		return Report{}, err
	}
	req.Header.Set("Accept", "application/json")
	resp, body, err := c.do(ctx, req)
	if err != nil {
		return Report{}, err
	}
	switch resp.StatusCode {
	case http.StatusOK:
		var r Report
		if err := json.Unmarshal(body, &r); err != nil {
			return Report{}, fmt.Errorf("status: read DSP answer: %w", err)
		}
		return r, nil
	case http.StatusNotFound:
		return Report{}, ErrNotFound
	}
	return Report{}, c.statusError(resp, body)
}
