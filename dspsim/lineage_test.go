package dspsim_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/dspsim"
	"github.com/labrelay/labrelay/sign"
	"github.com/labrelay/labrelay/untp"
)

// live maps each report number to the ids of the current reports.
func live(sim *dspsim.Server) map[string][]string {
	out := map[string][]string{}
	for _, r := range sim.Reports() {
		if r.Status == dspsim.StatusAccepted {
			out[r.ReportNumber] = append(out[r.ReportNumber], r.ID)
		}
	}
	return out
}

// TestChainAnyOrder: A ← B ← C (B supersedes A, C supersedes B) arriving
// in every order leaves exactly C current, each older one superseded by
// the report that replaced it.
func TestChainAnyOrder(t *testing.T) {
	payloads := map[string]string{
		"A": `{"source_sha256":"aa","report_number":"TUV 001"}`,
		"B": `{"source_sha256":"bb","report_number":"TUV 002","supersedes":"TUV 001"}`,
		"C": `{"source_sha256":"cc","report_number":"TUV 003","lineage":{"supersedes":"tuv002"}}`,
	}
	for _, order := range []string{"ABC", "ACB", "BAC", "BCA", "CAB", "CBA"} {
		t.Run(order, func(t *testing.T) {
			e := MustEnv(t)
			for _, k := range order {
				if code, body := e.do(t, "POST", "/v1/inspection-reports", string(k), e.sign(t, payloads[string(k)])); code != 201 {
					t.Fatalf("post %c: %d %v", k, code, body)
				}
				e.now = e.now.Add(time.Second)
			}
			l := live(e.sim)
			if len(l) != 1 || len(l["TUV 003"]) != 1 {
				t.Fatalf("live reports %v, want only TUV 003", l)
			}
			by := map[string]dspsim.Report{}
			for _, r := range e.sim.Reports() {
				by[r.ReportNumber] = r
			}
			if got, want := by["TUV 001"].SupersededBy, by["TUV 002"].ID; got != want {
				t.Errorf("TUV 001 superseded by %q, want %q", got, want)
			}
			if got, want := by["TUV 002"].SupersededBy, by["TUV 003"].ID; got != want {
				t.Errorf("TUV 002 superseded by %q, want %q", got, want)
			}
		})
	}
}

// TestReplacesTwin: a primary twin naming the twin published before it
// (lineage.replaces) takes its place; the twin_of reference alone does not
// supersede anything.
func TestReplacesTwin(t *testing.T) {
	e := MustEnv(t)
	code, zh := e.do(t, "POST", "/v1/inspection-reports", "zh", e.sign(t, `{"source_sha256":"aa","report_number":"CANML1401714221","twin_of":"CANML1401714220"}`))
	if code != 201 {
		t.Fatal(code, zh)
	}
	e.do(t, "POST", "/v1/inspection-reports", "other", e.sign(t, `{"source_sha256":"cc","report_number":"X-1","twin_of":"CANML1401714221"}`))
	if l := live(e.sim); len(l) != 2 {
		t.Fatalf("twin_of alone superseded a report: live %v", l)
	}
	en := fmt.Sprintf(`{"source_sha256":"bb","report_number":"CANML1401714220","lineage":{"twin_of":"CANML1401714221","replaces":[{"relation":"twin_of","report_number":"CANML1401714221","dsp_id":%q}]}}`, zh["id"])
	if code, body := e.do(t, "POST", "/v1/inspection-reports", "en", e.sign(t, en)); code != 201 {
		t.Fatal(code, body)
	}
	l := live(e.sim)
	if len(l["CANML1401714221"]) != 0 || len(l["CANML1401714220"]) != 1 {
		t.Errorf("live %v: want the English twin only", l)
	}
	for _, r := range e.sim.Reports() {
		if r.ReportNumber == "CANML1401714220" && (len(r.Replaces) != 1 || r.Replaces[0] != zh["id"] || r.TwinOf != "CANML1401714221") {
			t.Errorf("primary twin: replaces %v, twin_of %q", r.Replaces, r.TwinOf)
		}
	}
}

// TestCredential: a UNTP conformity credential (vc+jwt) is verified with
// the JWKS and recorded under the report number and file hash it carries;
// a credential sent as a plain JWS media type, or a record sent as
// vc+jwt, is refused.
func TestCredential(t *testing.T) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := untp.NewSigner(priv)
	if err != nil {
		t.Fatal(err)
	}
	ls, err := sign.NewLocalSigner(priv)
	if err != nil {
		t.Fatal(err)
	}
	ks, err := sign.KeySet(cs.Public())
	if err != nil {
		t.Fatal(err)
	}
	sim := dspsim.NewServer("id", "secret", *ks)
	sim.TokenTTL = time.Minute
	srv := httptest.NewServer(sim.Handler())
	defer srv.Close()
	e := &env{sim: sim, srv: srv}
	e.token = e.MustToken(t)

	src := strings.Repeat("ab", 32)
	p := sign.NewPayload(&labrelay.Extraction{
		Source: labrelay.Source{File: "r.xml", SHA256: src, MediaType: "application/xml"},
		Path:   labrelay.PathNativeXML,
		Fields: labrelay.Record{ReportNumber: "SZXEC2600123 A01", Supersedes: "SZXEC2600123", ApplicantName: "Acme Ltd", OverallResult: labrelay.VerdictPass},
	})
	p.SignedAt = time.Date(2026, 5, 9, 10, 0, 0, 0, time.UTC)
	if _, err := p.Marshal(); err != nil {
		t.Fatal(err)
	}
	vc, err := untp.SignPayload(context.Background(), cs, p, untp.Issuer{ID: "did:web:reports.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	post := func(key, ct string, body []byte) int {
		req, _ := http.NewRequest("POST", srv.URL+"/v1/inspection-reports", strings.NewReader(string(body)))
		req.Header.Set("Authorization", "Bearer "+e.token)
		req.Header.Set("Idempotency-Key", key)
		req.Header.Set("Content-Type", ct)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post("k1", dspsim.MediaTypeJOSE, vc); code != http.StatusUnsupportedMediaType {
		t.Errorf("credential as application/jose: %d, want 415", code)
	}
	rec, err := sign.SignRecord(context.Background(), ls, p)
	if err != nil {
		t.Fatal(err)
	}
	if code := post("k2", dspsim.MediaTypeVCJWT, rec); code/100 != 4 {
		t.Errorf("signed record as application/vc+jwt: %d, want 4xx", code)
	}
	if code := post("k3", dspsim.MediaTypeVCJWT, vc); code != http.StatusCreated {
		t.Fatalf("credential: %d, want 201", code)
	}
	if code := post("k3", dspsim.MediaTypeVCJWT, vc); code != http.StatusOK {
		t.Errorf("credential resent: %d, want 200", code)
	}
	reps := sim.Reports()
	if len(reps) != 1 {
		t.Fatalf("%d reports, want 1", len(reps))
	}
	r := reps[0]
	if r.ReportNumber != "SZXEC2600123 A01" || r.Supersedes != "SZXEC2600123" || r.Profile != "untp-dcc" || r.KeyID != cs.KeyID() {
		t.Errorf("report %+v", r)
	}
	if !strings.Contains(string(r.Payload), src) {
		t.Errorf("payload does not carry the source hash")
	}
}
