package rules

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/text"
	"github.com/labrelay/labrelay/normalize"
)

const (
	colItem = iota
	colMethod
	colUnit
	colMDL
	colLimit
	colValue
	colVerdict
	colIgnore
	colUnknown
)

type column struct {
	kind   int
	x0, x1 float64 // span that cells are assigned to
	hx0    float64 // header cell start
	unit   string  // a unit printed in the header cell (generic tables)
	// lefts are the left edges data cells of this column share (generic
	// tables): a short cell starting there belongs here even when its
	// centre is nearer a centred header of another column.
	lefts []float64
}

// tableResult is what the result tables of a document gave.
type tableResult struct {
	rows []labrelay.ResultRow
	// methods are the rows of tables of items and methods without
	// results (readMethods): they name standards, not results.
	methods []labrelay.ResultRow
	mpage   int // where the first methods table is
	mbox    labrelay.Box
	conf    float64
	page    int
	box     labrelay.Box
	unit    string
	issues  []string // review reasons
	trace   []string
	// ocrRows are the indexes in rows of the rows of OCR tables
	ocrRows []int
}

func headerKind(t *Table, text string) int {
	if t == genericTable {
		k, _ := genericHeaderKind(text)
		return k
	}
	lists := [][]string{t.Item, t.Method, t.Unit, t.MDL, t.Limit, t.Value, t.Verdict, t.Ignore}
	for k, names := range lists {
		for _, n := range names {
			if rest, ok := cutLabel(text, n); ok && rest == "" {
				return k
			}
		}
	}
	return colUnknown
}

// lexiconVeto reports a header cell a pack does not name, which it would
// read as a sample's result column, that the lexicon knows as something
// else ("Regulatory Limit"): the pack does not know the table, whose
// numbers are no results.
func lexiconVeto(t *Table, ln line, kinds []int) (string, bool) {
	if t == genericTable {
		return "", false
	}
	for i, k := range kinds {
		if k != colUnknown {
			continue
		}
		if g, _ := headerKindOf(ln.Cells[i].Text, false); g != colUnknown && g != colValue {
			return ln.Cells[i].Text, true
		}
	}
	return "", false
}

// readTables finds every result table by its header row and reads its rows.
func readTables(v *view, t *Table) *tableResult {
	res := &tableResult{conf: confTable}
	if t == nil {
		return res
	}
	noResults := 0 // the page of a methods table with limits or MDLs
	defer func() {
		if noResults > 0 && len(res.rows) == 0 {
			// limits and MDLs, no result column, and no result table: if
			// a result column went unrecognised, the results are lost
			res.issues = append(res.issues, fmt.Sprintf("the table on page %d lists items and methods but no results; results were not read from it", noResults))
		}
	}()
	for i := 0; i < len(v.Lines); i++ {
		ln, h := v.Lines[i], i
		if t == genericTable {
			if m, last, ok := mergedHeader(v, i); ok {
				ln, h = m, last
			}
			if ln.Path == labrelay.PathOCR {
				ln = splitOverData(v, h, moveHanPart(joinCaptions(splitCaptions(withoutDots(ln)))))
			}
		}
		kinds := make([]int, len(ln.Cells))
		for k, c := range ln.Cells {
			kinds[k] = headerKind(t, c.Text)
		}
		if t == genericTable {
			kinds = typedByContent(v, h, ln, kinds)
			if ln.Path == labrelay.PathOCR {
				if l, k := unheadedResult(v, h, ln, kinds); len(k) > len(kinds) {
					ln, kinds = l, k
					res.conf = math.Min(res.conf, correctedConf)
					res.trace = append(res.trace, fmt.Sprintf("p%d header %q: the rows' results stand under no caption; its result column added", ln.Page, ln.Text))
				}
			}
		}
		if ln.Path == labrelay.PathOCR {
			ignoreMarginJunk(ln, kinds)
			ignoreMarkCells(ln, kinds)
			if t == genericTable {
				ignoreOverNothing(v, h, ln, kinds)
			}
			ln, kinds = mergeHeaderJunk(ln, kinds)
		}
		if c, ok := lexiconVeto(t, ln, kinds); ok {
			res.trace = append(res.trace, fmt.Sprintf("p%d header %q: %q is no result column; left to the header lexicon", ln.Page, ln.Text, c))
			continue
		}
		have := map[int]int{}
		for _, k := range kinds {
			have[k]++
		}
		known := 0
		for _, k := range []int{colMethod, colUnit, colMDL, colLimit, colValue, colVerdict} {
			if have[k] > 0 {
				known++
			}
		}
		// A table of items and their methods, with no result column,
		// lists the report's standards ("Test Content": item, method,
		// maybe unit, limit, MDL); its rows are no results.
		methodsOnly := have[colMethod] > 0 && have[colValue]+have[colUnknown] == 0
		if have[colItem] != 1 || known < 2 && !methodsOnly && !itemsAndResults(v, t, h, ln, kinds, have) {
			continue
		}
		// Only row numbers ("#", "No.") may stand left of the item column.
		leading := true
		for _, k := range kinds {
			if k == colItem {
				break
			}
			// the generic lexicon knows its headers: any may come first
			leading = leading && (k == colIgnore || t == genericTable && k != colUnknown)
		}
		if !leading {
			continue
		}
		// Columns that are neither known nor ignored hold results (one per
		// sample): "Result", "A1", "001".
		values := have[colValue] + have[colUnknown]
		if methodsOnly {
			if known > 1 && noResults == 0 {
				noResults = ln.Page
			}
			i = readMethods(v, t, h, ln, kinds, res) - 1
			continue
		}
		if values != 1 {
			res.issues = append(res.issues, fmt.Sprintf("the result table on page %d has %d result columns (one per sample?); rows not read", ln.Page, values))
			res.trace = append(res.trace, fmt.Sprintf("p%d table header %q: %d result columns, skipped", ln.Page, ln.Text, values))
			continue
		}
		cols := columnsOf(t, ln, kinds)
		res.trace = append(res.trace, fmt.Sprintf("p%d table header %q", ln.Page, ln.Text))
		if t == genericTable {
			h = unitLine(v, h, cols)
			if ln.Path == labrelay.PathOCR {
				cols = unheadedMethods(v, h, cols)
			}
			alignColumns(v, h, cols)
		} else {
			// a pack's table reads its own lines, but a unit printed
			// under its header ("(mg/kg)" under "Requirement") is still
			// the rows' unit
			unitLine(v, h, cols)
		}
		next := readRows(v, t, h, cols, res)
		if res.page == 0 {
			res.page, res.box, res.unit = ln.Page, ln.Box, ln.Unit
		}
		i = next - 1
	}
	docItemNames(res)
	return res
}

// docItemNames puts right the misread Chinese or Japanese item names of
// a report's OCR tables taken together: a report prints its names in one
// language throughout, and a table of two rows ("名 Cadmium", "$8 Lead"
// on a page of their own) agrees with none on its own.
func docItemNames(res *tableResult) {
	rows := make([]labrelay.ResultRow, len(res.ocrRows))
	for k, i := range res.ocrRows {
		rows[k] = res.rows[i]
	}
	if n := hanItemNames(rows); n > 0 {
		for k, i := range res.ocrRows {
			res.rows[i] = rows[k]
		}
		res.conf = math.Min(res.conf, correctedConf)
		res.trace = append(res.trace, fmt.Sprintf("  %d misread Chinese or Japanese item names put right from the report's other tables", n))
	}
}

// splitCaptions parts an OCR header cell that holds two captions of
// different columns, the rule between them lost ("单位 Unit Complies",
// "Unit of Measure Verdict"): at a gap wider than a word space, after a
// caption in two scripts ("检出限 MDL | Max. Limit"), or anywhere when
// the whole is no caption.
func splitCaptions(ln line) line {
	// a part split off may part again ("检出限 MDL Max. Limit | Result")
	for range 3 {
		var split bool
		if ln, split = splitCaptionsOnce(ln); !split {
			break
		}
	}
	return ln
}

// splitCaptionsOnce parts each cell of ln at most once.
func splitCaptionsOnce(ln line) (line, bool) {
	var cells []cell
	split := false
	for _, c := range ln.Cells {
		c = partHanComma(c)
		at := 0
		whole := strictCaption(c.Text) != colUnknown
		for i := 1; i < len(c.words) && at == 0; i++ {
			p, w := c.words[i-1], c.words[i]
			head := joinWords(c.words[:i]).Text
			if whole && w.Box.X-(p.Box.X+p.Box.W) < 0.8*math.Min(p.Box.H, w.Box.H) && !bilingualHead(head) {
				continue // a word space in a caption ("Test Result")
			}
			a, b := strictCaption(head), strictCaption(joinWords(c.words[i:]).Text)
			if a != colUnknown && b != colUnknown && a != b {
				at = i
			}
		}
		if at == 0 && !whole {
			// three captions or more ("UOM LC LOQ Requisito")
			if toks := tokensOf(c); len(toks) <= maxPartTokens {
				if parts := captionParts(toks, colUnknown, 3); parts != nil {
					cells = append(cells, parts...)
					split = true
					continue
				}
				// a scan's junk token first, a Han caption misread, then
				// two captions ("RR VALUE COMPLIES"): the junk goes
				// with the first
				if ln.Path == labrelay.PathOCR && len(toks) >= 3 && junkToken(toks[0].Text) && strictCaption(toks[0].Text) == colUnknown {
					if parts := captionParts(toks[1:], colUnknown, 2); parts != nil {
						parts[0] = joinWords([]cell{toks[0], parts[0]})
						cells = append(cells, parts...)
						split = true
						continue
					}
				}
			}
		}
		if at == 0 {
			cells = append(cells, c)
			continue
		}
		cells = append(cells, joinWords(c.words[:at]), joinWords(c.words[at:]))
		split = true
	}
	if split {
		ln.Cells = cells
	}
	return ln, split
}

// partHanComma parts the words of c that hold a full-width comma between
// Han characters in two: OCR reads the gap between two Han captions as
// one ("限值，检测结果"), and no caption prints such a comma. The halves
// share the word's box by their runes.
func partHanComma(c cell) cell {
	var ws []cell
	changed := false
	for _, w := range wordsOf(c) {
		rs := []rune(w.Text)
		at := slices.IndexFunc(rs, func(r rune) bool { return r == '，' || r == '、' })
		if at < 1 || at+1 >= len(rs) || !text.IsCJK(rs[at-1]) || !text.IsCJK(rs[at+1]) {
			ws = append(ws, w)
			continue
		}
		per := w.Box.W / float64(len(rs))
		a, b := w, w
		a.Text, a.words = string(rs[:at]), nil
		b.Text, b.words = string(rs[at+1:]), nil
		a.Box.W = per * float64(at)
		b.Box.X, b.Box.W = w.Box.X+per*float64(at+1), per*float64(len(rs)-at-1)
		ws = append(ws, a, b)
		changed = true
	}
	if !changed {
		return c
	}
	return joinWords(ws)
}

// bilingualHead reports a caption in two scripts, Han then Latin ("检出限
// MDL"): whole, whatever stands close after it is a caption of its own
// ("检出限 MDL Max. Limit").
func bilingualHead(t string) bool {
	i := strings.IndexFunc(t, func(r rune) bool { return r < 0x2E80 && unicode.IsLetter(r) })
	han := strings.TrimSpace(t[:max(i, 0)])
	return i > 0 && han != "" && !strings.ContainsFunc(han, func(r rune) bool { return !text.IsCJK(r) && r != ' ' }) &&
		!strings.ContainsFunc(t[i:], text.IsCJK)
}

// tokensOf is c's words parted at their spaces, each token given its
// share of its word's box by its runes: OCR reads "UOM LC" as one word.
func tokensOf(c cell) []cell {
	var out []cell
	for _, w := range wordsOf(c) {
		toks := strings.Fields(w.Text)
		if len(toks) < 2 {
			out = append(out, w)
			continue
		}
		x, per := w.Box.X, w.Box.W/float64(utf8.RuneCountInString(w.Text))
		for _, t := range toks {
			tw := w
			tw.Text, tw.words = t, nil
			tw.Box.X, tw.Box.W = x, per*float64(utf8.RuneCountInString(t))
			x += tw.Box.W + per
			out = append(out, tw)
		}
	}
	return out
}

// maxPartTokens bounds captionParts, which tries every parting: a header
// cell holds a few captions, a sentence is no header.
const maxPartTokens = 8

// captionParts parts words into least or more captions of different
// kinds next to each other, each a caption as a whole, the first not of
// kind prev; nil when they do not part so. Of the partings it takes one
// with the fewest parts: "Limit Test Result (mg/kg) Compliance" is three
// captions, not four with a lone "Test" (an item's caption).
func captionParts(ws []cell, prev, least int) []cell {
	if len(ws) == 0 {
		return nil
	}
	if k := strictCaption(joinWords(ws).Text); least <= 1 && k != colUnknown && k != prev {
		return []cell{joinWords(ws)}
	}
	var best []cell
	for i := 1; i < len(ws); i++ {
		k := strictCaption(joinWords(ws[:i]).Text)
		if k == colUnknown || k == prev {
			continue
		}
		if rest := captionParts(ws[i:], k, least-1); rest != nil && (best == nil || len(rest)+1 < len(best)) {
			best = append([]cell{joinWords(ws[:i])}, rest...)
		}
	}
	return best
}

// moveHanPart mends OCR header cells, Han but for marks, that OCR
// parted at the wrong character or not at all ("标准要求测试" "结果" for
// 标准要求 and 测试结果, the gap between them read as none): a cell, or
// two neighbours, one of which names no column as read, whose characters
// parted elsewhere make two captions of different kinds. Each word's box
// is shared by its characters.
func moveHanPart(ln line) line {
	var out []cell
	for i := 0; i < len(ln.Cells); i++ {
		a := ln.Cells[i]
		if strictCaption(a.Text) == colUnknown {
			if l, r, ok := hanParts([]cell{a}); ok {
				out = append(out, l, r)
				continue
			}
		}
		if i+1 < len(ln.Cells) {
			b := ln.Cells[i+1]
			if strictCaption(a.Text) == colUnknown || strictCaption(b.Text) == colUnknown {
				if l, r, ok := hanParts([]cell{a, b}); ok {
					out = append(out, l, r)
					i++
					continue
				}
			}
		}
		out = append(out, a)
	}
	if len(out) != len(ln.Cells) || !slices.EqualFunc(out, ln.Cells, func(a, b cell) bool { return a.Text == b.Text }) {
		ln.Cells = out
	}
	return ln
}

// hanParts parts the Han characters of cells, each Han but for marks,
// in two captions of different kinds, where the cells do not part them
// already. The cut's x shares each word's box among its characters.
func hanParts(cells []cell) (left, right cell, ok bool) {
	type glyph struct{ x0, x1 float64 }
	var rs []rune
	var gs []glyph
	bounds := map[int]bool{}
	for _, c := range cells {
		for _, w := range wordsOf(c) {
			h := hanCaption(w.Text)
			if h == nil && strings.ContainsFunc(w.Text, isWordRune) {
				return left, right, false
			}
			per := w.Box.W / float64(max(len(h), 1))
			for k, r := range h {
				rs = append(rs, r)
				gs = append(gs, glyph{w.Box.X + per*float64(k), w.Box.X + per*float64(k+1)})
			}
		}
		bounds[len(rs)] = true
	}
	for k := 2; k+2 <= len(rs); k++ {
		if bounds[k] {
			continue
		}
		ka, kb := strictCaption(string(rs[:k])), strictCaption(string(rs[k:]))
		if ka == colUnknown || kb == colUnknown || ka == kb {
			continue
		}
		first, last := cells[0], cells[len(cells)-1]
		cut := gs[k].x0
		left, right = first, last
		left.Text, left.words = string(rs[:k]), nil
		left.Box.W = cut - first.Box.X
		right.Text, right.words = string(rs[k:]), nil
		right.Box.X, right.Box.W = cut, last.Box.X+last.Box.W-cut
		return left, right, true
	}
	return left, right, false
}

