package ocr

import (
	"cmp"
	"context"
	"image"
	"maps"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
	"github.com/labrelay/labrelay/extract/pageimage"
)

// Cells the page reading left out. Tesseract drops a lone short word far
// from the others now and then: a one-digit MDL ("2") at the end of a
// row, read in the rows above and below. A cell of a numeric column that
// holds ink but no word is read once more like the other cells (one
// request for the page, only when there are such cells); what it reads
// is a reading the page did not give, kept at most at disagreeConf.

// lostCell is a cell of row to read: its box on the page and the box of
// its ink.
type lostCell struct {
	row      int
	box, ink image.Rectangle
	dash     bool // the ink is a dash alone: "-", no number to read
	sign     int  // the index of a sign ("<" of "≤1") or a misread read alone in the cell, or -1
}

// findLostCells lists the cells of numeric columns, in rows of results
// (resultLike), with no word, or only a sign whose number was lost ("<"
// of "≤1") or a short misread with no digit ("as" for a photo's "≤ 1"),
// but with ink a third of lineH tall, or a dash alone.
func findLostCells(g *image.Gray, rows []labrelay.Row, lineH float64) []lostCell {
	if lineH <= 0 {
		return nil
	}
	var out []lostCell
	for ri, r := range rows {
		if !resultLike(r) {
			continue
		}
		top, bot := rowBand(r)
		for _, col := range numberColumns(rows, ri, lineH) {
			sign := loneSign(r.Words, col)
			if sign < 0 && overlapsAny(r.Words, col) {
				continue
			}
			pad := 0.3 * lineH
			box := image.Rect(int(col.X-pad), int(top-0.15*lineH), int(col.X+col.W+pad+0.5), int(bot+0.15*lineH+0.5)).Intersect(g.Rect)
			if box.Dx() <= 2 || box.Dy() <= 2 {
				continue
			}
			// a superscript ("²" read as "3") is no cell of its own
			if ink, ok := glyphInside(g, box, lineH); ok && float64(ink.Dy()) >= lineH/2 {
				box = widen(g, box, lineH)
				ink, _ = glyphInside(g, box, lineH)
				if covered(rows, ri, sign, ink) {
					continue
				}
				out = append(out, lostCell{row: ri, box: box, ink: ink, sign: sign})
			} else if d, ok := dashInside(g, box, lineH); ok && (sign < 0 || misreadNumber(r.Words[sign].Text)) {
				// a dash read as a word ("us") is a dash all the same
				out = append(out, lostCell{row: ri, box: box, ink: d, dash: true, sign: sign})
			}
		}
	}
	// a cell both find is read twice, by its column's box and by its
	// ink's: the crops differ, and one may read where the other does not
	return append(out, lostColumns(g, rows, lineH)...)
}

// lostColumns finds the cells of a column the page reading dropped whole,
// which numberColumns cannot place (a skewed scan's column of MDLs): ink
// half lineH tall or more, or a dash, that no word covers, in a gap wider
// than 1.5 lineH between two words of a row of results, at the same place
// in three such rows or more. A gap may hold several such columns. The
// last column has no word after it: its gap ends where the words of the
// page's other lines end (its header's), half lineH on; a number of a row
// of results does not stretch it.
func lostColumns(g *image.Gray, rows []labrelay.Row, lineH float64) []lostCell {
	right := 0.0
	for _, r := range rows {
		if resultLike(r) {
			continue
		}
		for _, w := range r.Words {
			right = max(right, w.Box.X+w.Box.W)
		}
	}
	var gaps []lostCell
	for ri, r := range rows {
		if !resultLike(r) {
			continue
		}
		top, bot := rowBand(r)
		ws := slices.Clone(r.Words)
		slices.SortFunc(ws, func(a, b labrelay.Word) int { return cmp.Compare(a.Box.X, b.Box.X) })
		for i := 1; i <= len(ws); i++ {
			x0, x1 := ws[i-1].Box.X+ws[i-1].Box.W, right+lineH/2+0.3*lineH
			if i < len(ws) {
				x1 = ws[i].Box.X
			}
			if x1-x0 < 1.5*lineH {
				continue
			}
			pad := 0.3 * lineH
			box := image.Rect(int(x0+pad), int(top-0.15*lineH), int(x1-pad), int(bot+0.15*lineH+0.5)).Intersect(g.Rect)
			if box.Dx() <= 2 || box.Dy() <= 2 {
				continue
			}
			for _, ink := range inkClusters(g, box, lineH) {
				if covered(rows, ri, -1, ink) {
					continue
				}
				cell := image.Rect(int(float64(ink.Min.X)-pad), box.Min.Y, int(float64(ink.Max.X)+pad+0.5), box.Max.Y).Intersect(box)
				if float64(ink.Dy()) >= lineH/2 {
					gaps = append(gaps, lostCell{row: ri, box: cell, ink: ink, sign: -1})
				} else if d, ok := dashInside(g, cell, lineH); ok {
					gaps = append(gaps, lostCell{row: ri, box: cell, ink: d, dash: true, sign: -1})
				}
			}
		}
	}
	var out []lostCell
	for i, c := range gaps {
		n := 0
		for j, o := range gaps {
			if i != j && o.row != c.row && overlapX(boxOf(c.ink), boxOf(o.ink)) {
				n++
			}
		}
		if n >= 2 {
			out = append(out, c)
		}
	}
	return out
}

