package sign_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/sign"
	"github.com/labrelay/labrelay/sign/signtest"
)

// MustRecord returns a typical record: an RoHS report with n result rows.
func MustRecord(tb testing.TB, n int) labrelay.Record {
	tb.Helper()
	r := labrelay.Record{
		ReportNumber: "SHAEC2605001234", Lab: labrelay.LabSGS,
		LabName: "SGS-CSTC Standards Technical Services Co., Ltd. Shanghai Branch", LabAccreditation: "CNAS L0599",
		IssueDate: "2026-05-09", ReceivedDate: "2026-04-28", TestStartDate: "2026-04-28", TestEndDate: "2026-05-08",
		ApplicantName: "Ningbo Example Electronics Co., Ltd.", ApplicantAddress: "No. 8 Example Road, Ningbo, China",
		ProductName: "Ceramic capacitor", ModelNumber: "CC-0805-104K", BatchNumber: "L2604-17", PONumber: "PO-88123",
		Category: labrelay.CategoryElectronic, TestStandards: []string{"IEC 62321-5:2013", "IEC 62321-7-2:2017"},
		OverallResult: labrelay.VerdictPass, SignatoryName: "Li Wei", PageCount: 3,
	}
	for i := range n {
		r.Results = append(r.Results, labrelay.ResultRow{
			Item: fmt.Sprintf("Analyte %d (X%d)", i, i), Method: "IEC 62321-5:2013", Unit: "mg/kg",
			MDL: "2", Limit: "100", Value: "N.D.", Verdict: labrelay.VerdictPass,
		})
	}
	return r
}

var sourceFile = []byte("%PDF-1.7 pretend this is the lab's report\n")

// MustPayload returns the payload of a typical record made from sourceFile.
func MustPayload(tb testing.TB) *sign.Payload {
	tb.Helper()
	ext := &labrelay.Extraction{
		Source: labrelay.Source{File: "report.pdf", SHA256: sign.SHA256Hex(sourceFile), MediaType: "application/pdf"},
		Path:   labrelay.PathPDFText, Fields: MustRecord(tb, 30),
		RulesVersion: "rules-2026.05", ExtractorVersion: "v0.1.0",
	}
	p := sign.NewPayload(ext)
	p.ReceivedAt = time.Date(2026, 5, 10, 8, 0, 0, 0, time.UTC)
	p.ExtractedAt = p.ReceivedAt.Add(3 * time.Second)
	p.SignedAt = p.ReceivedAt.Add(4 * time.Second)
	return p
}

