package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/text"
)

// pageTimeout bounds one pdftotext run.
const pageTimeout = 20 * time.Second

// fallback runs poppler's pdftotext on single pages of one document; the
// document is written to a temporary file once, on first use.
type fallback struct {
	bin  string
	data []byte
	path string
	err  error
}

func (f *fallback) close() {
	if f.path != "" {
		os.Remove(f.path)
	}
}

func (f *fallback) file() (string, error) {
	if f.path != "" || f.err != nil {
		return f.path, f.err
	}
	tmp, err := os.CreateTemp("", "labrelay-*.pdf")
	if err != nil {
		f.err = err
		return "", err
	}
	f.path = tmp.Name()
	if _, err := tmp.Write(f.data); err != nil {
		tmp.Close()
		f.err = err
		return "", err
	}
	f.err = tmp.Close()
	return f.path, f.err
}

// page runs `pdftotext -layout` on page i and turns its text into rows.
// pdftotext gives no coordinates: words are placed on a character grid
// scaled to the page, which keeps the order of rows and the column gaps
// (two or more spaces) that the rules need.
func (f *fallback) page(ctx context.Context, i int, w, h float64) (*labrelay.Page, error) {
	path, err := f.file()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, pageTimeout)
	defer cancel()
	n := strconv.Itoa(i)
	cmd := exec.CommandContext(ctx, f.bin, "-q", "-layout", "-enc", "UTF-8", "-f", n, "-l", n, path, "-")
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, errors.New("timed out")
		}
		return nil, fmt.Errorf("%v %s", err, text.OneLine(stderr.String()))
	}
	if w <= 0 || h <= 0 {
		w, h = 612, 792
	}
	return layoutPage(out.String(), i, w, h), nil
}

// layoutPage places the words of one page of `pdftotext -layout` output on
// a grid: a word's column gives x, its line gives y.
func layoutPage(text string, num int, w, h float64) *labrelay.Page {
	text = strings.ReplaceAll(text, "\f", "")
	lines := strings.Split(strings.TrimRight(text, "\n "), "\n")
	cols := 90
	for _, l := range lines {
		cols = max(cols, utf8.RuneCountInString(l))
	}
	charW := w / float64(cols)
	lineH := min(h/float64(max(len(lines), 1)), 14)
	// Text is set about 0.7 of its line pitch high: rules read a smaller
	// gap as a continued cell, a larger one as a new field.
	wordH := 0.7 * lineH
	p := &labrelay.Page{Number: num, Width: w, Height: h, Unit: "pt", Path: labrelay.PathPdftotext, Rows: []labrelay.Row{}}
	for li, l := range lines {
		var row labrelay.Row
		col, start := 0, -1
		var word []rune
		emit := func() {
			if len(word) > 0 {
				row.Words = append(row.Words, labrelay.Word{
					Text: string(word),
					Box: labrelay.Box{X: round(float64(start) * charW), Y: round(float64(li) * lineH),
						W: round(float64(len(word)) * charW), H: round(wordH)},
					Conf: 1,
				})
			}
			word, start = word[:0], -1
		}
		for _, r := range l {
			if r == ' ' || r == '\t' || r == '\u00a0' || r == '\u3000' {
				emit()
			} else {
				if start < 0 {
					start = col
				}
				word = append(word, r)
			}
			col++
		}
		emit()
		if len(row.Words) > 0 {
			row.Box = rowBox(row.Words)
			p.Rows = append(p.Rows, row)
		}
	}
	return p
}

// docTimeout bounds the one pdftotext run over a whole document.
const docTimeout = 40 * time.Second

// PdftotextLayout reads every page of the PDF in data (at most maxPages)
// with `pdftotext -layout` alone, on the grid of layoutPage. Pages with no
// text come back with Path PathOCR, no rows and a Reason. It is the last
// resort of a file whose structure labrelay cannot parse, and the
// reference that the differential test against poppler compares with.
func PdftotextLayout(ctx context.Context, bin string, data []byte, maxPages int) (*labrelay.Layout, error) {
	fb := &fallback{bin: bin, data: data}
	defer fb.close()
	path, err := fb.file()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, docTimeout)
	defer cancel()
	last := strconv.Itoa(maxPages + 1) // enough to tell a file over the limit
	cmd := exec.CommandContext(ctx, bin, "-q", "-layout", "-enc", "UTF-8", "-l", last, path, "-")
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, errors.New("pdftotext timed out")
		}
		return nil, fmt.Errorf("pdftotext: %v %s", err, text.OneLine(stderr.String()))
	}
	texts := strings.Split(out.String(), "\f")
	texts = texts[:len(texts)-1] // pdftotext ends every page with \f
	if len(texts) == 0 {
		return nil, errors.New("pdftotext found no pages")
	}
	if len(texts) > maxPages {
		return nil, labrelay.Inputf("the PDF has more than the %d pages this service reads", maxPages)
	}
	l := &labrelay.Layout{Pages: make([]labrelay.Page, 0, len(texts))}
	for i, t := range texts {
		p := layoutPage(t, i+1, 612, 792)
		if why := unusable(p); why != "" {
			p = &labrelay.Page{Number: i + 1, Width: 612, Height: 792, Unit: "pt", Path: labrelay.PathOCR,
				Reason: "pdftotext: " + why, Rows: []labrelay.Row{}}
		}
		l.Pages = append(l.Pages, *p)
	}
	return l, nil
}

// popplerDoc reads with pdftotext (then the OCR hook for pages without
// text) a file whose structure could not be parsed, even repaired; cause
// is why. Every page and the review say so.
func (r *Reader) popplerDoc(ctx context.Context, data []byte, maxPages int, cause error) (*labrelay.Layout, error) {
	l, err := PdftotextLayout(ctx, r.Pdftotext, data, maxPages)
	if err != nil {
		return nil, err
	}
	why := "read by poppler's pdftotext: the file's structure could not be parsed (" + cause.Error() + ")"
	for i := range l.Pages {
		p := &l.Pages[i]
		if p.Path == labrelay.PathOCR && r.OCR != nil {
			if op, oerr := r.ocr(ctx, data, p.Number); oerr == nil && op != nil {
				op.Number, op.Reason = p.Number, joinReason(p.Reason, op.Reason)
				*p = *op
			} else if oerr != nil {
				p.Reason += "; OCR: " + oerr.Error()
			}
		}
		p.Reason = joinReason(why, p.Reason)
	}
	l.Review = append(l.Review, why)
	return l, nil
}
