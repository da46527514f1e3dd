package batch_test

import (
	"context"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/batch"
	"github.com/labrelay/labrelay/dspsim"
	"github.com/labrelay/labrelay/internal/relaytest"
	"github.com/labrelay/labrelay/publish"
	"github.com/labrelay/labrelay/untp"
)

// TestRetryUNTPCredential: a UNTP credential whose publication failed is
// re-sent by batch as application/vc+jwt, the content type its profile
// signed it for, to a DSP that takes only that profile.
func TestRetryUNTPCredential(t *testing.T) {
	ctx := context.Background()
	r := newRig(t)
	st := relaytest.MustSQLite(t)
	x, _ := currentExtractor()
	cs, ks := relaytest.MustUNTPSigner(t)
	r.Sim.AddKeys(*ks)
	r.Sim.Profile = dspsim.ProfileUNTPDCC
	if err := r.Sim.SetFaults(dspsim.Faults{ErrorRate: 1, ErrorStatus: 503}); err != nil {
		t.Fatal(err)
	}
	p := r.pipeline(t, st, x)
	p.Profile = &publish.UNTPProfile{Signer: cs, Issuer: untp.Issuer{ID: "did:web:reports.example.com", Name: "Example Supplier QA"}}
	f := generated(1)[0]
	r.put(t, f)
	stop := run(t, p)
	var it labrelay.OutboxItem
	waitFor(t, 30*time.Second, "a failed publication", func() bool {
		d, err := st.DocumentBySource(ctx, labrelay.ObjectRef{Bucket: bucket, Key: f.Key, ETag: etag(f.Data)})
		if err != nil {
			return false
		}
		it, err = st.Outbox(ctx, d.ID)
		return err == nil && it.LastError != ""
	})
	stop()
	if it.ContentType != untp.MediaType {
		t.Fatalf("outbox content type %q, want %s", it.ContentType, untp.MediaType)
	}
	if err := r.Sim.SetFaults(dspsim.Faults{}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "the retry to fall due", func() bool {
		it, err := st.Outbox(ctx, it.DocumentID)
		return err == nil && !it.NextAttemptAt.After(time.Now())
	})

	job := &batch.Job{Store: st, Sender: r.sender(st), Worker: "batch-test", Logger: relaytest.Logger(t)}
	s, err := job.Run(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s.Retry.Attempted != 1 || s.Retry.Published != 1 || len(s.Errors) > 0 {
		t.Errorf("retry: attempted %d, published %d, errors %v; want 1, 1, none", s.Retry.Attempted, s.Retry.Published, s.Errors)
	}
	if d := docOf(t, st, f); d.State != labrelay.StatePublished {
		t.Errorf("document %s (%s), want published", d.State, d.Reason)
	}
	reps := r.Sim.Reports()
	if len(reps) != 1 || reps[0].ContentType != untp.MediaType || reps[0].Profile != dspsim.ProfileUNTPDCC {
		t.Errorf("DSP reports %+v, want one credential received as %s", reps, untp.MediaType)
	}
}
