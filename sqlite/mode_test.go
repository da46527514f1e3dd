package sqlite_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/labrelay/labrelay/sqlite"
)

// TestFilesPrivate: the database and its -wal and -shm files (they hold
// the reports' bytes) are 0600 whatever the umask, and an existing 0644
// file is narrowed (issue 17 finding 5: labrelay.db was created 0644).
func TestFilesPrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	defer syscall.Umask(old)
	dir := t.TempDir()
	path := filepath.Join(dir, "labrelay.db")
	open := func() {
		t.Helper()
		s := sqlite.New(path)
		if err := s.Open(t.Context()); err != nil {
			t.Fatal(err)
		}
		data := []byte("report bytes")
		sum := sha256.Sum256(data)
		if err := s.PutBlob(t.Context(), hex.EncodeToString(sum[:]), data); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{path, path + "-wal", path + "-shm"} {
			fi, err := os.Stat(f)
			if err != nil {
				t.Fatal(err)
			}
			if got := fi.Mode().Perm(); got != 0o600 {
				t.Errorf("%s: mode %#o, want 0600", filepath.Base(f), got)
			}
		}
		s.Close()
	}
	open()
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	open()
}
