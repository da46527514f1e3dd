package ocr

import (
	"context"
	"image"
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
	"github.com/labrelay/labrelay/extract/pageimage"
)

// Cell re-reads. A misread number in a result table ("0:004", "237]",
// "< 工", "= 1000") is the costliest error a scan can cause, and the page
// reading sees a cell as a few pixels of a large page. Cells of numeric
// columns — a column where other rows hold clean numbers — are read again
// one at a time as a single line, enlarged, with only the characters such
// a column holds allowed. Both readings are evidence: when they agree the
// cell keeps the higher confidence; when they differ the more plausible
// one is kept with at most disagreeConf, so a person checks it.

// disagreeConf caps a cell whose two readings differ: under every rule
// pack's review threshold.
const disagreeConf = 0.6

// spacingConf caps a cell whose readings differ only in spaces ("< 10"
// against "<10"): the value is the same, its printed form is in doubt.
const spacingConf = 0.85

// minReadConf is the confidence under which a re-read is no evidence
// either way: on a crop that holds no text Tesseract returns a character
// or two at confidence near 0.
const minReadConf = 0.5

// rereadBelow is the confidence under which a clean number in a numeric
// column is read again; a cell that is not a clean number always is.
const rereadBelow = 0.93

// cleanNumber matches what a numeric result cell holds: a number with an
// optional comparison sign, a not-detected mark or a dash.
var cleanNumber = regexp.MustCompile(`^(?:[<>≤≥]\s?)?(?:\d+(?:[.,]\d+)*%?|N\.?D\.?|n\.?d\.?|-|—|–)$`)

// numericChars are always allowed in a numeric column's re-read.
const numericChars = "0123456789.,<>≤≥-"

// cellJob is one cell to re-read: words [from, to) of a row.
type cellJob struct {
	row, from, to int
	box           ocrproto.Cell
}

// rereadCells re-reads the cells of numeric columns of rows (words of g)
// in a worker and replaces or re-weighs their words; with only set, only
// the cells whose box it holds. It returns the boxes of the candidate
// cells that stood in no numeric column.
func (r *Reader) rereadCells(ctx context.Context, g *image.Gray, dpi float64, num int, rows []labrelay.Row, only map[ocrproto.Cell]bool) (map[ocrproto.Cell]bool, error) {
	groups := map[string][]cellJob{}
	none := map[ocrproto.Cell]bool{}
	for ri := range rows {
		for _, j := range rowCells(rows, ri) {
			if only != nil && !only[j.box] {
				continue
			}
			if wl := columnWhitelist(rows, ri, j); wl != "" {
				groups[wl] = append(groups[wl], j)
			} else {
				none[j.box] = true
			}
		}
	}
	wls := make([]string, 0, len(groups))
	for wl := range groups {
		wls = append(wls, wl)
	}
	sort.Strings(wls)
	var edits []cellEdit
	for _, wl := range wls {
		jobs := groups[wl]
		boxes := make([]ocrproto.Cell, len(jobs))
		for i, j := range jobs {
			boxes[i] = j.box
		}
		reads, err := r.readBoxes(ctx, g, dpi, num, ocrproto.Request{Whitelist: wl}, boxes)
		if err != nil {
			return nil, err
		}
		for i, j := range jobs {
			if i < len(reads) {
				edits = append(edits, cellEdit{job: j, read: reads[i]})
				o, co := joined(rows[j.row].Words[j.from:j.to])
				r.log().Debug("ocr cell", "page", num, "was", o, "conf", co, "reread", reads[i].Text, "reconf", reads[i].Conf, "whitelist", wl)
			}
		}
	}
	applyEdits(g, rows, edits)
	return none, nil
}

// rowCells lists the candidate cells of row ri: runs of adjacent numeric-
// looking words (a sign and its number printed apart), each a cell when it
// is not a clean number or was read with doubt.
func rowCells(rows []labrelay.Row, ri int) []cellJob {
	ws := rows[ri].Words
	var out []cellJob
	for i := 0; i < len(ws); {
		if !numericLike(ws[i].Text) || sureLetters(ws[i]) {
			i++
			continue
		}
		j := i + 1
		for j < len(ws) && numericLike(ws[j].Text) && !sureLetters(ws[j]) && gap(ws[j-1], ws[j]) < joinGap(ws[j-1], ws[j]) {
			j++
		}
		text, conf := joined(ws[i:j])
		if !cleanNumber.MatchString(text) || conf < rereadBelow {
			out = append(out, cellJob{row: ri, from: i, to: j, box: cellBox(ws, i, j)})
		}
		i = j
	}
	return out
}

