-- labrelay schema, version 1.
CREATE TABLE documents (
	id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	bucket           TEXT    NOT NULL,
	key              TEXT    NOT NULL,
	etag             TEXT    NOT NULL DEFAULT '',
	version_id       TEXT    NOT NULL DEFAULT '',
	lab_hint         TEXT    NOT NULL DEFAULT '',
	sha256           TEXT    NOT NULL DEFAULT '',
	state            TEXT    NOT NULL,
	version          BIGINT NOT NULL DEFAULT 1,
	reason           TEXT    NOT NULL DEFAULT '',
	attempts         INTEGER NOT NULL DEFAULT 0,
	duplicate_of     BIGINT REFERENCES documents(id),
	superseded_by    BIGINT REFERENCES documents(id),
	lab              TEXT    NOT NULL DEFAULT '',
	category         TEXT    NOT NULL DEFAULT '',
	path             TEXT    NOT NULL DEFAULT '',
	rules_version    TEXT    NOT NULL DEFAULT '',
	extraction       JSONB,
	signed_record    BYTEA,
	idempotency_key  TEXT    NOT NULL DEFAULT '',
	reviewed_by      TEXT    NOT NULL DEFAULT '',
	discovered_at    TIMESTAMPTZ NOT NULL,
	fetched_at       TIMESTAMPTZ,
	extracted_at     TIMESTAMPTZ,
	needs_review_at  TIMESTAMPTZ,
	accepted_at      TIMESTAMPTZ,
	signed_at        TIMESTAMPTZ,
	published_at     TIMESTAMPTZ,
	updated_at       TIMESTAMPTZ NOT NULL,
	lease_worker     TEXT    NOT NULL DEFAULT '',
	lease_token      BIGINT NOT NULL DEFAULT 0,
	lease_expires_at TIMESTAMPTZ,
	claim_reviewer   TEXT    NOT NULL DEFAULT '',
	claim_expires_at TIMESTAMPTZ,
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
	document_id BIGINT NOT NULL REFERENCES documents(id)
);

CREATE TABLE blobs (
	sha256 TEXT PRIMARY KEY,
	data   BYTEA NOT NULL
);

CREATE TABLE outbox (
	document_id      BIGINT PRIMARY KEY REFERENCES documents(id),
	idempotency_key  TEXT    NOT NULL,
	signed_record    BYTEA    NOT NULL,
	status           TEXT    NOT NULL,
	attempts         INTEGER NOT NULL DEFAULT 0,
	next_attempt_at  TIMESTAMPTZ NOT NULL,
	last_error       TEXT    NOT NULL DEFAULT '',
	receipt_id       TEXT    NOT NULL DEFAULT '',
	receipt_status   INTEGER NOT NULL DEFAULT 0,
	enqueued_at      TIMESTAMPTZ NOT NULL,
	lease_worker     TEXT    NOT NULL DEFAULT '',
	lease_token      BIGINT NOT NULL DEFAULT 0,
	lease_expires_at TIMESTAMPTZ
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_receipt ON outbox (receipt_id);

CREATE TABLE audit (
	id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	document_id BIGINT NOT NULL REFERENCES documents(id),
	at          TIMESTAMPTZ NOT NULL,
	actor       TEXT    NOT NULL,
	action      TEXT    NOT NULL,
	field       TEXT    NOT NULL DEFAULT '',
	old         TEXT    NOT NULL DEFAULT '',
	new         TEXT    NOT NULL DEFAULT '',
	comment     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_document ON audit (document_id, id);

CREATE TABLE callbacks (
	id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	document_id BIGINT NOT NULL REFERENCES documents(id),
	status      TEXT    NOT NULL,
	reason      TEXT    NOT NULL DEFAULT '',
	received_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX callbacks_document ON callbacks (document_id, id);

CREATE TABLE nonces (
	nonce TEXT    PRIMARY KEY,
	at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX nonces_at ON nonces (at);

CREATE TABLE cursors (
	source TEXT PRIMARY KEY,
	value  TEXT NOT NULL
);
