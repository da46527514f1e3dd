// Package sqlstore is the labrelay.Store logic shared by the sqlite and
// postgres packages: every transaction (Discover, Move, Lease and Complete
// with fencing, the outbox, review claims and audit, callbacks, nonces,
// cursors, lineage, reports) written once over database/sql. What differs
// between the databases is a Dialect: placeholders, row locks, time
// encoding, text ordering. Opening the database, its connection settings,
// how a transaction begins (SQLite's BEGIN IMMEDIATE is a DSN setting) and
// the migrations stay with each store. It must not hold business rules
// beyond the state machine of the root package.
package sqlstore
