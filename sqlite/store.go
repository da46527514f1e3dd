package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strconv"
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

// Open opens the database and applies pending migrations.
func (s *Store) Open(ctx context.Context) error {
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

// Close closes the database.
func (s *Store) Close() error {
	if s.db == nil {
		return nil
	}
	return s.db.Close()
}

func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`); err != nil {
		return err
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with a number", base)
		}
		body, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		err = s.tx(ctx, func(tx *sql.Tx) error {
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, v).Scan(&n); err != nil || n > 0 {
				return err
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("migration %s: %w", base, err)
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, v, s.clock().UnixMicro())
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// tx runs fn in a write transaction (BEGIN IMMEDIATE) and commits it when
// fn returns nil.
func (s *Store) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// clock reads Now on every call, so tests may move it after Open.
func (s *Store) clock() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}
