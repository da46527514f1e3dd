package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/eval"
	"github.com/labrelay/labrelay/extract/pdf"
	"github.com/labrelay/labrelay/rules"
)

func init() {
	register(&Command{
		Name:    "rules",
		Summary: "check rule packs: test against fixtures, trace one PDF, list packs",
		Usage: `Usage:
  labrelay rules test [PACK_DIR] [FIXTURE_DIR]
  labrelay rules trace [--rules DIR] FILE.pdf
  labrelay rules list [PACK_DIR]
  labrelay rules learn [--name NAME] [--packs DIR] --out FILE.yaml REPORT RECORD.json [...]

test runs the packs (PACK_DIR, default the built-in ones) over every PDF or
scan image of FIXTURE_DIR (default fixtures/testdata/pdf; the scans are in
fixtures/testdata/scan) that has <name>.expected.json,
and prints a per-field diff and precision/recall. It exits 1 when a wrong
value would have been auto-accepted.
trace prints the positioned rows of a PDF and how every rule fared, as JSON.
learn writes a pack for the layout of REPORT from its approved record
('labrelay rules learn -h').`,
		Run: runRules,
	})
}

func runRules(ctx context.Context, m *Main, args []string) error {
	c := commands["rules"]
	fs := m.newFlagSet(c)
	rulesDir := fs.String("rules", "", "rule pack directory for trace (default: built-in packs)")
	verbose := fs.Bool("v", false, "show review reasons too")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError(fs, "need a subcommand: test, trace or list")
	}
	sub := fs.Arg(0)
	if sub == "learn" {
		return rulesLearn(ctx, m, fs.Args()[1:])
	}
	// Flags may follow the subcommand too: rules test -v DIR, rules test -h.
	if err := parse(fs, fs.Args()[1:]); err != nil {
		return err
	}
	rest := fs.Args()
	switch sub {
	case "list":
		dir := ""
		if len(rest) > 0 {
			dir = rest[0]
		}
		eng, err := rules.FromDir(dir)
		if err != nil {
			return err
		}
		for _, p := range eng.Packs() {
			fmt.Fprintf(m.Stdout, "%-10s %s match=%q\n", p.Name, p.VersionString(), p.Match)
		}
		return nil
	case "test":
		dir, fixtures := "", filepath.Join("fixtures", "testdata", "pdf")
		if len(rest) > 0 {
			dir = rest[0]
		}
		if len(rest) > 1 {
			fixtures = rest[1]
		}
		return rulesTest(ctx, m, dir, fixtures, *verbose)
	case "trace":
		if len(rest) != 1 {
			return usageError(fs, "trace needs one PDF file")
		}
		return rulesTrace(ctx, m, *rulesDir, rest[0])
	}
	return usageError(fs, "unknown rules subcommand "+fs.Arg(0))
}

func rulesTest(ctx context.Context, m *Main, dir, fixtures string, verbose bool) error {
	ex, err := textExtractor(dir)
	if err != nil {
		return err
	}
	defer ex.Close()
	names, err := filepath.Glob(filepath.Join(fixtures, "*.expected.json"))
	if err != nil {
		return err
	}
	if len(names) == 0 {
		return &ExitError{Code: 2, Err: fmt.Errorf("no *.expected.json in %s", fixtures)}
	}
	sort.Strings(names)
	rep := eval.NewReport()
	for _, name := range names {
		base := strings.TrimSuffix(name, ".expected.json")
		truth, err := readExpected(name)
		if err != nil {
			return &ExitError{Code: 2, Err: err}
		}
		file := fixtureFile(base)
		x, err := ex.ExtractFile(ctx, file)
		if err != nil {
			rep.Skip(filepath.Base(file), err.Error())
			continue
		}
		rep.Add(filepath.Base(file), truth, x)
	}
	rep.Print(m.Stdout, true)
	if rep.WrongAccepted > 0 {
		return &ExitError{Code: 1}
	}
	_ = verbose
	return nil
}

// fixtureFile returns the input beside base.expected.json: base.pdf, or
// the scan fixture's image (base.png, .jpg, .tiff).
func fixtureFile(base string) string {
	for _, ext := range []string{".pdf", ".png", ".jpg", ".jpeg", ".tiff", ".tif"} {
		if _, err := os.Stat(base + ext); err == nil {
			return base + ext
		}
	}
	return base + ".pdf"
}

// readExpected reads an expected file: either a bare record or an extract
// output with the record under "fields".
func readExpected(path string) (*labrelay.Record, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var wrapped struct {
		Fields *labrelay.Record `json:"fields"`
	}
	if err := json.Unmarshal(data, &wrapped); err == nil && wrapped.Fields != nil {
		return wrapped.Fields, nil
	}
	var rec labrelay.Record
	if err := json.Unmarshal(data, &rec); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Base(path), err)
	}
	return &rec, nil
}

func rulesTrace(ctx context.Context, m *Main, dir, file string) error {
	eng, err := rules.FromDir(dir)
	if err != nil {
		return err
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return &ExitError{Code: 2, Err: err}
	}
	l, err := pdf.NewReader().ReadLayout(ctx, data, "application/pdf")
	if err != nil {
		if labrelay.IsInputError(err) {
			return &ExitError{Code: 2, Err: err}
		}
		return err
	}
	return writeTrace(ctx, m, eng, l)
}

// writeTrace prints the layout's pages, the extraction and the rule trace
// as one JSON object.
func writeTrace(ctx context.Context, m *Main, eng *rules.Engine, l *labrelay.Layout) error {
	x, tr, err := eng.AnalyzeDebug(ctx, l)
	if err != nil {
		return err
	}
	type pageInfo struct {
		Number int    `json:"number"`
		Path   string `json:"path"`
		Reason string `json:"reason,omitempty"`
		Rows   int    `json:"rows"`
	}
	pages := make([]pageInfo, len(l.Pages))
	for i, p := range l.Pages {
		pages[i] = pageInfo{p.Number, p.Path, p.Reason, len(p.Rows)}
	}
	enc := json.NewEncoder(m.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(map[string]any{"pages": pages, "extraction": x, "trace": tr})
}

var _ = pdf.DefaultMaxPages

// debugAnalyzer is the rules engine that also writes, for `extract
// --debug`, the positioned rows and the rule trace as one JSON object to w
// (standard error), so standard output keeps the spec's contract.
type debugAnalyzer struct {
	eng *rules.Engine
	w   io.Writer
}

func (d *debugAnalyzer) Analyze(ctx context.Context, l *labrelay.Layout) (*labrelay.Extraction, error) {
	x, tr, err := d.eng.AnalyzeDebug(ctx, l)
	if err != nil {
		return nil, err
	}
	enc := json.NewEncoder(d.w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(map[string]any{"debug": map[string]any{"layout": l, "trace": tr}})
	return x, nil
}