// sureLetters reports a word of two letters read surely ("TR" of "TR
// 2026 35 8903"): a code's prefix, not a number misread; read again with
// a numeric whitelist it was lost.
func sureLetters(w labrelay.Word) bool {
	return w.Conf >= 0.9 && utf8.RuneCountInString(w.Text) == 2 && !strings.ContainsFunc(w.Text, func(c rune) bool { return !unicode.IsLetter(c) })
}

// joinGap is the widest gap at which b continues a's cell: a sign and its
// number are printed a space apart, anything else must nearly touch.
func joinGap(a, b labrelay.Word) float64 {
	h := math.Max(a.Box.H, b.Box.H)
	if isSign(a.Text) {
		return 1.2 * h
	}
	return 0.5 * h
}

func gap(a, b labrelay.Word) float64 { return b.Box.X - (a.Box.X + a.Box.W) }

func joined(ws []labrelay.Word) (string, float64) {
	parts := make([]string, len(ws))
	conf := 1.0
	for i, w := range ws {
		parts[i] = w.Text
		conf = math.Min(conf, w.Conf)
	}
	return strings.Join(parts, " "), conf
}

// numericLike reports whether a word could be a misread numeric cell: a
// clean number, a word of at most two characters (a lone "1" read as "l",
// "工" or "al"), or a short word with a digit or a comparison sign and at
// most one letter ("237]", "0:004", "=1000"). Codes and dates ("C26-04417",
// "2026-01-05") are not: a dash or slash between digits is not a cell
// misreading.
func numericLike(t string) bool {
	n := utf8.RuneCountInString(t)
	if n == 0 || n > 8 || strings.Trim(t, "|¦[]_") == "" {
		return false // table ruling read as a word ends a cell
	}
	if n <= 2 || cleanNumber.MatchString(t) {
		return true
	}
	letters := 0
	digit := false
	prev := rune(0)
	for _, c := range t {
		switch {
		case unicode.IsDigit(c), strings.ContainsRune("<>≤≥=", c):
			if unicode.IsDigit(c) && (prev == '-' || prev == '/') {
				return false
			}
			digit = true
		case unicode.IsLetter(c):
			letters++
		}
		prev = c
	}
	return digit && letters <= 1
}

// isSign reports whether t is a comparison sign printed apart from its
// number ("< 1000").
func isSign(t string) bool {
	switch t {
	case "<", ">", "≤", "≥", "=", "<=", ">=":
		return true
	}
	return false
}

// cellBox is the box of words [i, j) of ws with a little room on either
// side, never more than a third of the way to a neighbour: table ruling
// next to a cell reads as "1".
func cellBox(ws []labrelay.Word, i, j int) ocrproto.Cell {
	b := labrelay.WordsBox(ws[i:j])
	h := b.H
	left, right := 0.25*h, 0.25*h
	if i > 0 {
		left = math.Min(left, gap(ws[i-1], ws[i])/3)
	}
	if j < len(ws) {
		right = math.Min(right, gap(ws[j-1], ws[j])/3)
	}
	left, right = math.Max(0, left), math.Max(0, right)
	pad := 0.1 * h
	return ocrproto.Cell{
		X: int(b.X - left), Y: int(b.Y - pad),
		W: int(b.W + left + right + 0.5), H: int(b.H + 2*pad + 0.5),
	}
}

// columnWhitelist is the whitelist of the column of job j: the numeric
// characters and those of the clean numbers above and below in the same
// column ("N", "D", "n", "d", "%"); "" when fewer than two rows nearby
// hold a clean number overlapping the cell — not a numeric column.
func columnWhitelist(rows []labrelay.Row, ri int, j cellJob) string {
	return whitelistAt(rows, ri, labrelay.WordsBox(rows[ri].Words[j.from:j.to]))
}

// whitelistAt is the whitelist of the numeric column over box b of row
// ri, as columnWhitelist.
func whitelistAt(rows []labrelay.Row, ri int, b labrelay.Box) string {
	extra := map[rune]bool{}
	n := 0
	for k := max(0, ri-15); k < min(len(rows), ri+16); k++ {
		if k == ri {
			continue
		}
		for _, w := range rows[k].Words {
			if !overlapX(b, w.Box) || !cleanNumber.MatchString(w.Text) {
				continue
			}
			n++
			for _, c := range w.Text {
				if !strings.ContainsRune(numericChars, c) && c != ' ' {
					extra[c] = true
				}
			}
		}
	}
	if n < 2 {
		return ""
	}
	// The space is allowed: without it Tesseract joins "< 1000" into one
	// word it reads at confidence 0.
	wl := []rune(numericChars + " ")
	for c := range extra {
		wl = append(wl, c)
	}
	sort.Slice(wl, func(a, b int) bool { return wl[a] < wl[b] })
	return string(wl)
}