// MustSigner returns a signer with a fresh key for alg.
func MustSigner(tb testing.TB, alg string) *sign.LocalSigner {
	tb.Helper()
	key, err := sign.GenerateKey(alg)
	if err != nil {
		tb.Fatal(err)
	}
	s, err := sign.NewLocalSigner(key)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

func MustKeySet(tb testing.TB, pubs ...crypto.PublicKey) *jose.JSONWebKeySet {
	tb.Helper()
	set, err := sign.KeySet(pubs...)
	if err != nil {
		tb.Fatal(err)
	}
	return set
}

func MustSign(tb testing.TB, s sign.Signer, p *sign.Payload) []byte {
	tb.Helper()
	jws, err := sign.SignRecord(context.Background(), s, p)
	if err != nil {
		tb.Fatal(err)
	}
	return jws
}

func toCompact(tb testing.TB, jws []byte) []byte {
	tb.Helper()
	obj, err := sign.ParseJWS(string(jws), sign.AllowedAlgorithms)
	if err != nil {
		tb.Fatal(err)
	}
	c, err := obj.CompactSerialize()
	if err != nil {
		tb.Fatal(err)
	}
	return []byte(c)
}

func TestRoundTrip(t *testing.T) {
	for _, alg := range []string{sign.EdDSA, sign.ES256} {
		t.Run(alg, func(t *testing.T) {
			s := MustSigner(t, alg)
			p := MustPayload(t)
			jws := MustSign(t, s, p)
			want, err := sign.Thumbprint(s.Public())
			if err != nil {
				t.Fatal(err)
			}
			if s.KeyID() != want {
				t.Errorf("KeyID() = %q, want thumbprint %q", s.KeyID(), want)
			}
			keys := MustKeySet(t, s.Public())
			for name, in := range map[string][]byte{"json": jws, "compact": toCompact(t, jws)} {
				v, err := sign.VerifyJWS(in, keys)
				if err != nil {
					t.Fatalf("%s: verify: %v", name, err)
				}
				if v.KeyID != want || v.Algorithm != alg || v.Type != sign.RecordType {
					t.Errorf("%s: got kid=%s alg=%s typ=%s, want %s %s %s", name, v.KeyID, v.Algorithm, v.Type, want, alg, sign.RecordType)
				}
				got, err := sign.ParsePayload(v.Payload)
				if err != nil {
					t.Fatal(err)
				}
				if got.Record.ReportNumber != p.Record.ReportNumber || len(got.Record.Results) != 30 {
					t.Errorf("%s: payload record = %+v", name, got.Record)
				}
				if got.IdempotencyKey != p.IdempotencyKey || got.IdempotencyKey == "" {
					t.Errorf("%s: idempotency key = %q, want %q", name, got.IdempotencyKey, p.IdempotencyKey)
				}
				if err := got.CheckSource(sourceFile); err != nil {
					t.Errorf("%s: CheckSource: %v", name, err)
				}
			}
			// The protected header carries alg, kid and typ.
			var j struct{ Protected string }
			if err := json.Unmarshal(jws, &j); err != nil {
				t.Fatal(err)
			}
			hdr, _ := base64.RawURLEncoding.DecodeString(j.Protected)
			for _, w := range []string{`"alg":"` + alg + `"`, `"kid":"` + want + `"`, `"typ":"` + sign.RecordType + `"`} {
				if !bytes.Contains(hdr, []byte(w)) {
					t.Errorf("protected header %s lacks %s", hdr, w)
				}
			}
		})
	}
}

func TestRotation(t *testing.T) {
	old := MustSigner(t, sign.EdDSA)
	next := MustSigner(t, sign.ES256)
	oldJWS := MustSign(t, old, MustPayload(t))
	newJWS := MustSign(t, next, MustPayload(t))

	tests := []struct {
		name    string
		keys    *jose.JSONWebKeySet
		jws     []byte
		wantErr error
	}{
		{"old record, old key only", MustKeySet(t, old.Public()), oldJWS, nil},
		{"old record after rotation", MustKeySet(t, next.Public(), old.Public()), oldJWS, nil},
		{"new record after rotation", MustKeySet(t, next.Public(), old.Public()), newJWS, nil},
		{"old record, old key removed", MustKeySet(t, next.Public()), oldJWS, sign.ErrUnknownKey},
		{"new record, old set", MustKeySet(t, old.Public()), newJWS, sign.ErrUnknownKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, kid, err := sign.Verify(tt.jws, tt.keys)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Verify error = %v, want %v", err, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), "unknown key id "+old.KeyID()) && !strings.Contains(err.Error(), "unknown key id "+next.KeyID()) {
				t.Errorf("error %q does not name the key id", err)
			}
			if err == nil && kid == "" {
				t.Error("empty kid")
			}
		})
	}
}

// flip returns a copy of b with the byte at i changed to another base64url
// character.
func flip(b []byte, i int) []byte {
	c := bytes.Clone(b)
	if c[i] == 'A' {
		c[i] = 'B'
	} else {
		c[i] = 'A'
	}
	return c
}

func TestTamper(t *testing.T) {
	for _, alg := range []string{sign.EdDSA, sign.ES256} {
		t.Run(alg, func(t *testing.T) {
			s := MustSigner(t, alg)
			keys := MustKeySet(t, s.Public())
			compact := toCompact(t, MustSign(t, s, MustPayload(t)))
			parts := bytes.Split(compact, []byte("."))
			hdrLen, payLen := len(parts[0]), len(parts[1])

			// Tampering the payload JSON itself: one changed character
			// in the report number, re-encoded.
			payload, _ := base64.RawURLEncoding.DecodeString(string(parts[1]))
			evil := bytes.Replace(payload, []byte("SHAEC2605001234"), []byte("SHAEC2605001235"), 1)
			evilCompact := bytes.Join([][]byte{parts[0], []byte(base64.RawURLEncoding.EncodeToString(evil)), parts[2]}, []byte("."))

			// A header re-encoded with a changed typ, same alg and kid.
			hdr, _ := base64.RawURLEncoding.DecodeString(string(parts[0]))
			evilHdr := bytes.Replace(hdr, []byte(sign.RecordType), []byte("vc+jwt"), 1)
			evilHdrCompact := bytes.Join([][]byte{[]byte(base64.RawURLEncoding.EncodeToString(evilHdr)), parts[1], parts[2]}, []byte("."))

			tests := []struct {
				name string
				jws  []byte
				want error
			}{
				{"payload byte", flip(compact, hdrLen+1+payLen/2), nil},
				{"payload value", evilCompact, sign.ErrSignatureMismatch},
				{"header value", evilHdrCompact, sign.ErrSignatureMismatch},
				{"signature byte", flip(compact, hdrLen+1+payLen+1+5), sign.ErrSignatureMismatch},
			}
			for _, tt := range tests {
				_, _, err := sign.Verify(tt.jws, keys)
				if err == nil {
					t.Errorf("%s: tampered JWS verified", tt.name)
					continue
				}
				if tt.want != nil && !errors.Is(err, tt.want) {
					t.Errorf("%s: error %v, want %v", tt.name, err, tt.want)
				}
				if errors.Is(err, sign.ErrSignatureMismatch) && err.Error() != "signature does not match: payload or header changed" {
					t.Errorf("%s: reason %q", tt.name, err)
				}
			}
		})
	}
}