// inkClusters is the ink of r that glyphInside counts, in pieces a
// lineH apart or more: the cells of columns side by side (an MDL and a
// limit lost together), whose crop as one read "2 <100".
func inkClusters(g *image.Gray, r image.Rectangle, lineH float64) []image.Rectangle {
	boxes := glyphPieces(g, r, lineH)
	slices.SortFunc(boxes, func(a, b image.Rectangle) int { return cmp.Compare(a.Min.X, b.Min.X) })
	var out []image.Rectangle
	for _, b := range boxes {
		if n := len(out); n > 0 && float64(b.Min.X-out[n-1].Max.X) < lineH {
			out[n-1] = out[n-1].Union(b)
			continue
		}
		out = append(out, b)
	}
	return out
}

// resultLike reports a row of results: one with a clean number, or with
// a value not detected ("Not Detected" beside a limit the page reading
// lost), or with a verdict (a photo's page reading lost every number of
// the last rows, "Formaldehyde mg/kg 符合"), or with a unit after another
// word (a noisy scan's "migration, mg/dm²", every number of the row lost;
// "²" is often read "?" or ":").
func resultLike(r labrelay.Row) bool {
	return slices.ContainsFunc(r.Words, func(w labrelay.Word) bool {
		return cleanNumber.MatchString(w.Text) || notDetected.MatchString(w.Text) || verdictWord.MatchString(w.Text)
	}) || len(r.Words) >= 2 && slices.ContainsFunc(r.Words[1:], func(w labrelay.Word) bool { return unitWord.MatchString(w.Text) })
}

var (
	notDetected = regexp.MustCompile(`(?i)^(?:n\.\s?d\.?|nd|detected|not detected)$`)
	verdictWord = regexp.MustCompile(`(?i)^(?:pass(?:ed)?|fail(?:ed)?|complie[sd]|不?符合|不?合格)$`)
	unitWord    = regexp.MustCompile(`(?i)^\(?(?:mg|µg|μg|ug|ng)/(?:kg|g|l|dm[²2?:]|m³|cm²|m²)\)?$|^(?i:ppm|ppb)$`)
)

// widen grows a cell's crop sideways over the ink that runs on past it:
// the column's box is the union of the numbers read above and below,
// narrower than a longer number ("0.07" under "10") it would cut. Growth
// stops at a gap of half lineH, at a rule (ink from the crop's top to its
// bottom) and after 3 lineH on either side.
func widen(g *image.Gray, box image.Rectangle, lineH float64) image.Rectangle {
	t := min(pageimage.Otsu(g.SubImage(box).(*image.Gray)), 128)
	// ink reports whether column x holds ink, and whether it is a rule
	ink := func(x int) (bool, bool) {
		n := 0
		for y := box.Min.Y; y < box.Max.Y; y++ {
			if g.Pix[g.PixOffset(x, y)] < t {
				n++
			}
		}
		return n > 0, n >= box.Dy()-1
	}
	maxGrow, gap := int(3*lineH), int(lineH/2)
	grow := func(from, step int) int {
		last, blank := from, 0
		for x := from + step; abs(x-from) <= maxGrow && x >= g.Rect.Min.X && x < g.Rect.Max.X && blank < gap; x += step {
			has, rule := ink(x)
			switch {
			case rule:
				return last
			case has:
				last, blank = x, 0
			default:
				blank++
			}
		}
		return last
	}
	// ink within a gap of the crop's edge may run on past it
	right, left := box.Min.X-1, box.Max.X
	for x := box.Min.X; x < box.Max.X; x++ {
		if has, rule := ink(x); has && !rule {
			right, left = x, min(left, x)
		}
	}
	if right < box.Min.X {
		return box
	}
	if box.Max.X-1-right < gap {
		box.Max.X = max(box.Max.X, grow(right, 1)+1)
	}
	if left-box.Min.X < gap {
		box.Min.X = min(box.Min.X, grow(left, -1))
	}
	return box
}

