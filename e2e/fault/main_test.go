package fault_test

import (
	"os"
	"testing"

	"github.com/labrelay/labrelay/internal/buildtest"
	"github.com/labrelay/labrelay/internal/pgtest"
	"github.com/labrelay/labrelay/internal/s3test"
)

// TestMain serves as the S3 server child of s3test, stops the PostgreSQL
// cluster after the tests and removes the built binary.
func TestMain(m *testing.M) {
	if s3test.IsChild() {
		s3test.Main(m)
	}
	code := pgtest.Main(m)
	buildtest.Cleanup()
	os.Exit(code)
}

// labrelayBinary builds cmd/labrelay once per test binary.
func labrelayBinary(tb testing.TB) string {
	tb.Helper()
	return buildtest.Binary(tb, "github.com/labrelay/labrelay/cmd/labrelay")
}
