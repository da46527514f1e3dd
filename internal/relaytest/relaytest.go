package relaytest

import (
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/pgtest"
	"github.com/labrelay/labrelay/postgres"
	"github.com/labrelay/labrelay/publish"
	"github.com/labrelay/labrelay/sign"
	"github.com/labrelay/labrelay/sqlite"
	"github.com/labrelay/labrelay/untp"
)

// The OAuth client the tests' dspsim servers accept.
const (
	ClientID     = "labrelay-test"
	ClientSecret = "test-secret"
)

// MustSQLite opens a new SQLite store in the test's directory, closed when
// the test ends.
func MustSQLite(tb testing.TB) labrelay.Store {
	tb.Helper()
	st := sqlite.New(filepath.Join(tb.TempDir(), "labrelay.db"))
	if err := st.Open(context.Background()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { st.Close() })
	return st
}

// MustPostgres opens a store on a fresh database of pgtest's cluster; each
// call of the returned func opens another store on that same database.
func MustPostgres(tb testing.TB) func() labrelay.Store {
	tb.Helper()
	dsn := pgtest.DSN(tb)
	return func() labrelay.Store {
		st := postgres.New(dsn)
		if err := st.Open(context.Background()); err != nil {
			tb.Fatal(err)
		}
		tb.Cleanup(func() { st.Close() })
		return st
	}
}

// MustSigner is a local Ed25519 record signer.
func MustSigner(tb testing.TB) sign.Signer {
	tb.Helper()
	key, err := sign.GenerateKey(sign.EdDSA)
	if err != nil {
		tb.Fatal(err)
	}
	s, err := sign.NewLocalSigner(key)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// MustUNTPSigner is a UNTP credential signer on a new Ed25519 key, and the
// key set a DSP verifies its credentials with.
func MustUNTPSigner(tb testing.TB) (*untp.Signer, *jose.JSONWebKeySet) {
	tb.Helper()
	key, err := sign.GenerateKey(sign.EdDSA)
	if err != nil {
		tb.Fatal(err)
	}
	cs, err := untp.NewSigner(key)
	if err != nil {
		tb.Fatal(err)
	}
	ks, err := sign.KeySet(cs.Public())
	if err != nil {
		tb.Fatal(err)
	}
	return cs, ks
}

// Client is a DSP client of the dspsim at url, with the test credentials.
func Client(url string) *publish.Client {
	c := publish.NewClient(url)
	c.Token = &clientcredentials.Config{ClientID: ClientID, ClientSecret: ClientSecret, TokenURL: url + "/oauth/token"}
	c.Timeout = 5 * time.Second
	return c
}

// Logger logs warnings and errors to the test log until the test ends
// (a goroutine still logging afterwards must not panic the test).
func Logger(tb testing.TB) *slog.Logger {
	w := &testWriter{tb: tb}
	tb.Cleanup(func() {
		w.mu.Lock()
		w.done = true
		w.mu.Unlock()
	})
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type testWriter struct {
	mu   sync.Mutex
	tb   testing.TB
	done bool
}

func (w *testWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.tb.Log(strings.TrimRight(string(p), "\n"))
	}
	return len(p), nil
}
