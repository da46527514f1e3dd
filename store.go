package labrelay

import (
	"context"
	"errors"
	"time"
)

// Store errors. Every Store method wraps one of these (checked with
// errors.Is) when the cause is the caller's request rather than the database.
var (
	// ErrNotFound: no document, blob, claim or lease with that identity.
	ErrNotFound = errors.New("not found")
	// ErrConflict: a compare-and-set lost: the document changed since it was
	// read, the lease expired or was taken by another worker, the review
	// claim is held by someone else.
	ErrConflict = errors.New("conflict")
	// ErrIllegalMove: the state machine (CheckMove) does not allow the move,
	// or the document is a duplicate that must never be worked on.
	ErrIllegalMove = errors.New("illegal state move")
	// ErrInvalid: the request itself is malformed (e.g. a blob whose bytes
	// do not hash to the given SHA-256, an empty worker name).
	ErrInvalid = errors.New("invalid request")
)

// Store is the durable state of the pipeline: documents and their state
// machine, leased work, content-addressed blobs, the publish outbox, review
// claims and audit trail, DSP callbacks, ingest cursors and report queries.
// Implementations: sqlite.Store and postgres.Store; both pass storetest.Run.
//
// All methods are safe for concurrent use, also from several processes
// sharing one database. Times are taken from the store's clock (Now) and
// returned in UTC with microsecond precision.
//
// Store is the union of one interface per noun; a consumer takes only
// the ones it uses (the page renderer needs a BlobStore).
type Store interface {
	DocumentStore
	BlobStore
	LeaseStore
	OutboxStore
	ReviewStore
	CallbackStore
	CursorStore
	ReportStore
	SessionStore

	// Close releases the database.
	Close() error
}

// DocumentStore finds and records documents and moves them outside a lease.
type DocumentStore interface {
	// Discover records a source object. It is idempotent: the same
	// (bucket, key, etag, version id) yields the same document and
	// created=false. A new etag or version under the same key is a new
	// document. When d.SHA256 is known and another document already holds
	// that content, the new document is recorded as its duplicate (state
	// failed, DuplicateOf set) and is never leased. Errors: ErrInvalid.
	Discover(ctx context.Context, d NewDocument) (doc Document, created bool, err error)
	// Document returns one document. Errors: ErrNotFound.
	Document(ctx context.Context, id int64) (Document, error)
	// DocumentBySource returns the document of one object version.
	// Errors: ErrNotFound.
	DocumentBySource(ctx context.Context, src ObjectRef) (Document, error)
	// DocumentBySubmission finds a document by the idempotency key or
	// the DSP submission id it was published under (for callbacks).
	// Errors: ErrNotFound.
	DocumentBySubmission(ctx context.Context, keyOrID string) (Document, error)
	// Documents lists documents matching q, oldest first.
	Documents(ctx context.Context, q DocumentQuery) ([]Document, error)

	// Move changes a document's state outside a lease (batch retry,
	// callbacks, operators): compare-and-set on from and, when version is
	// not 0, on Version. reason is kept for failed and exception. Moving a
	// signed document away withdraws its pending, unleased outbox entry
	// (status OutboxWithdrawn), so it is not sent after all.
	// Errors: ErrNotFound, ErrConflict (state or version changed, or the
	// document is leased), ErrIllegalMove.
	Move(ctx context.Context, id int64, from State, version int64, to State, reason string) (Document, error)
	// Supersede marks old as superseded by newer (lineage). A publication
	// of old still waiting in the outbox, and not leased, is withdrawn.
	// Errors: ErrNotFound, ErrIllegalMove.
	Supersede(ctx context.Context, old, newer int64) (Document, error)
	// LinkTwin records that secondary is the other-language twin of
	// primary (TwinOf) and takes secondary out of publication: it moves to
	// superseded like a replaced revision, and a pending, unleased outbox
	// entry is withdrawn. Errors: ErrNotFound, ErrIllegalMove.
	LinkTwin(ctx context.Context, secondary, primary int64) (Document, error)
}

