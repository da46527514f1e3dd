package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/labrelay/labrelay"
)

const docCols = `id, bucket, key, etag, version_id, lab_hint, sha256, state, version,
	reason, attempts, duplicate_of, superseded_by, lab, category, path, rules_version,
	extraction, signed_record, idempotency_key, reviewed_by, discovered_at, fetched_at,
	extracted_at, needs_review_at, accepted_at, signed_at, published_at, updated_at, twin_of`

type scanner interface{ Scan(dest ...any) error }

func scanDocument(row scanner) (labrelay.Document, error) {
	var (
		d                                      labrelay.Document
		dup, sup, twin                         sql.NullInt64
		extraction                             sql.NullString
		disc, fet, ext, nr, acc, sig, pub, upd dbTime
	)
	err := row.Scan(&d.ID, &d.Source.Bucket, &d.Source.Key, &d.Source.ETag, &d.Source.VersionID,
		&d.LabHint, &d.SHA256, &d.State, &d.Version, &d.Reason, &d.Attempts, &dup, &sup,
		&d.Lab, &d.Category, &d.Path, &d.RulesVersion, &extraction, &d.SignedRecord,
		&d.IdempotencyKey, &d.ReviewedBy, &disc, &fet, &ext, &nr, &acc, &sig, &pub, &upd, &twin)
	if err != nil {
		return d, err
	}
	d.DuplicateOf, d.SupersededBy, d.TwinOf = dup.Int64, sup.Int64, twin.Int64
	if extraction.Valid {
		d.Extraction = new(labrelay.Extraction)
		if err := json.Unmarshal([]byte(extraction.String), d.Extraction); err != nil {
			return d, fmt.Errorf("document %d: extraction: %w", d.ID, err)
		}
	}
	d.DiscoveredAt, d.FetchedAt, d.ExtractedAt = fromDB(disc), fromDB(fet), fromDB(ext)
	d.NeedsReviewAt, d.AcceptedAt, d.SignedAt = fromDB(nr), fromDB(acc), fromDB(sig)
	d.PublishedAt, d.UpdatedAt = fromDB(pub), fromDB(upd)
	return d, nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// getDocument reads one document in tx.
func getDocument(ctx context.Context, tx conn, id int64) (labrelay.Document, error) {
	d, err := scanDocument(tx.QueryRowContext(ctx, `SELECT `+docCols+` FROM documents WHERE id = ?`+tx.d.LockRow, id))
	if isNoRows(err) {
		return d, notFound("document", id)
	}
	return d, err
}

// saveDocument writes the mutable columns of d and bumps its version.
func saveDocument(ctx context.Context, tx conn, d *labrelay.Document) error {
	var extraction any
	if d.Extraction != nil {
		b, err := json.Marshal(d.Extraction)
		if err != nil {
			return fmt.Errorf("document %d: extraction: %w", d.ID, err)
		}
		extraction = string(b)
	}
	d.Version++
	report, supersedes, twin := d.LineageKeys()
	_, err := tx.ExecContext(ctx, `UPDATE documents SET sha256 = ?, state = ?, version = ?,
		reason = ?, attempts = ?, duplicate_of = ?, superseded_by = ?, lab = ?, category = ?,
		path = ?, rules_version = ?, extraction = ?, signed_record = ?, idempotency_key = ?,
		reviewed_by = ?, fetched_at = ?, extracted_at = ?, needs_review_at = ?, accepted_at = ?,
		signed_at = ?, published_at = ?, updated_at = ?, twin_of = ?, report_key = ?,
		supersedes_key = ?, twin_key = ? WHERE id = ?`,
		d.SHA256, string(d.State), d.Version, d.Reason, d.Attempts, nullID(d.DuplicateOf),
		nullID(d.SupersededBy), d.Lab, d.Category, d.Path, d.RulesVersion, extraction,
		d.SignedRecord, d.IdempotencyKey, d.ReviewedBy, ts(d.FetchedAt), ts(d.ExtractedAt),
		ts(d.NeedsReviewAt), ts(d.AcceptedAt), ts(d.SignedAt), ts(d.PublishedAt),
		ts(d.UpdatedAt), nullID(d.TwinOf), report, supersedes, twin, d.ID)
	return err
}

// moveTo moves d along the route to to, stamping every state on the way.
// Reason is kept for failed and exception and cleared otherwise.
func moveTo(d *labrelay.Document, to labrelay.State, reason string, now time.Time) error {
	if d.DuplicateOf != 0 {
		return fmt.Errorf("document %d is a duplicate of document %d: %w", d.ID, d.DuplicateOf, labrelay.ErrIllegalMove)
	}
	steps, ok := labrelay.Route(d.State, to)
	if !ok {
		return fmt.Errorf("document %d: %v: %w", d.ID, labrelay.CheckMove(d.State, to), labrelay.ErrIllegalMove)
	}
	for _, s := range steps {
		d.Stamp(s, now)
	}
	d.Reason = ""
	if to == labrelay.StateFailed || to == labrelay.StateException {
		d.Reason = reason
	}
	return nil
}

// emptySHA256 is the SHA-256 of zero bytes.
const emptySHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

// markDuplicate records sum as d's content; when another document held it
// first, d becomes its duplicate (failed, never worked on).
func markDuplicate(ctx context.Context, tx conn, d *labrelay.Document, sum string, now time.Time) error {
	d.SHA256 = sum
	if sum == emptySHA256 {
		return nil // every empty file is reported as empty, not as a copy of the first
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO contents (sha256, document_id) VALUES (?, ?)
		ON CONFLICT (sha256) DO NOTHING`, sum, d.ID); err != nil {
		return err
	}
	var first int64
	if err := tx.QueryRowContext(ctx, `SELECT document_id FROM contents WHERE sha256 = ?`, sum).Scan(&first); err != nil {
		return err
	}
	if first != d.ID {
		d.DuplicateOf = first
		d.Reason = fmt.Sprintf("duplicate of document %d (same content)", first)
		d.Stamp(labrelay.StateFailed, now)
	}
	return nil
}

// Discover implements labrelay.Store.
func (s *Store) Discover(ctx context.Context, nd labrelay.NewDocument) (d labrelay.Document, created bool, err error) {
	if nd.Source.Key == "" {
		return d, false, fmt.Errorf("discover: empty key: %w", labrelay.ErrInvalid)
	}
	err = s.tx(ctx, func(tx conn) error {
		now := s.now()
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO documents (bucket, key, etag, version_id, lab_hint,
			state, lab, discovered_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (bucket, key, etag, version_id) DO NOTHING RETURNING id`,
			nd.Source.Bucket, nd.Source.Key, nd.Source.ETag, nd.Source.VersionID, nd.LabHint,
			string(labrelay.StateDiscovered), nd.LabHint, ts(now), ts(now)).Scan(&id)
		if isNoRows(err) {
			d, err = scanDocument(tx.QueryRowContext(ctx, `SELECT `+docCols+` FROM documents
				WHERE bucket = ? AND key = ? AND etag = ? AND version_id = ?`,
				nd.Source.Bucket, nd.Source.Key, nd.Source.ETag, nd.Source.VersionID))
			return err
		}
		if err != nil {
			return err
		}
		created = true
		if d, err = getDocument(ctx, tx, id); err != nil {
			return err
		}
		if nd.SHA256 == "" {
			return nil
		}
		if err := markDuplicate(ctx, tx, &d, nd.SHA256, now); err != nil {
			return err
		}
		return saveDocument(ctx, tx, &d)
	})
	if err != nil {
		return labrelay.Document{}, false, fmt.Errorf("discover %s/%s: %w", nd.Source.Bucket, nd.Source.Key, err)
	}
	return d, created, nil
}

