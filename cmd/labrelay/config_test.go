package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func env(vars map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := vars[k]
		return v, ok
	}
}

// TestExampleConfig: the commented example parses and validates, with its
// secrets from the environment.
func TestExampleConfig(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	f, err := os.Open(filepath.Join(filepath.Dir(file), "..", "..", "etc", "labrelay.example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := parseConfig(f, env(map[string]string{
		"SGS_ACCESS_KEY": "AKIA", "SGS_SECRET_KEY": "s3cr3t", "LABRELAY_WEBHOOK_TOKEN": "tok",
		"LABRELAY_DSP_CLIENT_SECRET": "dsp", "LABRELAY_DSP_CALLBACK_SECRET": "cb",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Sources[0].SecretKey, "s3cr3t"; got != want {
		t.Errorf("secret key = %q, want %q", got, want)
	}
	if got, want := len(c.Sources), 2; got != want {
		t.Errorf("%d sources, want %d", got, want)
	}
	if got, want := time.Duration(c.Workers.LeaseTTL), time.Minute; got != want {
		t.Errorf("lease_ttl = %s, want %s", got, want)
	}
	if got, want := int64(c.Limits.MaxSize), int64(50<<20); got != want {
		t.Errorf("max_size = %d, want %d", got, want)
	}
}

const minimal = `
store: {sqlite: /tmp/x.db}
sources: [{name: a, bucket: b}]
signer: {key_file: k.pem}
destination: {base_url: "http://127.0.0.1:1"}
`

func TestConfigDefaults(t *testing.T) {
	c, err := parseConfig(strings.NewReader(minimal), env(nil))
	if err != nil {
		t.Fatal(err)
	}
	d := DefaultConfig()
	if c.Workers != d.Workers || c.HTTP != d.HTTP || c.Notifications.PollInterval != d.Notifications.PollInterval {
		t.Errorf("defaults not kept: %+v", c)
	}
}

// TestConfigErrors: every error names the field.
func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, want string
	}{
		{"no store", `sources: [{name: a, bucket: b}]
signer: {key_file: k}
destination: {base_url: "http://x"}`, "store: set sqlite"},
		{"two stores", strings.Replace(minimal, "sqlite: /tmp/x.db", "sqlite: a, postgres: b", 1), "store: set only one"},
		{"missing var", minimal + "\ncallback: {path: /cb, secret: '${NOPE}'}", "NOPE (line 7) is not set"},
		{"unknown key", minimal + "\nworkerz: {}", "workerz"},
		{"bad duration", minimal + "\nworkers: {lease_ttl: soon}", "not a duration"},
		{"bad size", minimal + "\nlimits: {max_size: lots}", "want a positive number"},
		{"no bucket", strings.Replace(minimal, "bucket: b", "prefix: p", 1), "sources[0].bucket: required"},
		{"half keys", strings.Replace(minimal, "bucket: b", "bucket: b, access_key: x", 1), "sources[0].secret_key"},
		{"bad url", strings.Replace(minimal, `"http://127.0.0.1:1"`, "ftp://x", 1), "destination.base_url"},
		{"no signer", strings.Replace(minimal, "signer: {key_file: k.pem}", "", 1), "signer: set key_file"},
		{"callback without secret", minimal + "\ncallback: {path: /cb}", "callback.secret"},
		{"timeout over lease", minimal + "\nworkers: {lease_ttl: 10s}\n", "destination.timeout"},
		{"zero workers", minimal + "\nworkers: {extract: 0}", "workers.extract"},
		{"bad level", minimal + "\nlogging: {level: loud}", "logging.level"},
		{"webhook path", minimal + "\nnotifications: {webhook: {path: hooks}}", "notifications.webhook.path"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseConfig(strings.NewReader(tc.yaml), env(nil))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one containing %q", err, tc.want)
			}
		})
	}
}

func TestConfigExpansion(t *testing.T) {
	c, err := parseConfig(strings.NewReader(minimal+"\ncallback: {path: /cb, secret: 'a$$b${S}'}"), env(map[string]string{"S": "-x"}))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.Callback.Secret, "a$b-x"; got != want {
		t.Errorf("secret = %q, want %q", got, want)
	}
}

// TestConfigExtractPacks: extract.packs must name a directory.
func TestConfigExtractPacks(t *testing.T) {
	dir := t.TempDir()
	c, err := parseConfig(strings.NewReader(minimal+"\nextract: {packs: "+dir+"}"), env(nil))
	if err != nil || c.Extract.Packs != dir {
		t.Fatalf("extract.packs %q: %v, %q", dir, err, c.Extract.Packs)
	}
	_, err = parseConfig(strings.NewReader(minimal+"\nextract: {packs: "+filepath.Join(dir, "nope")+"}"), env(nil))
	if err == nil || !strings.Contains(err.Error(), "extract.packs") {
		t.Errorf("a missing directory: %v, want an error naming extract.packs", err)
	}
}
