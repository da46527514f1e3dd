package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labrelay/labrelay/review"
)

func TestUsersAdd(t *testing.T) {
	path := filepath.Join(t.TempDir(), "users.yaml")
	run := func(stdin string, args ...string) (string, error) {
		var out, errw bytes.Buffer
		m := &Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errw}
		err := m.Run(context.Background(), append([]string{"users"}, args...))
		return errw.String(), err
	}
	if msg, err := run("a long password\n", "add", "--file", path, "--role", "admin", "root"); err != nil {
		t.Fatalf("add root: %v %s", err, msg)
	}
	if _, err := run("short\n", "add", "--file", path, "alice"); err == nil {
		t.Error("a short password was accepted")
	}
	if _, err := run("a long password\n", "add", "--file", path, "--role", "owner", "alice"); err == nil {
		t.Error("role owner was accepted")
	}
	if _, err := run("", "-h"); err != nil {
		t.Errorf("users -h: %v, want the usage and exit 0", err)
	}
	u, err := review.NewUsersFile(path).User(context.Background(), "root")
	if err != nil || u.Role != review.RoleAdmin || !review.CheckPassword(u.PasswordHash, "a long password") {
		t.Fatalf("root = %+v, %v", u, err)
	}
}
