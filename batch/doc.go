// Package batch is labrelay's nightly job: it catches what the always-on
// pipeline (`labrelay run`) may have missed and tells a person what needs
// them.
//
// One Job.Run does, in order:
//
//   - discover: lists every configured bucket in full and records the
//     objects the watchers missed (Store.Discover is idempotent);
//   - retry: publishes the outbox entries whose next attempt is due, each
//     under its idempotency key, so a resend never makes a second record,
//     through the pipeline's own publication path (Sender);
//   - reprocess (RulesChanged): re-extracts, from the stored file, the
//     documents whose rule pack changed since they were extracted; a record
//     whose canonical fields come out the same is left alone (not
//     re-published); a changed one is sent back through the pipeline
//     (exception → discovered), which re-extracts, routes (review or
//     accepted), re-signs with lineage and publishes;
//   - reconcile: asks the DSP about every document the store says it
//     published in the window and flags what differs;
//   - attention: lists what needs a person (review backlog older than
//     ReviewAge, exceptions, publications failing for long, reconcile
//     mismatches).
//
// The job coordinates with running pipelines only through the store:
// outbox leases, compare-and-set moves and review claims. It is safe to run
// while `labrelay run` runs, and twice in a row (the second run finds
// nothing new: the reprocess scan keeps a checkpoint per rule set).
//
// The package does not read flags, files or the environment, does not
// draw progress bars (it reports progress to a Progress the caller
// supplies), and does not extract, sign or decide routing itself beyond
// comparing records: those belong to extract, sign and pipeline.
package batch
