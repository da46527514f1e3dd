package rules

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/normalize"
)

// candidate is a value a rule found, with where and how.
type candidate struct {
	value string
	page  int
	box   labrelay.Box
	unit  string
	conf  float64 // OCR word confidence of the cells read
	how   string  // "inline", "right", "below", "find", "expr"
	line  int     // index in view.Lines
}

// labelQuery says where to look for a caption and its value.
type labelQuery struct {
	labels  []string
	where   string // right, below, above or any
	maxPage int    // 0: all pages
	gap     float64
	multi   bool // append wrapped continuation lines
	// ok, when set, filters the lines a caption may stand on.
	ok func(i int) bool
	// field is the rule's field, for captions wrapped beside their value.
	field string
}

// findLabel returns the first value next to one of the labels, searching
// pages up to maxPage (0: all). where is "right", "below" or "any".
func findLabel(v *view, labels []string, where string, maxPage int) (*candidate, int) {
	all := findLabels(v, labelQuery{labels: labels, where: where, maxPage: maxPage})
	if len(all) == 0 {
		return nil, 0
	}
	return &all[0], len(all)
}

// findLabels returns every value next to one of the labels, in reading
// order.
func findLabels(v *view, q labelQuery) []candidate {
	var out []candidate
	q.eachLabel(v, func(i, ci int, rest string, sep bool) bool {
		if rest != "" && !sep && q.where != "right" && q.where != "above" {
			// "LOT 2512/173" is a value, not the caption "Lot"
			return false
		}
		cand := valueNear(v, i, ci, rest, q.where, q.gap)
		if cand == nil {
			return false
		}
		if q.multi && cand.how != "centred" {
			before := cand.value
			continuation(v, cand)
			if cand.value == before && q.field != "" {
				besideCaption(v, cand, v.Lines[i].Cells[ci], q.field)
			}
		}
		out = append(out, *cand)
		return true
	})
	return out
}

// eachLabel calls read for every cell on the lines q allows that starts
// with one of q's labels, label by label, until read says it took the
// cell; rest is what follows the label, sep whether a colon or leader
// stood between.
func (q labelQuery) eachLabel(v *view, read func(i, ci int, rest string, sep bool) bool) {
	for i, ln := range v.Lines {
		if q.maxPage > 0 && ln.Page > q.maxPage {
			break
		}
		if q.ok != nil && !q.ok(i) {
			continue
		}
		for ci, c := range ln.Cells {
			for _, lb := range q.labels {
				if rest, sep, ok := cutLabelSep(c.Text, lb); ok && read(i, ci, rest, sep) {
					break
				}
			}
		}
	}
}

func valueNear(v *view, i, ci int, rest, where string, gap float64) *candidate {
	ln := v.Lines[i]
	c := ln.Cells[ci]
	if gap <= 0 {
		gap = 2.5
	}
	if where == "above" {
		// The caption may run on ("Head of Testing"): the value is the
		// cell above it.
		j, a := v.above(i, c.Box.X-2, c.Box.X+c.Box.W+2, gap*c.Box.H)
		if a != nil && !isLabelish(a.Text) {
			return &candidate{value: a.Text, page: v.Lines[j].Page, box: a.Box, unit: v.Lines[j].Unit, conf: a.Conf, how: "above", line: j}
		}
		return nil
	}
	if cand, ok := v.centredValues()[[2]int{i, ci}]; ok && rest == "" && where != "below" {
		return &cand // a value centred on its caption (see centredValues)
	}
	if rest != "" && where != "below" {
		box := c.Box
		return &candidate{value: rest, page: ln.Page, box: box, unit: ln.Unit, conf: c.Conf, how: "inline", line: i}
	}
	if rest != "" {
		return nil
	}
	if where != "below" && ci+1 < len(ln.Cells) {
		n := ln.Cells[ci+1]
		if isSeparator(n.Text) && ci+2 < len(ln.Cells) {
			// "Applicant | : | ACME Co., Ltd.": the colon stands in its
			// own column between caption and value.
			n = ln.Cells[ci+2]
		}
		// on a scan, a caption its garbled other language leads ("RRA
		// Contact") is the next column's
		if t := strings.TrimLeft(n.Text, ":： "); !isLabelish(n.Text) && t != "" && !(ln.Path == labrelay.PathOCR && junkLedCaption(n.Text)) {
			return &candidate{value: t, page: ln.Page, box: n.Box, unit: ln.Unit, conf: n.Conf, how: "right", line: i}
		}
	}
	if where != "right" {
		j, b := v.below(i, c.Box.X-2, c.Box.X+c.Box.W+2, gap*c.Box.H)
		if b != nil && !isLabelish(b.Text) && strings.TrimLeft(b.Text, ":： ") != "" {
			return &candidate{value: strings.TrimLeft(b.Text, ":： "), page: v.Lines[j].Page, box: b.Box, unit: v.Lines[j].Unit, conf: b.Conf, how: "below", line: j}
		}
	}
	return nil
}

