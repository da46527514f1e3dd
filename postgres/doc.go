// Package postgres implements labrelay.Store on PostgreSQL (pgxpool, used
// through pgx's database/sql driver) for deployments with several workers
// on several machines: leases use SELECT … FOR UPDATE SKIP LOCKED and
// expire, so a dead worker's job is picked up again; every completion is
// fenced by the lease token. The transactions themselves are
// internal/sqlstore's, shared with sqlite; this package opens the pool,
// migrates and names the dialect. It must not hold business rules beyond
// the state machine of the root package.
package postgres
