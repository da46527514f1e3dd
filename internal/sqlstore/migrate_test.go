package sqlstore_test

import (
	"database/sql"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/labrelay/labrelay/internal/sqlstore"
	_ "modernc.org/sqlite"
)

// TestMigrate: migrations apply once, in order, and a failing one leaves
// the schema as it was.
func TestMigrate(t *testing.T) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	d := sqlstore.Dialect{Time: func(t time.Time) any { return t.UnixMicro() }}
	now := time.Date(2026, 5, 9, 8, 0, 0, 0, time.UTC)
	files := fstest.MapFS{
		"0001_a.sql": {Data: []byte("CREATE TABLE a (x INTEGER);")},
		"0002_b.sql": {Data: []byte("CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);")},
	}
	m := sqlstore.Migrations{Files: files, TimeType: "INTEGER"}
	if err := sqlstore.Migrate(t.Context(), db, d, m, now); err == nil {
		t.Fatal("a failing migration was accepted")
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name IN ('a', 'b', 'schema_migrations')`).Scan(&n); err != nil || n != 0 {
		t.Fatalf("after a failed migration %d tables exist (%v), want none", n, err)
	}
	files["0002_b.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE b (x INTEGER);")}
	for range 2 { // the second run finds nothing to do
		if err := sqlstore.Migrate(t.Context(), db, d, m, now); err != nil {
			t.Fatal(err)
		}
	}
	var versions, at int64
	if err := db.QueryRow(`SELECT count(*), max(applied_at) FROM schema_migrations`).Scan(&versions, &at); err != nil {
		t.Fatal(err)
	}
	if versions != 2 || at != now.UnixMicro() {
		t.Errorf("schema_migrations: %d versions applied at %d, want 2 at %d", versions, at, now.UnixMicro())
	}
}