// withoutSpecks drops the cells of at most two runes that OCR reads from
// a scan's border, stamps and seals ("区", "2"; "SS)" is kept) around a
// line of text.
func withoutSpecks(cs []cell) []cell {
	var out []cell
	for _, c := range cs {
		if utf8.RuneCountInString(c.Text) > 2 {
			out = append(out, c)
		}
	}
	return out
}

// leftColumnsOnly reports a line whose cells all end well left of the
// caption c: they belong to other columns, not to c's.
func leftColumnsOnly(ln line, c cell) bool {
	h := math.Max(c.Box.H, 4)
	for _, o := range ln.Cells {
		if o.Box.X+o.Box.W > c.Box.X-h {
			return false
		}
	}
	return true
}

// isSeparator reports whether a cell is only a caption separator (":",
// "：", a dotted leader).
func isSeparator(t string) bool {
	return strings.Trim(t, ":：.… ") == "" && t != ""
}

// continuation appends wrapped lines of a value: the following lines of
// the same page whose first cell starts at the value's x and is not a
// label, up to 3.
func continuation(v *view, cand *candidate) {
	before := cand.value
	continuationOf(v, cand, "")
	if cand.value == before {
		wrapped(v, cand, "") // a grid cell wrapped beside another column's text
	}
}

// besideCaption appends the next lines of a value wrapped in a grid
// beside its caption, which wrapped too ("Applicant /" | "Dongguan …
// Components" over "Antragsteller" | "Ltd."): the cell under the caption
// must be its second line (captionFragment, or a caption of the field
// when joined: "POSTAL" / "ADDRESS"); lines after it may leave the
// caption's column empty. Each line must sit tight under the last; cells
// of a grid column left of the caption are not looked at.
func besideCaption(v *view, cand *candidate, capCell cell, field string) {
	// a caption ending in its colon is whole: the cell under it is the
	// next caption ("Sample Name:" over "样品名称", a bilingual pair)
	if cand.how != "right" || isLabelish(capCell.Text) {
		return
	}
	x, prev, capText := cand.box.X, v.Lines[cand.line], capCell.Text
	for j := cand.line + 1; j < len(v.Lines) && j <= cand.line+3; j++ {
		ln := v.Lines[j]
		if ln.Page != prev.Page || ln.Box.Y-(prev.Box.Y+prev.Box.H) > 0.5*math.Max(prev.Box.H, 4) {
			return
		}
		cells := rightOf(ln.Cells, capCell.Box.X-2)
		if len(cells) == 0 && ln.Path != labrelay.PathOCR && leftColumnsOnly(ln, capCell) {
			// a line of the columns to the left only (their caption
			// centred on a taller value); a scan's line of specks does
			// not count, the gap it leaves ends the value
			prev = ln
			continue
		}
		k := -1
		for i, c := range cells {
			if math.Abs(c.Box.X-x) <= 2 {
				k = i
			}
		}
		if k < 0 || k > 1 {
			return
		}
		c, t := cells[k], strings.TrimSpace(cells[k].Text)
		if k == 1 {
			left := cells[0]
			if math.Abs(left.Box.X-capCell.Box.X) > 2 || capKey(left.Text) == capKey(capCell.Text) {
				return // the same caption again starts a new row
			}
			if wholeBilingual(left.Text) || otherWholeCaption(capText, left.Text, field) {
				return // a caption whole in two languages, or of another field, starts a new row
			}
			if !captionOf(capText+" "+left.Text, field) && !addressWord(left.Text, field) &&
				(!captionFragment(left, x, field) || otherKeywordCaption(left.Text, field)) {
				return
			}
			capText += " " + left.Text
		} else if j == cand.line+1 || notValue(t) {
			return // no caption beside: continuation and wrapped's case
		}
		// beside the caption's second line, a caption word is the value's
		// ("Busan Dinghao Cable & Wire" / "Factory"); a caption with its
		// colon is not, nor the value in the other language
		if t == "" || isSeparator(t) || isLabelish(t) || startsWithCaption(t) || eastAsian(t) != eastAsian(cand.value) || anotherValue(field, cand.value, t) {
			return
		}
		cand.value += " " + t
		cand.box = unionBox(cand.box, c.Box)
		cand.conf = math.Min(cand.conf, c.Conf)
		prev = ln
	}
}

