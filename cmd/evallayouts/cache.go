package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract"
)

// cachedOCR keeps the pages OCR read of each PDF in a directory and reads
// them back on the next run, so a development run that changes only the
// rules replays in seconds. A stale cache hides OCR changes: clear it when
// the OCR side changes.
type cachedOCR struct {
	dir string
	ocr extract.PDFPageOCR
}

func (c cachedOCR) OCRPDFPages(ctx context.Context, pdf []byte, pages []int) ([]labrelay.Page, error) {
	sum := sha256.Sum256(pdf)
	file := filepath.Join(c.dir, fmt.Sprintf("%s-%v.json", hex.EncodeToString(sum[:12]), pages))
	if b, err := os.ReadFile(file); err == nil {
		var ps []labrelay.Page
		if err := json.Unmarshal(b, &ps); err == nil {
			return ps, nil
		}
	}
	ps, err := c.ocr.OCRPDFPages(ctx, pdf, pages)
	if err != nil {
		return ps, err
	}
	b, err := json.Marshal(ps)
	if err != nil {
		return ps, err
	}
	return ps, os.WriteFile(file, b, 0o644)
}
