// Package pdf reads the text layer of a PDF into positioned rows
// (labrelay.Layout), the input of the rules engine.
//
// It uses github.com/ledongthuc/pdf, which panics on corrupt files: every
// call into it is contained, per document and per page, and bounded in time
// and page count. A page whose text layer is unusable (Type 3 CJK glyphs
// decoded as Latin-1 garbage, cells run together, no text at all) falls back
// to poppler's pdftotext, then to an optional OCR hook, and otherwise is
// marked as needing OCR. A file whose structure cannot be parsed is read
// with its cross-reference table rebuilt from its objects, else by
// pdftotext alone (pages without text left for OCR); either way the layout
// says so in Layout.Review, so the record never skips review. Files refused
// by the guards (cross-reference numbers out of range) are not repaired. The package never reads flags or the environment
// and never guesses text: a page it cannot read is reported, not invented.
package pdf
