package ingest_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labrelay/labrelay/ingest"
	"github.com/labrelay/labrelay/internal/s3test"
)

// syncBuffer is a log sink safe for the Watch goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type rec struct{ bucket, key, etag string }

// postEvent sends one S3 event with a record per object.
func postEvent(t *testing.T, url string, recs ...rec) {
	t.Helper()
	var doc struct {
		Records []map[string]any `json:"Records"`
	}
	for _, r := range recs {
		doc.Records = append(doc.Records, map[string]any{"eventName": "s3:ObjectCreated:Put",
			"s3": map[string]any{"bucket": map[string]any{"name": r.bucket}, "object": map[string]any{"key": r.key, "eTag": r.etag}}})
	}
	body, _ := json.Marshal(doc)
	resp, err := http.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("event: %s", resp.Status)
	}
}

func waitFor(t *testing.T, c *collector, n int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for c.len() < n && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if c.len() < n {
		t.Fatalf("collected %d objects, want %d", c.len(), n)
	}
}

// Finding 2 of issue 17: an anonymous caller created 28,817 documents in
// 40 s, a forged ETag made a "replaced" failure, and refused keys sat in
// discovered for 10 minutes.
func TestWebhookConfirmsEvents(t *testing.T) {
	env := s3test.Start(t)
	bucket := env.MustBucket(t, "lab-h")
	etag := env.MustPut(t, bucket, "in/real.pdf", []byte("a real report"))
	var logs syncBuffer
	wh := &ingest.Webhook{
		Sources: []ingest.Source{{Name: "h", Bucket: bucket, Prefix: "in/"}, {Name: "g", Bucket: bucket, Prefix: "other/"}},
		Clients: map[string]ingest.S3API{bucket: env.Client},
		RawKeys: true, EventBurst: 3, EventRate: 1e-9,
		Logger: slog.New(slog.NewTextHandler(&logs, nil)),
	}
	srv := httptest.NewServer(wh)
	t.Cleanup(srv.Close)
	var c collector
	go wh.Watch(t.Context(), c.consume)

	postEvent(t, srv.URL,
		rec{"other-bucket", "in/real.pdf", etag}, // no such source
		rec{bucket, "elsewhere/real.pdf", ""},    // outside the prefixes
		rec{bucket, "in/never-uploaded.pdf", "0123"},
		rec{bucket, "in/nul\x00.pdf", ""},
		rec{bucket, "in/real.pdf", "forged0000"}, // S3's ETag wins
	)
	waitFor(t, &c, 1)
	if got := c.take(); !slices.Equal(got, []string{"in/real.pdf@" + etag}) {
		t.Fatalf("handed on %q, want only in/real.pdf with S3's ETag %s", got, etag)
	}
	for _, want := range []string{"S3 does not have", "key refused", "no NUL"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}

	// Per source: h has 2 of its 3 left; g's own budget is untouched.
	var recs []rec
	for _, k := range []string{"in/a.pdf", "in/b.pdf", "in/c.pdf", "in/d.pdf"} {
		env.MustPut(t, bucket, k, []byte(k))
		recs = append(recs, rec{bucket, k, ""})
	}
	env.MustPut(t, bucket, "other/z.pdf", []byte("z"))
	postEvent(t, srv.URL, append(recs, rec{bucket, "other/z.pdf", ""})...)
	waitFor(t, &c, 3)
	got := c.take()
	if len(got) != 3 || !strings.HasPrefix(got[0], "in/a.pdf@") || !strings.HasPrefix(got[1], "in/b.pdf@") || !strings.HasPrefix(got[2], "other/z.pdf@") {
		t.Fatalf("after the burst: %q, want in/a, in/b and other/z", got)
	}
	if !strings.Contains(logs.String(), "over its event rate") {
		t.Errorf("log does not say the source was over its rate")
	}
}

func TestWebhookConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		c        ingest.WebhookConfig
		err      error
		insecure bool
	}{
		{ingest.WebhookConfig{}, nil, false},
		{ingest.WebhookConfig{Path: "/s3"}, ingest.ErrWebhookNoToken, true},
		{ingest.WebhookConfig{Path: "/s3", InsecureNoAuth: true}, nil, true},
		{ingest.WebhookConfig{Path: "/s3", Token: "t"}, nil, false},
	} {
		if err := tc.c.Validate(); !errors.Is(err, tc.err) || tc.c.Insecure() != tc.insecure {
			t.Errorf("%+v: Validate %v, Insecure %v; want %v, %v", tc.c, err, tc.c.Insecure(), tc.err, tc.insecure)
		}
	}
}
