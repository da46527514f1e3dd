package ocr

import (
	"context"
	"errors"
	"image"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
)

// Verdict cells misread. A column of verdict words ("PASS" down eight
// rows) or marks ("O" for ○) now and then reads one cell as a glyph or
// two of junk (">" at 0.38, "Bt", "re)"), and the row loses its verdict. Such a cell — a doubtful
// short word under or over the column's words, or ink where the column
// has no word — is read again alone, the column's width across, with any
// character. Only a verdict word is taken, at most at disagreeConf: a
// person checks it. A column of check marks (OCR reads ✓ as "V") is one
// too, but only its cells lost whole are read again (a column of "V" may
// be volts) or read as one glyph that is no letter ("/", "4"), and only a
// check mark or a cross is taken from them (a ✗ among ✓ is the row that
// fails).

const (
	// verdictColumnMin is how many verdict words make a column.
	verdictColumnMin = 3
	// verdictSure is the confidence of a column's verdict words; a mark
	// ("O" for ○) reads at 0.76 when its column reads it right.
	verdictSure = 0.7
	// verdictBelow is the confidence under which a short word of the
	// column is read again.
	verdictBelow = 0.85
	// verdictMaxRunes is the longest word read again: junk, not a word.
	verdictMaxRunes = 4
	// verdictMaxCells: more candidates on a page is noise, left alone.
	verdictMaxCells = 16
)

// verdictCell is a cell of row to read again: the words of the row in
// it (none when the column's cell was lost whole) and the box to read.
type verdictCell struct {
	row   int
	words []int
	box   ocrproto.Cell
	// checks: the column prints check marks, and only a mark is taken
	checks bool
}

// findVerdictCells lists the cells of the page's verdict columns that
// hold no verdict word: a doubtful short word, or ink and no word.
func findVerdictCells(g *image.Gray, rows []labrelay.Row, lineH float64) []verdictCell {
	if lineH <= 0 {
		return nil
	}
	var out []verdictCell
	for _, col := range verdictColumns(rows) {
		// the column's cells run on past its first and last sure words
		// over the result rows next to them (a table's first rows may
		// all have lost their marks)
		first, last := col.first, min(col.last+1, len(rows)-1)
		for first > 0 && resultLike(rows[first-1]) {
			first--
		}
		for last+1 < len(rows) && resultLike(rows[last+1]) {
			last++
		}
		for ri := first; ri <= last; ri++ {
			r := rows[ri]
			if !resultLike(r) {
				continue
			}
			var in []int
			ok, glyph := true, true
			for wi, w := range r.Words {
				if !overlapX(w.Box, col.span) {
					continue
				}
				in = append(in, wi)
				t := strings.TrimSpace(w.Text)
				ok = ok && !verdictLike(w.Text) && w.Conf < verdictBelow &&
					utf8.RuneCountInString(t) <= verdictMaxRunes
				glyph = glyph && utf8.RuneCountInString(t) == 1 && !strings.ContainsFunc(t, unicode.IsLetter)
			}
			// a column of "V" may be volts: only a cell lost whole, or
			// read as one glyph no unit is ("/", "4"), is a check mark's
			if !ok || col.checks && len(in) > 0 && (!glyph || checkMark(r.Words[in[0]].Text)) {
				continue
			}
			top, bot := rowBand(r)
			b := labrelay.Box{X: col.span.X, Y: top, W: col.span.W, H: bot - top}
			c := cropAround(b, lineH)
			if len(in) == 0 {
				crop := image.Rect(c.X, c.Y, c.X+c.W, c.Y+c.H).Intersect(g.Rect)
				if ink, found := glyphInside(g, crop, lineH); !found || float64(ink.Dy()) < lineH/2 {
					continue
				}
			}
			out = append(out, verdictCell{row: ri, words: in, box: c, checks: col.checks})
		}
	}
	if len(out) > verdictMaxCells {
		return nil
	}
	return out
}

// verdictLike reports a verdict word or a pass mark a column prints.
func verdictLike(t string) bool {
	t = strings.TrimSpace(t)
	return verdictWord.MatchString(t) || passMarks[t]
}

// passMarks are the marks of a verdict column that OCR reads as one
// glyph: ○ (read "O"), ✓.
var passMarks = map[string]bool{"O": true, "○": true, "✓": true, "✔": true, "√": true}

