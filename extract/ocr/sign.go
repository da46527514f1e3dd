package ocr

import (
	"image"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/pageimage"
)

// Comparison signs from the pixels. Tesseract reads "≤" as "=", "<" or
// nothing, and "<" now and then as "≤" — one bar under a chevron that
// decides whether a limit includes its bound. signAt looks at the first
// glyph of a cell: two full-width bars are "=", a chevron over one bar
// "≤" or "≥", a chevron alone "<" or ">".

// leadingSign matches a cell that starts with a comparison sign (or "=",
// the usual misreading of "≤") and a number.
var leadingSign = regexp.MustCompile(`^([<>≤≥=])(\s?)(\d.*)$`)

// signAt classifies the first glyph inside box b of g; 0 when it is none
// of the signs or the pixels do not tell.
func signAt(g *image.Gray, b labrelay.Box) rune {
	r, ink := glyphInk(g, b, 0)
	if ink == nil {
		return 0
	}
	ink, x0, x1 := firstShape(r, ink, b.H)
	if x1-x0 < 3 {
		return 0
	}
	return glyphSign(r, ink, x0, x1)
}

// firstShape is the first glyph of r as its connected pieces of ink: the
// leftmost piece at least a third of the text height h tall, with the
// pieces above or below it (the bar of "≤"). Specks and broken rules
// that glue the cell's glyphs into one run of ink columns on a scan are
// left out. ink is the glyph's pixels only. A piece as wide as a third of
// h counts too: the two bars of "=".
func firstShape(r image.Rectangle, ink func(x, y int) bool, h float64) (func(x, y int) bool, int, int) {
	comps := components(r, ink)
	first := -1
	for i, c := range comps {
		w, ht := float64(c.box.Dx()), float64(c.box.Dy())
		if max(w, ht) >= h/3 && w <= 1.5*h && (first < 0 || c.box.Min.X < comps[first].box.Min.X) {
			first = i
		}
	}
	if first < 0 {
		return ink, -1, -1
	}
	fb := comps[first].box
	keep := map[int]bool{}
	x0, x1 := fb.Min.X, fb.Max.X
	for _, c := range comps {
		w := c.box.Dx()
		ov := min(c.box.Max.X, fb.Max.X) - max(c.box.Min.X, fb.Min.X)
		if c.n < 3 || float64(w) > 1.5*h || 2*ov < min(w, fb.Dx()) {
			continue
		}
		for _, p := range c.pix {
			keep[p] = true
		}
		x0, x1 = min(x0, c.box.Min.X), max(x1, c.box.Max.X)
	}
	stride := r.Dx()
	return func(x, y int) bool {
		return x >= r.Min.X && x < r.Max.X && y >= r.Min.Y && y < r.Max.Y && keep[(y-r.Min.Y)*stride+x-r.Min.X]
	}, x0, x1
}

// component is one 8-connected piece of ink: its bounding box, its pixel
// count and its pixels as offsets in the region.
type component struct {
	box image.Rectangle
	n   int
	pix []int
}

// components labels the ink of r in 8-connected pieces.
func components(r image.Rectangle, ink func(x, y int) bool) []component {
	w, h := r.Dx(), r.Dy()
	seen := make([]bool, w*h)
	var out []component
	var stack []int
	for i := range seen {
		if seen[i] || !ink(r.Min.X+i%w, r.Min.Y+i/w) {
			continue
		}
		c := component{box: image.Rect(i%w, i/w, i%w+1, i/w+1)}
		seen[i] = true
		stack = append(stack[:0], i)
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			px, py := p%w, p/w
			c.pix = append(c.pix, p)
			c.box = c.box.Union(image.Rect(px, py, px+1, py+1))
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					x, y := px+dx, py+dy
					if x < 0 || y < 0 || x >= w || y >= h || seen[y*w+x] || !ink(r.Min.X+x, r.Min.Y+y) {
						continue
					}
					seen[y*w+x] = true
					stack = append(stack, y*w+x)
				}
			}
		}
		c.n = len(c.pix)
		c.box = c.box.Add(r.Min)
		out = append(out, c)
	}
	return out
}

