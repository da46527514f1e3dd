package ocr_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/labrelay/labrelay/extract/ocr"
	"github.com/labrelay/labrelay/fixtures/scan"
)

func TestOMPThreads(t *testing.T) {
	if os.Getenv("EXPLORE_OMP") == "" {
		t.Skip()
	}
	g, _ := scan.RenderText(scan.SampleReport()[:3], 150)
	r := &ocr.Reader{Languages: []string{"eng"}, SkipOrientation: true}
	defer r.Close()
	before := threads()
	if _, err := r.OCRPage(context.Background(), g, 150); err != nil {
		t.Fatal(err)
	}
	t.Logf("threads before %s after %s (env %q)", before, threads(), os.Getenv("OMP_THREAD_LIMIT"))
}

func threads() string {
	b, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "Threads:") {
			return strings.TrimSpace(l[8:])
		}
	}
	return ""
}
