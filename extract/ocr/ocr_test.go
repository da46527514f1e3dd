package ocr_test

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"testing"

	"github.com/otiai10/gosseract/v2"
)

func TestMain(m *testing.M) {
	// Without it Tesseract's OpenMP threads thrash: 17 s instead of 2.2 s a
	// page on two cores. libgomp reads it when it loads, so os.Setenv is too
	// late: run the test binary again with it in the environment.
	if os.Getenv("OMP_THREAD_LIMIT") != "1" {
		exe, err := os.Executable()
		if err == nil {
			err = syscall.Exec(exe, os.Args, append(os.Environ(), "OMP_THREAD_LIMIT=1"))
		}
		fmt.Fprintln(os.Stderr, "re-exec with OMP_THREAD_LIMIT=1:", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// requireTesseract skips when Tesseract or a language model is missing,
// and fails instead when CI asks for the real thing.
func requireTesseract(tb testing.TB) {
	tb.Helper()
	langs, _ := gosseract.GetAvailableLanguages()
	have := map[string]bool{}
	for _, l := range langs {
		have[l] = true
	}
	_, err := exec.LookPath("tesseract")
	if err == nil && have["eng"] && have["chi_sim"] {
		return
	}
	msg := "tesseract with eng and chi_sim models is not installed (make deps)"
	if os.Getenv("CI") != "" {
		tb.Fatal(msg)
	}
	tb.Skip(msg)
}
