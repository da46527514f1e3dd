package publish

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"
)

// Policy says how often and how long to retry a retryable failure:
// capped exponential backoff with full jitter, and the server's
// Retry-After honoured as given.
type Policy struct {
	// Base is the backoff ceiling of the first retry; default 500ms.
	Base time.Duration
	// Max caps the backoff; default 1m. A Retry-After longer than Max ends
	// in-process retrying: the error is returned for the durable outbox to
	// schedule, so a worker is never parked for long.
	Max time.Duration
	// MaxAttempts bounds the attempts of one WithRetry call, the first
	// included; default 6.
	MaxAttempts int
	// Sleep waits d or until ctx is done; default a timer. Tests inject one
	// that records the durations.
	Sleep func(ctx context.Context, d time.Duration) error
	// Rand returns a number in [0,1) for the jitter; default math/rand/v2.
	Rand func() float64
}

// DefaultPolicy returns the policy used when a field is left zero.
func DefaultPolicy() Policy {
	return Policy{Base: 500 * time.Millisecond, Max: time.Minute, MaxAttempts: 6}
}

func (p Policy) withDefaults() Policy {
	d := DefaultPolicy()
	if p.Base <= 0 {
		p.Base = d.Base
	}
	if p.Max <= 0 {
		p.Max = d.Max
	}
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = d.MaxAttempts
	}
	if p.Sleep == nil {
		p.Sleep = sleep
	}
	if p.Rand == nil {
		p.Rand = rand.Float64
	}
	return p
}

// Backoff returns how long to wait after the given failed attempt (1 for
// the first): retryAfter when the server gave one (> 0), else a uniformly
// random duration in [0, min(Max, Base·2^(attempt-1))] — "full jitter",
// which spreads a crowd of retrying workers instead of syncing them.
func (p Policy) Backoff(attempt int, retryAfter time.Duration) time.Duration {
	p = p.withDefaults()
	if retryAfter > 0 {
		return retryAfter
	}
	if attempt < 1 {
		attempt = 1
	}
	ceil := p.Base
	for i := 1; i < attempt && ceil < p.Max; i++ {
		ceil *= 2
	}
	if ceil > p.Max {
		ceil = p.Max
	}
	return time.Duration(p.Rand() * float64(ceil+1))
}

// WithRetry decorates p with in-process retries of retryable failures
// under policy. Permanent errors and context cancellation return at once;
// after MaxAttempts (or a Retry-After beyond Max) the last retryable error
// is returned unchanged, so the caller can still read its RetryAfter.
func WithRetry(p Publisher, policy Policy) Publisher {
	return &retrier{next: p, policy: policy.withDefaults()}
}

type retrier struct {
	next   Publisher
	policy Policy
}

func (r *retrier) Publish(ctx context.Context, s Submission) (Result, error) {
	for attempt := 1; ; attempt++ {
		res, err := r.next.Publish(ctx, s)
		if err == nil || !errors.Is(err, ErrRetryable) || attempt >= r.policy.MaxAttempts {
			return res, err
		}
		ra, _ := RetryAfter(err)
		if ra > r.policy.Max {
			return res, err
		}
		if serr := r.policy.Sleep(ctx, r.policy.Backoff(attempt, ra)); serr != nil {
			return res, err
		}
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
