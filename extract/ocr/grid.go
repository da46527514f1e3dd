package ocr

import (
	"image"
	"math"
	"strings"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/pageimage"
)

// Cells of ruled tables. Tesseract reads a table's vertical rules as words
// ("|", "1", "区") that glue the cells either side into one, and the gaps
// between words measured on its tight boxes are wider than a text layer's,
// so the rules split one cell's words ("IEC" | "62321-5:2013") between two
// columns. Where the page's ruling encloses cells, the words of one cell
// on one line become one word, and words that are a rule are dropped.
// Lines stay as read: the rules join a wrapped row's lines as they do for
// a text layer.

// maxCellGap is the widest gap, in word heights, between two words of
// one cell on one line: wider, a rule between them was missed (a photo's
// faint or bent line) and they may be two cells.
const maxCellGap = 0.8

// gridRows merges, in each row, neighbouring words in the same cell of rl
// and drops the words that are one of its vertical rules.
func gridRows(rows []labrelay.Row, rl pageimage.Rulings) []labrelay.Row {
	if len(rl.V) == 0 || len(rl.H) < 2 {
		return rows
	}
	out := make([]labrelay.Row, 0, len(rows))
	for _, r := range rows {
		var ws []labrelay.Word
		var prev image.Rectangle
		prevOK := false
		for _, w := range r.Words {
			if onRule(w, rl) {
				continue
			}
			c, ok := rl.CellOf(int(w.Box.X+w.Box.W/2), int(w.Box.Y+w.Box.H/2))
			if ruleLike(w.Text) {
				ok = false // a rule the search missed: a cell ends here
			}
			if n := len(ws); n > 0 && ok && prevOK && c == prev && gap(ws[n-1], w) <= maxCellGap*math.Max(w.Box.H, ws[n-1].Box.H) {
				p := &ws[n-1]
				p.Text += " " + w.Text
				p.Box = p.Box.Union(w.Box)
				p.Conf = math.Min(p.Conf, w.Conf)
				continue
			}
			ws = append(ws, w)
			prev, prevOK = c, ok
		}
		if len(ws) > 0 {
			// The row keeps its box: the rules place a wrapped line by its
			// distance to the rows around it, and a dropped rule's tall box
			// moved rows by a few pixels, enough to tip that.
			out = append(out, labrelay.Row{Words: ws, Box: r.Box})
		}
	}
	return out
}

// onRule reports whether w is a vertical rule read as a word: a glyph or
// two no wider than tall whose centre lies on the rule, or the strokes a
// rule reads as ("l", "il", "|") with the rule inside the word's box (a
// skewed table's rule beside a word's last letters).
func onRule(w labrelay.Word, rl pageimage.Rulings) bool {
	if len([]rune(w.Text)) > 2 {
		return false
	}
	strokes := strings.Trim(w.Text, "|lIi![]") == ""
	if w.Box.W > 0.8*w.Box.H && !(strokes && w.Box.W <= 1.5*w.Box.H) {
		return false
	}
	cx, cy := w.Box.X+w.Box.W/2, w.Box.Y+w.Box.H/2
	for _, v := range rl.V {
		if cy < float64(v.Y0) || cy > float64(v.Y1) {
			continue
		}
		x := float64(v.X0)
		if math.Abs(cx-x) <= float64(v.Thick)/2+3 || strokes && x >= w.Box.X && x <= w.Box.X+w.Box.W {
			return true
		}
	}
	return false
}

// ruleLike reports whether t is made of rule-like glyphs only ("|", "[").
func ruleLike(t string) bool {
	return strings.Trim(t, "|¦[]") == ""
}