// hanCaption returns the Han characters of t when it has no other
// letter or digit (OCR's marks aside), else nil.
func hanCaption(t string) []rune {
	var out []rune
	for _, r := range t {
		switch {
		case text.IsCJK(r) && unicode.IsLetter(r):
			out = append(out, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			return nil
		}
	}
	return out
}

// joinCaptions joins two neighbouring OCR header cells that OCR parted
// at a wide word space ("Valor" "medido"): together they are a caption,
// one of them alone names nothing even by a run of its words, and they
// stand a word space or a little more apart, not a column's gap.
func joinCaptions(ln line) line {
	cs := ln.Cells
	for i := 0; i+1 < len(cs); i++ {
		a, b := cs[i], cs[i+1]
		h := math.Min(wordHeight(a), wordHeight(b))
		if b.Box.X-(a.Box.X+a.Box.W) > 1.2*h {
			continue
		}
		if ka, kb := looseCaption(a.Text), looseCaption(b.Text); ka != colUnknown && kb != colUnknown {
			// two captions: two columns, but one caption in two
			// languages a word space apart ("Sustancia" "SUBSTANCE",
			// read apart on a skewed line) is one
			if ka != kb || strictCaption(a.Text) != ka || strictCaption(b.Text) != kb {
				continue
			}
		}
		j := a
		j.Text, j.Box, j.Conf = a.Text+" "+b.Text, unionBox(a.Box, b.Box), math.Min(a.Conf, b.Conf)
		j.words = append(wordsOf(a), wordsOf(b)...)
		if strictCaption(j.Text) == colUnknown && !modifiedCaption(a.Text, b.Text, j.Text) {
			continue
		}
		cs = append(append(append([]cell(nil), cs[:i]...), j), cs[i+2:]...)
	}
	ln.Cells = cs
	return ln
}

// modifiedCaption reports whether a word that names no column stands
// before or after a caption and leaves it naming the same column
// ("Tested" "Substance", a skewed photo's halves of one caption).
func modifiedCaption(a, b, joined string) bool {
	ka, kb := looseCaption(a), looseCaption(b)
	if (ka == colUnknown) == (kb == colUnknown) {
		return false
	}
	known := ka
	if known == colUnknown {
		known = kb
	}
	return looseCaption(joined) == known
}

// looseCaption is the column a header cell names, by a run of its words
// too ("$42 Value").
func looseCaption(s string) int {
	k, _ := headerKindOf(s, true)
	return k
}

// wordHeight is the height of a cell's shortest word: a header cell
// joined over two lines is as tall as both.
func wordHeight(c cell) float64 {
	h := c.Box.H
	for _, w := range c.words {
		h = math.Min(h, w.Box.H)
	}
	return h
}

// withoutDots is an OCR line without its dots: a scan's speck read as
// "-" or "." in a header is no column.
func withoutDots(ln line) line {
	var cs []cell
	for _, c := range ln.Cells {
		if !dot(ln, c) {
			cs = append(cs, c)
		}
	}
	if len(cs) < len(ln.Cells) {
		ln.Cells = cs
	}
	return ln
}

// wordsOf is a cell's words, or the cell as one word.
func wordsOf(c cell) []cell {
	if len(c.words) == 0 {
		return []cell{c}
	}
	return append([]cell(nil), c.words...)
}

// unheadedMethods adds a method column whose header OCR lost: three or
// more rows hold, after their cell in another column, a cell that starts
// at one left edge with a standards body ("N.D. | IEC 62321-5:2013
// ICP-OES/AAS" under "Result"). Without it the methods are read into
// the results. A table that has a method column is left as it is.
func unheadedMethods(v *view, h int, cols []column) []column {
	for _, c := range cols {
		if c.kind == colMethod {
			return cols
		}
	}
	page := v.Lines[h].Page
	edges := map[int][]float64{} // column → left edges of a second, method-like cell
	for j := h + 1; j < len(v.Lines) && j <= h+40 && v.Lines[j].Page == page; j++ {
		seen := map[int]bool{}
		for _, c := range tableCells(cols, v.Lines[j]) {
			k := assign(cols, c)
			if k < 0 {
				continue
			}
			if seen[k] && cols[k].kind != colItem && reStandardBody.MatchString(firstToken(c.Text)) {
				edges[k] = append(edges[k], c.Box.X)
			}
			seen[k] = true
		}
	}
	for _, k := range slices.Sorted(maps.Keys(edges)) { // the leftmost column first, every run alike
		xs := edges[k]
		sort.Float64s(xs)
		for i := 0; i+2 < len(xs); i++ {
			if xs[i+2]-xs[i] > 6 {
				continue
			}
			at := xs[i] - 3
			m := column{kind: colMethod, x0: at, x1: cols[k].x1, hx0: xs[i]}
			cols[k].x1 = at
			return append(append(append([]column(nil), cols[:k+1]...), m), cols[k+1:]...)
		}
	}
	return cols
}

// itemsAndResults reports a generic table of two columns, items and
// their results ("Test Items | Test Result (mg/kg)"), whose header names
// too few columns to tell it from captions: two of the first lines under
// it hold an item that is no caption and a result each, and nothing
// else.
func itemsAndResults(v *view, t *Table, h int, ln line, kinds []int, have map[int]int) bool {
	if t != genericTable || have[colValue] != 1 || len(kinds) != 2 {
		return false
	}
	cols := columnsOf(t, ln, kinds)
	rows := 0
	for k := h + 1; k < len(v.Lines) && k <= h+6 && v.Lines[k].Page == ln.Page; k++ {
		r := fill(cols, v.Lines[k])
		item, value := r.cells[colItem], r.cells[colValue]
		if item == "" || value == "" || filled(r) != 2 || len(v.Lines[k].Cells) != 2 {
			continue
		}
		if _, err := normalize.ParseValue(value); err != nil {
			continue // a code or a date beside a caption, no result
		}
		if _, ok := parseCaption(item); ok || strings.HasSuffix(strings.TrimSpace(item), ":") {
			continue // "Quantity: 3"
		}
		rows++
	}
	return rows >= 2
}

// ignoreMarginJunk ignores the short unknown cells before an OCR
// header's item column: what a photo's page edge or a stamp reads as
// ("Soe", "EPL," left of "Test Items"), which no row number looks like.
func ignoreMarginJunk(ln line, kinds []int) {
	for k, c := range ln.Cells {
		if kinds[k] == colItem {
			return
		}
		t := strings.Trim(c.Text, ".,;:'‘’\"“”`|_-")
		if kinds[k] == colUnknown && utf8.RuneCountInString(t) <= 3 && !reHasDigit.MatchString(t) && !strings.Contains(t, "#") {
			kinds[k] = colIgnore
		}
	}
}

// ignoreMarkCells ignores the cells of an OCR header that hold no letter
// or digit ("—" between "Test items" and "Unit of Measure"): a rule's or
// a speck's ink, no column's caption, that counted as a second result
// column and cost the table.
func ignoreMarkCells(ln line, kinds []int) {
	for k, c := range ln.Cells {
		if kinds[k] == colUnknown && !strings.ContainsFunc(c.Text, isWordRune) {
			kinds[k] = colIgnore
		}
	}
}

// mergeHeaderJunk joins each short unsure unknown cell right of an OCR
// header's item column to its nearer neighbour that names a column: a
// bilingual caption's other half misread ("Bee" for 判定 before
// "JUDGEMENT", 356 px from the caption on its other side), which would
// count as a second result column. Only when the header names a result
// column already.
func mergeHeaderJunk(ln line, kinds []int) (line, []int) {
	if !slices.Contains(kinds, colValue) {
		return ln, kinds
	}
	item := slices.Index(kinds, colItem)
	for k := len(ln.Cells) - 1; k > item && item >= 0; k-- {
		c := ln.Cells[k]
		t := strings.Trim(c.Text, ".,;:'‘’\"“”`|_-")
		if kinds[k] != colUnknown || c.Conf >= 0.6 || utf8.RuneCountInString(t) > 3 || !reHasLetter.MatchString(t) || reHasDigit.MatchString(t) {
			continue
		}
		to, gap := -1, math.Inf(1)
		if k-1 >= 0 && kinds[k-1] != colUnknown && kinds[k-1] != colIgnore {
			to, gap = k-1, c.Box.X-(ln.Cells[k-1].Box.X+ln.Cells[k-1].Box.W)
		}
		if k+1 < len(ln.Cells) && kinds[k+1] != colUnknown && kinds[k+1] != colIgnore && ln.Cells[k+1].Box.X-(c.Box.X+c.Box.W) < gap {
			to = k + 1
		}
		if to < 0 {
			continue
		}
		cs := append([]cell(nil), ln.Cells...)
		m := cs[to]
		if to < k {
			m.Text = m.Text + " " + c.Text
		} else {
			m.Text = c.Text + " " + m.Text
		}
		m.Box = unionBox(m.Box, c.Box)
		cs[to] = m
		ln.Cells = slices.Delete(cs, k, k+1)
		kinds = slices.Delete(slices.Clone(kinds), k, k+1)
	}
	return ln, kinds
}

// readMethods reads a table of items and methods under the header at line
// h into res.methods, and returns the index of the first line after it.
// Its doubts are not the result table's: they are kept apart.
func readMethods(v *view, t *Table, h int, ln line, kinds []int, res *tableResult) int {
	cols := columnsOf(t, ln, kinds)
	sub := &tableResult{conf: confTable}
	if t == genericTable {
		h = unitLine(v, h, cols)
		alignColumns(v, h, cols)
	}
	next := readRows(v, t, h, cols, sub)
	if res.mpage == 0 && len(sub.methods) > 0 {
		res.mpage, res.mbox = ln.Page, ln.Box
	}
	res.methods = append(res.methods, sub.methods...)
	res.trace = append(res.trace, fmt.Sprintf("p%d methods table %q: %d rows", ln.Page, ln.Text, len(sub.methods)))
	return next
}

// methodsTable reports the columns of a table of items and methods
// without results (readMethods): no column holds results.
func methodsTable(cols []column) bool {
	return !slices.ContainsFunc(cols, func(c column) bool { return c.kind == colValue })
}

// columnsOf builds a table's columns from its header cells: each spans
// from midway after the previous header cell to midway before the next.
func columnsOf(t *Table, ln line, kinds []int) []column {
	cols := make([]column, len(ln.Cells))
	for k, c := range ln.Cells {
		kind := kinds[k]
		if kind == colUnknown {
			kind = colValue
		}
		cols[k] = column{kind: kind, hx0: c.Box.X}
		if t == genericTable {
			_, cols[k].unit = genericHeaderKind(c.Text)
			if m := reHeaderUnit.FindStringSubmatch(c.Text); m != nil && cols[k].unit == "" {
				// a caption the lexicon does not know, typed by its
				// column's cells ("PRE (mg/kg)", the limit's misread)
				cols[k].unit, _ = bracketUnitOf("(" + m[2] + ")")
			}
		}
	}
	for k, c := range ln.Cells {
		left, right := 0.0, math.Inf(1)
		if k > 0 {
			p := ln.Cells[k-1]
			left = (p.Box.X + p.Box.W + c.Box.X) / 2
		}
		if k+1 < len(ln.Cells) {
			n := ln.Cells[k+1]
			right = (c.Box.X + c.Box.W + n.Box.X) / 2
		}
		cols[k].x0, cols[k].x1 = left, right
	}
	return cols
}

type rawRow struct {
	cells  [colUnknown]string
	y, bot float64 // top and bottom, pages stacked (pageOff)
	data   bool
	multi  bool // two results side by side in the result column
	wrap   bool // cells of a wrapped cell, tight under the line above
	loose  bool // no row by itself: a wrapped cell's line, or lost text
	ocr    bool // read by OCR: its item's words may be misread (respellItem)
	alone  bool // between two row gaps, and no row by itself (splitRun)
	// mid is the line's middle; ruleUp and ruleDown the nearest ruling
	// lines above and below it that pass under its first cell (NaN for
	// none), pages stacked as y
	mid, ruleUp, ruleDown float64
}

// isHeaderLine reports whether every cell of a line is a known column
// header (the second line of a bilingual header, a repeated header).
func isHeaderLine(t *Table, ln line) bool {
	known := 0
	for _, c := range ln.Cells {
		n := headerCaptions(func(s string) int { return headerKind(t, s) }, c.Text)
		if n == 0 {
			return false
		}
		known += n
	}
	return known >= 2
}

// headerCaptions counts the captions a header cell holds: one, or two
// that OCR read as one cell ("Sample 1 Evaluation"); 0 when it is none.
func headerCaptions(kind func(string) int, text string) int {
	if kind(text) != colUnknown {
		return 1
	}
	fs := strings.Fields(text)
	for i := 1; i < len(fs); i++ {
		if kind(strings.Join(fs[:i], " ")) != colUnknown && kind(strings.Join(fs[i:], " ")) != colUnknown {
			return 2
		}
	}
	return 0
}

// fill assigns a line's cells to the table's columns.
func fill(cols []column, ln line) rawRow {
	var r rawRow
	r.y = ln.Box.Y
	for _, c := range tableCells(cols, ln) {
		k := assign(cols, c)
		if k < 0 {
			continue
		}
		kind := cols[k].kind
		if kind == colIgnore {
			continue
		}
		if r.cells[kind] != "" {
			r.multi = r.multi || kind == colValue && resultLike(c.Text) && resultLike(r.cells[kind])
			r.cells[kind] += " "
		}
		r.cells[kind] += c.Text
	}
	return r
}

// readRows reads the rows under the header at line h and returns the index
// of the first line after the table.
func readRows(v *view, t *Table, h int, cols []column, res *tableResult) int {
	hl := v.Lines[h]
	lineH := math.Max(headerLineH(v, h), 6)
	j := h + 1
	if j < len(v.Lines) && v.Lines[j].Page == hl.Page && isHeaderLine(t, v.Lines[j]) &&
		v.Lines[j].Box.Y-(hl.Box.Y+hl.Box.H) < 1.5*lineH {
		j++ // the captions again, in a second language
	}
	var rows []rawRow
	prev := hl
	defer func() {
		if len(rows) > 0 && pageCut(v, t, j, cols) {
			res.conf = math.Min(res.conf, 0.85)
			res.issues = appendOnce(res.issues, fmt.Sprintf("the result table on page %d may go on on the next page; rows there were not read", prev.Page))
		}
	}()
	// pastFooter moves j to the next page's rows when the table goes on
	// there past a scan's footer (footerThenRows)
	pastFooter := func() bool {
		k := footerThenRows(v, t, j, cols)
		if k < 0 || len(rows) == 0 {
			return false
		}
		j = k - 1
		res.conf = math.Min(res.conf, 0.85)
		return true
	}
	for ; j < len(v.Lines); j++ {
		ln := v.Lines[j]
		if ln.Page != prev.Page {
			k := continuedAt(v, t, j, cols, prev.Page)
			if k < 0 {
				break
			}
			res.trace = append(res.trace, fmt.Sprintf("p%d table continues without a header", v.Lines[k].Page))
			j, ln = k, v.Lines[k]
			prev = ln
			prev.Box.Y, prev.Box.H = ln.Box.Y-lineH, 0
		}
		if gap := ln.Box.Y - (prev.Box.Y + prev.Box.H); gap > 2.5*lineH && !nextRuledRow(v, prev, ln, gap, lineH) || stopRow(t, ln) {
			if pastFooter() {
				continue
			}
			break
		}
		if isHeaderLine(t, ln) {
			break
		}
		r := fill(cols, ln)
		r.y, r.bot = ln.Box.Y+pageOff(ln), ln.Box.Y+ln.Box.H+pageOff(ln)
		r.ocr = ln.Path == labrelay.PathOCR
		r.mid, r.ruleUp, r.ruleDown = v.rulesAround(ln)
		switch tableLine(v, t, j, cols, rows, &r, prev, lineH) {
		case lineEnd:
			if pastFooter() {
				continue
			}
			resultRows(t, rows, cols, lineH, hl.Box.Y+hl.Box.H+pageOff(hl), res)
			return j
		case lineRow:
			// OCR: the table is as sure as its least sure word.
			res.conf = math.Min(res.conf, 0.95*minConf(ln))
			rows = append(rows, r)
		case linePart:
			rows = append(rows, r)
		}
		prev = ln
	}
	resultRows(t, rows, cols, lineH, hl.Box.Y+hl.Box.H+pageOff(hl), res)
	return j
}

// What a line under a table header is (tableLine).
const (
	lineEnd  = iota // the table ended above it
	lineSkip        // a group heading: not part of any row
	lineRow         // a data row, or an item name wrapped alone
	linePart        // a wrapped cell's line (r.wrap, r.loose)
)

// tableLine tells what line j is, setting r's flags: whether it is a data
// row, a line of a wrapped cell, or the end of the table.
func tableLine(v *view, t *Table, j int, cols []column, rows []rawRow, r *rawRow, prev line, lineH float64) int {
	ln := v.Lines[j]
	generic := t == genericTable
	if generic && groupHeading(v, j, cols, *r) {
		return lineSkip
	}
	if methodsTable(cols) {
		// a line of more cells than it has columns is another table's
		// header
		switch {
		case len(ln.Cells) > len(cols):
			return lineEnd
		case r.cells[colMethod] != "":
			r.data = true // its item may wrap around it
			return lineRow
		}
	}
	// tight under the line above, and not nearer the line below: a line
	// between two (a superscript "st nd rd" over "1 Migration") is left to
	// groupRows, so that a fraction of a point in where a text source puts
	// a bold baseline does not change the rows
	above := ln.Box.Y - (prev.Box.Y + prev.Box.H)
	tight := above <= 0.6*lineH && above <= gapBelow(v, j)
	if generic && wrappedCells(rows, *r) && tight {
		if headingUnderName(rows[len(rows)-1], *r) {
			return lineSkip
		}
		r.wrap = true
		return linePart
	}
	others := strings.TrimSpace(r.cells[colLimit] + r.cells[colUnit] + r.cells[colMDL] + r.cells[colMethod])
	switch {
	case r.cells[colValue] != "":
		if resultLike(r.cells[colValue]) || generic && filled(*r) >= 3 {
			r.data = true
			return lineRow
		}
		if generic && (tight || tightBelow(v, j, lineH)) {
			r.loose = true // "Not" over a row's middle line, "Detected" under it
			return linePart
		}
		if generic && r.ocr && continuesValue(rows, r.cells[colValue]) {
			// a scan's boxes hold no ascenders and descenders of the
			// line's font, so a wrapped line can look apart from its row;
			// "Detected" under "Not" still ends the result above
			r.wrap = true
			return linePart
		}
		if generic && r.ocr && r.cells[colItem] != "" && utf8.RuneCountInString(r.cells[colValue]) <= 5 && dataNext(v, j, cols) {
			// a result misread as a short token ("ad." for "n.d.")
			// between data rows: the row goes to review without it and
			// the table goes on
			r.cells[colValue] = ""
			r.data = true
			return lineRow
		}
		return lineEnd
	case generic && r.cells[colItem] != "" && filled(*r) >= 3:
		r.data = true // the middle line of a row whose result wraps around it
		return lineRow
	case r.cells[colItem] != "" && len(ln.Cells) == 1 && ln.Cells[0].Box.X+ln.Cells[0].Box.W > itemRight(cols)+lineH:
		// a sentence under the table, wider than the item column;
		// in a generic table a group heading when data rows follow
		if generic && dataNext(v, j, cols) {
			return lineSkip
		}
		return lineEnd
	case r.cells[colItem] == "" || others != "":
		// neither a result nor a wrapped item name: end of table
		if len(ln.Cells) == 1 && ln.Cells[0].Box.W > 0.5*(cols[len(cols)-1].hx0-cols[0].hx0) {
			return lineEnd
		}
		if r.cells[colItem] == "" {
			// text that fits no row by itself: the line of a wrapped
			// cell above its row's middle, or lost (groupRows)
			r.loose = true
			return linePart
		}
	}
	return lineRow
}

// continuesValue reports a cell that completes the result of the row
// above as a result: "Detected" under "Not".
func continuesValue(rows []rawRow, v string) bool {
	if len(rows) == 0 {
		return false
	}
	last := rows[len(rows)-1].cells[colValue]
	return last != "" && !resultLike(last) && resultLike(joinCellText(last, v))
}

// headingUnderName reports an OCR line of one capitalised word (and
// specks) under a row whose item ends its name with its bracketed
// abbreviation: a group heading a photo's skew set close under the row
// ("Diisobutyl phthalate (DIBP)" over "Halogens"), not the name going on.
func headingUnderName(above, frag rawRow) bool {
	a, f := strings.TrimSpace(above.cells[colItem]), strings.TrimSpace(frag.cells[colItem])
	if !frag.ocr || !strings.HasSuffix(a, ")") || f == "" || strings.Contains(f, " ") || !unicode.IsUpper(firstRune(f)) {
		return false
	}
	for c, t := range frag.cells {
		if c != colItem && utf8.RuneCountInString(strings.TrimSpace(t)) > 2 {
			return false
		}
	}
	return true
}

// gapBelow is the gap from line j to the next line on its page (+Inf
// when there is none).
func gapBelow(v *view, j int) float64 {
	if j+1 >= len(v.Lines) || v.Lines[j+1].Page != v.Lines[j].Page {
		return math.Inf(1)
	}
	a, b := v.Lines[j], v.Lines[j+1]
	return b.Box.Y - (a.Box.Y + a.Box.H)
}

// tightBelow reports whether the line after j, on its page, starts within
// 0.6 of a line under it.
func tightBelow(v *view, j int, lineH float64) bool {
	return gapBelow(v, j) <= 0.6*lineH
}

// samplesSideBySide counts the data rows with several results in the
// result column when they are at least two and half the data rows; else 0.
func samplesSideBySide(rows []rawRow) int {
	data, multi := 0, 0
	for _, r := range rows {
		if r.data {
			data++
			if r.multi {
				multi++
			}
		}
	}
	if multi >= 2 && 2*multi >= data {
		return multi
	}
	return 0
}

// pageOff places a page's lines below the previous page's.
func pageOff(ln line) float64 { return 10000 * float64(ln.Page) }

// resultRows joins wrapped item names and turns the table's rows into
// result rows, the verdict words learned from the rows themselves.
func resultRows(t *Table, rows []rawRow, cols []column, lineH, top float64, res *tableResult) {
	if k := samplesSideBySide(rows); k > 0 {
		// more results than result columns: a column per sample under
		// one header ("Result" over "1st / 2nd / 3rd Migration")
		res.issues = appendOnce(res.issues, fmt.Sprintf("the result table on page %d prints %d rows with several results under one result column (one per sample?); rows not read", int(rows[0].y/10000), k))
		res.trace = append(res.trace, fmt.Sprintf("  %d rows with several results side by side: rows not read", k))
		return
	}
	merged, doubt := groupRows(rows, lineH, top, t == genericTable)
	if methodsTable(cols) {
		for _, r := range merged {
			if m := normalize.Space(r.cells[colMethod]); m != "" {
				res.methods = append(res.methods, labrelay.ResultRow{Item: normalize.Space(r.cells[colItem]), Method: m})
			}
		}
		return
	}
	if t == genericTable && !slices.ContainsFunc(merged, printsResult) {
		// a grid of captions over values the header lexicon took for a
		// header ("SAMPLE NAME | ITEM NO. | BATCH/LOT"): its "results"
		// are a product's name, captions and dates
		res.trace = append(res.trace, "  no row prints a result: no result table")
		return
	}
	for _, d := range doubt {
		res.conf = math.Min(res.conf, 0.85)
		res.issues = appendOnce(res.issues, d)
	}
	// columns agree: each mend of a cell by its column caps the table
	for _, m := range []struct {
		mend func([]rawRow) int
		cap  float64
		what string
	}{
		{func(rs []rawRow) int { return spilledNumbers(rs, cols) }, correctedConf, "cells of two numbers parted into their empty neighbour"},
		{junkLimitSigns, correctedConf, "limit signs read as junk taken as their column's"},
		{limitSignColumn, correctedConf, "limit signs read as the other of their pair taken as their column's"},
		{limitDigitColumn, correctedConf, "limits a round digit off their column's read as it"},
		{ndColumn, correctedConf, "values a glyph off their column's not-detected mark taken as it"},
		{notDetectedColumn, correctedConf, "values a few glyphs off their column's \"Not Detected\" taken as it"},
		{verdictColumn, correctedConf, "verdicts a glyph off their column's verdict word taken as it"},
		{checkColumn, confCheckLike, "verdicts read \"/\" in a column of check marks taken as check marks"},
		{circleColumn, confCheckLike, "verdicts of round glyphs in a column of circles taken as circles"},
	} {
		if n := m.mend(merged); n > 0 {
			res.conf = math.Min(res.conf, m.cap)
			res.trace = append(res.trace, fmt.Sprintf("  %d %s", n, m.what))
		}
	}
	vocab := verdictVocabulary(merged)
	first := len(res.rows)
	ocr := false
	for _, r := range merged {
		if r.ocr && headingWithSpeck(r, merged) {
			res.conf = math.Min(res.conf, 0.85)
			res.issues = appendOnce(res.issues, fmt.Sprintf("row %q: no limit or detection limit and no clean result, read as a group heading", normalize.Space(r.cells[colItem])))
			res.trace = append(res.trace, fmt.Sprintf("  row %q with result %q skipped: a group heading with a speck", r.cells[colItem], r.cells[colValue]))
			continue
		}
		if v, p, ok := verdictInValue(r); ok {
			res.trace = append(res.trace, fmt.Sprintf("  verdict %q read out of the value %q", p, r.cells[colValue]))
			r.cells[colValue], r.cells[colVerdict] = v, p
			res.conf = math.Min(res.conf, correctedConf)
		}
		if row, ok := resultRow(t, r, cols, vocab, res); ok {
			res.rows = append(res.rows, row)
			res.trace = append(res.trace, fmt.Sprintf("  row %+v", row))
			ocr = ocr || r.ocr
		}
	}
	if ocr {
		dropItemJunk(res, first)
		for i := first; i < len(res.rows); i++ {
			res.ocrRows = append(res.ocrRows, i)
		}
		if n := columnAbbreviations(res.rows[first:]); n > 0 {
			res.conf = math.Min(res.conf, correctedConf)
			res.trace = append(res.trace, fmt.Sprintf("  %d item names given the symbol or abbreviation two thirds of the rows print", n))
		}
		if n := columnLostWord(res.rows[first:]); n > 0 {
			res.conf = math.Min(res.conf, correctedConf)
			res.trace = append(res.trace, fmt.Sprintf("  %d item names given the first word their column prints before theirs", n))
		}
		if n := methodSeparators(res.rows[first:]); n > 0 {
			res.conf = math.Min(res.conf, correctedConf)
			res.trace = append(res.trace, fmt.Sprintf("  %d methods given the slash between standard and technique that their column prints", n))
		}
		if n := hanItemNames(res.rows[first:]); n > 0 {
			res.conf = math.Min(res.conf, correctedConf)
			res.trace = append(res.trace, fmt.Sprintf("  %d misread Chinese or Japanese item names put right from their English", n))
		}
		if n := hanOnlyNames(res.rows[first:]); n > 0 {
			res.conf = math.Min(res.conf, correctedConf)
			res.trace = append(res.trace, fmt.Sprintf("  %d misread Chinese or Japanese item names put right from the domain's names", n))
		}
		signSpacing(res.rows[first:], func(r *labrelay.ResultRow) *string { return &r.Limit })
		signSpacing(res.rows[first:], func(r *labrelay.ResultRow) *string { return &r.Value })
		if n := decimalPoints(res.rows[first:]); n > 0 {
			res.trace = append(res.trace, fmt.Sprintf("  %d decimal commas read as points, as in the table", n))
			res.conf = math.Min(res.conf, correctedConf)
		}
		for _, i := range columnUnits(res.rows[first:]) {
			res.trace = append(res.trace, fmt.Sprintf("  unit of row %q read as %q, as in its column", res.rows[first+i].Item, res.rows[first+i].Unit))
			res.conf = math.Min(res.conf, correctedConf)
		}
	}
}

// decimalPoints reads a decimal comma as a point in an OCR table whose
// numbers print points, three at least and three times as many as the
// commas ("0,002" among "0.4", "0.01", "0.002"): a photo's point read with
// a speck under it. A comma before three digits after a number other
// than 0 may part thousands ("1,000") and stays. It returns how many
// cells it changed.
func decimalPoints(rows []labrelay.ResultRow) int {
	cells := func(r *labrelay.ResultRow) []*string { return []*string{&r.MDL, &r.Limit, &r.Value} }
	comma := func(s string) (string, bool) {
		m := reDecimalComma.FindStringSubmatch(s)
		if m == nil || m[2] != "0" && len(m[3]) == 3 {
			return s, false
		}
		return m[1] + m[2] + "." + m[3], true
	}
	points, commas := 0, 0
	for i := range rows {
		for _, c := range cells(&rows[i]) {
			if reDecimalPoint.MatchString(*c) {
				points++
			} else if _, ok := comma(*c); ok {
				commas++
			}
		}
	}
	if commas == 0 || points < 3 || 3*commas > points {
		return 0
	}
	n := 0
	for i := range rows {
		for _, c := range cells(&rows[i]) {
			if t, ok := comma(*c); ok {
				*c = t
				n++
			}
		}
	}
	return n
}

var (
	reDecimalPoint = regexp.MustCompile(`\d\.\d`)
	reDecimalComma = regexp.MustCompile(`^([^\d,]*)(\d+),(\d+)$`)
)

// verdictInValue parts an OCR value cell that holds a verdict word and a
// result ("符合 Not Detected", a photo's lost gap joining the cells), in a
// row whose verdict cell is empty: the result and the verdict.
func verdictInValue(r rawRow) (value, verdict string, ok bool) {
	fs := strings.Fields(r.cells[colValue])
	if !r.ocr || r.cells[colVerdict] != "" || len(fs) < 2 {
		return "", "", false
	}
	for _, at := range []int{0, len(fs) - 1} {
		rest := strings.Join(slices.Delete(slices.Clone(fs), at, at+1), " ")
		if p, ok := normalize.Verdict(fs[at]); !ok || p == "" {
			continue
		}
		if _, err := normalize.ParseValue(rest); err == nil {
			return rest, fs[at], true
		}
	}
	return "", "", false
}

// headingWithSpeck reports an OCR row that is a group heading a speck
// gave a result ("Heavy metals and flame retardants" "5a"): no limit, no
// detection limit and no method, a result that is no value or result
// word, in a table where two other rows at least print a limit or a
// detection limit.
func headingWithSpeck(r rawRow, rows []rawRow) bool {
	v := strings.TrimSpace(r.cells[colValue])
	if v == "" || r.cells[colLimit] != "" || r.cells[colMDL] != "" || r.cells[colMethod] != "" || resultWord(v) || cleanResult(v) {
		return false
	}
	n := 0
	for _, o := range rows {
		if o.cells[colLimit] != "" || o.cells[colMDL] != "" {
			n++
		}
	}
	return n >= 2
}

// cleanResult reports a value OCR may have specked but that reads as a
// result once mended ("N.D..", "ND.", ":57").
func cleanResult(v string) bool {
	if m, ok := mendNumber(v); ok {
		return resultWord(m)
	}
	return resultLike(v) && !strings.ContainsFunc(v, unicode.IsLetter)
}

// reJunkSignNumber is a number after a token of one or two runes, no
// digit in it, that may be a misread sign ("Ts 1000", "三 1000").
var reJunkSignNumber = lazyRegexp(`^([^\s\d]{1,2})(\s*)(\d[\d.,]*)$`)

// reDigitSign is a number after a digit OCR makes of "≤" or "<".
var reDigitSign = lazyRegexp(`^[35](\d[\d.,]*)$`)

// reJunkBeforeSign is a signed number after a token of one to three
// runes, no digit or sign in it ("IA ≤ 1000", "~—- ≤0.01").
var reJunkBeforeSign = lazyRegexp(`^([^\s\d<>≤≥+±]{1,3})\s+([<>≤≥]\s*\d[\d.,]*)$`)

// junkLimitSigns reads an OCR limit whose sign came out as junk with the
// sign three quarters or more of its column's signed limits print, at
// least three of them, and drops a junk token before that sign; a digit
// glued to a limit the column prints so ("31000" among "≤1000") is that
// sign too. A sign read as another sign ("<" for "≤"), a dash
// or plus (a negative limit, a tolerance) and "pH" are left alone. It
// returns how many cells it changed.
func junkLimitSigns(rows []rawRow) int {
	count := map[string]int{}
	signed := 0
	for _, r := range rows {
		if m := reSignNumber.FindStringSubmatch(r.cells[colLimit]); m != nil && r.ocr {
			count[m[1]+m[2]]++
			signed++
		}
	}
	major := ""
	for s, n := range count {
		if n >= 3 && 4*n >= 3*signed {
			major = s
		}
	}
	if major == "" || strings.HasPrefix(strings.ToLower(major), "max") {
		return 0
	}
	printed := map[string]bool{} // the column's limits, signed as most are
	for _, r := range rows {
		if m := reSignNumber.FindStringSubmatch(r.cells[colLimit]); m != nil && r.ocr && m[1]+m[2] == major {
			printed[m[3]] = true
		}
	}
	n := 0
	for i := range rows {
		// the sign read as a digit glued to the number ("31000" among
		// "≤1000"): only a limit the column prints so
		if m := reDigitSign.FindStringSubmatch(rows[i].cells[colLimit]); m != nil && rows[i].ocr && printed[m[1]] {
			rows[i].cells[colLimit] = major + m[1]
			n++
			continue
		}
		// the sign lost before a limit the column prints signed ("1"
		// among "≤ 1"s)
		if t := strings.TrimSpace(rows[i].cells[colLimit]); rows[i].ocr && printed[t] && rePlainNumber.MatchString(t) {
			rows[i].cells[colLimit] = major + t
			n++
			continue
		}
		// a speck read as a token before the column's own sign: "IA ≤ 1000"
		if m := reJunkBeforeSign.FindStringSubmatch(rows[i].cells[colLimit]); m != nil && rows[i].ocr {
			if s := reSignNumber.FindStringSubmatch(m[2]); s != nil && s[1] == strings.TrimSpace(major) {
				rows[i].cells[colLimit] = m[2]
				n++
			}
			continue
		}
		m := reJunkSignNumber.FindStringSubmatch(rows[i].cells[colLimit])
		if m == nil || !rows[i].ocr || reSignNumber.MatchString(rows[i].cells[colLimit]) || strings.ContainsAny(m[1], "-—–+±~") || strings.EqualFold(m[1], "pH") {
			continue
		}
		rows[i].cells[colLimit] = major + m[3]
		n++
	}
	return n
}

// spilledNumbers parts a cell of two numbers in one of two neighbouring
// columns of MDLs, limits or results, the other cell empty or a speck
// with no digit, into one number each: OCR lost the gap between them
// ("0.005 0.07" under the MDL, the limit empty). Two other rows at least
// fill both columns. It returns how many rows it changed.
func spilledNumbers(rows []rawRow, cols []column) int {
	numeric := func(k int) bool { return k == colMDL || k == colLimit || k == colValue }
	n := 0
	for c := 0; c+1 < len(cols); c++ {
		a, b := cols[c].kind, cols[c+1].kind
		if !numeric(a) || !numeric(b) {
			continue
		}
		both := 0
		for _, r := range rows {
			if reHasDigit.MatchString(r.cells[a]) && reHasDigit.MatchString(r.cells[b]) {
				both++
			}
		}
		if both < 2 {
			continue
		}
		for i := range rows {
			r := &rows[i]
			if !r.ocr {
				continue
			}
			if fs := strings.Fields(r.cells[a]); len(fs) == 2 && numberToken(fs[0]) && numberToken(fs[1]) && !reHasDigit.MatchString(r.cells[b]) && len([]rune(r.cells[b])) <= 1 {
				r.cells[a], r.cells[b] = fs[0], fs[1]
				n++
			} else if fs := strings.Fields(r.cells[b]); len(fs) == 2 && numberToken(fs[0]) && numberToken(fs[1]) && !reHasDigit.MatchString(r.cells[a]) && len([]rune(r.cells[a])) <= 1 {
				r.cells[a], r.cells[b] = fs[0], fs[1]
				n++
			}
		}
	}
	return n
}

// numberToken is a token of a number cell: a number, signed or not, or
// a dash for none ("N.D. N.D." may be two samples' results).
func numberToken(s string) bool {
	return reCellValue.MatchString(s) && reHasDigit.MatchString(s) || s == "-" || s == "—" || s == "–"
}

// otherSign is the sign of a pair OCR reads for the other: the
// underline of "≤" is a stroke it loses or adds.
var otherSign = map[string]string{"<": "≤", "≤": "<", ">": "≥", "≥": ">"}

// limitSignColumn reads an OCR limit whose sign is the other of its pair
// ("<" among "≤") as the sign three quarters or more of its column's
// signed limits print, three at least: a table bounds its limits one
// way. A limit a stroke ends ("<i") is mended first; "Max" among "Max."
// took a speck for its period. It returns how many cells it changed.
func limitSignColumn(rows []rawRow) int {
	count := map[string]int{}
	signed := 0
	for _, r := range rows {
		if m := reSignNumber.FindStringSubmatch(r.cells[colLimit]); m != nil && r.ocr && otherSign[m[1]] != "" {
			count[m[1]]++
		}
		if reSignNumber.MatchString(r.cells[colLimit]) && r.ocr {
			signed++
		}
	}
	n := 0
	for sign, c := range count {
		if c < 3 || 4*c < 3*signed {
			continue
		}
		for i := range rows {
			l, _ := mendLimit(rows[i].cells[colLimit])
			if m := reSignNumber.FindStringSubmatch(l); m != nil && rows[i].ocr && m[1] == otherSign[sign] {
				rows[i].cells[colLimit] = sign + m[2] + m[3]
				n++
			}
		}
	}
	// "Max 900" among "Max. 1000": the period lost
	maxes := 0
	for _, r := range rows {
		if m := reSignNumber.FindStringSubmatch(r.cells[colLimit]); m != nil && r.ocr && strings.EqualFold(m[1], "max.") {
			maxes++
		}
	}
	if maxes >= 3 && 4*maxes >= 3*signed {
		for i := range rows {
			if m := reMaxNoStop.FindStringSubmatch(rows[i].cells[colLimit]); m != nil && rows[i].ocr {
				rows[i].cells[colLimit] = m[1] + ". " + m[2]
				n++
			}
		}
	}
	return n
}

// reMaxNoStop is "Max" and a limit, its period lost.
var reMaxNoStop = lazyRegexp(`^([Mm]ax)\s+(\d[\d.,]*)$`)

// roundDigits are the digits OCR reads for one another in a photo's
// limit ("1060" for "1000", "Max. 300" for "Max. 900").
var roundDigits = pairSet("0 6", "0 8", "0 9", "3 9", "3 8", "6 8", "5 6")

// limitDigitColumn reads an OCR limit one round digit off a limit its
// column prints twice or more ("1060" among "1000"s) as that limit, when
// only one such limit fits. A table's limits differ by row, but not by one
// digit of a round number. It returns how many cells it changed.
func limitDigitColumn(rows []rawRow) int {
	count := map[string]int{}
	for _, r := range rows {
		if r.ocr && r.cells[colLimit] != "" {
			count[r.cells[colLimit]]++
		}
	}
	n := 0
	for i := range rows {
		c := rows[i].cells[colLimit]
		if !rows[i].ocr || c == "" || count[c] > 1 {
			continue
		}
		fit := ""
		for l, k := range count {
			if k >= 2 && oneRoundDigit(c, l) {
				if fit != "" {
					fit = ""
					break
				}
				fit = l
			}
		}
		if fit != "" {
			rows[i].cells[colLimit] = fit
			n++
		}
	}
	return n
}

// oneRoundDigit reports whether a and b differ in one digit only, the two
// digits round ones OCR confuses.
func oneRoundDigit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) != len(rb) {
		return false
	}
	diff := 0
	for k := range ra {
		if ra[k] == rb[k] {
			continue
		}
		if !unicode.IsDigit(ra[k]) || !unicode.IsDigit(rb[k]) || !roundDigits[[2]rune{ra[k], rb[k]}] {
			return false
		}
		diff++
	}
	return diff == 1
}

