package pgtest_test

import (
	"os"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/labrelay/labrelay/internal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func TestFreshDatabases(t *testing.T) {
	a, b := pgtest.DSN(t), pgtest.DSN(t)
	if a == b {
		t.Fatalf("DSN returned the same database twice: %s", a)
	}
	conn, err := pgx.Connect(t.Context(), a)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(t.Context())
	if _, err := conn.Exec(t.Context(), "CREATE TABLE t (x int)"); err != nil {
		t.Fatal(err)
	}
	var v string
	if err := conn.QueryRow(t.Context(), "SHOW fsync").Scan(&v); err != nil {
		t.Fatal(err)
	}
	if os.Getenv(pgtest.EnvDSN) == "" && v != "off" {
		t.Errorf("fsync = %s, want off in the throwaway cluster", v)
	}
}
