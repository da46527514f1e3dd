package labsig_test

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"
	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/sign/labsig"
)

const reportJSON = `{"report_number":"BV-2026-0001","results":[{"item":"Lead (Pb)","value":"N.D."}]}`

type labKey struct {
	priv crypto.Signer
	alg  jose.SignatureAlgorithm
	kid  string
}

func newLabKeys(t *testing.T) (rsaKey, ecKey labKey, jwks *jose.JSONWebKeySet) {
	r, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	e, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	rsaKey = labKey{r, jose.RS256, "bv-rsa-2026"}
	ecKey = labKey{e, jose.ES256, "bv-ec-2026"}
	jwks = &jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
		{Key: r.Public(), KeyID: rsaKey.kid, Use: "sig"},
		{Key: e.Public(), KeyID: ecKey.kid, Use: "sig"},
	}}
	return rsaKey, ecKey, jwks
}

func labSign(t *testing.T, k labKey, payload []byte) *jose.JSONWebSignature {
	t.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: k.alg, Key: k.priv}, (&jose.SignerOptions{}).WithHeader("kid", k.kid))
	if err != nil {
		t.Fatal(err)
	}
	obj, err := s.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	return obj
}

func TestVerifyJSON(t *testing.T) {
	rsaKey, ecKey, jwks := newLabKeys(t)
	for _, k := range []labKey{rsaKey, ecKey} {
		t.Run(string(k.alg), func(t *testing.T) {
			obj := labSign(t, k, []byte(reportJSON))
			compact, _ := obj.CompactSerialize()
			detached, _ := obj.DetachedCompactSerialize()
			for name, in := range map[string]string{"json": obj.FullSerialize(), "compact": compact} {
				payload, got := labsig.VerifyJSON([]byte(in), jwks)
				if got.Status != labrelay.SignatureVerified || got.Signer != k.kid || string(payload) != reportJSON {
					t.Errorf("%s: VerifyJSON = %q, %+v", name, payload, got)
				}
			}
			payload, got := labsig.VerifyDetached([]byte(reportJSON), []byte(detached), jwks)
			if got.Status != labrelay.SignatureVerified || string(payload) != reportJSON {
				t.Errorf("VerifyDetached = %q, %+v", payload, got)
			}

			// Tampering and unknown keys.
			parts := strings.Split(compact, ".")
			evilPayload := strings.Replace(parts[1], parts[1][10:14], "AAAA", 1)
			other := &jose.JSONWebKeySet{Keys: jwks.Keys[:0:0]}
			for _, key := range jwks.Keys {
				if key.KeyID != k.kid {
					other.Keys = append(other.Keys, key)
				}
			}
			tests := []struct {
				name, reason string
				payload      []byte
				got          labrelay.LabSignature
			}{}
			add := func(name, reason string, payload []byte, got labrelay.LabSignature) {
				tests = append(tests, struct {
					name, reason string
					payload      []byte
					got          labrelay.LabSignature
				}{name, reason, payload, got})
			}
			p, g := labsig.VerifyJSON([]byte(parts[0]+"."+evilPayload+"."+parts[2]), jwks)
			add("tampered payload", "changed after the lab signed it", p, g)
			p, g = labsig.VerifyDetached(bytes.Replace([]byte(reportJSON), []byte("N.D."), []byte("12"), 1), []byte(detached), jwks)
			add("tampered detached report", "changed after the lab signed it", p, g)
			p, g = labsig.VerifyJSON([]byte(compact), other)
			add("key not in the lab's JWKS", "unknown key id "+k.kid, p, g)
			p, g = labsig.VerifyJSON([]byte(compact), nil)
			add("no JWKS", "no JWKS is configured", p, g)
			for _, tt := range tests {
				if tt.got.Status != labrelay.SignatureInvalid || tt.payload != nil || !strings.Contains(tt.got.Reason, tt.reason) {
					t.Errorf("%s: got %+v (payload %q), want invalid saying %q", tt.name, tt.got, tt.payload, tt.reason)
				}
			}
		})
	}
}

func TestVerifyJSONUnsignedAndRefused(t *testing.T) {
	_, _, jwks := newLabKeys(t)
	payload, got := labsig.VerifyJSON([]byte(reportJSON), jwks)
	if got.Status != labrelay.SignatureUnsigned || string(payload) != reportJSON {
		t.Errorf("plain JSON: %q, %+v", payload, got)
	}
	hs, _ := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: []byte("0123456789abcdef0123456789abcdef")}, nil)
	obj, _ := hs.Sign([]byte(reportJSON))
	if _, got := labsig.VerifyJSON([]byte(obj.FullSerialize()), jwks); got.Status != labrelay.SignatureInvalid || !strings.Contains(got.Reason, "algorithm not allowed") {
		t.Errorf("HS256: %+v", got)
	}
}

func FuzzVerifyJSON(f *testing.F) {
	f.Add([]byte(reportJSON))
	f.Add([]byte(`{"payload":"e30","signature":"AAAA","protected":"eyJhbGciOiJub25lIn0"}`))
	f.Add([]byte("eyJhbGciOiJFUzI1NiJ9.e30.AAAA"))
	e, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	jwks := &jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: e.Public(), KeyID: "k"}}}
	f.Fuzz(func(t *testing.T, data []byte) {
		payload, got := labsig.VerifyJSON(data, jwks)
		switch got.Status {
		case labrelay.SignatureVerified:
			t.Fatalf("verified data no trusted key signed: %q", data)
		case labrelay.SignatureInvalid:
			if payload != nil {
				t.Fatal("invalid signature returned a payload")
			}
		}
	})
}
