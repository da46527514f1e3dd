package postgres

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/sqlstore"
)

var _ labrelay.Store = (*Store)(nil)

//go:embed migrations/*.sql
var migrations embed.FS

// migrationLock is the advisory lock key that serialises migrations when
// several processes open the same database at once.
const migrationLock = 0x6c6162726c6179 // "labrlay"

// dialect: several workers share the database, so rows a transaction
// changes are locked and leasing skips rows another worker holds;
// reports sort text by bytes whatever the database's collation.
var dialect = sqlstore.Dialect{
	Numbered:   true,
	LockRow:    " FOR UPDATE",
	SkipLocked: " FOR UPDATE SKIP LOCKED",
	ByteOrder:  ` COLLATE "C"`,
}

// store names the shared implementation so that embedding it promotes its
// methods without exporting a field.
type store = sqlstore.Store

// Store is a labrelay.Store on PostgreSQL.
type Store struct {
	// DSN is the connection string (URL or key=value), as pgx reads it.
	DSN string
	// MaxConns caps the pool; 0 keeps pgxpool's default.
	MaxConns int32
	// Now is the clock; tests move it to expire leases and claims.
	Now func() time.Time

	pool *pgxpool.Pool
	db   *sql.DB
	*store
}

// New returns an unopened store on the database at dsn.
func New(dsn string) *Store {
	return &Store{DSN: dsn, Now: time.Now}
}

// Open connects and applies pending migrations.
func (s *Store) Open(ctx context.Context) error {
	cfg, err := pgxpool.ParseConfig(s.DSN)
	if err != nil {
		return fmt.Errorf("parse postgres dsn: %w", err)
	}
	if s.MaxConns > 0 {
		cfg.MaxConns = s.MaxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return fmt.Errorf("connect postgres: %w", err)
	}
	s.pool = pool
	s.db = stdlib.OpenDBFromPool(pool)
	if err := s.migrate(ctx); err != nil {
		s.db.Close()
		pool.Close()
		return fmt.Errorf("migrate postgres: %w", err)
	}
	s.store = sqlstore.New(s.db, dialect, s.clock)
	return nil
}

// Close closes the pool.
func (s *Store) Close() error {
	if s.db != nil {
		s.db.Close()
	}
	if s.pool != nil {
		s.pool.Close()
	}
	return nil
}

func (s *Store) migrate(ctx context.Context) error {
	files, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	return sqlstore.Migrate(ctx, s.db, dialect, sqlstore.Migrations{Files: files, TimeType: "TIMESTAMPTZ",
		Lock: fmt.Sprintf("SELECT pg_advisory_xact_lock(%d)", int64(migrationLock))}, s.clock())
}

// clock reads Now on every call, so tests may move it after Open.
func (s *Store) clock() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}
