package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/fixtures/layouts"
	"github.com/labrelay/labrelay/sqlite"
)

// TestRunReloadsExtraPacks: a pack dropped into extract.packs while `run`
// runs is used for the next report without a restart; a broken one is
// refused with its file and line and the previous set stays in use.
func TestRunReloadsExtraPacks(t *testing.T) {
	if testing.Short() {
		t.Skip("starts labrelay run: skipped with -short")
	}
	r := newCrashRig(t)
	packs := filepath.Join(r.Dir, "packs")
	if err := os.Mkdir(packs, 0o750); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(r.Dir, "labrelay.db")
	cfg := r.config(t, "w1", "sqlite: "+db)
	appendFile(t, cfg, "extract: {packs: "+packs+"}\n")
	a, err := layouts.Generate(3)
	if err != nil {
		t.Fatal(err)
	}
	b, err := layouts.Generate(4)
	if err != nil {
		t.Fatal(err)
	}
	p := r.start(t, labrelayBinary(t), cfg)
	p.url(t)
	waitLog(t, p, regexp.MustCompile(`msg="rule packs loaded"`))

	r.S3.MustPut(t, crashBucket, "in/a.pdf", a.PDF)
	if got := waitExtracted(t, db, "in/a.pdf"); got == "dropped" {
		t.Fatalf("a.pdf read by %s before the pack was dropped", got)
	}
	// A broken pack is refused, naming file and line.
	writeFile(t, filepath.Join(packs, "bad.yaml"), "name: bad\nversion: \"1\"\nextends: generic\nmatch: [X]\nfields:\n  issue_date:\n    - label: [Date]\n      type: dat\n")
	waitLog(t, p, regexp.MustCompile(`msg="rule packs refused; the previous set stays in use".*bad\.yaml:7.*issue_date\[0\]`))
	if err := os.Remove(filepath.Join(packs, "bad.yaml")); err != nil {
		t.Fatal(err)
	}
	pack := "name: dropped\nversion: \"1\"\nextends: generic\npriority: 5\nmatch: [" + quoteYAML(b.Truth.LabName) + "]\n"
	writeFile(t, filepath.Join(packs, "dropped.yaml"), pack)
	waitLog(t, p, regexp.MustCompile(`msg="rule packs loaded".*dropped@1`))

	r.S3.MustPut(t, crashBucket, "in/b.pdf", b.PDF)
	if got := waitExtracted(t, db, "in/b.pdf"); got != "dropped" {
		t.Errorf("b.pdf read by pack %q, want the dropped pack", got)
	}
	if err := p.term(t); err != nil {
		t.Errorf("exit after SIGTERM: %v", err)
	}
}

func appendFile(t *testing.T, path, s string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func quoteYAML(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// waitLog waits, at most 30 s, for a line matching re in the process log.
func waitLog(t *testing.T, p *proc, re *regexp.Regexp) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		data, _ := os.ReadFile(p.log)
		if re.Match(data) {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	data, _ := os.ReadFile(p.log)
	t.Fatalf("no log line matching %s in:\n%s", re, data)
}

// waitExtracted waits, at most 60 s, until the document of key has an
// extraction, and returns the rule pack that read it.
func waitExtracted(t *testing.T, db, key string) string {
	t.Helper()
	st := sqlite.New(db)
	if err := st.Open(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		docs, err := st.Documents(t.Context(), labrelay.DocumentQuery{})
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			if d.Source.Key == key && d.Extraction != nil {
				return d.Extraction.RulePack
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("%s not extracted within 60 s", key)
	return ""
}
