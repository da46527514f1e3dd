// Package pipeline runs labrelay's stages over the store: it turns objects
// found by the ingest watchers into documents (Store.Discover), then moves
// each document through fetch → extract → route → sign → publish, every
// stage a loop over Store.Lease (or Store.LeaseOutbox for publishing) with
// a bounded number of workers.
//
// The store is the only coordination: any number of pipelines, in one
// process or several, may share it. A stage only acts while it holds the
// document's lease (extended while it works), and every move is a
// compare-and-set, so a stale notification, a redelivered event or a
// worker killed mid-stage never yields a second publication: a crashed
// worker's lease expires and another worker redoes the stage; the DSP
// de-duplicates a resent publication on its idempotency key.
//
// The package owns the pipeline's Prometheus metrics (labrelay_pipeline_*),
// registered on a registry the caller passes. It does not read flags,
// files or the environment, does not serve HTTP, and makes no decision
// about a record's content: extraction, review routing rules, signing and
// the DSP protocol belong to their packages. It imports no other package
// of the module but the root: cmd hands it the ports (labrelay.Fetcher,
// Watcher, Profile, Publisher), and TestImportsOnlyDomain keeps it so.
// Send is the one publication path, also used by the nightly batch.
package pipeline
