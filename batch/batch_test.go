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
	"github.com/labrelay/labrelay/extract"
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
	c := newBatchCase(t, st)
	c.dryRun()
	c.firstRun()
	c.pipelineCatchesUp()
	c.secondRun()
	c.dspLost()
}

// batchCase is the story testBatch tells, phase by phase: a pipeline ran
// with the old rules, met a refusal and an outage, and missed a file.
type batchCase struct {
	t        *testing.T
	ctx      context.Context
	st       labrelay.Store
	r        *rig
	x        *extract.Extractor
	versions map[string]string
	files    []file
	// files[0..2] were extracted by the old rules; files[0]'s record came
	// out different then. files[3] is refused by the DSP. files[6] meets a
	// DSP outage. files[7] is dropped while the watcher is down.
	changed, same1, same2, refused, retried, missed file
	oldKeys                                         map[string]string // idempotency key of the old rules' records
	changedDoc                                      labrelay.Document
}

func newBatchCase(t *testing.T, st labrelay.Store) *batchCase {
	c := &batchCase{t: t, ctx: context.Background(), st: st, r: newRig(t), files: generated(8), oldKeys: map[string]string{}}
	c.x, c.versions = currentExtractor()
	f := c.files
	c.changed, c.same1, c.same2, c.refused, c.retried, c.missed = f[0], f[1], f[2], f[3], f[6], f[7]
	old := &oldRules{x: c.x,
		old:     map[string]bool{path.Base(c.changed.Key): true, path.Base(c.same1.Key): true, path.Base(c.same2.Key): true},
		changed: map[string]bool{path.Base(c.changed.Key): true}}
	refusedExt, err := c.x.Extract(c.ctx, path.Base(c.refused.Key), c.refused.Data)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.r.Sim.SetFaults(dspsim.Faults{RejectReportNumber: "^" + regexp.QuoteMeta(refusedExt.Fields.ReportNumber) + "$"}); err != nil {
		t.Fatal(err)
	}

	// The pipeline, with the old rules, handles the first six.
	c.r.put(t, f[:6]...)
	stop := run(t, c.r.pipeline(t, st, old))
	waitFor(t, 30*time.Second, "six documents settled", func() bool { return settled(t, st, 6) })
	// Then the DSP fails with 503 while files[6] is published.
	if err := c.r.Sim.SetFaults(dspsim.Faults{ErrorRate: 1, ErrorStatus: 503}); err != nil {
		t.Fatal(err)
	}
	c.r.put(t, c.retried)
	waitFor(t, 30*time.Second, "a failed publication", func() bool {
		d, err := st.DocumentBySource(c.ctx, labrelay.ObjectRef{Bucket: bucket, Key: c.retried.Key, ETag: etag(c.retried.Data)})
		if err != nil {
			return false
		}
		it, err := st.Outbox(c.ctx, d.ID)
		return err == nil && it.LastError != ""
	})
	stop()
	c.r.put(t, c.missed) // nobody is watching

	if d := docOf(t, st, c.refused); d.State != labrelay.StateException {
		t.Fatalf("refused document is %s, want exception", d.State)
	}
	for _, f := range []file{c.changed, c.same1, c.same2} {
		d := docOf(t, st, f)
		if d.State != labrelay.StatePublished || d.RulesVersion == c.versions[d.Extraction.RulePack] {
			t.Fatalf("%s: %s with rules %s; want published with old rules", f.Key, d.State, d.RulesVersion)
		}
		c.oldKeys[f.Key] = d.IdempotencyKey
	}
	return c
}

func (c *batchCase) job(dry bool) *batch.Job {
	return &batch.Job{
		Store:        c.st,
		Listers:      []batch.Lister{{Client: c.r.S3.Client, Sources: []ingest.Source{c.r.Source}}},
		Sender:       c.r.sender(c.st),
		Status:       c.r.client(),
		RulesChanged: true,
		Extractor:    c.x,
		RuleVersions: c.versions,
		DryRun:       dry,
		Worker:       "batch-test",
		PageSize:     3, // several pages even with few documents
		Logger:       relaytest.Logger(c.t),
	}
}

func (c *batchCase) run(dry bool) *batch.Summary {
	c.t.Helper()
	s, err := c.job(dry).Run(c.ctx)
	if err != nil {
		c.t.Fatal(err)
	}
	out, _ := json.MarshalIndent(s, "", "  ")
	c.t.Logf("summary: %s", out)
	if len(s.Errors) > 0 {
		c.t.Fatalf("batch errors: %v", s.Errors)
	}
	return s
}

// dryRun: --dry-run changes nothing and says what it would do.
func (c *batchCase) dryRun() {
	t := c.t
	checkpoint := []string{c.job(true).Checkpoint()}
	before := takeSnapshot(t, c.st, c.r, checkpoint...)
	s := c.run(true)
	after := takeSnapshot(t, c.st, c.r, checkpoint...)
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
}