// glyphInk is the box b of g widened by left pixels to the left and by a
// third of its height above and below (Tesseract's box of "≤" often
// leaves out its bar), and its ink: darker than the box's Otsu threshold,
// without the rows a table rule crosses. ink is nil for a box too small.
func glyphInk(g *image.Gray, b labrelay.Box, left float64) (image.Rectangle, func(x, y int) bool) {
	ext := 0.35 * b.H
	r := image.Rect(int(b.X-left), int(b.Y-ext), int(b.X+b.W+0.5), int(b.Y+b.H+ext+0.5)).Intersect(g.Rect)
	if r.Dx() < 4 || r.Dy() < 4 {
		return r, nil
	}
	t := pageimage.Otsu(g.SubImage(r).(*image.Gray))
	rule := map[int]bool{}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		n := 0
		for x := r.Min.X; x < r.Max.X; x++ {
			if g.Pix[g.PixOffset(x, y)] < t {
				n++
			}
		}
		rule[y] = n*10 >= r.Dx()*9
	}
	return r, func(x, y int) bool { return !rule[y] && g.Pix[g.PixOffset(x, y)] < t }
}

// glyphSign classifies the glyph in columns [x0, x1) of r.
func glyphSign(r image.Rectangle, ink func(x, y int) bool, x0, x1 int) rune {
	// the glyph's rows, and which of them are a bar across its width
	top, bot := -1, -1
	var full []bool
	var mid []float64 // mean ink x per row, -1 for none
	for y := r.Min.Y; y < r.Max.Y; y++ {
		n, sx := 0, 0
		for x := x0; x < x1; x++ {
			if ink(x, y) {
				n++
				sx += x
			}
		}
		if n > 0 {
			if top < 0 {
				top = y
			}
			bot = y
		}
		// a bar spans the glyph: the tip of a photo's thick chevron spans 0.7
		full = append(full, float64(n) >= 0.85*float64(x1-x0))
		m := -1.0
		if n > 0 {
			m = float64(sx) / float64(n)
		}
		mid = append(mid, m)
	}
	if top < 0 || bot-top < 3 {
		return 0
	}
	return classify(full[top-r.Min.Y:bot-r.Min.Y+1], mid[top-r.Min.Y:bot-r.Min.Y+1])
}

// classify names a glyph from its rows: which are full-width bars, and
// the mean ink x of each (-1: none).
func classify(full []bool, mid []float64) rune {
	h := len(full)
	var bars [][2]int
	for y := 0; y < h; y++ {
		if !full[y] {
			continue
		}
		if n := len(bars); n > 0 && bars[n-1][1] == y {
			bars[n-1][1] = y + 1
		} else {
			bars = append(bars, [2]int{y, y + 1})
		}
	}
	if len(bars) == 0 {
		return chevron(mid)
	}
	if len(bars) == 2 && bars[0][0] <= h/5 && bars[1][1] >= h-h/5 && empty(mid[bars[0][1]:bars[1][0]]) {
		return '='
	}
	// the bar of "≤" is the last; a photo's bold chevron may span the
	// glyph at its upper tip too, a bar above it
	if last := bars[len(bars)-1]; last[0] >= h/2 && last[1] >= h-2-h/8 && last[0] >= 3 {
		switch chevron(mid[:last[0]]) {
		case '<':
			return '≤'
		case '>':
			return '≥'
		}
	}
	return 0
}

// empty reports whether rows between two bars hold no ink.
func empty(mid []float64) bool {
	for _, m := range mid {
		if m >= 0 {
			return false
		}
	}
	return len(mid) > 0
}

// chevron tells "<" from ">" by where the ink sits halfway down against
// its ends: left of both for "<", right for ">".
func chevron(mid []float64) rune {
	for len(mid) > 0 && mid[0] < 0 {
		mid = mid[1:]
	}
	for len(mid) > 0 && mid[len(mid)-1] < 0 {
		mid = mid[:len(mid)-1]
	}
	h := len(mid)
	if h < 3 || mid[0] < 0 || mid[h-1] < 0 || mid[h/2] < 0 {
		return 0
	}
	ends := (mid[0] + mid[h-1]) / 2
	switch {
	case mid[h/2] < ends-1:
		return '<'
	case mid[h/2] > ends+1:
		return '>'
	}
	return 0
}

