// Package publish is labrelay's client of the DSP inspection endpoint
// (spec §3) and the versioned mapping from the canonical record to the wire
// payload.
//
// Client.Publish makes exactly one attempt and classifies the outcome:
// success (201 created, 200 duplicate), a retryable failure (errors.Is
// ErrRetryable, with the server's Retry-After when it gave one) or a
// permanent one (*PermanentError, which sends the document to the
// exceptions list). WithRetry decorates a Publisher with in-process retries;
// the durable outbox that survives crashes belongs to the pipeline, which
// uses Policy.Backoff to schedule the next attempt.
//
// The package does not sign: it is handed the signed JWS. It never reads
// flags or the environment, and never logs an error it returns.
package publish
