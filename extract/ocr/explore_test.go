package ocr_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/ocr"
)

func TestExplore(t *testing.T) {
	requireTesseract(t)
	dir := os.Getenv("EXPLORE_DIR")
	if dir == "" {
		t.Skip()
	}
	r := &ocr.Reader{Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	if os.Getenv("EXPLORE_THRESH") != "" {
		r.Thresholding = os.Getenv("EXPLORE_THRESH")
	}
	defer r.Close()
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	for _, f := range files {
		if strings.HasSuffix(f, ".json") || !strings.Contains(f, os.Getenv("EXPLORE_ONLY")) {
			continue
		}
		data, _ := os.ReadFile(f)
		start := time.Now()
		l, err := r.ReadLayout(context.Background(), data, "")
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		var rec labrelay.Record
		exp, _ := os.ReadFile(strings.TrimSuffix(f, filepath.Ext(f)) + ".expected.json")
		json.Unmarshal(exp, &rec)
		var all strings.Builder
		for _, p := range l.Pages {
			for _, row := range p.Rows {
				all.WriteString(row.Text() + "\n")
			}
		}
		text := all.String()
		checks := []string{rec.ReportNumber, rec.ApplicantName, rec.ProductName, rec.ModelNumber, rec.SignatoryName}
		found := 0
		var missing []string
		for _, c := range checks {
			if c == "" || strings.Contains(text, c) {
				found++
			} else {
				missing = append(missing, c)
			}
		}
		t.Logf("%s: pages=%d %v found %d/%d missing %q", filepath.Base(f), len(l.Pages), time.Since(start).Round(time.Millisecond), found, len(checks), missing)
		if os.Getenv("EXPLORE_DUMP") != "" {
			t.Log(text)
		}
	}
}
