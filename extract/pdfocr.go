package extract

import (
	"context"
	"errors"
	"io"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/ocr"
)

// PDFPageOCR recognises pages (1-based) of a PDF by OCR, in the order
// asked: extract/ocr's Reader implements it.
type PDFPageOCR interface {
	OCRPDFPages(ctx context.Context, pdf []byte, pages []int) ([]labrelay.Page, error)
}

// PDFWithOCR reads a PDF's text layer with Text and recognises by OCR the
// pages that have none or an unusable one (Text returns them with Path
// PathOCR, no rows and a reason). It does not use the text reader's
// per-page OCR hook: the hook runs page after page inside the text
// reader's time limit, where a scanned PDF needs its pages recognised by
// all the OCR workers from one opened document, under the OCR time limit.
type PDFWithOCR struct {
	Text LayoutReader
	OCR  PDFPageOCR
}

var _ LayoutReader = (*PDFWithOCR)(nil)

// ReadLayout reads the PDF. A scan OCR cannot read is refused with the
// OCR error; a text PDF with a page OCR cannot read (hostile, or Tesseract
// missing) keeps the page empty with the reason, and goes to review.
func (s *PDFWithOCR) ReadLayout(ctx context.Context, data []byte, mediaType string) (*labrelay.Layout, error) {
	l, err := s.Text.ReadLayout(ctx, data, mediaType)
	if err != nil || s.OCR == nil {
		return l, err
	}
	var nums, idx []int
	for i, p := range l.Pages {
		if p.Path == labrelay.PathOCR && len(p.Rows) == 0 {
			nums, idx = append(nums, p.Number), append(idx, i)
		}
	}
	if len(nums) == 0 {
		return l, nil
	}
	pages, err := s.OCR.OCRPDFPages(ctx, data, nums)
	if err != nil {
		if ctx.Err() != nil || len(nums) == len(l.Pages) || !labrelay.IsInputError(err) && !errors.Is(err, ocr.ErrTesseract) {
			return nil, err
		}
		for _, i := range idx {
			l.Pages[i].Reason += "; OCR: " + err.Error()
		}
		return l, nil
	}
	for k, i := range idx {
		p := pages[k]
		p.Number, p.Reason = l.Pages[i].Number, l.Pages[i].Reason
		l.Pages[i] = p
	}
	return l, nil
}

// Close closes the OCR reader (its worker processes) if it has a Close.
func (s *PDFWithOCR) Close() error { return closeReader(s.OCR) }

// Close releases what the Extractor's readers hold (OCR worker
// processes). Without it they end with the process, or when idle.
func (x *Extractor) Close() error {
	return errors.Join(closeReader(x.PDF), closeReader(x.Image))
}

func closeReader(r any) error {
	if c, ok := r.(io.Closer); ok {
		return c.Close()
	}
	return nil
}