// otherKeywordCaption reports a cell that reads as a caption of another
// field by its words ("Buyer Order Ref" under "Goods Designation").
func otherKeywordCaption(t, field string) bool {
	h, ok := keywordCaption(t)
	if !ok {
		return false
	}
	for _, e := range h.entries {
		if e.field == field {
			return false
		}
	}
	return true
}

// addressWord: an address's caption wraps onto the word "Address"
// ("Postal" / "Address", "Address /" / "Adresse").
func addressWord(t, field string) bool {
	return field == labrelay.FieldApplicantAddress &&
		addressCaptions[strings.ToLower(strings.Trim(strings.TrimSpace(t), "/ "))]
}

// rightOf returns the cells starting at or right of x.
func rightOf(cells []cell, x float64) []cell {
	var out []cell
	for _, c := range cells {
		if c.Box.X >= x {
			out = append(out, c)
		}
	}
	return out
}

// captionOf reports whether t is wholly a caption of field ("POSTAL" and
// "ADDRESS" joined).
// otherWholeCaption reports a cell under a whole caption of field that is
// a whole caption of other fields ("Applicant Name / Solicitante" over
// "Applicant Address / Direccién"): the next row's, though the two read
// together name field.
func otherWholeCaption(capText, t, field string) bool {
	if !captionOf(capText, field) {
		return false
	}
	h, ok := parseCaption(t)
	return ok && h.rest == "" && len(h.entries) > 0 && !captionOf(t, field)
}

func captionOf(t, field string) bool {
	h, ok := parseCaption(t)
	if !ok || h.rest != "" {
		return false
	}
	for _, e := range h.entries {
		if e.field == field {
			return true
		}
	}
	return false
}

// reNumberCaption ends a caption of a number: "Order No.", "AUFTRAGS-NR.",
// "Job #".
var reNumberCaption = lazyRegexp(`(?i)(?:\b|-)(?:no|nr|n[º°o])\.?$|#$`)

// standardsAbove puts before a standards list the lines above its
// caption's line that print standards only, in the list's column: a
// caption set beside the middle of its list ("IEC 62321-5:2013" /
// "Standards Applied  IEC 62321-4:2013" / "IEC 62321-7-2:2017"), or
// whose last line the reader found ("METODO DE  EN 1186-9:2002" /
// "ENSAYO TEST  EN 1186-2:2002" / "METHODS  EN 13130-1:2004"). It takes
// no more lines above than the list has below, so that a list ending the
// pair above stays that pair's.
func standardsAbove(v *view, cand *candidate) {
	linesAbove(v, cand, func(cells []cell, k int) bool { return standardsOnly(cells[k].Text) })
}

