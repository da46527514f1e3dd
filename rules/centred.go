package rules

import (
	"github.com/labrelay/labrelay"
	"math"
	"slices"
	"strings"
)

// A header block printed as a table whose cells align middle centres each
// value on its caption: a two-line value stands one line above its caption
// and one below, so a reader that starts at the caption's line reads half
// of it and gives the other half to the caption before. centredValues
// finds such blocks and says, per caption, which lines its value is.
//
// An odd number of centred lines (the middle one beside the caption) looks
// the same on the page as values wrapped downwards, so centring is taken
// only on evidence a top-aligned document does not show: a caption alone
// on its line between value lines, a value between its caption's two
// lines, a value line that a top-aligned reading would make the tail of a
// code or a date (which never wrap), or value lines set apart from the
// item above by a wider gap than from the caption below (setApart).

// band is one column pair of a header block: caption cells left of
// capRight, value cells from capRight to x1.
type band struct {
	x0, capRight, x1 float64
	// second: the caption is the second cell of one whose first, a
	// caption too, stands left of the band ("バッチ番号" | "Lot No.")
	second bool
}

// bandLine is what one line prints in a band.
type bandLine struct {
	line     int
	cap, val *cell
	ci       int // index of cap in its line
}

// unit is one caption over one or more lines.
type unit struct {
	lines []bandLine // the caption's own lines
	// between: its value stands alone between its caption's lines, which
	// no top-aligned block prints
	between bool
}

// centredValues maps each caption (line, cell) of a centred block to its
// value read over the lines it spans. It is computed once per view.
func (v *view) centredValues() map[[2]int]candidate {
	v.centredOnce.Do(func() {
		v.centred = map[[2]int]candidate{}
		v.centredCap = map[[2]int]centredCaption{}
		seen := map[[2]int]bool{}
		evidence := false
		var found [][]centredRead
		for i, ln := range v.Lines {
			for ci := range ln.Cells {
				if seen[[2]int{i, ci}] {
					continue
				}
				blk, cut := centredBlock(v, i, ci)
				reads, ev := splitCentred(blk)
				for _, bl := range blk {
					if bl.cap != nil && len(reads) > 0 {
						// a block that reads nothing (a garbled caption
						// atop it) leaves its captions to blocks of their own
						seen[[2]int{bl.line, bl.ci}] = true
					}
				}
				if n := len(reads); cut && n > 0 && lastLine(reads[n-1].unit) == lastCapLine(blk) {
					// a line the band cannot read ends the block: the last
					// caption's value may go on there
					reads = reads[:len(reads)-1]
				}
				evidence = evidence || ev || len(reads) > 0 && setApart(v, blk)
				found = append(found, reads)
			}
		}
		if !evidence {
			return
		}
		for _, reads := range found {
			for _, r := range reads {
				v.centred[r.at] = joinCentred(v, r.cells)
				if len(r.unit.lines) > 1 {
					cc := centredCaption{text: r.unit.text()}
					for _, bl := range r.unit.lines[1:] {
						cc.rest = append(cc.rest, [2]int{bl.line, bl.ci})
					}
					v.centredCap[r.at] = cc
				}
			}
		}
	})
	return v.centred
}

// centredRead is one caption's value cells in a centred reading.
type centredRead struct {
	at    [2]int // the caption's first line and cell
	cells []bandLine
	unit  unit
}

// centredCaption is a caption wrapped over lines of a centred block.
type centredCaption struct {
	text string
	rest [][2]int // its cells after the first
}

// centredCaptions returns the wrapped captions of centred blocks by their
// first cell.
func (v *view) centredCaptions() map[[2]int]centredCaption {
	v.centredValues()
	return v.centredCap
}