// LeaseStore hands out the work of the pipeline's stages.
type LeaseStore interface {
	// Lease hands out up to n documents waiting in state stage (discovered:
	// fetch; fetched: extract; extracted: route; accepted: sign) to worker,
	// exclusively until ttl passes. Expired leases are handed out again with
	// a new Token; each lease counts one attempt. Oldest first.
	// Errors: ErrInvalid (also for any other stage: needs_review is
	// worked through Claim, signed through LeaseOutbox).
	Lease(ctx context.Context, worker string, stage State, n int, ttl time.Duration) ([]Lease, error)
	// Extend pushes the lease's expiry to now+ttl. Errors: ErrConflict
	// (expired, or another lease was handed out since).
	Extend(ctx context.Context, l Lease, ttl time.Duration) (Lease, error)
	// Release gives the job back unchanged so it can be leased at once.
	// Errors: ErrConflict (lease no longer held).
	Release(ctx context.Context, l Lease) error
	// Complete ends the stage: only the holder of the current, unexpired
	// lease may move the document from l.Stage to to, storing u. to may lie
	// several stages ahead through fetched, extracted and accepted (Route):
	// a worker that fetches and extracts completes discovered → needs_review
	// at once, stamping each stage. Moving to signed also enqueues the
	// document in the outbox, atomically, and needs u.SignedRecord and
	// u.IdempotencyKey (ErrInvalid otherwise).
	// Recording a SHA-256 that another document already holds makes this
	// one its duplicate (state failed, DuplicateOf set) whatever to says.
	// Errors: ErrConflict (lease lost: fencing), ErrIllegalMove, ErrInvalid.
	Complete(ctx context.Context, l Lease, to State, u Update) (Document, error)
}

// BlobStore holds the original files, content-addressed.
type BlobStore interface {
	// PutBlob stores the original file under its SHA-256 (hex), once.
	// Errors: ErrInvalid (data does not hash to sha256).
	PutBlob(ctx context.Context, sha256 string, data []byte) error
	// GetBlob returns a stored file. Errors: ErrNotFound.
	GetBlob(ctx context.Context, sha256 string) ([]byte, error)
}

// OutboxStore holds the publications waiting for the DSP.
type OutboxStore interface {
	// LeaseOutbox hands out up to n pending publications whose next attempt
	// is due, exclusively until ttl passes; each lease counts one attempt.
	LeaseOutbox(ctx context.Context, worker string, n int, ttl time.Duration) ([]OutboxItem, error)
	// PublishRetry records a failed attempt that will be retried at next.
	// Errors: ErrConflict (lease lost).
	PublishRetry(ctx context.Context, it OutboxItem, lastErr string, next time.Time) error
	// Published records the DSP's acceptance and moves the document to
	// published. When the document was moved meanwhile (an operator, a
	// newer revision), the receipt is still recorded in the outbox and the
	// document keeps its state: the returned document says which.
	// Errors: ErrConflict (lease lost).
	Published(ctx context.Context, it OutboxItem, r Receipt) (Document, error)
	// PublishException records a permanent refusal and moves the document
	// to exception with reason (a document moved meanwhile keeps its
	// state; the outbox records the refusal). Errors: ErrConflict.
	PublishException(ctx context.Context, it OutboxItem, reason string) (Document, error)
	// Outbox returns a document's outbox entry. Errors: ErrNotFound.
	Outbox(ctx context.Context, documentID int64) (OutboxItem, error)
}

// ReviewStore is the review queue, claims, corrections and audit trail.
type ReviewStore interface {
	// ReviewQueue lists documents in needs_review matching f, oldest
	// first, with the total count ignoring Limit/Offset.
	ReviewQueue(ctx context.Context, f ReviewFilter) (docs []Document, total int, err error)
	// Claim gives reviewer the document exclusively until ttl passes; the
	// same reviewer may claim again to extend. Errors: ErrNotFound,
	// ErrConflict (claimed by someone else, or not in needs_review).
	Claim(ctx context.Context, id int64, reviewer string, ttl time.Duration) (Claim, error)
	// ReleaseClaim drops reviewer's claim. Errors: ErrConflict (not held).
	ReleaseClaim(ctx context.Context, id int64, reviewer string) error
	// Correct stores the corrected extraction and one audit entry per
	// changed field (DiffRecords). reviewer must hold the claim.
	// Errors: ErrNotFound, ErrConflict.
	Correct(ctx context.Context, id int64, reviewer string, corrected Extraction, comment string) (Document, error)
	// Approve moves needs_review → accepted, recording the reviewer and an
	// audit entry; the claim is dropped. Errors: ErrNotFound, ErrConflict.
	Approve(ctx context.Context, id int64, reviewer, comment string) (Document, error)
	// Reject moves needs_review → exception with reason; the claim is
	// dropped. Errors: ErrNotFound, ErrConflict.
	Reject(ctx context.Context, id int64, reviewer, reason string) (Document, error)
	// Audit lists a document's audit trail, oldest first.
	Audit(ctx context.Context, id int64) ([]AuditEntry, error)
	// Claims lists the unexpired claims on documents in needs_review, by
	// document id: who is working on what, whichever process took them.
	Claims(ctx context.Context) ([]Claim, error)
}

