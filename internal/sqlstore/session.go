package sqlstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/labrelay/labrelay"
)

// sessionKey is what the sessions table keeps of an id: its SHA-256.
func sessionKey(id string) string {
	h := sha256.Sum256([]byte(id))
	return hex.EncodeToString(h[:])
}

func utc(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// CreateSession implements labrelay.Store.
func (s *Store) CreateSession(ctx context.Context, ss labrelay.Session) error {
	if ss.ID == "" || ss.User == "" {
		return fmt.Errorf("create session: id and user are required: %w", labrelay.ErrInvalid)
	}
	if ss.Created.IsZero() {
		ss.Created = s.now()
	}
	if ss.Seen.IsZero() {
		ss.Seen = ss.Created
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO sessions (id_hash, username, role, csrf, created_at, seen_at)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id_hash) DO NOTHING`,
		sessionKey(ss.ID), ss.User, ss.Role, ss.CSRF, ts(utc(ss.Created)), ts(utc(ss.Seen)))
	if err != nil {
		return fmt.Errorf("create session for %s: %w", ss.User, err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("create session for %s: %w", ss.User, err)
	} else if n == 0 {
		return fmt.Errorf("create session for %s: id taken: %w", ss.User, labrelay.ErrConflict)
	}
	return nil
}

// Session implements labrelay.Store.
func (s *Store) Session(ctx context.Context, id string) (labrelay.Session, error) {
	ss := labrelay.Session{ID: id}
	var created, seen dbTime
	err := s.db.QueryRowContext(ctx, `SELECT username, role, csrf, created_at, seen_at FROM sessions WHERE id_hash = ?`,
		sessionKey(id)).Scan(&ss.User, &ss.Role, &ss.CSRF, &created, &seen)
	if isNoRows(err) {
		return labrelay.Session{}, notFound("session", "(id not shown)")
	}
	if err != nil {
		return labrelay.Session{}, fmt.Errorf("session: %w", err)
	}
	ss.Created, ss.Seen = fromDB(created), fromDB(seen)
	return ss, nil
}

// TouchSession implements labrelay.Store.
func (s *Store) TouchSession(ctx context.Context, id string, seen time.Time) error {
	if _, err := s.db.ExecContext(ctx, `UPDATE sessions SET seen_at = ? WHERE id_hash = ? AND seen_at < ?`,
		ts(utc(seen)), sessionKey(id), ts(utc(seen))); err != nil {
		return fmt.Errorf("touch session: %w", err)
	}
	return nil
}

// DeleteSession implements labrelay.Store.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	if _, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE id_hash = ?`, sessionKey(id)); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// PruneSessions implements labrelay.Store.
func (s *Store) PruneSessions(ctx context.Context, seenBefore, createdBefore time.Time) (int, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM sessions WHERE seen_at < ? OR created_at < ?`,
		ts(utc(seenBefore)), ts(utc(createdBefore)))
	if err != nil {
		return 0, fmt.Errorf("prune sessions: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

// Claims implements labrelay.Store.
func (s *Store) Claims(ctx context.Context) ([]labrelay.Claim, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, claim_reviewer, claim_expires_at FROM documents
		WHERE state = ? AND claim_reviewer <> '' AND claim_expires_at > ? ORDER BY id`,
		string(labrelay.StateNeedsReview), ts(s.now()))
	if err != nil {
		return nil, fmt.Errorf("claims: %w", err)
	}
	defer rows.Close()
	var out []labrelay.Claim
	for rows.Next() {
		var c labrelay.Claim
		var exp dbTime
		if err := rows.Scan(&c.DocumentID, &c.Reviewer, &exp); err != nil {
			return nil, fmt.Errorf("claims: %w", err)
		}
		c.ExpiresAt = fromDB(exp)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("claims: %w", err)
	}
	return out, nil
}
