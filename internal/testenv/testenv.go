package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// EnvStrict turns strict mode on (1, true) or off (0, false). When it is
// unset, a non-empty CI variable (set by CI services) turns it on.
const EnvStrict = "LABRELAY_STRICT"

// Strict reports whether a test that cannot find what it needs fails
// instead of skipping.
func Strict() bool {
	if v, ok := os.LookupEnv(EnvStrict); ok {
		b, err := strconv.ParseBool(v)
		return err != nil || b // a value that is not a bool is a typo for "on"
	}
	ci := os.Getenv("CI")
	return ci != "" && ci != "0" && ci != "false"
}

// allowed names the tests (top-level name, the part before any /) that may
// skip in strict mode, and why. Keep it short: every entry is something CI
// does not check.
var allowed = map[string]string{
	// eval: the real reports live in ../shared/corpus, outside the
	// repository, and are not redistributable.
	"TestRealCorpus": "real corpus outside the repository",
	// untp: the official UNTP DCC schema (GPL-3.0) is read in place from
	// ../shared/untp, never copied into the project.
	"TestSchema":        "UNTP schema outside the repository",
	"TestSchemaRejects": "UNTP schema outside the repository",
}

// Allowed reports whether the test named name may skip in strict mode.
func Allowed(name string) bool {
	top, _, _ := strings.Cut(name, "/")
	_, ok := allowed[top]
	return ok
}

// SkipOrFail skips tb with reason, or fails it in strict mode unless the
// test is on the allow-list.
func SkipOrFail(tb testing.TB, reason string) {
	tb.Helper()
	if Strict() && !Allowed(tb.Name()) {
		tb.Fatalf("%s (strict mode, %s or CI is set: a missing dependency fails the test; bash scripts/deps.sh installs them)", reason, EnvStrict)
	}
	tb.Skip(reason)
}

// SkipOrFailf is SkipOrFail with a format.
func SkipOrFailf(tb testing.TB, format string, args ...any) {
	tb.Helper()
	SkipOrFail(tb, fmt.Sprintf(format, args...))
}

// MustTool returns the path of the program name on PATH, or skips (fails
// in strict mode) saying what provides it.
func MustTool(tb testing.TB, name, provider string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		SkipOrFailf(tb, "%s not found on PATH (%s)", name, provider)
	}
	return p
}

// chromiumNames are looked up on PATH in this order, before the Debian
// package's path.
var chromiumNames = []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}

// debianChromium is where Debian's chromium package puts the browser.
const debianChromium = "/usr/bin/chromium"

// FindChromium returns a Chromium or Chrome executable: the first of
// chromium, chromium-browser, google-chrome on PATH, else Debian's path.
func FindChromium() (string, error) {
	for _, n := range chromiumNames {
		if p, err := exec.LookPath(n); err == nil {
			return p, nil
		}
	}
	if _, err := os.Stat(debianChromium); err != nil {
		return "", fmt.Errorf("none of %s on PATH, and %w", strings.Join(chromiumNames, ", "), err)
	}
	return debianChromium, nil
}

// MustChromium returns FindChromium's browser, or skips (fails in strict
// mode).
func MustChromium(tb testing.TB) string {
	tb.Helper()
	p, err := FindChromium()
	if err != nil {
		SkipOrFailf(tb, "Chromium not found: %v", err)
	}
	return p
}
