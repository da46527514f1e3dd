package pipeline_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/relaytest"
)

// A key holding control characters (S3 allows them) is read like any
// other when the listing can carry it (encoding-type=url); when the
// server sends it mangled (versitygw: XML has no control characters, it
// sends U+FFFD), the document fails saying so, not as a phantom
// "deleted" file.
func TestControlCharacterKeys(t *testing.T) {
	r := newRig(t)
	st := relaytest.MustSQLite(t)
	p := r.pipeline(t, st, "w1", nil)
	start(t, p)
	files := nativeFiles(t)[:3]
	files[0].Key = "in/bell\a" + files[0].Key[3:]
	files[1].Key = "in/tab\t" + files[1].Key[3:]
	files[2].Key = "in/esc\x1b[31m" + files[2].Key[3:]
	r.put(t, files...)
	docs := waitSettled(t, st, len(files), 30*time.Second)
	if len(docs) != len(files) {
		t.Fatalf("%d documents, want %d", len(docs), len(files))
	}
	for _, d := range docs {
		mangled := strings.ContainsRune(d.Source.Key, utf8.RuneError)
		switch {
		case mangled && (d.State != labrelay.StateFailed || !strings.Contains(d.Reason, "name without control characters")):
			t.Errorf("%q: state %s, reason %q; want failed saying the name", d.Source.Key, d.State, d.Reason)
		case !mangled && d.State == labrelay.StateFailed:
			t.Errorf("%q: failed: %s", d.Source.Key, d.Reason)
		}
	}
}
