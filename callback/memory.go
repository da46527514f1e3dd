package callback

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/labrelay/labrelay"
)

var (
	_ NonceStore = (*MemoryNonces)(nil)
	_ Recorder   = (*MemoryRecorder)(nil)
	_ NonceStore = labrelay.Store(nil)
)

// MemoryNonces is an in-memory NonceStore for tests and single-process
// use. It forgets nonces older than Retention (default 10 minutes): older
// callbacks are refused by their timestamp anyway.
type MemoryNonces struct {
	Retention time.Duration

	mu   sync.Mutex
	seen map[string]time.Time
}

// SeenNonce records nonce and reports whether it had been seen before.
func (m *MemoryNonces) SeenNonce(_ context.Context, nonce string, at time.Time) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.seen == nil {
		m.seen = map[string]time.Time{}
	}
	ret := m.Retention
	if ret <= 0 {
		ret = 10 * time.Minute
	}
	for n, t := range m.seen {
		if at.Sub(t) > ret {
			delete(m.seen, n)
		}
	}
	if _, ok := m.seen[nonce]; ok {
		return true, nil
	}
	m.seen[nonce] = at
	return false, nil
}

// Exception is one recorded exception status.
type Exception struct {
	DSPID  string
	Status string
	Reason string
	At     time.Time
}

// MemoryRecorder is an in-memory Recorder. When Known is set, only those
// DSP ids are accepted; others get labrelay.ErrNotFound.
type MemoryRecorder struct {
	Known map[string]bool

	mu   sync.Mutex
	list []Exception
}

// RecordException appends the exception.
func (m *MemoryRecorder) RecordException(_ context.Context, dspID, status, reason string, at time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Known != nil && !m.Known[dspID] {
		return fmt.Errorf("record exception for %s: %w", dspID, labrelay.ErrNotFound)
	}
	m.list = append(m.list, Exception{DSPID: dspID, Status: status, Reason: reason, At: at})
	return nil
}

// Exceptions returns what was recorded, oldest first.
func (m *MemoryRecorder) Exceptions() []Exception {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Exception(nil), m.list...)
}