// addressAbove is standardsAbove for an address: a wrapped address
// centred on its caption ("No. 250 Hongqiao Road," over "Address ¦
// Dongguan, Guangdong 523000," over "China") starts on lines above the
// caption's, alone on their line in its column, each ending in a comma.
func addressAbove(v *view, cand *candidate) {
	linesAbove(v, cand, func(cells []cell, k int) bool {
		t := strings.TrimSpace(cells[k].Text)
		// a caption left of it is another pair's row
		return k == 0 && strings.HasSuffix(t, ",") && !isLabelish(t) && !startsWithCaption(t) && !pairLine(t)
	})
}

// linesAbove puts before cand the lines above its own that take accepts
// (the cell k of cells in the value's column), as many as the value has
// lines below its caption's line and the caption has wrapped lines over
// it; a caption wrapped over lines ("试验规格" / "/Reference" /
// "Standard") is the value's middle, not its last line. Lines of another
// column between are stepped over.
func linesAbove(v *view, cand *candidate, take func(cells []cell, k int) bool) {
	ln := v.Lines[cand.line]
	below := captionLinesAbove(v, cand)
	for j := cand.line + 1; j < len(v.Lines) && v.Lines[j].Page == ln.Page && v.Lines[j].Box.Y < cand.box.Y+cand.box.H; j++ {
		below++
	}
	next, box, conf := ln, cand.box, cand.conf
	var above []string
	for j := cand.line - 1; j >= 0 && len(above) < below; j-- {
		l := v.Lines[j]
		if l.Page != ln.Page || next.Box.Y-(l.Box.Y+l.Box.H) > closeGap(l) {
			break
		}
		cells := l.Cells
		if l.Path == labrelay.PathOCR {
			cells = withoutSpecks(cells)
		}
		k := listCell(l, cells, cand.box)
		if k < 0 && !slices.ContainsFunc(cells, func(b cell) bool { return b.Box.X+b.Box.W > cand.box.X && b.Box.X < cand.box.X+cand.box.W }) {
			continue // another column's line between the value's lines
		}
		if k < 0 || !take(cells, k) {
			break
		}
		above = append([]string{strings.TrimSpace(cells[k].Text)}, above...)
		box, next = unionBox(box, cells[k].Box), l
		conf = math.Min(conf, cells[k].Conf)
	}
	if len(above) > 0 {
		cand.value = strings.Join(above, " ") + " " + cand.value
		cand.box, cand.conf = box, conf
	}
}

// listCell is the index of the one cell of a line that starts at the
// list's left edge, when every other cell stands clear of the list's
// column (a wrapped caption's line left of it, a grid's next caption
// right of it); -1 when there is none.
func listCell(l line, cells []cell, list labrelay.Box) int {
	k := -1
	for i, c := range cells {
		switch {
		case math.Abs(c.Box.X-list.X) <= math.Max(3, alignTol(l, c)):
			if k >= 0 {
				return -1
			}
			k = i
		case c.Box.X+c.Box.W > list.X && c.Box.X < list.X+list.W:
			return -1
		}
	}
	return k
}

// captionLinesAbove counts the lines over the caption of cand (the cell
// left of it on its line) that go on in its column: words, no digit.
func captionLinesAbove(v *view, cand *candidate) int {
	ln := v.Lines[cand.line]
	c := -1
	for k, b := range ln.Cells {
		if b.Box.X+b.Box.W <= cand.box.X {
			c = k
		}
	}
	if c < 0 {
		return 0
	}
	x, top := ln.Cells[c].Box.X, ln.Cells[c].Box.Y
	n := 0
	for j := cand.line - 1; j >= 0 && v.Lines[j].Page == ln.Page; j-- {
		l := v.Lines[j]
		if top-(l.Box.Y+l.Box.H) > closeGap(l) {
			break
		}
		k := slices.IndexFunc(l.Cells, func(b cell) bool { return math.Abs(b.Box.X-x) <= math.Max(3, alignTol(l, b)) })
		if k < 0 {
			continue // another column's line between the caption's lines
		}
		if b := l.Cells[k]; reHasDigit.MatchString(b.Text) || len(strings.Fields(b.Text)) > 3 {
			break
		}
		n++
		top = l.Cells[k].Box.Y
	}
	return n
}

