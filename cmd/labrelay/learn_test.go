package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labrelay/labrelay/fixtures/layouts"
	"github.com/labrelay/labrelay/rules"
)

// learnCLI runs `labrelay rules learn args…` in process.
func learnCLI(t *testing.T, args ...string) (stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut}
	if err := m.Run(t.Context(), append([]string{"rules", "learn"}, args...)); err != nil {
		code = 1
		var ee *ExitError
		if errors.As(err, &ee) {
			code = ee.Code
		}
	}
	return errOut.String(), code
}

// writeLayoutReport writes report n of layout seed and its record (as a bare
// record, or as a whole extract output with wrapped).
func writeLayoutReport(t *testing.T, dir string, seed, n uint64, wrapped bool) (pdfPath, recPath string) {
	t.Helper()
	d, err := layouts.Variant(seed, n)
	if err != nil {
		t.Fatal(err)
	}
	var rec any = d.Truth
	if wrapped {
		rec = map[string]any{"source": map[string]string{"file": d.Name + ".pdf"}, "fields": d.Truth}
	}
	js, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	pdfPath, recPath = filepath.Join(dir, d.Name+".pdf"), filepath.Join(dir, d.Name+".json")
	if err := os.WriteFile(pdfPath, d.PDF, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(recPath, js, 0o644); err != nil {
		t.Fatal(err)
	}
	return pdfPath, recPath
}

func TestRulesLearnCLI(t *testing.T) {
	dir := t.TempDir()
	packs := filepath.Join(dir, "packs")
	if err := os.Mkdir(packs, 0o755); err != nil {
		t.Fatal(err)
	}
	// Layout 4 (dotted captions, ruled table) is learned whole from two
	// reports, one record given as an extract output.
	a, ra := writeLayoutReport(t, dir, 4, 0, false)
	b, rb := writeLayoutReport(t, dir, 4, 1, true)
	out := filepath.Join(packs, "lab4.yaml")
	stderr, code := learnCLI(t, "--name", "lab4", "--packs", packs, "--out", out, a, ra, b, rb)
	if code != 0 {
		t.Fatalf("exit %d, want 0:\n%s", code, stderr)
	}
	for _, want := range []string{"report_number: learned", "issue_date: learned", "results: learned", "overall_result: learned"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if _, err := rules.FromDirs("", packs); err != nil {
		t.Fatalf("the written pack does not load: %v", err)
	}
	// A third report of the layout, not taught, is read by the pack.
	c, _ := writeLayoutReport(t, dir, 4, 2, false)
	x, err := (&extractorFlags{packs: packs}).buildFor(t, c)
	if err != nil {
		t.Fatal(err)
	}
	if x != "lab4" {
		t.Errorf("the next report is read by pack %q, want lab4", x)
	}

	// Bad input: a record that is not JSON, an odd argument count.
	if err := os.WriteFile(rb, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	if stderr, code := learnCLI(t, "--out", filepath.Join(dir, "x.yaml"), b, rb); code != 2 {
		t.Errorf("bad record: exit %d, want 2:\n%s", code, stderr)
	}
	if _, code := learnCLI(t, "--out", filepath.Join(dir, "x.yaml"), a); code != 2 {
		t.Errorf("REPORT without RECORD: exit %d, want 2", code)
	}
}

// TestRulesLearnNotReproduced: a record whose value the report does not
// print cannot be reproduced: exit 1, naming the field.
func TestRulesLearnNotReproduced(t *testing.T) {
	dir := t.TempDir()
	a, ra := writeLayoutReport(t, dir, 4, 0, false)
	data, err := os.ReadFile(ra)
	if err != nil {
		t.Fatal(err)
	}
	var rec map[string]any
	if err := json.Unmarshal(data, &rec); err != nil {
		t.Fatal(err)
	}
	rec["po_number"] = "PO-NOT-PRINTED-77"
	data, _ = json.Marshal(rec)
	if err := os.WriteFile(ra, data, 0o644); err != nil {
		t.Fatal(err)
	}
	stderr, code := learnCLI(t, "--out", filepath.Join(dir, "p.yaml"), a, ra)
	if code != 1 || !strings.Contains(stderr, "po_number: not learned") {
		t.Errorf("exit %d, want 1 naming po_number:\n%s", code, stderr)
	}
}

// buildFor extracts file with the flags and returns the rule pack used.
func (f *extractorFlags) buildFor(t *testing.T, file string) (string, error) {
	t.Helper()
	f.maxSize = 50 << 20
	ex, err := f.build()
	if err != nil {
		return "", err
	}
	defer ex.Close()
	x, err := ex.ExtractFile(t.Context(), file)
	if err != nil {
		return "", err
	}
	return x.RulePack, nil
}
