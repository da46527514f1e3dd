package pipeline_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestImportsOnlyDomain: the pipeline orchestrates through the root
// package's ports; it must not depend on any adapter (ingest, publish,
// sign, untp…), which cmd wires in. internal/text, string helpers that
// import nothing of the module, is as the standard library.
func TestImportsOnlyDomain(t *testing.T) {
	const module = "github.com/labrelay/labrelay"
	out, err := exec.Command("go", "list", "-deps", module+"/pipeline").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	seen := 0
	for _, pkg := range strings.Fields(string(out)) {
		if pkg != module && strings.HasPrefix(pkg, module+"/") && pkg != module+"/pipeline" && pkg != module+"/internal/text" {
			t.Errorf("pipeline depends on %s; only %s (the domain) is allowed", pkg, module)
		}
		if pkg == module {
			seen++
		}
	}
	if seen != 1 {
		t.Errorf("go list -deps did not list %s: %q", module, out)
	}
}
