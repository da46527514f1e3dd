package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/sign"
)

// runCLI runs labrelay with args and returns stdout, stderr and the exit
// status.
func runCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut}
	err := m.Run(t.Context(), args)
	code := 0
	if err != nil {
		code = 1
		var ee *ExitError
		if errors.As(err, &ee) {
			code = ee.Code
		}
	}
	return out.String(), errOut.String(), code
}

func mustWrite(t *testing.T, path string, data []byte) string {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// extractionOf is the JSON of an extraction of the file at source.
func extractionOf(t *testing.T, source string) []byte {
	t.Helper()
	ext := labrelay.Extraction{
		Source: labrelay.Source{File: "report.pdf", SHA256: sha256Hex(t, source), MediaType: "application/pdf"},
		Path:   labrelay.PathPDFText,
		Fields: labrelay.Record{ReportNumber: "SHAEC2605001234", Lab: labrelay.LabSGS,
			Results: []labrelay.ResultRow{{Item: "Lead (Pb)", Value: "N.D.", Verdict: labrelay.VerdictPass}}},
		RulesVersion: "r1", ExtractorVersion: "v0",
	}
	data, err := json.Marshal(ext)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestSignVerifyCLI(t *testing.T) {
	dir := t.TempDir()
	p := func(name string) string { return filepath.Join(dir, name) }
	source := mustWrite(t, p("report.pdf"), []byte("%PDF-1.7 lab report"))
	extPath := mustWrite(t, p("extract.json"), extractionOf(t, source))
	bare := mustWrite(t, p("record.json"), []byte(`{"report_number":"BV-1","lab":"BV"}`))

	for _, alg := range []string{"EdDSA", "ES256"} {
		if _, stderr, code := runCLI(t, "keys", "generate", "--alg", alg, "--out", p(alg+".pem")); code != 0 {
			t.Fatalf("keys generate %s: %d %s", alg, code, stderr)
		}
	}
	jwks, _, code := runCLI(t, "keys", "jwks", p("EdDSA.pem"), p("ES256.pub.pem"))
	if code != 0 {
		t.Fatalf("keys jwks: exit %d", code)
	}
	both := mustWrite(t, p("jwks.json"), []byte(jwks))
	onlyES, _, _ := runCLI(t, "keys", "jwks", p("ES256.pub.pem"))
	rotated := mustWrite(t, p("jwks-es.json"), []byte(onlyES))

	signed, stderr, code := runCLI(t, "sign", "--key", p("EdDSA.pem"), extPath)
	if code != 0 {
		t.Fatalf("sign: exit %d: %s", code, stderr)
	}
	signedPath := mustWrite(t, p("signed.json"), []byte(signed))
	signedBare, stderr, code := runCLI(t, "sign", "--key", p("ES256.pem"), "--source", source, bare)
	if code != 0 {
		t.Fatalf("sign bare record: exit %d: %s", code, stderr)
	}
	bareSigned := mustWrite(t, p("bare-signed.json"), []byte(signedBare))
	tampered := mustWrite(t, p("tampered.json"), bytes.Replace([]byte(signed), []byte(`"payload":"e`), []byte(`"payload":"f`), 1))
	otherSource := mustWrite(t, p("other.pdf"), []byte("%PDF-1.7 another report"))

	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     string // in stdout for 0, stderr otherwise
	}{
		{"valid", []string{"verify", signedPath, "--jwks", both, "--source", source}, 0, "valid: kid="},
		{"valid report number", []string{"verify", signedPath, "--jwks", both}, 0, "alg=EdDSA report_number=SHAEC2605001234"},
		{"bare record", []string{"verify", "--pub", p("ES256.pub.pem"), bareSigned}, 0, "alg=ES256 report_number=BV-1"},
		{"key removed after rotation", []string{"verify", signedPath, "--jwks", rotated}, 1, "invalid: unknown key id"},
		{"tampered", []string{"verify", tampered, "--jwks", both}, 1, "invalid: signature does not match: payload or header changed"},
		{"other source", []string{"verify", signedPath, "--jwks", both, "--source", otherSource}, 1, "invalid: source file does not match"},
		{"no keys", []string{"verify", signedPath}, 2, "--jwks"},
		{"bare record without source", []string{"sign", "--key", p("EdDSA.pem"), bare}, 1, "give --source"},
		{"extract with another source", []string{"sign", "--key", p("EdDSA.pem"), "--source", otherSource, extPath}, 1, "does not match"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runCLI(t, tt.args...)
			if code != tt.wantCode {
				t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.wantCode, stdout, stderr)
			}
			got := stdout
			if code != 0 {
				got = stderr
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("output %q, want it to contain %q", got, tt.want)
			}
			if code == 1 && strings.Count(strings.TrimSpace(stderr), "\n") != 0 {
				t.Errorf("reason is not one line: %q", stderr)
			}
		})
	}

	if err := os.Chmod(p("EdDSA.pem"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runCLI(t, "sign", "--key", p("EdDSA.pem"), extPath); code != 1 || !strings.Contains(stderr, "readable by group or others") {
		t.Errorf("sign with a 0644 key: exit %d, %q", code, stderr)
	}
}

func TestSignExtraction(t *testing.T) {
	dir := t.TempDir()
	key := filepath.Join(dir, "k.pem")
	if _, stderr, code := runCLI(t, "keys", "generate", "--out", key); code != 0 {
		t.Fatal(stderr)
	}
	src := []byte("<Report/>")
	ext := &labrelay.Extraction{Fields: labrelay.Record{ReportNumber: "R1"}}
	jws, err := signExtraction(t.Context(), key, ext, src)
	if err != nil {
		t.Fatal(err)
	}
	path := mustWrite(t, filepath.Join(dir, "s.json"), jws)
	srcPath := mustWrite(t, filepath.Join(dir, "r.xml"), src)
	if out, stderr, code := runCLI(t, "verify", path, "--pub", filepath.Join(dir, "k.pub.pem"), "--source", srcPath); code != 0 || !strings.Contains(out, "report_number=R1") {
		t.Errorf("verify: exit %d %s %s", code, out, stderr)
	}
}

func sha256Hex(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return signSHA256Hex(data)
}

var signSHA256Hex = sign.SHA256Hex
