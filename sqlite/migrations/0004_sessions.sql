-- Review sessions, so that a restart keeps reviewers signed in and several
-- processes share them. id_hash is the SHA-256 of the cookie's value: the
-- database alone signs no one in.
CREATE TABLE sessions (
	id_hash    TEXT    PRIMARY KEY,
	username   TEXT    NOT NULL,
	role       TEXT    NOT NULL,
	csrf       TEXT    NOT NULL,
	created_at INTEGER NOT NULL,
	seen_at    INTEGER NOT NULL
);
CREATE INDEX sessions_seen ON sessions (seen_at);
