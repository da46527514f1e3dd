// Package dspsim is the reference DSP receiver: an in-memory stand-in for
// the RCEP Digital Supplier Portal's inspection endpoint of spec §3, used by
// tests, the demo and `labrelay dsp-sim` until the real DSP publishes its
// specification.
//
// It issues OAuth 2.0 client-credentials tokens, verifies each submission's
// JWS against a configured JWKS (EdDSA and ES256 only, known kid only),
// enforces idempotency (one record per Idempotency-Key, ever), answers
// status queries, injects faults on demand (latency, 5xx, 429 bursts with
// Retry-After, dropped connections, 4xx rejections) and sends
// HMAC-signed exception callbacks.
//
// It is a simulator: state lives in memory, admin endpoints are
// unauthenticated, and it must never be exposed beyond a test network.
package dspsim
