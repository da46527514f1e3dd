package pipeline_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
)

func md5hex(b []byte) string {
	s := md5.Sum(b)
	return hex.EncodeToString(s[:])
}

// testWriter sends log lines to t.Log until the test ends.
type testWriter struct {
	mu   sync.Mutex
	tb   testing.TB
	done bool
}

func (w *testWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.tb.Log(strings.TrimRight(string(p), "\n"))
	}
	return len(p), nil
}

// testLogger logs warnings and errors to the test log.
func testLogger(tb testing.TB) *slog.Logger {
	w := &testWriter{tb: tb}
	tb.Cleanup(func() {
		w.mu.Lock()
		w.done = true
		w.mu.Unlock()
	})
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

// badFiles are inputs that must fail with a reason while the rest go on.
func badFiles() []file {
	return []file{
		{Key: "in/empty.xml", Data: nil},
		{Key: "in/xxe.xml", Data: []byte(`<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<sgs:TestReport xmlns:sgs="urn:sgs:report:2"><sgs:Header><sgs:ReportNo>&x;</sgs:ReportNo></sgs:Header></sgs:TestReport>`)},
		{Key: "in/corrupt.pdf", Data: []byte("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nstream\x00\xff\xfe garbage endobj\n%%EOF")},
		{Key: "in/notes.json", Data: []byte(`{"hello": "not a lab report"}`)},
	}
}

func checkFailed(tb testing.TB, st labrelay.Store, files []file) {
	tb.Helper()
	for _, f := range files {
		d, err := st.DocumentBySource(context.Background(), labrelay.ObjectRef{Bucket: bucket, Key: f.Key, ETag: etag(f.Data)})
		if err != nil {
			tb.Errorf("%s: %v", f.Key, err)
			continue
		}
		if d.State != labrelay.StateFailed || d.Reason == "" {
			tb.Errorf("%s: state %s, reason %q; want failed with a reason", f.Key, d.State, d.Reason)
			continue
		}
		tb.Logf("%s: failed: %s", f.Key, d.Reason)
	}
}

// TestEndToEndSQLite: native reports dropped into a bucket are published
// exactly once with valid signatures; bad files fail with their reason
// while the good ones around them publish; a copy of a report under another
// key is a duplicate and is not published again.
func TestEndToEndSQLite(t *testing.T) {
	r := newRig(t)
	st := mustSQLite(t)
	good := nativeFiles(t)
	bad := badFiles()
	dup := file{Key: "in/copy-of-first.xml", Data: good[0].Data}
	start(t, r.pipeline(t, st, "w1", nil))

	r.put(t, good[:3]...)
	r.put(t, bad...)
	r.put(t, good[3:]...)
	waitSettled(t, st, len(good)+len(bad), 30*time.Second)
	r.put(t, dup)
	docs := waitSettled(t, st, len(good)+len(bad)+1, 30*time.Second)

	checkPublishedOnce(t, r, st, good)
	checkFailed(t, st, bad)
	if got := len(r.DSP.Sim.Reports()); got != len(good) {
		t.Errorf("the DSP holds %d reports, want %d", got, len(good))
	}
	var found bool
	for _, d := range docs {
		if d.Source.Key == dup.Key {
			found = true
			if d.DuplicateOf == 0 || d.State != labrelay.StateFailed {
				t.Errorf("copy: state %s, duplicate_of %d; want failed duplicate", d.State, d.DuplicateOf)
			}
		}
	}
	if !found {
		t.Errorf("copy %s was not discovered", dup.Key)
	}
}
