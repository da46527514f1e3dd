// Package sqlite implements labrelay.Store on one SQLite file (pure Go
// driver modernc.org/sqlite), for a single machine: development, demos and
// small deployments. Writes are serialised (one connection, BEGIN
// IMMEDIATE, WAL, busy timeout), so leases are exclusive also across
// processes sharing the file. The transactions themselves are
// internal/sqlstore's, shared with postgres; this package opens the file,
// migrates and names the dialect. It must not hold business rules beyond the
// state machine of the root package.
package sqlite