// fixSigns sets the comparison sign of each cell that starts with one (or
// with "=", or a sign word before a number) to the one its pixels show,
// and the space after a bound's word ("Max.1000") to the printed one.
// A sign changed this way is the measurement's reading, not
// Tesseract's: the word keeps at most spacingConf, under every pack's
// review threshold.
func fixSigns(g *image.Gray, rows []labrelay.Row) {
	var added []signAdded
	var signs []signRead
	for ri := range rows {
		ws := rows[ri].Words
		for i := range ws {
			w := &ws[i]
			text, box := w.Text, w.Box
			lone := isSign(text) && i+1 < len(ws) && leadingSign.MatchString(text+" "+ws[i+1].Text)
			if boundFirst.MatchString(text) {
				// "Max.1000": the pixels say whether a space was printed
				if t := respace(g, box, text); t != text {
					w.Text, w.Conf = t, math.Min(w.Conf, spacingConf)
				}
				continue
			}
			if lone {
				box = labrelay.Box{X: box.X, Y: math.Min(box.Y, ws[i+1].Box.Y), W: box.W, H: math.Max(box.H, ws[i+1].Box.H)}
			} else if !leadingSign.MatchString(text) {
				if was := *w; bareNumber.MatchString(text) && (signBefore(g, w) || signInside(g, w)) {
					added = append(added, signAdded{ri, i, was})
				}
				continue
			}
			have, _ := utf8.DecodeRuneInString(asciiSign(text))
			got := signAt(g, box)
			signs = append(signs, signRead{row: ri, word: i, told: got})
			switch {
			case got == 0 || got == have:
			case got == '=':
				w.Conf = math.Min(w.Conf, disagreeConf)
			default:
				_, n := utf8.DecodeRuneInString(asciiSign(text))
				w.Text = string(got) + asciiSign(text)[n:]
				w.Conf = math.Min(w.Conf, spacingConf)
			}
			// a cell read once, with confidence, has Tesseract's
			// spacing, which it drops by chance on short cells ("≤ 1"
			// read as "≤1"): the pixels say
			if !lone {
				if t := respace(g, box, w.Text); t != w.Text {
					w.Text, w.Conf = t, math.Min(w.Conf, spacingConf)
				}
			}
		}
	}
	columnSigns(rows, signs)
	dropLoneSigns(rows, added)
}

// signRead is a word of rows that starts with a sign, and the sign its
// pixels told (0: they did not).
type signRead struct {
	row, word int
	told      rune
}

// columnSigns gives a sign the pixels did not tell (its box ran into a
// rule, a blot) the sign they told for two cells or more of its column
// and no other, when it is that sign's chevron without its bar or with
// it ("<" for "≤"), or "=": a column prints one sign. The word keeps at
// most spacingConf.
func columnSigns(rows []labrelay.Row, signs []signRead) {
	family := func(r rune) rune {
		switch r {
		case '<', '≤':
			return '<'
		case '>', '≥':
			return '>'
		}
		return r
	}
	for _, s := range signs {
		if s.told != 0 {
			continue
		}
		w := &rows[s.row].Words[s.word]
		var told rune
		n, mixed := 0, false
		for _, p := range signs {
			if p.told == 0 || p.row == s.row || !overlapX(rows[p.row].Words[p.word].Box, w.Box) {
				continue
			}
			if n > 0 && p.told != told {
				mixed = true
			}
			told = p.told
			n++
		}
		text := asciiSign(w.Text)
		have, size := utf8.DecodeRuneInString(text)
		if n < 2 || mixed || told == have || told == '=' || have != '=' && family(have) != family(told) {
			continue
		}
		w.Text = string(told) + text[size:]
		w.Conf = math.Min(w.Conf, spacingConf)
	}
}