// Document implements labrelay.Store.
func (s *Store) Document(ctx context.Context, id int64) (labrelay.Document, error) {
	d, err := scanDocument(s.db.QueryRowContext(ctx, `SELECT `+docCols+` FROM documents WHERE id = ?`, id))
	if isNoRows(err) {
		return d, notFound("document", id)
	}
	return d, err
}

// DocumentBySource implements labrelay.Store.
func (s *Store) DocumentBySource(ctx context.Context, src labrelay.ObjectRef) (labrelay.Document, error) {
	d, err := scanDocument(s.db.QueryRowContext(ctx, `SELECT `+docCols+` FROM documents
		WHERE bucket = ? AND key = ? AND etag = ? AND version_id = ?`,
		src.Bucket, src.Key, src.ETag, src.VersionID))
	if isNoRows(err) {
		return d, notFound("document with source", src)
	}
	return d, err
}

// DocumentBySubmission implements labrelay.Store.
func (s *Store) DocumentBySubmission(ctx context.Context, keyOrID string) (labrelay.Document, error) {
	if keyOrID == "" {
		return labrelay.Document{}, notFound("submission", `""`)
	}
	d, err := scanDocument(s.db.QueryRowContext(ctx, `SELECT `+docCols+` FROM documents
		WHERE idempotency_key = ? OR id IN (SELECT document_id FROM outbox WHERE receipt_id = ?)
		ORDER BY id DESC LIMIT 1`, keyOrID, keyOrID))
	if isNoRows(err) {
		return d, notFound("submission", keyOrID)
	}
	return d, err
}

