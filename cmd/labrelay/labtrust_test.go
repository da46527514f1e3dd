package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-jose/go-jose/v4"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/fixtures"
	"github.com/labrelay/labrelay/sign"
	"github.com/labrelay/labrelay/sign/signtest"
)

func nativeSample(t *testing.T, ext string) fixtures.Sample {
	t.Helper()
	for _, s := range fixtures.Native(1) {
		if s.Ext == ext {
			return s
		}
	}
	t.Fatalf("no %s fixture", ext)
	return fixtures.Sample{}
}

// mustSignedSGS writes an SGS-style report signed (ECDSA-SHA256) by
// xmlsec1 with an openssl-made key, and returns its path and the path of
// the lab's certificate.
func mustSignedSGS(t *testing.T, dir, cn string) (report, cert string) {
	t.Helper()
	signed, _, cert := signtest.MustXMLSecSign(t, dir, nativeSample(t, "xml").Data, "</sgs:TestReport>", "ecdsa", "ecdsa-sha256", "/O=SGS-CSTC/CN="+cn)
	return mustWrite(t, filepath.Join(dir, "sgs-signed.xml"), signed), cert
}

func decodeExtraction(t *testing.T, out string) labrelay.Extraction {
	t.Helper()
	var x labrelay.Extraction
	if err := json.Unmarshal([]byte(out), &x); err != nil {
		t.Fatalf("output is not an extraction: %v\n%s", err, out)
	}
	return x
}

func TestExtractLabSignatureCLI(t *testing.T) {
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	report, cert := mustSignedSGS(t, dir, "SGS-CSTC Report Signing")
	_, otherCert := mustSignedSGS(t, t.TempDir(), "Someone Else")

	// A BV-style JSON report in a compact JWS (ES256), and its JWKS.
	bv := nativeSample(t, "json")
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: key}, (&jose.SignerOptions{}).WithHeader("kid", "bv-2026"))
	if err != nil {
		t.Fatal(err)
	}
	obj, err := signer.Sign(bv.Data)
	if err != nil {
		t.Fatal(err)
	}
	compact, _ := obj.CompactSerialize()
	jws := mustWrite(t, p("bv.jws"), []byte(compact))
	jwksJSON, _ := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: key.Public(), KeyID: "bv-2026", Algorithm: "ES256", Use: "sig"}}})
	jwks := mustWrite(t, p("bv-jwks.json"), jwksJSON)

	tests := []struct {
		name           string
		args           []string
		status, signer string
		review         bool
	}{
		{"XMLDSig verified", []string{"--lab-certs", cert, report}, labrelay.SignatureVerified, "SGS-CSTC Report Signing", false},
		{"XMLDSig unknown signer", []string{"--lab-certs", otherCert, report}, labrelay.SignatureInvalid, "", true},
		{"XMLDSig without lab certificates", []string{report}, labrelay.SignatureInvalid, "", true},
		{"compact JWS verified", []string{"--lab-jwks", jwks, jws}, labrelay.SignatureVerified, "bv-2026", false},
		{"compact JWS without JWKS", []string{jws}, labrelay.SignatureInvalid, "", true},
		{"unsigned JSON", []string{"--lab-jwks", jwks, mustWrite(t, p("bv.json"), bv.Data)}, labrelay.SignatureUnsigned, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, stderr, code := extractCLI(t, tt.args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			x := decodeExtraction(t, out)
			if x.LabSignature == nil || x.LabSignature.Status != tt.status || x.LabSignature.Signer != tt.signer {
				t.Errorf("lab_signature = %+v, want status %s, signer %q", x.LabSignature, tt.status, tt.signer)
			}
			if x.Review.Required != tt.review {
				t.Errorf("review required = %v (%v), want %v", x.Review.Required, x.Review.Reasons, tt.review)
			}
			if tt.status == labrelay.SignatureInvalid && x.Fields.ReportNumber != "" {
				t.Errorf("report_number %q read from a report whose signature is invalid", x.Fields.ReportNumber)
			}
			if tt.status != labrelay.SignatureInvalid && x.Fields.ReportNumber == "" {
				t.Error("no report_number read")
			}
		})
	}

	_, stderr, code := extractCLI(t, "--lab-certs", p("missing.pem"), report)
	if code == 0 || !strings.Contains(stderr, "--lab-certs") {
		t.Errorf("missing --lab-certs file: exit %d, stderr %q; want an error naming --lab-certs", code, stderr)
	}
}