// signInside finds a sign inside the box of the bare number w that a
// re-read dropped ("$100" read again as "100", its box still over the
// "≤"): the box holds one glyph more than the number has characters, and
// the first is a sign. The sign is added, w keeping at most spacingConf.
func signInside(g *image.Gray, w *labrelay.Word) bool {
	r := rect(w.Box).Intersect(g.Rect)
	if r.Dx() < 4 || r.Dy() < 4 {
		return false
	}
	n := utf8.RuneCountInString(w.Text)
	if n > 6 {
		return false // a code or a date's year, no limit
	}
	runs := inkRuns(g, r)
	if len(runs) != n+1 {
		return false
	}
	// a sign is as wide as a digit or wider, and the glyph more is the
	// first: a rule or a speck the box took in, first or last, is not
	if first := runs[0]; float64(first[1]-first[0]) < 0.35*w.Box.H || float64(first[1]-first[0]) > 1.2*w.Box.H {
		return false
	}
	for _, d := range runs[1:] {
		if float64(d[1]-d[0]) < 0.2*w.Box.H {
			return false
		}
	}
	got := signAt(g, w.Box)
	if !strings.ContainsRune("<>≤≥", got) {
		return false
	}
	w.Text = respace(g, w.Box, string(got)+w.Text)
	w.Conf = math.Min(w.Conf, spacingConf)
	return true
}

// inkRuns are the runs of columns of r that hold ink, [x0, x1): a word's
// glyphs, where they do not touch.
func inkRuns(g *image.Gray, r image.Rectangle) [][2]int {
	return inkRunsBelow(g, r, pageimage.Otsu(g.SubImage(r).(*image.Gray)))
}

// inkRunsBelow is inkRuns for ink darker than t.
func inkRunsBelow(g *image.Gray, r image.Rectangle, t uint8) [][2]int {
	var runs [][2]int
	for x := r.Min.X; x < r.Max.X; x++ {
		ink := false
		for y := r.Min.Y; y < r.Max.Y && !ink; y++ {
			ink = g.Pix[g.PixOffset(x, y)] < t
		}
		switch n := len(runs); {
		case ink && n > 0 && runs[n-1][1] == x:
			runs[n-1][1] = x + 1
		case ink:
			runs = append(runs, [2]int{x, x + 1})
		}
	}
	return runs
}

// signAdded is a word signBefore gave a sign, as it was before.
type signAdded struct {
	row, word int
	was       labrelay.Word
}

// dropLoneSigns takes back a sign signBefore found before a number whose
// column holds two bare numbers or more and no cell read with that sign,
// when such found signs are half as many as the bare numbers or fewer: a
// photo's bent rule or a speck read as "<" before one detection limit
// ("< 50" and "> 50" among "50"s), or as ">" before two of seven. The
// number keeps at most disagreeConf: its cell is in doubt.
func dropLoneSigns(rows []labrelay.Row, added []signAdded) {
	found := map[[2]int]bool{}
	for _, a := range added {
		found[[2]int{a.row, a.word}] = true
	}
	for _, a := range added {
		sign, _ := utf8.DecodeRuneInString(rows[a.row].Words[a.word].Text)
		bare, signed, alike := 0, 0, 1
		for ri, r := range rows {
			for wi, o := range r.Words {
				if ri == a.row || !overlapX(o.Box, a.was.Box) {
					continue
				}
				switch {
				case bareNumber.MatchString(o.Text):
					bare++
				case !leadingSign.MatchString(o.Text) || !strings.HasPrefix(o.Text, string(sign)):
				case found[[2]int{ri, wi}]:
					alike++
				default:
					signed++
				}
			}
		}
		if bare >= 2 && signed == 0 && 2*alike <= bare {
			w := &rows[a.row].Words[a.word]
			*w = a.was
			w.Conf = math.Min(w.Conf, disagreeConf)
		}
	}
}

// bareNumber is a number printed without a sign.
var bareNumber = regexp.MustCompile(`^\d+(?:[.,]\d+)?$`)

