package batch_test

import (
	"context"
	"encoding/json"
	"path"
	"regexp"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/batch"
	"github.com/labrelay/labrelay/dspsim"
	"github.com/labrelay/labrelay/ingest"
	"github.com/labrelay/labrelay/internal/relaytest"
	"github.com/labrelay/labrelay/sign"
)

// TestBatch runs the same scenario against SQLite and PostgreSQL, with a
// real S3 server, a real dspsim and the real pipeline filling the store.
func TestBatch(t *testing.T) {
	for _, s := range stores {
		t.Run(s.name, func(t *testing.T) { testBatch(t, s.open(t)) })
	}
}

// snapshot is everything batch may change, to check that a dry run does
// not.
type snapshot struct {
	Docs    []labrelay.Document
	Outbox  map[int64]labrelay.OutboxItem
	Reports []dspsim.Report
	Cursors map[string]string
}

func takeSnapshot(t *testing.T, st labrelay.Store, r *rig, cursors ...string) snapshot {
	t.Helper()
	ctx := context.Background()
	docs, err := st.Documents(ctx, labrelay.DocumentQuery{})
	if err != nil {
		t.Fatal(err)
	}
	s := snapshot{Docs: docs, Outbox: map[int64]labrelay.OutboxItem{}, Reports: r.Sim.Reports(), Cursors: map[string]string{}}
	for _, d := range docs {
		if it, err := st.Outbox(ctx, d.ID); err == nil {
			s.Outbox[d.ID] = it
		}
	}
	for _, c := range cursors {
		s.Cursors[c], _ = st.GetCursor(ctx, c)
	}
	return s
}

