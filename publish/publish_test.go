package publish_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/labrelay/labrelay/dspsim"
	"github.com/labrelay/labrelay/publish"
)

func TestPublishCreatedThenDuplicate(t *testing.T) {
	d := MustDSP(t)
	c := d.Client()
	s := submission(t, d, 1)

	got, err := c.Publish(t.Context(), s)
	if err != nil {
		t.Fatalf("Publish: %v", err)
	}
	if got.ID == "" || got.HTTPStatus != http.StatusCreated || got.Duplicate || got.Status != "accepted" {
		t.Fatalf("first Publish = %+v, want 201 accepted with an id", got)
	}
	again, err := c.Publish(t.Context(), s)
	if err != nil {
		t.Fatalf("second Publish: %v", err)
	}
	if again.ID != got.ID || again.HTTPStatus != http.StatusOK || !again.Duplicate {
		t.Fatalf("second Publish = %+v, want 200 duplicate of %s", again, got.ID)
	}
	if n := len(d.Sim.Reports()); n != 1 {
		t.Fatalf("dsp holds %d reports, want 1", n)
	}
	if n := d.TokenCalls.Load(); n != 1 {
		t.Errorf("token endpoint called %d times, want 1 (token reused)", n)
	}

	for name, ref := range map[string]publish.Ref{"by id": {ID: got.ID}, "by key": {IdempotencyKey: s.IdempotencyKey}} {
		rep, err := c.Status(t.Context(), ref)
		if err != nil {
			t.Fatalf("Status %s: %v", name, err)
		}
		if rep.ID != got.ID || rep.ReportNumber != "SHA-00001" || rep.IdempotencyKey != "key-1" || rep.Status != "accepted" {
			t.Errorf("Status %s = %+v", name, rep)
		}
	}
	if _, err := c.Status(t.Context(), publish.Ref{IdempotencyKey: "never-sent"}); !errors.Is(err, publish.ErrNotFound) {
		t.Errorf("Status of unknown key: err = %v, want ErrNotFound", err)
	}
}

func TestPublishCompactES256(t *testing.T) {
	d := MustDSP(t)
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	d.Sim.AddKeys(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &priv.PublicKey, KeyID: "es-1", Algorithm: "ES256"}}})
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: priv}, (&jose.SignerOptions{}).WithHeader("kid", "es-1"))
	if err != nil {
		t.Fatal(err)
	}
	jws, err := signer.Sign([]byte(`{"report_number":"BV-1","source_sha256":"ab"}`))
	if err != nil {
		t.Fatal(err)
	}
	compact, err := jws.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	res, err := d.Client().Publish(t.Context(), publish.Submission{IdempotencyKey: "k", JWS: []byte(compact)})
	if err != nil || res.HTTPStatus != http.StatusCreated {
		t.Fatalf("Publish compact ES256 = %+v, %v; want 201", res, err)
	}
}

func TestPublishRejected(t *testing.T) {
	d := MustDSP(t)
	if err := d.Sim.SetFaults(dspsim.Faults{RejectReportNumber: `^SHA-0000[2-3]$`}); err != nil {
		t.Fatal(err)
	}
	c := publish.WithRetry(d.Client(), publish.Policy{Sleep: noSleep(t)})
	_, err := c.Publish(t.Context(), submission(t, d, 2))
	var pe *publish.PermanentError
	if !errors.As(err, &pe) {
		t.Fatalf("Publish: err = %v, want *PermanentError", err)
	}
	if pe.Status != http.StatusUnprocessableEntity || !strings.Contains(pe.Reason, "SHA-00002") {
		t.Errorf("PermanentError = %+v, want 422 naming the report", pe)
	}
	if errors.Is(err, publish.ErrRetryable) {
		t.Error("a 422 matches ErrRetryable")
	}
	if _, err := c.Publish(t.Context(), submission(t, d, 4)); err != nil {
		t.Errorf("Publish of a report the rule does not match: %v", err)
	}
}

