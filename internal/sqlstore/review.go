package sqlstore

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/labrelay/labrelay"
)

// ReviewQueue implements labrelay.Store.
func (s *Store) ReviewQueue(ctx context.Context, f labrelay.ReviewFilter) ([]labrelay.Document, int, error) {
	where := []string{"state = ?"}
	args := []any{string(labrelay.StateNeedsReview)}
	if f.Lab != "" {
		where, args = append(where, "lab = ?"), append(args, f.Lab)
	}
	if f.Category != "" {
		where, args = append(where, "category = ?"), append(args, f.Category)
	}
	cond := " WHERE " + strings.Join(where, " AND ")
	var total int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM documents`+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("review queue: %w", err)
	}
	query := `SELECT ` + docCols + ` FROM documents` + cond + ` ORDER BY needs_review_at, id`
	if f.Limit > 0 || f.Offset > 0 {
		// SQLite takes OFFSET only after a LIMIT, PostgreSQL no negative
		// LIMIT: the largest one means none on both.
		limit := int64(f.Limit)
		if limit <= 0 {
			limit = math.MaxInt64
		}
		query += fmt.Sprintf(" LIMIT %d OFFSET %d", limit, f.Offset)
	}
	docs, err := s.documents(ctx, query, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("review queue: %w", err)
	}
	return docs, total, nil
}

// claimed checks in tx that reviewer holds an unexpired claim on a document
// in needs_review and returns the document.
func claimed(ctx context.Context, tx conn, id int64, reviewer string, now time.Time) (labrelay.Document, error) {
	d, err := getDocument(ctx, tx, id)
	if err != nil {
		return d, err
	}
	var who string
	var exp dbTime
	if err := tx.QueryRowContext(ctx, `SELECT claim_reviewer, claim_expires_at FROM documents WHERE id = ?`, id).Scan(&who, &exp); err != nil {
		return d, err
	}
	if d.State != labrelay.StateNeedsReview {
		return d, fmt.Errorf("document %d is %s, not in review: %w", id, d.State, labrelay.ErrConflict)
	}
	if who != reviewer || !fromDB(exp).After(now) {
		return d, fmt.Errorf("document %d is not claimed by %s: %w", id, reviewer, labrelay.ErrConflict)
	}
	return d, nil
}

// Claim implements labrelay.Store.
func (s *Store) Claim(ctx context.Context, id int64, reviewer string, ttl time.Duration) (labrelay.Claim, error) {
	c := labrelay.Claim{DocumentID: id, Reviewer: reviewer}
	if reviewer == "" || ttl <= 0 {
		return c, fmt.Errorf("claim: reviewer and ttl are required: %w", labrelay.ErrInvalid)
	}
	err := s.tx(ctx, func(tx conn) error {
		now := s.now()
		d, err := getDocument(ctx, tx, id)
		if err != nil {
			return err
		}
		if d.State != labrelay.StateNeedsReview {
			return fmt.Errorf("document %d is %s, not in review: %w", id, d.State, labrelay.ErrConflict)
		}
		var who string
		var exp dbTime
		if err := tx.QueryRowContext(ctx, `SELECT claim_reviewer, claim_expires_at FROM documents WHERE id = ?`, id).Scan(&who, &exp); err != nil {
			return err
		}
		if who != "" && who != reviewer && fromDB(exp).After(now) {
			return fmt.Errorf("document %d is claimed by %s: %w", id, who, labrelay.ErrConflict)
		}
		c.ExpiresAt = now.Add(ttl)
		_, err = tx.ExecContext(ctx, `UPDATE documents SET claim_reviewer = ?, claim_expires_at = ? WHERE id = ?`,
			reviewer, ts(c.ExpiresAt), id)
		return err
	})
	if err != nil {
		return labrelay.Claim{}, fmt.Errorf("claim document %d for %s: %w", id, reviewer, err)
	}
	return c, nil
}

// ReleaseClaim implements labrelay.Store.
func (s *Store) ReleaseClaim(ctx context.Context, id int64, reviewer string) error {
	err := s.tx(ctx, func(tx conn) error {
		if _, err := claimed(ctx, tx, id, reviewer, s.now()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE documents SET claim_reviewer = '', claim_expires_at = NULL WHERE id = ?`, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("release claim on document %d: %w", id, err)
	}
	return nil
}