// signBefore looks for a sign printed before the bare number w that
// Tesseract left out of its box ("≤ 1000" read as "1000"): the nearest
// glyph left of it, within 0.9 of its height, standing alone (no ink for
// 0.3 of the height before it) and no wider than the number is tall. A
// sign found is added, w keeping at most spacingConf; a "=" found there,
// the usual misreading of "≤" by the pixels too, leaves the number in
// doubt (disagreeConf). It reports whether it added a sign.
func signBefore(g *image.Gray, w *labrelay.Word) bool {
	h := w.Box.H
	r, ink := glyphInk(g, w.Box, 2.3*h)
	if ink == nil {
		return false
	}
	end := int(w.Box.X) - 1
	x0, x1 := lastGlyph(r, ink, end)
	if x1-x0 < 3 || float64(end-x1) > 0.9*h || float64(x1-x0) > h || float64(x0-r.Min.X) < 0.3*h {
		return false
	}
	for x := x0 - int(0.3*h); x < x0; x++ {
		for y := r.Min.Y; y < r.Max.Y; y++ {
			if ink(x, y) {
				return false // part of a word: the cell's text before the number
			}
		}
	}
	got := glyphSign(r, ink, x0, x1)
	switch got {
	case '<', '>', '≤', '≥':
		sp := ""
		if float64(end-x1) > 0.42*h {
			sp = " "
		}
		w.Text = string(got) + sp + w.Text
		w.Box.W += w.Box.X - float64(x0)
		w.Box.X = float64(x0)
		w.Conf = math.Min(w.Conf, spacingConf)
		return true
	case '=':
		w.Conf = math.Min(w.Conf, disagreeConf)
	}
	return false
}

// inkColumn reports whether column x of r holds ink.
func inkColumn(r image.Rectangle, ink func(x, y int) bool, x int) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		if ink(x, y) {
			return true
		}
	}
	return false
}

// lastGlyph is the last run of ink columns of r before column end,
// bridging a one-pixel break.
func lastGlyph(r image.Rectangle, ink func(x, y int) bool, end int) (int, int) {
	x0, x1 := -1, -1
	for x := min(end, r.Max.X) - 1; x >= r.Min.X; x-- {
		on := inkColumn(r, ink, x)
		switch {
		case on && x1 < 0:
			x0, x1 = x, x+1
		case on && x >= x0-2:
			x0 = x
		case x1 >= 0 && x < x0-2:
			return x0, x1
		}
	}
	return x0, x1
}

// joinLoneSigns joins a sign read as a word of its own to the number
// right of it: "≤" read as "=" a few pixels lower than its number fell
// into a row of its own.
func joinLoneSigns(words []labrelay.Word) []labrelay.Word {
	out := make([]labrelay.Word, 0, len(words))
	used := make([]bool, len(words))
	for i, w := range words {
		if used[i] || !isSign(w.Text) {
			continue
		}
		for j, n := range words {
			h := math.Max(w.Box.H, n.Box.H)
			cy := w.Box.Y + w.Box.H/2
			gap := n.Box.X - (w.Box.X + w.Box.W)
			if used[j] || j == i || !bareNumber.MatchString(n.Text) || gap < -2 || gap > 1.2*h ||
				cy < n.Box.Y-0.5*h || cy > n.Box.Y+n.Box.H+0.5*h {
				continue
			}
			used[i], used[j] = true, true
			out = append(out, labrelay.Word{Text: asciiSign(w.Text) + " " + n.Text, Box: w.Box.Union(n.Box), Conf: math.Min(w.Conf, n.Conf)})
			break
		}
	}
	for i, w := range words {
		if !used[i] {
			out = append(out, w)
		}
	}
	return out
}

