package publish_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/labrelay/labrelay/publish"
)

func TestPolicyBackoff(t *testing.T) {
	p := publish.Policy{Base: 100 * time.Millisecond, Max: time.Second}
	tests := []struct {
		name       string
		attempt    int
		retryAfter time.Duration
		rand       float64
		want       time.Duration
	}{
		{"first, top of jitter", 1, 0, 0.999999999, 100 * time.Millisecond},
		{"first, bottom of jitter", 1, 0, 0, 0},
		{"third doubles twice", 3, 0, 0.5, 200 * time.Millisecond},
		{"capped at Max", 10, 0, 0.999999999, time.Second},
		{"huge attempt stays capped", 1000, 0, 0.5, 500 * time.Millisecond},
		{"Retry-After wins", 2, 7 * time.Second, 0.1, 7 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := p
			p.Rand = func() float64 { return tt.rand }
			got := p.Backoff(tt.attempt, tt.retryAfter)
			if d := got - tt.want; d < -time.Microsecond || d > time.Microsecond {
				t.Errorf("Backoff(%d, %s) = %s, want %s", tt.attempt, tt.retryAfter, got, tt.want)
			}
		})
	}
}

// fake answers with the errors in order, then succeeds.
type fake struct {
	errs  []error
	calls int
}

func (f *fake) Publish(context.Context, publish.Submission) (publish.Result, error) {
	f.calls++
	if len(f.errs) > 0 {
		err := f.errs[0]
		f.errs = f.errs[1:]
		return publish.Result{}, err
	}
	return publish.Result{ID: "dsp-1", HTTPStatus: 201}, nil
}

func TestWithRetry(t *testing.T) {
	retry := &publish.RetryableError{Status: 502, Err: errors.New("bad gateway")}
	slow := &publish.RetryableError{Status: 429, RetryAfter: time.Hour, Err: errors.New("slow down")}
	perm := &publish.PermanentError{Status: 422, Reason: "no"}
	tests := []struct {
		name      string
		errs      []error
		attempts  int
		wantCalls int
		wantErr   error
	}{
		{"retries until success", []error{retry, retry}, 5, 3, nil},
		{"gives up after MaxAttempts", []error{retry, retry, retry}, 2, 2, publish.ErrRetryable},
		{"permanent stops at once", []error{perm}, 5, 1, perm},
		{"Retry-After beyond Max goes to the outbox", []error{slow}, 5, 1, publish.ErrRetryable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fake{errs: tt.errs}
			p := publish.WithRetry(f, publish.Policy{Base: time.Millisecond, Max: time.Minute, MaxAttempts: tt.attempts, Sleep: func(context.Context, time.Duration) error { return nil }})
			_, err := p.Publish(t.Context(), publish.Submission{})
			if f.calls != tt.wantCalls {
				t.Errorf("calls = %d, want %d", f.calls, tt.wantCalls)
			}
			if tt.wantErr == nil && err != nil || tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("err = %v, want %v", err, tt.wantErr)
			}
		})
	}
	t.Run("RetryAfter survives", func(t *testing.T) {
		p := publish.WithRetry(&fake{errs: []error{slow}}, publish.Policy{Max: time.Second})
		_, err := p.Publish(t.Context(), publish.Submission{})
		if ra, ok := publish.RetryAfter(err); !ok || ra != time.Hour {
			t.Errorf("RetryAfter(err) = %s, %v; want 1h", ra, ok)
		}
	})
	t.Run("context cancelled while sleeping", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		f := &fake{errs: []error{retry, retry}}
		_, err := publish.WithRetry(f, publish.Policy{Base: time.Hour}).Publish(ctx, publish.Submission{})
		if err == nil || f.calls != 1 {
			t.Errorf("calls = %d, err = %v; want 1 call and an error", f.calls, err)
		}
	})
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 5, 9, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		in     string
		want   time.Duration
		wantOK bool
	}{
		{"120", 2 * time.Minute, true},
		{" 0 ", 0, true},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{"", 0, false},
		{"-5", 0, false},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		got, ok := publish.ParseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("ParseRetryAfter(%q) = %s, %v; want %s, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}