func TestTamperSource(t *testing.T) {
	s := MustSigner(t, sign.EdDSA)
	payload, _, err := sign.Verify(MustSign(t, s, MustPayload(t)), MustKeySet(t, s.Public()))
	if err != nil {
		t.Fatal(err)
	}
	p, err := sign.ParsePayload(payload)
	if err != nil {
		t.Fatal(err)
	}
	evil := bytes.Clone(sourceFile)
	evil[3]++
	err = p.CheckSource(evil)
	if !errors.Is(err, sign.ErrSourceMismatch) {
		t.Fatalf("CheckSource(tampered) = %v, want ErrSourceMismatch", err)
	}
	if !strings.Contains(err.Error(), "source file does not match the signed record") {
		t.Errorf("reason %q", err)
	}
}

func TestAlgorithmNotAllowed(t *testing.T) {
	s := MustSigner(t, sign.EdDSA)
	keys := MustKeySet(t, s.Public())
	payload, err := MustPayload(t).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	hs, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: []byte("0123456789abcdef0123456789abcdef")},
		(&jose.SignerOptions{}).WithHeader("kid", s.KeyID()))
	if err != nil {
		t.Fatal(err)
	}
	obj, err := hs.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	hsCompact, _ := obj.CompactSerialize()
	enc := base64.RawURLEncoding.EncodeToString
	none := enc([]byte(`{"alg":"none","kid":"`+s.KeyID()+`"}`)) + "." + enc(payload) + "."
	// An ES256 header naming an Ed25519 key: refused before any check.
	es := MustSigner(t, sign.ES256)
	esJWS := toCompact(t, MustSign(t, es, MustPayload(t)))
	esParts := strings.SplitN(string(esJWS), ".", 2)
	confused := enc([]byte(`{"alg":"ES256","kid":"`+s.KeyID()+`"}`)) + "." + esParts[1]

	for name, in := range map[string]string{"HS256": hsCompact, "none": none, "ES256 with Ed25519 kid": confused} {
		_, _, err := sign.Verify([]byte(in), keys)
		if !errors.Is(err, sign.ErrAlgorithmNotAllowed) {
			t.Errorf("%s: error %v, want ErrAlgorithmNotAllowed", name, err)
		}
	}
}