// SessionStore keeps the review UI's sign-ins, so that a restart keeps
// reviewers signed in and several processes share them. The store keeps
// only a hash of a session's id (the cookie): reading the database does
// not sign anyone in.
type SessionStore interface {
	// CreateSession records a new session. Errors: ErrInvalid (no id or
	// user), ErrConflict (the id is taken).
	CreateSession(ctx context.Context, s Session) error
	// Session returns the session with id. Errors: ErrNotFound.
	Session(ctx context.Context, id string) (Session, error)
	// TouchSession records that the session was used at seen.
	TouchSession(ctx context.Context, id string, seen time.Time) error
	// DeleteSession ends a session; one already gone is not an error.
	DeleteSession(ctx context.Context, id string) error
	// PruneSessions deletes the sessions last seen before seenBefore or
	// created before createdBefore.
	PruneSessions(ctx context.Context, seenBefore, createdBefore time.Time) (int, error)
}

// Session is one signed-in browser of the review UI.
type Session struct {
	ID      string // the cookie's value
	User    string
	Role    string
	CSRF    string // the session's CSRF token
	Created time.Time
	Seen    time.Time
}

// CallbackStore records what the DSP reports back, and the nonces of its
// signed requests.
type CallbackStore interface {
	// RecordCallback stores an exception status the DSP sent for a
	// document; it does not move the document. Errors: ErrNotFound.
	RecordCallback(ctx context.Context, c Callback) (Callback, error)
	// Callbacks lists a document's callbacks, oldest first.
	Callbacks(ctx context.Context, documentID int64) ([]Callback, error)
	// SeenNonce records nonce and reports whether it had been seen before
	// (a replay). at is when the signed request was made.
	SeenNonce(ctx context.Context, nonce string, at time.Time) (bool, error)
	// PruneNonces forgets nonces recorded with at before before.
	PruneNonces(ctx context.Context, before time.Time) (int, error)
}

// CursorStore keeps the list-polling state of ingest sources.
type CursorStore interface {
	// GetCursor returns the list-polling state of an ingest source, "" when
	// none was stored.
	GetCursor(ctx context.Context, source string) (string, error)
	// PutCursor stores the list-polling state of an ingest source.
	PutCursor(ctx context.Context, source, value string) error
}

// ReportStore answers the report queries.
type ReportStore interface {
	// Counts counts documents discovered in [from, to) by lab, category,
	// path and state. Zero times mean unbounded.
	Counts(ctx context.Context, from, to time.Time) ([]Count, error)
	// Latencies lists discovered → published durations of the documents
	// published in [from, to), oldest publication first.
	Latencies(ctx context.Context, from, to time.Time) ([]Latency, error)
}

// ObjectRef identifies one version of an object in a bucket. ETag or
// VersionID (or both) tell versions of the same key apart. A local folder
// source uses Bucket "" and the path as Key.
type ObjectRef struct {
	Bucket    string `json:"bucket"`
	Key       string `json:"key"`
	ETag      string `json:"etag,omitempty"`
	VersionID string `json:"version_id,omitempty"`
}

// NewDocument is what the watcher knows when it sees an object.
type NewDocument struct {
	Source ObjectRef
	// LabHint is the lab family guessed from the bucket or prefix.
	LabHint string
	// SHA256 of the content, when the source already knows it.
	SHA256 string
}

