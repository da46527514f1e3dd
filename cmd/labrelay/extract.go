package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	"github.com/labrelay/labrelay"
)

func init() {
	register(&Command{
		Name:    "extract",
		Summary: "read one report (XML, JSON, PDF, image) and print its record as JSON",
		Usage: `Usage: labrelay extract [--format json] [--max-size 50MB] [--mappings DIR] FILE

Reads one inspection report and prints one JSON object on standard output:
the source (file, sha256, media type), the path taken, the fields found, a
confidence for each and whether a person must review it (spec §2).

Exit status: 0 when a record was produced (even one that needs review);
2 when the file cannot be read (unsupported type, corrupt, hostile,
oversize), with a one-line reason on standard error and nothing on
standard output; 1 for internal errors.`,
		Run: runExtract,
	})
}

func runExtract(ctx context.Context, m *Main, args []string) error {
	c := commands["extract"]
	fs := m.newFlagSet(c)
	format := fs.String("format", "json", "output format (json)")
	var xf extractorFlags
	xf.register(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format != "json" {
		return usageError(fs, fmt.Sprintf("unknown format %q (only json)", *format))
	}
	if fs.NArg() != 1 {
		return usageError(fs, "need exactly one FILE")
	}
	ex, err := xf.build()
	if err != nil {
		return err
	}
	e, err := ex.ExtractFile(ctx, fs.Arg(0))
	if err != nil {
		if labrelay.IsInputError(err) {
			return &ExitError{Code: 2, Err: err}
		}
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(e); err != nil {
		return fmt.Errorf("encode extraction: %w", err)
	}
	_, err = m.Stdout.Write(buf.Bytes())
	return err
}
