package e2e_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestStartupErrorsHideSecrets runs `labrelay run` with configs that fail
// at start (validation, an unreachable or malformed PostgreSQL DSN holding
// a password) and checks that what it prints names the problem but shows
// no secret.
func TestStartupErrorsHideSecrets(t *testing.T) {
	bin := labrelayBinary(t)
	dir := t.TempDir()
	pgPassword := "pg-SECRET-e2e-5Tn"
	env := map[string]string{
		"E2E_S3_SECRET":  secrets["E2E_S3_SECRET"],
		"E2E_DSP_SECRET": secrets["E2E_DSP_SECRET"],
		"E2E_CB_SECRET":  secrets["E2E_CB_SECRET"],
		"E2E_HOOK_TOKEN": secrets["E2E_HOOK_TOKEN"],
	}
	keyPath := filepath.Join(dir, "missing-key.pem")
	body := func(store, extra string) string {
		return `
store: {` + store + `}
logging: {format: json, level: debug}
sources:
  - {name: lab, endpoint: "http://127.0.0.1:1", access_key: ak, secret_key: "${E2E_S3_SECRET}", bucket: b, path_style: true}
notifications: {webhook: {path: /hook, token: "${E2E_HOOK_TOKEN}"}}
signer: {key_file: ` + keyPath + `}
destination: {base_url: "http://127.0.0.1:1", client_id: c, client_secret: "${E2E_DSP_SECRET}"}
callback: {path: /cb, secret: "${E2E_CB_SECRET}"}
` + extra
	}
	cases := []struct {
		name, config, want string
	}{
		{"invalid config", body(`sqlite: `+filepath.Join(dir, "a.db"), "workers: {fetch: 0}\nhttp: {addr: \"\"}\n"), "workers.fetch"},
		{"unreachable postgres", body(`postgres: "postgres://labrelay:`+pgPassword+`@127.0.0.1:1/labrelay?connect_timeout=2"`, ""), "postgres"},
		{"malformed postgres DSN", body(`postgres: "postgres://labrelay:`+pgPassword+`@127.0.0.1:notaport/labrelay"`, ""), "postgres"},
		{"postgres key=value DSN", body(`postgres: "host=127.0.0.1 port=1 user=labrelay password=`+pgPassword+` dbname=x connect_timeout=2"`, ""), "postgres"},
		{"missing signing key", body(`sqlite: `+filepath.Join(dir, "b.db"), ""), "signer"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".yaml")
			if err := os.WriteFile(path, []byte(tc.config), 0o600); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(bin, "run", "--config", path)
			cmd.Env = os.Environ()
			for k, v := range env {
				cmd.Env = append(cmd.Env, k+"="+v)
			}
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("labrelay run started; want a start-up error\n%s", out)
			}
			if !strings.Contains(strings.ToLower(string(out)), tc.want) {
				t.Errorf("output does not name %q:\n%s", tc.want, out)
			}
			for name, v := range env {
				if bytes.Contains(out, []byte(v)) {
					t.Errorf("output shows %s:\n%s", name, out)
				}
			}
			if bytes.Contains(out, []byte(pgPassword)) {
				t.Errorf("output shows the PostgreSQL password:\n%s", out)
			}
			t.Logf("%s", bytes.TrimSpace(out))
		})
	}
}