// Document is one source object version and where it is in the pipeline.
type Document struct {
	ID      int64     `json:"id"`
	Source  ObjectRef `json:"source"`
	LabHint string    `json:"lab_hint,omitempty"`
	SHA256  string    `json:"sha256,omitempty"`
	State   State     `json:"state"`
	// Version increases on every change; Move compares it.
	Version int64 `json:"version"`
	// Reason says why the document failed or is an exception.
	Reason string `json:"reason,omitempty"`
	// Attempts counts leases of the document's stages.
	Attempts int `json:"attempts"`
	// DuplicateOf is the document that first held the same content.
	DuplicateOf  int64 `json:"duplicate_of,omitempty"`
	SupersededBy int64 `json:"superseded_by,omitempty"`
	// TwinOf is the document published for the same report in another
	// language; this one is kept but not published (LinkTwin).
	TwinOf int64 `json:"twin_of,omitempty"`

	// Lab, Category, Path and RulesVersion come from the extraction (Lab
	// falls back to LabHint), kept for filters and reports.
	Lab          string `json:"lab,omitempty"`
	Category     string `json:"category,omitempty"`
	Path         string `json:"path,omitempty"`
	RulesVersion string `json:"rules_version,omitempty"`

	Extraction     *Extraction `json:"extraction,omitempty"`
	SignedRecord   []byte      `json:"signed_record,omitempty"` // JWS
	IdempotencyKey string      `json:"idempotency_key,omitempty"`
	ReviewedBy     string      `json:"reviewed_by,omitempty"`

	DiscoveredAt  time.Time `json:"discovered_at"`
	FetchedAt     time.Time `json:"fetched_at,omitzero"`
	ExtractedAt   time.Time `json:"extracted_at,omitzero"`
	NeedsReviewAt time.Time `json:"needs_review_at,omitzero"`
	AcceptedAt    time.Time `json:"accepted_at,omitzero"`
	SignedAt      time.Time `json:"signed_at,omitzero"`
	PublishedAt   time.Time `json:"published_at,omitzero"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Lease is a worker's exclusive hold on one document's stage. Token is the
// fencing token: it changes every time the document is leased, so a worker
// whose lease expired and was handed to another cannot complete.
type Lease struct {
	DocumentID int64
	Stage      State
	Worker     string
	Token      int64
	ExpiresAt  time.Time
	// Document as it was when leased.
	Document Document
}

// Update is what a stage stores when it completes. Zero fields are left
// unchanged.
type Update struct {
	SHA256         string      // fetch
	Extraction     *Extraction // extract (sets Lab, Category, Path, RulesVersion)
	SignedRecord   []byte      // sign
	IdempotencyKey string      // sign
	// ContentType is the media type the signed record is published
	// under (the profile's: application/jose, application/vc+jwt…); it
	// is stored with the outbox entry so that every sender uses it.
	ContentType string // sign
	Reason      string // failed
}

// Outbox states.
const (
	OutboxPending   = "pending"
	OutboxPublished = "published"
	OutboxException = "exception"
	// OutboxWithdrawn: the document was moved away (by an operator, or
	// superseded) before the publication was sent.
	OutboxWithdrawn = "withdrawn"
)

// OutboxItem is one publication waiting for (or done with) the DSP.
type OutboxItem struct {
	DocumentID     int64
	IdempotencyKey string
	SignedRecord   []byte
	// ContentType is what the record is sent as; empty lets the client
	// pick application/jose(+json) from the serialization.
	ContentType   string
	Status        string // OutboxPending, OutboxPublished, OutboxException, OutboxWithdrawn
	Attempts      int
	NextAttemptAt time.Time
	LastError     string
	Receipt       Receipt
	EnqueuedAt    time.Time
	// Worker and Token identify the lease (Token is the fencing token).
	Worker    string
	Token     int64
	ExpiresAt time.Time
}

// Receipt is the DSP's answer to a successful publication.
type Receipt struct {
	ID     string `json:"id,omitempty"`
	Status int    `json:"status,omitempty"` // HTTP status: 201, or 200 for a duplicate
}

// ReviewFilter narrows the review queue; empty fields match all.
type ReviewFilter struct {
	Lab      string
	Category string
	Limit    int // 0: no limit
	Offset   int
}

// Claim is a reviewer's exclusive hold on a document.
type Claim struct {
	DocumentID int64
	Reviewer   string
	ExpiresAt  time.Time
}

// Audit actions.
const (
	AuditCorrect = "correct"
	AuditApprove = "approve"
	AuditReject  = "reject"
)

// AuditEntry is one line of a document's review trail. Field, Old and New
// are set for corrections (Old/New are the field's JSON values).
type AuditEntry struct {
	DocumentID int64     `json:"document_id"`
	At         time.Time `json:"at"`
	Actor      string    `json:"actor"`
	Action     string    `json:"action"`
	Field      string    `json:"field,omitempty"`
	Old        string    `json:"old,omitempty"`
	New        string    `json:"new,omitempty"`
	Comment    string    `json:"comment,omitempty"`
}

// Callback is an exception status the DSP sent about a submission.
type Callback struct {
	ID         int64     `json:"id"`
	DocumentID int64     `json:"document_id"`
	Status     string    `json:"status"` // e.g. rejected, superseded, expired
	Reason     string    `json:"reason,omitempty"`
	ReceivedAt time.Time `json:"received_at"` // zero: the store's clock
}

// DocumentQuery selects documents for batch jobs; zero fields match all.
type DocumentQuery struct {
	States []State
	// From and To bound DiscoveredAt: [From, To).
	From, To time.Time
	Lab      string
	Category string
	// RulesVersionNot selects extracted documents whose RulesVersion differs.
	RulesVersionNot string
	// AfterID pages: only documents with ID > AfterID.
	AfterID int64
	// ReportNumber selects documents whose extracted report number has
	// this ReportKey; Mentions those whose printed supersedes or twin_of
	// reference does (lineage look-ups).
	ReportNumber string
	Mentions     string
	Limit        int // 0: no limit
}

// Count is the number of documents with one lab, category, path and state.
type Count struct {
	Lab      string `json:"lab"`
	Category string `json:"category"`
	Path     string `json:"path"`
	State    State  `json:"state"`
	N        int    `json:"n"`
}

// Latency is how long one document took from discovery to publication.
type Latency struct {
	DocumentID   int64         `json:"document_id"`
	Lab          string        `json:"lab"`
	Category     string        `json:"category"`
	Path         string        `json:"path"`
	DiscoveredAt time.Time     `json:"discovered_at"`
	PublishedAt  time.Time     `json:"published_at"`
	Duration     time.Duration `json:"duration"`
}