func testBatch(t *testing.T, st labrelay.Store) {
	ctx := context.Background()
	r := newRig(t)
	x, versions := currentExtractor()
	files := generated(8)
	// files[0..2] were extracted by the old rules; files[0]'s record came
	// out different then. files[3] is refused by the DSP. files[6] meets a
	// DSP outage. files[7] is dropped while the watcher is down.
	changed, same1, same2, refused, retried, missed := files[0], files[1], files[2], files[3], files[6], files[7]
	old := &oldRules{x: x,
		old:     map[string]bool{path.Base(changed.Key): true, path.Base(same1.Key): true, path.Base(same2.Key): true},
		changed: map[string]bool{path.Base(changed.Key): true}}
	refusedExt, err := x.Extract(ctx, path.Base(refused.Key), refused.Data)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Sim.SetFaults(dspsim.Faults{RejectReportNumber: "^" + regexp.QuoteMeta(refusedExt.Fields.ReportNumber) + "$"}); err != nil {
		t.Fatal(err)
	}

	// The pipeline, with the old rules, handles the first six.
	r.put(t, files[:6]...)
	stop := run(t, r.pipeline(t, st, old))
	waitFor(t, 30*time.Second, "six documents settled", func() bool { return settled(t, st, 6) })
	// Then the DSP fails with 503 while files[6] is published.
	if err := r.Sim.SetFaults(dspsim.Faults{ErrorRate: 1, ErrorStatus: 503}); err != nil {
		t.Fatal(err)
	}
	r.put(t, retried)
	waitFor(t, 30*time.Second, "a failed publication", func() bool {
		d, err := st.DocumentBySource(ctx, labrelay.ObjectRef{Bucket: bucket, Key: retried.Key, ETag: etag(retried.Data)})
		if err != nil {
			return false
		}
		it, err := st.Outbox(ctx, d.ID)
		return err == nil && it.LastError != ""
	})
	stop()
	r.put(t, missed) // nobody is watching

	if d := docOf(t, st, refused); d.State != labrelay.StateException {
		t.Fatalf("refused document is %s, want exception", d.State)
	}
	oldKeys := map[string]string{}
	for _, f := range []file{changed, same1, same2} {
		d := docOf(t, st, f)
		if d.State != labrelay.StatePublished || d.RulesVersion == versions[d.Extraction.RulePack] {
			t.Fatalf("%s: %s with rules %s; want published with old rules", f.Key, d.State, d.RulesVersion)
		}
		oldKeys[f.Key] = d.IdempotencyKey
	}

	job := func(dry bool) *batch.Job {
		return &batch.Job{
			Store:        st,
			Listers:      []batch.Lister{{Client: r.S3.Client, Sources: []ingest.Source{r.Source}}},
			Sender:       r.sender(st),
			Status:       r.client(),
			RulesChanged: true,
			Extractor:    x,
			RuleVersions: versions,
			DryRun:       dry,
			Worker:       "batch-test",
			PageSize:     3, // several pages even with few documents
			Logger:       relaytest.Logger(t),
		}
	}
	runJob := func(j *batch.Job) *batch.Summary {
		t.Helper()
		s, err := j.Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		out, _ := json.MarshalIndent(s, "", "  ")
		t.Logf("summary: %s", out)
		if len(s.Errors) > 0 {
			t.Fatalf("batch errors: %v", s.Errors)
		}
		return s
	}
	checkpoint := []string{job(true).Checkpoint()}

	// --dry-run changes nothing and says what it would do.
	before := takeSnapshot(t, st, r, checkpoint...)
	s := runJob(job(true))
	after := takeSnapshot(t, st, r, checkpoint...)
	if diff := cmp.Diff(before, after, cmp.AllowUnexported(dspsim.Report{})); diff != "" {
		t.Errorf("dry run changed things (-before +after):\n%s", diff)
	}
	if s.Discover.New != 1 || s.Retry.Due+s.Retry.Waiting != 1 || s.Retry.Attempted != 0 ||
		s.Reprocess.Affected != 3 || s.Reprocess.Unchanged != 2 || s.Reprocess.Requeued != 1 {
		t.Errorf("dry run: new %d, due+waiting %d, attempted %d, affected %d, unchanged %d, requeued %d; want 1, 1, 0, 3, 2, 1",
			s.Discover.New, s.Retry.Due+s.Retry.Waiting, s.Retry.Attempted, s.Reprocess.Affected, s.Reprocess.Unchanged, s.Reprocess.Requeued)
	}
	if got := s.ExitCode(); got != batch.ExitNeedsUser {
		t.Errorf("dry run exit code %d, want %d (an exception exists)", got, batch.ExitNeedsUser)
	}

	// The DSP is healthy again; the failed publication is due.
	if err := r.Sim.SetFaults(dspsim.Faults{}); err != nil {
		t.Fatal(err)
	}
	retriedDoc := docOf(t, st, retried)
	waitFor(t, 5*time.Second, "the retry to fall due", func() bool {
		it, err := st.Outbox(ctx, retriedDoc.ID)
		return err == nil && !it.NextAttemptAt.After(time.Now())
	})

	s = runJob(job(false))
	if s.Discover.New != 1 || len(s.Discover.NewKeys) != 1 || s.Discover.NewKeys[0] != "s3://"+bucket+"/"+missed.Key {
		t.Errorf("discover: new %d %v, want only %s", s.Discover.New, s.Discover.NewKeys, missed.Key)
	}
	if d := docOf(t, st, missed); d.State != labrelay.StateDiscovered {
		t.Errorf("missed object: state %s, want discovered", d.State)
	}
	if s.Retry.Attempted != 1 || s.Retry.Published != 1 {
		t.Errorf("retry: attempted %d, published %d; want 1, 1", s.Retry.Attempted, s.Retry.Published)
	}
	if d := docOf(t, st, retried); d.State != labrelay.StatePublished {
		t.Errorf("retried document: %s, want published", d.State)
	}
	changedDoc := docOf(t, st, changed)
	if s.Reprocess.Affected != 3 || s.Reprocess.Unchanged != 2 || s.Reprocess.Requeued != 1 ||
		len(s.Reprocess.RequeuedIDs) != 1 || s.Reprocess.RequeuedIDs[0] != changedDoc.ID {
		t.Errorf("reprocess: affected %d, unchanged %d, requeued %v; want 3, 2, [%d]",
			s.Reprocess.Affected, s.Reprocess.Unchanged, s.Reprocess.RequeuedIDs, changedDoc.ID)
	}
	if changedDoc.State != labrelay.StateDiscovered {
		t.Errorf("changed document: %s, want discovered (sent back through the pipeline)", changedDoc.State)
	}
	for _, f := range []file{same1, same2} {
		if d := docOf(t, st, f); d.State != labrelay.StatePublished || d.IdempotencyKey != oldKeys[f.Key] {
			t.Errorf("%s: %s key %s; want published, untouched", f.Key, d.State, d.IdempotencyKey)
		}
	}
	if s.Reconcile.Checked == 0 || s.Reconcile.Mismatches != 0 {
		t.Errorf("reconcile: checked %d, mismatches %d; want some, 0", s.Reconcile.Checked, s.Reconcile.Mismatches)
	}
	refusedDoc := docOf(t, st, refused)
	if got := s.ExitCode(); got != batch.ExitNeedsUser {
		t.Errorf("exit code %d, want 3", got)
	}
	if !hasItem(s, batch.KindException, refusedDoc.ID) {
		t.Errorf("attention %+v does not list the exception of document %d", s.Attention, refusedDoc.ID)
	}

	// The pipeline picks the requeued and the missed documents up.
	stop = run(t, r.pipeline(t, st, x))
	waitFor(t, 30*time.Second, "everything settled", func() bool {
		return settled(t, st, 8) && docOf(t, st, changed).State == labrelay.StatePublished &&
			docOf(t, st, missed).State == labrelay.StatePublished
	})
	stop()
	changedDoc = docOf(t, st, changed)
	if changedDoc.IdempotencyKey == oldKeys[changed.Key] || changedDoc.RulesVersion != versions[changedDoc.Extraction.RulePack] {
		t.Errorf("changed document republished under key %s rules %s; want a new key and current rules", changedDoc.IdempotencyKey, changedDoc.RulesVersion)
	}
	checkDSP(t, r, st, files[:8], oldKeys[changed.Key], changedDoc)

	// A second run does nothing new.
	reports := len(r.Sim.Reports())
	s = runJob(job(false))
	if s.Discover.New != 0 || s.Retry.Attempted != 0 || s.Reprocess.Checked != 0 || s.Reprocess.Requeued != 0 {
		t.Errorf("second run: new %d, attempted %d, checked %d, requeued %d; want all 0",
			s.Discover.New, s.Retry.Attempted, s.Reprocess.Checked, s.Reprocess.Requeued)
	}
	if got := len(r.Sim.Reports()); got != reports {
		t.Errorf("second run: the DSP holds %d reports, had %d", got, reports)
	}
	if s.Reconcile.Mismatches != 0 || s.ExitCode() != batch.ExitNeedsUser {
		t.Errorf("second run: mismatches %d, exit %d; want 0, 3", s.Reconcile.Mismatches, s.ExitCode())
	}

	// The DSP loses its records: reconcile flags every published one.
	r.Sim.Reset()
	s = runJob(job(false))
	if s.Reconcile.Checked == 0 || s.Reconcile.Mismatches != s.Reconcile.Checked {
		t.Errorf("after the DSP lost everything: checked %d, mismatches %d; want all mismatched", s.Reconcile.Checked, s.Reconcile.Mismatches)
	}
	if !hasItem(s, batch.KindMissingAtDSP, changedDoc.ID) {
		t.Errorf("attention does not list document %d as missing at the DSP", changedDoc.ID)
	}
}