// standardsOnly reports a text that names test standards and nothing
// else but their separators.
func standardsOnly(t string) bool {
	return reStandard.MatchString(t) && strings.Trim(reStandard.ReplaceAllString(t, ""), " ;,/&+") == ""
}

// continuationOf is continuation that, for the generic reader's field,
// also passes the second line of a caption wrapped in its own column
// ("Standards" / "Applied", "Método de ensayo Test" / "Methods").
func continuationOf(v *view, cand *candidate, field string) {
	continuationFrom(v, cand, field, 0)
}

// centredOnAbove reports line i centred on the same axis as the line
// above it, each a caption and its value, within a word's height.
func centredOnAbove(v *view, i int) bool {
	if i == 0 {
		return false
	}
	a, b := v.Lines[i-1], v.Lines[i]
	if a.Page != b.Page || len(a.Cells) != 2 {
		return false
	}
	return math.Abs(a.Box.X+a.Box.W/2-(b.Box.X+b.Box.W/2)) <= math.Max(a.Box.H, b.Box.H)
}

// continuationFrom is continuationOf over the cells right of minX only:
// a list beside its caption in a grid's right column goes on beside the
// left column's next rows.
func continuationFrom(v *view, cand *candidate, field string, minX float64) {
	x := cand.box.X
	inline := strings.HasPrefix(cand.how, "inline")
	prev := v.Lines[cand.line]
	col := valueColumn(v, cand)
	prevRight := cand.box.X + cand.box.W
	mid := cand.box.X + cand.box.W/2 // a stacked value's lines are centred on it
	// a list after its caption on a line centred on the page ("依据标准:
	// IEC 62321-5:2013") goes on in lines centred as it is
	centredList := inline && field == labrelay.FieldTestStandards && len(prev.Cells) == 1 && standardsOnly(cand.value)
	lineMid := prev.Box.X + prev.Box.W/2
	// on a scan the caption and its value are two cells: a pair on a
	// line centred on the same axis as the pair above it goes on in lines
	// centred as it is
	centredPair := prev.Path == labrelay.PathOCR && cand.how == "right" && len(prev.Cells) == 2 &&
		(field == labrelay.FieldTestStandards || field == labrelay.FieldApplicantAddress) && centredOnAbove(v, cand.line)
	capWraps := !isLabelish(col.capText) // a caption with its colon ends on its line
	// a cell OCR parted off the value's first line and left out: the
	// value read on past it skips its words
	skips := prev.Path == labrelay.PathOCR && slices.ContainsFunc(prev.Cells, func(m cell) bool {
		gap := m.Box.X - (cand.box.X + cand.box.W)
		return gap > 0 && gap <= 1.5*math.Max(m.Box.H, 1) && !notValue(m.Text) && !isLabelish(m.Text)
	})
	for j := cand.line + 1; j < len(v.Lines) && j <= cand.line+20; j++ {
		ln := v.Lines[j]
		if ln.Page != prev.Page || ln.Box.Y-(prev.Box.Y+prev.Box.H) > closeGap(prev) {
			return
		}
		cells := ln.Cells
		if minX > 0 {
			cells = rightOf(cells, minX)
		}
		if ln.Path == labrelay.PathOCR {
			if !capWraps && slices.ContainsFunc(cells, func(c cell) bool { return hanCaptionStub(ln, c, col) }) {
				return // the next row's caption, cut short
			}
			cells = withoutSpecks(cells)
			if len(cells) == 0 {
				prev = ln // a row of specks between wrapped lines
				continue
			}
		}
		// the caption may wrap over the next lines too ("检测方法" /
		// "Standards" / "Applied")
		if len(cells) == 2 && field != "" && capWraps && captionFragment(cells[0], x, field) {
			cells = cells[1:]
		} else {
			capWraps = false
		}
		if len(cells) != 1 {
			g, ok := gridNext(col, cand.value, prevRight, ln, field)
			if inline || !ok {
				return
			}
			cells = []cell{g}
		}
		c := cells[0]
		// An inline value ("Address ....: No. 18 …") starts somewhere in
		// its caption's cell: its continuation starts inside that cell.
		tol := math.Max(3, alignTol(ln, c))
		aligned := math.Abs(c.Box.X-x) <= tol || inline && c.Box.X > x+tol && c.Box.X < cand.box.X+cand.box.W ||
			cand.how == "stacked" && math.Abs(c.Box.X+c.Box.W/2-mid) <= math.Max(tol, c.Box.H) ||
			(centredList || centredPair) && math.Abs(c.Box.X+c.Box.W/2-lineMid) <= math.Max(tol, c.Box.H) &&
				(field != labrelay.FieldTestStandards || standardsOnly(c.Text))
		if !aligned || isLabelish(c.Text) || reCaptionNext.MatchString(c.Text) || startsWithCaption(c.Text) || pairLine(c.Text) || anotherValue(field, cand.value, c.Text) ||
			cand.how == "stacked" && wholeCaption(c.Text) { // the next pair's caption ("产品名称" over its value)
			return
		}
		sep := " "
		if strings.HasSuffix(cand.value, "-") {
			sep = ""
		}
		cand.value += sep + c.Text
		cand.box = unionBox(cand.box, c.Box)
		if c.Conf < cand.conf {
			cand.conf = c.Conf
		}
		if skips {
			cand.conf = math.Min(cand.conf, confWeakOnly)
		}
		prev, prevRight = ln, c.Box.X+c.Box.W
	}
}