func TestVerifyRefuses(t *testing.T) {
	s := MustSigner(t, sign.EdDSA)
	keys := MustKeySet(t, s.Public())
	payload, _ := MustPayload(t).Marshal()
	anyKey, _ := sign.GenerateKey(sign.EdDSA)
	noKid, _ := jose.NewSigner(jose.SigningKey{Algorithm: jose.EdDSA, Key: anyKey}, nil)
	obj, _ := noKid.Sign(payload)
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"not a JWS", []byte(`{"hello":"world"}`), sign.ErrMalformed},
		{"empty", nil, sign.ErrMalformed},
		{"no kid", []byte(obj.FullSerialize()), sign.ErrNoKeyID},
	}
	for _, tt := range tests {
		if _, _, err := sign.Verify(tt.in, keys); !errors.Is(err, tt.want) {
			t.Errorf("%s: error %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestCanonicalStable(t *testing.T) {
	a := `{"report_number":"R-1","results":[{"item":"Lead (Pb)","value":"<2","verdict":"pass","unit":"mg/kg"}],"lab":"SGS","page_count":3}`
	b := `{"page_count":3, "lab":"SGS",
	  "results":[{"verdict":"pass","unit":"mg/kg","value":"<2","item":"Lead (Pb)"}],
	  "report_number":"R-1"}`
	var ra, rb labrelay.Record
	if err := json.Unmarshal([]byte(a), &ra); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(b), &rb); err != nil {
		t.Fatal(err)
	}
	ca, err := sign.CanonicalRecord(&ra)
	if err != nil {
		t.Fatal(err)
	}
	cb, _ := sign.CanonicalRecord(&rb)
	if !bytes.Equal(ca, cb) {
		t.Errorf("canonical forms differ:\n%s\n%s", ca, cb)
	}
	want := `{"lab":"SGS","page_count":3,"report_number":"R-1","results":[{"item":"Lead (Pb)","unit":"mg/kg","value":"<2","verdict":"pass"}]}`
	if string(ca) != want {
		t.Errorf("canonical = %s\nwant      %s", ca, want)
	}
	// Maps: key order of the input does not matter either.
	ma, _ := sign.Canonical(map[string]any{"b": 1.0, "a": []any{"x", 2.5}, "é": true})
	var m any
	_ = json.Unmarshal([]byte(`{"é":true,"a":["x",2.50],"b":1}`), &m)
	mb, _ := sign.Canonical(m)
	if !bytes.Equal(ma, mb) || string(ma) != `{"a":["x",2.5],"b":1,"é":true}` {
		t.Errorf("map canonical forms: %s vs %s", ma, mb)
	}

	sha := sign.SHA256Hex(sourceFile)
	if sign.IdempotencyKey(sha, ca) != sign.IdempotencyKey(sha, cb) {
		t.Error("idempotency keys differ for the same content")
	}
	rb.Results[0].Value = "<3"
	cb, _ = sign.CanonicalRecord(&rb)
	if sign.IdempotencyKey(sha, ca) == sign.IdempotencyKey(sha, cb) {
		t.Error("idempotency key unchanged after a value changed")
	}
	if sign.IdempotencyKey(sha, ca) == sign.IdempotencyKey(sign.SHA256Hex([]byte("other")), ca) {
		t.Error("idempotency key unchanged for another source")
	}

	// The payload bytes are the same for the same content, and the key
	// does not depend on when or by which key it was signed.
	p1, p2 := MustPayload(t), MustPayload(t)
	b1, _ := p1.Marshal()
	b2, _ := p2.Marshal()
	if !bytes.Equal(b1, b2) {
		t.Error("same payload marshalled to different bytes")
	}
	p2.SignedAt = p2.SignedAt.Add(time.Hour).In(time.FixedZone("CST", 8*3600))
	if _, err := p2.Marshal(); err != nil {
		t.Fatal(err)
	}
	if p1.IdempotencyKey != p2.IdempotencyKey {
		t.Error("idempotency key depends on signed_at")
	}
}

func TestPayloadRequiresSource(t *testing.T) {
	p := MustPayload(t)
	p.Source.SHA256 = ""
	if _, err := p.Marshal(); !errors.Is(err, sign.ErrNoSourceHash) {
		t.Errorf("Marshal without source hash: %v", err)
	}
	p = MustPayload(t)
	p.SignedAt = time.Time{}
	if _, err := p.Marshal(); !errors.Is(err, sign.ErrNotSignedAt) {
		t.Errorf("Marshal without signed_at: %v", err)
	}
}

func TestKeyFiles(t *testing.T) {
	for _, alg := range []string{sign.EdDSA, sign.ES256} {
		t.Run(alg, func(t *testing.T) {
			dir := t.TempDir()
			key, err := sign.GenerateKey(alg)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "labrelay.pem")
			pubPath, err := sign.WriteKey(path, key)
			if err != nil {
				t.Fatal(err)
			}
			st, _ := os.Stat(path)
			if st.Mode().Perm() != 0o600 {
				t.Errorf("private key mode %04o, want 0600", st.Mode().Perm())
			}
			if _, err := sign.WriteKey(path, key); err == nil {
				t.Error("WriteKey replaced an existing key")
			}
			s, err := sign.LoadSigner(path)
			if err != nil {
				t.Fatal(err)
			}
			pub, err := sign.LoadPublicKey(pubPath)
			if err != nil {
				t.Fatal(err)
			}
			if kid, _ := sign.Thumbprint(pub); kid != s.KeyID() || s.Algorithm() != alg {
				t.Errorf("public key kid %s alg %s, signer %s %s", kid, alg, s.KeyID(), s.Algorithm())
			}
			if _, err := sign.LoadPrivateKey(pubPath); err == nil {
				t.Error("LoadPrivateKey accepted a public key")
			}
			if err := os.Chmod(path, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err = sign.LoadPrivateKey(path)
			if !errors.Is(err, sign.ErrKeyFileMode) {
				t.Fatalf("LoadPrivateKey(0644) = %v, want ErrKeyFileMode", err)
			}
			if !strings.Contains(err.Error(), "chmod 600") {
				t.Errorf("error %q does not say how to fix it", err)
			}
		})
	}
}

func TestParseJWKS(t *testing.T) {
	s := MustSigner(t, sign.ES256)
	pub, _ := json.Marshal(MustKeySet(t, s.Public()))
	set, err := sign.ParseJWKS(pub)
	if err != nil || len(set.Keys) != 1 || set.Keys[0].KeyID != s.KeyID() {
		t.Fatalf("ParseJWKS = %+v, %v", set, err)
	}
	key, _ := sign.GenerateKey(sign.EdDSA)
	priv, _ := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: key, KeyID: "x"}}})
	if _, err := sign.ParseJWKS(priv); err == nil {
		t.Error("ParseJWKS accepted a private key")
	}
}

