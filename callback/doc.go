// Package callback receives the DSP's exception callbacks (spec §3): a
// POST saying that a published submission was rejected, superseded or
// expired. The Handler authenticates each one — HMAC-SHA256 over
// timestamp + "." + body, a timestamp no older than five minutes, an event
// id never seen before — and hands it to a Recorder.
//
// It never moves a document through the state machine itself: recording
// the status for reviewers is the store's job.
package callback
