package publish

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

var attempts = promauto.NewCounterVec(prometheus.CounterOpts{
	Name: "labrelay_publish_attempts_total",
	Help: "Attempts to publish a record to the DSP, by outcome.",
}, []string{"outcome"})

func observe(r Result, err error) {
	var pe *PermanentError
	switch {
	case err == nil && r.Duplicate:
		attempts.WithLabelValues("duplicate").Inc()
	case err == nil:
		attempts.WithLabelValues("created").Inc()
	case errors.As(err, &pe):
		attempts.WithLabelValues("rejected").Inc()
	case errors.Is(err, ErrRetryable):
		attempts.WithLabelValues("retryable").Inc()
	default:
		attempts.WithLabelValues("canceled").Inc()
	}
}