// verdictColumn is a column of sure verdict words: the rows of its first
// and last word, and the span of its words across. A column of check
// marks OCR reads "V" is checks.
type verdictColumn struct {
	first, last int
	span        labrelay.Box
	checks      bool
}

// checkMark reports a check mark as OCR reads it.
func checkMark(t string) bool {
	switch strings.TrimSpace(t) {
	case "v", "V", "√", "✓", "✔":
		return true
	}
	return false
}

// crossMark reports a cross as OCR reads it.
func crossMark(t string) bool {
	switch strings.TrimSpace(t) {
	case "x", "X", "×", "✗", "✘":
		return true
	}
	return false
}

// verdictColumns finds the page's columns of verdict words or marks
// (verdictSure), verdictColumnMin or more in different rows, under one
// another.
func verdictColumns(rows []labrelay.Row) []verdictColumn {
	var cols []verdictColumn
	var counts, words []int
	for ri, r := range rows {
		for _, w := range r.Words {
			word := verdictLike(w.Text)
			if w.Conf < verdictSure || !word && !checkMark(w.Text) {
				continue
			}
			k := -1
			for i, c := range cols {
				if overlapX(c.span, w.Box) {
					k = i
					break
				}
			}
			if k < 0 {
				k = len(cols)
				cols = append(cols, verdictColumn{first: ri, last: ri, span: w.Box})
				counts, words = append(counts, 1), append(words, 0)
				if word {
					words[k]++
				}
				continue
			}
			if word {
				words[k]++
			}
			c := &cols[k]
			if c.last != ri {
				counts[k]++
			}
			c.last = ri
			x0, x1 := math.Min(c.span.X, w.Box.X), math.Max(c.span.X+c.span.W, w.Box.X+w.Box.W)
			c.span.X, c.span.W = x0, x1-x0
		}
	}
	var out []verdictColumn
	for i, c := range cols {
		if counts[i] >= verdictColumnMin {
			c.checks = words[i] == 0
			out = append(out, c)
		}
	}
	return out
}

// readVerdictCells reads the cells findVerdictCells found and puts a
// verdict word read there in place of the row's words in the cell.
func (r *Reader) readVerdictCells(ctx context.Context, g *image.Gray, dpi float64, num int, rows []labrelay.Row, lineH float64) error {
	cells := findVerdictCells(g, rows, lineH)
	if len(cells) == 0 {
		return nil
	}
	boxes := make([]ocrproto.Cell, len(cells))
	for i, c := range cells {
		boxes[i] = c.box
	}
	reads, err := r.readBoxes(ctx, g, dpi, num, ocrproto.Request{}, boxes)
	if errors.Is(err, ErrTesseract) {
		return nil
	}
	if err != nil {
		return err
	}
	for i, c := range cells {
		if i >= len(reads) {
			break
		}
		text, conf := strings.TrimSpace(reads[i].Text), reads[i].Conf/100
		r.log().Debug("ocr verdict cell", "page", num, "box", c.box, "reread", text, "reconf", conf, "checks", c.checks)
		text, ok := verdictReading(text, c.checks)
		if !ok || conf < minReadConf {
			continue
		}
		takeVerdict(&rows[c.row], c, text, math.Min(conf, disagreeConf))
	}
	return nil
}

// verdictReading is what a verdict cell read again as text gives: a
// verdict word, or in a column of check marks a check mark ("√") or a
// cross ("X") and nothing else.
func verdictReading(text string, checks bool) (string, bool) {
	switch {
	case checks && checkMark(text):
		return "√", true
	case checks && crossMark(text):
		return "X", true
	case checks || !verdictLike(text):
		return "", false
	}
	return text, true
}

// takeVerdict puts the verdict word text in row r in place of the words
// of cell c, boxed as they were (the cell's box when there were none).
func takeVerdict(r *labrelay.Row, c verdictCell, text string, conf float64) {
	b := labrelay.Box{X: float64(c.box.X), Y: float64(c.box.Y), W: float64(c.box.W), H: float64(c.box.H)}
	if len(c.words) > 0 {
		var ws []labrelay.Word
		for _, wi := range c.words {
			ws = append(ws, r.Words[wi])
		}
		b = labrelay.WordsBox(ws)
	}
	var keep []labrelay.Word
	for wi, w := range r.Words {
		if !slices.Contains(c.words, wi) {
			keep = append(keep, w)
		}
	}
	r.Words = keep
	insertWord(r, labrelay.Word{Text: text, Box: b, Conf: conf})
}
