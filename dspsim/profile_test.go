package dspsim_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/labrelay/labrelay/dspsim"
)

// TestProfileContentType: a DSP set to one publication profile refuses
// the other profile's media type with 415 and records the one it took.
func TestProfileContentType(t *testing.T) {
	e := MustEnv(t)
	rec := e.sign(t, good)
	post := func(key, mediaType string) int {
		t.Helper()
		req, err := http.NewRequestWithContext(t.Context(), "POST", e.srv.URL+"/v1/inspection-reports", strings.NewReader(rec))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+e.token)
		req.Header.Set("Content-Type", mediaType)
		req.Header.Set("Idempotency-Key", key)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	tests := []struct {
		profile, mediaType string
		want               int
	}{
		{dspsim.ProfileUNTPDCC, dspsim.MediaTypeJOSEJSON, http.StatusUnsupportedMediaType},
		{dspsim.ProfileUNTPDCC, dspsim.MediaTypeJOSE, http.StatusUnsupportedMediaType},
		{dspsim.ProfileRecord, dspsim.MediaTypeVCJWT, http.StatusUnsupportedMediaType},
		{dspsim.ProfileRecord, dspsim.MediaTypeJOSEJSON, http.StatusCreated},
	}
	for i, tt := range tests {
		e.sim.Profile = tt.profile // no request is in flight
		if got := post("k-"+string(rune('a'+i)), tt.mediaType); got != tt.want {
			t.Errorf("profile %s, %s: status %d, want %d", tt.profile, tt.mediaType, got, tt.want)
		}
	}
	reps := e.sim.Reports()
	if len(reps) != 1 || reps[0].ContentType != dspsim.MediaTypeJOSEJSON || reps[0].Profile != dspsim.ProfileRecord {
		t.Errorf("reports %+v, want one record taken as %s", reps, dspsim.MediaTypeJOSEJSON)
	}
}