// oneGlyphOff reports whether a is b or b with one glyph misread.
func oneGlyphOff(a, b string) bool {
	return a == b || len(a) == len(b) && editDistance([]rune(a), []rune(b)) == 1
}

// reNDGlyphs are the glyphs of a not-detected mark and its misreads.
var reNDGlyphs = lazyRegexp(`^[NnDdOo0.]{2,5}$`)

// ndColumn reads an OCR value one glyph off the not-detected mark its
// column prints twice or more ("N.O.", "NOD." beside "N.D.") as that
// mark; the mark's own shorter forms ("ND") are another spelling, not a
// misread, and stay, but for a cell read once among three of the dotted
// mark or more with its dots lost or added, or a glyph off besides
// ("ND", "ND.", "NO." among "N.D"s): a table spells its mark one way, and
// a scan loses and adds dots. A mark the column prints without a dot, read with
// one after it ("ND." among "ND"s), is the column's mark and a speck; a
// dotted mark the column prints three times or more, read without its
// last dot ("n.d" among "n.d."s), is the mark too. It returns how many
// cells it changed.
// ndLetters is a not-detected mark without its stops, colons and
// commas ("N.D." and "ND:" are "ND").
func ndLetters(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(".:;,", r) {
			return -1
		}
		return r
	}, s)
}

