package main

import (
	"encoding/base64"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
)

// mustCLIKeys makes DIR/EdDSA.pem and DIR/ES256.pem with `labrelay keys
// generate` and returns the path of their JWKS.
func mustCLIKeys(t *testing.T, dir string) string {
	t.Helper()
	for _, alg := range []string{"EdDSA", "ES256"} {
		if _, stderr, code := runCLI(t, "keys", "generate", "--alg", alg, "--out", filepath.Join(dir, alg+".pem")); code != 0 {
			t.Fatalf("keys generate %s: %d %s", alg, code, stderr)
		}
	}
	jwks, _, _ := runCLI(t, "keys", "jwks", filepath.Join(dir, "EdDSA.pem"), filepath.Join(dir, "ES256.pem"))
	return mustWrite(t, filepath.Join(dir, "jwks.json"), []byte(jwks))
}

// inconclusiveRecord is the record at path with an inconclusive verdict.
func inconclusiveRecord(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r labrelay.Record
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	r.OverallResult = labrelay.VerdictInconclusive
	out, _ := json.Marshal(r)
	return out
}

func TestCredentialCLI(t *testing.T) {
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	// A fixture record with N.D. values and a fail, tied to its real file.
	srcPath := filepath.Join("..", "..", "fixtures", "testdata", "native", "sgs-rohs-fail-04.xml")
	recPath := filepath.Join("..", "..", "fixtures", "testdata", "native", "sgs-rohs-fail-04.expected.json")
	other := mustWrite(t, p("other.pdf"), []byte("%PDF-1.7 another report"))
	keys := mustCLIKeys(t, dir)

	vc, stderr, code := runCLI(t, "credential", "--key", p("EdDSA.pem"), "--source", srcPath,
		"--issuer", "did:web:reports.example.com", "--document-url", "https://files.example.com/{sha256}", recPath)
	if code != 0 {
		t.Fatalf("credential: exit %d: %s", code, stderr)
	}
	vcPath := mustWrite(t, p("vc.jwt"), []byte(vc))
	parts := strings.Split(strings.TrimSpace(vc), ".")
	if len(parts) != 3 {
		t.Fatalf("credential output is not a compact JWS: %q", vc)
	}
	body, _ := base64.RawURLEncoding.DecodeString(parts[1])
	if !strings.Contains(string(body), `"linkURL":"https://files.example.com/`+sha256Hex(t, srcPath)+`"`) ||
		!strings.Contains(string(body), `"value":"N.D."`) {
		t.Errorf("credential payload lacks the document link or a printed N.D.:\n%s", body)
	}
	tampered := strings.Replace(string(body), `"conformance":false`, `"conformance":true`, 1)
	tamperedPath := mustWrite(t, p("tampered.jwt"), []byte(parts[0]+"."+base64.RawURLEncoding.EncodeToString([]byte(tampered))+"."+parts[2]))

	// ES256 without --issuer: the did:key of the signing key.
	vcES, stderr, code := runCLI(t, "credential", "--key", p("ES256.pem"), "--source", srcPath, recPath)
	if code != 0 {
		t.Fatalf("credential ES256: exit %d: %s", code, stderr)
	}
	esPath := mustWrite(t, p("vc-es.jwt"), []byte(vcES))

	// A signed record still verifies beside credentials.
	signed, stderr, code := runCLI(t, "sign", "--key", p("EdDSA.pem"), "--source", srcPath, recPath)
	if code != 0 {
		t.Fatalf("sign: exit %d: %s", code, stderr)
	}
	signedPath := mustWrite(t, p("signed.json"), []byte(signed))

	inconclusive := mustWrite(t, p("inconclusive.json"), inconclusiveRecord(t, recPath))

	for _, tc := range []struct {
		name string
		args []string
		code int
		want string // in stdout (exit 0) or stderr
	}{
		{"valid credential", []string{"verify", vcPath, "--jwks", keys, "--source", srcPath}, 0, "valid: kid="},
		{"valid ES256 did:key", []string{"verify", esPath, "--jwks", keys}, 0, "issuer=did:key:zDn"},
		{"signed record", []string{"verify", signedPath, "--jwks", keys}, 0, "report_number="},
		{"tampered credential", []string{"verify", tamperedPath, "--jwks", keys}, 1, "invalid: signature does not match"},
		{"other source", []string{"verify", vcPath, "--jwks", keys, "--source", other}, 1, "invalid: source file does not match"},
		{"inconclusive refused", []string{"credential", "--key", p("EdDSA.pem"), "--source", srcPath, inconclusive}, 1, "neither pass nor fail"},
		{"issuer not a DID", []string{"credential", "--key", p("EdDSA.pem"), "--issuer", "https://x.example", recPath}, 2, "is not a DID"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := runCLI(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d; stdout %q stderr %q", code, tc.code, stdout, stderr)
			}
			got := stdout
			if code != 0 {
				got = stderr
			}
			if !strings.Contains(got, tc.want) || strings.Count(strings.TrimSpace(got), "\n") > 0 && code != 2 {
				t.Errorf("output %q, want one line containing %q", got, tc.want)
			}
		})
	}
	out, _, _ := runCLI(t, "verify", vcPath, "--jwks", keys)
	for _, want := range []string{"alg=EdDSA", "credential=urn:uuid:", "issuer=did:web:reports.example.com", "report_number=", "conformance=false"} {
		if !strings.Contains(out, want) {
			t.Errorf("verify output %q lacks %q", out, want)
		}
	}
}
