package callback_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/labrelay/labrelay/callback"
)

// FuzzHandler: nothing unsigned is ever recorded, and nothing panics.
func FuzzHandler(f *testing.F) {
	now := time.Date(2026, 5, 9, 10, 0, 0, 0, time.UTC)
	f.Add(string(event("dsp-000001", "evt-1")), strconv.FormatInt(now.Unix(), 10), "sha256=00")
	f.Add(`{"event_id":"e","id":"dsp-000001","status":"rejected"}`, "0", "")
	f.Fuzz(func(t *testing.T, body, ts, sig string) {
		rec := &callback.MemoryRecorder{}
		h, err := callback.NewHandler(secret, &callback.MemoryNonces{}, rec)
		if err != nil {
			t.Fatal(err)
		}
		h.Now = func() time.Time { return now }
		req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
		req.Header.Set(callback.HeaderTimestamp, ts)
		req.Header.Set(callback.HeaderSignature, sig)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code == http.StatusOK || len(rec.Exceptions()) != 0 {
			t.Fatalf("unsigned callback recorded: %d", w.Code)
		}
	})
}