// bandAt returns the band of a caption alone at cell ci of line i: from
// its left edge to the cell after its value (the next pair's caption).
func bandAt(v *view, i, ci int) (band, bool) {
	ln := v.Lines[i]
	c := ln.Cells[ci]
	if !capStart(v, i, ci) {
		return band{}, false
	}
	h := math.Max(c.Box.H, 4)
	b := band{x0: c.Box.X - 3*h, capRight: c.Box.X + c.Box.W, x1: math.Inf(1)}
	if ci > 0 {
		b.x0 = math.Max(b.x0, ln.Cells[ci-1].Box.X+ln.Cells[ci-1].Box.W)
		b.second = blockCaption(ln.Cells[ci-1].Text)
	}
	next := ci + 1
	if next < len(ln.Cells) && !notValue(ln.Cells[next].Text) && !capStart(v, i, next) {
		next++
	}
	b.x1 = nextColumn(v, i, b.capRight+3*h, h)
	if next < len(ln.Cells) {
		b.x1 = math.Min(b.x1, ln.Cells[next].Box.X)
	}
	return b, true
}

// nextColumn returns the left edge of the nearest column of captions
// right of x on the lines around line i (+Inf when none): a pair whose
// line prints nothing right of its value, or only the next column's value
// (its caption centred), still ends where the next column's pairs start.
// A column where values start too is no caption column: a value's last
// line may be a caption word ("Factory"). h is the caption's height.
func nextColumn(v *view, i int, x, h float64) float64 {
	var caps, vals []float64
	for j := max(i-3, 0); j < len(v.Lines) && j <= i+3; j++ {
		if v.Lines[j].Page != v.Lines[i].Page {
			continue
		}
		for k, d := range v.Lines[j].Cells {
			switch {
			case d.Box.X <= x || k == 0 && d.Box.X <= x+10*h:
				// a line's first cell is a caption of the next column
				// only far right, past where the value's lines start
				// ("品牌 Trade Mark" alone on a line of a two-column grid)
			case blockCaption(d.Text) || isCaptionText(d.Text):
				caps = append(caps, d.Box.X)
			case reHasDigit.MatchString(d.Text) || len(strings.Fields(d.Text)) >= 4:
				vals = append(vals, d.Box.X) // a value, not a caption's fragment
			}
		}
	}
	x1 := math.Inf(1)
	for _, c := range caps {
		if c < x1 && !slices.ContainsFunc(vals, func(v float64) bool { return math.Abs(v-c) <= 2 }) {
			x1 = c
		}
	}
	return x1
}

// capStart reports whether cell ci of line i starts a caption: a caption
// alone, or the first line of one that wraps onto a cell at its left edge
// one line below or, past a value line centred between, two
// ("CERTIFICATE" | "LZM24-0343" | "NUMBER").
func capStart(v *view, i, ci int) bool {
	c := v.Lines[i].Cells[ci]
	if blockCaption(c.Text) {
		return true
	}
	if h, ok := keywordCaption(c.Text); ok && strings.TrimSpace(h.rest) == "" {
		return true // wording the lexicon lacks ("Client Company")
	}
	if reHasDigit.MatchString(c.Text) || len(strings.Fields(c.Text)) > 4 {
		return false
	}
	for j := i + 1; j <= i+2 && j < len(v.Lines) && tight(v.Lines[j-1], v.Lines[j]); j++ {
		for _, d := range v.Lines[j].Cells {
			if math.Abs(d.Box.X-c.Box.X) > 2 || len(strings.Fields(d.Text)) > 3 {
				continue
			}
			if captionAlone(c.Text + " " + d.Text) {
				return true
			}
		}
	}
	return false
}

// inBand reads line j in band b; ok is false when it prints more than one
// caption or value cell there, or a value beside a caption of its own left
// of the band.
func inBand(v *view, j int, b band) (bandLine, bool) {
	bl := bandLine{line: j}
	for k := range v.Lines[j].Cells {
		c := &v.Lines[j].Cells[k]
		switch {
		case c.Box.X < b.x0 || c.Box.X >= b.x1:
		case c.Box.X < b.capRight:
			if bl.cap != nil {
				return bl, false
			}
			bl.cap, bl.ci = c, k
		default:
			if bl.val != nil || notValue(c.Text) {
				return bl, false
			}
			if b.second && k > 0 && bl.cap == nil && v.Lines[j].Cells[k-1].Box.X < b.x0 && blockCaption(v.Lines[j].Cells[k-1].Text) {
				// a caption in two cells amid a column of pairs: a
				// value beside a caption left of the band is that
				// caption's ("Colour | White" above "バッチ番号 | Lot
				// No."); in a grid of pair columns it is not
				return bl, false
			}
			bl.val = c
		}
	}
	return bl, true
}

