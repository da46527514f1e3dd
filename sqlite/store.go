package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/sqlstore"
	_ "modernc.org/sqlite" // driver "sqlite"
)

var _ labrelay.Store = (*Store)(nil)

//go:embed migrations/*.sql
var migrations embed.FS

// dialect: SQLite serialises writers (one connection, BEGIN IMMEDIATE), so
// rows need no locks; times are Unix microseconds in INTEGER columns.
var dialect = sqlstore.Dialect{
	Time: func(t time.Time) any { return t.UnixMicro() },
}

// store names the shared implementation so that embedding it promotes its
// methods without exporting a field.
type store = sqlstore.Store

// Store is a labrelay.Store on a SQLite file.
type Store struct {
	// Path is the database file.
	Path string
	// BusyTimeout is how long a writer waits for another process's write.
	BusyTimeout time.Duration
	// Now is the clock; tests move it to expire leases and claims.
	Now func() time.Time

	db *sql.DB
	*store
}

// New returns an unopened store on the file at path.
func New(path string) *Store {
	return &Store{Path: path, BusyTimeout: 10 * time.Second, Now: time.Now}
}

// Open opens the database and applies pending migrations. The file holds
// the reports themselves: it is created 0600 (SQLite gives its -wal and
// -shm files the same mode), and an existing one is narrowed to that.
func (s *Store) Open(ctx context.Context) error {
	if err := private(s.Path); err != nil {
		return fmt.Errorf("open sqlite %s: %w", s.Path, err)
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", s.BusyTimeout.Milliseconds()))
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(NORMAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+s.Path+"?"+q.Encode())
	if err != nil {
		return fmt.Errorf("open sqlite %s: %w", s.Path, err)
	}
	// One connection: writes in this process queue in Go rather than
	// spinning on SQLITE_BUSY; other processes wait on the busy timeout.
	db.SetMaxOpenConns(1)
	s.db = db
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return fmt.Errorf("migrate sqlite %s: %w", s.Path, err)
	}
	s.store = sqlstore.New(db, dialect, s.clock)
	return nil
}

// private creates path 0600 if missing, or takes group and other
// permissions off an existing file. ":memory:" and URIs are left alone.
func private(path string) error {
	if path == "" || path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return f.Chmod(fi.Mode().Perm() &^ 0o077)
	}
	return nil
}

// Close closes the database.
func (s *Store) Close() error {
	if s.db == nil {
		return nil
	}
	return s.db.Close()
}

func (s *Store) migrate(ctx context.Context) error {
	files, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	return sqlstore.Migrate(ctx, s.db, dialect, sqlstore.Migrations{Files: files, TimeType: "INTEGER"}, s.clock())
}

// clock reads Now on every call, so tests may move it after Open.
func (s *Store) clock() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}
