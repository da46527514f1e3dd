package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/labrelay/labrelay/eval"
	"github.com/labrelay/labrelay/extract"
	"github.com/labrelay/labrelay/rules"
)

func init() {
	register(&Command{
		Name:    "eval",
		Summary: "score extraction against hand-labelled truth (precision, recall, wrong auto-accepted)",
		Usage: `Usage: labrelay eval --truth DIR [--rules DIR] [--ocr-lang LANGS] [-v] [--json] CORPUS_DIR

Runs extract over every file of CORPUS_DIR that has DIR/<name>.json and
prints per-field precision and recall and the number of wrong values that
were not sent to review (which must be zero). Files that cannot be read are
listed as skipped.`,
		Run: runEval,
	})
}

func runEval(ctx context.Context, m *Main, args []string) error {
	c := commands["eval"]
	fs := m.newFlagSet(c)
	truth := fs.String("truth", "", "directory of truth JSON files")
	rulesDir := fs.String("rules", "", "rule pack directory (default: the built-in packs)")
	verbose := fs.Bool("v", false, "list every wrong or missing field and review reason")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	ocrLang := fs.String("ocr-lang", defaultOCRLang, "Tesseract languages for scanned reports, joined by +")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *truth == "" || fs.NArg() != 1 {
		return usageError(fs, "need --truth DIR and one CORPUS_DIR")
	}
	ef := extractorFlags{rules: *rulesDir, ocrLang: *ocrLang}
	ex, err := ef.build()
	if err != nil {
		return err
	}
	defer ex.Close()
	rep, err := eval.Corpus(ctx, ex, *truth, fs.Arg(0))
	if err != nil {
		return err
	}
	if eng, err := rules.FromDir(*rulesDir); err == nil {
		rep.ThresholdOf = eng.Threshold // prints the wrong values at or above it
	}
	if *asJSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	rep.Print(m.Stdout, *verbose)
	if rep.WrongAccepted > 0 {
		fmt.Fprintf(m.Stderr, "labrelay eval: %d wrong values were auto-accepted\n", rep.WrongAccepted)
		return &ExitError{Code: 1}
	}
	return nil
}

// textExtractor is an Extractor for every input extract reads (native,
// text PDF, scanned PDF, images) with the rule packs of rulesDir.
func textExtractor(rulesDir string) (*extract.Extractor, error) {
	ef := extractorFlags{rules: rulesDir}
	return ef.build()
}
