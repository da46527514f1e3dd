package dspsim

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"time"
)

// Faults is the fault injection of the submission endpoint. The zero value
// injects nothing. It is set with SetFaults or POST /admin/faults (JSON).
type Faults struct {
	// Latency delays every submission.
	Latency Duration `json:"latency,omitempty"`
	// ErrorRate is the fraction of submissions answered ErrorStatus
	// (default 500) before they are looked at.
	ErrorRate   float64 `json:"error_rate,omitempty"`
	ErrorStatus int     `json:"error_status,omitempty"`
	// RateLimitRate is the chance that a submission starts a burst of
	// RateLimitBurst (default 1) answers 429 with Retry-After.
	RateLimitRate  float64 `json:"rate_limit_rate,omitempty"`
	RateLimitBurst int     `json:"rate_limit_burst,omitempty"`
	// RetryAfter is the delay sent with 429 (whole seconds, at least 1);
	// RetryAfterDate sends it as an HTTP-date instead of seconds.
	RetryAfter     Duration `json:"retry_after,omitempty"`
	RetryAfterDate bool     `json:"retry_after_date,omitempty"`
	// DropRate is the fraction of submissions whose connection is closed
	// without an answer. With DropAfterCommit the record is stored first —
	// the client cannot tell, which is what idempotency keys are for.
	DropRate        float64 `json:"drop_rate,omitempty"`
	DropAfterCommit bool    `json:"drop_after_commit,omitempty"`
	// RejectReportNumber is a regular expression: a new submission whose
	// report_number matches it is answered RejectStatus (default 422).
	RejectReportNumber string `json:"reject_report_number,omitempty"`
	RejectStatus       int    `json:"reject_status,omitempty"`
	// Unauthorized answers the next n authenticated requests 401 whatever
	// their token.
	Unauthorized int `json:"unauthorized,omitempty"`

	reject *regexp.Regexp
}

// Duration is a time.Duration written in JSON as "250ms", "2s" (or a
// number of seconds when read).
type Duration time.Duration

// MarshalJSON writes the duration as a Go duration string.
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

// UnmarshalJSON reads "250ms" or a number of seconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		v, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("duration %q: %w", s, err)
		}
		*d = Duration(v)
		return nil
	}
	var secs float64
	if err := json.Unmarshal(b, &secs); err != nil {
		return errors.New("a duration is a string like \"250ms\" or a number of seconds")
	}
	*d = Duration(secs * float64(time.Second))
	return nil
}

// SetFaults replaces the fault injection. It fails, changing nothing, when
// a rate is outside [0,1] or the rejection pattern does not compile.
func (s *Server) SetFaults(f Faults) error {
	for name, r := range map[string]float64{"error_rate": f.ErrorRate, "rate_limit_rate": f.RateLimitRate, "drop_rate": f.DropRate} {
		if r < 0 || r > 1 {
			return fmt.Errorf("faults: %s %v is outside [0,1]", name, r)
		}
	}
	if f.RejectReportNumber != "" {
		re, err := regexp.Compile(f.RejectReportNumber)
		if err != nil {
			return fmt.Errorf("faults: reject_report_number: %w", err)
		}
		f.reject = re
	}
	s.init()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
	s.burst = 0
	return nil
}

// Faults returns the current fault injection.
func (s *Server) Faults() Faults {
	s.init()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults
}

type faultAction int

const (
	faultNone faultAction = iota
	faultError
	faultRateLimit
	faultDrop
	faultDropAfter
)

// withFaults applies latency, 5xx, 429 and dropped connections to h.
func (s *Server) withFaults(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		f := s.faults
		act := faultNone
		switch {
		case s.burst > 0:
			s.burst--
			act = faultRateLimit
		case f.DropRate > 0 && s.rnd.Float64() < f.DropRate:
			act = faultDrop
			if f.DropAfterCommit {
				act = faultDropAfter
			}
		case f.ErrorRate > 0 && s.rnd.Float64() < f.ErrorRate:
			act = faultError
		case f.RateLimitRate > 0 && s.rnd.Float64() < f.RateLimitRate:
			act = faultRateLimit
			s.burst = max(f.RateLimitBurst, 1) - 1
		}
		s.mu.Unlock()

		if f.Latency > 0 {
			t := time.NewTimer(time.Duration(f.Latency))
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		log := s.logger().With("idempotency_key", r.Header.Get("Idempotency-Key"))
		switch act {
		case faultError:
			code := f.ErrorStatus
			if code == 0 {
				code = http.StatusInternalServerError
			}
			log.Info("fault: error", "status", code)
			writeProblem(w, code, "injected_error", "the DSP failed (injected fault); try again")
		case faultRateLimit:
			ra := time.Duration(f.RetryAfter)
			secs := max(int((ra+time.Second-1)/time.Second), 1)
			if f.RetryAfterDate {
				w.Header().Set("Retry-After", s.now().Add(time.Duration(secs)*time.Second).UTC().Format(http.TimeFormat))
			} else {
				w.Header().Set("Retry-After", strconv.Itoa(secs))
			}
			log.Info("fault: rate limited", "retry_after_s", secs)
			writeProblem(w, http.StatusTooManyRequests, "rate_limited", "too many requests; retry after the Retry-After delay")
		case faultDrop:
			log.Info("fault: connection dropped")
			drop(w)
		case faultDropAfter:
			h(discard{header: http.Header{}}, r)
			log.Info("fault: connection dropped after commit")
			drop(w)
		default:
			h(w, r)
		}
	}
}

// drop closes the connection without an answer: by hijacking on HTTP/1,
// by aborting the handler (a stream reset) otherwise.
func drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			if tc, ok := conn.(*net.TCPConn); ok {
				_ = tc.SetLinger(0)
			}
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// discard is a ResponseWriter whose answer nobody will read.
type discard struct{ header http.Header }

func (d discard) Header() http.Header         { return d.header }
func (d discard) Write(b []byte) (int, error) { return len(b), nil }
func (d discard) WriteHeader(int)             {}
