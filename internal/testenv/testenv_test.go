package testenv_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labrelay/labrelay/internal/testenv"
)

func TestStrict(t *testing.T) {
	for _, tc := range []struct {
		name       string
		strict, ci string // "-" is unset
		want       bool
	}{
		{"nothing set", "-", "-", false},
		{"strict=1", "1", "-", true},
		{"strict=true", "true", "-", true},
		{"strict=0 beats CI", "0", "true", false},
		{"CI=true", "-", "true", true},
		{"CI=false", "-", "false", false},
		{"CI empty", "-", "", false},
		{"strict typo means on", "yes", "-", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			setOrUnset(t, testenv.EnvStrict, tc.strict)
			setOrUnset(t, "CI", tc.ci)
			if got := testenv.Strict(); got != tc.want {
				t.Errorf("Strict() = %v, want %v", got, tc.want)
			}
		})
	}
}

func setOrUnset(t *testing.T, k, v string) {
	t.Setenv(k, "") // restores the old value after the test
	if v == "-" {
		os.Unsetenv(k)
		return
	}
	os.Setenv(k, v)
}

func TestAllowed(t *testing.T) {
	for name, want := range map[string]bool{
		"TestRealCorpus":        true,
		"TestRealCorpus/sub":    true,
		"TestSchema/record":     true,
		"TestHTMLInChromium":    false,
		"TestRealCorpusAndMore": false,
	} {
		if got := testenv.Allowed(name); got != want {
			t.Errorf("Allowed(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestSkipOrFailChild is run by TestSkipOrFail as a child process, so that
// its skip or failure can be observed.
func TestSkipOrFailChild(t *testing.T) {
	if os.Getenv("TESTENV_CHILD") == "" {
		t.Skip("run by TestSkipOrFail")
	}
	testenv.SkipOrFail(t, "the tool is missing")
	t.Log("reached after SkipOrFail")
}

func TestSkipOrFail(t *testing.T) {
	for _, tc := range []struct {
		strict  string
		wantErr bool
		want    string
	}{
		{"0", false, "SKIP: TestSkipOrFailChild"},
		{"1", true, "--- FAIL: TestSkipOrFailChild"},
	} {
		cmd := exec.Command(os.Args[0], "-test.run", "^TestSkipOrFailChild$", "-test.v")
		cmd.Env = append(os.Environ(), "TESTENV_CHILD=1", testenv.EnvStrict+"="+tc.strict)
		out, err := cmd.CombinedOutput()
		if (err != nil) != tc.wantErr || !strings.Contains(string(out), tc.want) {
			t.Errorf("strict=%s: err %v, want %q in\n%s", tc.strict, err, tc.want, out)
		}
		if strings.Contains(string(out), "reached after SkipOrFail") {
			t.Errorf("strict=%s: the test went on after SkipOrFail\n%s", tc.strict, out)
		}
	}
}

func TestFindChromiumPrefersPath(t *testing.T) {
	dir := t.TempDir()
	fake := filepath.Join(dir, "chromium-browser")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
	got, err := testenv.FindChromium()
	if err != nil {
		t.Fatal(err)
	}
	if got != fake {
		t.Errorf("FindChromium() = %q, want %q", got, fake)
	}
}
