package rules

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
)

// splitOverData parts an OCR header cell whose words stand over two data
// columns, the gap between the captions read as a word space and one
// caption misread (限值 read as "BK" before "检测结果"): three rows below
// hold a cell under each part, and no row a cell across the gap. One
// part must name a column, the whole cell's if any, and the other none;
// or the parts name two columns ("Concentration (mg/kg) 合 Verdict").
func splitOverData(v *view, h int, ln line) line {
	below := cellLinesBelow(v, h)
	if len(below) < 3 {
		return ln
	}
	var cells []cell
	split := false
	for _, c := range ln.Cells {
		ws := wordsOf(c)
		whole := strictCaption(c.Text)
		at := 0
		for i := 1; i < len(ws) && at == 0; i++ {
			a, b := joinWords(ws[:i]), joinWords(ws[i:])
			ka, kb := strictCaption(a.Text), strictCaption(b.Text)
			if ka != colUnknown && kb != colUnknown {
				if ka == kb {
					continue
				}
			} else if (ka == whole) == (kb == whole) {
				continue
			}
			if overData(below, a.Box, b.Box) {
				at = i
			}
		}
		if at == 0 {
			cells = append(cells, c)
			continue
		}
		cells = append(cells, joinWords(ws[:at]), joinWords(ws[at:]))
		split = true
	}
	if split {
		ln.Cells = cells
	}
	return ln
}

// cellLinesBelow is the first five lines of three cells or more among the
// twelve after line h on its page: the rows a header stands over, their
// wrapped lines aside.
func cellLinesBelow(v *view, h int) []line {
	var out []line
	for j := h + 1; j < len(v.Lines) && j <= h+12 && len(out) < 5 && v.Lines[j].Page == v.Lines[h].Page; j++ {
		if len(v.Lines[j].Cells) >= 3 {
			out = append(out, v.Lines[j])
		}
	}
	return out
}

// overData reports whether three of the lines hold one cell under a and
// another under b, and none a cell that reaches under both.
func overData(lines []line, a, b labrelay.Box) bool {
	n := 0
	for _, l := range lines {
		ia, ib := -1, -1
		for k, d := range l.Cells {
			if d.Box.X < a.X+a.W && d.Box.X+d.Box.W > b.X {
				return false
			}
			if overlapX(d.Box, a) {
				ia = k
			}
			if overlapX(d.Box, b) {
				ib = k
			}
		}
		if ia >= 0 && ib >= 0 && ia != ib {
			n++
		}
	}
	return n >= 3
}

func overlapX(a, b labrelay.Box) bool {
	return a.X < b.X+b.W && b.X < a.X+a.W
}

// mostOverlapped is the cell of cs whose x-range overlaps b's most, or -1
// for none.
func mostOverlapped(cs []cell, b labrelay.Box) int {
	best, most := -1, 0.0
	for k, c := range cs {
		if ov := math.Min(b.X+b.W, c.Box.X+c.Box.W) - math.Max(b.X, c.Box.X); ov > most {
			best, most = k, ov
		}
	}
	return best
}

// ignoreOverNothing ignores the short unknown cells of an OCR header that
// no cell of the rows below stands under (three rows of three cells or
// more; a cell stands under the header cell it overlaps most): a speck
// or a stamp read as "3" between two captions, which counted as a second
// result column and cost the table. A sample's column ("1", "A1") has
// its results under it.
func ignoreOverNothing(v *view, h int, ln line, kinds []int) {
	below := cellLinesBelow(v, h)
	if len(below) < 3 {
		return
	}
	under := make([]bool, len(ln.Cells))
	for _, l := range below {
		for _, d := range l.Cells {
			if best := mostOverlapped(ln.Cells, d.Box); best >= 0 {
				under[best] = true
			}
		}
	}
	for k, c := range ln.Cells {
		if kinds[k] == colUnknown && !under[k] && utf8.RuneCountInString(strings.TrimSpace(c.Text)) <= 3 {
			kinds[k] = colIgnore
		}
	}
}