func ndColumn(rows []rawRow) int {
	count, seen := map[string]int{}, map[string]int{}
	for _, r := range rows {
		if v := r.cells[colValue]; r.ocr && reNDMark.MatchString(v) {
			count[v]++
		}
		seen[r.cells[colValue]]++
	}
	mark := ""
	for m, n := range count {
		if n >= 2 && (mark == "" || n > count[mark]) {
			mark = m
		}
	}
	if mark == "" {
		return 0
	}
	n := 0
	for i := range rows {
		// a quote a speck made before it ("“NO") is none of the mark's
		v := strings.TrimLeft(rows[i].cells[colValue], "\"'‘’“”")
		if rows[i].ocr && !strings.Contains(mark, ".") && v != mark && strings.TrimRight(v, ".") == mark {
			rows[i].cells[colValue] = mark // "ND." among "ND"s: a speck after it
			n++
			continue
		}
		if rows[i].ocr && count[mark] >= 3 && v+"." == mark && strings.Contains(v, ".") {
			rows[i].cells[colValue] = mark // "n.d" among "n.d."s: its last dot lost
			n++
			continue
		}
		if rows[i].ocr && count[mark] >= 3 && seen[rows[i].cells[colValue]] == 1 && v != mark && strings.Contains(mark, ".") && ndLetters(v) == ndLetters(mark) {
			// "ND:" once among three "N.D"s: its dots specks; twice, a
			// spelling of the table's
			rows[i].cells[colValue] = mark
			n++
			continue
		}
		if rows[i].ocr && count[mark] >= 3 && seen[v] == 1 && v != mark && strings.Contains(mark, ".") && reNDGlyphs.MatchString(v) &&
			oneGlyphOff(strings.ReplaceAll(v, ".", ""), strings.ReplaceAll(mark, ".", "")) {
			// "ND", "ND." or "NO." once among three "N.D"s or more: a
			// scan's dots are specks it may lose or add, and "D" reads "O"
			rows[i].cells[colValue] = mark
			n++
			continue
		}
		if !rows[i].ocr || v == mark || reNDMark.MatchString(v) || !reNDGlyphs.MatchString(v) || len(v) != len(mark) ||
			editDistance([]rune(v), []rune(mark)) != 1 {
			continue
		}
		rows[i].cells[colValue] = mark
		n++
	}
	return n
}

// notDetectedColumn reads an OCR value no value of its own, a few glyphs
// off "Not Detected" ("Not A tected", "Deterteg"), as the column's "Not
// Detected" where three rows or more print it: "Not" and a word within
// three edits of "Detected", or one word within two. It returns how many
// cells it changed.
func notDetectedColumn(rows []rawRow) int {
	spelt := map[string]int{} // the column's spellings of it
	mark, count := "", 0
	for _, r := range rows {
		if v := strings.TrimSpace(r.cells[colValue]); r.ocr && strings.EqualFold(v, "not detected") {
			spelt[v]++
			count++
			if spelt[v] > spelt[mark] {
				mark = v
			}
		}
	}
	if count < 3 {
		return 0
	}
	near := func(w string, d int) bool {
		return editDistance([]rune(strings.ToLower(w)), []rune("detected")) <= d
	}
	n := 0
	for i := range rows {
		v := strings.TrimSpace(rows[i].cells[colValue])
		if !rows[i].ocr || v == "" || strings.EqualFold(v, mark) || resultLike(v) {
			continue
		}
		f := strings.Fields(v)
		if strings.EqualFold(f[0], "not") && len(f) > 1 && near(strings.Join(f[1:], ""), 3) || len(f) == 1 && near(f[0], 2) {
			rows[i].cells[colValue] = mark
			n++
		}
	}
	return n
}

// checkColumn reads an OCR verdict "/", "f", "4" or "7" as a check mark
// (OCR lost its short stroke, or bent it; or "iv", "Vv": read it as two)
// in a column of check marks:
// three at least, more than such misreads and other cells, of which one
// at most, with no letter ("%"; a cross is a mark, not a word), and only
// where the row's value passes its limit, or with no limit printed was
// not detected. A "/" in a column of words, or of "/" mostly, is
// "not applicable", and so it stays where the value does not pass. It
// returns how many cells it changed.
func checkColumn(rows []rawRow) int {
	checks, slashes, all := 0, 0, 0
	letters := false
	for _, r := range rows {
		v := strings.ReplaceAll(r.cells[colVerdict], " ", "")
		if v == "" || !r.ocr {
			continue
		}
		all++
		m, mark := markLike(v)
		switch {
		case m != "" && mark == "check mark":
			checks++
		case m != "" && mark == "cross":
			all-- // a fail's mark, no word: it neither counts for the ticks nor against them
		case checkMisread(v):
			slashes++
		default:
			letters = letters || strings.ContainsFunc(v, unicode.IsLetter) && !tickJunk(v)
		}
	}
	// one other cell at most, no letter in it (a mark read "%"; a word
	// or a capital F says the column is not all marks) but two small
	// ones of no word (a tick read "ge"), and the check marks read as
	// such are the most
	if other := all - checks - slashes; slashes == 0 || checks < 3 || checks <= slashes+other || other > 1 || letters {
		return 0
	}
	n := 0
	for i := range rows {
		r := &rows[i]
		if !checkMisread(strings.ReplaceAll(r.cells[colVerdict], " ", "")) || !r.ocr ||
			normalize.RowVerdict(r.cells[colValue], limitBound(r.cells[colLimit])) != labrelay.VerdictPass && !undetected(r.cells[colValue]) {
			continue
		}
		r.cells[colVerdict] = "√"
		n++
	}
	return n
}

// reRoundGlyphs are the glyphs OCR makes of a circle's curves, one or
// two of them: "C", "6)", "(D".
var reRoundGlyphs = lazyRegexp(`^[CcGQD6@()]{1,2}$`)

// circleColumn reads an OCR verdict of round glyphs ("C", "6)") as a
// circle in a column of circles, three at least read as such, with no
// cross, no word and nothing else in it, where the row's value does not
// fail its limit. It returns how many cells it changed.
func circleColumn(rows []rawRow) int {
	circles, round := 0, 0
	for _, r := range rows {
		v := strings.ReplaceAll(r.cells[colVerdict], " ", "")
		if v == "" || !r.ocr {
			continue
		}
		switch _, mark := markLike(v); {
		case mark == "circle":
			circles++
		case reRoundGlyphs.MatchString(v):
			round++
		default:
			return 0 // a cross, a word: not a column of circles alone
		}
	}
	if circles < 3 || round == 0 {
		return 0
	}
	n := 0
	for i := range rows {
		r := &rows[i]
		v := strings.ReplaceAll(r.cells[colVerdict], " ", "")
		if !r.ocr || !reRoundGlyphs.MatchString(v) ||
			normalize.RowVerdict(r.cells[colValue], limitBound(r.cells[colLimit])) == labrelay.VerdictFail {
			continue
		}
		r.cells[colVerdict] = "○"
		n++
	}
	return n
}

// verdictColumn reads an OCR verdict that is no verdict word, but one
// glyph off the word its column prints three times or more, as that word
// (適合 read as 通合 or 遂合, 符合 as 合, spaces aside): like ndColumn for
// verdicts. A
// cell with a negation (不, "not", "non") is left: a glyph off "合格" could
// be "不合格" with a glyph lost. It returns how many cells it changed.
func verdictColumn(rows []rawRow) int {
	count := map[string]int{}
	for _, r := range rows {
		v := strings.ReplaceAll(r.cells[colVerdict], " ", "")
		if p, ok := normalize.Verdict(v); r.ocr && ok && p != "" && utf8.RuneCountInString(v) >= 2 {
			count[v]++
		}
	}
	word := ""
	for w, n := range count {
		if n >= 3 && (word == "" || n > count[word] || n == count[word] && w < word) {
			word = w
		}
	}
	if word == "" {
		return 0
	}
	n := 0
	for i := range rows {
		v := strings.ReplaceAll(rows[i].cells[colVerdict], " ", "")
		if d := utf8.RuneCountInString(word) - utf8.RuneCountInString(v); !rows[i].ocr || v == "" || v == word || d != 0 && d != 1 || reNegation.MatchString(v) {
			continue
		}
		if _, ok := normalize.Verdict(v); ok || editDistance([]rune(v), []rune(word)) != 1 {
			continue
		}
		rows[i].cells[colVerdict] = word
		n++
	}
	return n
}

var reNegation = regexp.MustCompile(`(?i)不|非|未|not|non|\bno\b|fail|ng`)

// checkMisread reports a check mark as OCR misreads it: "/", a small "f"
// (a capital F is a fail's initial), the digit its stroke makes ("4",
// "7"), or a "y" its long stroke makes of its short one.
func checkMisread(v string) bool {
	switch v {
	case "/", "f", "4", "7", "y", "iv", "Iv", "lv", "Vv", "vv", "vV", "VV", "ov", "Ov", "oV":
		// a stroke lost or bent, or read as two ("iv", "Vv", "ov")
		return true
	}
	return false
}