// overlapX reports whether a and b overlap horizontally by at least a
// third of the narrower.
func overlapX(a, b labrelay.Box) bool {
	ov := math.Min(a.X+a.W, b.X+b.W) - math.Max(a.X, b.X)
	return ov > 0 && ov >= math.Min(a.W, b.W)/3
}

// cellEdit is a cell and its second reading.
type cellEdit struct {
	job  cellJob
	read ocrproto.CellText
}

// applyEdits replaces each edited cell's words by the decided reading,
// last cell of a row first so earlier indices hold.
func applyEdits(g *image.Gray, rows []labrelay.Row, edits []cellEdit) {
	sort.Slice(edits, func(a, b int) bool {
		if edits[a].job.row != edits[b].job.row {
			return edits[a].job.row < edits[b].job.row
		}
		return edits[a].job.from > edits[b].job.from
	})
	for _, e := range edits {
		row := &rows[e.job.row]
		ws := row.Words
		got := decide(g, ws[e.job.from:e.job.to], e.read)
		row.Words = append(append(append([]labrelay.Word(nil), ws[:e.job.from]...), got...), ws[e.job.to:]...)
		row.Box = labrelay.WordsBox(row.Words)
	}
}

// decide weighs a cell's page reading (words of g) against its re-read.
// A leading sign's spacing is taken from the pixels (respace) in both; a
// "<=" read for "≤" is spelled "≤"; either keeps at most spacingConf.
func decide(g *image.Gray, words []labrelay.Word, read ocrproto.CellText) []labrelay.Word {
	out := weigh(g, words, read)
	o, _ := joined(words)
	got, _ := joined(out)
	// A spelling or spacing neither reading gave is the measurement's, not
	// Tesseract's: it is not auto-accepted on the readings' confidence.
	if asciiSign(o) != o || asciiSign(read.Text) != read.Text || got != o && got != strings.TrimSpace(read.Text) {
		for i := range out {
			out[i].Conf = math.Min(out[i].Conf, spacingConf)
		}
	}
	return out
}

func weigh(g *image.Gray, words []labrelay.Word, read ocrproto.CellText) []labrelay.Word {
	o, co := joined(words)
	n, cn := strings.TrimSpace(read.Text), math.Max(0, math.Min(1, read.Conf/100))
	box := labrelay.WordsBox(words)
	if ro := respace(g, box, asciiSign(o)); ro != o {
		words = []labrelay.Word{{Text: ro, Box: box, Conf: co}}
		o = ro
	}
	n = respace(g, box, asciiSign(n))
	out := append([]labrelay.Word(nil), words...)
	if n == "" || cn < minReadConf {
		return out // no second reading: the crop held nothing Tesseract could read
	}
	if n == o {
		for i := range out {
			out[i].Conf = math.Max(out[i].Conf, cn)
		}
		return out
	}
	text, conf, limit := o, co, disagreeConf
	switch {
	case strings.ReplaceAll(n, " ", "") == strings.ReplaceAll(o, " ", ""):
		limit = spacingConf
		if cn > co {
			text, conf = n, cn
		}
	case droppedSign(o, n):
	case pointOnly(o, n):
		// "1.5" and "15": a point in the pixels says which; none seen may
		// be one a blur joined to a digit, so the surer reading
		if has, _ := pointInk(g, box); has && strings.Contains(n, ".") || !has && cn > co {
			text, conf = n, cn
		}
	case cleanNumber.MatchString(n) && !cleanNumber.MatchString(o):
		text, conf = n, cn
	case cleanNumber.MatchString(o) && !cleanNumber.MatchString(n):
	case cn > co:
		text, conf = n, cn
	}
	if text == o {
		for i := range out {
			out[i].Conf = math.Min(out[i].Conf, limit)
		}
		return out
	}
	return []labrelay.Word{{Text: text, Box: labrelay.WordsBox(words), Conf: math.Min(conf, limit)}}
}

// pointOnly reports whether a and b differ in their full stops only.
func pointOnly(a, b string) bool {
	return a != b && strings.ReplaceAll(a, ".", "") == strings.ReplaceAll(b, ".", "")
}

