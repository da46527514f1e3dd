package main

import (
	"os"
	"testing"

	"github.com/labrelay/labrelay/internal/buildtest"
	"github.com/labrelay/labrelay/internal/ocrtest"
	"github.com/labrelay/labrelay/internal/pgtest"
	"github.com/labrelay/labrelay/internal/s3test"
)

// TestMain serves as the S3 server child of s3test, and stops pgtest's
// cluster and removes the built binary after the tests.
func TestMain(m *testing.M) {
	if s3test.IsChild() {
		s3test.Main(m)
	}
	cleanup := ocrtest.Setup() // labrelay-ocr on PATH for the OCR tests
	code := pgtest.Main(m)
	cleanup()
	buildtest.Cleanup()
	os.Exit(code)
}
