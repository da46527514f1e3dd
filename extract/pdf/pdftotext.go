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
		return nil, fmt.Errorf("%v %s", err, oneLine(stderr.String()))
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
	wordH := 1.6 * charW
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
			row.Box = union(row.Words)
			p.Rows = append(p.Rows, row)
		}
	}
	return p
}
