package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/labrelay/labrelay"
)

// Dialect is what one SQL database does differently. Queries are written
// with ? placeholders and get the dialect's suffixes appended.
type Dialect struct {
	// Numbered writes placeholders as $1, $2, … (PostgreSQL) instead of ?.
	Numbered bool
	// LockRow is appended to a SELECT of the row a transaction goes on to
	// change (" FOR UPDATE"); empty when the database serialises writers.
	LockRow string
	// SkipLocked is appended to the SELECT that picks work to lease
	// (" FOR UPDATE SKIP LOCKED"), so concurrent workers take different
	// rows instead of waiting for each other.
	SkipLocked string
	// ByteOrder follows a text column in ORDER BY to sort by bytes
	// (` COLLATE "C"`), as SQLite does by default.
	ByteOrder string
	// Time encodes a time argument (UTC, microseconds); nil passes
	// time.Time to the driver.
	Time func(time.Time) any
}

// Store implements the labrelay.Store methods (all but Close) on db.
type Store struct {
	sqlDB *sql.DB
	db    conn
	now   func() time.Time
}

// New returns a store on an open, migrated database; now is read on every
// call, so a caller may move its clock later.
func New(db *sql.DB, d Dialect, now func() time.Time) *Store {
	return &Store{sqlDB: db, db: conn{c: db, d: d}, now: func() time.Time {
		return now().UTC().Truncate(time.Microsecond)
	}}
}

// tx runs fn in a transaction and commits it when fn returns nil.
func (s *Store) tx(ctx context.Context, fn func(tx conn) error) error {
	tx, err := s.sqlDB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(conn{c: tx, d: s.db.d}); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// conn is a database or transaction that speaks the dialect: it rewrites
// placeholders and encodes time arguments.
type conn struct {
	c querier
	d Dialect
}

func (c conn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return c.c.ExecContext(ctx, c.rebind(query), c.encode(args)...)
}

func (c conn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return c.c.QueryContext(ctx, c.rebind(query), c.encode(args)...)
}

func (c conn) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return c.c.QueryRowContext(ctx, c.rebind(query), c.encode(args)...)
}

// rebind numbers the ? placeholders when the dialect wants $n. Queries
// hold no ? inside string literals.
func (c conn) rebind(query string) string {
	if !c.d.Numbered || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r != '?' {
			b.WriteRune(r)
			continue
		}
		n++
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(n))
	}
	return b.String()
}

func (c conn) encode(args []any) []any {
	if c.d.Time == nil {
		return args
	}
	out := make([]any, len(args))
	for i, a := range args {
		if t, ok := a.(time.Time); ok {
			a = c.d.Time(t)
		}
		out[i] = a
	}
	return out
}

// ts is a time argument; the zero time is NULL.
func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// dbTime scans a time column as the driver returns it: Unix microseconds
// (SQLite INTEGER) or a time.Time (PostgreSQL TIMESTAMPTZ); NULL is the
// zero time.
type dbTime struct{ t time.Time }

// Scan implements sql.Scanner.
func (v *dbTime) Scan(src any) error {
	switch x := src.(type) {
	case nil:
		v.t = time.Time{}
	case int64:
		v.t = time.UnixMicro(x).UTC()
	case time.Time:
		v.t = x.UTC()
	default:
		return fmt.Errorf("time column: unexpected %T", src)
	}
	return nil
}

func fromDB(v dbTime) time.Time { return v.t }

func notFound(what string, id any) error {
	return fmt.Errorf("%s %v: %w", what, id, labrelay.ErrNotFound)
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