// Documents implements labrelay.Store.
func (s *Store) Documents(ctx context.Context, q labrelay.DocumentQuery) ([]labrelay.Document, error) {
	var where []string
	var args []any
	if len(q.States) > 0 {
		marks := make([]string, len(q.States))
		for i, st := range q.States {
			marks[i] = "?"
			args = append(args, string(st))
		}
		where = append(where, "state IN ("+strings.Join(marks, ", ")+")")
	}
	if !q.From.IsZero() {
		where, args = append(where, "discovered_at >= ?"), append(args, ts(q.From))
	}
	if !q.To.IsZero() {
		where, args = append(where, "discovered_at < ?"), append(args, ts(q.To))
	}
	if q.Lab != "" {
		where, args = append(where, "lab = ?"), append(args, q.Lab)
	}
	if q.Category != "" {
		where, args = append(where, "category = ?"), append(args, q.Category)
	}
	if q.RulesVersionNot != "" {
		where, args = append(where, "extraction IS NOT NULL AND rules_version <> ?"), append(args, q.RulesVersionNot)
	}
	if q.AfterID > 0 {
		where, args = append(where, "id > ?"), append(args, q.AfterID)
	}
	if q.ReportNumber != "" {
		where, args = append(where, "report_key = ?"), append(args, labrelay.ReportKey(q.ReportNumber))
	}
	if q.Mentions != "" {
		k := labrelay.ReportKey(q.Mentions)
		where, args = append(where, "(supersedes_key = ? OR twin_key = ?)"), append(args, k, k)
	}
	query := `SELECT ` + docCols + ` FROM documents`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY id"
	if q.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", q.Limit)
	}
	return s.documents(ctx, query, args...)
}

func (s *Store) documents(ctx context.Context, query string, args ...any) ([]labrelay.Document, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var docs []labrelay.Document
	for rows.Next() {
		d, err := scanDocument(rows)
		if err != nil {
			return nil, err
		}
		docs = append(docs, d)
	}
	return docs, rows.Err()
}

// Move implements labrelay.Store.
func (s *Store) Move(ctx context.Context, id int64, from labrelay.State, version int64, to labrelay.State, reason string) (labrelay.Document, error) {
	var d labrelay.Document
	err := s.tx(ctx, func(tx conn) error {
		var err error
		if d, err = getDocument(ctx, tx, id); err != nil {
			return err
		}
		if d.State != from || (version != 0 && d.Version != version) {
			return fmt.Errorf("document %d is %s version %d, not %s version %d: %w", id, d.State, d.Version, from, version, labrelay.ErrConflict)
		}
		now := s.now()
		if l, err := leaseOf(ctx, tx, id); err != nil {
			return err
		} else if l.Worker != "" && l.ExpiresAt.After(now) {
			return fmt.Errorf("document %d is leased by %s: %w", id, l.Worker, labrelay.ErrConflict)
		}
		if err := labrelay.CheckMove(d.State, to); err != nil {
			return fmt.Errorf("%w: %w", labrelay.ErrIllegalMove, err)
		}
		if d.State == labrelay.StateSigned {
			if err := withdraw(ctx, tx, d.ID, fmt.Sprintf("moved to %s before it was sent", to), now); err != nil {
				return err
			}
		}
		if err := moveTo(&d, to, reason, now); err != nil {
			return err
		}
		return saveDocument(ctx, tx, &d)
	})
	if err != nil {
		return labrelay.Document{}, fmt.Errorf("move document %d to %s: %w", id, to, err)
	}
	return d, nil
}

// Supersede implements labrelay.Store.
func (s *Store) Supersede(ctx context.Context, old, newer int64) (labrelay.Document, error) {
	d, err := s.retire(ctx, old, newer, func(d *labrelay.Document) { d.SupersededBy = newer })
	if err != nil {
		return labrelay.Document{}, fmt.Errorf("supersede document %d by %d: %w", old, newer, err)
	}
	return d, nil
}

