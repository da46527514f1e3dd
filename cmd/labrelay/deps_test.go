package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoDemoLinked: the production binary links no S3 server and no demo
// code (they live in cmd/labrelay-demo).
func TestNoDemoLinked(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, pkg := range strings.Fields(string(out)) {
		if strings.Contains(pkg, "versity") || pkg == "github.com/labrelay/labrelay/s3server" || pkg == "github.com/labrelay/labrelay/demo" {
			t.Errorf("cmd/labrelay links %s", pkg)
		}
	}
}