// hanCaptionStub reports a cell of two Han letters at the left edge of
// the caption of col: under a caption ended by its colon, the next row's
// caption OCR read in part ("样品" of "样品名称:"), which withoutSpecks
// would drop as a speck.
func hanCaptionStub(ln line, c cell, col valueCol) bool {
	rs := []rune(strings.TrimSpace(c.Text))
	return len(rs) == 2 && allHan(rs) && !math.IsNaN(col.capX) && math.Abs(c.Box.X-col.capX) <= math.Max(3, alignTol(ln, c))
}

// alignTol is how far off its column's edge cell c of line ln may start:
// on a scan a word's box starts a few pixels off ("Unit" at 1020, the
// next line's "Japan" at 1015).
func alignTol(ln line, c cell) float64 {
	if ln.Path == labrelay.PathOCR {
		return math.Max(2, 0.3*c.Box.H)
	}
	return 2
}

// rePairLine is a caption, a leader or colon, and a value: "Product
// Name / Nombre del artículo ....... : Lithium battery pack".
var rePairLine = lazyRegexp(`^([^:：\d]{2,60}?)\s*(?:\.{3,}|…+)?\s*[:：]\s*\S`)

// pairLine reports a line that is another field's caption and value: up
// to eight words without digits before a colon, one a caption word.
func pairLine(t string) bool {
	m := rePairLine.FindStringSubmatch(t)
	if m == nil || len(strings.Fields(m[1])) > 8 {
		return false
	}
	for _, w := range strings.FieldsFunc(m[1], func(r rune) bool { return r == '/' || r == '(' || r == ')' || r == ' ' }) {
		if captionKeys()[capKey(w)] {
			return true
		}
	}
	_, ok := parseCaption(strings.TrimRight(m[1], ". …"))
	return ok
}

