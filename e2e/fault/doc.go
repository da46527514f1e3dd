// Package fault holds the multi-process fault test: two `labrelay run`
// processes share PostgreSQL, read S3 event notifications from a real
// SQS-compatible queue (goaws) fed by a real S3 server (versitygw), and
// publish to the reference DSP receiver, while the test SIGKILLs one of
// them every few seconds and restarts PostgreSQL once. Every report must
// reach the DSP exactly once.
//
// It holds tests only; nothing imports it.
package fault
