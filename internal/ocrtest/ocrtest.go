// Package ocrtest builds the OCR worker binary (cmd/labrelay-ocr) for the
// tests of packages that OCR, so that `go test ./...` works from a clean
// clone: labrelay finds the worker on PATH.
package ocrtest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// Setup builds labrelay-ocr into a temporary directory and puts that first
// on PATH (for this process and the processes it starts). The returned
// function removes the directory. A failed build (no Tesseract headers) is
// reported on stderr and leaves PATH alone: the tests that OCR then skip
// or fail on their own.
func Setup() (cleanup func()) {
	dir, err := os.MkdirTemp("", "labrelay-ocr-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "ocrtest:", err)
		return func() {}
	}
	cleanup = func() { os.RemoveAll(dir) }
	out, err := exec.Command("go", "build", "-o", filepath.Join(dir, "labrelay-ocr"), "github.com/labrelay/labrelay/cmd/labrelay-ocr").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "ocrtest: cannot build labrelay-ocr (OCR tests will not find it): %v\n%s", err, out)
		return cleanup
	}
	os.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return cleanup
}
