package fault_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

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
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

var (
	binOnce sync.Once
	binDir  string
	binPath string
	binErr  error
)

// labrelayBinary builds cmd/labrelay once per test binary.
func labrelayBinary(tb testing.TB) string {
	tb.Helper()
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "labrelay-fault-")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "labrelay")
		out, err := exec.Command("go", "build", "-o", binPath, "github.com/labrelay/labrelay/cmd/labrelay").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		tb.Fatal(binErr)
	}
	return binPath
}
