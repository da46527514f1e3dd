package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/labrelay/labrelay"
)

// RecordCallback implements labrelay.Store.
func (s *Store) RecordCallback(ctx context.Context, c labrelay.Callback) (labrelay.Callback, error) {
	if c.ReceivedAt.IsZero() {
		c.ReceivedAt = s.now()
	}
	c.ReceivedAt = c.ReceivedAt.UTC().Truncate(time.Microsecond)
	err := s.tx(ctx, func(tx conn) error {
		if _, err := getDocument(ctx, tx, c.DocumentID); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO callbacks (document_id, status, reason, received_at)
			VALUES (?, ?, ?, ?) RETURNING id`, c.DocumentID, c.Status, c.Reason, ts(c.ReceivedAt)).Scan(&c.ID)
	})
	if err != nil {
		return labrelay.Callback{}, fmt.Errorf("record callback for document %d: %w", c.DocumentID, err)
	}
	return c, nil
}

// Callbacks implements labrelay.Store.
func (s *Store) Callbacks(ctx context.Context, documentID int64) ([]labrelay.Callback, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, document_id, status, reason, received_at
		FROM callbacks WHERE document_id = ? ORDER BY id`, documentID)
	if err != nil {
		return nil, fmt.Errorf("callbacks of document %d: %w", documentID, err)
	}
	defer rows.Close()
	var cs []labrelay.Callback
	for rows.Next() {
		var c labrelay.Callback
		var at dbTime
		if err := rows.Scan(&c.ID, &c.DocumentID, &c.Status, &c.Reason, &at); err != nil {
			return nil, err
		}
		c.ReceivedAt = fromDB(at)
		cs = append(cs, c)
	}
	return cs, rows.Err()
}

// SeenNonce implements labrelay.Store.
func (s *Store) SeenNonce(ctx context.Context, nonce string, at time.Time) (bool, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO nonces (nonce, at) VALUES (?, ?) ON CONFLICT (nonce) DO NOTHING`,
		nonce, ts(at.UTC().Truncate(time.Microsecond)))
	if err != nil {
		return false, fmt.Errorf("record nonce: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("record nonce: %w", err)
	}
	return n == 0, nil
}

// PruneNonces implements labrelay.Store.
func (s *Store) PruneNonces(ctx context.Context, before time.Time) (int, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM nonces WHERE at < ?`, ts(before.UTC().Truncate(time.Microsecond)))
	if err != nil {
		return 0, fmt.Errorf("prune nonces: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// GetCursor implements labrelay.Store.
func (s *Store) GetCursor(ctx context.Context, source string) (string, error) {
	var v string
	err := s.db.QueryRowContext(ctx, `SELECT value FROM cursors WHERE source = ?`, source).Scan(&v)
	if isNoRows(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("get cursor %s: %w", source, err)
	}
	return v, nil
}

// PutCursor implements labrelay.Store.
func (s *Store) PutCursor(ctx context.Context, source, value string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO cursors (source, value) VALUES (?, ?)
		ON CONFLICT (source) DO UPDATE SET value = excluded.value`, source, value)
	if err != nil {
		return fmt.Errorf("put cursor %s: %w", source, err)
	}
	return nil
}

// span returns a WHERE clause bounding column to [from, to).
func span(column string, from, to time.Time) (string, []any) {
	var where []string
	var args []any
	if !from.IsZero() {
		where, args = append(where, column+" >= ?"), append(args, ts(from))
	}
	if !to.IsZero() {
		where, args = append(where, column+" < ?"), append(args, ts(to))
	}
	if len(where) == 0 {
		return "", nil
	}
	return " AND " + strings.Join(where, " AND "), args
}

// Counts implements labrelay.Store.
func (s *Store) Counts(ctx context.Context, from, to time.Time) ([]labrelay.Count, error) {
	cond, args := span("discovered_at", from, to)
	o := s.db.d.ByteOrder
	rows, err := s.db.QueryContext(ctx, `SELECT lab, category, path, state, count(*) FROM documents
		WHERE 1 = 1`+cond+` GROUP BY lab, category, path, state ORDER BY lab`+o+`, category`+o+`, path`+o+`, state`+o, args...)
	if err != nil {
		return nil, fmt.Errorf("count documents: %w", err)
	}
	defer rows.Close()
	var counts []labrelay.Count
	for rows.Next() {
		var c labrelay.Count
		if err := rows.Scan(&c.Lab, &c.Category, &c.Path, &c.State, &c.N); err != nil {
			return nil, err
		}
		counts = append(counts, c)
	}
	return counts, rows.Err()
}

// Latencies implements labrelay.Store.
func (s *Store) Latencies(ctx context.Context, from, to time.Time) ([]labrelay.Latency, error) {
	cond, args := span("published_at", from, to)
	rows, err := s.db.QueryContext(ctx, `SELECT id, lab, category, path, discovered_at, published_at
		FROM documents WHERE published_at IS NOT NULL`+cond+` ORDER BY published_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("latencies: %w", err)
	}
	defer rows.Close()
	var ls []labrelay.Latency
	for rows.Next() {
		var l labrelay.Latency
		var disc, pub dbTime
		if err := rows.Scan(&l.DocumentID, &l.Lab, &l.Category, &l.Path, &disc, &pub); err != nil {
			return nil, err
		}
		l.DiscoveredAt, l.PublishedAt = fromDB(disc), fromDB(pub)
		l.Duration = l.PublishedAt.Sub(l.DiscoveredAt)
		ls = append(ls, l)
	}
	return ls, rows.Err()
}
