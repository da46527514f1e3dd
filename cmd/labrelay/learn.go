package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract"
	"github.com/labrelay/labrelay/learn"
	"github.com/labrelay/labrelay/rules"
)

const learnUsage = `Usage: labrelay rules learn [--name NAME] [--packs DIR] --out FILE.yaml REPORT RECORD.json [REPORT RECORD.json ...]

Writes a rule pack that reads the layout of REPORT (a text PDF, a scan or a
photo) as RECORD.json says: the approved record, a JSON object of the
record's fields or a whole 'labrelay extract' output (its fields are
used). Fields absent from RECORD are not learned. More REPORT RECORD pairs
of the same layout make the pack surer.

It then re-reads every REPORT with the new pack (plus the packs of --packs
and the built-in ones) and prints per field "learned" or "not learned: why"
on standard error.

Exit status: 0 when the pack was written and reproduces every record
taught; 1 when it does not (the fields are named) or nothing could be
learned; 2 for bad input (a file that cannot be read, a record that is not
JSON, a native report).`

// rulesLearn is 'labrelay rules learn'.
func rulesLearn(ctx context.Context, m *Main, args []string) error {
	fs := flag.NewFlagSet("rules learn", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	fs.Usage = func() { fmt.Fprintln(m.Stderr, learnUsage, "\n\nFlags:"); fs.PrintDefaults() }
	name := fs.String("name", "", "pack name (default: learned- and a hash of its keywords)")
	packs := fs.String("packs", "", "directory of extra rule packs the new pack must live beside (extract.packs)")
	out := fs.String("out", "", "file to write the pack to (required)")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case *out == "":
		return usageError(fs, "give --out FILE.yaml")
	case fs.NArg() == 0 || fs.NArg()%2 != 0:
		return usageError(fs, "give REPORT RECORD.json pairs")
	}
	xf := extractorFlags{packs: *packs, maxSize: extract.DefaultMaxSize}
	examples, err := learnExamples(ctx, xf, fs.Args())
	if err != nil {
		return err
	}
	p, err := learn.Learn(*name, examples)
	if err != nil {
		return &ExitError{Code: 1, Err: fmt.Errorf("nothing learned: %w", err)}
	}
	if err := os.WriteFile(*out, p.YAML, 0o644); err != nil {
		return &ExitError{Code: 2, Err: err}
	}
	eng, err := engineWith(*packs, *out)
	if err != nil {
		return &ExitError{Code: 1, Err: fmt.Errorf("the pack written to %s does not load: %w", *out, err)}
	}
	res, ok, err := learn.Verify(ctx, eng, p.Name, examples)
	if err != nil {
		return err
	}
	printLearned(m, p, res)
	if !ok {
		var bad []string
		for _, r := range res {
			if !r.Learned {
				bad = append(bad, r.Field)
			}
		}
		return &ExitError{Code: 1, Err: fmt.Errorf("pack %s written to %s, but it does not reproduce %s", p.Name, *out, strings.Join(bad, ", "))}
	}
	fmt.Fprintf(m.Stderr, "pack %s written to %s; it reproduces every record taught\n", p.Name, *out)
	return nil
}

// printLearned writes per field "learned" or "not learned: why".
func printLearned(m *Main, p *learn.Pack, res []learn.FieldResult) {
	learnerWhy := map[string]string{}
	for _, f := range p.Fields {
		if !f.Learned {
			learnerWhy[f.Field] = f.Why
		}
	}
	for _, r := range res {
		switch {
		case !r.Learned:
			fmt.Fprintf(m.Stderr, "%s: not learned: %s\n", r.Field, r.Why)
		case learnerWhy[r.Field] != "":
			fmt.Fprintf(m.Stderr, "%s: not learned: %s (the generic rules read it, for a person to check)\n", r.Field, learnerWhy[r.Field])
		default:
			fmt.Fprintf(m.Stderr, "%s: learned\n", r.Field)
		}
	}
}

// learnExamples reads each REPORT's layout and its RECORD.
func learnExamples(ctx context.Context, xf extractorFlags, args []string) ([]learn.Example, error) {
	var examples []learn.Example
	for i := 0; i < len(args); i += 2 {
		report, recPath := args[i], args[i+1]
		rec, err := readExpected(recPath)
		if err != nil {
			return nil, &ExitError{Code: 2, Err: fmt.Errorf("record %s: %w", recPath, err)}
		}
		l, err := readLayout(ctx, xf, report)
		if err != nil {
			return nil, err
		}
		examples = append(examples, learn.Example{Name: filepath.Base(report), Layout: l, Record: *rec})
	}
	return examples, nil
}

// readLayout extracts file as `extract` does and returns the positioned
// rows the rules saw.
func readLayout(ctx context.Context, xf extractorFlags, file string) (*labrelay.Layout, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, &ExitError{Code: 2, Err: err}
	}
	return layoutOf(ctx, xf, filepath.Base(file), data)
}

// layoutOf extracts a report's bytes and returns the positioned rows the
// rules saw.
func layoutOf(ctx context.Context, xf extractorFlags, name string, data []byte) (*labrelay.Layout, error) {
	ex, err := xf.build()
	if err != nil {
		return nil, err
	}
	defer ex.Close()
	capture := &layoutCapture{next: ex.Rules}
	ex.Rules = capture
	if _, err := ex.Extract(ctx, name, data); err != nil {
		if labrelay.IsInputError(err) {
			return nil, &ExitError{Code: 2, Err: err}
		}
		return nil, err
	}
	if capture.layout == nil {
		return nil, &ExitError{Code: 2, Err: fmt.Errorf("%s is a native report: it is read by a mapping file (docs/mapping.md), not by rule packs", name)}
	}
	return capture.layout, nil
}

// layoutCapture keeps the layout the rules engine is given.
type layoutCapture struct {
	next   extract.Analyzer
	layout *labrelay.Layout
}

func (c *layoutCapture) Analyze(ctx context.Context, l *labrelay.Layout) (*labrelay.Extraction, error) {
	c.layout = l
	return c.next.Analyze(ctx, l)
}

// engineWith is the engine of the built-in packs, the packs of dir and the
// pack file (which replaces a file of the same name in dir).
func engineWith(dir, file string) (*rules.Engine, error) {
	tmp, err := os.MkdirTemp("", "labrelay-learn-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	if dir != "" {
		names, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			if filepath.Base(n) == filepath.Base(file) {
				continue
			}
			if err := copyFile(n, filepath.Join(tmp, filepath.Base(n))); err != nil {
				return nil, err
			}
		}
	}
	if err := copyFile(file, filepath.Join(tmp, filepath.Base(file))); err != nil {
		return nil, err
	}
	return rules.FromDirs("", tmp)
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}
