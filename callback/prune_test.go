package callback_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/labrelay/labrelay/callback"
	"github.com/labrelay/labrelay/sqlite"
)

// TestNoncesPruned: nonces past the window leave the store (issue 17
// finding 5: the nonces table was never pruned).
func TestNoncesPruned(t *testing.T) {
	st := sqlite.New(filepath.Join(t.TempDir(), "nonces.db"))
	if err := st.Open(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	e := MustEnv(t)
	e.h.Nonces = st
	t0 := e.now
	if code, reason := e.post(t, event("dsp-000001", "evt-old"), t0, secret, nil); code != 200 {
		t.Fatalf("first callback: %d %s", code, reason)
	}
	e.now = t0.Add(10 * time.Minute) // twice the default window
	if code, reason := e.post(t, event("dsp-000001", "evt-new"), e.now, secret, nil); code != 200 {
		t.Fatalf("second callback: %d %s", code, reason)
	}
	if n, err := st.PruneNonces(t.Context(), t0.Add(time.Minute)); err != nil || n != 0 {
		t.Errorf("nonces of the first callback left behind: PruneNonces = %d, %v; want 0", n, err)
	}
	seen, err := st.SeenNonce(t.Context(), "evt-new", e.now)
	if err != nil || !seen {
		t.Errorf("the fresh nonce was pruned: seen = %v, %v", seen, err)
	}
	var _ callback.NoncePruner = st
}