// digestSigner stands for a KMS: it signs digests with a P-256 key and
// returns DER, as AWS KMS does.
type digestSigner struct {
	key   *ecdsa.PrivateKey
	calls int
}

func (d *digestSigner) Public() crypto.PublicKey { return d.key.Public() }
func (d *digestSigner) SignDigest(ctx context.Context, digest []byte) ([]byte, error) {
	d.calls++
	return ecdsa.SignASN1(rand.Reader, d.key, digest)
}

func TestRemoteSigner(t *testing.T) {
	k, _ := sign.GenerateKey(sign.ES256)
	ds := &digestSigner{key: k.(*ecdsa.PrivateKey)}
	s, err := sign.NewRemoteSigner(ds)
	if err != nil {
		t.Fatal(err)
	}
	jws := MustSign(t, s, MustPayload(t))
	if _, kid, err := sign.Verify(jws, MustKeySet(t, ds.Public())); err != nil || kid != s.KeyID() {
		t.Fatalf("Verify = %s, %v", kid, err)
	}
	if ds.calls != 1 {
		t.Errorf("SignDigest called %d times", ds.calls)
	}
}

func TestDERConversion(t *testing.T) {
	k, _ := sign.GenerateKey(sign.ES256)
	for range 50 { // some signatures have r or s shorter than 32 bytes
		der, _ := ecdsa.SignASN1(rand.Reader, k.(*ecdsa.PrivateKey), make([]byte, 32))
		raw, err := sign.DERToJOSE(der, 32)
		if err != nil || len(raw) != 64 {
			t.Fatalf("DERToJOSE = %d bytes, %v", len(raw), err)
		}
		back, err := sign.JOSEToDER(raw)
		if err != nil || !bytes.Equal(back, der) {
			t.Fatalf("JOSEToDER did not give back the DER signature")
		}
	}
	if _, err := sign.DERToJOSE([]byte{0x30, 0x01}, 32); err == nil {
		t.Error("DERToJOSE accepted garbage")
	}
}

// TestOpenSSL checks labrelay's signatures with an independent
// implementation.
func TestOpenSSL(t *testing.T) {
	for _, alg := range []string{sign.EdDSA, sign.ES256} {
		t.Run(alg, func(t *testing.T) {
			key, err := sign.GenerateKey(alg)
			if err != nil {
				t.Fatal(err)
			}
			pubPath, err := sign.WriteKey(filepath.Join(t.TempDir(), "k.pem"), key)
			if err != nil {
				t.Fatal(err)
			}
			s, err := sign.NewLocalSigner(key)
			if err != nil {
				t.Fatal(err)
			}
			signtest.MustVerifyOpenSSL(t, alg, pubPath, toCompact(t, MustSign(t, s, MustPayload(t))))
		})
	}
}

func FuzzVerify(f *testing.F) {
	s := MustSigner(f, sign.EdDSA)
	keys := MustKeySet(f, s.Public())
	jws := MustSign(f, s, MustPayload(f))
	f.Add(jws)
	f.Add(toCompact(f, jws))
	f.Add([]byte(`{"payload":"e30","signatures":[]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		payload, _, err := sign.Verify(in, keys)
		if err == nil && !bytes.Equal(payload, mustPayloadOf(t, jws)) {
			t.Fatalf("verified a payload that labrelay did not sign: %q", payload)
		}
	})
}

func mustPayloadOf(tb testing.TB, jws []byte) []byte {
	var j struct{ Payload string }
	json.Unmarshal(jws, &j)
	b, _ := base64.RawURLEncoding.DecodeString(j.Payload)
	return b
}
