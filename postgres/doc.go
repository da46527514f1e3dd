// Package postgres implements labrelay.Store on PostgreSQL (pgx, pgxpool)
// for deployments with several workers on several machines: leases use
// SELECT … FOR UPDATE SKIP LOCKED and expire, so a dead worker's job is
// picked up again; every completion is fenced by the lease token. It must
// not hold business rules beyond the state machine of the root package.
package postgres