// tickJunk reports two small letters that are no verdict's word ("ok",
// "ng", "na"), a speck aside: a tick misread ("ge", "ed,"), not a word
// of the column.
func tickJunk(v string) bool {
	v = strings.Trim(v, ".,:;'‘’")
	rs := []rune(v)
	return len(rs) == 2 && unicode.IsLower(rs[0]) && unicode.IsLower(rs[1]) && !shortVerdictWords[v]
}

var shortVerdictWords = wordSet("ok ng na nd")

// undetected reports a value not detected or under its reporting limit
// ("N.D.", "<2"), which passes whatever the limit: a table may print none.
func undetected(v string) bool {
	p, err := normalize.ParseValue(v)
	return err == nil && (p.Kind == normalize.NotDetected || p.Kind == normalize.Less)
}

// reNDMark is a not-detected mark as printed.
var reNDMark = lazyRegexp(`^(?:N\.D\.?|n\.d\.?|ND|nd)$`)

// columnUnits respells an OCR unit cell misread in more glyphs than
// mendUnit mends ("me/den", "mg 人 kg") to the unit nearest it, when
// another row of the column reads that unit as printed and no other unit
// is as near. It returns the rows it changed.
func columnUnits(rows []labrelay.ResultRow) (changed []int) {
	seen := map[string]bool{}
	for _, r := range rows {
		seen[r.Unit] = true
	}
	for i := range rows {
		u := rows[i].Unit
		if u == "" || seen[u] && slices.Contains(cellUnits, u) {
			continue
		}
		if looksUnit(u) {
			continue // a unit of its own ("g/kg"), not a misread one
		}
		if best, ok := nearestUnit(u, seen); ok && seen[best] {
			rows[i].Unit = best
			changed = append(changed, i)
		}
	}
	return changed
}

// nearestUnit is the one unit of cellUnits within half its length of
// edits of s, rounded up ("morkg{" is mg/kg three edits off; spaces, East
// Asian specks and short junk tokens dropped), nearer than any other or,
// of those as near, the one the column reads (seen: "mg/k 9" is as near
// mg/l, which no row prints).
func nearestUnit(s string, seen map[string]bool) (string, bool) {
	var b strings.Builder
	longest, words := "", 0
	for _, f := range strings.Fields(s) {
		if reHasDigit.MatchString(f) && strings.ContainsAny(f, ".,") {
			return "", false // a number beside the unit: another cell's
		}
		if utf8.RuneCountInString(f) > 2 {
			words++
		}
		for _, r := range f {
			if !text.IsCJK(r) {
				b.WriteRune(r)
			}
		}
		if utf8.RuneCountInString(f) > utf8.RuneCountInString(longest) {
			longest = f
		}
	}
	if words > 1 {
		return "", false // a word beside the unit ("mg/kg Conform")
	}
	keys := []string{b.String(), longest}
	bestD := 1 << 30
	var near []string // the units at bestD
	for _, u := range cellUnits {
		d := 1 << 30
		for _, k := range keys {
			d = min(d, editDistance([]rune(k), []rune(u)))
		}
		switch {
		case d < bestD:
			bestD, near = d, []string{u}
		case d == bestD:
			near = append(near, u)
		}
	}
	if len(near) > 1 {
		near = slices.DeleteFunc(near, func(u string) bool { return !seen[u] })
	}
	if len(near) != 1 || bestD == 0 || bestD > (utf8.RuneCountInString(near[0])+1)/2 {
		return "", false
	}
	return near[0], true
}

// reSignNumber is a number after a comparison sign or "Max.", spaced or
// not.
var reSignNumber = lazyRegexp(`^([<>≤≥]|[Mm]ax\.)(\s*)(\d[\d.,]*)$`)

// signSpacing sets one column's signs the way most of its OCR cells
// space them: a table prints "≤ 1000" or "≤1000" throughout, where OCR
// may find a space in some cells only. A tie changes nothing.
func signSpacing(rows []labrelay.ResultRow, col func(*labrelay.ResultRow) *string) {
	spaced, tight := 0, 0
	for i := range rows {
		if m := reSignNumber.FindStringSubmatch(*col(&rows[i])); m != nil {
			if m[2] != "" {
				spaced++
			} else {
				tight++
			}
		}
	}
	if spaced == tight {
		return
	}
	sep := ""
	if spaced > tight {
		sep = " "
	}
	for i := range rows {
		c := col(&rows[i])
		if m := reSignNumber.FindStringSubmatch(*c); m != nil {
			*c = m[1] + sep + m[3]
		}
	}
}

// dropItemJunk drops the tokens a stamp or a speck put before an OCR item
// name ("SFP Hexavalent Chromium (Cr(VI))", "eerie Mercury (Hg)") in a
// table whose other items, half or more, start with a substance's
// word: a table of bilingual names ("Blei Lead (Pb)") has no such rows.
// At most two short tokens go, none a substance's word.
func dropItemJunk(res *tableResult, first int) {
	rows := res.rows[first:]
	if len(rows) < 3 {
		return
	}
	plain := 0
	for _, r := range rows {
		if ws := strings.Fields(r.Item); len(ws) > 0 && substanceToken(ws[0]) {
			plain++
		}
	}
	if 2*plain < len(rows) {
		return
	}
	for i := range rows {
		ws := strings.Fields(rows[i].Item)
		if len(ws) < 2 || substanceToken(ws[0]) {
			continue
		}
		for k := 1; k <= 2 && k < len(ws); k++ {
			if utf8.RuneCountInString(ws[k-1]) > 5 || substanceToken(ws[k-1]) {
				break
			}
			if substanceToken(ws[k]) {
				item := strings.Join(ws[k:], " ")
				res.trace = append(res.trace, fmt.Sprintf("  item %q read as %q", rows[i].Item, item))
				rows[i].Item = item
				res.conf = math.Min(res.conf, correctedConf)
				break
			}
		}
	}
}

// substanceToken reports whether t starts a substance's name: a word
// substances are named with, an element's symbol or an abbreviation.
func substanceToken(t string) bool {
	t = strings.TrimRight(t, ",:;")
	if i := strings.IndexAny(t, "(["); i > 0 {
		t = t[:i] // "Bis(2-ethylhexyl)", "Benzo[a]pyrene"
	}
	return substanceWords[strings.ToLower(t)] || elementSymbols[t] || abbreviations[t]
}

// resultRow turns a table row into a result row, checking its printed
// verdict against the one its value and limit give.
func resultRow(t *Table, r rawRow, cols []column, vocab map[string]string, res *tableResult) (labrelay.ResultRow, bool) {
	row := labrelay.ResultRow{
		Item:   normalize.Space(r.cells[colItem]),
		Method: normalize.Space(r.cells[colMethod]),
		Unit:   normalize.Space(r.cells[colUnit]),
		MDL:    normalize.Space(r.cells[colMDL]),
		Limit:  normalize.Space(r.cells[colLimit]),
		Value:  normalize.Space(r.cells[colValue]),
	}
	if u, m, ok := unitInMethod(row, cols); ok && r.ocr {
		res.trace = append(res.trace, fmt.Sprintf("  unit %q taken from the method %q", u, row.Method))
		row.Unit, row.Method = u, m
		res.conf = math.Min(res.conf, correctedConf)
	}
	if row.Unit == "" {
		row.Unit = headerUnit(cols)
	}
	if item, ok := respellItem(row.Item); ok && r.ocr {
		res.trace = append(res.trace, fmt.Sprintf("  item %q respelled %q", row.Item, item))
		row.Item = item
		res.conf = math.Min(res.conf, correctedConf)
	}
	if r.ocr {
		for _, m := range []struct {
			name string
			cell *string
			mend func(string) (string, bool)
		}{{"limit", &row.Limit, mendLimit}, {"mdl", &row.MDL, mendNumber}, {"value", &row.Value, mendNumber}, {"unit", &row.Unit, mendUnit},
			{"method", &row.Method, mendMethod}} {
			if v, ok := m.mend(*m.cell); ok {
				res.trace = append(res.trace, fmt.Sprintf("  %s %q read as %q", m.name, *m.cell, v))
				*m.cell = v
				res.conf = math.Min(res.conf, correctedConf)
			}
		}
	}
	if row.Item == "" {
		res.conf = math.Min(res.conf, confTableDoubt)
		res.issues = appendOnce(res.issues, "a result row has no item name")
		return row, false
	}
	if row.Value == "" {
		// a row's middle line whose result was not found around it
		res.conf = math.Min(res.conf, 0.85)
		res.issues = appendOnce(res.issues, fmt.Sprintf("row %q: no result found", row.Item))
		return row, false
	}
	derived := normalize.RowVerdict(row.Value, limitBound(row.Limit))
	if derived == "" && r.cells[colVerdict] == "" {
		// A printed verdict in the result column ("Pass", "N/A").
		if v, ok := t.verdict(row.Value); ok {
			derived = v
		}
	}
	row.Verdict = derived
	if p := r.cells[colVerdict]; p != "" {
		printed, ok := t.verdict(p)
		if r.ocr && speckVerdict(p) {
			// a mark OCR read as a quote or a stop ("“" among "v"s):
			// unread, not "none" as a dash is
			printed, ok = "", false
		} else if !ok {
			printed, ok = vocab[strings.ToLower(strings.TrimSpace(p))]
		}
		if !ok {
			// OCR reads a mark as a letter: its verdict, not to publish
			if m, mark := markLike(p); m != "" {
				printed, ok = m, true
				res.conf = math.Min(res.conf, confCheckLike)
				res.issues = appendOnce(res.issues, fmt.Sprintf("printed verdict %q read as a %s", p, mark))
			}
		}
		switch {
		case !ok:
			res.conf = math.Min(res.conf, 0.7)
			res.issues = appendOnce(res.issues, fmt.Sprintf("row %q: printed verdict %q not understood", row.Item, p))
		case derived != "" && printed != derived:
			res.conf = math.Min(res.conf, confTableBad)
			res.issues = appendOnce(res.issues, fmt.Sprintf("row %q: printed verdict %s but value %s against limit %s gives %s", row.Item, printed, row.Value, row.Limit, derived))
			row.Verdict = printed
		default:
			row.Verdict = printed
		}
	}
	return row, true
}

// speckVerdict reports a verdict cell of quotes, stops or commas only:
// no word and no mark of "none" ("-", "/").
func speckVerdict(p string) bool {
	p = strings.TrimSpace(p)
	return p != "" && strings.Trim(p, "\"'‘’“”`.,:;") == ""
}

// markLike is the verdict of a cell that is one glyph OCR makes of a
// mark, and the mark: a check mark ("v", "V", "√"), a circle ("○" is a
// pass in Japanese tables; read "O", "0", "9") or a cross ("×").
func markLike(p string) (verdict, mark string) {
	p = strings.ReplaceAll(p, " ", "")
	switch p {
	case "v", "V", "√", "y", "Y": // a tick's long stroke read as a y
		return labrelay.VerdictPass, "check mark"
	case "9", "©":
		return labrelay.VerdictPass, "circle"
	case "x", "X":
		return labrelay.VerdictFail, "cross"
	}
	// a circle read as one or two round glyphs ("O", "oO", "O 〇")
	if n := utf8.RuneCountInString(p); n >= 1 && n <= 2 && strings.Trim(p, "Oo0〇°") == "" {
		return labrelay.VerdictPass, "circle"
	}
	return "", ""
}

// itemRight is the right edge of the item column: where the next column's
// header starts.
func itemRight(cols []column) float64 {
	for k, c := range cols {
		if c.kind == colItem {
			if k+1 < len(cols) {
				return cols[k+1].hx0
			}
			return math.Inf(1)
		}
	}
	return math.Inf(1)
}

// continuedAt returns the index of the first row of a table continued at
// the top of the page starting at line j without a repeated header, or -1.
// Lines that repeat the previous page's (letterhead, "Page x of N") are
// skipped; the first other line must be a data row that fits the columns.
func continuedAt(v *view, t *Table, j int, cols []column, prevPage int) int {
	seen := map[string]bool{}
	for _, ln := range v.Lines {
		if ln.Page == prevPage {
			seen[furniture(ln.Text)] = true
		}
	}
	page := v.Lines[j].Page
	note, head := false, 0
	for k := j; k < len(v.Lines) && k < j+12 && v.Lines[k].Page == page; k++ {
		ln := v.Lines[k]
		if seen[furniture(ln.Text)] {
			continue
		}
		if isHeaderLine(t, ln) || stopRow(t, ln) {
			return -1
		}
		r := fill(cols, ln)
		extra := 0
		if ln.Path == labrelay.PathOCR {
			extra = 1 // a speck read as a cell of its own
		}
		if dataRow(r) && len(ln.Cells) <= filled(r)+extra {
			return k
		}
		if !note && len(ln.Cells) == 1 && len(strings.Fields(ln.Text)) <= 3 && !reHasDigit.MatchString(ln.Text) {
			note = true // "Fortsetzung", "(continued)" over the rows
			continue
		}
		if v := strings.TrimSpace(r.cells[colValue]); ln.Path == labrelay.PathOCR && head < 4 && (len(ln.Cells) <= 2 && (v == "" || !resultLike(v)) || pageMarkLine(ln)) {
			// a scan's page head reads a little differently on each
			// page: the letterhead and report number are no furniture
			// seen before, but no rows either; a line printing its
			// page number ("Page2of2", in the result column) is such
			head++
			continue
		}
		return -1
	}
	return -1
}

// pageMarkLine reports a line that prints its page's number ("报告号码: |
// UXH25-8900 | Page 2 of 2"): a page's head or foot, no row.
func pageMarkLine(ln line) bool {
	return slices.ContainsFunc(ln.Cells, func(c cell) bool { return rePageOf.MatchString(strings.TrimSpace(c.Text)) })
}

// footerThenRows returns the first row of the next page when the lines
// from j to the end of a scanned page are a footer (four lines at most,
// none an item with a result) and the table's rows go on there; else
// -1. A scan's footer reads a little differently on each page, so the
// page furniture a text layer repeats word for word does not tell it.
func footerThenRows(v *view, t *Table, j int, cols []column) int {
	if v.Lines[j].Path != labrelay.PathOCR {
		return -1
	}
	page := v.Lines[j].Page
	n := j
	for n < len(v.Lines) && v.Lines[n].Page == page {
		if dataRow(fill(cols, v.Lines[n])) {
			return -1
		}
		n++
	}
	if n >= len(v.Lines) || n-j > 4 {
		return -1
	}
	return continuedAt(v, t, n, cols, page)
}

// pageCut reports whether a table that ended before line j may go on on
// the next page: nothing but running text (a footer, a letterhead the
// next page repeats) stands after it on its page, and the next page shows
// rows of its columns before any header.
func pageCut(v *view, t *Table, j int, cols []column) bool {
	if j <= 0 || j >= len(v.Lines) {
		return false
	}
	page := v.Lines[j-1].Page
	n := j
	for n < len(v.Lines) && v.Lines[n].Page == page {
		n++
	}
	if n >= len(v.Lines) {
		return false
	}
	next := map[string]bool{}
	for _, ln := range v.Lines[n:] {
		if ln.Page != v.Lines[n].Page {
			break
		}
		next[furniture(ln.Text)] = true
	}
	for _, ln := range v.Lines[j:n] {
		if !next[furniture(ln.Text)] {
			return false
		}
	}
	return rowsAhead(v, t, n, cols)
}

// rowsAhead reports whether the page starting at line j shows rows of the
// table's columns (an item, a result and a third cell, nothing else)
// before any header: a continuation continuedAt could not follow.
func rowsAhead(v *view, t *Table, j int, cols []column) bool {
	page := v.Lines[j].Page
	for k := j; k < len(v.Lines) && k < j+20 && v.Lines[k].Page == page; k++ {
		ln := v.Lines[k]
		known := 0
		for _, c := range ln.Cells {
			if headerKind(t, c.Text) != colUnknown {
				known++
			}
		}
		if known >= 2 {
			return false // a header: the rows under it are read as a table of their own
		}
		r := fill(cols, ln)
		if dataRow(r) && len(ln.Cells) == filled(r) {
			return true
		}
	}
	return false
}

// furniture is a line's text without digits: the same on every page for
// letterheads and page numbers.
func furniture(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return -1
		}
		return r
	}, s)
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

func stopRow(t *Table, ln line) bool {
	first := ln.Cells[0].Text
	if t == genericTable && reFootnote.MatchString(first) {
		return true
	}
	for _, s := range t.Stop {
		if stopCaption(first, s) {
			return true
		}
	}
	if t != genericTable {
		// a note under a pack's table ("Nota: ND = no detectado") ends
		// it too, whatever the pack's own stop words
		for _, s := range genericTable.Stop {
			if rest, sep, ok := cutLabelSep(first, s); ok && sep && rest != "" {
				return true
			}
		}
	}
	return false
}