// centredBlock collects the band lines of the block around the caption
// at cell ci of line i: the value lines just above it, then tight lines
// down to the first that does not fit the band.
func centredBlock(v *view, i, ci int) (blk []bandLine, cut bool) {
	b, ok := bandAt(v, i, ci)
	if !ok {
		return nil, false
	}
	var out []bandLine
	next := i // the band's nearest line below
	for j := i - 1; j >= 0 && tight(v.Lines[j], v.Lines[j+1]); j-- {
		bl, ok := inBand(v, j, b)
		if !ok || bl.cap != nil {
			break
		}
		if bl.val != nil {
			if !tight(v.Lines[j], v.Lines[next]) {
				// close only to a line of other columns between (a
				// title in a larger font): no line of this band
				break
			}
			out = append([]bandLine{bl}, out...)
			next = j
		}
	}
	for j := i; j < len(v.Lines); j++ {
		if j > i && !tight(v.Lines[j-1], v.Lines[j]) {
			break
		}
		bl, ok := inBand(v, j, b)
		if !ok {
			return out, true
		}
		if bl.cap != nil || bl.val != nil {
			out = append(out, bl)
		}
	}
	return out, false
}

// splitCentred gives each caption of blk the value lines centred on it.
// Counting down the block, a caption takes as many value lines below it
// as stand above it; the count must come out even at the end. evidence
// says the block shows centring a top-aligned one cannot.
func splitCentred(blk []bandLine) (reads []centredRead, evidence bool) {
	var units []unit
	var runs []int // value lines after each unit; runs[0] is before the first
	runs = append(runs, 0)
	for _, bl := range blk {
		switch {
		case bl.cap != nil && len(units) > 0 && runs[len(runs)-1] <= 1 && (runs[len(runs)-1] == 0 || bl.val == nil) &&
			fragment(units[len(units)-1], bl.cap.Text, runs[len(runs)-1] == 1) && !partyThenAddress(units[len(units)-1], bl):
			// the caption's next line, after at most one value line: the
			// value centred between its two lines, so none beside the
			// second
			u := &units[len(units)-1]
			u.lines = append(u.lines, bl)
			u.between = u.between || runs[len(runs)-1] == 1 && u.lines[0].val == nil
			runs[len(runs)-1] = 0
		case bl.cap != nil:
			// a caption, known or not: it stands where captions stand
			units = append(units, unit{lines: []bandLine{bl}})
			runs = append(runs, 0)
		default:
			runs[len(runs)-1]++
		}
	}
	if len(units) == 0 {
		return nil, false
	}
	above := runs[0] // value lines before the unit that are its own
	pos := 0         // index in blk
	for n := range units {
		u := &units[n]
		if above < 0 || n+1 == len(units) && runs[n+1] != above {
			return nil, false
		}
		first, last := u.lines[0], u.lines[len(u.lines)-1]
		for pos < len(blk) && blk[pos].line != first.line {
			pos++
		}
		start := pos - above
		end := pos
		for end < len(blk) && blk[end].line != last.line {
			end++
		}
		end += above
		if start < 0 || end >= len(blk) && above > 0 {
			return nil, false
		}
		var cells []bandLine
		for _, bl := range blk[start:min(end+1, len(blk))] {
			if bl.val != nil {
				cells = append(cells, bl)
			}
		}
		if u.between || above > 0 && (first.val == nil || n > 0 && neverWraps(units[n-1])) {
			evidence = true
		}
		if len(cells) > 0 {
			reads = append(reads, centredRead{at: [2]int{first.line, first.ci}, cells: cells, unit: *u})
		}
		above = runs[n+1] - above
	}
	return reads, evidence
}

// partyThenAddress reports a caption line with a company's whole name
// beside it ("申请单位 ¦ 厦门市金辉电器有限公司") over an address caption
// with a street address beside it ("地址 ¦ 福建省…"): two pairs, not the
// caption "申请单位地址" wrapped round a value.
func partyThenAddress(u unit, bl bandLine) bool {
	first := u.lines[len(u.lines)-1]
	return first.val != nil && bl.val != nil && addressCaption(bl.cap.Text) &&
		reOrgEnd.MatchString(joinEastAsian(strings.TrimSpace(first.val.Text))) && streetAddress(bl.val.Text)
}

