package ocr_test

import (
	"os"
	"os/exec"
	"testing"

	"github.com/otiai10/gosseract/v2"
)

func TestMain(m *testing.M) {
	// Without it Tesseract's OpenMP threads thrash: 17 s instead of 2.2 s a
	// page on two cores. Set before any engine exists.
	os.Setenv("OMP_THREAD_LIMIT", "1")
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