// rowBand is the median top and bottom of a row's words.
func rowBand(r labrelay.Row) (float64, float64) {
	tops, bots := make([]float64, len(r.Words)), make([]float64, len(r.Words))
	for i, w := range r.Words {
		tops[i], bots[i] = w.Box.Y, w.Box.Y+w.Box.H
	}
	slices.Sort(tops)
	slices.Sort(bots)
	return tops[len(tops)/2], bots[len(bots)/2]
}

// numberColumns are the boxes of the numeric columns around row ri: clean
// numbers half lineH tall or more (no superscript), or dashes, of other
// rows within 15, one of them within 3 rows or with 4 rows of numbers
// between (a result's wrapped second line is none), that overlap one
// another horizontally. One number is enough: a page reading may keep
// one cell of a column of one-digit MDLs ("8" under three lost "2"s, a
// "-" under five, "Not" over "Detected" between them).
func numberColumns(rows []labrelay.Row, ri int, lineH float64) []labrelay.Box {
	type member struct {
		box labrelay.Box
		row int
	}
	var cols [][]member
	for k := max(0, ri-15); k < min(len(rows), ri+16); k++ {
		for _, w := range rows[k].Words {
			if k == ri || !cleanNumber.MatchString(w.Text) || w.Box.H < lineH/2 && !isDash(w.Text) {
				continue
			}
			i := slices.IndexFunc(cols, func(c []member) bool { return overlapX(c[0].box, w.Box) })
			if i < 0 {
				cols = append(cols, []member{{w.Box, k}})
			} else {
				cols[i] = append(cols[i], member{w.Box, k})
			}
		}
	}
	var out []labrelay.Box
	for _, c := range cols {
		near := false
		var b labrelay.Box
		for _, m := range c {
			near = near || abs(m.row-ri) <= 3 || numbersBetween(rows, ri, m.row) <= 4
			b = b.Union(m.box)
		}
		if near {
			out = append(out, b)
		}
	}
	return out
}

func abs(x int) int { return max(x, -x) }

// isDash reports a dash read alone: an empty cell's mark.
func isDash(t string) bool { return t == "-" || t == "—" || t == "–" }

// numbersBetween counts the rows with a clean number between rows a and
// b.
func numbersBetween(rows []labrelay.Row, a, b int) int {
	n := 0
	for k := min(a, b) + 1; k < max(a, b); k++ {
		if slices.ContainsFunc(rows[k].Words, func(w labrelay.Word) bool { return cleanNumber.MatchString(w.Text) }) {
			n++
		}
	}
	return n
}

// loneSign returns the index of the one word of ws over box b when it is
// a sign alone, or a misread with no digit ("as", "aslo", "得" where a
// photo's "≤ 1" stood), else -1. A speck read as a dot beside it (". ="
// for "-") does not count.
func loneSign(ws []labrelay.Word, b labrelay.Box) int {
	at := -1
	for i, w := range ws {
		if !overlapX(w.Box, b) || speckWord(w.Text) {
			continue
		}
		if at >= 0 || !isSign(w.Text) && !misreadNumber(w.Text) {
			return -1
		}
		at = i
	}
	return at
}

