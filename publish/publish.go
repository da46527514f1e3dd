package publish

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/text"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
)

// Content types of a signed record (spec §3).
const (
	ContentTypeJOSEJSON = "application/jose+json" // JWS JSON serialization
	ContentTypeJOSE     = "application/jose"      // JWS compact serialization
)

// ReportsPath is the DSP's inspection-report collection, relative to the base URL.
const ReportsPath = "/v1/inspection-reports"

// Publisher sends one signed record to the DSP. Client is the real one;
// WithRetry decorates any Publisher. A failure is either retryable
// (errors.Is(err, ErrRetryable)) or a *PermanentError.
type Publisher = labrelay.Publisher

var _ Publisher = (*Client)(nil)

// Submission is one signed record ready to send.
type Submission = labrelay.Submission

// Result is the DSP's answer to a successful submission.
type Result = labrelay.PublishResult

// Client is the DSP client of spec §3. Set the exported fields, then call
// Publish or Status; the zero value of every optional field is usable. A
// Client is safe for concurrent use once in use; don't change its fields
// after the first call.
type Client struct {
	// BaseURL of the DSP, e.g. https://dsp.example.org. Required.
	BaseURL string
	// Token obtains bearer tokens from the OAuth 2.0 client-credentials
	// endpoint. Nil sends no Authorization header.
	Token *clientcredentials.Config
	// TLS configures the transport: RootCAs for a private DSP, and
	// Certificates for mutual TLS. It is used for the token endpoint too.
	TLS *tls.Config
	// HTTPClient, when set, replaces the client built from TLS and Timeout.
	HTTPClient *http.Client
	// Timeout bounds one attempt; default 30s.
	Timeout time.Duration
	// UserAgent is sent on every request.
	UserAgent string
	// Now is the clock used to read Retry-After dates; default time.Now.
	Now func() time.Time

	once sync.Once
	hc   *http.Client

	mu    sync.Mutex
	token *oauth2.Token
}

// NewClient returns an idle client for the DSP at baseURL.
func NewClient(baseURL string) *Client {
	return &Client{BaseURL: baseURL}
}

func (c *Client) init() {
	c.once.Do(func() {
		if c.HTTPClient != nil {
			c.hc = c.HTTPClient
			return
		}
		tr := http.DefaultTransport.(*http.Transport).Clone()
		if c.TLS != nil {
			tr.TLSClientConfig = c.TLS.Clone()
		}
		timeout := c.Timeout
		if timeout <= 0 {
			timeout = 30 * time.Second
		}
		c.hc = &http.Client{Transport: tr, Timeout: timeout}
	})
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// Publish makes one attempt to POST the submission. On a 401 it fetches a
// fresh token and tries once more; a second 401 is a *PermanentError.
func (c *Client) Publish(ctx context.Context, s Submission) (Result, error) {
	if s.IdempotencyKey == "" {
		return Result{}, &PermanentError{Reason: "submission has no idempotency key"}
	}
	if len(s.JWS) == 0 {
		return Result{}, &PermanentError{Reason: "submission has an empty body"}
	}
	ct := s.ContentType
	if ct == "" {
		ct = ContentTypeJOSE
		if t := bytes.TrimSpace(s.JWS); len(t) > 0 && t[0] == '{' {
			ct = ContentTypeJOSEJSON
		}
	}
	res, err := c.publish(ctx, s, ct, false)
	var pe *PermanentError
	if errors.As(err, &pe) && pe.Status == http.StatusUnauthorized && c.Token != nil {
		res, err = c.publish(ctx, s, ct, true)
	}
	observe(res, err)
	return res, err
}

func (c *Client) publish(ctx context.Context, s Submission, contentType string, refresh bool) (Result, error) {
	req, err := c.newRequest(ctx, http.MethodPost, ReportsPath, bytes.NewReader(s.JWS), refresh)
	if err != nil {
		return Result{}, err
	}
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Idempotency-Key", s.IdempotencyKey)
	resp, body, err := c.do(ctx, req)
	if err != nil {
		return Result{}, err
	}
	switch resp.StatusCode {
	case http.StatusCreated, http.StatusOK:
		var r reportJSON
		if err := json.Unmarshal(body, &r); err != nil || r.ID == "" {
			// The DSP took the record but we cannot read its id: a resend
			// under the same key returns it, so this is retryable.
			return Result{}, &RetryableError{Status: resp.StatusCode, Err: fmt.Errorf("dsp answered %d without a readable id", resp.StatusCode)}
		}
		return Result{ID: r.ID, Status: r.Status, Duplicate: resp.StatusCode == http.StatusOK, HTTPStatus: resp.StatusCode}, nil
	}
	return Result{}, c.statusError(resp, body)
}

// do sends req and reads at most 1 MB of the answer (the body is closed).
func (c *Client) do(ctx context.Context, req *http.Request) (*http.Response, []byte, error) {
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, nil, c.transportError(ctx, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, nil, c.transportError(ctx, err)
	}
	return resp, body, nil
}

// statusError classifies a non-success response (spec §3).
func (c *Client) statusError(resp *http.Response, body []byte) error {
	code := resp.StatusCode
	reason := readReason(body)
	switch {
	case code == http.StatusTooManyRequests || code == http.StatusServiceUnavailable:
		ra, _ := ParseRetryAfter(resp.Header.Get("Retry-After"), c.now())
		return &RetryableError{Status: code, RetryAfter: ra, Err: fmt.Errorf("dsp answered %d: %s", code, reason)}
	case code == http.StatusRequestTimeout || code >= 500:
		return &RetryableError{Status: code, Err: fmt.Errorf("dsp answered %d: %s", code, reason)}
	default:
		// 400, 422, a second 401 and every other 4xx: resending the same
		// bytes cannot succeed.
		return &PermanentError{Status: code, Reason: reason}
	}
}

func (c *Client) transportError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return &RetryableError{Err: err}
}

