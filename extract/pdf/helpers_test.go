package pdf_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/go-pdf/fpdf"
)

type contextContext = context.Context

func contextWithCancel(t *testing.T) (context.Context, context.CancelFunc) {
	return context.WithCancel(t.Context())
}

// blankPDF returns a one-page PDF with a drawn rectangle and no text: the
// shape of a scanned page as far as the text layer is concerned.
func blankPDF(tb testing.TB) []byte {
	tb.Helper()
	f := fpdf.New("P", "pt", "A4", "")
	f.AddPage()
	f.Rect(50, 50, 200, 100, "F")
	var b bytes.Buffer
	if err := f.Output(&b); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}