// misreadNumber reports a short word in a numeric column that no cell
// of one prints: four glyphs at most, no digit, no capital, not "nd",
// "n.d.", "not" or "detected".
func misreadNumber(t string) bool {
	if t == "" || utf8.RuneCountInString(t) > 4 || notDetected.MatchString(t) {
		return false
	}
	switch strings.ToLower(t) {
	case "nd", "n.d", "n.d.", "na", "n/a", "n.a.", "not", "max", "max.", "min", "min.", "-", "—", "/", "nil", "neg", "neg.", "pos", "pos.",
		"oz", "lb", "lbs", "pcs", "pc", "set", "sets", "kg", "mg", "ml", "mm", "cm", "ft", "pair":
		return false // a unit after a number ("Paper cup 8 oz"); "l" may be a "1"
	}
	for _, r := range t {
		if unicode.IsDigit(r) || unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// overlapsAny reports whether a word of ws overlaps box b horizontally.
func overlapsAny(ws []labrelay.Word, b labrelay.Box) bool {
	return slices.ContainsFunc(ws, func(w labrelay.Word) bool {
		return math.Min(w.Box.X+w.Box.W, b.X+b.W) > math.Max(w.Box.X, b.X)
	})
}

// covered reports whether a word covers most of ink, the sign read
// alone in the cell (word sign of row ri) aside: a column of one speck
// read as a digit beside a number ("3" two pixels wide) made a cell whose
// widened crop was that number; a row that a tall word stretched may hold
// a cell of the row beside it. A number inside the ink covers it too: a
// photo's "295" with a speck after it, the row's word grouped with the
// row above.
func covered(rows []labrelay.Row, ri, sign int, ink image.Rectangle) bool {
	b := boxOf(ink)
	for k, r := range rows {
		for i, w := range r.Words {
			if k == ri && i == sign {
				continue
			}
			ox := math.Min(w.Box.X+w.Box.W, b.X+b.W) - math.Max(w.Box.X, b.X)
			oy := math.Min(w.Box.Y+w.Box.H, b.Y+b.H) - math.Max(w.Box.Y, b.Y)
			if ox > 0 && oy > 0 && (ox*oy >= 0.5*b.W*b.H || ox*oy >= 0.5*w.Box.W*w.Box.H && strings.ContainsFunc(w.Text, unicode.IsDigit)) {
				return true
			}
		}
	}
	return false
}

// glyphInside reports whether r of g holds a piece of dark ink a third of
// lineH tall that is not a rule (not touching both r's top and bottom, nor
// wider than twice lineH), and the box of the ink of such size, specks
// left out.
func glyphInside(g *image.Gray, r image.Rectangle, lineH float64) (image.Rectangle, bool) {
	var ink image.Rectangle
	ok := false
	for _, b := range glyphPieces(g, r, lineH) {
		ink = ink.Union(b)
		ok = ok || float64(b.Dy()) >= lineH/3
	}
	return ink, ok
}

// glyphPieces are the boxes of the pieces of ink of r that may be glyphs:
// no rule (touching r's top and bottom, or wider than twice lineH) and no
// speck (under a sixth of lineH).
func glyphPieces(g *image.Gray, r image.Rectangle, lineH float64) []image.Rectangle {
	t := min(pageimage.Otsu(g.SubImage(r).(*image.Gray)), 128)
	var out []image.Rectangle
	for _, c := range components(r, func(x, y int) bool { return g.Pix[g.PixOffset(x, y)] < t }) {
		rule := c.box.Min.Y <= r.Min.Y && c.box.Max.Y >= r.Max.Y || float64(c.box.Dx()) > 2*lineH
		if !rule && float64(max(c.box.Dx(), c.box.Dy())) >= lineH/6 {
			out = append(out, c.box)
		}
	}
	return out
}

// dashInside reports whether r holds a dash and nothing else ("-", a
// value not given, which Tesseract drops as it drops specks): one piece
// of ink at least a sixth of lineH wide (a line's height counts its
// ascenders and descenders), half as tall as wide or less and at most a
// quarter of lineH, about the middle of r.
func dashInside(g *image.Gray, r image.Rectangle, lineH float64) (image.Rectangle, bool) {
	t := min(pageimage.Otsu(g.SubImage(r).(*image.Gray)), 128)
	var dash image.Rectangle
	n := 0
	for _, c := range components(r, func(x, y int) bool { return g.Pix[g.PixOffset(x, y)] < t }) {
		if float64(max(c.box.Dx(), c.box.Dy())) < lineH/6 {
			continue // a speck
		}
		n++
		dash = c.box
	}
	// a scan's blur thickens a short hyphen to two thirds of its width
	if n != 1 || float64(dash.Dx()) < lineH/6 || float64(dash.Dx()) > 1.5*lineH || 3*dash.Dy() > 2*dash.Dx() || float64(dash.Dy()) > lineH/4 {
		return image.Rectangle{}, false
	}
	mid := float64(dash.Min.Y+dash.Max.Y) / 2
	top, h := float64(r.Min.Y), float64(r.Dy())
	return dash, mid > top+0.25*h && mid < top+0.75*h
}

// readLostCells reads the cells findLostCells found and adds what reads
// as a clean number to its row, at most at disagreeConf. A number found
// makes a column of the rows below it ("0.2" lost above "0.07", "15",
// "0.01"): the search runs again, at most lostPasses times, while it
// finds cells not read before.
func (r *Reader) readLostCells(ctx context.Context, g *image.Gray, dpi float64, num int, rows []labrelay.Row, lineH float64) error {
	tried := map[image.Rectangle]bool{}
	for range lostPasses {
		var cells []lostCell
		for _, c := range findLostCells(g, rows, lineH) {
			if tried[c.box] {
				continue
			}
			tried[c.box] = true
			if c.dash {
				takeDash(rows, c)
				continue
			}
			cells = append(cells, c)
		}
		if len(cells) == 0 {
			return nil
		}
		found, err := r.readCellsOnce(ctx, g, dpi, num, rows, cells)
		if err != nil || found == 0 {
			return err
		}
	}
	return nil
}

// takeDash puts a dash cell's "-" into its row, in place of the misread
// read there if any: the pixels are the reading, no OCR makes a dash
// surer. A dash found twice (by its column and by its gap) goes in once.
func takeDash(rows []labrelay.Row, c lostCell) {
	if covered(rows, c.row, c.sign, c.ink) {
		return
	}
	if c.sign >= 0 {
		b := boxOf(c.box)
		at := loneSign(rows[c.row].Words, b)
		if at < 0 {
			return
		}
		sign := rows[c.row].Words[at]
		rows[c.row].Words = slices.DeleteFunc(rows[c.row].Words, func(w labrelay.Word) bool {
			return w == sign || overlapX(w.Box, b) && speckWord(w.Text)
		})
	}
	insertWord(&rows[c.row], labrelay.Word{Text: "-", Conf: disagreeConf, Box: boxOf(c.ink)})
}

// speckWord is a word of one dot-like glyph: a speck.
func speckWord(t string) bool {
	switch strings.TrimSpace(t) {
	case ".", ",", "·", "'", "`", "‘", "’":
		return true
	}
	return false
}

// lostPasses bounds the searches for lost cells on a page. Each pass
// finds the cells within three rows of the column's numbers, so a column
// whose page reading kept only its last two numbers is found upwards a
// few rows a pass; a pass that finds nothing ends the search.
const lostPasses = 6

// readCellsOnce reads cells, one request per whitelist: a cell's column
// allows the characters its numbers print ("ND" in a column of results),
// as rereadCells does.
func (r *Reader) readCellsOnce(ctx context.Context, g *image.Gray, dpi float64, num int, rows []labrelay.Row, cells []lostCell) (int, error) {
	groups := map[string][]lostCell{}
	for _, c := range cells {
		wl := whitelistAt(rows, c.row, boxOf(c.box))
		if wl == "" {
			wl = numericChars + " "
		}
		groups[wl] = append(groups[wl], c)
	}
	found := 0
	var blank []lostCell // read as no digit with digits only
	for _, wl := range slices.Sorted(maps.Keys(groups)) {
		n, empty, err := r.readGroup(ctx, g, dpi, num, rows, groups[wl], wl, false)
		if err != nil {
			return found, err
		}
		found += n
		if !strings.ContainsRune(wl, 'D') {
			blank = append(blank, empty...)
		}
	}
	if len(blank) > 0 {
		// a lost "N.D." among numbers: its column's digits read it as
		// nothing, so it is read once more with its letters
		n, _, err := r.readGroup(ctx, g, dpi, num, rows, blank, numericChars+" NDnd", true)
		return found + n, err
	}
	return found, nil
}

// readGroup reads cells with one whitelist and takes what takeLost
// takes, only a value not detected when nd is set. It returns how many
// it took and the cells not taken whose reading holds no digit.
func (r *Reader) readGroup(ctx context.Context, g *image.Gray, dpi float64, num int, rows []labrelay.Row, cs []lostCell, wl string, nd bool) (int, []lostCell, error) {
	boxes := make([]ocrproto.Cell, len(cs))
	for i, c := range cs {
		boxes[i] = ocrproto.Cell{X: c.box.Min.X, Y: c.box.Min.Y, W: c.box.Dx(), H: c.box.Dy()}
	}
	reads, err := r.readBoxes(ctx, g, dpi, num, ocrproto.Request{Whitelist: wl}, boxes)
	if err != nil {
		return 0, nil, err
	}
	found := 0
	var empty []lostCell
	for i, c := range cs {
		if i >= len(reads) {
			break
		}
		read := reads[i]
		text, conf := strings.TrimSpace(read.Text), read.Conf/100
		r.log().Debug("ocr lost cell", "page", num, "box", c.box, "read", read.Text, "conf", conf, "whitelist", wl)
		switch {
		case (!nd || notDetected.MatchString(text)) && takeLost(rows, c, text, conf):
			found++
		case !strings.ContainsFunc(text, unicode.IsDigit):
			empty = append(empty, c)
		}
	}
	return found, empty, nil
}

// takeLost puts a lost cell's reading into its row when it is a clean
// number read surely, or less surely but confirmed by its column, in place
// of the sign read alone there if any. It reports whether it did.
// Tesseract reads a crop of "≤1" under four "≤1" as "<1" or "1" at 0 to
// 0.4 (its models lack "≤"); the column's own reading of the number is
// the evidence, and fixSigns then reads the sign from the pixels.
func takeLost(rows []labrelay.Row, c lostCell, text string, conf float64) bool {
	if !cleanNumber.MatchString(text) || conf < minReadConf && !columnHas(rows, c, text) {
		return false
	}
	if covered(rows, c.row, c.sign, c.ink) {
		return false // read already, by a cell of an overlapping column
	}
	if c.sign >= 0 {
		// found again: a word inserted before it moved it
		at := loneSign(rows[c.row].Words, boxOf(c.box))
		if at < 0 {
			return false
		}
		rows[c.row].Words = slices.Delete(rows[c.row].Words, at, at+1)
	}
	if bareNumber.MatchString(text) {
		text = columnSign(rows, c, text) + text
	}
	insertWord(&rows[c.row], labrelay.Word{Text: text, Conf: math.Min(conf, disagreeConf), Box: boxOf(c.ink)})
	return true
}

// columnSign is the sign, and its space, that most other rows of c's
// column print before text's number, all bounds of one side, when c's
// ink is as wide as theirs: the crop's reading lost it ("≤ 1000" read
// "1000"), a bare number would be narrower. "<" or "≤" does not matter
// here (a neighbour's "=" counts as "≤"): fixSigns then reads the sign
// from the pixels. "" otherwise.
func columnSign(rows []labrelay.Row, c lostCell, text string) string {
	col := boxOf(c.box)
	count := map[string]int{}
	var widths []float64
	below, above := false, false
	for ri, r := range rows {
		for _, w := range r.Words {
			if ri == c.row || !overlapX(w.Box, col) {
				continue
			}
			m := leadingSign.FindStringSubmatch(w.Text)
			if m == nil || m[3] != text {
				continue
			}
			if m[1] == "=" {
				m[1] = "≤" // the usual misreading of "≤", before fixSigns
			}
			below = below || m[1] == "<" || m[1] == "≤"
			above = above || m[1] == ">" || m[1] == "≥"
			count[m[1]+m[2]]++
			widths = append(widths, w.Box.W)
		}
	}
	if len(widths) == 0 || below && above {
		return ""
	}
	slices.Sort(widths)
	if float64(c.ink.Dx()) < 0.85*widths[len(widths)/2] {
		return ""
	}
	sign := ""
	for s, n := range count {
		if n > count[sign] || n == count[sign] && s < sign {
			sign = s
		}
	}
	return sign
}

// columnHas reports whether another row has a word in c's column that is
// text's number, with a sign if text has one (which sign aside: the
// pixels tell that) and spaces aside.
func columnHas(rows []labrelay.Row, c lostCell, text string) bool {
	shape := func(t string) string {
		t = strings.ReplaceAll(t, " ", "")
		if n := strings.TrimLeft(t, "<>≤≥="); n != t {
			return "<" + n
		}
		return t
	}
	want, col := shape(text), boxOf(c.box)
	for ri, r := range rows {
		for _, w := range r.Words {
			if ri != c.row && w.Conf >= minReadConf && overlapX(w.Box, col) && shape(w.Text) == want {
				return true
			}
		}
	}
	return false
}

func boxOf(r image.Rectangle) labrelay.Box {
	return labrelay.Box{X: float64(r.Min.X), Y: float64(r.Min.Y), W: float64(r.Dx()), H: float64(r.Dy())}
}

// insertWord puts w into row in reading order.
func insertWord(row *labrelay.Row, w labrelay.Word) {
	at := slices.IndexFunc(row.Words, func(o labrelay.Word) bool { return o.Box.X > w.Box.X })
	if at < 0 {
		at = len(row.Words)
	}
	row.Words = slices.Insert(row.Words, at, w)
}
