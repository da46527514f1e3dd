package postgres_test

import (
	"os"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/pgtest"
	"github.com/labrelay/labrelay/postgres"
	"github.com/labrelay/labrelay/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func open(t *testing.T, now func() time.Time) *postgres.Store {
	t.Helper()
	s := postgres.New(pgtest.DSN(t))
	s.Now = now
	if err := s.Open(t.Context()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, now func() time.Time) labrelay.Store { return open(t, now) })
}

// TestConcurrentOpen: several processes starting at once migrate once.
func TestConcurrentOpen(t *testing.T) {
	dsn := pgtest.DSN(t)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			s := postgres.New(dsn)
			err := s.Open(t.Context())
			s.Close()
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Errorf("concurrent Open: %v", err)
		}
	}
}