// stopCaption reports whether a row's first cell is the stop caption s:
// the caption alone, with its own value after a separator ("Note: …"),
// or numbered ("Note 1", "Remark (a):"), or before a legend whose colon
// OCR lost ("备注 ND = …"); not a data row that starts with the word
// ("Overall migration (…)" for "Overall:").
func stopCaption(cell, s string) bool {
	rest, sep, ok := cutLabelSep(cell, s)
	return ok && (rest == "" || sep || reNoteMark.MatchString(rest) || reFootnote.MatchString(rest))
}

var reNoteMark = regexp.MustCompile(`^(?:\d{1,2}|\(?[a-z0-9*]\)|\*+)(?:[.:：)]|\s|$)`)

// assign returns the column a cell belongs to: the item column when it
// starts there, else the column holding its centre.
func assign(cols []column, c cell) int {
	for k, col := range cols {
		for _, x := range col.lefts {
			if math.Abs(c.Box.X-x) <= 1.5 {
				return k
			}
		}
	}
	for k, col := range cols {
		if col.kind == colItem && c.Box.X >= col.x0 && c.Box.X < col.x1 && c.Box.X < col.hx0+40 {
			return k
		}
	}
	mid := c.Box.X + c.Box.W/2
	for k, col := range cols {
		if mid >= col.x0 && mid < col.x1 {
			return k
		}
	}
	return -1
}

// resultLike reports whether a printed value is something a result cell
// holds: a number, a bound, N.D., a verdict word or a dash.
func resultLike(s string) bool {
	if resultWord(s) {
		return true
	}
	// a speck after the word on a scan ("N.D..", "ND.", "N.D、"), before
	// it (":N.D."), or inside it ("Not .Detected"); not the junk tokens
	// mendNumber drops beside a value, which a line of superscripts ("nd
	// rd") has too
	if t := strings.TrimLeft(strings.TrimRight(s, ".,、:;'‘’"), ",、:;'‘’"); t != s && t != "" && resultWord(t) || reNotDetectedSpeck.MatchString(s) {
		return true
	}
	// a one-token misread OCR mends ("ond." for "n.d."): a row of its
	// own, not a wrapped line of the row above
	if t, ok := mendNumber(s); ok && t != s && !strings.Contains(s, " ") && resultWord(t) {
		return true
	}
	return len([]rune(s)) <= 12 && strings.ContainsAny(s, "0123456789")
}

// printsResult reports a row whose result cell reads as a result, as
// printed or mended, or whose verdict cell as a verdict.
func printsResult(r rawRow) bool {
	v := strings.TrimSpace(r.cells[colValue])
	if m, ok := mendNumber(v); ok {
		v = m
	}
	_, verdict := verdictWord(r.cells[colVerdict])
	return resultWord(v) && v != "" || verdict && strings.TrimSpace(r.cells[colVerdict]) != ""
}

// resultWord reports a cell that reads as a result or verdict as it is.
func resultWord(s string) bool {
	if _, err := normalize.ParseValue(s); err == nil {
		return true
	}
	if _, ok := normalize.Verdict(s); ok {
		return true
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "negative", "positive", "absent", "present", "n.a.", "n/a", "--", "-", "/", "not detected":
		return true
	}
	return false
}

// mergeWrapped gives the rows that carry only part of an item name to the
// data row they belong to (owner): the row it sits tight under (a name
// wrapped below its data) or tight above (a name that starts above).
// guessed is set when the spacing does not tell which.
func mergeWrapped(rows []rawRow, owner []int, lineH float64, dropLoose bool) (guessed bool) {
	free := func(k int) bool { return owner[k] < 0 && !rows[k].wrap && !rows[k].loose && !rows[k].alone }
	tight := 1.7 * lineH
	pitch := rowPitch(rows)
	if pitch < 1.5*lineH {
		pitch = math.NaN() // rows set at line pitch: no telling a heading by its spacing
	}
	// trailing fragments, top to bottom
	for k := range rows {
		if !free(k) || k == 0 || owner[k-1] < 0 {
			continue
		}
		up := rows[k].y - rows[k-1].y
		down := math.Inf(1)
		if k+1 < len(rows) {
			down = rows[k+1].y - rows[k].y
		}
		if up <= tight && up < 0.85*down {
			owner[k] = owner[k-1]
		}
	}
	// leading fragments, bottom to top
	for k := len(rows) - 1; k >= 0; k-- {
		if !free(k) || k+1 >= len(rows) || owner[k+1] < 0 {
			continue
		}
		down := rows[k+1].y - rows[k].y
		up := math.Inf(1)
		if k > 0 {
			up = rows[k].y - rows[k-1].y
		}
		if down <= tight && down < 0.85*up {
			owner[k] = owner[k+1]
		}
	}
	// what is left: decided by distance alone
	for k := range rows {
		if !free(k) {
			continue
		}
		up, down := math.Inf(1), math.Inf(1)
		if k > 0 && owner[k-1] >= 0 {
			up = rows[k].y - rows[k-1].y
		}
		if k+1 < len(rows) && owner[k+1] >= 0 {
			down = rows[k+1].y - rows[k].y
		}
		switch {
		case dropLoose && (up > tight && down > tight || up >= 0.85*pitch && down >= 0.85*pitch && filled(rows[k]) == 1 && (dataBelow(rows, k) || !wrapsName(rows[k].cells[colItem]))):
			// a group heading ("PAHs") at row pitch, not a wrapped name;
			// on a scan, whose boxes hold ascenders and descenders, the
			// table's own row pitch tells it where 1.7 lines cannot. A
			// heading heads rows: under the last row, at less than 1.7
			// lines, words going on in small letters are its name wrapped
			continue
		case k+1 == len(rows) && up > tight, math.IsInf(up, 1) && math.IsInf(down, 1):
			continue // text under the table, not part of it
		case up <= down && (down > tight || !rows[k].ocr || !joinsBelow(rows[k].cells[colItem])):
			owner[k] = owner[k-1]
		case math.IsInf(down, 1):
			owner[k] = owner[k-1]
		default:
			owner[k] = owner[k+1]
		}
		guessed = true
	}
	return guessed
}

// groupRows gathers the lines of each table row: a data row and the lines
// of its wrapped cells, above it (cells centred in a taller row) or below
// it. A run of such lines between two data rows splits at its one gap
// clearly wider than the others, the space between rows (splitRun); where
// no gap stands out they go as they always did: cells tight under a row
// join it, item names by mergeWrapped. top is the header's bottom. doubt
// lists why rows may be joined wrongly.
func groupRows(rows []rawRow, lineH, top float64, generic bool) (out []rawRow, doubt []string) {
	owner := make([]int, len(rows))
	oneRowTwoLines(rows)
	ruled := ruledOwners(rows)
	// placed reports whether the rules placed every line after a and
	// before b
	placed := func(a, b int) bool {
		for k := a + 1; k < b; k++ {
			if ruled[k] < 0 && ruled[k] != bandApart {
				return false
			}
		}
		return true
	}
	rowGap := medianRowGap(rows)
	prev := -1
	for k := range rows {
		owner[k] = -1
		if !rows[k].data {
			continue
		}
		owner[k] = k
		if k-prev > 1 && !placed(prev, k) && !splitRun(rows, owner, prev, k, lineH, top, rowGap) && tightRun(rows, prev, k, lineH) {
			doubt = appendOnce(doubt, "a wrapped table cell's line is as close to the row below as to the row above; check how the rows were joined")
		}
		prev = k
	}
	if prev >= 0 && prev+1 < len(rows) && !placed(prev, len(rows)) {
		splitRun(rows, owner, prev, len(rows), lineH, top, rowGap)
	}
	for k := range rows {
		if owner[k] < 0 && rows[k].wrap && k > 0 && owner[k-1] >= 0 {
			owner[k] = owner[k-1]
		}
	}
	heads := headingsByWords(rows, owner)
	// the rules decide where they tell, over spacing; a heading by its
	// words last in its band stays apart (the scan lost the rule above it)
	for k := range rows {
		switch {
		case rows[k].data:
		case ruled[k] >= 0 && heads[k] && !slices.Contains(ruled[k+1:], ruled[k]):
		case ruled[k] >= 0:
			owner[k] = ruled[k]
		case ruled[k] == bandApart:
			owner[k], rows[k].alone = -1, true
		}
	}
	// item names decided as before, without the lines nothing placed
	var idx []int
	for k := range rows {
		if owner[k] >= 0 || !rows[k].loose {
			idx = append(idx, k)
		}
	}
	sub, subOwner := make([]rawRow, len(idx)), make([]int, len(idx))
	for i, k := range idx {
		sub[i], subOwner[i] = rows[k], owner[k]
	}
	if mergeWrapped(sub, subOwner, lineH, generic) {
		doubt = appendOnce(doubt, "result item names wrap over lines; check how they were joined")
	}
	for i, k := range idx {
		owner[k] = subOwner[i]
	}
	for k, r := range rows {
		heading := generic && r.alone && !r.loose && filled(r) == 1 && r.cells[colItem] != ""
		if owner[k] < 0 && (r.loose || r.alone) && !heading {
			// text in the table that fits no row: something is lost
			doubt = appendOnce(doubt, fmt.Sprintf("text in the result table on page %d was not placed in a row", int(rows[k].y/10000)))
		}
	}
	return joinRows(rows, owner), doubt
}

// oneRowTwoLines takes the data flag from an OCR line that overlaps the
// data line under or over it and fills only the columns that line leaves
// empty: a row's cells centred on two lines ("Chrom(VI) Hexavalent
// Chromium … Max." over "8 n.d. Compliant") that each looked like a row.
// The line without the result becomes a wrapped part of the row.
func oneRowTwoLines(rows []rawRow) {
	for k := 1; k < len(rows); k++ {
		a, b := &rows[k-1], &rows[k]
		if !a.data || !b.data || !a.ocr || !b.ocr || math.Floor(a.y/10000) != math.Floor(b.y/10000) || b.y >= a.bot {
			continue
		}
		disjoint := true
		for c := range a.cells {
			disjoint = disjoint && (a.cells[c] == "" || b.cells[c] == "")
		}
		switch {
		case !disjoint:
		case a.cells[colValue] == "" && b.cells[colValue] != "":
			a.data = false
		case b.cells[colValue] == "" && a.cells[colValue] != "":
			b.data = false
		}
	}
}

// headingsByWords marks alone a lone OCR line of the item column that
// reads as a group heading between rows whose names are whole: on a scan
// whose rows sit about a line apart, a heading ("Halogens") is as far
// from its neighbours as a wrapped line ("(DEHP)"), and only its words
// tell them apart. A heading last on its page heads the next page's rows.
// It reports the headings it found.
func headingsByWords(rows []rawRow, owner []int) []bool {
	heads := make([]bool, len(rows))
	page := func(i int) float64 { return math.Floor(rows[i].y / 10000) }
	for k, r := range rows {
		if !r.ocr || owner[k] >= 0 || r.data || r.wrap || r.loose || r.alone || filled(r) != 1 || !headingWords(r.cells[colItem]) {
			continue
		}
		// the next row may open the next page, the heading last on its
		// own, past the page's footer lines
		n := k + 1
		for n < len(rows) && page(n) == page(k) && !rows[n].data && (rows[n].loose || rows[n].wrap) {
			n++
		}
		if n < len(rows) && page(n) == page(k) {
			n = k + 1
		}
		below := n < len(rows) && page(n) <= page(k)+1
		above := k > 0 && page(k-1) == page(k) && !rows[k-1].alone
		if below && rows[n].data && wholeName(rows[n].cells[colItem]) && (!above || endsName(rows[k-1].cells[colItem]) || wholeName(rows[k-1].cells[colItem])) {
			rows[k].alone, heads[k] = true, true
		}
	}
	return heads
}

// headingWords reports words that may head a group of rows: capitalised,
// with no digit, bracket or substance symbol, and not ending on a word
// that joins it to a next line ("Sum of", "Ftalato de").
func headingWords(s string) bool {
	fs := strings.Fields(s)
	if len(fs) == 0 || reHasDigit.MatchString(s) || strings.ContainsAny(s, "()[]{}（）,;:") {
		return false
	}
	if r, _ := utf8.DecodeRuneInString(s); !unicode.IsUpper(r) {
		return false
	}
	for _, f := range fs {
		if elementSymbols[f] || abbreviations[f] || elementNames[strings.ToLower(f)] != "" {
			return false
		}
	}
	return !joinsBelow(s)
}

// joiningWords end a line whose name goes on below.
var joiningWords = wordSet(`of and or the de del la le des di y e et und der die das von für for in with to a`)

// wholeName reports an item name that stands by itself: capitalised and
// closed by a bracketed symbol or abbreviation ("Cadmio Cadmium (Cd)",
// "Bis(2-ethylhexyl) phthalate (DEHP)"), or a symbol or abbreviation
// alone ("PBBs").
func wholeName(s string) bool {
	s = strings.TrimLeft(strings.TrimSpace(s), "'‘’\"“”`.,_-|") // a speck before it
	if abbreviations[s] || elementSymbols[s] || s == "Cr(VI)" {
		return true // a table of short names ("PBBs", "Cd")
	}
	if t, ok := respellItem(s); ok && len(t) <= 6 && (abbreviations[t] || elementSymbols[t] || t == "Cr(VI)") {
		return true // one misread ("CI" for Cl)
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) && endsName(s)
}

// endsName reports the last line of an item name: closed by a bracketed
// symbol or abbreviation, its brackets balanced ("(DEHP)").
func endsName(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasSuffix(s, ")") && strings.Count(s, "(") == strings.Count(s, ")")
}

// joinsBelow reports an item line that ends on a word joining it to the
// line under it ("Sum of").
func joinsBelow(s string) bool {
	fs := strings.Fields(s)
	return len(fs) > 0 && joiningWords[strings.ToLower(fs[len(fs)-1])]
}

// splitRun gives the lines between data rows a and b (a < 0: the header;
// b == len(rows): none below) to a or b where the gaps between them split
// in two sizes, 0.3 of a line apart or more: the wide ones are the space
// between rows. Lines between two wide gaps are a row of their own when
// together they hold an item and a result (a row whose item and result
// both wrap around a middle line holding neither), else they stay
// unowned (a group heading). It reports whether it split the run.
func splitRun(rows []rawRow, owner []int, a, b int, lineH, top, rowGap float64) bool {
	gaps := runGaps(rows, a, b, top)
	if gaps == nil {
		return false
	}
	sorted := append([]float64(nil), gaps...)
	sort.Sort(sort.Reverse(sort.Float64Slice(sorted)))
	cut := math.NaN()
	for i := 0; i+1 < len(sorted); i++ {
		if sorted[i]-sorted[i+1] >= 0.3*lineH {
			// the narrow gaps must be narrower than the table's gap
			// between one-line rows too, where it has such rows
			if !math.IsNaN(rowGap) && sorted[i+1] > rowGap-0.3*lineH {
				return false
			}
			cut = sorted[i]
			break
		}
	}
	if math.IsNaN(cut) {
		return false
	}
	seg := 0 // wide gaps passed: lines of segment 0 belong to a
	start := -1
	for k := a + 1; k < b; k++ {
		if gaps[k-a-1] >= cut {
			ownRow(rows, owner, start, k, true)
			seg, start = seg+1, k
		}
		if seg == 0 && a >= 0 {
			owner[k] = a
		}
	}
	if b < len(rows) && gaps[b-a-1] < cut {
		for k := max(start, a+1); k < b && start >= 0; k++ {
			owner[k] = b // the lines after the last wide gap, tight over b
		}
	} else {
		ownRow(rows, owner, start, b, b < len(rows))
	}
	return true
}

// dataBelow reports whether a data row follows row k on its page.
func dataBelow(rows []rawRow, k int) bool {
	for j := k + 1; j < len(rows) && math.Floor(rows[j].y/10000) == math.Floor(rows[k].y/10000); j++ {
		if rows[j].data {
			return true
		}
	}
	return false
}

// wrapsName reports an item cell that can only go on a name: it starts
// with a small letter or a bracket ("permanganate", "(DEHP)").
func wrapsName(s string) bool {
	r := firstRune(strings.TrimSpace(s))
	return unicode.IsLower(r) || r == '('
}

// rowPitch is the median distance between the tops of two data rows next
// to each other on a page (NaN when there are none).
func rowPitch(rows []rawRow) float64 {
	return medianBetweenRows(rows, func(a, b rawRow) float64 { return b.y - a.y })
}