// pointInk reports whether box b of g holds a full stop between digits:
// a piece of ink under a quarter of the box's height wide and tall, in
// its lower half, on the digits' baseline (a comma goes under it), with
// a digit on each side. ok is false when the
// box holds fewer than two digits' ink to tell by.
func pointInk(g *image.Gray, b labrelay.Box) (has, ok bool) {
	if g == nil {
		return false, false
	}
	r := image.Rect(int(b.X), int(b.Y), int(b.X+b.W+0.5), int(b.Y+b.H+0.5)).Intersect(g.Rect)
	if r.Dx() < 4 || r.Dy() < 8 {
		return false, false
	}
	t := pageimage.Otsu(g.SubImage(r).(*image.Gray))
	comps := components(r, func(x, y int) bool { return g.Pix[g.PixOffset(x, y)] < t })
	h, base := r.Dy(), 0
	var digits []image.Rectangle
	for _, c := range comps {
		if c.box.Dy() >= h/2 {
			digits = append(digits, c.box)
			base = max(base, c.box.Max.Y)
		}
	}
	if len(digits) < 2 {
		return false, false
	}
	for _, c := range comps {
		p := c.box
		// on the baseline: a comma's tail goes under it
		if c.n < 3 || p.Dx() > h/4 || p.Dy() > h/4 || p.Min.Y-r.Min.Y < h/2 || p.Max.Y < base-h/8 || p.Max.Y > base+h/16 {
			continue
		}
		left, right := false, false
		for _, d := range digits {
			left = left || d.Max.X <= p.Min.X+1
			right = right || d.Min.X >= p.Max.X-1
		}
		if left && right {
			return true, true
		}
	}
	return false, true
}

// signFirst matches a cell that starts with a comparison sign and a
// number, with or without a space between them.
var signFirst = regexp.MustCompile(`^([<>≤≥])\s?(\d.*)$`)

// respace sets the space between a leading sign and its number from the
// page's pixels: Tesseract drops or keeps it by chance on short cells
// ("< 1" read as "<1"), but "≤5" and "≤ 5" are both printed. The gap
// between the sign's ink and the number's is measured against the height
// of the cell's ink (a scan's box may be twice as tall): printed without a space it is about a quarter of it, with one
// about two thirds.
//
// A bound's word before its number ("Max. 1000", read "Max.1000") is
// spaced the same way, by the widest gap in the cell: the letters' and
// digits' gaps are narrower than a space.
func respace(g *image.Gray, b labrelay.Box, text string) string {
	m := signFirst.FindStringSubmatch(text)
	word := false
	if m == nil {
		m, word = boundFirst.FindStringSubmatch(text), true
	}
	if m == nil || g == nil {
		return text
	}
	r := rect(b).Intersect(g.Rect)
	if r.Dx() < 4 || r.Dy() < 4 {
		return text
	}
	runs := inkRuns(g, r)
	if len(runs) < 2 {
		return text
	}
	gap := runs[1][0] - runs[0][1]
	if word {
		gap = 0
		for i := 1; i < len(runs); i++ {
			gap = max(gap, runs[i][0]-runs[i-1][1])
		}
	}
	if float64(gap) > 0.42*float64(inkHeight(g, r)) {
		return m[1] + " " + m[2]
	}
	return m[1] + m[2]
}

// inkHeight is the height of r's dark ink, top to bottom: a scan's word
// box is often taller than its text.
func inkHeight(g *image.Gray, r image.Rectangle) int {
	t := pageimage.Otsu(g.SubImage(r).(*image.Gray))
	top, bot := -1, -1
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if g.Pix[g.PixOffset(x, y)] < t {
				if top < 0 {
					top = y
				}
				bot = y + 1
				break
			}
		}
	}
	if top < 0 {
		return r.Dy()
	}
	return bot - top
}

// boundFirst matches a cell that starts with a bound's word and a number.
var boundFirst = regexp.MustCompile(`^((?i:max|min)\.)\s?(\d[\d.,]*)$`)

// asciiSign spells "<=" and ">=" as the signs they stand for.
func asciiSign(t string) string {
	for a, u := range map[string]string{"<=": "≤", ">=": "≥"} {
		if rest, ok := strings.CutPrefix(t, a); ok {
			return u + rest
		}
	}
	return t
}

// droppedSign reports whether n is o without its leading sign: the re-read
// lost a glyph ("≤" outside the model's characters) the page reading saw,
// or read as "=" — kept, fixSigns reads it from the pixels.
func droppedSign(o, n string) bool {
	m := leadingSign.FindStringSubmatch(o)
	return m != nil && m[3] == n
}
