package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/labrelay/labrelay"
)

const outboxCols = `document_id, idempotency_key, signed_record, content_type, status, attempts, next_attempt_at,
	last_error, receipt_id, receipt_status, enqueued_at, lease_worker, lease_token, lease_expires_at`

func scanOutbox(row scanner) (labrelay.OutboxItem, error) {
	var it labrelay.OutboxItem
	var next, enq, exp dbTime
	err := row.Scan(&it.DocumentID, &it.IdempotencyKey, &it.SignedRecord, &it.ContentType, &it.Status, &it.Attempts,
		&next, &it.LastError, &it.Receipt.ID, &it.Receipt.Status, &enq, &it.Worker, &it.Token, &exp)
	it.NextAttemptAt, it.EnqueuedAt, it.ExpiresAt = fromDB(next), fromDB(enq), fromDB(exp)
	return it, err
}

// enqueue puts a signed document in the outbox, due now; a document signed
// again (after an exception) starts over.
func enqueue(ctx context.Context, tx conn, d labrelay.Document, contentType string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO outbox (document_id, idempotency_key, signed_record,
		content_type, status, next_attempt_at, enqueued_at) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (document_id) DO UPDATE SET idempotency_key = excluded.idempotency_key,
		signed_record = excluded.signed_record, content_type = excluded.content_type, status = excluded.status, attempts = 0,
		next_attempt_at = excluded.next_attempt_at, last_error = '', receipt_id = '',
		receipt_status = 0, enqueued_at = excluded.enqueued_at, lease_worker = '',
		lease_expires_at = NULL`,
		d.ID, d.IdempotencyKey, d.SignedRecord, contentType, labrelay.OutboxPending, ts(now), ts(now))
	return err
}

// withdraw takes a document's pending publication out of the outbox unless
// a publisher holds it now (its outcome is then recorded by finish).
func withdraw(ctx context.Context, tx conn, id int64, why string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE outbox SET status = ?, last_error = ?
		WHERE document_id = ? AND status = ? AND (lease_expires_at IS NULL OR lease_expires_at <= ?)`,
		labrelay.OutboxWithdrawn, why, id, labrelay.OutboxPending, ts(now))
	return err
}

// LeaseOutbox implements labrelay.Store.
func (s *Store) LeaseOutbox(ctx context.Context, worker string, n int, ttl time.Duration) ([]labrelay.OutboxItem, error) {
	if worker == "" || n <= 0 || ttl <= 0 {
		return nil, fmt.Errorf("lease outbox: worker, n and ttl are required: %w", labrelay.ErrInvalid)
	}
	var items []labrelay.OutboxItem
	err := s.tx(ctx, func(tx conn) error {
		now := s.now()
		rows, err := tx.QueryContext(ctx, `SELECT document_id FROM outbox
			WHERE status = ? AND next_attempt_at <= ? AND (lease_expires_at IS NULL OR lease_expires_at <= ?)
			ORDER BY next_attempt_at, document_id LIMIT ?`+tx.d.SkipLocked, labrelay.OutboxPending, ts(now), ts(now), n)
		if err != nil {
			return err
		}
		ids, err := scanIDs(rows)
		if err != nil {
			return err
		}
		for _, id := range ids {
			it, err := scanOutbox(tx.QueryRowContext(ctx, `UPDATE outbox SET lease_worker = ?,
				lease_token = lease_token + 1, lease_expires_at = ?, attempts = attempts + 1
				WHERE document_id = ? RETURNING `+outboxCols, worker, ts(now.Add(ttl)), id))
			if err != nil {
				return err
			}
			items = append(items, it)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("lease outbox for %s: %w", worker, err)
	}
	return items, nil
}

// outboxHolding checks in tx that it is the current, unexpired lease.
func outboxHolding(ctx context.Context, tx conn, it labrelay.OutboxItem, now time.Time) error {
	cur, err := scanOutbox(tx.QueryRowContext(ctx, `SELECT `+outboxCols+` FROM outbox WHERE document_id = ?`+tx.d.LockRow, it.DocumentID))
	if isNoRows(err) {
		return notFound("outbox entry", it.DocumentID)
	}
	if err != nil {
		return err
	}
	if cur.Status != labrelay.OutboxPending || cur.Worker != it.Worker || cur.Token != it.Token || !cur.ExpiresAt.After(now) {
		return fmt.Errorf("publish lease %d of document %d by %s is no longer held: %w", it.Token, it.DocumentID, it.Worker, labrelay.ErrConflict)
	}
	return nil
}

// PublishRetry implements labrelay.Store.
func (s *Store) PublishRetry(ctx context.Context, it labrelay.OutboxItem, lastErr string, next time.Time) error {
	err := s.tx(ctx, func(tx conn) error {
		if err := outboxHolding(ctx, tx, it, s.now()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET last_error = ?, next_attempt_at = ?,
			lease_worker = '', lease_expires_at = NULL WHERE document_id = ?`,
			lastErr, ts(next.UTC().Truncate(time.Microsecond)), it.DocumentID)
		return err
	})
	if err != nil {
		return fmt.Errorf("record publish retry of document %d: %w", it.DocumentID, err)
	}
	return nil
}

// finish ends a publication: the outbox entry gets status and the document
// moves to state. A document moved meanwhile (by an operator, or
// superseded) keeps its state; the outbox still records the outcome, so
// the publication is not sent again.
func (s *Store) finish(ctx context.Context, it labrelay.OutboxItem, status string, r labrelay.Receipt, to labrelay.State, reason string) (labrelay.Document, error) {
	var d labrelay.Document
	err := s.tx(ctx, func(tx conn) error {
		now := s.now()
		if err := outboxHolding(ctx, tx, it, now); err != nil {
			return err
		}
		var err error
		if d, err = getDocument(ctx, tx, it.DocumentID); err != nil {
			return err
		}
		moved := d.State != labrelay.StateSigned
		if !moved {
			if err := moveTo(&d, to, reason, now); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox SET status = ?, receipt_id = ?, receipt_status = ?,
			last_error = ?, lease_worker = '', lease_expires_at = NULL WHERE document_id = ?`,
			status, r.ID, r.Status, reason, it.DocumentID); err != nil {
			return err
		}
		if moved {
			return nil
		}
		return saveDocument(ctx, tx, &d)
	})
	return d, err
}

// Published implements labrelay.Store.
func (s *Store) Published(ctx context.Context, it labrelay.OutboxItem, r labrelay.Receipt) (labrelay.Document, error) {
	d, err := s.finish(ctx, it, labrelay.OutboxPublished, r, labrelay.StatePublished, "")
	if err != nil {
		return d, fmt.Errorf("record publication of document %d: %w", it.DocumentID, err)
	}
	return d, nil
}

// PublishException implements labrelay.Store.
func (s *Store) PublishException(ctx context.Context, it labrelay.OutboxItem, reason string) (labrelay.Document, error) {
	d, err := s.finish(ctx, it, labrelay.OutboxException, labrelay.Receipt{}, labrelay.StateException, reason)
	if err != nil {
		return d, fmt.Errorf("record publish exception of document %d: %w", it.DocumentID, err)
	}
	return d, nil
}

// Outbox implements labrelay.Store.
func (s *Store) Outbox(ctx context.Context, documentID int64) (labrelay.OutboxItem, error) {
	it, err := scanOutbox(s.db.QueryRowContext(ctx, `SELECT `+outboxCols+` FROM outbox WHERE document_id = ?`, documentID))
	if isNoRows(err) {
		return it, notFound("outbox entry", documentID)
	}
	return it, err
}