// medianRowGap is the median gap between two data rows next to each
// other on a page: the space between the table's one-line rows (NaN when
// it has none).
func medianRowGap(rows []rawRow) float64 {
	return medianBetweenRows(rows, func(a, b rawRow) float64 { return b.y - a.bot })
}

// medianBetweenRows is the median of d over pairs of data rows next to
// each other on a page (NaN when there are none).
func medianBetweenRows(rows []rawRow, d func(a, b rawRow) float64) float64 {
	var ds []float64
	for k := 1; k < len(rows); k++ {
		if rows[k].data && rows[k-1].data && math.Floor(rows[k].y/10000) == math.Floor(rows[k-1].y/10000) {
			ds = append(ds, d(rows[k-1], rows[k]))
		}
	}
	if len(ds) == 0 {
		return math.NaN()
	}
	sort.Float64s(ds)
	return ds[len(ds)/2]
}

// runGaps lists the gaps above each line from a+1 to b (b excluded when
// no row is there), the first measured from a's bottom or top; nil when
// the run crosses a page.
func runGaps(rows []rawRow, a, b int, top float64) []float64 {
	bot := top
	if a >= 0 {
		bot = rows[a].bot
	}
	var gaps []float64
	for k := a + 1; k <= b && k < len(rows); k++ {
		if math.Floor(rows[k].y/10000) != math.Floor(bot/10000) {
			return nil
		}
		gaps = append(gaps, rows[k].y-bot)
		bot = rows[k].bot
	}
	if len(gaps) < 2 {
		return nil
	}
	return gaps
}

// ownRow makes the lines from start to end (excluded) a row when they
// hold an item and a result together; else it marks them alone when
// asked (lines under the last row are left to mergeWrapped, as before).
func ownRow(rows []rawRow, owner []int, start, end int, mark bool) {
	if start < 0 || end <= start {
		return
	}
	var item, value string
	for k := start; k < end; k++ {
		item = joinCellText(item, rows[k].cells[colItem])
		value = joinCellText(value, rows[k].cells[colValue])
	}
	if item == "" || value == "" || !resultLike(value) {
		for k := start; k < end && mark; k++ {
			rows[k].alone = true
		}
		return
	}
	rows[start].data = true
	for k := start; k < end; k++ {
		owner[k] = start
	}
}

// tightRun reports whether the lines between data rows a and b include a
// wrapped cell's line and every gap among them is tight: a table set
// without space between rows, where the line may be either row's.
func tightRun(rows []rawRow, a, b int, lineH float64) bool {
	if a < 0 {
		return false
	}
	cells := false
	for k := a + 1; k < b; k++ {
		cells = cells || rows[k].wrap || rows[k].loose
		if rows[k].y-rows[k-1].bot > 0.6*lineH {
			return false
		}
	}
	return cells && rows[b].y-rows[b-1].bot <= 0.6*lineH
}

// joinRows joins each row's lines into the data row they belong to
// (owner), column by column, top to bottom.
func joinRows(rows []rawRow, owner []int) (out []rawRow) {
	at := map[int]int{}
	for k, r := range rows {
		if r.data {
			at[k] = len(out)
			out = append(out, rawRow{y: r.y, bot: r.bot, data: true, ocr: r.ocr})
		}
	}
	for k, r := range rows {
		i, ok := at[owner[k]]
		if owner[k] < 0 || !ok {
			continue
		}
		for c, t := range r.cells {
			out[i].cells[c] = joinCellText(out[i].cells[c], t)
		}
	}
	return out
}

// joinCellText joins the lines of a wrapped cell with a space, or with
// none where the break falls between two CJK characters.
func joinCellText(a, b string) string {
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if a == "" || b == "" {
		return a + b
	}
	x, _ := utf8.DecodeLastRuneInString(a)
	y, _ := utf8.DecodeRuneInString(b)
	if text.IsCJK(x) && text.IsCJK(y) {
		return a + b
	}
	return a + " " + b
}

// unitInMethod is a row's unit that a photo's lost gap set at the end of
// its method cell ("EN 1186-2:2002 gravimetry mg/dm?") while its unit
// cell is empty, and the method without it. Only a unit with a slash
// counts: "h" or "s" may be a method's own letter.
func unitInMethod(row labrelay.ResultRow, cols []column) (string, string, bool) {
	fs := strings.Fields(row.Method)
	if row.Unit != "" || len(fs) < 2 || !slices.ContainsFunc(cols, func(c column) bool { return c.kind == colUnit }) {
		return "", "", false
	}
	last := fs[len(fs)-1]
	if !strings.Contains(last, "/") {
		return "", "", false
	}
	if u, _ := mendUnit(last); looksUnit(u) {
		return u, strings.Join(fs[:len(fs)-1], " "), true
	}
	return "", "", false
}

// headerUnit is the unit printed in the header of the result column (or,
// failing that, of the limit or MDL column): "Result (mg/kg)".
func headerUnit(cols []column) string {
	for _, want := range []int{colValue, colLimit, colMDL} {
		for _, c := range cols {
			if c.kind == want && c.unit != "" {
				return c.unit
			}
		}
	}
	return ""
}

// mergedHeader joins a header wrapped over up to four lines ("Detection"
// over "Limit", "Result" over "(mg/kg)", a Chinese line over an English
// one) into one line of cells, and returns the index of its last line;
// ok when the joined line names at least as many columns as the first
// line alone, and at least three. Only lines that can continue a header
// join (headerPart): a data row or a group heading under the header
// would otherwise ride along on the halves the lexicon knows.
func mergedHeader(v *view, i int) (line, int, bool) {
	a, first := v.Lines[i], i
	if j, ok := sameLineCaption(v, i); ok {
		a, first = joinLine(a, v.Lines[j]), j
	}
	if len(a.Cells) < 2 {
		return a, i, false
	}
	best, bestN, last := a, headerCount(a), first
	m := a
	m.Cells = append([]cell(nil), a.Cells...)
	for k := first + 1; k < len(v.Lines) && k <= i+3; k++ {
		b, prev := v.Lines[k], v.Lines[k-1]
		if b.Page != a.Page || b.Box.Y-(prev.Box.Y+prev.Box.H) > 0.9*math.Max(prev.Box.H, 4) {
			break
		}
		// one word the lexicon knows only with the line above it
		// ("Límite de" over "detección": a kind of column more)
		skewed := skewedApart(prev, b, m)
		if !headerPart(b) && (len(b.Cells) != 1 || !headerTail(b) || !moreKinds(m, joinLine(m, b))) && !skewed {
			break
		}
		m = joinLine(m, b)
		if skewed {
			m.Cells = numberTails(m.Cells)
		}
		if n := headerCount(m); n >= bestN {
			best, bestN, last = m, n, k
		}
	}
	if last == i || bestN < 3 {
		return v.Lines[i], i, false
	}
	return best, last, true
}

// moreKinds reports whether header line b names more columns than a, or
// more kinds of column.
func moreKinds(a, b line) bool {
	na, ka := headerKinds(a)
	nb, kb := headerKinds(b)
	return nb > na || kb > ka
}

// sameLineCaption reports whether line i is one caption that a photo's
// skew or a rule through it set apart from the rest of its header line:
// the next line starts within line i's height and has no cell under the
// caption ("Analyte" 14 px over "MDL Requirement Measured", "COMPLIES"
// 15 px over the header it ends). It returns the next line's index.
func sameLineCaption(v *view, i int) (int, bool) {
	a := v.Lines[i]
	if a.Path != labrelay.PathOCR || len(a.Cells) != 1 || i+1 >= len(v.Lines) || strictCaption(a.Cells[0].Text) == colUnknown {
		return 0, false
	}
	b, c := v.Lines[i+1], a.Cells[0].Box
	if b.Page != a.Page || len(b.Cells) < 2 || b.Box.Y >= c.Y+c.H || overlapping(b.Cells, a.Cells[0]) >= 0 {
		return 0, false
	}
	return i + 1, true
}

// skewedApart reports whether OCR line b is the rest of header line a that
// a photo's skew set a little lower: it starts above a's foot, and none of
// its cells stands under one of m's, the header so far ("Method ¦ 1" 15
// px under "Substance ¦ Units ¦ Sample").
func skewedApart(a, b, m line) bool {
	if a.Path != labrelay.PathOCR || b.Path != labrelay.PathOCR || b.Box.Y >= a.Box.Y+a.Box.H || !slices.ContainsFunc(b.Cells, func(c cell) bool {
		k, _ := headerKindOf(c.Text, false)
		return k != colUnknown
	}) {
		return false
	}
	for _, c := range b.Cells {
		if overlapping(m.Cells, c) >= 0 {
			return false
		}
	}
	return true
}

// numberTails joins a cell of a digit or two to the cell just before it,
// less than its height apart: the number of a caption ("Sample" "1") that
// a skewed line parted from it.
func numberTails(cs []cell) []cell {
	out := cs[:0:0]
	for _, c := range cs {
		if k := len(out) - 1; k >= 0 && reSampleNumber.MatchString(c.Text) && c.Box.X-(out[k].Box.X+out[k].Box.W) < c.Box.H {
			out[k].Text += " " + c.Text
			out[k].Box = unionBox(out[k].Box, c.Box)
			continue
		}
		out = append(out, c)
	}
	return out
}

var reSampleNumber = lazyRegexp(`^\d{1,2}$`)

// headerPart reports whether a line can be part of a header: no result
// and no digit outside a unit or a header name ("Sample 1"), and not one
// unknown cell alone (a group heading such as "Heavy metals").
func headerPart(b line) bool {
	if !headerTail(b) {
		return false
	}
	if len(b.Cells) == 1 {
		t := b.Cells[0].Text
		k, _ := headerKindOf(t, false)
		return k != colUnknown || bracketUnit(t)
	}
	return true
}

// bracketUnit reports a unit in brackets: "(mg/kg)", "[%]".
func bracketUnit(t string) bool {
	_, ok := bracketUnitOf(t)
	return ok
}

// bracketUnitOf is the unit in brackets t prints, or one glyph off a
// unit of five characters or more that no other is as near ("(ma/kg)"
// for mg/kg, as a photo reads it).
func bracketUnitOf(t string) (string, bool) {
	if !strings.ContainsAny(t, "([（") {
		return "", false
	}
	u := strings.Trim(t, "()[]（） ")
	if looksUnit(u) {
		return u, true
	}
	return oneGlyphUnit(u)
}

// oneGlyphUnit is the one unit of cellUnits of u's length, five or more,
// one substitution from u.
func oneGlyphUnit(u string) (string, bool) {
	ru := []rune(u)
	found := ""
	for _, c := range cellUnits {
		rc := []rune(c)
		if len(rc) < 5 || len(rc) != len(ru) || editDistance(ru, rc) != 1 {
			continue
		}
		if found != "" {
			return "", false
		}
		found = c
	}
	return found, found != ""
}

// joinLine appends the cells of b to the cells of a they stand under;
// a scan's dots are left out.
func joinLine(a, b line) line {
	m := a
	m.Cells = append([]cell(nil), a.Cells...)
	for _, c := range b.Cells {
		if dot(b, c) || lonelyGlyph(b, c) {
			continue
		}
		k := overlapping(m.Cells, c)
		if k < 0 {
			m.Cells = insertCell(m.Cells, c)
			continue
		}
		m.Cells[k].Text += " " + c.Text
		m.Cells[k].Box = unionBox(m.Cells[k].Box, c.Box)
	}
	m.Box = unionBox(a.Box, b.Box)
	return m
}

// headerCount is how many cells of a line the generic header lexicon
// names.
func headerCount(l line) int {
	n, _ := headerKinds(l)
	return n
}

// headerKinds is how many cells of a line the generic header lexicon
// names, and how many kinds of column they name.
func headerKinds(l line) (int, int) {
	n, kinds := 0, map[int]bool{}
	for _, c := range l.Cells {
		k, _ := headerKindOf(c.Text, false)
		if k == colUnknown && l.Path == labrelay.PathOCR {
			k = junkEdgeCaption(c.Text)
		}
		if k != colUnknown {
			n++
			kinds[k] = true
		}
	}
	return n, len(kinds)
}

// junkEdgeCaption is the column a caption names without a short token
// at its start or end that a scan made of its other language ("Wie
// RESULTS", "Bee REQUIREMENT", "RAH REFERENCE").
func junkEdgeCaption(t string) int {
	ws := strings.Fields(t)
	if len(ws) < 2 {
		return colUnknown
	}
	short := func(w string) bool {
		return utf8.RuneCountInString(w) <= 3 && reHasLetter.MatchString(w) && !reHasDigit.MatchString(w)
	}
	if short(ws[0]) {
		if k, _ := headerKindOf(strings.Join(ws[1:], " "), false); k != colUnknown {
			return k
		}
	}
	if short(ws[len(ws)-1]) {
		if k, _ := headerKindOf(strings.Join(ws[:len(ws)-1], " "), false); k != colUnknown {
			return k
		}
	}
	return colUnknown
}

// overlapping returns the cell of cs whose x-range overlaps c's, or -1.
func overlapping(cs []cell, c cell) int {
	for k, x := range cs {
		if overlapX(c.Box, x.Box) {
			return k
		}
	}
	return -1
}

// insertCell puts c among cs in x order.
func insertCell(cs []cell, c cell) []cell {
	k := 0
	for k < len(cs) && cs[k].Box.X < c.Box.X {
		k++
	}
	cs = append(cs, cell{})
	copy(cs[k+1:], cs[k:])
	cs[k] = c
	return cs
}

// alignColumns learns, from the rows under a header, the left edges that
// several data cells of a column share.
func alignColumns(v *view, h int, cols []column) {
	counts := make([]map[float64]int, len(cols))
	for k := range counts {
		counts[k] = map[float64]int{}
	}
	page := v.Lines[h].Page
	second := map[float64]int{} // lines with this left edge after another item cell
	for j := h + 1; j < len(v.Lines) && j <= h+40 && v.Lines[j].Page == page; j++ {
		items := 0
		for _, c := range tableCells(cols, v.Lines[j]) {
			if k := assign(cols, c); k >= 0 {
				counts[k][math.Round(c.Box.X)]++
				if cols[k].kind == colItem {
					if items > 0 {
						second[math.Round(c.Box.X)]++
					}
					items++
				}
			}
		}
	}
	near := 0.0
	if v.Lines[h].Path == labrelay.PathOCR {
		near = 2 // a scan's left edges wander a pixel or two
	}
	for k, m := range counts {
		for x := range m {
			n := 0
			for y, c := range m {
				if math.Abs(x-y) <= near {
					n += c
				}
			}
			if n < 3 {
				continue
			}
			// a line holds one item cell: an edge of three cells that
			// follows one on a line starts the next column (a method
			// printed close to short item names, its header centred
			// further right)
			if cols[k].kind == colItem && second[x] > 0 && k+1 < len(cols) {
				cols[k+1].lefts = append(cols[k+1].lefts, x)
				continue
			}
			cols[k].lefts = append(cols[k].lefts, x)
		}
	}
	// an edge two columns share decides nothing
	for k := range cols {
		var keep []float64
		for _, x := range cols[k].lefts {
			shared := false
			for o := range cols {
				for _, y := range cols[o].lefts {
					shared = shared || o != k && math.Abs(x-y) <= 3
				}
			}
			if !shared {
				keep = append(keep, x)
			}
		}
		cols[k].lefts = keep
	}
}

// dataNext reports whether the line after j (same page) is a data row of
// the columns: a result in the result column and an item.
func dataNext(v *view, j int, cols []column) bool {
	if j+1 >= len(v.Lines) || v.Lines[j+1].Page != v.Lines[j].Page {
		return false
	}
	r := fill(cols, v.Lines[j+1])
	if r.cells[colItem] == "" && j+2 < len(v.Lines) && gapBelow(v, j+1) <= 0 {
		// the first line of a row's wrapped result ("Not" over the
		// row's middle line, "Detected" under it): the row is next
		above := r
		r = fill(cols, v.Lines[j+2])
		if r.cells[colValue] == "" {
			r.cells[colValue] = above.cells[colValue]
		}
	}
	return r.cells[colItem] != "" && r.cells[colValue] != "" && (resultLike(r.cells[colValue]) || filled(r) >= 3)
}

// dataRow reports a line that fills a row by itself: an item, a result
// and one more cell at least.
func dataRow(r rawRow) bool {
	return r.cells[colItem] != "" && r.cells[colValue] != "" && resultLike(r.cells[colValue]) && filled(r) >= 3
}

// filled counts a row's non-empty cells.
func filled(r rawRow) int {
	n := 0
	for _, c := range r.cells {
		if c != "" {
			n++
		}
	}
	return n
}

