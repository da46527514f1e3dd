package e2e_test

import (
	"os"
	"testing"

	"github.com/labrelay/labrelay/internal/buildtest"
	"github.com/labrelay/labrelay/internal/ocrtest"
	"github.com/labrelay/labrelay/internal/s3test"
)

// TestMain serves as the S3 server child of s3test and removes the built
// binary after the tests.
func TestMain(m *testing.M) {
	if s3test.IsChild() {
		s3test.Main(m)
	}
	cleanup := ocrtest.Setup() // labrelay-ocr on PATH for the scanned page
	code := m.Run()
	cleanup()
	buildtest.Cleanup()
	os.Exit(code)
}

// labrelayBinary builds cmd/labrelay once per test binary.
func labrelayBinary(tb testing.TB) string {
	tb.Helper()
	return buildtest.Binary(tb, "github.com/labrelay/labrelay/cmd/labrelay")
}
