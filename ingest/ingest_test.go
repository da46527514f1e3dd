package ingest_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/ingest"
	"github.com/labrelay/labrelay/internal/s3test"
)

func TestMain(m *testing.M) { s3test.Main(m) }

// collector is a Consumer that records what it is handed.
type collector struct {
	mu   sync.Mutex
	objs []ingest.Object
	fail func(ingest.Object) error
}

func (c *collector) consume(_ context.Context, o ingest.Object) error {
	if c.fail != nil {
		if err := c.fail(o); err != nil {
			return err
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.objs = append(c.objs, o)
	return nil
}

// take returns "key@etag" of the objects collected so far, sorted, and
// forgets them.
func (c *collector) take() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, o := range c.objs {
		out = append(out, o.Key+"@"+o.ETag)
	}
	c.objs = nil
	sort.Strings(out)
	return out
}

func (c *collector) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.objs)
}

// cursors is an in-memory CursorStore that remembers every value put.
type cursors struct {
	mu   sync.Mutex
	m    map[string]string
	puts []string
}

func (s *cursors) GetCursor(_ context.Context, name string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m[name], nil
}

func (s *cursors) PutCursor(_ context.Context, name, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string]string{}
	}
	s.m[name] = value
	s.puts = append(s.puts, value)
	return nil
}

var _ ingest.CursorStore = labrelay.Store(nil)

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestPollerSweeps(t *testing.T) {
	env := s3test.Start(t)
	bucket := env.MustBucket(t, "lab-a")
	src := ingest.Source{Name: "a", Bucket: bucket, Prefix: "in/", Suffixes: []string{".pdf", ".XML"}, Lab: "alpha"}

	var want []string
	for i := range 7 {
		key := fmt.Sprintf("in/r%02d.pdf", i*10)
		if i == 3 {
			key = "in/r30.xml" // suffixes compare without case
		}
		want = append(want, key+"@"+env.MustPut(t, bucket, key, fmt.Appendf(nil, "report %d", i)))
	}
	env.MustPut(t, bucket, "in/notes.txt", []byte("wrong suffix"))
	env.MustPut(t, bucket, "out/r01.pdf", []byte("wrong prefix"))
	env.MustPut(t, bucket, "in/sub/", nil) // folder marker
	sort.Strings(want)

	cur := &cursors{}
	p := &ingest.Poller{Client: env.Client, Sources: []ingest.Source{src}, Cursors: cur, PageSize: 2}
	var c collector
	if err := p.Sweep(t.Context(), c.consume); err != nil {
		t.Fatal(err)
	}
	if got := c.take(); !equal(got, want) {
		t.Fatalf("first sweep:\n got %v\nwant %v", got, want)
	}
	if len(cur.puts) < 3 {
		t.Errorf("cursor puts: got %v, want one per page boundary (page size 2)", cur.puts)
	}
	if v := cur.m["s3:a"]; v != "" {
		t.Errorf("cursor after a complete sweep: got %q, want it cleared", v)
	}

	if err := p.Sweep(t.Context(), c.consume); err != nil {
		t.Fatal(err)
	}
	if got := c.take(); len(got) != 0 {
		t.Errorf("unchanged bucket: got %v, want nothing", got)
	}

	// A new key that sorts before every other, and a rewritten object.
	early := "in/a-early.pdf@" + env.MustPut(t, bucket, "in/a-early.pdf", []byte("new"))
	rewritten := "in/r40.pdf@" + env.MustPut(t, bucket, "in/r40.pdf", []byte("report 4, corrected"))
	if err := p.Sweep(t.Context(), c.consume); err != nil {
		t.Fatal(err)
	}
	if got, want := c.take(), []string{early, rewritten}; !equal(got, want) {
		t.Errorf("after new and rewritten:\n got %v\nwant %v", got, want)
	}
}