func TestPublishSignatureRefused(t *testing.T) {
	d := MustDSP(t)
	_, otherKey, _ := ed25519Key(t)
	tampered := func() []byte {
		b := d.Sign(t, payload(1))
		// Swap the payload for another one, keeping the signature.
		other := d.Sign(t, payload(2))
		var a, o map[string]any
		mustUnmarshal(t, b, &a)
		mustUnmarshal(t, other, &o)
		a["payload"] = o["payload"]
		return mustMarshal(t, a)
	}()
	hs, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: make([]byte, 32)}, (&jose.SignerOptions{}).WithHeader("kid", d.KID))
	if err != nil {
		t.Fatal(err)
	}
	hsJWS, _ := hs.Sign(mustMarshal(t, payload(1)))

	tests := []struct {
		name   string
		body   []byte
		status int
		reason string
	}{
		{"unknown kid", SignWith(t, jose.SigningKey{Algorithm: jose.EdDSA, Key: otherKey}, "stranger", payload(1)), 422, "known key"},
		{"known kid, other key", SignWith(t, jose.SigningKey{Algorithm: jose.EdDSA, Key: otherKey}, d.KID, payload(1)), 422, "does not verify"},
		{"tampered payload", tampered, 422, "does not verify"},
		{"HS256 not allowed", []byte(hsJWS.FullSerialize()), 422, "not accepted"},
		{"not a JWS", []byte(`{"report_number":"x"}`), 400, "not a JWS"},
		{"payload lacks source hash", d.Sign(t, map[string]any{"report_number": "X"}), 422, "source_sha256"},
	}
	c := d.Client()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Publish(t.Context(), publish.Submission{IdempotencyKey: tt.name, JWS: tt.body, ContentType: publish.ContentTypeJOSEJSON})
			var pe *publish.PermanentError
			if !errors.As(err, &pe) || pe.Status != tt.status || !strings.Contains(pe.Reason, tt.reason) {
				t.Fatalf("Publish: err = %v, want %d mentioning %q", err, tt.status, tt.reason)
			}
		})
	}
	if n := len(d.Sim.Reports()); n != 0 {
		t.Errorf("dsp holds %d reports, want 0", n)
	}
}

func TestPublishUnauthorizedRefreshesOnce(t *testing.T) {
	d := MustDSP(t)
	c := d.Client()
	if _, err := c.Publish(t.Context(), submission(t, d, 1)); err != nil {
		t.Fatal(err)
	}

	// The DSP forgot its tokens: one refresh fixes it.
	d.Sim.RevokeTokens()
	if _, err := c.Publish(t.Context(), submission(t, d, 2)); err != nil {
		t.Fatalf("Publish after revocation: %v", err)
	}
	if n := d.TokenCalls.Load(); n != 2 {
		t.Errorf("token endpoint called %d times, want 2", n)
	}

	// The DSP refuses every token: refresh once, then a permanent error.
	if err := d.Sim.SetFaults(dspsim.Faults{Unauthorized: 5}); err != nil {
		t.Fatal(err)
	}
	_, err := c.Publish(t.Context(), submission(t, d, 3))
	var pe *publish.PermanentError
	if !errors.As(err, &pe) || pe.Status != http.StatusUnauthorized {
		t.Fatalf("Publish: err = %v, want 401 PermanentError", err)
	}
	if n := d.TokenCalls.Load(); n != 3 {
		t.Errorf("token endpoint called %d times, want 3 (one refresh)", n)
	}
	if f := d.Sim.Faults(); f.Unauthorized != 3 {
		t.Errorf("dsp answered %d requests 401, want 2", 5-f.Unauthorized)
	}

	// Wrong credentials at the token endpoint are permanent too.
	bad := d.Client()
	bad.Token.ClientSecret = "wrong"
	_, err = bad.Publish(t.Context(), submission(t, d, 4))
	if !errors.As(err, &pe) || pe.Status != http.StatusUnauthorized || !strings.Contains(pe.Reason, "refused the client credentials") {
		t.Fatalf("Publish with a wrong secret: err = %v, want 401 PermanentError", err)
	}
}

func TestPublishDroppedConnectionRetried(t *testing.T) {
	for _, afterCommit := range []bool{false, true} {
		name := map[bool]string{false: "before commit", true: "after commit"}[afterCommit]
		t.Run(name, func(t *testing.T) {
			d := MustDSP(t)
			if err := d.Sim.SetFaults(dspsim.Faults{DropRate: 1, DropAfterCommit: afterCommit}); err != nil {
				t.Fatal(err)
			}
			c := d.Client()
			s := submission(t, d, 1)
			_, err := c.Publish(t.Context(), s)
			if !errors.Is(err, publish.ErrRetryable) {
				t.Fatalf("one attempt over a dropped connection: err = %v, want ErrRetryable", err)
			}
			var sleeps int
			r := publish.WithRetry(c, publish.Policy{Base: time.Millisecond, Sleep: func(ctx context.Context, d2 time.Duration) error {
				sleeps++
				if sleeps == 2 {
					_ = d.Sim.SetFaults(dspsim.Faults{})
				}
				return nil
			}})
			res, err := r.Publish(t.Context(), s)
			if err != nil {
				t.Fatalf("Publish with retries: %v", err)
			}
			if want := afterCommit; res.Duplicate != want {
				t.Errorf("Duplicate = %v, want %v", res.Duplicate, want)
			}
			if sleeps != 2 {
				t.Errorf("slept %d times, want 2", sleeps)
			}
			if n := len(d.Sim.Reports()); n != 1 {
				t.Errorf("dsp holds %d reports, want 1", n)
			}
		})
	}
}