// TestExtractSignVerify: `extract --sign KEY` prints a JWS that `verify`
// accepts with --source, and refuses to sign a record that needs review.
func TestExtractSignVerify(t *testing.T) {
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	report, cert := mustSignedSGS(t, dir, "SGS-CSTC Report Signing")
	if _, stderr, code := runCLI(t, "keys", "generate", "--out", p("k.pem")); code != 0 {
		t.Fatalf("keys generate: exit %d: %s", code, stderr)
	}
	jwks, _, code := runCLI(t, "keys", "jwks", p("k.pub.pem"))
	if code != 0 {
		t.Fatalf("keys jwks: exit %d", code)
	}
	jwksPath := mustWrite(t, p("jwks.json"), []byte(jwks))

	signed, stderr, code := extractCLI(t, "--sign", p("k.pem"), "--lab-certs", cert, report)
	if code != 0 {
		t.Fatalf("extract --sign: exit %d: %s", code, stderr)
	}
	signedPath := mustWrite(t, p("signed.json"), []byte(signed))
	out, stderr, code := runCLI(t, "verify", signedPath, "--jwks", jwksPath, "--source", report)
	if code != 0 || !strings.HasPrefix(out, "valid: ") || !strings.Contains(out, "report_number="+nativeSample(t, "xml").Expected.ReportNumber) {
		t.Fatalf("verify: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	v, err := sign.VerifyJWS([]byte(signed), mustJWKS(t, jwks))
	if err != nil {
		t.Fatal(err)
	}
	payload, err := sign.ParsePayload(v.Payload)
	if err != nil {
		t.Fatal(err)
	}
	if ls := payload.LabSignature; ls == nil || ls.Status != labrelay.SignatureVerified || ls.Signer != "SGS-CSTC Report Signing" {
		t.Errorf("signed lab_signature = %+v, want verified by SGS-CSTC Report Signing", ls)
	}

	other := mustWrite(t, p("other.xml"), nativeSample(t, "xml").Data)
	if _, stderr, code := runCLI(t, "verify", signedPath, "--jwks", jwksPath, "--source", other); code != 1 || !strings.Contains(stderr, "source file does not match") {
		t.Errorf("verify with another source: exit %d, stderr %q", code, stderr)
	}

	// Without the lab's certificate the signature is invalid: review, so
	// nothing is signed.
	out, stderr, code = extractCLI(t, "--sign", p("k.pem"), report)
	if code != 1 || out != "" || !strings.Contains(stderr, "needs review") || !strings.Contains(stderr, "the lab's signature is invalid") {
		t.Errorf("extract --sign of a record needing review: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
}

func mustJWKS(t *testing.T, data string) *jose.JSONWebKeySet {
	t.Helper()
	set, err := sign.ParseJWKS([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func TestConfigLabTrust(t *testing.T) {
	dir := t.TempDir()
	_, cert := mustSignedSGS(t, dir, "SGS-CSTC Report Signing")
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	jwksJSON, _ := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: key.Public(), KeyID: "bv-2026"}}})
	jwks := mustWrite(t, filepath.Join(dir, "bv.json"), jwksJSON)

	good := minimal + "lab_trust:\n" +
		"  - {lab: SGS, certificates: " + cert + "}\n" +
		"  - {lab: BV, jwks: " + jwks + ", require_signature: true}\n"
	c, err := parseConfig(strings.NewReader(good), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	trust, err := loadLabTrust(c.LabTrust)
	if err != nil {
		t.Fatal(err)
	}
	if got := trust["SGS"]; len(got.Certs) != 1 || got.Certs[0].Subject.CommonName != "SGS-CSTC Report Signing" || got.RequireSignature {
		t.Errorf("SGS trust = %+v", got)
	}
	if got := trust["BV"]; got.JWKS == nil || len(got.JWKS.Keys) != 1 || !got.RequireSignature {
		t.Errorf("BV trust = %+v", got)
	}

	for _, tt := range []struct{ name, yaml, want string }{
		{"no lab", "lab_trust: [{certificates: x.pem}]", "lab_trust[0].lab: required"},
		{"twice", "lab_trust: [{lab: SGS, certificates: a.pem}, {lab: sgs, jwks: b.json}]", `lab_trust[1].lab: "sgs" has two entries`},
		{"nothing to check", "lab_trust: [{lab: BV}]", "lab_trust[0]: set certificates"},
		{"unknown key", "lab_trust: [{lab: BV, jwk: b.json}]", "jwk"},
	} {
		if _, err := parseConfig(strings.NewReader(minimal+tt.yaml), env(nil)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want it to say %q", tt.name, err, tt.want)
		}
	}
	for _, tt := range []struct {
		name string
		list []LabTrustConfig
		want string
	}{
		{"missing file", []LabTrustConfig{{Lab: "SGS", Certificates: filepath.Join(dir, "none.pem")}}, "lab_trust[0].certificates:"},
		{"not PEM", []LabTrustConfig{{Lab: "SGS"}, {Lab: "BV", Certificates: jwks}}, "lab_trust[1].certificates: " + jwks + ": no PEM certificate"},
		{"not a JWKS", []LabTrustConfig{{Lab: "BV", JWKS: cert}}, "lab_trust[0].jwks: " + cert + ": not a JWK set"},
	} {
		if _, err := loadLabTrust(tt.list); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want it to say %q", tt.name, err, tt.want)
		}
	}
}