// LinkTwin implements labrelay.Store.
func (s *Store) LinkTwin(ctx context.Context, secondary, primary int64) (labrelay.Document, error) {
	d, err := s.retire(ctx, secondary, primary, func(d *labrelay.Document) { d.TwinOf = primary })
	if err != nil {
		return labrelay.Document{}, fmt.Errorf("link document %d as twin of %d: %w", secondary, primary, err)
	}
	return d, nil
}

// retire moves id to superseded because of other, after link records why,
// and withdraws its pending publication.
func (s *Store) retire(ctx context.Context, id, other int64, link func(*labrelay.Document)) (labrelay.Document, error) {
	var d labrelay.Document
	err := s.tx(ctx, func(tx conn) error {
		if _, err := getDocument(ctx, tx, other); err != nil {
			return err
		}
		var err error
		if d, err = getDocument(ctx, tx, id); err != nil {
			return err
		}
		if id == other {
			return fmt.Errorf("document %d cannot replace itself: %w", id, labrelay.ErrIllegalMove)
		}
		if err := labrelay.CheckMove(d.State, labrelay.StateSuperseded); err != nil {
			return fmt.Errorf("%w: %w", labrelay.ErrIllegalMove, err)
		}
		now := s.now()
		if d.State == labrelay.StateSigned {
			if err := withdraw(ctx, tx, d.ID, "superseded before it was sent", now); err != nil {
				return err
			}
		}
		link(&d)
		d.Reason = ""
		d.Stamp(labrelay.StateSuperseded, now)
		return saveDocument(ctx, tx, &d)
	})
	return d, err
}

func leaseOf(ctx context.Context, tx conn, id int64) (labrelay.Lease, error) {
	l := labrelay.Lease{DocumentID: id}
	var exp dbTime
	err := tx.QueryRowContext(ctx, `SELECT lease_worker, lease_token, lease_expires_at, state
		FROM documents WHERE id = ?`+tx.d.LockRow, id).Scan(&l.Worker, &l.Token, &exp, &l.Stage)
	if isNoRows(err) {
		return l, notFound("document", id)
	}
	l.ExpiresAt = fromDB(exp)
	return l, err
}