func TestPublishRetryAfterHonoured(t *testing.T) {
	for _, asDate := range []bool{false, true} {
		name := map[bool]string{false: "seconds", true: "HTTP-date"}[asDate]
		t.Run(name, func(t *testing.T) {
			d := MustDSP(t)
			now := time.Date(2026, 5, 9, 10, 0, 0, 0, time.UTC)
			d.Sim.Now = func() time.Time { return now }
			if err := d.Sim.SetFaults(dspsim.Faults{RateLimitRate: 1, RateLimitBurst: 3, RetryAfter: dspsim.Duration(7 * time.Second), RetryAfterDate: asDate}); err != nil {
				t.Fatal(err)
			}
			c := d.Client()
			c.Now = func() time.Time { return now }
			var slept []time.Duration
			r := publish.WithRetry(c, publish.Policy{Base: time.Millisecond, Max: time.Minute, Sleep: func(_ context.Context, dd time.Duration) error {
				slept = append(slept, dd)
				if len(slept) == 3 {
					_ = d.Sim.SetFaults(dspsim.Faults{})
				}
				return nil
			}})
			if _, err := r.Publish(t.Context(), submission(t, d, 1)); err != nil {
				t.Fatalf("Publish: %v", err)
			}
			want := []time.Duration{7 * time.Second, 7 * time.Second, 7 * time.Second}
			if len(slept) != len(want) {
				t.Fatalf("slept %v, want %v", slept, want)
			}
			for i := range want {
				if slept[i] != want[i] {
					t.Fatalf("slept %v, want %v", slept, want)
				}
			}
		})
	}
}

// TestPublishChaos sends 40 records through a DSP that fails half the time,
// rate-limits in bursts and drops connections after storing: every record
// must arrive exactly once.
func TestPublishChaos(t *testing.T) {
	d := MustDSP(t)
	if err := d.Sim.SetFaults(dspsim.Faults{
		ErrorRate: 0.5, ErrorStatus: 502,
		RateLimitRate: 0.2, RateLimitBurst: 3, RetryAfter: dspsim.Duration(time.Second),
		DropRate: 0.1, DropAfterCommit: true,
	}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var waits []time.Duration
	r := publish.WithRetry(d.Client(), publish.Policy{Base: time.Millisecond, Max: 10 * time.Second, MaxAttempts: 100, Sleep: func(ctx context.Context, dd time.Duration) error {
		mu.Lock()
		waits = append(waits, dd)
		mu.Unlock()
		return ctx.Err()
	}})
	const n = 40
	ids := make([]string, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			res, err := r.Publish(t.Context(), submission(t, d, i))
			if err != nil {
				errs <- err
				return
			}
			ids[i] = res.ID
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("Publish: %v", err)
	}
	reps := d.Sim.Reports()
	if len(reps) != n {
		t.Fatalf("dsp holds %d reports, want %d", len(reps), n)
	}
	seen := map[string]string{}
	for _, rep := range reps {
		if prev, dup := seen[rep.IdempotencyKey]; dup {
			t.Errorf("key %s stored twice: %s and %s", rep.IdempotencyKey, prev, rep.ID)
		}
		seen[rep.IdempotencyKey] = rep.ID
	}
	for i, id := range ids {
		if want := seen[submission(t, d, i).IdempotencyKey]; id != want {
			t.Errorf("record %d: client got id %q, dsp holds %q", i, id, want)
		}
	}
	var honoured int
	for _, w := range waits {
		if w == time.Second {
			honoured++
		}
	}
	if len(waits) < n/2 || honoured == 0 {
		t.Errorf("%d retries, %d honouring Retry-After: the faults did not fire", len(waits), honoured)
	}
}

func noSleep(t *testing.T) func(context.Context, time.Duration) error {
	return func(context.Context, time.Duration) error {
		t.Error("slept, want no retry")
		return nil
	}
}
