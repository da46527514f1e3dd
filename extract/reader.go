package extract

import (
	"context"

	"github.com/labrelay/labrelay"
)

// LayoutReader turns a PDF or an image into positioned pages: the PDF text
// path (extract/pdf) and the OCR path (extract/ocr) both implement it.
// Errors that are the input's fault are *labrelay.InputError.
type LayoutReader interface {
	ReadLayout(ctx context.Context, data []byte, mediaType string) (*labrelay.Layout, error)
}

// Analyzer finds the canonical record in a layout, scores each field and
// decides whether review is required: the rules engine (rules/) implements
// it. The returned Extraction has Fields, Confidence, Review, RulePack,
// RulesVersion and Provenance set; the Extractor fills Source, Path, Pages.
type Analyzer interface {
	Analyze(ctx context.Context, l *labrelay.Layout) (*labrelay.Extraction, error)
}
