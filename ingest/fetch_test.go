package ingest_test

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/ingest"
	"github.com/labrelay/labrelay/internal/s3test"
)

func TestFetch(t *testing.T) {
	env := s3test.Start(t)
	bucket := env.MustBucket(t, "lab-f")
	f := &ingest.Fetcher{Client: env.Client}
	obj := func(key, etag string) ingest.Object {
		return ingest.Object{Bucket: bucket, Key: key, ETag: etag}
	}

	body := bytes.Repeat([]byte("x"), 1000)
	etag := env.MustPut(t, bucket, "ok.pdf", body)
	got, err := f.Fetch(t.Context(), obj("ok.pdf", etag), 1000)
	if err != nil || !bytes.Equal(got, body) {
		t.Fatalf("fetch: got %d bytes, %v; want 1000 bytes", len(got), err)
	}

	_, err = f.Fetch(t.Context(), obj("ok.pdf", etag), 999)
	if !errors.Is(err, ingest.ErrTooLarge) || !labrelay.IsInputError(err) {
		t.Errorf("oversize: got %v, want an InputError wrapping ErrTooLarge", err)
	}

	gone := env.MustPut(t, bucket, "gone.pdf", []byte("soon deleted"))
	env.MustDelete(t, bucket, "gone.pdf")
	if _, err := f.Fetch(t.Context(), obj("gone.pdf", gone), 0); !errors.Is(err, ingest.ErrGone) {
		t.Errorf("deleted: got %v, want ErrGone", err)
	}

	old := env.MustPut(t, bucket, "rewritten.pdf", []byte("first"))
	env.MustPut(t, bucket, "rewritten.pdf", []byte("second"))
	_, err = f.Fetch(t.Context(), obj("rewritten.pdf", old), 0)
	if !errors.Is(err, ingest.ErrChanged) || !errors.Is(err, ingest.ErrGone) {
		t.Errorf("rewritten: got %v, want ErrChanged (and ErrGone)", err)
	}
}

func TestPollerResumesInterruptedSweep(t *testing.T) {
	env := s3test.Start(t)
	bucket := env.MustBucket(t, "lab-r")
	src := ingest.Source{Name: "r", Bucket: bucket}
	for i := range 7 {
		env.MustPut(t, bucket, fmt.Sprintf("k%d", i), []byte{byte(i)})
	}
	cur := &cursors{}
	crash := errors.New("crash")
	c := collector{fail: func(o ingest.Object) error {
		if o.Key == "k5" {
			return crash
		}
		return nil
	}}
	p := &ingest.Poller{Client: env.Client, Sources: []ingest.Source{src}, Cursors: cur, PageSize: 2}
	if err := p.Sweep(t.Context(), c.consume); !errors.Is(err, crash) {
		t.Fatalf("sweep: got %v, want the consumer's error", err)
	}
	c.take()
	if got := cur.m["s3:r"]; got != "k3" {
		t.Fatalf("cursor: got %q, want k3 (end of the last page handed over)", got)
	}

	// A restarted poller first finishes the interrupted sweep…
	c.fail = nil
	p2 := &ingest.Poller{Client: env.Client, Sources: []ingest.Source{src}, Cursors: cur, PageSize: 2}
	if err := p2.Sweep(t.Context(), c.consume); err != nil {
		t.Fatal(err)
	}
	keys := func(s []string) (out []string) {
		for _, v := range s {
			out = append(out, v[:2])
		}
		return out
	}
	if got, want := keys(c.take()), []string{"k4", "k5", "k6"}; !slices.Equal(got, want) {
		t.Errorf("resumed sweep: got %v, want %v", got, want)
	}
	if got := cur.m["s3:r"]; got != "" {
		t.Errorf("cursor after the resumed sweep: got %q, want cleared", got)
	}
	// …then sweeps in full again.
	if err := p2.Sweep(t.Context(), c.consume); err != nil {
		t.Fatal(err)
	}
	if got, want := keys(c.take()), []string{"k0", "k1", "k2", "k3"}; !slices.Equal(got, want) {
		t.Errorf("next sweep: got %v, want %v", got, want)
	}
}

// oddKeys are keys S3 events URL-encode differently from paths.
var oddKeys = []string{
	"in/with space.pdf",
	"in/報告書 2024.pdf",
	"in/a+b=c&d.pdf",
	"in/100% sure.pdf",
	"in/🧪 sample #1.pdf",
	"in/tab\tand~tilde.pdf",
	"in/%2B already-escaped.pdf",
}

func TestOddKeysRoundTrip(t *testing.T) {
	env := s3test.Start(t)
	bucket := env.MustBucket(t, "lab-u")
	for _, k := range oddKeys {
		env.MustPut(t, bucket, k, []byte(k))
	}
	p := &ingest.Poller{Client: env.Client, Sources: []ingest.Source{{Name: "u", Bucket: bucket, Prefix: "in/", Suffixes: []string{".pdf"}}}}
	var c collector
	if err := p.Sweep(t.Context(), c.consume); err != nil {
		t.Fatal(err)
	}
	f := &ingest.Fetcher{Client: env.Client}
	var got []string
	for _, o := range c.objs {
		b, err := f.Fetch(t.Context(), o, 0)
		if err != nil {
			t.Errorf("fetch %q: %v", o.Key, err)
			continue
		}
		if string(b) != o.Key {
			t.Errorf("fetch %q: got body %q", o.Key, b)
		}
		got = append(got, o.Key)
	}
	want := slices.Clone(oddKeys)
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("keys:\n got %q\nwant %q", got, want)
	}
}

// TestWebhookFromVersitygw has the real server send its events to the
// labrelay handler.
func TestWebhookFromVersitygw(t *testing.T) {
	wh := &ingest.Webhook{
		Sources: []ingest.Source{{Name: "w", Bucket: "lab-w", Prefix: "in/", Suffixes: []string{".pdf"}, Lab: "wlab"}},
		Token:   "s3cr3t",
		RawKeys: true, // versitygw does not URL-encode keys in events
	}
	var c collector
	// The receiver listens first: versitygw refuses to start otherwise.
	// Events queue until Watch runs, once the client exists.
	recv := httptest.NewServer(wh)
	t.Cleanup(recv.Close)

	resp, err := http.Post(recv.URL, "application/json", bytes.NewReader([]byte(`{"Records":[]}`)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("no token: got %s, want 401", resp.Status)
	}

	env := s3test.Start(t, s3test.WithWebhook(recv.URL+"/?token=s3cr3t"))
	bucket := env.MustBucket(t, "lab-w")
	wh.Clients = map[string]ingest.S3API{bucket: env.Client}
	go wh.Watch(t.Context(), c.consume)
	var want []string
	for _, k := range append([]string{"in/plain.pdf"}, oddKeys...) {
		want = append(want, k+"@"+env.MustPut(t, bucket, k, []byte("w "+k)))
	}
	env.MustPut(t, bucket, "in/skip.txt", []byte("not a source file"))
	slices.Sort(want)

	deadline := time.Now().Add(10 * time.Second)
	for c.len() < len(want) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond) // let stray events arrive
	c.mu.Lock()
	for _, o := range c.objs {
		if o.Source != "w" || o.Lab != "wlab" || o.Bucket != bucket {
			t.Errorf("object %+v: want source w, lab wlab, bucket %s", o, bucket)
		}
	}
	c.mu.Unlock()
	if got := c.take(); !slices.Equal(got, want) {
		t.Errorf("events:\n got %q\nwant %q", got, want)
	}
}