// Lease implements labrelay.Store.
func (s *Store) Lease(ctx context.Context, worker string, stage labrelay.State, n int, ttl time.Duration) ([]labrelay.Lease, error) {
	if worker == "" || n <= 0 || ttl <= 0 {
		return nil, fmt.Errorf("lease: worker, n and ttl are required: %w", labrelay.ErrInvalid)
	}
	if !labrelay.IsWorkStage(stage) {
		return nil, fmt.Errorf("lease: %s is not a worker stage: %w", stage, labrelay.ErrInvalid)
	}
	var leases []labrelay.Lease
	err := s.tx(ctx, func(tx conn) error {
		now := s.now()
		rows, err := tx.QueryContext(ctx, `SELECT id FROM documents
			WHERE state = ? AND duplicate_of IS NULL AND (lease_expires_at IS NULL OR lease_expires_at <= ?)
			ORDER BY id LIMIT ?`+tx.d.SkipLocked, string(stage), ts(now), n)
		if err != nil {
			return err
		}
		ids, err := scanIDs(rows)
		if err != nil {
			return err
		}
		exp := now.Add(ttl)
		for _, id := range ids {
			l := labrelay.Lease{DocumentID: id, Stage: stage, Worker: worker, ExpiresAt: exp}
			if err := tx.QueryRowContext(ctx, `UPDATE documents SET lease_worker = ?, lease_token = lease_token + 1,
				lease_expires_at = ?, attempts = attempts + 1 WHERE id = ? RETURNING lease_token`,
				worker, ts(exp), id).Scan(&l.Token); err != nil {
				return err
			}
			if l.Document, err = getDocument(ctx, tx, id); err != nil {
				return err
			}
			leases = append(leases, l)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("lease %s work for %s: %w", stage, worker, err)
	}
	return leases, nil
}

// holding checks in tx that l is the current, unexpired lease.
func holding(ctx context.Context, tx conn, l labrelay.Lease, now time.Time) error {
	cur, err := leaseOf(ctx, tx, l.DocumentID)
	if err != nil {
		return err
	}
	if cur.Worker != l.Worker || cur.Token != l.Token || cur.Stage != l.Stage || !cur.ExpiresAt.After(now) {
		return fmt.Errorf("lease %d of document %d by %s is no longer held: %w", l.Token, l.DocumentID, l.Worker, labrelay.ErrConflict)
	}
	return nil
}

// Extend implements labrelay.Store.
func (s *Store) Extend(ctx context.Context, l labrelay.Lease, ttl time.Duration) (labrelay.Lease, error) {
	err := s.tx(ctx, func(tx conn) error {
		now := s.now()
		if err := holding(ctx, tx, l, now); err != nil {
			return err
		}
		l.ExpiresAt = now.Add(ttl)
		_, err := tx.ExecContext(ctx, `UPDATE documents SET lease_expires_at = ? WHERE id = ?`, ts(l.ExpiresAt), l.DocumentID)
		return err
	})
	if err != nil {
		return l, fmt.Errorf("extend lease: %w", err)
	}
	return l, nil
}

// Release implements labrelay.Store.
func (s *Store) Release(ctx context.Context, l labrelay.Lease) error {
	err := s.tx(ctx, func(tx conn) error {
		if err := holding(ctx, tx, l, s.now()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE documents SET lease_worker = '', lease_expires_at = NULL WHERE id = ?`, l.DocumentID)
		return err
	})
	if err != nil {
		return fmt.Errorf("release lease: %w", err)
	}
	return nil
}

// Complete implements labrelay.Store.
func (s *Store) Complete(ctx context.Context, l labrelay.Lease, to labrelay.State, u labrelay.Update) (labrelay.Document, error) {
	var d labrelay.Document
	err := s.tx(ctx, func(tx conn) error {
		now := s.now()
		if err := holding(ctx, tx, l, now); err != nil {
			return err
		}
		var err error
		if d, err = getDocument(ctx, tx, l.DocumentID); err != nil {
			return err
		}
		if u.SHA256 != "" && u.SHA256 != d.SHA256 {
			if err := markDuplicate(ctx, tx, &d, u.SHA256, now); err != nil {
				return err
			}
		}
		if d.DuplicateOf == 0 {
			if err := moveTo(&d, to, u.Reason, now); err != nil {
				return err
			}
			if u.Extraction != nil {
				d.SetExtraction(u.Extraction)
			}
			if u.SignedRecord != nil {
				d.SignedRecord = u.SignedRecord
			}
			if u.IdempotencyKey != "" {
				d.IdempotencyKey = u.IdempotencyKey
			}
			if to == labrelay.StateSigned {
				if len(d.SignedRecord) == 0 || d.IdempotencyKey == "" {
					return fmt.Errorf("signing needs the signed record and idempotency key: %w", labrelay.ErrInvalid)
				}
				if err := enqueue(ctx, tx, d, u.ContentType, now); err != nil {
					return err
				}
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET lease_worker = '', lease_expires_at = NULL WHERE id = ?`, d.ID); err != nil {
			return err
		}
		return saveDocument(ctx, tx, &d)
	})
	if err != nil {
		return labrelay.Document{}, fmt.Errorf("complete %s of document %d: %w", to, l.DocumentID, err)
	}
	return d, nil
}

// PutBlob implements labrelay.Store.
func (s *Store) PutBlob(ctx context.Context, sum string, data []byte) error {
	h := sha256.Sum256(data)
	if hex.EncodeToString(h[:]) != strings.ToLower(sum) {
		return fmt.Errorf("put blob %s: content hashes to %x: %w", sum, h, labrelay.ErrInvalid)
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO blobs (sha256, data) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING`,
		strings.ToLower(sum), data)
	if err != nil {
		return fmt.Errorf("put blob %s: %w", sum, err)
	}
	return nil
}

// GetBlob implements labrelay.Store.
func (s *Store) GetBlob(ctx context.Context, sum string) ([]byte, error) {
	var data []byte
	err := s.db.QueryRowContext(ctx, `SELECT data FROM blobs WHERE sha256 = ?`, strings.ToLower(sum)).Scan(&data)
	if isNoRows(err) {
		return nil, notFound("blob", sum)
	}
	if err != nil {
		return nil, fmt.Errorf("get blob %s: %w", sum, err)
	}
	return data, nil
}

// scanIDs reads rows of one integer column and closes them.
func scanIDs(rows *sql.Rows) ([]int64, error) {
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