// firstRun: the DSP is healthy again; batch finds the missed file, retries
// the failed publication, requeues the one record the new rules change and
// lists the exception.
func (c *batchCase) firstRun() {
	t, st := c.t, c.st
	if err := c.r.Sim.SetFaults(dspsim.Faults{}); err != nil {
		t.Fatal(err)
	}
	retriedDoc := docOf(t, st, c.retried)
	waitFor(t, 5*time.Second, "the retry to fall due", func() bool {
		it, err := st.Outbox(c.ctx, retriedDoc.ID)
		return err == nil && !it.NextAttemptAt.After(time.Now())
	})

	s := c.run(false)
	if s.Discover.New != 1 || len(s.Discover.NewKeys) != 1 || s.Discover.NewKeys[0] != "s3://"+bucket+"/"+c.missed.Key {
		t.Errorf("discover: new %d %v, want only %s", s.Discover.New, s.Discover.NewKeys, c.missed.Key)
	}
	if d := docOf(t, st, c.missed); d.State != labrelay.StateDiscovered {
		t.Errorf("missed object: state %s, want discovered", d.State)
	}
	if s.Retry.Attempted != 1 || s.Retry.Published != 1 {
		t.Errorf("retry: attempted %d, published %d; want 1, 1", s.Retry.Attempted, s.Retry.Published)
	}
	if d := docOf(t, st, c.retried); d.State != labrelay.StatePublished {
		t.Errorf("retried document: %s, want published", d.State)
	}
	changedDoc := docOf(t, st, c.changed)
	if s.Reprocess.Affected != 3 || s.Reprocess.Unchanged != 2 || s.Reprocess.Requeued != 1 ||
		len(s.Reprocess.RequeuedIDs) != 1 || s.Reprocess.RequeuedIDs[0] != changedDoc.ID {
		t.Errorf("reprocess: affected %d, unchanged %d, requeued %v; want 3, 2, [%d]",
			s.Reprocess.Affected, s.Reprocess.Unchanged, s.Reprocess.RequeuedIDs, changedDoc.ID)
	}
	if changedDoc.State != labrelay.StateDiscovered {
		t.Errorf("changed document: %s, want discovered (sent back through the pipeline)", changedDoc.State)
	}
	for _, f := range []file{c.same1, c.same2} {
		if d := docOf(t, st, f); d.State != labrelay.StatePublished || d.IdempotencyKey != c.oldKeys[f.Key] {
			t.Errorf("%s: %s key %s; want published, untouched", f.Key, d.State, d.IdempotencyKey)
		}
	}
	if s.Reconcile.Checked == 0 || s.Reconcile.Mismatches != 0 {
		t.Errorf("reconcile: checked %d, mismatches %d; want some, 0", s.Reconcile.Checked, s.Reconcile.Mismatches)
	}
	refusedDoc := docOf(t, st, c.refused)
	if got := s.ExitCode(); got != batch.ExitNeedsUser {
		t.Errorf("exit code %d, want 3", got)
	}
	if !hasItem(s, batch.KindException, refusedDoc.ID) {
		t.Errorf("attention %+v does not list the exception of document %d", s.Attention, refusedDoc.ID)
	}
}

// pipelineCatchesUp: the pipeline picks the requeued and the missed
// documents up and publishes the changed record under a new key.
func (c *batchCase) pipelineCatchesUp() {
	t, st := c.t, c.st
	stop := run(t, c.r.pipeline(t, st, c.x))
	waitFor(t, 30*time.Second, "everything settled", func() bool {
		return settled(t, st, 8) && docOf(t, st, c.changed).State == labrelay.StatePublished &&
			docOf(t, st, c.missed).State == labrelay.StatePublished
	})
	stop()
	c.changedDoc = docOf(t, st, c.changed)
	if c.changedDoc.IdempotencyKey == c.oldKeys[c.changed.Key] || c.changedDoc.RulesVersion != c.versions[c.changedDoc.Extraction.RulePack] {
		t.Errorf("changed document republished under key %s rules %s; want a new key and current rules", c.changedDoc.IdempotencyKey, c.changedDoc.RulesVersion)
	}
	checkDSP(t, c.r, st, c.files[:8], c.oldKeys[c.changed.Key], c.changedDoc)
}

// secondRun: a second run does nothing new.
func (c *batchCase) secondRun() {
	t := c.t
	reports := len(c.r.Sim.Reports())
	s := c.run(false)
	if s.Discover.New != 0 || s.Retry.Attempted != 0 || s.Reprocess.Checked != 0 || s.Reprocess.Requeued != 0 {
		t.Errorf("second run: new %d, attempted %d, checked %d, requeued %d; want all 0",
			s.Discover.New, s.Retry.Attempted, s.Reprocess.Checked, s.Reprocess.Requeued)
	}
	if got := len(c.r.Sim.Reports()); got != reports {
		t.Errorf("second run: the DSP holds %d reports, had %d", got, reports)
	}
	if s.Reconcile.Mismatches != 0 || s.ExitCode() != batch.ExitNeedsUser {
		t.Errorf("second run: mismatches %d, exit %d; want 0, 3", s.Reconcile.Mismatches, s.ExitCode())
	}
}

// dspLost: the DSP loses its records; reconcile flags every published one.
func (c *batchCase) dspLost() {
	t := c.t
	c.r.Sim.Reset()
	s := c.run(false)
	if s.Reconcile.Checked == 0 || s.Reconcile.Mismatches != s.Reconcile.Checked {
		t.Errorf("after the DSP lost everything: checked %d, mismatches %d; want all mismatched", s.Reconcile.Checked, s.Reconcile.Mismatches)
	}
	if !hasItem(s, batch.KindMissingAtDSP, c.changedDoc.ID) {
		t.Errorf("attention does not list document %d as missing at the DSP", c.changedDoc.ID)
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