// fragment reports whether t completes the caption of u as its next line
// ("Standards" over "Applied"). Right under the caption's line it must be
// one word, so that a second caption the lexicon lacks ("Order Ref.") is
// not taken for its tail; under the value line centred between the two,
// or as the caption's translation ("Made by /" over "Hersteller"), up to
// four. Across scripts, a translation is the caption's second half only
// with the value between.
func fragment(u unit, t string, afterValue bool) bool {
	if afterValue && bracketTail(t) {
		// a bilingual caption's other half misread ("5)" for 号), under
		// the value centred between: a whole caption's end
		hu, ok := parseCaption(u.text())
		return ok && strings.TrimSpace(hu.rest) == ""
	}
	joined := u.text() + " " + t
	if strings.ContainsAny(t, ":：") || capKey(t) == capKey(u.text()) || !captionAlone(joined) {
		return false
	}
	hu, ok := parseCaption(u.text())
	whole := ok && strings.TrimSpace(hu.rest) == ""
	// the same field's caption again, in another language
	ht, tok := parseCaption(t)
	// in one script: a Chinese caption over an English one captions two
	// values, each in its caption's language
	same := whole && tok && strings.TrimSpace(ht.rest) == "" && len(ht.entries) > 0 && sameFields(hu.entries, ht.entries) &&
		(eastAsian(u.text()) == eastAsian(t) || afterValue) && halvesAgree(t, hu.entries)
	words := 1
	if afterValue || same {
		words = 4
	}
	if len(strings.Fields(t)) > words || strings.Contains(t, "/") && !same {
		return false
	}
	// a caption of its own starts a unit, unless it is that same caption
	// or the second line of one around its value that the line above does
	// not complete ("CERTIFICATE" over "NUMBER")
	// an address's caption read by context ("Adresse") under a caption
	// that names no address ("Auftraggeber") is one of its own: joined,
	// the two read "Auftraggeber Adresse", the client's name and address
	// as one address
	own := blockCaption(t) || addressCaption(t) && !(ok && namesAddress(hu.entries)) && !addressCaption(u.text())
	return !own || same || afterValue && !whole || !whole && completes(u.text(), joined) || captionTail(t)
}

// bracketTail reports a few characters that close a bracket they do not
// open, and name nothing: a wrapped caption's last line, misread.
func bracketTail(t string) bool {
	t = strings.TrimSpace(t)
	rs := []rune(t)
	if len(rs) < 2 || len(rs) > 4 || !strings.HasSuffix(t, ")") && !strings.HasSuffix(t, "）") || strings.ContainsAny(t, "(（") {
		return false
	}
	_, named := parseCaption(t)
	return !named
}

// addressCaption reports a caption that holds an address's caption word
// ("Adresse", "Address /").
func addressCaption(t string) bool {
	for _, f := range strings.Fields(strings.ToLower(t)) {
		if addressCaptions[strings.Trim(f, ":：/")] {
			return true
		}
	}
	return false
}

// namesAddress reports whether a caption's entries name an address.
func namesAddress(es []lexEntry) bool {
	for _, e := range es {
		if strings.HasSuffix(e.field, "_address") {
			return true
		}
	}
	return false
}

// halvesAgree reports whether each half of a bilingual caption t that is
// a caption alone names the fields es: "Customer Address / 申请人" (its
// 地址 wrapped away) reads as the applicant's name whole, but its first
// half captions an address.
func halvesAgree(t string, es []lexEntry) bool {
	for _, half := range strings.Split(t, "/") {
		if h, ok := parseCaption(strings.TrimSpace(half)); ok && strings.TrimSpace(h.rest) == "" && len(h.entries) > 0 && !sameFields(h.entries, es) {
			return false
		}
	}
	return true
}