// sameSpacing gives the signed numbers of a column the spacing most of
// them have: a table prints "< 1000" or "<1000" throughout, and the
// pixel gap of one cell (respace) is near the line between the two now
// and then. A cell changed this way keeps at most spacingConf.
func sameSpacing(rows []labrelay.Row) {
	type cellAt struct{ row, word int }
	var cells []cellAt
	for ri, r := range rows {
		for wi, w := range r.Words {
			if signFirst.MatchString(w.Text) {
				cells = append(cells, cellAt{ri, wi})
			}
		}
	}
	done := make([]bool, len(cells))
	for i := range cells {
		if done[i] {
			continue
		}
		col := []cellAt{cells[i]}
		spaced := 0
		for j := i; j < len(cells); j++ {
			a, b := rows[cells[i].row].Words[cells[i].word], rows[cells[j].row].Words[cells[j].word]
			if j > i && (done[j] || !overlapX(a.Box, b.Box)) {
				continue
			}
			if j > i {
				col = append(col, cells[j])
			}
			done[j] = true
			if strings.Contains(b.Text, " ") {
				spaced++
			}
		}
		if len(col) < 3 || spaced == 0 || spaced == len(col) || 3*spaced > len(col) && 3*spaced < 2*len(col) {
			continue // too few, all alike, or no clear majority
		}
		for _, c := range col {
			w := &rows[c.row].Words[c.word]
			m := signFirst.FindStringSubmatch(w.Text)
			want := m[1] + m[2]
			if 3*spaced >= 2*len(col) {
				want = m[1] + " " + m[2]
			}
			if want != w.Text {
				w.Text, w.Conf = want, math.Min(w.Conf, spacingConf)
			}
		}
	}
}

// specksConf is the confidence under which a word may be specks: a scan's
// noise that Tesseract read as a word ("one" in an empty cell).
const specksConf = 0.5

// dropSpecks drops the words read with little confidence whose box holds
// no piece of ink a third of the line height lineH tall, and hairline
// digits: specks, not glyphs. They fell into a cell of their own and
// joined a group heading to a row, or a number ("one 2").
func dropSpecks(g *image.Gray, words []labrelay.Word, lineH float64) []labrelay.Word {
	if lineH <= 0 {
		return words
	}
	out := words[:0:0]
	for _, w := range words {
		if hairlineDigit(w) || speckDash(w, lineH) || w.Conf < specksConf && w.Box.H > 3*lineH {
			continue // a doubtful word three lines tall: a photo's page edge or shadow
		}
		if w.Conf >= specksConf || !onlySpecks(g, w.Box, lineH) {
			out = append(out, trimSpecks(g, w, lineH))
		}
	}
	return out
}

// trimSpecks narrows a doubtful word's box to its glyphs when Tesseract
// boxed blank paper or a speck beside them: the box ends half lineH or
// more past its ink, a piece under a quarter of lineH at either end
// aside when it stands half lineH from the rest. "IEC" boxed from 90 px
// to its left no longer lined up with the list of standards above and
// below it.
func trimSpecks(g *image.Gray, w labrelay.Word, lineH float64) labrelay.Word {
	if g == nil || w.Conf >= disagreeConf || w.Box.W < 2*lineH {
		return w
	}
	r := image.Rect(int(w.Box.X), int(w.Box.Y), int(w.Box.X+w.Box.W+0.5), int(w.Box.Y+w.Box.H+0.5)).Intersect(g.Rect)
	if r.Dx() < 4 || r.Dy() < 4 {
		return w
	}
	t := min(pageimage.Otsu(g.SubImage(r).(*image.Gray)), 128)
	var cs []image.Rectangle
	for _, c := range components(r, func(x, y int) bool { return g.Pix[g.PixOffset(x, y)] < t }) {
		cs = append(cs, c.box)
	}
	if len(cs) == 0 {
		return w
	}
	slices.SortFunc(cs, func(a, b image.Rectangle) int { return a.Min.X - b.Min.X })
	small := func(c image.Rectangle) bool { return float64(max(c.Dx(), c.Dy())) < lineH/4 }
	gap := lineH / 2
	from, to := 0, len(cs)
	for from < to-1 && small(cs[from]) && float64(cs[from+1].Min.X-cs[from].Max.X) >= gap {
		from++
	}
	for to-1 > from && small(cs[to-1]) && float64(cs[to-1].Min.X-cs[to-2].Max.X) >= gap {
		to--
	}
	x0, x1 := cs[from].Min.X, cs[from].Max.X
	for _, c := range cs[from:to] {
		x0, x1 = min(x0, c.Min.X), max(x1, c.Max.X)
	}
	if float64(x0)-w.Box.X < gap && w.Box.X+w.Box.W-float64(x1) < gap {
		return w
	}
	w.Box.X, w.Box.W = float64(x0), float64(x1-x0)
	return w
}

