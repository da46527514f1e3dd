// Package extract turns one input file into an Extraction (spec §2): it
// bounds the size, sniffs the type from magic bytes (never from the file
// name), and dispatches to the native XML/JSON mappings (extract/native)
// or to a layout reader (PDF text, OCR) followed by the rules engine.
//
// It owns the extract contract: whatever the path, the result carries the
// source's SHA-256 and is checked against the output schema before it is
// returned; input that cannot be read is a *labrelay.InputError; a panic in
// any reader becomes an error, never a crash. It does not decide how a PDF
// or an image is read: LayoutReader and Analyzer implementations are
// plugged in by cmd/labrelay.
package extract