func hasItem(s *batch.Summary, kind string, id int64) bool {
	for _, it := range s.Attention {
		if it.Kind == kind && it.DocumentID == id {
			return true
		}
	}
	return false
}

// checkDSP checks that every published document is held exactly once
// under its key, and that the republished record links to the old one.
func checkDSP(t *testing.T, r *rig, st labrelay.Store, files []file, previousKey string, changed labrelay.Document) {
	t.Helper()
	byKey := map[string]dspsim.Report{}
	for _, rep := range r.Sim.Reports() {
		if _, dup := byKey[rep.IdempotencyKey]; dup {
			t.Errorf("the DSP holds key %s twice", rep.IdempotencyKey)
		}
		byKey[rep.IdempotencyKey] = rep
	}
	for _, f := range files {
		d := docOf(t, st, f)
		if d.State != labrelay.StatePublished {
			continue
		}
		rep, ok := byKey[d.IdempotencyKey]
		if !ok {
			t.Errorf("%s: published, but the DSP does not hold key %s", f.Key, d.IdempotencyKey)
			continue
		}
		if rep.Submissions != 1 {
			t.Errorf("%s: sent %d times, want once", f.Key, rep.Submissions)
		}
	}
	rep := byKey[changed.IdempotencyKey]
	p, err := sign.ParsePayload(rep.Payload)
	if err != nil {
		t.Fatalf("republished payload: %v", err)
	}
	if p.Lineage == nil || p.Lineage.Previous != previousKey {
		t.Errorf("republished record lineage %+v, want previous %s", p.Lineage, previousKey)
	}
}
