package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/fixtures"
	"github.com/labrelay/labrelay/schema"
)

// extractCLI runs `labrelay extract args…` in process.
func extractCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut}
	err := m.Run(t.Context(), append([]string{"extract"}, args...))
	if err != nil {
		code = 1
		var ee *ExitError
		if errors.As(err, &ee) {
			code = ee.Code
		}
	}
	return out.String(), errOut.String(), code
}

func TestExtractCLI(t *testing.T) {
	for _, f := range fixtures.NativeFiles(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			out, errOut, code := extractCLI(t, f)
			if code != 0 || errOut != "" {
				t.Fatalf("exit %d, stderr %q", code, errOut)
			}
			if err := schema.ValidateExtraction([]byte(out)); err != nil {
				t.Fatalf("output fails the schema: %v", err)
			}
			var got labrelay.Extraction
			if err := json.Unmarshal([]byte(out), &got); err != nil {
				t.Fatal(err)
			}
			want, err := fixtures.LoadExpected(fixtures.ExpectedPath(f))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got.Fields); diff != "" {
				t.Errorf("fields differ (-want +got):\n%s", diff)
			}
		})
	}
}

func TestExtractCLIErrors(t *testing.T) {
	dir := t.TempDir()
	sample := fixtures.NativeFiles(t)[0]
	write := func(name, data string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	badMappings := filepath.Join(dir, "bad")
	_ = os.Mkdir(badMappings, 0o755)
	write("bad/x.yaml", "format: csv\n")
	tests := []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no file", nil, 2, "need exactly one FILE"},
		{"bad format", []string{"--format", "xml", sample}, 2, "unknown format"},
		{"bad size", []string{"--max-size", "lots", sample}, 2, "max-size"},
		{"missing", []string{filepath.Join(dir, "nope.xml")}, 2, "cannot read nope.xml"},
		{"empty", []string{write("empty.xml", "")}, 2, "empty file"},
		{"oversize", []string{"--max-size", "1KB", sample}, 2, "over the 1 KB limit"},
		{"bad mappings", []string{"--mappings", badMappings, sample}, 1, "format must be xml or json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := extractCLI(t, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, errOut, tt.code, tt.stderr)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing", out)
			}
		})
	}
}

// TestExtractBinary builds the real binary and runs it on hostile inputs
// from another directory: exit 2, one line on stderr, nothing on stdout,
// each within a second of CPU time (wall time on a loaded machine says
// little; a hang is caught by the 10 s deadline).
func TestExtractBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	dir := t.TempDir()
	bin := labrelayBinary(t)
	laughs := `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">` +
		`<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">` +
		`<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><lolz>&lol3;</lolz>`
	inputs := map[string]string{
		"xxe.xml": `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` +
			`<sgs:TestReport xmlns:sgs="urn:sgs:report:2"><sgs:Header><sgs:ReportNo>&xxe;</sgs:ReportNo></sgs:Header></sgs:TestReport>`,
		"laughs.xml": laughs,
		"deep.json":  strings.Repeat("[", 100000) + strings.Repeat("]", 100000),
		"empty.pdf":  "",
		"a.out":      "\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00",
		"report.zip": "PK\x03\x04\x14\x00\x00\x00\x08\x00",
	}
	files := map[string]string{}
	for name, data := range inputs {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		files[name] = p
	}
	huge := filepath.Join(dir, "huge.json")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(200 << 20); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	files["huge.json"] = huge
	for name, p := range files {
		t.Run(name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, "extract", p)
			cmd.Dir = t.TempDir() // works from any directory
			cmd.Stdout, cmd.Stderr = &out, &errOut
			err := cmd.Run()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 2 {
				t.Fatalf("exit: %v, want status 2 (stderr %q)", err, errOut.String())
			}
			if cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(); cpu > time.Second {
				t.Errorf("used %v of CPU, want under 1 s", cpu)
			}
			if out.Len() != 0 {
				t.Errorf("stdout %q, want nothing", out.String())
			}
			lines := strings.Split(strings.TrimSuffix(errOut.String(), "\n"), "\n")
			if len(lines) != 1 || lines[0] == "" {
				t.Errorf("stderr %q, want one line", errOut.String())
			}
			if strings.Contains(errOut.String(), "root:") {
				t.Errorf("stderr leaks /etc/passwd: %q", errOut.String())
			}
		})
	}
	// And a good report, from another directory, exits 0 with JSON.
	cmd := exec.CommandContext(t.Context(), bin, "extract", fixtures.NativeFiles(t)[0])
	cmd.Dir = t.TempDir()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("extract fixture: %v", err)
	}
	if err := schema.ValidateExtraction(out); err != nil {
		t.Errorf("output fails the schema: %v", err)
	}
}
