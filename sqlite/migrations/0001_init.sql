-- Times are Unix microseconds (UTC).
CREATE TABLE documents (
	id               INTEGER PRIMARY KEY AUTOINCREMENT,
	bucket           TEXT    NOT NULL,
	key              TEXT    NOT NULL,
	etag             TEXT    NOT NULL DEFAULT '',
	version_id       TEXT    NOT NULL DEFAULT '',
	lab_hint         TEXT    NOT NULL DEFAULT '',
	sha256           TEXT    NOT NULL DEFAULT '',
	state            TEXT    NOT NULL,
	version          INTEGER NOT NULL DEFAULT 1,
	reason           TEXT    NOT NULL DEFAULT '',
	attempts         INTEGER NOT NULL DEFAULT 0,
	duplicate_of     INTEGER REFERENCES documents(id),
	superseded_by    INTEGER REFERENCES documents(id),
	lab              TEXT    NOT NULL DEFAULT '',
	category         TEXT    NOT NULL DEFAULT '',
	path             TEXT    NOT NULL DEFAULT '',
	rules_version    TEXT    NOT NULL DEFAULT '',
	extraction       TEXT,
	signed_record    BLOB,
	idempotency_key  TEXT    NOT NULL DEFAULT '',
	reviewed_by      TEXT    NOT NULL DEFAULT '',
	discovered_at    INTEGER NOT NULL,
	fetched_at       INTEGER,
	extracted_at     INTEGER,
	needs_review_at  INTEGER,
	accepted_at      INTEGER,
	signed_at        INTEGER,
	published_at     INTEGER,
	updated_at       INTEGER NOT NULL,
	lease_worker     TEXT    NOT NULL DEFAULT '',
	lease_token      INTEGER NOT NULL DEFAULT 0,
	lease_expires_at INTEGER,
	claim_reviewer   TEXT    NOT NULL DEFAULT '',
	claim_expires_at INTEGER,
	UNIQUE (bucket, key, etag, version_id)
);
CREATE INDEX documents_work ON documents (state, id);
CREATE INDEX documents_discovered ON documents (discovered_at);
CREATE INDEX documents_published ON documents (published_at);
CREATE INDEX documents_sha256 ON documents (sha256);
CREATE INDEX documents_idempotency_key ON documents (idempotency_key);

-- contents remembers the first document that held each content hash.
CREATE TABLE contents (
	sha256      TEXT    PRIMARY KEY,
	document_id INTEGER NOT NULL REFERENCES documents(id)
);

CREATE TABLE blobs (
	sha256 TEXT PRIMARY KEY,
	data   BLOB NOT NULL
);

CREATE TABLE outbox (
	document_id      INTEGER PRIMARY KEY REFERENCES documents(id),
	idempotency_key  TEXT    NOT NULL,
	signed_record    BLOB    NOT NULL,
	status           TEXT    NOT NULL,
	attempts         INTEGER NOT NULL DEFAULT 0,
	next_attempt_at  INTEGER NOT NULL,
	last_error       TEXT    NOT NULL DEFAULT '',
	receipt_id       TEXT    NOT NULL DEFAULT '',
	receipt_status   INTEGER NOT NULL DEFAULT 0,
	enqueued_at      INTEGER NOT NULL,
	lease_worker     TEXT    NOT NULL DEFAULT '',
	lease_token      INTEGER NOT NULL DEFAULT 0,
	lease_expires_at INTEGER
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_receipt ON outbox (receipt_id);

CREATE TABLE audit (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	document_id INTEGER NOT NULL REFERENCES documents(id),
	at          INTEGER NOT NULL,
	actor       TEXT    NOT NULL,
	action      TEXT    NOT NULL,
	field       TEXT    NOT NULL DEFAULT '',
	old         TEXT    NOT NULL DEFAULT '',
	new         TEXT    NOT NULL DEFAULT '',
	comment     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_document ON audit (document_id, id);

CREATE TABLE callbacks (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	document_id INTEGER NOT NULL REFERENCES documents(id),
	status      TEXT    NOT NULL,
	reason      TEXT    NOT NULL DEFAULT '',
	received_at INTEGER NOT NULL
);
CREATE INDEX callbacks_document ON callbacks (document_id, id);

CREATE TABLE nonces (
	nonce TEXT    PRIMARY KEY,
	at    INTEGER NOT NULL
);
CREATE INDEX nonces_at ON nonces (at);

CREATE TABLE cursors (
	source TEXT PRIMARY KEY,
	value  TEXT NOT NULL
);
