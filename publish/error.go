package publish

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// ErrRetryable matches (errors.Is) every failure worth another attempt:
// network errors, 5xx, 408, 429. Use RetryAfter to read the server's delay.
var ErrRetryable = errors.New("retryable DSP failure")

// ErrNotFound is returned by Status when the DSP holds no such submission.
var ErrNotFound = errors.New("the DSP holds no such submission")

// RetryableError is a failure worth another attempt. It matches ErrRetryable.
type RetryableError struct {
	// Status is the HTTP status, 0 for a network error.
	Status int
	// RetryAfter is the server's Retry-After, 0 when it sent none.
	RetryAfter time.Duration
	Err        error
}

func (e *RetryableError) Error() string {
	s := "publish: " + e.Err.Error()
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	return s
}

func (e *RetryableError) Unwrap() error { return e.Err }

// RetryDelay implements labrelay.RetryHint.
func (e *RetryableError) RetryDelay() time.Duration { return e.RetryAfter }

// Is makes errors.Is(err, ErrRetryable) true.
func (e *RetryableError) Is(target error) bool { return target == ErrRetryable }

// RetryAfter returns the server's requested delay carried by err, if any.
func RetryAfter(err error) (time.Duration, bool) {
	var re *RetryableError
	if errors.As(err, &re) && re.RetryAfter > 0 {
		return re.RetryAfter, true
	}
	return 0, false
}

// PermanentError is a submission the DSP refused for good (400, 422, a
// second 401, other 4xx). Resending the same bytes cannot succeed: the
// document goes to the exceptions list with Reason.
type PermanentError struct {
	// Status is the HTTP status, 0 when the client refused before sending.
	Status int
	// Reason is the DSP's own words when it gave any.
	Reason string
}

func (e *PermanentError) Error() string {
	if e.Status == 0 {
		return "publish: " + e.Reason
	}
	return fmt.Sprintf("publish: the DSP rejected the record (%d %s): %s", e.Status, http.StatusText(e.Status), e.Reason)
}

// Refusal implements labrelay.Refusal.
func (e *PermanentError) Refusal() (int, string) { return e.Status, e.Reason }

// IsPermanent reports whether err is (or wraps) a *PermanentError.
func IsPermanent(err error) bool {
	var pe *PermanentError
	return errors.As(err, &pe)
}
