package ocr_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/labrelay/labrelay/extract/ocr"
)

func tokens(v any, out map[string]bool) {
	switch x := v.(type) {
	case string:
		for _, t := range strings.Fields(x) {
			out[t] = true
		}
	case []any:
		for _, e := range x {
			tokens(e, out)
		}
	case map[string]any:
		for k, e := range x {
			if k == "lab" || k == "category" || k == "overall_result" || k == "verdict" || strings.HasSuffix(k, "_date") {
				continue
			}
			tokens(e, out)
		}
	}
}

// TestMeasureRecall reports the share of the expected records' tokens
// found among the OCR words of the scan fixtures — the measure behind the
// Reader's defaults. MEASURE=1 runs it; MEASURE_MINDPI, MEASURE_THRESH and
// MEASURE_NODESKEW vary the settings.
func TestMeasureRecall(t *testing.T) {
	if os.Getenv("MEASURE") == "" {
		t.Skip()
	}
	requireTesseract(t)
	min, _ := strconv.ParseFloat(os.Getenv("MEASURE_MINDPI"), 64)
	r := &ocr.Reader{MinDPI: min, Thresholding: os.Getenv("MEASURE_THRESH"), SkipDeskew: os.Getenv("MEASURE_NODESKEW") != ""}
	defer r.Close()
	files, _ := filepath.Glob("../../fixtures/testdata/scan/*")
	var tot, hit int
	var took time.Duration
	for _, f := range files {
		if strings.HasSuffix(f, ".json") || !strings.Contains(f, os.Getenv("MEASURE_ONLY")) {
			continue
		}
		data, _ := os.ReadFile(f)
		js, _ := os.ReadFile(strings.TrimSuffix(f, filepath.Ext(f)) + ".expected.json")
		var v any
		json.Unmarshal(js, &v)
		want := map[string]bool{}
		tokens(v, want)
		start := time.Now()
		l, err := r.ReadLayout(t.Context(), data, "")
		if err != nil {
			t.Fatal(err)
		}
		took += time.Since(start)
		got := map[string]bool{}
		for _, p := range l.Pages {
			for _, row := range p.Rows {
				for _, w := range row.Words {
					got[w.Text] = true
				}
			}
		}
		h := 0
		for w := range want {
			if got[w] {
				h++
			}
		}
		tot += len(want)
		hit += h
		t.Logf("%-34s recall %d/%d", filepath.Base(f), h, len(want))
	}
	t.Logf("TOTAL recall %d/%d = %.3f in %v", hit, tot, float64(hit)/float64(tot), took.Round(time.Millisecond))
}
