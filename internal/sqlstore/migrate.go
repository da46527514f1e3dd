package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Migrations says how one database keeps its schema version.
type Migrations struct {
	// Files holds the migrations as NNNN_name.sql, applied in order.
	Files fs.FS
	// TimeType is the SQL type of schema_migrations.applied_at
	// ("INTEGER" for Unix microseconds, "TIMESTAMPTZ").
	TimeType string
	// Lock, when set, is run first in the migration transaction to
	// serialise processes migrating the same database at once (e.g. an
	// advisory lock); SQLite's write transaction needs none.
	Lock string
}

// Migrate applies the migrations db has not applied yet, in one
// transaction: a failing migration leaves the schema as it was.
func Migrate(ctx context.Context, db *sql.DB, d Dialect, m Migrations, now time.Time) error {
	names, err := fs.Glob(m.Files, "*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	c := conn{c: tx, d: d}
	if m.Lock != "" {
		if _, err := tx.ExecContext(ctx, m.Lock); err != nil {
			return fmt.Errorf("migration lock: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, applied_at `+m.TimeType+` NOT NULL)`); err != nil {
		return err
	}
	for _, name := range names {
		if err := apply(ctx, c, tx, m.Files, name, now); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// apply runs one migration unless it was applied. The body goes to the
// driver as written (c would number its placeholders).
func apply(ctx context.Context, c conn, tx *sql.Tx, files fs.FS, name string, now time.Time) error {
	base := path.Base(name)
	v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
	if err != nil {
		return fmt.Errorf("migration %s: name must start with a number", base)
	}
	var n int
	if err := c.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, v).Scan(&n); err != nil || n > 0 {
		return err
	}
	body, err := fs.ReadFile(files, name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("migration %s: %w", base, err)
	}
	_, err = c.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, v, now.UTC().Truncate(time.Microsecond))
	return err
}