// captionTail reports a line that is only the last word of a caption
// ("Name", "No.", "Date"): it ends the caption above rather than
// captioning a value of its own. Han captions have no spaces: there the
// tail is the last word alone ("日期", "编号"), not a caption that ends
// in it ("报告日期").
func captionTail(t string) bool {
	k := capKey(t)
	if eastAsian(k) && len([]rune(k)) > 2 {
		return false
	}
	return len(strings.Fields(k)) == 1 && reCaptionEnd.MatchString(k)
}

// completes reports a caption line below text that no caption the lexicon
// or the keywords know ("Applied") making, with it, one the lexicon knows
// as written ("Applied Standards"): its tail, though a caption alone too.
// Less is not enough: "Ursprungsland" over "Prüfdatum" are two.
func completes(text, joined string) bool {
	if captionKeys()[capKey(text)] || captionAlone(text) {
		return false
	}
	return len(lexicon()[capKey(joined)]) > 0
}

func (u unit) text() string {
	var parts []string
	for _, bl := range u.lines {
		parts = append(parts, bl.cap.Text)
	}
	return strings.Join(parts, " ")
}

func lastLine(u unit) int { return u.lines[len(u.lines)-1].line }

// lastCapLine is the line of the block's last caption cell.
func lastCapLine(blk []bandLine) int {
	for k := len(blk) - 1; k >= 0; k-- {
		if blk[k].cap != nil {
			return blk[k].line
		}
	}
	return -1
}

// setApart reports a block that opens with value lines set apart from the
// line above by a wider gap than any between them and the first caption:
// by proximity they are that caption's, above it (an item of a list
// whose items are spaced apart, its value centred on its caption).
func setApart(v *view, blk []bandLine) bool {
	first := blk[0].line
	if blk[0].cap != nil || first == 0 || v.Lines[first-1].Page != v.Lines[first].Page {
		return false
	}
	inside := 0.0
	for k := 1; k < len(blk) && blk[k-1].cap == nil; k++ {
		inside = math.Max(inside, gapBetween(v.Lines[blk[k-1].line], v.Lines[blk[k].line]))
	}
	above := gapBetween(v.Lines[first-1], v.Lines[first])
	return above > 1.5*math.Max(inside, 0.5) && above > 0.5*math.Max(v.Lines[first].Box.H, 4)
}

func gapBetween(a, b line) float64 { return b.Box.Y - (a.Box.Y + a.Box.H) }

// neverWraps reports a caption of a code or a date: its value is one line.
func neverWraps(u unit) bool {
	h, ok := parseCaption(u.text())
	if !ok {
		return false
	}
	for _, e := range h.entries {
		if !idField[e.field] {
			return false
		}
	}
	return len(h.entries) > 0
}

// captionAlone reports text that is one caption and nothing else, in the
// lexicon's wording or the keywords'.
func captionAlone(t string) bool {
	if h, ok := parseCaption(t); ok {
		return strings.TrimSpace(h.rest) == ""
	}
	h, ok := keywordCaption(t)
	return ok && strings.TrimSpace(h.rest) == ""
}

// blockCaption reports a cell that is a caption alone.
func blockCaption(t string) bool {
	if h, ok := parseCaption(t); ok && strings.TrimSpace(h.rest) == "" {
		return true
	}
	return isLabelish(t)
}

// tight reports whether b follows a closely on the same page.
func tight(a, b line) bool {
	return a.Page == b.Page && b.Box.Y-(a.Box.Y+a.Box.H) <= closeGap(a)
}

// closeGap is the widest gap after line a to a line of the same block:
// 0.8 of its font's em.
func closeGap(a line) float64 { return 0.8 * em(a) }

// em is line a's font size. A text line's box is its em. An OCR line's
// box holds its ink only: capitals and digits are 0.76 of the em, and a
// descender ("g", "y", a bracket) takes the box to 0.97 of it. Measured
// so, a header block spaced as its text version reads as one, and rows
// set apart as in the text do not.
// descenders are the glyphs whose ink goes under the baseline.
const descenders = "gjpqy()[]{}|;"

func em(a line) float64 {
	h := math.Max(a.Box.H, 4)
	if a.Path == labrelay.PathOCR {
		if strings.ContainsAny(a.Text, descenders) {
			return h / 0.97
		}
		return h / 0.76
	}
	return h
}