func addAudit(ctx context.Context, tx conn, e labrelay.AuditEntry) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit (document_id, at, actor, action, field, old, new, comment)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, e.DocumentID, ts(e.At), e.Actor, e.Action, e.Field, e.Old, e.New, e.Comment)
	return err
}

// Correct implements labrelay.Store.
func (s *Store) Correct(ctx context.Context, id int64, reviewer string, corrected labrelay.Extraction, comment string) (labrelay.Document, error) {
	var d labrelay.Document
	err := s.tx(ctx, func(tx conn) error {
		now := s.now()
		var err error
		if d, err = claimed(ctx, tx, id, reviewer, now); err != nil {
			return err
		}
		var old labrelay.Record
		if d.Extraction != nil {
			old = d.Extraction.Fields
		}
		changes := labrelay.DiffRecords(old, corrected.Fields)
		if len(changes) == 0 && comment != "" {
			changes = []labrelay.FieldChange{{}}
		}
		for _, c := range changes {
			if err := addAudit(ctx, tx, labrelay.AuditEntry{DocumentID: id, At: now, Actor: reviewer,
				Action: labrelay.AuditCorrect, Field: c.Field, Old: c.Old, New: c.New, Comment: comment}); err != nil {
				return err
			}
		}
		d.SetExtraction(&corrected)
		d.UpdatedAt = now
		return saveDocument(ctx, tx, &d)
	})
	if err != nil {
		return labrelay.Document{}, fmt.Errorf("correct document %d: %w", id, err)
	}
	return d, nil
}

// decide ends a review: the claimed document moves to to.
func (s *Store) decide(ctx context.Context, id int64, reviewer string, to labrelay.State, action, comment string) (labrelay.Document, error) {
	var d labrelay.Document
	err := s.tx(ctx, func(tx conn) error {
		now := s.now()
		var err error
		if d, err = claimed(ctx, tx, id, reviewer, now); err != nil {
			return err
		}
		if err := moveTo(&d, to, comment, now); err != nil {
			return err
		}
		d.ReviewedBy = reviewer
		if err := addAudit(ctx, tx, labrelay.AuditEntry{DocumentID: id, At: now, Actor: reviewer, Action: action, Comment: comment}); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET claim_reviewer = '', claim_expires_at = NULL WHERE id = ?`, id); err != nil {
			return err
		}
		return saveDocument(ctx, tx, &d)
	})
	if err != nil {
		return labrelay.Document{}, fmt.Errorf("%s document %d: %w", action, id, err)
	}
	return d, nil
}

// Approve implements labrelay.Store.
func (s *Store) Approve(ctx context.Context, id int64, reviewer, comment string) (labrelay.Document, error) {
	return s.decide(ctx, id, reviewer, labrelay.StateAccepted, labrelay.AuditApprove, comment)
}

// Reject implements labrelay.Store.
func (s *Store) Reject(ctx context.Context, id int64, reviewer, reason string) (labrelay.Document, error) {
	return s.decide(ctx, id, reviewer, labrelay.StateException, labrelay.AuditReject, reason)
}

// Audit implements labrelay.Store.
func (s *Store) Audit(ctx context.Context, id int64) ([]labrelay.AuditEntry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT document_id, at, actor, action, field, old, new, comment
		FROM audit WHERE document_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("audit of document %d: %w", id, err)
	}
	defer rows.Close()
	var entries []labrelay.AuditEntry
	for rows.Next() {
		var e labrelay.AuditEntry
		var at dbTime
		if err := rows.Scan(&e.DocumentID, &at, &e.Actor, &e.Action, &e.Field, &e.Old, &e.New, &e.Comment); err != nil {
			return nil, err
		}
		e.At = fromDB(at)
		entries = append(entries, e)
	}
	return entries, rows.Err()
}