// newRequest builds a request with a bearer token, fetching a new one when
// refresh is set or the cached one expired.
func (c *Client) newRequest(ctx context.Context, method, path string, body io.Reader, refresh bool) (*http.Request, error) {
	c.init()
	u, err := c.url(path)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, fmt.Errorf("build request: %w", err)
	}
	if c.UserAgent != "" {
		req.Header.Set("User-Agent", c.UserAgent)
	}
	if c.Token != nil {
		tok, err := c.bearer(ctx, refresh)
		if err != nil {
			return nil, err
		}
		tok.SetAuthHeader(req)
	}
	return req, nil
}

func (c *Client) url(path string) (string, error) {
	if c.BaseURL == "" {
		return "", &PermanentError{Reason: "publish client has no DSP base URL"}
	}
	base, err := url.Parse(strings.TrimRight(c.BaseURL, "/"))
	if err != nil {
		return "", &PermanentError{Reason: fmt.Sprintf("DSP base URL %q is not a URL", c.BaseURL)}
	}
	ref, err := url.Parse(path)
	if err != nil {
		return "", fmt.Errorf("parse path: %w", err)
	}
	base.Path += ref.Path
	base.RawQuery = ref.RawQuery
	return base.String(), nil
}

func (c *Client) bearer(ctx context.Context, refresh bool) (*oauth2.Token, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !refresh && c.token.Valid() {
		return c.token, nil
	}
	tok, err := c.Token.Token(context.WithValue(ctx, oauth2.HTTPClient, c.hc))
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && re.Response != nil {
			code := re.Response.StatusCode
			if code >= 400 && code < 500 && code != http.StatusTooManyRequests && code != http.StatusRequestTimeout {
				return nil, &PermanentError{Status: http.StatusUnauthorized, Reason: "the DSP token endpoint refused the client credentials: " + tokenReason(re)}
			}
			ra, _ := ParseRetryAfter(re.Response.Header.Get("Retry-After"), c.now())
			return nil, &RetryableError{Status: code, RetryAfter: ra, Err: fmt.Errorf("fetch token: %w", err)}
		}
		return nil, &RetryableError{Err: fmt.Errorf("fetch token: %w", err)}
	}
	c.token = tok
	return tok, nil
}

func tokenReason(re *oauth2.RetrieveError) string {
	switch {
	case re.ErrorDescription != "":
		return re.ErrorDescription
	case re.ErrorCode != "":
		return re.ErrorCode
	}
	return readReason(re.Body)
}

// reportJSON is the DSP's representation of a submission.
type reportJSON struct {
	ID             string    `json:"id"`
	Status         string    `json:"status"`
	IdempotencyKey string    `json:"idempotency_key"`
	ReportNumber   string    `json:"report_number"`
	ReceivedAt     time.Time `json:"received_at"`
	Supersedes     string    `json:"supersedes"`
	Reason         string    `json:"reason"`
}

// readReason extracts the DSP's reason from an error body: a JSON "reason",
// "error_description", "message" or "error", or else the text itself.
func readReason(body []byte) string {
	var m map[string]any
	if json.Unmarshal(body, &m) == nil {
		for _, k := range []string{"reason", "error_description", "message", "error"} {
			if s, ok := m[k].(string); ok && s != "" {
				return s
			}
		}
	}
	// By rune: a byte cut could split a Chinese reason into invalid UTF-8.
	s := text.Truncate(text.OneLine(string(body)), 301)
	if s == "" {
		s = "no reason given"
	}
	return s
}

// ParseRetryAfter reads a Retry-After value, delay-seconds or an HTTP-date
// (RFC 9110 §10.2.3), relative to now. It reports false for an empty or
// unreadable value; a date in the past is a zero delay.
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 {
			return 0, false
		}
		if n > int64(24*time.Hour/time.Second) {
			n = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	d := t.Sub(now)
	if d < 0 {
		d = 0
	}
	return d, true
}
