package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/labrelay/labrelay/batch"
)

// TestSecureCookiesDefault: review cookies are Secure unless the file
// turns them off in so many words (issue 17 finding 5).
func TestSecureCookiesDefault(t *testing.T) {
	for _, tc := range []struct {
		name, extra string
		want        bool
	}{
		{"unset", "", true},
		{"review section without it", "\nreview: {claim_ttl: 10m}", true},
		{"explicit false", "\nreview: {secure_cookies: false}", false},
		{"explicit true", "\nreview: {secure_cookies: true}", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := parseConfig(strings.NewReader(minimal+tc.extra), env(nil))
			if err != nil {
				t.Fatal(err)
			}
			if got := reviewSettings(c.Review).SecureCookies; got != tc.want {
				t.Errorf("secure cookies = %v, want %v", got, tc.want)
			}
		})
	}
}

// TestStoreFilesPrivate: the directory run makes for the SQLite file is
// 0700 and the file 0600 (issue 17 finding 5).
func TestStoreFilesPrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := filepath.Join(t.TempDir(), "var", "relay")
	st, err := openStore(t.Context(), StoreConfig{SQLite: filepath.Join(dir, "labrelay.db")})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for path, want := range map[string]os.FileMode{dir: 0o700, filepath.Join(dir, "labrelay.db"): 0o600} {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %#o, want %#o", path, got, want)
		}
	}
}

// TestTerminalEscapes: S3 keys and reasons reach the terminal with their
// control characters escaped, in the batch summary and in a command's
// error line (issue 17 finding 5).
func TestTerminalEscapes(t *testing.T) {
	const evil = "s3://lab/\x1b]0;owned\x07report\r\nlabrelay: forged line.pdf"
	var out strings.Builder
	printBatchSummary(&out, &batch.Summary{
		Errors:    []string{"list " + evil + ": refused"},
		Attention: []batch.Item{{Kind: "failed", DocumentID: 7, Source: evil, State: "failed", Message: "could not read " + evil}},
	})
	m := &Main{Stdout: io.Discard, Stderr: &out}
	m.Run(t.Context(), []string{"extract", filepath.Join(t.TempDir(), "\x1b[2Jmissing\x1b]0;x\x07.pdf")})
	got := out.String()
	for _, bad := range []string{"\x1b", "\x07", "\r"} {
		if strings.Contains(got, bad) {
			t.Errorf("terminal output holds %q:\n%s", bad, got)
		}
	}
	if !strings.Contains(got, `\x1b]0;owned\x07report`) || !strings.Contains(got, `\x1b[2Jmissing`) {
		t.Errorf("escaped key not shown:\n%s", got)
	}
}
