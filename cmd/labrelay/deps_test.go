package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoDemoLinked: the production binary links no S3 server and no demo
// code (they live in cmd/labrelay-demo), nor test support.
func TestNoDemoLinked(t *testing.T) {
	for _, pkg := range deps(t) {
		if strings.Contains(pkg, "versity") || pkg == "github.com/labrelay/labrelay/s3server" || pkg == "github.com/labrelay/labrelay/demo" ||
			strings.HasSuffix(pkg, "test") && strings.HasPrefix(pkg, "github.com/labrelay/labrelay/internal/") {
			t.Errorf("cmd/labrelay links %s", pkg)
		}
	}
}

// TestNoSlowInitLinked: every package linked runs its init in every
// process, `labrelay help` included. These ones cost tens of milliseconds
// and are reachable through a convenience layer the binary does not need.
func TestNoSlowInitLinked(t *testing.T) {
	slow := map[string]string{
		"github.com/mattn/go-runewidth":    "builds 2 MB of width tables at init (~28 ms); pulled in by pdfcpu/pkg/api's form filler",
		"github.com/pdfcpu/pdfcpu/pkg/api": "links pdfcpu's form package and go-runewidth; use pdfcpu's core packages",
	}
	for _, pkg := range deps(t) {
		if why, ok := slow[pkg]; ok {
			t.Errorf("cmd/labrelay links %s: %s", pkg, why)
		}
	}
}

func deps(t *testing.T) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	return strings.Fields(string(out))
}
