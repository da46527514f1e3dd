package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/labrelay/labrelay"
)

func init() {
	register(&Command{
		Name:    "extract",
		Summary: "read one report (XML, JSON, PDF, image) and print its record as JSON",
		Usage: `Usage: labrelay extract [--format json] [--max-size 50MB] [--mappings DIR]
                        [--lab-certs FILE] [--lab-jwks FILE] [--sign KEY] FILE

Reads one inspection report and prints one JSON object on standard output:
the source (file, sha256, media type), the path taken, the fields found, a
confidence for each and whether a person must review it (spec §2).

A native report signed by its lab (XMLDSig on XML, a JWS around JSON) is
verified against --lab-certs (PEM certificates) or --lab-jwks (a JWK set)
and only what the signature covers is read; lab_signature says verified,
unsigned or invalid (an invalid one is never read and always needs review).

--sign KEY signs the record and prints the JWS (JSON serialization, as
'labrelay sign' does) instead of the plain record; KEY is a private key
file from 'labrelay keys generate' or kms:KEY_ID. A record that needs
review is not signed (exit 1): review it, then use 'labrelay sign'.
Check the output with 'labrelay verify SIGNED --jwks FILE --source FILE'.

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
	signKey := fs.String("sign", "", "sign the record with this key (a private key file, or kms:KEY_ID) and print the JWS instead")
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
	defer ex.Close() // the OCR worker processes
	e, err := ex.ExtractFile(ctx, fs.Arg(0))
	if err != nil {
		if labrelay.IsInputError(err) {
			return &ExitError{Code: 2, Err: err}
		}
		return err
	}
	if *signKey != "" {
		if e.Review.Required {
			return fmt.Errorf("not signed: the record needs review (%s); review it, then sign it with 'labrelay sign --reviewed-by'", strings.Join(e.Review.Reasons, "; "))
		}
		jws, err := signExtraction(ctx, *signKey, e, nil)
		if err != nil {
			return fmt.Errorf("sign: %w", err)
		}
		_, err = fmt.Fprintf(m.Stdout, "%s\n", jws)
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
