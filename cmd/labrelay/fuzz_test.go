package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"go.yaml.in/yaml/v3"
)

// fuzzSecret is what every ${VAR} of a fuzzed config expands to.
const fuzzSecret = "fuzz-secret-Zq8"

// FuzzParseConfig: any bytes give a Config or an error, never a panic; a
// Config that parses is valid, and written back as YAML it parses to the
// same Config.
func FuzzParseConfig(f *testing.F) {
	_, file, _, _ := runtime.Caller(0)
	if data, err := os.ReadFile(filepath.Join(filepath.Dir(file), "..", "..", "etc", "labrelay.example.yaml")); err == nil {
		f.Add(data)
	}
	f.Add([]byte(minimal))
	f.Add([]byte("store: {sqlite: a.db}\nlimits: {max_size: 9999999999999GB}\nworkers: {lease_ttl: -1s}\n"))
	f.Add([]byte("a: &a [*a, *a]\nb: &b [*a, *a]\nstore: *b\n"))
	f.Add([]byte("store: {sqlite: ${A}$${B}}\n"))
	f.Add([]byte(""))
	lookup := func(string) (string, bool) { return fuzzSecret, true }
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := parseConfig(bytes.NewReader(data), lookup)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("error without a message")
			}
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("parsed config fails Validate: %v", err)
		}
		out, err := yaml.Marshal(&c)
		if err != nil {
			t.Fatalf("marshal a parsed config: %v", err)
		}
		if bytes.Contains(out, []byte("$")) {
			return // would be expanded again
		}
		c2, err := parseConfig(bytes.NewReader(out), lookup)
		if err != nil {
			t.Fatalf("a parsed config written back does not parse: %v\n%s", err, out)
		}
		if d := cmp.Diff(c, c2, cmpopts.EquateEmpty()); d != "" {
			t.Fatalf("round trip changed the config (-first +second):\n%s\n%s", d, out)
		}
	})
}

// TestConfigErrorsHideSecrets: a config that fails validation never echoes
// the secrets its ${VAR}s expanded to.
func TestConfigErrorsHideSecrets(t *testing.T) {
	secrets := map[string]string{
		"S3_SECRET": "s3-Secret-Kq1", "DSP_SECRET": "dsp-Secret-Kq2", "CB_SECRET": "cb-Secret-Kq3",
		"PG_DSN": "postgres://labrelay:pg-Secret-Kq4@127.0.0.1:1/labrelay", "HOOK_TOKEN": "hook-Secret-Kq5",
	}
	cfg := `
store: {sqlite: a.db, postgres: "${PG_DSN}"}
http: {addr: ""}
logging: {format: xml}
sources:
  - {name: a, bucket: b, access_key: "", secret_key: "${S3_SECRET}", endpoint: "ftp://x"}
notifications: {webhook: {path: "hook", token: "${HOOK_TOKEN}"}}
destination: {base_url: "nope", client_id: x, client_secret: "${DSP_SECRET}", timeout: 1h}
callback: {path: cb, secret: "${CB_SECRET}"}
`
	_, err := parseConfig(strings.NewReader(cfg), env(secrets))
	if err == nil {
		t.Fatal("want validation errors")
	}
	for name, v := range secrets {
		for _, part := range []string{v, "pg-Secret-Kq4"} {
			if strings.Contains(part, "Secret") && strings.Contains(v, part) && strings.Contains(err.Error(), part) {
				t.Errorf("the error shows %s: %v", name, err)
			}
		}
	}
}