// unitLine skips the lines that continue a header ("REPORTING" over
// "LIMIT", the captions again in a second language, "(mg/kg)" under
// "Limit"): up to three close lines before the first data row, with no
// result-like cell and no digit outside a unit; units in them go to their
// columns. It returns the header's last line.
func unitLine(v *view, h int, cols []column) int {
	last := h
	for k := h + 1; k < len(v.Lines) && k <= h+3; k++ {
		ln, prev := v.Lines[k], v.Lines[k-1]
		if ln.Page != prev.Page || ln.Box.Y-(prev.Box.Y+prev.Box.H) > 1.2*math.Max(prev.Box.H, 4) {
			break
		}
		if !headerTail(ln) || cellsOverData(v, k, cols) {
			break
		}
		for _, c := range ln.Cells {
			if u, ok := bracketUnitOf(c.Text); ok {
				if j := assign(cols, c); j >= 0 {
					cols[j].unit = u
				}
			}
		}
		last = k
	}
	return last
}

// cellsOverData reports whether line k holds only text the header
// lexicon does not know, tight over a data row: the first line of a cell
// wrapped around its row's middle ("Overall migration," over the row,
// "Not" over it and "Detected" under it), not a header's second line.
func cellsOverData(v *view, k int, cols []column) bool {
	ln := v.Lines[k]
	for _, c := range ln.Cells {
		if kind, _ := headerKindOf(c.Text, false); kind != colUnknown || bracketUnit(c.Text) {
			return false
		}
	}
	if !tightBelow(v, k, math.Max(ln.Box.H, 6)) {
		return false
	}
	r := fill(cols, v.Lines[k+1])
	return r.cells[colValue] != "" && resultLike(r.cells[colValue]) || r.cells[colItem] != "" && filled(r) >= 3
}

// itemCol is the index of the item column, or -1.
func itemCol(cols []column) int {
	for k, c := range cols {
		if c.kind == colItem {
			return k
		}
	}
	return -1
}

// sharesLeft reports whether a cell starts where the column's data cells
// start.
func sharesLeft(col column, c cell) bool {
	for _, x := range col.lefts {
		if math.Abs(c.Box.X-x) <= 1.5 {
			return true
		}
	}
	return false
}

// dot reports an OCR cell far smaller than the line's tallest cell both
// ways: a speck, not a glyph ("-" read from a dot of the scan); or one
// glyph under a quarter of its height, a rule's piece ("4" 7 px tall on a
// photo's header line 48 px tall).
func dot(ln line, c cell) bool {
	if ln.Path != labrelay.PathOCR {
		return false
	}
	h := 0.0
	for _, o := range ln.Cells {
		h = math.Max(h, o.Box.H)
	}
	return c.Box.W < 0.3*h && c.Box.H < 0.3*h || utf8.RuneCountInString(strings.TrimSpace(c.Text)) == 1 && c.Box.H < 0.25*h
}

// lonelyGlyph reports a doubtful one-letter word on a scan's header line:
// a piece of a rule or a speck read as a letter ("F" on the rule between
// two captions), which would make the line a row's verdict.
func lonelyGlyph(ln line, c cell) bool {
	t := []rune(strings.Trim(c.Text, ".,;:'‘’\"“”`|_-"))
	return ln.Path == labrelay.PathOCR && len(t) == 1 && unicode.IsLetter(t[0]) && c.Conf < 0.7
}

// strictCaption is the column a header cell names by its whole text.
func strictCaption(s string) int {
	k, _ := headerKindOf(s, false)
	return k
}

// headerTail reports whether a line can continue a header: no cell reads
// as a result and no digit stands outside a bracketed unit or a header
// name ("Sample 1"). A scan's dot read as "-" is no result.
func headerTail(ln line) bool {
	for _, c := range ln.Cells {
		if bracketUnit(c.Text) || dot(ln, c) || lonelyGlyph(ln, c) {
			continue
		}
		if headerCaptions(strictCaption, c.Text) > 0 {
			continue
		}
		if resultLike(c.Text) || reHasDigit.MatchString(c.Text) {
			return false
		}
	}
	return true
}

// wrappedCells reports whether a line can continue the row above: the
// row above is a data row or a wrapped line of one, and the line is not a
// row of its own nor a name wrapped alone (mergeWrapped): cells wrapped
// onto a further line ("Not" / "Detected", "IEC" / "62321-4:2013").
func wrappedCells(rows []rawRow, r rawRow) bool {
	if len(rows) == 0 || !rows[len(rows)-1].data && !rows[len(rows)-1].wrap && !rows[len(rows)-1].loose {
		return false
	}
	others := strings.TrimSpace(r.cells[colMethod] + r.cells[colUnit] + r.cells[colMDL] + r.cells[colLimit] + r.cells[colVerdict])
	if r.ocr && r.cells[colItem] != "" && reNDGlyphs.MatchString(r.cells[colValue]) && filled(r) >= 4 {
		return false // a row of its own, its not-detected mark misread ("NO." for "N.D")
	}
	return r.cells[colItem] == "" || !(r.cells[colValue] == "" && others == "" || r.cells[colValue] != "" && resultLike(r.cells[colValue]))
}

// groupHeading reports a heading inside a table ("Halogens") that starts
// left of the item column, so that it falls into another column: one
// cell, no digit (a wrapped "62321-4:2013" is no heading), data rows
// after it.
func groupHeading(v *view, j int, cols []column, r rawRow) bool {
	ln := v.Lines[j]
	if len(ln.Cells) != 1 || r.cells[colItem] != "" || reHasDigit.MatchString(ln.Cells[0].Text) {
		return false
	}
	c := ln.Cells[0]
	if k := itemCol(cols); k >= 0 && c.Box.X >= cols[k].x0 {
		return false // not left of the item column: a wrapped cell's line ("IEC", "Max.")
	}
	if k := assign(cols, c); k >= 0 && sharesLeft(cols[k], c) {
		return false // where its column's cells start
	}
	if p := v.Lines[j-1]; p.Page == ln.Page && ln.Box.Y-(p.Box.Y+p.Box.H) <= 0.6*math.Max(p.Box.H, 6) {
		return false // tight under a row: a wrapped cell ("Not" / "Detected")
	}
	return dataNext(v, j, cols)
}

var reLimitWord = regexp.MustCompile(`(?i)^(max(?:imum)?|min(?:imum)?|höchstens|mindestens|máx(?:imo)?|mín(?:imo)?|not more than|not less than|nmt|nlt)\.?\s*[:：]?\s*([0-9][0-9.,]*)$`)

// limitBound reads a limit worded as a bound ("Max. 1000", "Min. 5") as
// the sign the verdict check understands ("≤1000", "≥5"); other limits
// are returned as printed.
func limitBound(limit string) string {
	m := reLimitWord.FindStringSubmatch(strings.TrimSpace(limit))
	if m == nil {
		return limit
	}
	switch w := strings.ToLower(m[1]); {
	case strings.HasPrefix(w, "min"), strings.HasPrefix(w, "mín"), w == "mindestens", w == "not less than", w == "nlt":
		return "≥" + m[2]
	}
	return "≤" + m[2]
}

// splitCells splits a cell that straddles two columns where a gap wider
// than a space between its words falls at the columns' border: a narrow
// column's "Max. 1000" printed close to the item name after it. On an OCR
// line a word space is half a box height (the boxes hug the ink), so a
// gap must be wider there before it counts.
func splitCells(cols []column, ln line) []cell {
	space := 0.4
	var hs []float64
	if ln.Path == labrelay.PathOCR {
		space = 0.75
		for _, c := range ln.Cells {
			if len(c.words) == 0 {
				hs = append(hs, c.Box.H)
			}
			for _, w := range c.words {
				hs = append(hs, w.Box.H)
			}
		}
		sort.Float64s(hs)
	}
	// height is a word's, or on a scan the line's median word: a cell
	// read again alone gets a box taller than its ink
	height := func(w cell) float64 {
		if len(hs) > 0 {
			return math.Min(w.Box.H, hs[(len(hs)-1)/2])
		}
		return w.Box.H
	}
	var out []cell
	for _, c := range ln.Cells {
		if len(c.words) < 2 {
			out = append(out, c)
			continue
		}
		start := 0
		for i := 1; i < len(c.words); i++ {
			p, w := c.words[i-1], c.words[i]
			gap := w.Box.X - (p.Box.X + p.Box.W)
			// a unit, then a number (its sign a word of its own or
			// not): a tight table's "mg/kg | 16" whose rule the scan
			// lost, a word space apart
			value := reCellValue.MatchString(w.Text) || reSpacedSign.MatchString(w.Text) ||
				reLoneSign.MatchString(w.Text) && i+1 < len(c.words) && reCellValue.MatchString(c.words[i+1].Text)
			unitNumber := ln.Path == labrelay.PathOCR && gap > 0 && reUnit.MatchString(strings.ToLower(p.Text)) && value
			if (gap > space*math.Max(height(w), 1) || unitNumber) && colAt(cols, w) != colAt(cols, c.words[start]) {
				out = append(out, joinWords(c.words[start:i]))
				start = i
			}
		}
		if start == 0 {
			out = append(out, c)
		} else {
			out = append(out, joinWords(c.words[start:]))
		}
	}
	return out
}

// reLoneSign is a comparison sign read as a word of its own, reSpacedSign
// one a space from its number in one word (a cell read again alone).
var (
	reLoneSign   = lazyRegexp(`^[<>≤≥]$`)
	reSpacedSign = lazyRegexp(`^[<>≤≥] \d+(?:[.,]\d+)?$`)
)

// atColumnEdge reports a cell that starts at a left edge a column's
// cells share (alignColumns): a wrapped method's first word ("IEC" over
// "62321-4:2013") left of every caption is the column's, not a margin's
// speck.
func atColumnEdge(cols []column, c cell) bool {
	for _, col := range cols {
		for _, x := range col.lefts {
			if math.Abs(c.Box.X-x) <= 1.5 {
				return true
			}
		}
	}
	return false
}

// tableCells are a line's cells split at column borders (splitCells),
// without the specks a photo's page edge leaves on an OCR line: a cell of
// three runes or fewer that ends a box height or more before the table's
// first header starts ("a", "7" at the margin), which would otherwise
// take the item column's place and push the names right; and a cell of
// one mark no table prints alone ("=", "|"), which made a line with a
// name and a method look like a row of three cells. A short cell at a
// column's shared left edge stays (atColumnEdge).
func tableCells(cols []column, ln line) []cell {
	cs := splitCells(cols, ln)
	if ln.Path != labrelay.PathOCR || len(cols) == 0 {
		return cs
	}
	first := cols[0].hx0
	for _, col := range cols {
		first = math.Min(first, col.hx0)
	}
	out := cs[:0]
	for _, c := range cs {
		if utf8.RuneCountInString(strings.TrimSpace(c.Text)) <= 3 && c.Box.X+c.Box.W < first-c.Box.H && !atColumnEdge(cols, c) {
			continue
		}
		if t := strings.TrimSpace(c.Text); len([]rune(t)) == 1 && strings.ContainsAny(t, "=|_~¦•©®™°") && !circleInVerdicts(cols, c) {
			continue // a speck or a rule's piece read as a mark, never a cell
		}
		out = append(out, c)
	}
	return out
}

// circleInVerdicts reports a "©" in the verdict column: a circle (a
// pass in Japanese tables) OCR read so, not a speck.
func circleInVerdicts(cols []column, c cell) bool {
	k := colAt(cols, c)
	return strings.TrimSpace(c.Text) == "©" && k >= 0 && cols[k].kind == colVerdict
}

// colAt is the column holding a word's centre, or -1.
func colAt(cols []column, w cell) int {
	mid := w.Box.X + w.Box.W/2
	for k, col := range cols {
		if mid >= col.x0 && mid < col.x1 {
			return k
		}
	}
	return -1
}

// joinWords makes one cell of words.
func joinWords(ws []cell) cell {
	c := ws[0]
	c.words = ws
	for _, w := range ws[1:] {
		c.Text += " " + w.Text
		c.Box = unionBox(c.Box, w.Box)
		c.Conf = math.Min(c.Conf, w.Conf)
	}
	return c
}

// oneRow reports whether data lines a and b make one row: in each
// numeric column at most one of them prints, or both together read as
// one result ("Not" over "Detected", "Max." over "0.07").
func oneRow(rows []rawRow, a, b int) bool {
	for _, c := range []int{colValue, colLimit, colMDL} {
		x, y := rows[a].cells[c], rows[b].cells[c]
		if x != "" && y != "" && !resultWord(limitBound(joinCellText(x, y))) {
			return false
		}
	}
	return true
}

// nextRuledRow reports ln the next row of a ruled table though it stands
// gap below prev, further than rows stand apart: a rule parts them and
// another closes ln's band within 4 lineH, as in a grid whose name wraps
// under its numbers on one row ("Bis(2-ethylhexyl) 50 … Complies" over
// "phthalate (DEHP)") and over them on the row before. Text under the
// table's last rule has no rule closing it.
func nextRuledRow(v *view, prev, ln line, gap, lineH float64) bool {
	if ln.Page != prev.Page || gap > 4*lineH {
		return false
	}
	_, _, below := v.rulesAround(prev)
	_, up, down := v.rulesAround(ln)
	return math.Abs(below-up) < lineH/2 && down-up <= 4*lineH
}

// rulesAround is line ln's middle and the nearest horizontal ruling
// lines above and below it that pass under its first cell (NaN for
// none), pages stacked (pageOff).
func (v *view) rulesAround(ln line) (mid, up, down float64) {
	off := pageOff(ln)
	mid, up, down = ln.Box.Y+ln.Box.H/2, math.NaN(), math.NaN()
	if len(ln.Cells) == 0 {
		return mid + off, up, down
	}
	c := ln.Cells[0].Box
	for _, r := range v.hrules[ln.Page] {
		if r.X > c.X+2 || r.X+r.W < c.X+math.Min(c.W, 20) {
			continue
		}
		y := r.Y + r.H/2
		if y < mid && (math.IsNaN(up) || y > up) {
			up = y
		}
		if y > mid && (math.IsNaN(down) || y < down) {
			down = y
		}
	}
	return mid + off, up + off, down + off
}

// ruledOwners gives each line of a ruled table that is no data row to the
// data row it shares the band between two rules with, where the rules
// tell (-1 elsewhere): a name wrapped under its row ("Hexavalent
// Chromium" / "(Cr(VI))") is as close to the row below on a scan whose
// rows are set tight, but no rule lies between it and its own row. Two
// data lines in one band are one row whose cells are centred on several
// lines ("Overall migration, 10%" and "Not" over "ethanol … Max. 10"):
// the later stops being a data row. The rules are trusted only where
// they part two pairs of neighbouring data lines or more, and every pair
// they do not part joins into one row whose numbers still read as one
// each (no "12 5": a rule the scan lost between two rows).
func ruledOwners(rows []rawRow) []int {
	owner := make([]int, len(rows))
	for k := range owner {
		owner[k] = -1
	}
	page := func(k int) float64 { return math.Floor(rows[k].y / 10000) }
	var join []int // the later line of each pair in one band
	parted, prev := 0, -1
	for k := range rows {
		if !rows[k].data {
			continue
		}
		if prev >= 0 && page(prev) == page(k) {
			switch {
			case rows[k].ruleUp > rows[prev].mid: // a rule between them
				parted++
			case math.IsNaN(rows[k].ruleUp) || math.IsNaN(rows[k].ruleDown) || !oneRow(rows, prev, k):
				return owner
			default:
				join = append(join, k)
			}
		}
		prev = k
	}
	if parted < 2 {
		return owner
	}
	for _, k := range join {
		rows[k].data = false
	}
	for k := range rows {
		if rows[k].data || math.IsNaN(rows[k].ruleUp) || math.IsNaN(rows[k].ruleDown) {
			continue
		}
		a, b := -1, -1
		for i := k - 1; i >= 0 && page(i) == page(k); i-- {
			if rows[i].data {
				a = i
				break
			}
		}
		for i := k + 1; i < len(rows) && page(i) == page(k); i++ {
			if rows[i].data {
				b = i
				break
			}
		}
		sepUp := a >= 0 && rows[k].ruleUp > rows[a].mid
		sepDown := b >= 0 && rows[k].ruleDown < rows[b].mid
		switch {
		case a >= 0 && !sepUp && (b < 0 || sepDown):
			owner[k] = a
		case b >= 0 && !sepDown && (a < 0 || sepUp):
			owner[k] = b
		case sepUp && sepDown:
			owner[k] = bandApart // rules above and below it: a heading ("PAHs"), or text lost
		}
	}
	return owner
}

// bandApart is ruledOwners' owner of a line in a band of its own between
// two data rows.
const bandApart = -2
