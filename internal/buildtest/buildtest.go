// Package buildtest builds the project's commands once per test binary,
// for tests that run them as processes.
package buildtest

import (
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sync"
	"testing"
)

var (
	mu    sync.Mutex
	dir   string
	built = map[string]result{}
)

type result struct {
	path string
	err  error
}

// Binary builds the command of import path pkg (once) and returns the
// binary's path; its name is the package's last element.
func Binary(tb testing.TB, pkg string) string {
	tb.Helper()
	mu.Lock()
	defer mu.Unlock()
	r, ok := built[pkg]
	if !ok {
		r = build(pkg)
		built[pkg] = r
	}
	if r.err != nil {
		tb.Fatal(r.err)
	}
	return r.path
}

func build(pkg string) result {
	if dir == "" {
		d, err := os.MkdirTemp("", "labrelay-bin-")
		if err != nil {
			return result{err: err}
		}
		dir = d
	}
	p := filepath.Join(dir, path.Base(pkg))
	if out, err := exec.Command("go", "build", "-o", p, pkg).CombinedOutput(); err != nil {
		return result{err: fmt.Errorf("go build %s: %v\n%s", pkg, err, out)}
	}
	return result{path: p}
}

// Cleanup removes what Binary built; call it from TestMain.
func Cleanup() {
	mu.Lock()
	defer mu.Unlock()
	if dir != "" {
		os.RemoveAll(dir)
	}
	dir, built = "", map[string]result{}
}