// restOf is value cell c of a scan's line ln joined with the cells after
// it that start as a value's rest ("Monterrey Silverline Cable" ¦ "&
// Wire Manufacturing LLC", reGoesOnFrom), each within four line heights
// of the last.
func restOf(ln line, c cell) (string, labrelay.Box, float64) {
	t, box, conf := c.Text, c.Box, c.Conf
	i := slices.IndexFunc(ln.Cells, func(o cell) bool { return o.Box == c.Box })
	if ln.Path != labrelay.PathOCR || i < 0 {
		return t, box, conf
	}
	for _, m := range ln.Cells[i+1:] {
		if !reGoesOnFrom.MatchString(strings.TrimSpace(m.Text)) || m.Box.X-(box.X+box.W) > 4*math.Max(m.Box.H, 1) {
			break
		}
		t += " " + strings.TrimSpace(m.Text)
		box, conf = unionBox(box, m.Box), math.Min(conf, m.Conf)
	}
	return t, box, conf
}

// joinCentred reads a centred value's cells as one candidate.
func joinCentred(v *view, cs []bandLine) candidate {
	c := candidate{how: "centred", conf: 1, line: cs[0].line}
	for k, bl := range cs {
		ln := v.Lines[bl.line]
		// on a scan, with the cells OCR parted the line's value into
		t, box, conf := restOf(ln, *bl.val)
		if k == 0 {
			c.value, c.box, c.page, c.unit = t, box, ln.Page, ln.Unit
		} else {
			sep := " "
			if strings.HasSuffix(c.value, "-") {
				sep = ""
			}
			c.value += sep + t
			c.box = unionBox(c.box, box)
		}
		c.conf = math.Min(c.conf, conf)
	}
	return c
}

// inlineCentred extends an inline value ("Test Standard: IEC …" in one
// cell) upwards over lines centred on it: single cells that start where
// the value starts, as many above as below its line. The line above them
// must be a pair whose own value starts elsewhere, or their alignment
// tells nothing: a top-aligned value wraps to its own value's edge.
func inlineCentred(v *view, cand *candidate, c cell, rest string) {
	x, ok := valueStart(c, rest)
	if !ok {
		return
	}
	below := alignedRun(v, cand.line, x, 1)
	above := alignedRun(v, cand.line, x, -1)
	if above == 0 || above != below {
		return
	}
	top := cand.line - above
	if top == 0 || !tight(v.Lines[top-1], v.Lines[top]) {
		return
	}
	up := v.Lines[top-1]
	if len(up.Cells) != 1 {
		return
	}
	m := reCapSep.FindStringSubmatch(up.Cells[0].Text)
	if m == nil {
		return
	}
	if ux, ok := valueStart(up.Cells[0], m[2]); !ok || math.Abs(ux-x) <= 3 {
		return
	}
	var parts []string
	box := cand.box
	for j := top; j < cand.line; j++ {
		d := v.Lines[j].Cells[0]
		parts = append(parts, d.Text)
		box = unionBox(box, d.Box)
		cand.conf = math.Min(cand.conf, d.Conf)
	}
	cand.value = strings.Join(append(parts, cand.value), " ")
	cand.box, cand.how = box, "centred"
}

// alignedRun counts the lines from line i in direction dir (1 down, -1
// up) that follow tightly and print one cell starting at x, no caption.
func alignedRun(v *view, i int, x float64, dir int) int {
	n := 0
	for j := i + dir; j >= 0 && j < len(v.Lines); j += dir {
		a, b := v.Lines[min(j, j-dir)], v.Lines[max(j, j-dir)]
		ln := v.Lines[j]
		if !tight(a, b) || len(ln.Cells) != 1 {
			break
		}
		d := ln.Cells[0]
		if math.Abs(d.Box.X-x) > 3 || isLabelish(d.Text) || reCaptionNext.MatchString(d.Text) || startsWithCaption(d.Text) || pairLine(d.Text) {
			break
		}
		n++
	}
	return n
}

// valueStart is the left edge of the value rest printed at the end of
// cell c, from its words.
func valueStart(c cell, rest string) (float64, bool) {
	n := len(strings.Fields(rest))
	if n == 0 || n > len(c.words) {
		return 0, false
	}
	return c.words[len(c.words)-n].Box.X, true
}