// speckDash reports a dash shorter than a fifth of the line height: a
// speck 4 pixels by 1 read surely as "-", which joined a limit ("Max.
// 900 -") and emptied the verdict cell beside it. A hyphen at 7 pt is
// twice that long.
func speckDash(w labrelay.Word, lineH float64) bool {
	return strings.Trim(w.Text, "-–—_~") == "" && w.Box.W < 0.2*lineH && w.Box.H < 0.1*lineH
}

// hairlineDigit reports a digit boxed under a seventh of its height wide,
// or a "1" under a tenth (its flag and foot make it wider): a rule's or a
// speck's stroke ("3" or "1" two pixels wide beside a limit).
func hairlineDigit(w labrelay.Word) bool {
	if len(w.Text) != 1 || w.Text < "0" || w.Text > "9" {
		return false
	}
	if w.Text == "1" {
		return w.Box.W < w.Box.H/10
	}
	return w.Box.W < w.Box.H/7
}

// dropDoubles drops the words read with little confidence that lie half
// or more over a word read with more: the same glyphs read twice ("“="
// over the "≤" of "≤ 1000"), which joined the cell as "“= ≤ 1000". One
// glyph, no digit nor Han, inside a word of three runes or more, no Han,
// goes whatever its confidence: the i's of "migration," read again above
// it as "i" at 0.94, specks "a" and "-" inside "EN 1186-9:2002,".
func dropDoubles(words []labrelay.Word) []labrelay.Word {
	out := words[:0:0]
	for i, w := range words {
		double := false
		// no Han and no digit: chi_sim's boxes of Han words and of dates
		// overlap their neighbours' ("布日期" over its "日", "2026年月日"
		// over its "8")
		// a "|" is a rule's piece, which parts the cells it runs into
		t := strings.TrimSpace(w.Text)
		glyph := utf8.RuneCountInString(t) == 1 && t != "|" && !strings.ContainsFunc(t, func(r rune) bool { return isHan(r) || unicode.IsDigit(r) })
		for j, o := range words {
			if i == j {
				continue
			}
			ox := math.Min(w.Box.X+w.Box.W, o.Box.X+o.Box.W) - math.Max(w.Box.X, o.Box.X)
			oy := math.Min(w.Box.Y+w.Box.H, o.Box.Y+o.Box.H) - math.Max(w.Box.Y, o.Box.Y)
			// inside: not over the word's start or end, where the glyph
			// may be the next word's
			inside := w.Box.X >= o.Box.X && w.Box.X+w.Box.W <= o.Box.X+o.Box.W
			if glyph && inside && utf8.RuneCountInString(o.Text) >= 3 && !strings.ContainsFunc(o.Text, isHan) && oy > 0 {
				double = true
				break
			}
			if w.Conf >= specksConf || o.Conf <= w.Conf {
				continue
			}
			if ox >= w.Box.W/2 && oy >= math.Min(w.Box.H, o.Box.H)/2 {
				double = true
				break
			}
		}
		if !double {
			out = append(out, w)
		}
	}
	return out
}

// onlySpecks reports whether box b of g holds no piece of ink a third of
// lineH tall or wide.
func onlySpecks(g *image.Gray, b labrelay.Box, lineH float64) bool {
	r := image.Rect(int(b.X), int(b.Y), int(b.X+b.W+0.5), int(b.Y+b.H+0.5)).Intersect(g.Rect)
	if r.Dx() < 2 || r.Dy() < 2 {
		return false
	}
	// Otsu splits a blank cell's paper from its specks (or from the
	// paper's own grain: big pieces, the word is kept)
	t := pageimage.Otsu(g.SubImage(r).(*image.Gray))
	for _, c := range components(r, func(x, y int) bool { return g.Pix[g.PixOffset(x, y)] < t }) {
		if float64(max(c.box.Dx(), c.box.Dy())) >= lineH/3 {
			return false
		}
	}
	return true
}
