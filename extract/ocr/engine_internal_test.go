package ocr

import (
	"os"
	"strconv"
	"testing"

	"github.com/labrelay/labrelay/fixtures/scan"
)

// TestMeasureClientLeak reports how much C heap a gosseract client keeps
// per recognised page (its result iterator and word strings are never
// freed): the measure behind recycleAfter. MEASURE=1 runs it;
// MEASURE_PAGES sets the page count (default 20).
func TestMeasureClientLeak(t *testing.T) {
	if os.Getenv("MEASURE") == "" {
		t.Skip()
	}
	n, _ := strconv.Atoi(os.Getenv("MEASURE_PAGES"))
	n = max(n, 20)
	g, err := scan.RenderText(scan.SampleReport(), 300)
	if err != nil {
		t.Fatal(err)
	}
	e, err := newEngine([]string{"eng", "chi_sim"}, "0")
	if err != nil {
		t.Skip(err)
	}
	defer e.close()
	ws, err := e.recognize(g, 300) // warm
	if err != nil {
		t.Fatal(err)
	}
	before := cHeapMB()
	for range n {
		if _, err := e.recognize(g, 300); err != nil {
			t.Fatal(err)
		}
	}
	after := cHeapMB()
	t.Logf("%d pages of %d words: C heap in use %.2f → %.2f MB, %.1f kB a page", n, len(ws), before, after, (after-before)*1024/float64(n))
}