// columnBelow returns the cells under a header cell matching one of names,
// until a gap or a stop row.
func columnBelow(v *view, names []string) []string {
	out, _ := columnBelowAt(v, names)
	return out
}

// columnBelowAt is columnBelow that also returns the line of the caption
// heading the column (-1 when none does).
func columnBelowAt(v *view, names []string) ([]string, int) {
	var out []string
	for i, ln := range v.Lines {
		for _, c := range ln.Cells {
			hit := false
			for _, n := range names {
				if rest, ok := cutLabel(c.Text, n); ok && rest == "" {
					hit = true
					break
				}
			}
			if !hit {
				continue
			}
			bottom := ln.Box.Y + ln.Box.H
			for j := i + 1; j < len(v.Lines); j++ {
				nl := v.Lines[j]
				if nl.Page != ln.Page || nl.Box.Y-bottom > 4*ln.Box.H {
					break
				}
				for _, d := range nl.Cells {
					if d.Box.X < c.Box.X+c.Box.W+20 && d.Box.X+d.Box.W > c.Box.X-20 {
						out = append(out, d.Text)
					}
				}
				bottom = nl.Box.Y + nl.Box.H
			}
			return out, i
		}
	}
	return out, -1
}

// reSeeOrNot is a reference or a negation among a column's verdicts.
var reSeeOrNot = lazyRegexp(`(?i)see|\bnot\b|\bnon\b|不`)

// conclusion reads a "Conclusion" column: pass when every printed verdict
// passes, fail when any fails, "" when one is not a verdict ("See
// Results", a negation) or none is found; with every, "" when any cell
// is not a verdict or a not-applicable mark (a row's verdict OCR garbled).
func conclusion(cells []string, every bool) string {
	got := ""
	for _, c := range cells {
		v, ok := normalize.Verdict(c)
		if !ok {
			// Words in the column that are not verdicts make it mixed:
			// "See Results", or a negation whose verdict wrapped
			// ("Does not" over "comply")
			if reSeeOrNot.MatchString(c) || every && !noneMark(strings.Trim(c, " .*")) {
				return ""
			}
			continue
		}
		switch v {
		case labrelay.VerdictFail:
			return labrelay.VerdictFail
		case labrelay.VerdictPass:
			got = v
		case labrelay.VerdictInconclusive:
			return labrelay.VerdictInconclusive
		}
	}
	return got
}

// captionFragment reports whether c, left of a value column starting at
// x, is the wrapped end of a caption of field: short, no digit, no colon,
// and no caption of another field.
// reWholeBilingual is a caption printed whole in two languages, the second
// in brackets ("SCOPE (ENSAYOS SOLICITADOS)"): a pair's caption of its own,
// not the fragment of a caption wrapped from the line above.
var reWholeBilingual = lazyRegexp(`^[^()（）]{2,}[(（][^()（）]{2,}[)）]$`)

// wholeBilingual reports a cell that is such a caption, other than an
// address's ("Anschrift (Address)" may be the end of "Client").
func wholeBilingual(t string) bool {
	return reWholeBilingual.MatchString(strings.TrimSpace(t)) && !isAddressCaption(t)
}

func captionFragment(c cell, x float64, field string) bool {
	if c.Box.X+c.Box.W >= x || len(strings.Fields(c.Text)) > 3 || reHasDigit.MatchString(c.Text) || isLabelish(c.Text) || reWholeBilingual.MatchString(c.Text) {
		return false
	}
	if reNumberCaption.MatchString(c.Text) {
		return false // "AUFTRAGS-NR.": a number's caption of its own
	}
	k := capKey(c.Text)
	if field == labrelay.FieldApplicantAddress && isAddressCaption(c.Text) {
		return true // "Postal" over "Address"
	}
	if h, ok := parseCaption(c.Text); ok {
		for _, e := range h.entries {
			if e.field == field && h.rest == "" {
				return true
			}
		}
		return false
	}
	return !isCaptionText(c.Text) || neutralCaptions[k]
}
