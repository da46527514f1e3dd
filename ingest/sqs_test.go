package ingest_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/ingest"
	"github.com/labrelay/labrelay/internal/s3test"
	"github.com/labrelay/labrelay/internal/sqstest"
	"github.com/labrelay/labrelay/sqlite"
)

// The SQS tests run against goaws, a real SQS/SNS-compatible server
// (internal/sqstest): its queues, visibility timeouts, redelivery and SNS
// envelopes, not ours.

func s3Event(bucket, key, etag string) string {
	return fmt.Sprintf(`{"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventTime":"2024-05-01T10:00:00.000Z","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":%q},"object":{"key":%q,"size":5,"eTag":%q,"sequencer":"0A"}}}]}`, bucket, key, etag)
}

func listener(e *sqstest.Env, queueURL string, src ingest.Source) *ingest.SQSListener {
	return &ingest.SQSListener{Client: e.Client, QueueURL: queueURL, Sources: []ingest.Source{src},
		WaitTime: time.Second, VisibilityTimeout: time.Second}
}

// waitEmpty waits until the queue holds no message (all deleted).
func waitEmpty(t *testing.T, e *sqstest.Env, queueURL string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for e.Len(t, queueURL) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%s still holds %d messages", queueURL, e.Len(t, queueURL))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestSQSFromVersitygw: the events a real S3 server sends reach the
// listener in the three shapes a deployment may use: S3 → SQS, S3 → SNS →
// SQS (the SNS envelope) and S3 → SNS → SQS with raw delivery. Objects
// outside the source (another prefix, the test event) are not handed on,
// and every message ends deleted.
func TestSQSFromVersitygw(t *testing.T) {
	q := sqstest.Start(t, 5)
	direct, envelope, raw := q.MustQueue(t, "s3-direct"), q.MustQueue(t, "s3-sns"), q.MustQueue(t, "s3-sns-raw")
	topic, rawTopic := q.MustTopic(t, "s3-events", envelope, false), q.MustTopic(t, "s3-events-raw", raw, true)
	var forwarded atomic.Int64
	fwd := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		q.MustSend(t, direct, string(body))
		q.MustPublish(t, topic, string(body))
		q.MustPublish(t, rawTopic, string(body))
		forwarded.Add(1)
	}))
	t.Cleanup(fwd.Close)
	s3 := s3test.Start(t, s3test.WithWebhook(fwd.URL))
	bucket := s3.MustBucket(t, "lab-sqs")
	q.MustSend(t, direct, `{"Service":"Amazon S3","Event":"s3:TestEvent","Bucket":"lab-sqs"}`)
	var want []string
	for _, k := range []string{"in/a.pdf", "in/報告 1+2.pdf"} {
		want = append(want, k+"@"+s3.MustPut(t, bucket, k, []byte("sqs "+k)))
	}
	s3.MustPut(t, bucket, "out/skip.pdf", []byte("not the source's prefix"))

	src := ingest.Source{Name: "s", Bucket: bucket, Prefix: "in/", Lab: "slab"}
	for name, url := range map[string]string{"direct": direct, "sns": envelope, "sns-raw": raw} {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			var c collector
			l := listener(q, url, src)
			l.RawKeys = true // versitygw does not URL-encode keys
			go l.Watch(ctx, c.consume)
			waitFor(t, &c, len(want))
			waitEmpty(t, q, url)
			c.mu.Lock()
			for _, o := range c.objs {
				if o.Source != "s" || o.Lab != "slab" || o.Bucket != bucket {
					t.Errorf("object %+v: want source s, lab slab, bucket %s", o, bucket)
				}
			}
			c.mu.Unlock()
			if got := c.take(); !equal(got, want) {
				t.Errorf("objects:\n got %q\nwant %q", got, want)
			}
		})
	}
	if n := forwarded.Load(); n < 3 {
		t.Errorf("versitygw sent %d events, want at least 3", n)
	}
}

// TestSQSVisibility: a consumer that outlasts the visibility timeout
// keeps its message (the listener extends it) and a second replica polling
// the same queue meanwhile gets nothing; a consumer that fails leaves the
// message, which goaws delivers again once the timeout runs out.
func TestSQSVisibility(t *testing.T) {
	q := sqstest.Start(t, 1)
	url := q.MustQueue(t, "visibility")
	src := ingest.Source{Name: "q", Bucket: "lab-q"}
	q.MustSend(t, url, s3Event("lab-q", "slow.pdf", `"e1"`))

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var other, c collector
	c.fail = func(ingest.Object) error {
		go listener(q, url, src).Watch(ctx, other.consume)
		time.Sleep(3500 * time.Millisecond) // 3.5 visibility timeouts
		return nil
	}
	n, err := listener(q, url, src).Receive(ctx, c.consume)
	if err != nil || n != 1 {
		t.Fatalf("slow consumer: %d deleted, %v; want 1", n, err)
	}
	cancel()
	if other.len() != 0 || c.len() != 1 {
		t.Errorf("deliveries: slow consumer %d, other replica %d; want 1 and 0", c.len(), other.len())
	}
	if got := q.Len(t, url); got != 0 {
		t.Errorf("%d messages left, want 0", got)
	}

	// Redelivery after a failure.
	q.MustSend(t, url, s3Event("lab-q", "k.pdf", `"e2"`))
	var calls atomic.Int64
	var r collector
	r.fail = func(ingest.Object) error {
		if calls.Add(1) == 1 {
			return errors.New("store down")
		}
		return nil
	}
	ctx2, cancel2 := context.WithCancel(t.Context())
	defer cancel2()
	go listener(q, url, src).Watch(ctx2, r.consume)
	waitFor(t, &r, 1)
	waitEmpty(t, q, url)
	if got := calls.Load(); got != 2 {
		t.Errorf("consumer called %d times, want 2 (failure, then the redelivery)", got)
	}
}

// TestSQSDuplicates: SQS delivers at least once. The same event sent
// twice (and an SNS copy) reaches the consumer each time, and the store's
// Discover keeps one document; two replicas reading one queue record it
// once between them.
func TestSQSDuplicates(t *testing.T) {
	q := sqstest.Start(t, 5)
	url := q.MustQueue(t, "dups")
	topic := q.MustTopic(t, "dups-topic", url, false)
	st := sqlite.New(filepath.Join(t.TempDir(), "dups.db"))
	if err := st.Open(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var offered, created atomic.Int64
	discover := func(ctx context.Context, o ingest.Object) error {
		offered.Add(1)
		_, isNew, err := st.Discover(ctx, o.NewDocument())
		if isNew {
			created.Add(1)
		}
		return err
	}
	ev := s3Event("lab-d", "in/dup.pdf", `"etag-d"`)
	for range 3 {
		q.MustSend(t, url, ev)
	}
	q.MustPublish(t, topic, ev)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	src := ingest.Source{Name: "d", Bucket: "lab-d"}
	for range 2 {
		go listener(q, url, src).Watch(ctx, discover)
	}
	deadline := time.Now().Add(15 * time.Second)
	for offered.Load() < 4 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	waitEmpty(t, q, url)
	docs, err := st.Documents(t.Context(), labrelay.DocumentQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if offered.Load() != 4 || created.Load() != 1 || len(docs) != 1 {
		t.Errorf("offered %d times, created %d, %d documents; want 4, 1, 1", offered.Load(), created.Load(), len(docs))
	}
}
