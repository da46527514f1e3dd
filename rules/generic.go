package rules

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/text"
	"github.com/labrelay/labrelay/normalize"
)

// The generic reader finds captions by the lexicon and pairs each with its
// value by geometry: the rest of the caption's cell after a separator,
// the next cell on the baseline, else the cell below in the caption's
// column band. It needs no pack, so it reads layouts no pack knows, and
// it is the second, independent reading the engine cross-checks a pack's
// values against.

// capHit is a caption recognised in a cell.
type capHit struct {
	entries []lexEntry
	rest    string  // the value printed in the same cell, if any
	sep     bool    // a colon or leader stood between caption and rest
	tail    string  // a second caption and value in the same cell
	cont    *[2]int // line and cell of a wrapped caption's second line
}

// wrappedCaption reads a caption wrapped onto a second line in a narrow
// column ("DATE OF" over "RECEIPT", "Método de ensayo Test" over
// "Methods"), or a third ("Descripción de" / "la muestra/Test" / "Item"):
// the cell tight below, at the same left edge, without digits, completes
// a caption the first line alone is not, or is one whose value does not
// fit ("Sample" over "Receipt Date"). It returns the cells the caption
// goes on in, its last line's last.
func wrappedCaption(v *view, df *docFuncs, i, ci int) (capHit, [][2]int, bool) {
	ln := v.Lines[i]
	c := ln.Cells[ci]
	if reHasDigit.MatchString(c.Text) || strings.ContainsAny(c.Text, ":：") || reLeaderRun.MatchString(c.Text) {
		return capHit{}, nil, false // a colon or leader dots end a caption
	}
	if namesOtherThing(c.Text) {
		return capHit{}, nil, false // "担当者 /Attention": whole, of something else
	}
	j, k, loose, ok := wrapLine(v, i, c)
	if !ok {
		return capHit{}, nil, false
	}
	nx := v.Lines[j]
	joined := strings.TrimSpace(c.Text) + " " + strings.TrimSpace(nx.Cells[k].Text)
	// on a scan the caption's other language may be misread ("依顿者
	// Submitted" over "by")
	ocr := ln.Path == labrelay.PathOCR
	hj, ok := parseCaptionOCR(joined, ocr)
	var cells [][2]int
	if !wholeHit(hj, ok) {
		// a third line may end it; neither it nor the second is a
		// caption alone (a pair of its own under a caption's end),
		// unless the second's value goes on with the first's
		// ("Anschrift des" / "Auftraggebers Applicant" / "Address")
		mid := !wholeHit(parseCaptionOCR(nx.Cells[k].Text, ocr)) || k == 0 && len(nx.Cells) == 2 && valueGoesOn(ln, nx, c)
		if j3, k3, _, ok3 := wrapLine(v, j, nx.Cells[k]); ok3 && mid && !wholeHit(parseCaptionOCR(v.Lines[j3].Cells[k3].Text, ocr)) {
			joined3 := joined + " " + strings.TrimSpace(v.Lines[j3].Cells[k3].Text)
			if h3, ok3 := parseCaptionOCR(joined3, ocr); wholeHit(h3, ok3) {
				cells = append(cells, [2]int{j, k})
				hj, ok, joined, j, k, nx = h3, true, joined3, j3, k3, v.Lines[j3]
			}
		}
	}
	if wholeHit(hj, ok) && !slices.ContainsFunc(hj.entries, func(e lexEntry) bool { return !e.period }) {
		// "Prüfende/Date" / "Testing" / "Completed": a period's caption
		// a third line makes one end's
		if j3, k3, _, ok3 := wrapLine(v, j, nx.Cells[k]); ok3 && !wholeHit(parseCaptionOCR(v.Lines[j3].Cells[k3].Text, ocr)) {
			joined3 := joined + " " + strings.TrimSpace(v.Lines[j3].Cells[k3].Text)
			if h3, ok3 := parseCaptionOCR(joined3, ocr); wholeHit(h3, ok3) && len(h3.entries) < len(hj.entries) && sharesField(h3.entries, hj.entries) {
				cells = append(cells, [2]int{j, k})
				hj, ok, joined, j, k, nx = h3, true, joined3, j3, k3, v.Lines[j3]
			}
		}
	}
	cells = append(cells, [2]int{j, k})
	if !wholeHit(hj, ok) {
		return capHit{}, nil, false
	}
	if h2, ok := parseCaptionOCR(nx.Cells[k].Text, true); ok && h2.rest == "" && sameFields(h2.entries, hj.entries) {
		if loose && !splitWord(c.Text, nx.Cells[k].Text, hj.entries) {
			// the second line a line spacing down is a caption of its
			// own that the first adds nothing to ("NAME" over "SAMPLE")
			return capHit{}, nil, false
		}
		if hc, ok := parseCaptionOCR(c.Text, true); ok && ln.Path == labrelay.PathOCR && k+1 < len(nx.Cells) && !sharesField(hc.entries, hj.entries) {
			// a scan's garbled caption of another field ("JOD NO." for
			// "Job No.") over a whole caption, each beside its value:
			// two pairs
			return capHit{}, nil, false
		}
	}
	if k+1 < len(nx.Cells) && twoPairs(c.Text, nx.Cells[k].Text, joined) {
		return capHit{}, nil, false
	}
	if addressStartsBeside(v, i, ci, hj) {
		// "APPLICANT" over "ADDRESS", the address starting beside the
		// first line: the first line's value is the address's
		hj.cont = &[2]int{j, k}
		return hj, cells, true
	}
	if ha, ok := parseCaption(c.Text); ok && ha.rest == "" && sameFields(ha.entries, hj.entries) {
		return capHit{}, nil, false // the second line adds nothing
	} else if ok && ha.rest == "" {
		for _, e := range ha.entries {
			if !e.weak && pairValue(v, df, i, ci, ha, e) != nil {
				return capHit{}, nil, false // a caption of its own with its value
			}
		}
	}
	if kh, ok := keywordCaption(c.Text); ok && !sameFields(kh.entries, hj.entries) {
		// ("Address of" over "Applicant" is one caption, not two)
		for _, e := range kh.entries {
			if pairValue(v, df, i, ci, kh, e) != nil {
				return capHit{}, nil, false // "Client Company" with its value
			}
		}
	}
	hj.cont = &[2]int{j, k}
	return hj, cells, true
}

// namesOtherThing reports a caption whose part after a slash is a whole
// caption of something the record does not carry ("担当者 /Attention"),
// and no field's caption begins with ("PRÜFVERFAHREN/TEST" may go on to
// "STANDARD(S)").
func namesOtherThing(t string) bool {
	i := strings.LastIndexAny(t, "/／")
	if i < 0 {
		return false
	}
	k := capKey(t[i+1:])
	return k != "" && captionKeys()[k] && len(lexicon()[k]) == 0 && !captionStarts()[k]
}

// captionStarts holds the first words of every field's captions
// ("test" of "test standard"): a part that may go on to one.
var captionStarts = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	for k := range lexicon() {
		ws := strings.Fields(k)
		for n := 1; n < len(ws); n++ {
			m[strings.Join(ws[:n], " ")] = true
		}
	}
	return m
})

// splitWord reports a first caption line whose last words begin the
// caption the second line ends ("Bestell-Nr. Purchase" over "Order No."):
// the second line is no caption of its own then.
func splitWord(first, second string, es []lexEntry) bool {
	h, ok := parseCaptionOCR(first, true)
	if !ok || h.rest == "" {
		return false
	}
	h2, ok := parseCaptionOCR(h.rest+" "+second, true)
	return ok && h2.rest == "" && sameFields(h2.entries, es) && len(captionFields(capKey(h.rest+" "+second))) > 0
}

// wholeHit reports a parsed caption with no value and no caption after
// it: what a wrapped caption's lines make.
func wholeHit(h capHit, ok bool) bool {
	return ok && h.rest == "" && h.tail == "" && len(h.entries) > 0
}

// wrapLine finds the cell of the line after line i that may go on with
// caption cell c: tight under it, or on a scan a loose wrap (looseWrap),
// at its left edge, no digit, four words at most.
func wrapLine(v *view, i int, c cell) (j, k int, loose, ok bool) {
	ln := v.Lines[i]
	j = i + 1
	if j >= len(v.Lines) {
		return 0, 0, false, false
	}
	nx := v.Lines[j]
	h, bottom := captionEm(ln, c)
	loose = nx.Box.Y-bottom > 0.6*h
	// a caption ending in a preposition goes on ("Address of" a little
	// more than tight over "Applicant /")
	open := openEnded(c.Text) && nx.Box.Y-bottom <= 0.9*h
	if nx.Page != ln.Page || loose && !open && !(ln.Path == labrelay.PathOCR && looseWrap(ln, nx, c, nx.Box.Y-bottom, h)) {
		return 0, 0, false, false
	}
	k = -1
	for kk, b := range nx.Cells {
		if math.Abs(b.Box.X-c.Box.X) <= alignTol(ln, c) {
			k = kk
		}
	}
	if k < 0 || reHasDigit.MatchString(nx.Cells[k].Text) || len(strings.Fields(nx.Cells[k].Text)) > 4 {
		return 0, 0, false, false
	}
	return j, k, loose, true
}

// looseWrap reports a scan's caption line c (of line ln) whose wrapped
// second line is nx, a line spacing (1.2 em) or less below it rather
// than tight: nx is that one cell alone, with no value beside it or with
// the next line of c's value ("Anschrift des" over "Auftraggebers
// Applicant", the address on two lines beside them) or of the grid's
// next caption ("PRODUCTO ITEM" over "DESCRIPTION" beside "N.º DE
// PIEZA" over "TYPE/MODEL"), and c alone is no
// caption, or one with a word after it ("Teilenummer Part" over
// "Number", "Adresse Address of" over "Applicant"), or one over an
// address caption with an address beside it ("CLIENT" over "ADDRESS").
// A caption line with its value below ("Client Name" beside its name) is
// no second line.
func looseWrap(ln, nx line, c cell, gap, em float64) bool {
	// in a grid, the other column's cells left of the caption are that
	// column's ("GmbH" under its name beside "CLIENT" over "ADDRESS")
	nx.Cells = slices.DeleteFunc(slices.Clone(nx.Cells), func(b cell) bool { return b.Box.X+b.Box.W < c.Box.X-alignTol(ln, c) })
	if gap > 1.2*em || len(nx.Cells) > 2 || len(nx.Cells) == 2 && !valueGoesOn(ln, nx, c) && !captionGoesOn(ln, nx, c) {
		return false
	}
	h, ok := parseCaptionOCR(c.Text, true)
	if ok && h.rest == "" && len(nx.Cells) > 0 && isAddressCaption(nx.Cells[0].Text) {
		// "CLIENT" over "ADDRESS", an address beside the first: one
		// caption, whole as "CLIENT" is
		for _, b := range ln.Cells {
			if b.Box.X > c.Box.X+c.Box.W {
				return reAddressWord.MatchString(b.Text) && reHasDigit.MatchString(b.Text) && !reOrg.MatchString(b.Text)
			}
		}
	}
	return !ok || h.rest != ""
}

// valueGoesOn reports a second cell of line nx that starts where the
// value right of caption c on line ln starts: that value's next line.
func valueGoesOn(ln, nx line, c cell) bool {
	for _, v := range ln.Cells {
		if v.Box.X > c.Box.X+c.Box.W {
			return math.Abs(nx.Cells[1].Box.X-v.Box.X) <= alignTol(ln, v)
		}
	}
	return false
}

// captionGoesOn reports a second cell of line nx that starts where a
// caption right of caption c's value on line ln starts: that caption's
// next line, in a grid of captions and values.
func captionGoesOn(ln, nx line, c cell) bool {
	for k, b := range ln.Cells {
		if k == 0 || b.Box.X <= c.Box.X+c.Box.W || math.Abs(nx.Cells[1].Box.X-b.Box.X) > alignTol(ln, b) {
			continue
		}
		if _, ok := parseCaptionOCR(b.Text, true); ok && ln.Cells[k-1].Box.X > c.Box.X+c.Box.W {
			return true // a value between: the caption is the grid's next
		}
	}
	return false
}

// misreadUnder reports cell ci of line i, on a scan, as a caption OCR
// misread right under the applicant's caption (cell ac of line a): the
// next line, at its left edge, short, no caption and no value.
func misreadUnder(v *view, a, ac, i, ci int) bool {
	if i != a+1 || a < 0 || ci+1 >= len(v.Lines[i].Cells) {
		return false
	}
	ln, c, ca := v.Lines[i], v.Lines[i].Cells[ci], v.Lines[a].Cells[ac]
	if ln.Path != labrelay.PathOCR || math.Abs(c.Box.X-ca.Box.X) > alignTol(ln, c) || utf8.RuneCountInString(c.Text) > 12 || reHasDigit.MatchString(c.Text) {
		return false
	}
	_, known := parseCaptionOCR(c.Text, true)
	return !known && !captionKeys()[capKey(c.Text)]
}

// captionEm is caption cell c's font size and the bottom of its line of
// letters. On a scan a cell's box holds its ink only, and one glyph
// that descends ("J" of "JOD") would move both: the median of its words'
// ems, and of the bottoms of its words without descenders.
func captionEm(ln line, c cell) (em0, bottom float64) {
	if ln.Path != labrelay.PathOCR || len(c.words) == 0 {
		return em(line{Box: c.Box, Text: c.Text, Path: ln.Path}), c.Box.Y + c.Box.H
	}
	var ems, bottoms, all []float64
	for _, w := range c.words {
		ems = append(ems, em(line{Box: w.Box, Text: w.Text, Path: ln.Path}))
		all = append(all, w.Box.Y+w.Box.H)
		if !strings.ContainsAny(w.Text, descenders+"JQ,") { // DejaVu's J and Q descend
			bottoms = append(bottoms, w.Box.Y+w.Box.H)
		}
	}
	if len(bottoms) == 0 {
		bottoms = all
	}
	return median(ems), median(bottoms)
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2
	}
	return s[len(s)/2]
}

// addressStartsBeside reports a caption wrapped over two lines that
// names the applicant's address ("Customer" over "Address") with an
// address starting right of its first line: a street, floor or building,
// not a company's name ("Client | ACME Ltd" over "Address | 5 Road" are
// two pairs).
func addressStartsBeside(v *view, i, ci int, hj capHit) bool {
	if !hasField(hj.entries, labrelay.FieldApplicantAddress) {
		return false
	}
	for _, cd := range placements(v, i, ci, labrelay.FieldApplicantAddress) {
		if cd.how == "right" {
			return reAddressWord.MatchString(cd.value) && reHasDigit.MatchString(cd.value) && !reOrg.MatchString(cd.value)
		}
	}
	return false
}

// twoPairs reports a caption no one knows ("Ursprungsland") over one the
// lexicon knows alone ("Prüfdatum"), which has a value beside it, that the
// two only make one of by splitting it again: two captions, unless
// written as one caption.
func twoPairs(first, second, joined string) bool {
	if _, ok := parseCaption(first); ok {
		return false
	}
	if strings.HasPrefix(strings.TrimSpace(second), "/") {
		return false // the caption's other form, wrapped at its slash
	}
	if _, ok := keywordCaption(first); ok {
		return false
	}
	h, ok := parseCaption(second)
	if !ok || strings.TrimSpace(h.rest) != "" {
		return false
	}
	// "PRÜFVERFAHREN/TEST" over "STANDARD(S)": the last form wraps
	parts := strings.FieldsFunc(first, func(r rune) bool { return r == '/' || r == '／' })
	tail := ""
	if len(parts) > 1 {
		tail = parts[len(parts)-1] + " " + second
	}
	return len(lexicon()[capKey(joined)]) == 0 && len(lexicon()[capKey(tail)]) == 0
}

// sharesField reports whether a and b name a field alike.
func sharesField(a, b []lexEntry) bool {
	for _, x := range a {
		for _, y := range b {
			if x.field == y.field {
				return true
			}
		}
	}
	return false
}

func sameFields(a, b []lexEntry) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].field != b[i].field {
			return false
		}
	}
	return true
}

var reCapSep = lazyRegexp(`^(.{1,80}?)\s*(?:[:：]|\.{3,}|…+|·{3,}|_{3,})[\s.:：…·_]*(.*)$`)

// parseCaption recognises a caption at the start of a cell: "Report No.:
// X", "Report No. ....... X", "Report No." alone, "Report No. X".
func parseCaption(t string) (capHit, bool) { return parseCaptionOCR(t, false) }

// parseCaptionOCR is parseCaption that, for OCR text (ocr set), also
// accepts a caption misread by one character ("Rep0rt No.:").
func parseCaptionOCR(t string, ocr bool) (capHit, bool) {
	q := captionQuery{t, ocr}
	if a, ok := captionMemo.get(q); ok {
		return a.hit, a.ok
	}
	h, ok := parseCaptionText(t, ocr)
	captionMemo.put(q, captionAnswer{h, ok})
	return h, ok
}

func parseCaptionText(t string, ocr bool) (capHit, bool) {
	if m := reCapSep.FindStringSubmatch(t); m != nil {
		if idSuffix[capKey(m[2])] {
			// "Reference: No.": a speck read as a colon inside the caption
			if es := captionFields(capKey(t)); len(es) > 0 {
				return capHit{entries: es}, true
			}
		}
		es := captionFields(capKey(m[1]))
		if len(es) == 0 {
			es = compoundFields(m[1])
		}
		if len(es) == 0 && !captionKeys()[capKey(m[1])] {
			// a whole caption of something else ("Estado de la
			// muestra") is not split into one of a field ("muestra")
			es = splitCaption(strings.Fields(m[1]))
		}
		if ocr && (len(es) == 0 || allWeak(capHit{entries: es})) {
			// the caption's other language read as junk before it
			// may make a weak caption of its parts ("4/2 STYLE/ITEM
			// NO.": "ITEM NO."); what is left of the junk is surer
			if o := ocrCaption(m[1]); len(es) == 0 || len(o) > 0 && !allWeak(capHit{entries: o}) {
				es = o
			}
		}
		if len(es) > 0 {
			rest, tail := beforeNextCaption(strings.TrimSpace(m[2]))
			if o, ok := strings.CutPrefix(rest, "/"); ok && tail == "" {
				// "Applicant: / 申请人": the caption's other language
				// after its colon, no value
				if ho, ok := parseCaptionOCR(strings.TrimSpace(o), ocr); wholeHit(ho, ok) && sharesField(ho.entries, es) {
					rest = ""
				}
			}
			if ocr && (strings.Contains(t, "…") || strings.Contains(t, "..")) && len([]rune(rest)) == 1 &&
				!strings.ContainsFunc(rest, isWordRune) {
				rest = "" // a leader's last dot read as a dash ("证书编号 .……-"); "No.: -" is a value
			}
			return capHit{entries: es, rest: rest, sep: true, tail: tail}, true
		}
		if captionKeys()[capKey(m[1])] {
			return capHit{}, false // a caption of something else
		}
	}
	k := capKey(t)
	if es := captionFields(k); len(es) > 0 {
		return capHit{entries: es}, true
	}
	// an unclosed bracket before a value's digits is the caption's
	// translation garbled, and the value after it ("Test Start Date
	// (开始日 10 December 2025"), not a bracketed part
	open := ocr && strings.Count(t, "(")+strings.Count(t, "（") > strings.Count(t, ")")+strings.Count(t, "）") && reValueDigits.MatchString(t)
	if h, ok := compoundThenValue(t); ok {
		return h, true
	}
	if es := compoundFields(t); len(es) > 0 && !open {
		return capHit{entries: es}, true
	}
	if captionKeys()[k] {
		return capHit{}, false // a caption of something else
	}
	if es := splitCaption(strings.Fields(t)); len(es) > 0 && !reHasDigit.MatchString(t) {
		return capHit{entries: es}, true
	}
	// a misread caption; one with digits after the longest caption it
	// starts with ("Testing Started (开始日 04/14/2026": the date is
	// its value)
	digits := reValueDigits.MatchString(t)
	if ocr && !digits {
		if es := ocrCaption(t); len(es) > 0 {
			return capHit{entries: es}, true
		}
	}
	// the longest caption the cell's words start with
	words := strings.Fields(t)
	if h, ok := hanCaptionThenValue(words, ocr); ok {
		return h, true
	}
	for n := min(len(words)-1, 6); n >= 1; n-- {
		pk := capKey(strings.Join(words[:n], " "))
		if !captionKeys()[pk] {
			// a compound caption before a value's digits
			// ("Analysenzeitraum 13.11.2024 ~ 18.11.2024")
			if rest := strings.Join(words[n:], " "); n <= 3 && unicode.IsDigit(firstRune(rest)) {
				es := captionFields(pk)
				if len(es) == 0 {
					es = splitCaption(words[:n])
				}
				if len(es) > 0 {
					return capHit{entries: es, rest: rest}, true
				}
			}
			continue
		}
		es := lexicon()[pk]
		rest := strings.Join(words[n:], " ")
		if ocr && reWordsBracket.MatchString(rest) {
			rest = "" // its translation, garbled ("Date (HAR EIMA)"): no value
		}
		if ocr && rest != "" && !reValueDigits.MatchString(rest) && sharesField(ocrCaption(rest), es) {
			rest = "" // its other language, misread ("Angewandte Normen Test Standardis)")
		}
		if m := reOpenBracketValue.FindStringSubmatch(rest); ocr && m != nil {
			rest = m[1] // "(开始日 10 December 2025": the translation, unclosed, then the value
		}
		sep := false
		if r := []rune(rest); ocr && len(r) > 1 && strings.ContainsRune(quoteMarks, r[0]) && (unicode.IsLetter(r[1]) || unicode.IsDigit(r[1])) &&
			!strings.ContainsAny(string(r[1:]), quoteMarks) {
			// "证书编号 “UV2571-61309": the colon read as a quote mark
			rest, sep = string(r[1:]), true
		}
		if m := reHanBracketValue.FindStringSubmatch(rest); ocr && m != nil && !captionKeys()[capKey(m[1])] {
			// "(试验报告书番号 ) 26/6200/CPT", "(结论 Sample does not
			// comply": the Han translation, closed or not, ends the
			// caption as a colon would
			rest, sep = m[1], true
		} else if m := reHanThenValue.FindStringSubmatch(rest); ocr && m != nil && !strings.ContainsFunc(strings.Join(words[:n], " "), text.IsCJK) &&
			!captionKeys()[capKey(m[1])] && len(strings.Fields(m[1])) >= 2 {
			// "Client Address 依顿者住所 Ist Floor, Tower A, …": a Latin
			// caption's Han half, read or misread, ends it as a colon would
			rest, sep = m[1], true
		}
		if len(es) == 0 || n == len(words)-1 && idSuffix[capKey(rest)] && !anyIDField(es) {
			return capHit{}, false // "Product Code": another caption, no value
		}
		return capHit{entries: es, rest: rest, sep: sep}, true
	}
	if ocr && digits {
		if es := ocrCaption(t); len(es) > 0 {
			return capHit{entries: es}, true
		}
	}
	return capHit{}, false
}

// compoundThenValue reads a bilingual caption and its value in one cell,
// no gap between them ("Peticionario/Client Ningbo Oakridge Rubber"):
// the part after the last slash starts with a caption and goes on with
// words that are none, the value, which starts with a capital or a
// digit. compoundFields would take those words for the caption's
// translation.
func compoundThenValue(t string) (capHit, bool) {
	i := strings.LastIndexAny(t, "/／")
	if i < 0 {
		return capHit{}, false
	}
	_, size := utf8.DecodeRuneInString(t[i:])
	last := t[i+size:]
	words := strings.Fields(last)
	if len(words) < 2 || captionKeys()[capKey(last)] || strings.ContainsAny(last, "(（[") {
		// (a bracket is the caption's translation: "Batch/Lot (N.° de lote)")
		return capHit{}, false
	}
	for n := min(len(words)-1, 4); n >= 1; n-- {
		if !captionKeys()[capKey(strings.Join(words[:n], " "))] {
			continue
		}
		es := compoundFields(t[:i+size] + strings.Join(words[:n], " "))
		rest := strings.Join(words[n:], " ")
		if len(es) == 0 {
			continue // "Address No." is a caption of something else
		}
		if r := firstRune(rest); captionKeys()[capKey(rest)] || utf8.RuneCountInString(rest) < 3 || !unicode.IsUpper(r) && !unicode.IsDigit(r) {
			return capHit{}, false // "Received on / Recibido el": the caption's own words
		}
		// the slash of a bilingual caption says where it ends, as a
		// colon would
		return capHit{entries: es, rest: rest, sep: true}, true
	}
	// the caption's other language, misread, then the value's number
	// ("ANALYSIS PERIOD / 测试日 05-Sep-2025 through 10-Sep-2025")
	for k := 1; k < len(words); k++ {
		if reCodeHead.MatchString(words[k]) && k+1 < len(words) && unicode.IsDigit(firstRune(words[k+1])) {
			// "Certificate Ref. / 番号 C-TR 2026 36 7334": the value's
			// own prefix, not the caption's junk
			rest := strings.Join(words[k:], " ")
			if es := compoundFields(t[:i+size] + strings.Join(words[:k], " ")); len(es) > 0 && anyIDField(es) {
				return capHit{entries: es, rest: rest, sep: true}, true
			}
		}
		if unicode.IsDigit(firstRune(words[k])) {
			rest := strings.Join(words[k:], " ")
			if es := compoundFields(t[:i+size] + strings.Join(words[:k], " ")); len(es) > 0 && (!allDates(es) || datesOnly(rest)) {
				return capHit{entries: es, rest: rest, sep: true}, true
			}
			break
		}
	}
	return capHit{}, false
}

// hanCaptionThenValue reads a scan's cell that is a Han caption, as
// printed or a character off (fuzzyCaption: "委托单位地" for 委托单位地址,
// its last character read into the value's first word), and a value in
// Latin letters or digits after it, no colon between them: the change of
// script parts them as a colon would. The value starts with a capital or
// a digit and is no caption. After a signatory's caption the value may
// be a Han name ("批准人 赵敏": OCR read the two as one cell).
func hanCaptionThenValue(words []string, ocr bool) (capHit, bool) {
	if !ocr || len(words) < 2 {
		return capHit{}, false
	}
	first, colon := words[0], false
	if han, ok := strings.CutSuffix(first, "1"); ok && eastAsianRun(han) && captionKeys()[capKey(han)] {
		// "发布日期1 9 August 2024": the colon read as a one
		first, colon = han, true
	}
	if !eastAsianRun(first) {
		return capHit{}, false
	}
	rest := strings.Join(words[1:], " ")
	r := firstRune(rest)
	hanName := !colon && strings.ContainsFunc(rest, text.IsCJK) && personLike(rest) && !strings.ContainsAny(rest, hanNotName)
	if !unicode.IsDigit(r) && !(unicode.IsUpper(r) && unicode.Is(unicode.Latin, r)) && !hanName ||
		strings.ContainsFunc(rest, text.IsCJK) && !hanName || captionKeys()[capKey(rest)] || len(ocrCaption(rest)) > 0 {
		return capHit{}, false
	}
	k := capKey(first)
	es := lexicon()[k]
	if !captionKeys()[k] {
		es = fuzzyCaption(k)
	}
	if hanName && slices.ContainsFunc(es, func(e lexEntry) bool { return e.field != labrelay.FieldSignatoryName }) {
		return capHit{}, false
	}
	if len(es) == 0 || colon && (!allDates(es) || !datesOnly(rest)) {
		// elsewhere the one may be the value's first digit
		return capHit{}, false
	}
	return capHit{entries: es, rest: rest, sep: !colon}, true
}

// hanNotName are characters of the words a signatory's caption has
// beside it that are no name: 签名 (signature), 盖章 (seal), 日期 (date).
const hanNotName = "签章日期"

// reCodeHead is a code's prefix of capitals parted by a hyphen or a
// slash ("C-TR", "SC/TR"): no caption's word.
var reCodeHead = lazyRegexp(`^[A-Z]{1,5}[-/][A-Z]{1,5}-?$`)

// allDates reports entries that are all of date fields.
func allDates(es []lexEntry) bool {
	return !slices.ContainsFunc(es, func(e lexEntry) bool { return !dateField[e.field] })
}

// strictInline reports a value after its caption with no colon that
// only a value of the field looks like: a date, a standard's code
// ("NORMAS APLICADAS EN 1186-9:2002", a scan's gap lost), an address.
func strictInline(field, value string) bool {
	switch {
	case dateField[field]:
		return reValueDigits.MatchString(value)
	case field == labrelay.FieldTestStandards:
		f := strings.Fields(value)
		return len(f) > 1 && reStandardBody.MatchString(f[0]) && unicode.IsDigit(firstRune(f[1]))
	case field == labrelay.FieldApplicantAddress:
		// "ADDRESS OF APPLICANT Unit 36, Plant 4, 1760 Avenida del
		// Puerto, …": parts and a number, no title's words
		r := firstRune(value)
		return (unicode.IsDigit(r) || unicode.IsUpper(r)) && strings.Count(value, ",") >= 2 && reHasDigit.MatchString(value)
	}
	return false
}

// splitCaptionCells reads cells ci and ci+1 of a scan's line as one
// caption: a word that is none alone, and a cell that is none alone
// either, a word space apart, whose join is a whole caption ("Testing ¦
// Period:").
func splitCaptionCells(ln line, ci int) (capHit, bool) {
	if ln.Path != labrelay.PathOCR || ci+2 >= len(ln.Cells) {
		return capHit{}, false
	}
	a, b := ln.Cells[ci], ln.Cells[ci+1]
	if strings.Contains(strings.TrimSpace(a.Text), " ") || b.Box.X-(a.Box.X+a.Box.W) > 2*math.Max(a.Box.H, b.Box.H) {
		return capHit{}, false
	}
	if _, ok := parseCaptionOCR(a.Text, true); ok {
		return capHit{}, false
	}
	if _, ok := parseCaptionOCR(b.Text, true); ok {
		return capHit{}, false
	}
	h, ok := parseCaptionOCR(a.Text+" "+b.Text, true)
	if !ok || h.rest != "" || h.tail != "" {
		return capHit{}, false
	}
	return h, true
}

// reWordsBracket is a bracket of words alone, no digit: a caption's
// qualifier or translation, never a value.
var reWordsBracket = lazyRegexp(`^[(（][^()（）\d]+[)）][\s:：.…]*$`)

// reHanBracketValue is a bracket of Han, closed or not, then a value
// that starts with a digit or a Latin capital.
var reHanBracketValue = lazyRegexp(`^[(（][\p{Han}\s]+[)）]?\s*([\d\p{Lu}].*)$`)

// reHanThenValue is a run of Han, then a value that starts with a digit
// or a Latin capital.
var reHanThenValue = lazyRegexp(`^\p{Han}{2,8}\s+([\d\p{Lu}].*)$`)

// reOpenBracketValue is an unclosed bracket of words, no digit, then a
// value starting with a digit.
var reOpenBracketValue = lazyRegexp(`^[(（][^()（）\d]+\s(\d.*)$`)

// reValueDigits are digits of a value after a caption: a date's or a
// number of two digits or more standing alone, not a digit OCR read in a
// caption's word ("emisi6n", "Rep0rt").
var reValueDigits = lazyRegexp(`\d[/.\-]\d|(?:^|\s)\d{2,}`)

// beforeNextCaption cuts a value where a second caption-and-value pair
// starts in the same cell: "RT-1 Date: 2024-01-05" → "RT-1".
func beforeNextCaption(rest string) (string, string) {
	if !strings.ContainsAny(rest, ":：") {
		return rest, ""
	}
	words := strings.Fields(rest)
	for k := 1; k < len(words); k++ {
		if tail := strings.Join(words[k:], " "); startsWithCaption(tail) {
			return strings.Join(words[:k], " "), tail
		}
	}
	return rest, ""
}

// startsWithCaption reports whether a cell is a caption followed by its own
// value ("Date: 2026-01-02"): another field's pair, not a value.
func startsWithCaption(t string) bool {
	m := reCapSep.FindStringSubmatch(t)
	return m != nil && captionKeys()[capKey(m[1])]
}

// notValue reports whether a cell can never be a value: a caption of any
// field in any language, a caption with its value, a lone separator.
func notValue(t string) bool {
	t = strings.TrimSpace(t)
	return t == "" || isSeparator(t) || isCaptionText(t) || isLabelish(t) || startsWithCaption(t) || keywordCaptionValue(t) || languageTag(t) || openEnded(t) || numberCaption(t)
}

// numberCaption reports words without a digit ending in a number's mark:
// a caption of some number ("Lab Job No.", "Order #"), no value.
func numberCaption(t string) bool {
	return len(strings.Fields(t)) >= 2 && !reHasDigit.MatchString(t) && reNumberCaption.MatchString(t)
}

// openEnded reports a short text of words only that ends with a
// preposition or an article: a caption wrapped over two lines ("PERIODO
// DE" over "ANALISIS", "Origen Made in"), no value. A value's first line
// may end so too ("5th Floor, Plant 4, Science and", "Brightwave S.A.
// de"): it has digits, commas or periods, or more words.
func openEnded(t string) bool {
	ws := strings.Fields(t)
	return len(ws) > 0 && len(ws) <= 3 && !strings.ContainsAny(t, ",.0123456789") && openWords[strings.ToLower(ws[len(ws)-1])]
}

var openWords = wordSet(`de del la las los of the in for to and der des du von und per`)

// gread is one value the generic reader found.
type gread struct {
	value string
	cand  candidate
	conf  float64
	why   string
	weak  bool    // read under a weak caption
	at    *[2]int // the caption's line and cell (nil: read without one)
}

// genericReading is what the generic reader found: per field, the value it
// trusts most, and the fields it saw conflicting values for.
type genericReading struct {
	fields   map[string]*gread
	conflict map[string]string
	// translated: the field was read in two languages (a bilingual form),
	// which a pack may settle as taught
	translated map[string]bool
	// split: two different readings of the field a few lines apart, as
	// one value wrapped beside two captions (or a caption and its
	// translation) reads
	split map[string]bool
	trace []string
	// all are the readings in the order read, as first read (add
	// merges them): a learned pack re-reads them (screenGeneric)
	all []fieldReading
}

// brokenSentence reports an OCR line that is a sentence a photo's word
// spaces broke into cells ("The ¦ sample ¦ was ¦ tested ¦ as ¦
// received."): five cells or more of one word each, two thirds of them
// small, ending in a stop. No caption stands in it ("sample" ¦ "was").
func brokenSentence(ln line) bool {
	if ln.Path != labrelay.PathOCR || len(ln.Cells) < 5 || !strings.HasSuffix(strings.TrimSpace(ln.Text), ".") {
		return false
	}
	small := 0
	for _, c := range ln.Cells {
		t := strings.TrimSpace(c.Text)
		if strings.ContainsRune(t, ' ') {
			return false
		}
		if r, _ := utf8.DecodeRuneInString(t); unicode.IsLower(r) {
			small++
		}
	}
	return 3*small >= 2*len(ln.Cells)
}

// readGeneric reads every captioned field of a document.
func readGeneric(v *view, df *docFuncs) *genericReading {
	g := &genericReading{fields: map[string]*gread{}, conflict: map[string]string{}, translated: map[string]bool{}, split: map[string]bool{}}
	skip := tableHeaderLines(v)
	used := map[[2]int]bool{} // second lines of wrapped captions
	for i, ln := range v.Lines {
		if skip[i] || brokenSentence(ln) {
			continue
		}
		bare := false // the previous cell is a caption alone: this is its value
		for ci, c := range ln.Cells {
			if used[[2]int{i, ci}] {
				bare = false
				continue
			}
			text := c.Text
			if cc, ok := v.centredCaptions()[[2]int{i, ci}]; ok {
				// a caption wrapped around its centred value
				// ("CERTIFICATE" | value | "NUMBER")
				for _, at := range cc.rest {
					used[at] = true
				}
				if h, ok := parseCaption(cc.text); ok && (strings.TrimSpace(h.rest) == "" || bracketTail(h.rest)) {
					h.rest = "" // a misread bracketed half ends it (fragment)
					g.pairAll(v, df, i, ci, h)
				} else if h, ok := keywordCaption(cc.text); ok && strings.TrimSpace(h.rest) == "" {
					g.pairAll(v, df, i, ci, h)
				}
				bare = false
				continue
			}
			if h, cells, ok := wrappedCaption(v, df, i, ci); ok {
				paired := false
				for _, e := range h.entries {
					if r := pairValue(v, df, i, ci, h, e); r != nil {
						g.add(e.field, r)
						paired = true
					}
				}
				for _, at := range cells {
					if _, own := v.centredCaptions()[at]; paired || !own {
						// a garbled line over a caption centred on its
						// value ("歼 量" over "Certificate No. /") leaves
						// it that caption when it read nothing
						used[at] = true
					}
				}
				bare = false
				continue
			}
			if h, ok := splitCaptionCells(ln, ci); ok {
				// "Testing ¦ Period:": a caption OCR parted at a wide
				// word space; its value is right of its second cell
				g.pairAll(v, df, i, ci+1, h)
				used[[2]int{i, ci + 1}] = true
				bare = false
				continue
			}
			if partOfOtherCaption(v, i, ci) || otherLanguage(v, i, ci) {
				bare = false
				continue
			}
			if bare {
				// "Lot: | LOT 2512/173": the value may start like a caption
				if h, ok := parseCaptionOCR(text, ln.Path == labrelay.PathOCR); ok && h.rest != "" && !h.sep {
					bare = false
					continue
				}
			}
			wasBare := bare
			bare = false
			for n := 0; text != "" && n < 4; n++ {
				h, ok := parseCaptionOCR(text, ln.Path == labrelay.PathOCR)
				if ok && n == 0 && allWeak(h) && ln.Path != labrelay.PathOCR {
					// "N.º de pieza part number": a word naming the field
					// says more than a weak "number"
					if kh, kok := keywordCaption(text); kok && !sameFields(kh.entries, h.entries) {
						h = kh
					}
				}
				if (!ok || !g.pairAll(v, df, i, ci, h)) && n == 0 && !wasBare && ln.Path != labrelay.PathOCR {
					// wording the lexicon lacks ("Client Company")
					if kh, kok := keywordCaption(text); kok && g.pairAll(v, df, i, ci, kh) {
						h, ok = kh, true
					}
				}
				if !ok {
					break
				}
				bare = h.rest == ""
				text = h.tail
			}
		}
	}
	g.contextual(v, df, skip)
	g.certificateNumber(v)
	if _, ok := g.fields[labrelay.FieldOverallResult]; !ok {
		if r := conclusionSentence(v); r != nil {
			g.add(labrelay.FieldOverallResult, r)
		}
	}
	return g
}

// allWeak reports a caption hit whose every field is a weak one.
func allWeak(h capHit) bool {
	for _, e := range h.entries {
		if !e.weak {
			return false
		}
	}
	return len(h.entries) > 0
}

// pairAll pairs caption h (cell ci of line i) with a value for each field
// it names, and says whether any was found.
func (g *genericReading) pairAll(v *view, df *docFuncs, i, ci int, h capHit) bool {
	found := false
	for _, e := range h.entries {
		if r := pairValue(v, df, i, ci, h, e); r != nil {
			g.add(e.field, r)
			found = true
		}
	}
	return found
}

// add keeps the strongest reading of a field; two different values, each
// near the strongest, make the field a conflict.
func (g *genericReading) add(field string, r *gread) {
	g.trace = append(g.trace, fmt.Sprintf("%s = %q (%.2f, %s)", field, r.value, r.conf, r.why))
	first := *r
	g.all = append(g.all, fieldReading{field, &first})
	old := g.fields[field]
	switch {
	case old == nil:
		g.fields[field] = r
	case sameValue(old.value, r.value):
		old.conf = math.Min(confGenericMax, math.Max(old.conf, r.conf)+confAgree)
		old.weak = old.weak && r.weak // a strong caption read it too
	case listField[field] && nested(old.value, r.value) && r.cand.page == old.cand.page:
		// the tail of a list read again from a wrapped caption's second
		// line: the longer reading holds it
		if len(r.value) > len(old.value) {
			g.fields[field] = r
		}
	case field == labrelay.FieldTestStandards && r.cand.page > old.cand.page && subset(strings.Split(r.value, "; "), strings.Split(old.value, "; ")):
		// a later page's note on some rows ("Test method: IEC 62321-8")
		// names part of the cover's list: the cover's holds
	case field == labrelay.FieldTestStandards && r.cand.page == old.cand.page && abs(r.cand.line-old.cand.line) <= 3 && disjoint(old.value, r.value):
		// one list under a caption split over lines ("检测方法" over
		// "Standards"), or two lists side by side ("Test Standard",
		// "Test Method"): the report applied both
		first, then := old, r
		if r.cand.line < old.cand.line {
			first, then = r, old
		}
		m := *first
		m.value = first.value + "; " + then.value
		m.cand.value = m.value
		m.conf = math.Min(old.conf, r.conf)
		m.weak = old.weak || r.weak
		m.why += " and " + then.why
		g.fields[field] = &m
	case r.cand.page > old.cand.page+1 && field != labrelay.FieldOverallResult:
		// a later page's caption (a test item's own "Sample") does not
		// contest the cover's
	default:
		win, lose := old, r
		if translation(old.cand, r.cand) {
			// a bilingual report prints the field in both languages: the
			// record keeps the Latin one, whichever caption scored higher
			g.translated[field] = true
			if eastAsian(old.value) {
				win, lose = r, old
			}
		} else if old.weak != r.weak {
			// a field's own caption ("检测报告编号") over a weak one
			// ("JOB NO."), whichever value OCR read surer
			if old.weak {
				win, lose = r, old
			}
		} else if r.conf > old.conf {
			win, lose = r, old
		}
		g.fields[field] = win
		if lose.conf >= win.conf*0.9 && !sameLetters(lose.value, win.value) {
			g.conflict[field] = fmt.Sprintf("%q and %q", win.value, lose.value)
			if win.cand.page == lose.cand.page && abs(win.cand.line-lose.cand.line) <= 3 {
				g.split[field] = true
			}
		}
	}
}

// translation reports two readings that are one value in two languages:
// one East Asian, the other without a Han, kana or Hangul letter but
// with a word (a code, "C26-04417", translates no name), a few lines
// apart on one page.
func translation(a, b candidate) bool {
	if eastAsian(a.value) == eastAsian(b.value) || a.page != b.page || abs(a.line-b.line) > 3 {
		return false
	}
	latin := a.value
	if eastAsian(latin) {
		latin = b.value
	}
	return !strings.ContainsFunc(latin, text.IsCJK) && reLatinWord.MatchString(latin)
}

// reLatinWord is a word of three letters or more.
var reLatinWord = lazyRegexp(`\p{L}{3,}`)

// disjoint reports two standards lists that name no code alike.
func disjoint(a, b string) bool {
	for _, x := range strings.Split(a, "; ") {
		for _, y := range strings.Split(b, "; ") {
			if sameValue(x, y) {
				return false
			}
		}
	}
	return true
}

// listField are the fields whose values run over several lines.
var listField = map[string]bool{labrelay.FieldTestStandards: true, labrelay.FieldApplicantAddress: true}

// sameValue compares two readings of a field as printed values: case,
// width and punctuation aside.
func sameValue(a, b string) bool { return capKey(a) == capKey(b) }

// sameLetters reports two readings that differ only in punctuation or
// spacing (a hyphen read as U+2011 on one text path): not two values.
func sameLetters(a, b string) bool {
	return strings.ReplaceAll(capKey(a), " ", "") == strings.ReplaceAll(capKey(b), " ", "")
}

// pairValue finds the value of caption h (cell ci of line i) for one
// field, checks its type and scores it.
func pairValue(v *view, df *docFuncs, i, ci int, h capHit, e lexEntry) *gread {
	ln := v.Lines[i]
	c := ln.Cells[ci]
	var cands []candidate
	if cand, ok := v.centredValues()[[2]int{i, ci}]; ok && !misreadHalf(ln, ci, cand) {
		cands = append(cands, cand)
		if dateField[e.field] && h.rest == "" && h.cont == nil {
			// a date never wraps: a centred reading that took a line of
			// the next pair too ("… - Nov 17, 2024 Li Wei") fails its
			// type, and the cell beside the caption is the date
			for _, cd := range placements(v, i, ci, e.field) {
				if cd.how == "right" {
					cands = append(cands, cd)
				}
			}
		}
	} else if h.rest != "" {
		how := "inline"
		if !h.sep {
			how = "inline-nosep"
		}
		cand := candidate{value: h.rest, page: ln.Page, box: c.Box, unit: ln.Unit, conf: c.Conf, how: how, line: i}
		if ln.Path == labrelay.PathOCR && e.field == labrelay.FieldApplicantAddress {
			nextCells(ln, ci, &cand)
		}
		cands = append(cands, cand)
		if ln.Path == labrelay.PathOCR && (utf8.RuneCountInString(strings.TrimSpace(h.rest)) <= 2 || idField[e.field]) {
			// on a scan the rest may be a speck after leader dots or,
			// after a code's caption, its other language garbled ("DATE
			// RECEIVED .....0", "TYP PY PE/MODE"): the cell beside it is
			// the value then (a caption's words with more after them,
			// "Overall migration, 3%", are a table's row)
			for _, cd := range placements(v, i, ci, e.field) {
				if cd.how == "right" {
					cands = append(cands, cd)
				}
			}
		}
	} else if h.cont != nil {
		// a wrapped caption: its value is right of its first line or
		// below its last
		for _, cd := range placements(v, i, ci, e.field) {
			if cd.how == "right" {
				cands = append(cands, cd)
			}
		}
		for _, cd := range placements(v, h.cont[0], h.cont[1], e.field) {
			if cd.how != "right" {
				cands = append(cands, cd)
			}
		}
	} else {
		cands = placements(v, i, ci, e.field)
	}
	for k, cand := range cands {
		if cand.how == "inline-nosep" && !idField[e.field] && !strictInline(e.field, cand.value) {
			continue // "Laboratory Director" is a title, not "Laboratory: Director"
		}
		unwrapped := cand
		if cand.how == "centred" {
			// the block's geometry says which lines the value is
		} else if (e.field == labrelay.FieldApplicantAddress || e.field == labrelay.FieldTestStandards) && (cand.how != "inline-nosep" || strictInline(e.field, cand.value)) {
			before := cand.value
			continuationOf(v, &cand, e.field)
			if e.field == labrelay.FieldTestStandards && cand.how == "right" {
				standardsAbove(v, &cand)
			}
			if e.field == labrelay.FieldApplicantAddress && cand.how == "right" {
				addressAbove(v, &cand)
			}
			if cand.how == "inline" {
				inlineCentred(v, &cand, c, h.rest)
			}
			if cand.value == before && e.field == labrelay.FieldApplicantAddress && cand.how == "right" {
				// an address wrapped in a grid cell, beside the other
				// column's text or its own caption's second line
				wrapped(v, &cand, e.field)
				if cand.value == before {
					besideCaption(v, &cand, ln.Cells[ci], e.field)
				}
			}
		} else if wrapsField[e.field] && (cand.how == "right" || cand.how == "below" || cand.how == "stacked") {
			before := cand.value
			wrapped(v, &cand, e.field)
			if cand.value == before {
				besideCaption(v, &cand, ln.Cells[ci], e.field)
			}
		}
		readOn := cand.value != unwrapped.value && v.Lines[cand.line].Path == labrelay.PathOCR
		mendOCRCandidate(v, e.field, &cand)
		val, factor, ok := typeCheck(e, cand.value, df)
		if !ok && readOn {
			// read on into text that is no part of the value (the next
			// line's cell beside an unread caption): the cell alone, in
			// doubt whether it goes on
			cand = unwrapped
			mendOCRCandidate(v, e.field, &cand)
			cand.conf = math.Min(cand.conf, correctedConf)
			val, factor, ok = typeCheck(e, cand.value, df)
		}
		if !ok {
			continue
		}
		conf := placementConf[cand.how] * factor * cand.conf
		if e.weak {
			conf *= confWeakCaption
		}
		if offColumn(v, i, ci, cand) || idField[e.field] && cutShort(v, cand) {
			conf *= confOffColumn
		}
		if conf < confNothing && strings.HasPrefix(cand.how, "inline") && cand.line >= 0 && v.Lines[cand.line].Path == labrelay.PathOCR && k+1 < len(cands) {
			continue // an inline reading OCR gave no confidence: the cell beside it
		}
		return &gread{value: val, cand: cand, conf: math.Min(conf, confGenericMax), weak: e.weak, why: fmt.Sprintf("caption %q, %s", c.Text, cand.how), at: &[2]int{i, ci}}
	}
	return nil
}

// confOffColumn is the doubt left on a value that starts off its
// column's edge (offColumn).
const confOffColumn = 0.8

// offColumn reports a scan's value right of caption ci of line i that
// starts well right of the edge the values beside the captions above
// and below start at, though its caption ends before that edge: its
// first words may be lost ("fibre bowl" for "Bamboo fibre bowl", the
// caption printed into it).
func offColumn(v *view, i, ci int, cand candidate) bool {
	ln := v.Lines[i]
	if ln.Path != labrelay.PathOCR || cand.how != "right" || cand.line != i {
		return false
	}
	c := ln.Cells[ci]
	h := math.Max(ln.Box.H, 4)
	var xs []float64
	for j := max(0, i-4); j <= min(len(v.Lines)-1, i+4); j++ {
		if j == i || v.Lines[j].Page != ln.Page {
			continue
		}
		cs := v.Lines[j].Cells
		for k := 0; k+1 < len(cs); k++ {
			if math.Abs(cs[k].Box.X-c.Box.X) <= h/2 {
				xs = append(xs, cs[k+1].Box.X)
				break
			}
		}
	}
	for a := range xs {
		for b := a + 1; b < len(xs); b++ {
			if math.Abs(xs[a]-xs[b]) <= h/2 && c.Box.X+c.Box.W < xs[a] && cand.box.X-xs[a] > 1.5*h {
				return true
			}
		}
	}
	return false
}

// cutShort reports a scan's code read right of or inline with its
// caption after which its line holds one more cell only, two or three
// letters or digits ("AFID2678" … "5H"): the rest of a code a seal
// covers the middle of.
func cutShort(v *view, cand candidate) bool {
	if cand.line < 0 || cand.line >= len(v.Lines) {
		return false
	}
	ln := v.Lines[cand.line]
	if ln.Path != labrelay.PathOCR || cand.how != "right" && !strings.HasPrefix(cand.how, "inline") {
		return false
	}
	end := cand.box.X + cand.box.W
	var after []cell
	for _, c := range ln.Cells {
		if c.Box.X >= end-1 {
			after = append(after, c)
		}
	}
	if len(after) != 1 {
		return false
	}
	t := strings.TrimSpace(after[0].Text)
	n := utf8.RuneCountInString(t)
	return n >= 2 && n <= 3 && reAlnumOnly.MatchString(t) && after[0].Box.X-end <= 6*math.Max(ln.Box.H, 4)
}

// dateAfterJunk is the date after the junk a seal made of a date's
// caption on a scan, in cells of their own after cell ni of line ln
// (line i of the view) with no digit ("Issue Date / ¦ 张行日 ¦ own ¦ Apt
// 13, 2024"): the first cell with a digit of the next two, no caption
// before it, in doubt.
func dateAfterJunk(ln line, ni, i int) (candidate, bool) {
	for k := ni + 1; k < len(ln.Cells) && k <= ni+2; k++ {
		m := ln.Cells[k]
		if notValue(m.Text) || wholeCaption(m.Text) || junkLedCaption(m.Text) {
			break
		}
		if mt := strings.TrimSpace(strings.TrimLeft(m.Text, ":： .…")); reHasDigit.MatchString(mt) {
			return candidate{value: mt, page: ln.Page, box: m.Box, unit: ln.Unit, conf: math.Min(m.Conf, correctedConf), how: "right", line: i}, true
		}
	}
	return candidate{}, false
}

// reAlnumOnly is a token of Latin letters and digits only.
var reAlnumOnly = lazyRegexp(`^[A-Za-z0-9]+$`)

// quoteMarks are the quotes OCR reads a colon or a speck as.
const quoteMarks = "“”\"'‘’„«»"

// reTrailingDash is a dash alone after a value: a rule's end or a speck.
var reTrailingDash = lazyRegexp(`\s+[-–—]$`)

// mendOCRCandidate mends a candidate value read off a scan by its
// field's misreads: a code's glyphs, a method's, a name's speck, a
// product's case, a party's words. A mend caps its confidence.
func mendOCRCandidate(v *view, field string, cand *candidate) {
	if v.Lines[cand.line].Path != labrelay.PathOCR {
		return
	}
	mend := func(t string) {
		if t != cand.value {
			cand.value, cand.conf = t, math.Min(cand.conf, correctedConf)
		}
	}
	if idField[field] {
		mend(tidyFieldCode(field, cand.value))
	}
	if field == labrelay.FieldTestStandards {
		// the glyphs OCR misreads in a method cell ("JEC 62321")
		if t, ok := mendMethod(cand.value); ok {
			mend(t)
		}
	}
	if dateField[field] {
		mend(mendDateOCR(cand.value))
	}
	if field == labrelay.FieldSignatoryName {
		mend(japaneseName(dropNameSpeck(cand.value)))
	}
	if field == labrelay.FieldProductName {
		mend(respellDictWords(sentenceCaseOCR(reTrailingDash.ReplaceAllString(cand.value, ""))))
	}
	if titleField[field] {
		mend(mendPartyOCR(respellDictWords(respellNameWords(titleCaseOCR(cand.value)))))
	}
	if field == labrelay.FieldApplicantAddress {
		mend(mendAddressOCR(cand.value))
	}
	if field == labrelay.FieldLabName {
		for _, c := range v.Lines[cand.line].Cells {
			if strings.TrimSpace(c.Text) != cand.value {
				continue
			}
			if r, ok := letterheadCopies(v, cand.line, c); ok {
				mend(r)
			}
		}
	}
}

// reTrailingNA is a "N/A" after an address's last word: the next empty
// field's mark read on, no part of an address.
var reTrailingNA = lazyRegexp(`\s+N/?A\.?$`)

// mendAddressOCR drops what OCR read on past an address's end or before
// its start (a caption's other language garbled), and puts back the
// comma before its country.
func mendAddressOCR(s string) string {
	s = reTrailingNA.ReplaceAllString(s, "")
	if m := reHanLead.FindStringSubmatch(s); m != nil && (reAddressStart.MatchString(m[1]) || unicode.IsDigit(firstRune(m[1]))) {
		s = m[1] // "依 顿 者 No. 206 …": the caption's other language garbled before it
	}
	if m := reCountryEnd.FindStringSubmatch(s); m != nil && strings.Contains(m[1], ",") && countries[m[2]] {
		s = m[1] + ", " + m[2] // "70565 Stuttgart Germany": the comma a speck took
	}
	s = reAddressSign.ReplaceAllString(s, "$1$2") // "< 2130 Calle de la Industria": a speck
	if t := reStreetEszett.ReplaceAllString(s, "${1}ße$2"); t != s {
		s = respellNameWords(t) // "Industriestrae", "{ndustriestraKe"
	}
	s = rePostcodeSpace.ReplaceAllString(s, "$1-$2")   // "Osaka 530- 0001"
	s = reNoComma.ReplaceAllString(s, "${1}No. $2")    // "No, 163 Xinghu Street"
	s = reCommaStop.ReplaceAllString(s, ", ")          // "Road 169,.70565 Stuttgart"
	s = reSemicolonPart.ReplaceAllString(s, "$1, $2")  // "Industriestraße; Dongguan": a comma with a speck
	s = reFirstFloor.ReplaceAllString(s, "${1}1st $2") // "ist Floor"
	if m := reCountryStop.FindStringSubmatch(s); m != nil && countries[m[2]] {
		s = m[1] + m[2] // "Osaka 530-0001, Japan.": no address ends in a stop
	}
	s = reLeadQuote.ReplaceAllString(s, "$1") // "‘87-8 Chuangye Avenue": a speck, "， 广东省": a colon
	if m := reHanAddressEnd.FindStringSubmatch(s); m != nil && !strings.ContainsAny(m[2], "省市区县镇路街道号楼层室栋幢座元") {
		s = m[1] // "…建设路3号 As requested by the client": the next cell read on
	}
	return reQuoteBeforeWord.ReplaceAllString(s, "$1$2") // "NL 64000, ‘Mexico": a speck
}

// reLeadQuote is a quote or a comma before an address's first number or
// word: no address starts with either.
var reLeadQuote = lazyRegexp(`^[‘’“”'",，、]+(?:\s*)([\d\p{Lu}\p{Han}])`)

// reHanAddressEnd is a Chinese address to its street number, building,
// unit, floor and room, and what follows it.
var reHanAddressEnd = lazyRegexp(`^(.*?\p{Han}(?:路|街|道|巷|弄)\s*\d+(?:-\d+)?\s*号(?:\s*[A-Z]?\d*\s*(?:号楼|栋|幢|座|单元|楼|层|室))*)\s*(\S.*)$`)

// reNoComma is "No." with its stop read as a comma before a number;
// reCommaStop a speck read as a stop after a comma; reFirstFloor "1st"
// with its 1 read as a letter before a floor.
var (
	reNoComma    = lazyRegexp(`(^|\s)No,\s?(\d)`)
	reCommaStop  = lazyRegexp(`,\.\s?`)
	reFirstFloor = lazyRegexp(`(^|\s)[iIl|]st (Floor|floor|F\b)`)
	// reSemicolonPart is a semicolon between an address's parts: an
	// address prints none, a scan reads a comma and a speck so
	reSemicolonPart = lazyRegexp(`(\pL|\d);\s?(\p{Lu}|\d)`)
)

// reStreetEszett a German street's "straße" with its ß lost or
// read as a letter ("Industriestrae", "IndustriestraKe"); rePostcodeSpace
// a postcode's hyphen with a space read after it ("530- 0001");
// reCountryStop a country that ends the address with a speck's stop.
var (
	reStreetEszett  = lazyRegexp(`(\p{L}stra)(?:[KkB8βg]e|e)(\b|,)`)
	rePostcodeSpace = lazyRegexp(`(\s\d{3})- (\d{4},)`)
	reCountryStop   = lazyRegexp(`^(.*,\s)(\p{Lu}\p{Ll}+)\.$`)
)

// reQuoteBeforeWord is an opening quote glued to a capitalised word after
// a space: no address quotes its words.
var reQuoteBeforeWord = lazyRegexp(`(^|\s)['‘’"“”](\p{Lu})`)

// reHanLead is a run of East Asian glyphs, alone or spaced, before the
// rest of a value.
var reHanLead = lazyRegexp(`^(?:\p{Han}\s?)+\s(\S.*)$`)

// reCountryEnd is an address's last word after a word with no comma.
var reCountryEnd = lazyRegexp(`^(.*[\p{L}\d.])\s(\p{Lu}\p{Ll}+)$`)

// countries are the countries an address ends with, as reports name
// them.
var countries = wordSet(`China Germany Spain Mexico Korea Japan Vietnam Malaysia Thailand Taiwan Singapore India Indonesia
Philippines France Italy Netherlands Belgium Austria Switzerland Poland Czechia Turkey Brazil Canada Australia Sweden Denmark`)

// dateField are the fields that hold a date or a period.
var dateField = map[string]bool{labrelay.FieldIssueDate: true, labrelay.FieldReceivedDate: true,
	labrelay.FieldTestStartDate: true, labrelay.FieldTestEndDate: true}

// colonHalf reports a short East Asian run ending in a colon.
func colonHalf(t string) bool {
	t = strings.TrimSpace(t)
	h := strings.TrimRight(t, ":：")
	return h != t && eastAsianRun(h)
}

// misreadHalf reports a centred value on a scan that is a short East
// Asian run beside its caption with another cell after it on the line:
// the caption's other language misread ("Applicant Name | 依顿者 |
// Oakridge Fastener Ltd."), which placements steps over.
func misreadHalf(ln line, ci int, cand candidate) bool {
	return ln.Path == labrelay.PathOCR && ci+2 < len(ln.Cells) &&
		ln.Cells[ci+1].Text == cand.value && eastAsianRun(capKey(cand.value))
}

// reUnfinished ends a value that goes on: a comma, "No.", "&", a hyphen,
// a joining word.
var reUnfinished = lazyRegexp(`(?:,|\b(?:No|Nr)\.|&|-|\b(?:of|and|de|del|la|und))$`)

// reGoesOnFrom starts the rest of a value OCR parted at a wide word
// space: "&", a joining word ("Monterrey Silverline Cable" ¦ "& Wire
// Manufacturing LLC").
var reGoesOnFrom = lazyRegexp(`^(?:&|\+|and|und|of|de|del)\s+\S`)

// titleField are the fields whose values print their words capitalised:
// parties' names and addresses (titleCaseOCR).
var titleField = map[string]bool{
	labrelay.FieldApplicantName: true, labrelay.FieldManufacturerName: true, labrelay.FieldApplicantAddress: true,
	labrelay.FieldLabName: true,
}

// idField are the fields whose values are codes or dates: "Report No
// A123" may print without a separator; a name may not.
var idField = map[string]bool{
	labrelay.FieldReportNumber: true, labrelay.FieldPONumber: true, labrelay.FieldBatchNumber: true,
	labrelay.FieldModelNumber: true, labrelay.FieldIssueDate: true, labrelay.FieldReceivedDate: true,
	labrelay.FieldTestStartDate: true, labrelay.FieldTestEndDate: true,
}

// placements lists where a caption's value may stand, most likely first:
// right on the baseline, below in the caption's column band, and for a
// signatory above (a name typed over its title).
func placements(v *view, i, ci int, field string) []candidate {
	ln := v.Lines[i]
	c := ln.Cells[ci]
	var out []candidate
	h := math.Max(c.Box.H, 1)
	if ln.Path == labrelay.PathOCR {
		// a photo's bent line boxed a word a few pixels tall
		// ("Solicitante" 140×6): its characters' width says its size
		if n := utf8.RuneCountInString(c.Text); n > 0 {
			h = math.Max(h, 1.2*c.Box.W/float64(n))
		}
	}
	if ci+1 < len(ln.Cells) && !(ci+2 == len(ln.Cells) && ocrSpeck(ln, ln.Cells[ci+1].Text)) {
		// (a speck alone right of the caption, "Date(s) of Testing ¦ 、":
		// the value stands below)
		ni := ci + 1
		if n := ln.Cells[ni]; (isSeparator(n.Text) || ocrSpeck(ln, n.Text) || leaderCaption(n.Text)) && ci+2 < len(ln.Cells) {
			// a colon, on a scan a rule read as "|", a speck as a small
			// letter or a Han comma, a colon as ">", or the caption's
			// other language, misread, with its leader dots
			ni = ci + 2
		}
		if ln.Path == labrelay.PathOCR && ni+1 < len(ln.Cells) && (colonHalf(ln.Cells[ni].Text) ||
			(strings.HasSuffix(strings.TrimSpace(c.Text), "/") || notValue(ln.Cells[ni].Text)) && eastAsianRun(capKey(ln.Cells[ni].Text))) {
			// "Customer /" "依顿元:" "Penang …", "Sample Name" "试料名:"
			// "Paper Cup", "Report Ref. /" "试验报告书番号" "ZNY25-8317",
			// "Product" "试料名" "Kitchen tongs": the caption's other
			// language on its own cell; the value follows
			ni++
		}
		n := ln.Cells[ni]
		t := strings.TrimSpace(strings.TrimLeft(n.Text, ":： .…"))
		if notValue(n.Text) || notValue(t) || ln.Path == labrelay.PathOCR && (wholeCaption(n.Text) || junkLedCaption(n.Text)) {
			// the next cell is another caption: a row of captions, values below
		} else if n.Box.X-(c.Box.X+c.Box.W) < 30*h {
			t, box, conf := unfinished(ln, ni, t, math.Inf(1))
			if dateField[field] && ni+2 < len(ln.Cells) {
				// a period whose dash stands apart ("04-Jan-2026 ¦ - ¦
				// 06-Jan-2026")
				m, e := ln.Cells[ni+1], ln.Cells[ni+2]
				if p := t + " " + strings.TrimSpace(m.Text) + " " + strings.TrimSpace(e.Text); datesOnly(p) {
					t, box, conf = p, unionBox(box, e.Box), math.Min(conf, e.Conf)
				}
			}
			out = append(out, candidate{value: t, page: ln.Page, box: box, unit: ln.Unit, conf: conf, how: "right", line: i})
			// on a scan, a short East Asian run may be the caption's
			// other half misread ("Date Testing Completed ¦ 试骏终了日 ¦
			// 04/15/2026"): the cell after it is the value if this one
			// is none
			if ln.Path == labrelay.PathOCR && eastAsianRun(capKey(n.Text)) && ni+1 < len(ln.Cells) {
				m := ln.Cells[ni+1]
				if mt := strings.TrimSpace(strings.TrimLeft(m.Text, ":： .…")); !notValue(m.Text) && mt != "" {
					out = append(out, candidate{value: mt, page: ln.Page, box: m.Box, unit: ln.Unit, conf: m.Conf, how: "right", line: i})
				}
			}
			if ln.Path == labrelay.PathOCR && dateField[field] && !reHasDigit.MatchString(t) {
				if d, ok := dateAfterJunk(ln, ni, i); ok {
					out = append(out, d)
				}
			}
			// a caption in a row of captions, the next column's caption
			// far right of it one the lexicon does not know ("Test Period
			// ... Scope") or OCR misread ("ANSCHRIFT APPLICANT ADORESS"):
			// its value may stand below, tried when the cell right fails
			// the field's type
			// ("Apolicant ¦ # Rey": the caption's other language garbled
			// on a scan, beside it, starts with a mark no value does)
			// ("Date Received ¦ 受 领日" over "2026/07/01": the caption's
			// other half misread, last on its line, its value below)
			// ("Ausstellungsda ¦ pate *" over "17.11.2025": a date's
			// caption, garbled under a seal, beside junk with no digit)
			if n.Box.X-(c.Box.X+c.Box.W) <= 4*h && !(ln.Path == labrelay.PathOCR && (markLead(n.Text) || eastAsianRun(capKey(n.Text)) && ni+1 == len(ln.Cells) ||
				dateField[field] && !reHasDigit.MatchString(t))) {
				return out
			}
		}
	}
	right := c.Box.X + c.Box.W
	if ci+1 < len(ln.Cells) {
		right = math.Max(right, ln.Cells[ci+1].Box.X-h)
	}
	gap := 2.5 * h
	if field == labrelay.FieldSignatoryName {
		gap = 5 * h // a signature stands between caption and name
	}
	gap += h - math.Max(c.Box.H, 1) // from the word's bottom, not its box's
	j, b := v.below(i, c.Box.X-h, right, gap)
	// a caption centred over its value, as a certificate prints them
	// ("Product" over "LED driver, 12 V"): the value's middle under the
	// caption's, its lines centred too
	stacked := b != nil && len(ln.Cells) == 1 && len(v.Lines[j].Cells) == 1 && centredOn(b.Box, c.Box, h) && math.Abs(b.Box.X-c.Box.X) > h/2 &&
		!pairLine(b.Text) && !startsWithCaption(b.Text) // (every line of "caption: value" lines is centred too)
	if b != nil && !stacked && !notValue(b.Text) && math.Abs(b.Box.X-c.Box.X) < 4*h && !leftCaption(v.Lines[j], b) {
		// in a grid of captions, the next caption's column holds its own
		// value: the value goes on only within its caption's
		end := math.Inf(1)
		if ci+1 < len(ln.Cells) {
			end = ln.Cells[ci+1].Box.X - h
		}
		k := slices.IndexFunc(v.Lines[j].Cells, func(o cell) bool { return o.Box == b.Box })
		t, box, conf := unfinished(v.Lines[j], k, strings.TrimLeft(b.Text, ":： "), end)
		out = append(out, candidate{value: t, page: v.Lines[j].Page, box: box, unit: v.Lines[j].Unit, conf: conf, how: "below", line: j})
	} else if stacked && !notValue(b.Text) {
		out = append(out, candidate{value: strings.TrimLeft(b.Text, ":： "), page: v.Lines[j].Page, box: b.Box, unit: v.Lines[j].Unit, conf: b.Conf, how: "stacked", line: j})
	}
	if field == labrelay.FieldSignatoryName {
		if j, a := v.above(i, c.Box.X-h, c.Box.X+c.Box.W+h, 2.5*h); a != nil && !notValue(a.Text) {
			out = append(out, candidate{value: a.Text, page: v.Lines[j].Page, box: a.Box, unit: v.Lines[j].Unit, conf: a.Conf, how: "above", line: j})
		}
	}
	return out
}

// centredOn reports a box whose middle is under another's, within a
// line's height h.
func centredOn(b, c labrelay.Box, h float64) bool {
	return math.Abs(b.X+b.W/2-(c.X+c.W/2)) <= math.Max(h, 3)
}

// datesOnly reports text that is a date or a period of two dates.
func datesOnly(t string) bool {
	t = strings.TrimSpace(t)
	if a, b, ok := normalize.SplitRange(t); ok {
		return anyOrderDate(a) && anyOrderDate(b)
	}
	return anyOrderDate(t)
}

// unfinished returns the value t of cell k of ln, its box and confidence,
// joined on a scan with the cells after it, up to x end, while it ends
// unfinished or the next cell starts as a value's rest (reGoesOnFrom):
// OCR parted the value at a wide word space ("Room 904, 11/F, No." "2
// Workshop, …"). A cell ending " /" is the grid's next caption
// in its first language ("Made in /"), not the value's.
func unfinished(ln line, k int, t string, end float64) (string, labrelay.Box, float64) {
	if k < 0 {
		return t, labrelay.Box{}, 0
	}
	box, conf := ln.Cells[k].Box, ln.Cells[k].Conf
	if ln.Path != labrelay.PathOCR {
		return t, box, conf
	}
	for k++; k < len(ln.Cells); k++ {
		m := ln.Cells[k]
		if !reUnfinished.MatchString(t) && !reGoesOnFrom.MatchString(strings.TrimSpace(m.Text)) {
			break
		}
		if notValue(m.Text) || wholeCaption(m.Text) || strings.HasSuffix(m.Text, " /") || m.Box.X-(box.X+box.W) > 4*math.Max(m.Box.H, 1) || m.Box.X >= end {
			break
		}
		t += " " + m.Text
		box, conf = unionBox(box, m.Box), math.Min(conf, m.Conf)
	}
	return t, box, conf
}

// nextCells appends to an address read inline in cell ci the cells OCR
// parted it into at a wide word space ("Address: Room 1521, … Export ¦
// Processing Zone, …"): each within one and a half line heights of the
// last, no caption; a column farther right is another value's.
func nextCells(ln line, ci int, cand *candidate) {
	for _, m := range ln.Cells[ci+1:] {
		h := math.Max(math.Max(m.Box.H, ln.Cells[ci].Box.H), 1)
		if m.Box.X-(cand.box.X+cand.box.W) > 1.5*h || notValue(m.Text) || wholeCaption(m.Text) || startsWithCaption(m.Text) {
			return
		}
		cand.value += " " + m.Text
		cand.box, cand.conf = unionBox(cand.box, m.Box), math.Min(cand.conf, m.Conf)
	}
}

// wholeCaption reports an OCR cell that is a field's caption and nothing
// else, read as the generic reader reads captions ("ISSUED ON (38478)",
// its translation misread): a row of captions, no value.
func wholeCaption(t string) bool { return wholeHit(parseCaptionOCR(t, true)) }

// reLeaderRun is a caption's leader dots at its end, its colon misread
// (".….…….,").
var reLeaderRun = lazyRegexp(`[.…·]{3,}[\s,;:：]*$`)

// reLeaderEnd is a caption's run of leader dots, and its colon.
var reLeaderEnd = lazyRegexp(`[.…·]{2,}\s*[:：]?\s*$`)

// leaderCaption reports whether a cell is words without a digit ended by
// leader dots: a caption ("试骏报告书番号 .…."), not a value.
func leaderCaption(t string) bool {
	loc := reLeaderEnd.FindStringIndex(t)
	return loc != nil && loc[0] > 0 && strings.TrimSpace(t[:loc[0]]) != "" && !reHasDigit.MatchString(t[:loc[0]])
}

// leftCaption reports whether the cell left of b on its line is a caption
// whose value b is: then b is not the value of the caption above. A
// caption whose own cell goes on with a number ("No. 230 Minami-Semba,")
// has its value there; one that goes on with words may be a table's
// item ("Overall migration, …" beside its method) and claims b.
func leftCaption(ln line, b *cell) bool {
	for k := range ln.Cells {
		if &ln.Cells[k] == b && k > 0 {
			p := ln.Cells[k-1].Text
			h, ok := parseCaption(p)
			if r, _ := utf8.DecodeRuneInString(strings.TrimSpace(h.rest)); ok && unicode.IsDigit(r) {
				return isLabelish(p)
			}
			return ok || isLabelish(p)
		}
	}
	return false
}

// tableHeaderLines marks the header rows of result tables: their cells
// are column names, not captions of record fields.
func tableHeaderLines(v *view) map[int]bool {
	out := map[int]bool{}
	for i, ln := range v.Lines {
		kinds := map[int]bool{}
		for _, c := range ln.Cells {
			if strings.Count(c.Text, ",") >= 2 {
				continue // a list or an address ("Unit 5, Plant 4, …"), no column's caption
			}
			if k := headerKind(genericTable, c.Text); k != colUnknown && k != colIgnore {
				kinds[k] = true
			}
		}
		// three kinds of column: "Test Requested | … | Test Item" is a
		// row of captions, not a header
		if len(kinds) >= 3 {
			out[i] = true
		}
	}
	return out
}

var reConclusionPass = lazyRegexp(`(?i)\b(?:samples?|products?|items?|specimens?|parts?|characteristics?|all|it|they|results?|equipment|devices?|articles?|materials?)\b(?:[^.]|\.\s[a-z]){0,40}\b(?:complies|comply|complied|conforms?|conformed|meets?|met|passed|pass(?:es)?|fulfils?|fulfills?|satisf(?:y|ies|ied)|(?:is|are|was|were|be|been|being|found)\s+(?:in\s+(?:full\s+)?(?:conformity|compliance)[\s-]+with|compliant[\s-]+with|conforming[\s-]+to))\b|(?:样品|产品|试样|样本)[^。，,]{0,8}符\s*合`)
var reConclusionFail = lazyRegexp(`(?i)\b(?:does not|do not|did not|not|fails?|failed|non-?compli|non-?conform|exceeds?|exceeded)\b|不\s*符\s*合`)

// reVerdictPair is a column's caption naming both verdicts ("Result
// Pass/Fail" is a table's header, no conclusion).
var reVerdictPair = lazyRegexp(`(?i)\b(?:pass|fail)\s*(?:/|\bor\b)\s*(?:pass|fail)\b`)

// conclusionSentence reads an overall verdict from a sentence ("The
// submitted sample meets the requirements"); a sentence with a negative
// reads as fail only when it names failing plainly.
func conclusionSentence(v *view) *gread {
	for i, ln := range v.Lines {
		text := reVerdictPair.ReplaceAllString(ln.Text, " ")
		conf := confSentence
		if !reConclusionPass.MatchString(text) {
			t, ok := subjectMisread(text)
			if ln.Path != labrelay.PathOCR || !ok || !reConclusionPass.MatchString(t) {
				continue
			}
			text, conf = t, confWeakOnly
		}
		verdict := labrelay.VerdictPass
		if reConclusionFail.MatchString(text) {
			verdict = labrelay.VerdictFail
		}
		return &gread{value: verdict, conf: conf, why: "sentence " + ln.Text,
			cand: candidate{value: ln.Text, page: ln.Page, box: ln.Box, unit: ln.Unit, conf: minConf(ln), how: "sentence", line: i}}
	}
	return conclusionParagraph(v)
}

// conclusionSubjects are the subjects of a conclusion OCR may garble
// under a seal ("The prodyet fisted above conforms to …").
var conclusionSubjects = []string{"product", "sample", "samples", "products"}

// subjectMisread returns t with a word two edits or fewer from a
// conclusion's subject put as that subject, and whether there was one.
func subjectMisread(t string) (string, bool) {
	fs := strings.Fields(t)
	for i, f := range fs {
		w := []rune(strings.ToLower(strings.Trim(f, ",.;:")))
		if len(w) < 5 || len(w) > 8 {
			continue
		}
		for _, s := range conclusionSubjects {
			if d := editDistance(w, []rune(s)); d > 0 && d <= 2 {
				fs[i] = s
				return strings.Join(fs, " "), true
			}
		}
	}
	return t, false
}

// reParagraphPass is a conclusion whose subject and verb a list of
// substances parts, over lines ("the results of Cadmium, Lead, … and
// Diisobutyl phthalate (DIBP) comply with the limits").
var reParagraphPass = lazyRegexp(`(?i)\b(?:results?|samples?|products?)\b[^.]{0,400}?\b(?:complies|comply|conforms?|meets?|fulfils?|fulfills?)\b`)

// reParagraphFail names failing in a paragraph: a negative on the verb
// itself, not any "not" of its other sentences ("tests not requested").
var reParagraphFail = lazyRegexp(`(?i)\b(?:(?:does|do|did) not|not|fail(?:s|ed)? to)\s+(?:compl|conform|meet|pass|fulfil|satisf)|\bnon-?(?:compli|conform)|\bexceed|\bfail(?:s|ed)?\b`)

// conclusionParagraph reads the verdict of a captioned conclusion that
// runs over several lines: the caption's line and the lines under it, up
// to six, each within a line's height of the one before.
func conclusionParagraph(v *view) *gread {
	for i, ln := range v.Lines {
		h, ok := parseCaption(ln.Cells[0].Text)
		if !ok || !hasField(h.entries, labrelay.FieldOverallResult) {
			continue
		}
		text, conf, box := ln.Text, minConf(ln), ln.Box
		for j := i + 1; j < len(v.Lines) && j <= i+6; j++ {
			prev, nl := v.Lines[j-1], v.Lines[j]
			if nl.Page != ln.Page || nl.Box.Y-(prev.Box.Y+prev.Box.H) > math.Max(prev.Box.H, 1) || len(nl.Cells) >= 3 {
				break // (a line of three cells is a table's: "Summary of Results" over its header)
			}
			text += " " + nl.Text
			conf, box = math.Min(conf, minConf(nl)), unionBox(box, nl.Box)
		}
		text = reVerdictPair.ReplaceAllString(text, " ")
		if !reParagraphPass.MatchString(text) {
			continue
		}
		verdict := labrelay.VerdictPass
		if reParagraphFail.MatchString(text) {
			verdict = labrelay.VerdictFail
		}
		return &gread{value: verdict, conf: confSentence, why: "conclusion " + text,
			cand: candidate{value: text, page: ln.Page, box: box, unit: ln.Unit, conf: conf, how: "sentence", line: i}}
	}
	return nil
}

// addressCaptions caption an address of whoever the caption above names.
var addressCaptions = map[string]bool{"address": true, "addr": true, "地址": true, "住所": true,
	"anschrift": true, "adresse": true, "dirección": true, "direccion": true, "domicilio": true, "所在地": true}

// contextual reads what only context captions: "Address" within three
// rows after the applicant's caption, or after it on its row, is the
// applicant's address; an
// organisation's name heading page 1 is the lab's (a letterhead).
func (g *genericReading) contextual(v *view, df *docFuncs, skip map[int]bool) {
	applicant, appCell := -10, 0
	for i, ln := range v.Lines {
		if skip[i] {
			continue
		}
		for ci, c := range ln.Cells {
			// a scan's caption one glyph off ("Antragstefler") heads the
			// address as well
			h, ok := parseCaptionOCR(c.Text, ln.Path == labrelay.PathOCR)
			if ok && len(h.entries) > 0 && h.entries[0].field == labrelay.FieldApplicantName {
				applicant, appCell = i, ci
				continue
			}
			// below the applicant's caption, or right of it in a grid
			// ("Applicant | … | Address | …")
			if i-applicant > 12 || i == applicant && ci <= appCell {
				continue
			}
			// the caption, or its value (a caption centred on five lines
			// of it), within three rows after the applicant's
			near := func(r *gread) bool {
				return r != nil && (i-applicant <= 3 || r.cand.line >= applicant && r.cand.line-applicant <= 3)
			}
			m := reCapSep.FindStringSubmatch(c.Text)
			hit := capHit{}
			ocr := ln.Path == labrelay.PathOCR
			if m != nil && isAddressCaptionOCR(m[1], ocr) {
				hit, ok = capHit{rest: strings.TrimSpace(m[2]), sep: true}, true
			} else if isAddressCaptionOCR(c.Text, ocr) {
				if j, fk, ok := qualifierAbove(v, i, ci); ok {
					// "Postal" over "Address": the value starts beside
					// the caption's first line
					hit := capHit{cont: &[2]int{i, ci}}
					if r := pairValue(v, df, j, fk, hit, lexEntry{field: labrelay.FieldApplicantAddress}); near(r) {
						g.add(labrelay.FieldApplicantAddress, r)
					}
				}
				hit, ok = capHit{}, true
			} else {
				ok = false
			}
			if ok {
				if r := pairValue(v, df, i, ci, hit, lexEntry{field: labrelay.FieldApplicantAddress}); near(r) {
					g.add(labrelay.FieldApplicantAddress, r)
				}
			} else if misreadUnder(v, applicant, appCell, i, ci) {
				// a caption OCR could not read ("Ad 了 SS") right under the
				// applicant's, beside a value that reads as an address
				if r := pairValue(v, df, i, ci, capHit{}, lexEntry{field: labrelay.FieldApplicantAddress, weak: true}); r != nil {
					g.add(labrelay.FieldApplicantAddress, r)
				}
			}
		}
	}
	if _, ok := g.fields[labrelay.FieldSignatoryName]; !ok {
		if r := nameOverTitle(v, df); r != nil {
			g.add(labrelay.FieldSignatoryName, r)
		}
	}
	if _, ok := g.fields[labrelay.FieldIssueDate]; !ok {
		if r := dateUnderSignature(v, df); r != nil {
			g.add(labrelay.FieldIssueDate, r)
		}
	}
	if _, ok := g.fields[labrelay.FieldLabName]; !ok {
		if r := footerHanLab(v, letterhead(v)); r != nil {
			g.add(labrelay.FieldLabName, r)
		}
	}
}

// headerLines is how many lines at the top of a page its running header
// may take: the lab's name, its address, the report's number.
const headerLines = 4

// reHeaderCode is a code a running header prints: letters, digits and a
// few marks, a digit among them.
var reHeaderCode = lazyRegexp(`^[A-Z0-9][A-Za-z0-9/\-. ]{4,30}$`)

// runningHeaderNumber reads a report number whose caption neither the
// lexicon nor OCR could read: a code every later page prints in its
// running header (alone, or beside "Page 2 of 3") that page 1 prints too.
// Two readings agree, but nothing names the code: under the threshold.
func runningHeaderNumber(v *view, df *docFuncs) *gread {
	var later []map[string]bool // per later page, the codes of its header
	first := map[string]int{}   // page 1's cells, by line
	top, page, n := map[int]int{}, -1, 0
	for i, ln := range v.Lines {
		if ln.Page != page {
			page, n = ln.Page, 0
		}
		n++
		top[i] = n
	}
	byPage := map[int]map[string]bool{}
	for i, ln := range v.Lines {
		for _, c := range ln.Cells {
			t := strings.TrimSpace(c.Text)
			if !reHeaderCode.MatchString(t) || !reHasDigit.MatchString(t) || !strings.ContainsFunc(t, unicode.IsLetter) && !strings.Contains(t, "/") ||
				rePageOf.MatchString(t) || isDate(t, df) {
				continue
			}
			if ln.Page == v.Lines[0].Page {
				if _, ok := first[t]; !ok {
					first[t] = i
				}
			} else if top[i] <= headerLines {
				if byPage[ln.Page] == nil {
					byPage[ln.Page] = map[string]bool{}
				}
				byPage[ln.Page][t] = true
			}
		}
	}
	for _, m := range byPage {
		later = append(later, m)
	}
	if len(later) == 0 {
		return nil
	}
	best := ""
	for code := range later[0] {
		if _, ok := first[code]; !ok {
			continue
		}
		every := true
		for _, m := range later[1:] {
			every = every && m[code]
		}
		if every && best != "" {
			return nil // two codes: do not guess
		}
		if every {
			best = code
		}
	}
	if best == "" {
		return nil
	}
	i := first[best]
	ln := v.Lines[i]
	conf := confHeaderCode
	if t := tidyFieldCode(labrelay.FieldReportNumber, best); ln.Path == labrelay.PathOCR && t != best {
		best, conf = t, math.Min(conf, correctedConf) // "25/8382/MjA" read so on every page
	}
	return &gread{value: best, conf: conf, why: "the code every page's running header prints",
		cand: candidate{value: best, page: ln.Page, box: ln.Box, unit: ln.Unit, conf: conf, how: "find", line: i}}
}

// unread is a value after a caption OCR garbled: the caption as read,
// the value, its line and cell.
type unread struct {
	head, rest string
	line       int
	box        labrelay.Box
}

// afterUnreadCaption lists the values on page 1 of a scan after a
// caption that names nothing ("FOGG : Aug 10, 2025", "人 : 17/09/2025",
// "TESEPENOG ¦ Between …"), on lines no other field was read from.
func afterUnreadCaption(v *view, got map[string]*found) []unread {
	used := map[int]bool{}
	for _, f := range got {
		if f != nil {
			used[f.cand.line] = true
		}
	}
	var out []unread
	for i, ln := range v.Lines {
		if ln.Page != v.Lines[0].Page || ln.Path != labrelay.PathOCR || used[i] {
			continue
		}
		for ci, c := range ln.Cells {
			head, rest := "", ""
			if m := reCapSep.FindStringSubmatch(c.Text); m != nil && strings.TrimSpace(m[2]) != "" {
				head, rest = m[1], m[2]
			} else if ci+1 < len(ln.Cells) && strings.HasSuffix(strings.TrimSpace(c.Text), ":") {
				head, rest = strings.TrimSuffix(strings.TrimSpace(c.Text), ":"), ln.Cells[ci+1].Text
			} else if ci == 0 && len(ln.Cells) == 2 {
				head, rest = c.Text, ln.Cells[1].Text // its colon a speck the page reading dropped
			} else {
				continue
			}
			if len(strings.Fields(head)) > 4 || reHasDigit.MatchString(head) || captionNamed(head) {
				continue
			}
			out = append(out, unread{head: head, rest: strings.TrimSpace(rest), line: i, box: c.Box})
		}
	}
	return out
}

// underUnreadCaption lists the values on page 1 of a scan in a grid under
// a caption that names nothing ("rectal 本" over "21-Mar-2025"): the line
// above holds captions that were read, or is one caption in a column of
// captions over their values, the next but one or the last but one read;
// each value sits under the caption it overlaps most, and no field was
// read from the value's cell.
func underUnreadCaption(v *view, got map[string]*found) []unread {
	var out []unread
	for i := 0; i+1 < len(v.Lines); i++ {
		ln, nx := v.Lines[i], v.Lines[i+1]
		if ln.Page != v.Lines[0].Page || nx.Page != ln.Page || ln.Path != labrelay.PathOCR || nx.Box.Y-(ln.Box.Y+ln.Box.H) > 2*ln.Box.H {
			continue
		}
		grid := len(ln.Cells) > 1 && slices.ContainsFunc(ln.Cells, func(c cell) bool { return captionNamed(c.Text) })
		if !grid && (len(ln.Cells) != 1 || !stackedCaption(v, i, i-2) && !stackedCaption(v, i, i+2)) {
			continue
		}
		for _, d := range nx.Cells {
			best := mostOverlapped(ln.Cells, d.Box)
			if best < 0 || captionNamed(d.Text) || cellUsed(got, i+1, d.Box) {
				continue
			}
			head := ln.Cells[best].Text
			if len(strings.Fields(head)) > 4 || reHasDigit.MatchString(head) || captionNamed(head) {
				continue
			}
			out = append(out, unread{head: head, rest: strings.TrimSpace(d.Text), line: i + 1, box: d.Box})
		}
	}
	return out
}

// stackedCaption reports line k a caption alone that the lexicon names,
// at the left edge of line i's one cell: captions stacked over their
// values in one column.
func stackedCaption(v *view, i, k int) bool {
	if k < 0 || k >= len(v.Lines) || v.Lines[k].Page != v.Lines[i].Page || len(v.Lines[k].Cells) != 1 {
		return false
	}
	c, o := v.Lines[i].Cells[0], v.Lines[k].Cells[0]
	return math.Abs(o.Box.X-c.Box.X) < math.Max(c.Box.H, o.Box.H) && captionNamed(o.Text)
}

// cellUsed reports a field read from line i across box's columns.
func cellUsed(got map[string]*found, i int, box labrelay.Box) bool {
	for _, f := range got {
		if f != nil && f.cand.line == i && overlapX(f.cand.box, box) {
			return true
		}
	}
	return false
}

// dateOfUnreadCaption reads a scan's issue date whose caption OCR garbled:
// the one date after such a caption (afterUnreadCaption). A report prints
// its date of issue; its other dates have captions that were read.
// Offered for review only.
func dateOfUnreadCaption(v *view, df *docFuncs, got map[string]*found) *gread {
	return oneAfterUnread(v, got, "date", func(u unread) (string, bool) {
		val, _, ok := checkDate(u.rest, df)
		return val, ok
	})
}

// reOrgWordEnd ends a company's name that prints no legal form
// ("Shenzhen Yongxin Plastic Products Factory").
var reOrgWordEnd = lazyRegexp(`(?i)\b(?:factory|company|corporation|industries|enterprises?|group|manufactory)\.?$`)

// nameOfUnreadCaption reads a company's name whose caption OCR garbled
// ("GIIEAE ¦ Osaka Kaida Components Industrial Co., Ltd."): the one
// name of two words or more ending in a legal form or a company's word
// after such a caption (afterUnreadCaption), on a line no field was read
// from. Every report names its applicant, and with the applicant read,
// the other party a report names is its manufacturer. Offered for
// review only.
func nameOfUnreadCaption(v *view, df *docFuncs, got map[string]*found) *gread {
	return oneAfterUnread(v, got, "company's name", func(u unread) (string, bool) {
		if !reOrgEnd.MatchString(u.rest) && !reOrgWordEnd.MatchString(u.rest) || len(strings.Fields(u.rest)) < 2 {
			return "", false // a name and its form, not a form alone ("kk")
		}
		if lab := got[labrelay.FieldLabName]; lab != nil && letterKey(show(lab.value)) == letterKey(u.rest) {
			return "", false // the lab signing for itself: no party
		}
		val, _, ok := typeCheck(lexEntry{field: labrelay.FieldApplicantName}, u.rest, df)
		return val, ok
	})
}

// reReportCode is a report number's shape: letters, digits, hyphens and
// slashes or spaced groups, eight characters or more, with four digits.
var reReportCode = lazyRegexp(`^[A-Z0-9][A-Z0-9/ -]{6,30}[A-Z0-9]$`)

// numberOfUnreadCaption reads a scan's report number whose caption OCR
// garbled ("ae ¦ R-2024-476970", "SS: TR 2026 98 3907"): the one code of
// a report number's shape (reReportCode, four digits, a capital or a
// separator, no date) after such a caption in the top third of page 1,
// where reports print their number. Every report has one; the other codes
// of a report's header are under captions read. Offered for review only.
func numberOfUnreadCaption(v *view, df *docFuncs, got map[string]*found) *gread {
	return oneAfterUnread(v, got, "report number", func(u unread) (string, bool) {
		ln := v.Lines[u.line]
		if ln.Path != labrelay.PathOCR || ln.Box.Y > pageEdge(v, ln.Page, boxBottom)/3 {
			return "", false
		}
		if app := got[labrelay.FieldApplicantName]; app != nil && app.cand.line >= 0 && v.Lines[app.cand.line].Page == ln.Page && u.line > app.cand.line {
			return "", false // under the parties: the sample's codes
		}
		s := tidyFieldCode(labrelay.FieldReportNumber, u.rest)
		if !reReportCode.MatchString(s) || len(digits(s)) < 4 || isDate(s, df) ||
			!strings.ContainsAny(s, "-/ ") && !strings.ContainsFunc(s, unicode.IsUpper) {
			return "", false
		}
		val, _, ok := typeCheck(lexEntry{field: labrelay.FieldReportNumber}, s, df)
		return val, ok
	})
}

// addressOfUnreadCaption reads the applicant's address whose caption OCR
// garbled ("PNSORESS ¦ Unit 20, Tower A, No. 164 …"): the one address —
// street words and a number, or a Chinese address — after such a caption
// on the line or two after the applicant's name, where a report prints
// the applicant's address. Offered for review only.
func addressOfUnreadCaption(v *view, df *docFuncs, got map[string]*found) *gread {
	app := got[labrelay.FieldApplicantName]
	if app == nil || app.cand.line < 0 {
		return nil
	}
	return oneAfterUnread(v, got, "address", func(u unread) (string, bool) {
		if u.line <= app.cand.line || u.line > app.cand.line+2 {
			return "", false
		}
		s := mendAddressOCR(u.rest)
		if !(reAddressWord.MatchString(s) && reHasDigit.MatchString(s)) && !reHanAddress.MatchString(joinEastAsian(s)) {
			return "", false
		}
		val, _, ok := typeCheck(lexEntry{field: labrelay.FieldApplicantAddress}, s, df)
		return val, ok
	})
}

// oneAfterUnread is the one value after a caption OCR garbled that read
// takes (what: "date"), at confWeakOnly; nil for none, or for two: do not
// guess.
func oneAfterUnread(v *view, got map[string]*found, what string, read func(unread) (string, bool)) *gread {
	if r, n := oneUnread(v, afterUnreadCaption(v, got), what, read); n > 0 {
		return r
	}
	r, _ := oneUnread(v, underUnreadCaption(v, got), what, read)
	return r
}

// oneUnread is the one value of us that read takes and how many it took.
func oneUnread(v *view, us []unread, what string, read func(unread) (string, bool)) (*gread, int) {
	var hit *gread
	n := 0
	for _, u := range us {
		val, ok := read(u)
		if !ok {
			continue
		}
		if n++; n > 1 {
			return nil, n
		}
		ln := v.Lines[u.line]
		hit = &gread{value: val, conf: confWeakOnly, why: fmt.Sprintf("the one %s after a caption OCR could not read (%q)", what, u.head),
			cand: candidate{value: val, page: ln.Page, box: u.box, unit: ln.Unit, conf: confWeakOnly, how: "find", line: u.line}}
	}
	return hit, n
}

// periodOfUnreadCaption reads a scan's test period whose caption OCR
// garbled ("TESEPENOG ¦ Between 13/11/2024 and 20/11/2024"): the one
// range of two dates after such a caption. Of a report's dates, only the
// testing's are a range. Offered for review only: the start and the end.
func periodOfUnreadCaption(v *view, df *docFuncs, got map[string]*found) (start, end *gread) {
	for _, u := range afterUnreadCaption(v, got) {
		if isDate(u.rest, df) {
			continue // one date, no range
		}
		a, _, okA := typeCheck(lexEntry{field: labrelay.FieldTestStartDate}, u.rest, df)
		b, _, okB := typeCheck(lexEntry{field: labrelay.FieldTestEndDate}, u.rest, df)
		if !okA || !okB || a > b {
			continue
		}
		if start != nil {
			return nil, nil // two such ranges: do not guess
		}
		ln := v.Lines[u.line]
		why := fmt.Sprintf("the one range of dates after a caption OCR could not read (%q)", u.head)
		start = &gread{value: a, conf: confWeakOnly, why: why,
			cand: candidate{value: a, page: ln.Page, box: u.box, unit: ln.Unit, conf: confWeakOnly, how: "find", line: u.line}}
		end = &gread{value: b, conf: confWeakOnly, why: why,
			cand: candidate{value: b, page: ln.Page, box: u.box, unit: ln.Unit, conf: confWeakOnly, how: "find", line: u.line}}
	}
	return start, end
}

// captionNamed reports a caption that names something, read as the
// generic reader reads captions, by the lexicon or its words.
func captionNamed(t string) bool {
	if _, ok := parseCaptionOCR(t, true); ok {
		return true
	}
	if _, ok := keywordCaption(t); ok {
		return true
	}
	if captionKeys()[capKey(t)] || dateCaption(capKey(t)) != nil {
		return true
	}
	// a caption of something the record does not carry, its other
	// language garbled ("Expiry Date / BXIHAPR") or after its first
	// words ("Valid until 有効"): a field's caption read so is unread
	for _, part := range strings.FieldsFunc(t, func(r rune) bool { return r == '/' || r == '／' || r == '(' || r == '（' }) {
		if k := capKey(part); k != "" && captionKeys()[k] && len(lexicon()[k]) == 0 {
			return true
		}
	}
	ws := strings.Fields(capKey(t))
	for n := len(ws) - 1; n >= 2; n-- {
		if k := strings.Join(ws[:n], " "); captionKeys()[k] && len(lexicon()[k]) == 0 {
			return true
		}
	}
	// or its Han half whole ("有效期至 Expiry Dato")
	for _, run := range scriptRuns(capKey(t)) {
		if allHan([]rune(run)) && captionKeys()[run] && len(lexicon()[run]) == 0 {
			return true
		}
	}
	return false
}

// ocrAccreditations are accreditation numbers as OCR misreads them, in the
// forms the pack's pattern knows, with what they are read as: "CNAS
// 19177", "CNAS (9177", "CNAS.L5673" for CNAS L9177 (the scheme's "L" and
// four digits); "JAB RTLO6398" (a zero read as O); "ENAC 67 1/L£7193".
var ocrAccreditations = []struct {
	re   *lazyRE
	read func(m []string) string
}{
	{lazyRegexp(`\bCNAS[\s.,:]*[L1Il|(\[]\s?(\d{4})\b`), func(m []string) string { return "CNAS L" + m[1] }},
	{lazyRegexp(`\bJAB\s?RT[L1Il|]\s?([\dOo]{5})\b`), func(m []string) string {
		return "JAB RTL" + strings.NewReplacer("O", "0", "o", "0").Replace(m[1])
	}},
	{lazyRegexp(`\bENAC\s?(\d{1,3})\s?(\d{0,2})\s?/\s?L[E£€F]\s?(\d{3,4})\b`), func(m []string) string {
		return "ENAC " + m[1] + m[2] + "/LE" + m[3]
	}},
}

// ocrAccreditation reads a lab's accreditation number the pack's pattern
// missed on a scan, misread in one of the ways ocrAccreditations knows;
// under the threshold, as every mend.
func ocrAccreditation(v *view) *gread {
	for i, ln := range v.Lines {
		if ln.Path != labrelay.PathOCR {
			continue
		}
		for _, a := range ocrAccreditations {
			m := a.re.FindStringSubmatch(ln.Text)
			if m == nil {
				continue
			}
			t := a.read(m)
			return &gread{value: t, conf: correctedConf, why: "accreditation number misread",
				cand: candidate{value: t, page: ln.Page, box: ln.Box, unit: ln.Unit, conf: correctedConf, how: "find", line: i}}
		}
	}
	return nil
}

var reLetterSep = lazyRegexp(`\s+[·|•]\s+`)

// reHanInstitute is a Chinese public lab's name: no company form, but a
// testing word and an institution's ("商丘市质量检验中心",
// "…计量检测研究院", "…产品质量监督检验所").
var reHanInstitute = lazyRegexp(`(?:检验|检测|质检|计量|测试|试验)\p{Han}{0,8}(?:中心|研究院|研究所|检验所|检测所|检测站|检验站)$`)

// letterhead returns an organisation's name among the first rows of
// page 1; on a scan, as sure as OCR read it.
func letterhead(v *view) *gread {
	for i, ln := range v.Lines {
		if i >= 4 || ln.Page != v.Lines[0].Page {
			break
		}
		if _, ok := parseCaption(ln.Cells[0].Text); ok {
			return nil // the particulars start: no letterhead above them
		}
		for _, c := range ln.Cells {
			// "Acme Lab GmbH · Street 1 · Hamburg": the name comes first
			t := strings.TrimSpace(reLetterSep.Split(c.Text, 2)[0])
			if len([]rune(t)) > 100 || notValue(t) || !reOrg.MatchString(t) || !reOrgEnd.MatchString(t) && !reHanInstitute.MatchString(t) {
				continue
			}
			conf := c.Conf
			if ln.Path == labrelay.PathOCR {
				if t == strings.TrimSpace(c.Text) {
					if r, ok := letterheadCopies(v, i, c); ok {
						t, conf = r, math.Min(conf, correctedConf) // "Baftica" beside the footer's "Baltica"
					}
				}
				if tc := respellDictWords(respellNameWords(titleCaseOCR(t))); tc != t {
					t, conf = tc, math.Min(conf, correctedConf) // "jiahe Analysis Center"
				}
				if r, ok := hanLetterheadCopies(v, i, t); ok {
					t, conf = r, math.Min(conf, correctedConf) // "东莞市安泰…" beside the footer's "东莞市宏泰…"
				}
			}
			sure := confLetterhead
			if ln.Path == labrelay.PathOCR {
				sure *= conf // "武汉市安泰…" at 0.59 for 宏泰: as sure as OCR is
			}
			return &gread{value: t, conf: sure, why: "letterhead",
				cand: candidate{value: t, page: ln.Page, box: c.Box, unit: ln.Unit, conf: conf, how: "letterhead", line: i}}
		}
	}
	return nil
}

// hanLetterheadCopies is letterheadCopies for a Chinese name, whose
// characters OCR reads one by one: the copies are the cells (of scans)
// that start with as many characters, all but one or two of them alike,
// and at each character the reading most copies print wins (a tie keeps
// the letterhead's). It reports whether it changed a character.
func hanLetterheadCopies(v *view, at int, t string) (string, bool) {
	if m := reHanJunkHan.FindStringSubmatch(t); m != nil {
		return hanCopyAround(v, at, m[1], m[2])
	}
	name := []rune(strings.ReplaceAll(t, " ", ""))
	if len(name) < 6 || !allHan(name) {
		return t, false
	}
	var copies [][]rune
	for i, ln := range v.Lines {
		if i == at || ln.Path != labrelay.PathOCR {
			continue
		}
		for _, c := range ln.Cells {
			o := []rune(strings.ReplaceAll(c.Text, " ", ""))
			if len(o) < len(name) {
				continue
			}
			o = o[:len(name)]
			diff := 0
			for k := range name {
				if o[k] != name[k] {
					diff++
				}
			}
			if diff <= 2 {
				copies = append(copies, o)
			}
		}
	}
	if len(copies) < 2 {
		return t, false
	}
	out := slices.Clone(name)
	for k := range name {
		votes := map[rune]int{name[k]: 1}
		for _, o := range copies {
			votes[o[k]]++
		}
		for _, o := range copies { // in the copies' order: one answer
			if r := o[k]; votes[r] > votes[out[k]] && unicode.Is(unicode.Han, r) {
				out[k] = r
			}
		}
	}
	if string(out) == string(name) {
		return t, false
	}
	return string(out), true
}

// footerHanLab checks a scan's letterhead r against the footer of page
// 1: a Chinese lab prints its name there in small regular type, which OCR
// reads better than the letterhead's large bold one. A footer name that
// holds the letterhead's reading (only "公司" or "市伟业…" of it, the
// rest in another cell or misread) or stands where no letterhead was read
// is the lab's, at the corrected confidence times OCR's.
func footerHanLab(v *view, r *gread) *gread {
	if len(v.Lines) == 0 || v.Lines[0].Path != labrelay.PathOCR || r != nil && !eastAsian(r.value) {
		return r
	}
	first, last := v.Lines[0].Page, -1
	for i, ln := range v.Lines {
		if ln.Page == first {
			last = i
		}
	}
	for i := last; i >= 0 && i > last-3; i-- {
		if len(v.Lines[i].Cells) == 0 {
			continue
		}
		c := v.Lines[i].Cells[0]
		m := reHanOrgStart.FindStringSubmatch(joinEastAsian(c.Text))
		if m == nil {
			continue
		}
		name := m[1]
		if r != nil && (strings.ReplaceAll(r.value, " ", "") == name || !strings.Contains(name, strings.ReplaceAll(r.value, " ", ""))) {
			return r
		}
		return &gread{value: name, conf: math.Min(confLetterhead, correctedConf) * c.Conf, why: "the footer's lab name",
			cand: candidate{value: name, page: v.Lines[i].Page, box: c.Box, unit: v.Lines[i].Unit, conf: c.Conf, how: "letterhead", line: i}}
	}
	return r
}

// reHanOrgStart is a Chinese organisation's name at the start of a cell:
// a testing lab's, ending at its form or institution.
var reHanOrgStart = lazyRegexp(`^(\p{Han}{2,12}(?:检测|检验|测试|质检|计量)\p{Han}{0,8}?(?:有限公司|公司|中心|研究院|研究所))`)

// reHanJunkHan is a Chinese name with a few Latin letters inside, what
// OCR makes of a character or two it could not read ("苏州市 HER
// 检测技术有限公司").
var reHanJunkHan = lazyRegexp(`^(\p{Han}{2,})\s*[A-Za-z]{1,4}\s*(\p{Han}{2,})$`)

// hanCopyAround finds the copy of a Chinese name OCR read junk inside:
// the cells of the scan (the footer, other pages' headers) that start
// with head and, one to four characters on, go on with tail, all
// Chinese. The copy most cells print wins, if any.
func hanCopyAround(v *view, at int, head, tail string) (string, bool) {
	count := map[string]int{}
	best := ""
	for i, ln := range v.Lines {
		if i == at || ln.Path != labrelay.PathOCR {
			continue
		}
		for _, c := range ln.Cells {
			o := strings.ReplaceAll(c.Text, " ", "")
			rest, ok := strings.CutPrefix(o, head)
			if !ok {
				continue
			}
			k := strings.Index(rest, tail)
			if k < 0 {
				continue
			}
			mid := []rune(rest[:k])
			if len(mid) < 1 || len(mid) > 4 || !allHan(mid) {
				continue
			}
			cp := head + string(mid) + tail
			count[cp]++
			if count[cp] > count[best] {
				best = cp
			}
		}
	}
	return best, best != ""
}

func allHan(rs []rune) bool {
	for _, r := range rs {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return true
}

// letterheadCopies reads a scan's letterhead name (cell c of line at)
// against its copies elsewhere (the footer, another page's header): the
// same words but one, that one a letter or two off. At each such word the
// reading most copies print wins, or, as many printing each, the one OCR
// was surest of: a glyph misread in one copy ("Baftica" beside
// "Baltica") is seldom misread in all. It reports whether it changed a
// word.
func letterheadCopies(v *view, at int, c cell) (string, bool) {
	ws := c.words
	if len(ws) < 2 {
		return c.Text, false
	}
	readings := map[int][]cell{}
	for i, ln := range v.Lines {
		if i == at || ln.Path != labrelay.PathOCR {
			continue
		}
		for _, o := range ln.Cells {
			k, ok := oneWordOff(ws, o.words)
			switch {
			case ok && k >= 0:
				readings[k] = append(readings[k], o.words[k])
			case ok:
				for k := range ws {
					readings[k] = append(readings[k], o.words[k]) // a copy read alike: a vote for each word
				}
			}
		}
	}
	out := make([]string, len(ws))
	changed := false
	for k, w := range ws {
		out[k] = w.Text
		if rs := readings[k]; len(rs) > 0 {
			if best, ok := mostRead(append(rs, w), w); ok {
				out[k], changed = best, true
			}
		}
	}
	return strings.Join(out, " "), changed
}

// mostRead is the reading of a word that more copies give than give own,
// case aside, in the case of its surest copy; or, as many giving each,
// one of as many letters that OCR was surer of by 0.03 (a letter lost or
// added is no misread glyph). ok is false when own stands.
func mostRead(rs []cell, own cell) (string, bool) {
	type tally struct {
		n    int
		conf float64
		best cell
	}
	by := map[string]*tally{}
	for _, r := range rs {
		k := strings.ToLower(r.Text)
		t := by[k]
		if t == nil {
			t = &tally{best: r}
			by[k] = t
		}
		t.n++
		t.conf += r.Conf
		if r.Conf > t.best.Conf {
			t.best = r
		}
	}
	var win *tally
	for _, t := range by {
		if win == nil || t.n > win.n || t.n == win.n && (t.conf > win.conf || t.conf == win.conf && t.best.Text < win.best.Text) {
			win = t
		}
	}
	mine := by[strings.ToLower(own.Text)]
	switch {
	case win == mine:
		return own.Text, false
	case win.n > mine.n:
		return win.best.Text, true
	}
	sameLen := utf8.RuneCountInString(win.best.Text) == utf8.RuneCountInString(own.Text)
	return win.best.Text, sameLen && win.best.Conf >= own.Conf+0.03
}

// oneWordOff reports whether b is a copy of a: the same words, or all
// but one, that one (its index k) a letter or two apart (a stop or comma
// is a speck's, no evidence); k is -1 for the same words.
func oneWordOff(a, b []cell) (k int, ok bool) {
	if len(a) != len(b) {
		return -1, false
	}
	k = -1
	for i := range a {
		if a[i].Text == b[i].Text {
			continue
		}
		if k >= 0 || utf8.RuneCountInString(a[i].Text) < 4 || !lettersOnly(a[i].Text) || !lettersOnly(b[i].Text) ||
			editDistance([]rune(a[i].Text), []rune(b[i].Text)) > 2 {
			return -1, false
		}
		k = i
	}
	return k, true
}

// isAddressCaption reports an address caption, alone or bilingual ("地址
// Address"), or qualified ("Postal Address", "Registered Address") by
// words that name no other party.
func isAddressCaption(t string) bool {
	for _, p := range scriptRuns(capKey(t)) {
		if !addressCaptions[p] && !qualifiedAddress(p) {
			return false
		}
	}
	return capKey(t) != ""
}

// isAddressCaptionOCR is isAddressCaption that, on a scan (ocr set), also
// takes an address word alone one glyph off ("Direcci0n", "Adrese").
func isAddressCaptionOCR(t string, ocr bool) bool {
	if isAddressCaption(t) {
		return true
	}
	k := []rune(captionGlyphs.Replace(capKey(t)))
	if ws := strings.Fields(string(k)); ocr && len(ws) >= 2 && len(ws) <= 3 {
		// its last word so off an address's caption ("Postal Adress")
		last := []rune(ws[len(ws)-1])
		for a := range addressCaptions {
			if ra := []rune(captionGlyphs.Replace(a)); len(ra) >= 6 && len(last) != len(ra) && within1(last, ra) {
				return isAddressCaption(strings.Join(append(ws[:len(ws)-1:len(ws)-1], a), " "))
			}
		}
	}
	if !ocr || len(k) < 6 || strings.ContainsRune(string(k), ' ') {
		return false
	}
	for a := range addressCaptions {
		// a glyph lost or doubled, or one OCR reads as a digit or
		// without its accent: not another word one letter off
		// ("Direction")
		if ra := []rune(captionGlyphs.Replace(a)); len(ra) >= 6 && (string(k) == string(ra) || len(k) != len(ra) && within1(k, ra)) {
			return true
		}
	}
	return false
}

// captionGlyphs maps the glyphs OCR reads for an accented or round letter to
// its plain form.
var captionGlyphs = strings.NewReplacer("ó", "o", "é", "e", "á", "a", "í", "i", "ú", "u", "ñ", "n", "0", "o", "6", "o", "1", "l")

var reOtherParty = lazyRegexp(`\b(?:manufacturer|factory|supplier|vendor|producer|maker|lab|laboratory|buyer|agent|importer|exporter|shipper|consignee|billing|invoice|e ?mail|web|site)\b`)

// qualifiedAddress: up to two words before an address word, none naming
// a party other than the applicant ("Factory Address" is not the
// applicant's).
func qualifiedAddress(k string) bool {
	ws := strings.Fields(k)
	if len(ws) < 2 || len(ws) > 3 || !addressCaptions[ws[len(ws)-1]] || reOtherParty.MatchString(k) {
		return false
	}
	return !reHasDigit.MatchString(k)
}

var reJobTitle = lazyRegexp(`(?i)^(?:head of|chief|(?:deputy |assistant )?(?:laboratory|lab|technical|quality|general|managing|test|testing|certification|department|section|operations) (?:manager|director|head|supervisor)|(?:manager|director)\b|(?:[\p{L}-]+ ){0,2}(?:manager|director|supervisor|signatory)$)`)

// reStaffTitle: titles of staff who may sign when no manager does
// ("Senior Chemist", "Report Reviewer"); a manager's title on the same
// page wins (a writer, a reviewer and an approver sign side by side).
var reStaffTitle = lazyRegexp(`(?i)^(?:[\p{L}-]+ ){0,2}(?:engineer|chemist|reviewer|officer|analyst|scientist|inspector|specialist)$`)

// nameOverTitle reads a signature block: a person's name standing over a
// job title ("Dr. Lena Hartmann" over "Head of Food Contact Department").
func nameOverTitle(v *view, df *docFuncs) *gread {
	for _, title := range []*lazyRE{reJobTitle, reStaffTitle} {
		for i, ln := range v.Lines {
			for ci, c := range ln.Cells {
				if len(strings.Fields(c.Text)) > 7 || !title.MatchString(c.Text) {
					continue
				}
				for _, cand := range placementsAbove(v, i, ci) {
					if val, f, ok := typeCheck(lexEntry{field: labrelay.FieldSignatoryName}, cand.value, df); ok {
						return &gread{value: val, cand: cand, conf: placementConf["above"] * f * cand.conf, why: fmt.Sprintf("name over the title %q", c.Text)}
					}
				}
			}
		}
	}
	return nil
}

// confSignatureDate: a date without a caption under a signatory's title
// ("Approved Signatory" over "Jun.10, 2019") is, on a certificate, the
// day it was signed — issued; it is not read as such often enough to
// publish unreviewed.
const confSignatureDate = 0.7

// dateUnderSignature reads the date a signature block carries, alone or
// nearly (three cells at most), on the line under the signatory's title.
func dateUnderSignature(v *view, df *docFuncs) *gread {
	for i, ln := range v.Lines {
		for _, c := range ln.Cells {
			if len(strings.Fields(c.Text)) > 4 || !reJobTitle.MatchString(c.Text) {
				continue
			}
			h := math.Max(c.Box.H, 1)
			j, b := v.below(i, c.Box.X-2*h, c.Box.X+c.Box.W+2*h, 2.5*h)
			if b == nil || len(v.Lines[j].Cells) > 3 {
				continue
			}
			val, f, ok := typeCheck(lexEntry{field: labrelay.FieldIssueDate}, b.Text, df)
			if !ok || !isDate(b.Text, df) {
				continue
			}
			cand := candidate{value: b.Text, page: v.Lines[j].Page, box: b.Box, unit: v.Lines[j].Unit, conf: b.Conf, how: "below", line: j}
			return &gread{value: val, cand: cand, conf: confSignatureDate * f * b.Conf, why: fmt.Sprintf("a date under the title %q", c.Text)}
		}
	}
	return nil
}

func placementsAbove(v *view, i, ci int) []candidate {
	c := v.Lines[i].Cells[ci]
	h := math.Max(c.Box.H, 1)
	if j, a := v.above(i, c.Box.X-h, c.Box.X+c.Box.W+h, 2.5*h); a != nil && !notValue(a.Text) {
		return []candidate{{value: a.Text, page: v.Lines[j].Page, box: a.Box, unit: v.Lines[j].Unit, conf: a.Conf, how: "above", line: j}}
	}
	return nil
}

// wrapsField are the name fields whose values wrap in a narrow box.
var wrapsField = map[string]bool{labrelay.FieldApplicantName: true, labrelay.FieldManufacturerName: true,
	labrelay.FieldProductName: true, labrelay.FieldLabName: true}

// wrapped appends to a name the lines it wraps onto: the next lines,
// tight under it, with a cell starting at its left edge that is neither a
// caption nor next to one.
func wrapped(v *view, cand *candidate, field string) {
	prev := v.Lines[cand.line]
	col := valueColumn(v, cand)
	prevRight := cand.box.X + cand.box.W
	limit := cand.line + 2
	for j := cand.line + 1; j < len(v.Lines) && j <= limit; j++ {
		ln := v.Lines[j]
		if marginNoise(ln, cand.box) {
			limit++ // a stamp's or the margin's marks between the lines
			continue
		}
		// half an em of leading; an OCR line's box stops short of its
		// em (no descender), and so much more gap is the same leading
		e := em(prev)
		if ln.Page != prev.Page || ln.Box.Y-(prev.Box.Y+prev.Box.H) > 0.5*e+e-math.Max(prev.Box.H, 4) {
			return
		}
		if ln.Path == labrelay.PathOCR && !slices.ContainsFunc(ln.Cells, func(c cell) bool { return c.Box.X < prevRight && c.Box.X+c.Box.W > cand.box.X }) {
			// a scan's line of the other column only, set between the
			// value's lines ("Mr. Jonas Berg" beside "Contact Person")
			limit++
			continue
		}
		next := -1
		for k, c := range ln.Cells {
			if math.Abs(c.Box.X-cand.box.X) <= alignTol(ln, c) {
				next = k
			}
		}
		var c cell
		if next == 0 && !notValue(ln.Cells[0].Text) {
			c = ln.Cells[0]
		} else {
			// other cells stand left of it (a grid, where a new row looks
			// the same unless the line above was full), or it reads like
			// a caption ("Factory")
			g, ok := gridNext(col, cand.value, prevRight, ln, field)
			if !ok {
				return
			}
			c = g
		}
		if anotherValue(field, cand.value, c.Text) {
			return
		}
		cand.value += " " + c.Text
		cand.box = unionBox(cand.box, c.Box)
		cand.conf = math.Min(cand.conf, c.Conf)
		prev, prevRight = ln, c.Box.X+c.Box.W
	}
}

// ocrSpeck reports a cell of a scan's line that is no value: a rule read
// as "|", a speck as a small letter or as Han punctuation, a colon as ">".
func ocrSpeck(ln line, t string) bool {
	return ln.Path == labrelay.PathOCR && (ruling(t) || smallSpeck(t) || t == ">" || hanPunct(t))
}

// hanPunct reports a cell of Han punctuation alone ("、", "，"), no value.
func hanPunct(t string) bool {
	return t != "" && strings.Trim(t, "、，。；“”‘’・") == ""
}

// smallSpeck reports a cell of one small letter: a scan's speck, no
// value any field prints.
func smallSpeck(t string) bool {
	t = strings.TrimSpace(t)
	return utf8.RuneCountInString(t) == 1 && unicode.IsLower(firstRune(t))
}

// anotherValue reports a line under a value that is the next row's
// value: a date or a period under any value but a date's; under an
// address that ends in its postcode and country, a company's name
// ("Northstar Cable & Wire Inc." under a garbled caption); under a name,
// an address's first part ("Room 1227, 5/F, No.", "5th Floor, …"), or
// under one that ends in its company form, any address.
func anotherValue(field, prev, next string) bool {
	if !dateField[field] && datesOnly(next) {
		return true // the next pair's date or period ("2026.10.10 through 2026.10.13")
	}
	switch field {
	case labrelay.FieldApplicantAddress:
		// an address ends in its postcode and country: nothing goes on
		return rePostcodeCountry.MatchString(strings.TrimSpace(prev))
	case labrelay.FieldApplicantName, labrelay.FieldManufacturerName:
		// an address's first part (a room, unit or floor) goes on no
		// name, whatever its last word
		return reAddressStart.MatchString(next) || reFloorStart.MatchString(next) || reOrgEnd.MatchString(joinEastAsian(strings.TrimSpace(prev))) && streetAddress(next)
	}
	return false
}

// reAddressStart is an address's first words: a room, floor, building
// or unit with its number, or "No." and a number.
var reAddressStart = lazyRegexp(`(?i)^(?:room|rm\.?|floor|flat|unit|suite|building|bldg\.?|no\.)\s*\d`)

// marginNoise reports a scan's line of marks OCR read as words it was
// all but sure were none ("typhus" at 0.00 in the margin), clear of the
// value's column: a line under the value itself, however badly read, may
// be its next.
func marginNoise(ln line, value labrelay.Box) bool {
	if ln.Path != labrelay.PathOCR || len(ln.Cells) == 0 {
		return false
	}
	for _, c := range ln.Cells {
		if c.Conf >= noiseConf || overlapX(c.Box, value) {
			return false
		}
	}
	return true
}

// noiseConf is the word confidence under which a mark is no word.
const noiseConf = 0.3

// qualifierAbove finds the first line of an address caption wrapped in
// its column ("POSTAL" over "ADDRESS"): the cell tight above at the same
// left edge, a word or two without digits that make one address caption
// with it.
func qualifierAbove(v *view, i, ci int) (int, int, bool) {
	if i == 0 {
		return 0, 0, false
	}
	c, up := v.Lines[i].Cells[ci], v.Lines[i-1]
	h := math.Max(c.Box.H, 4)
	if up.Page != v.Lines[i].Page || c.Box.Y-(up.Box.Y+up.Box.H) > 0.6*h {
		return 0, 0, false
	}
	for k, a := range up.Cells {
		if math.Abs(a.Box.X-c.Box.X) > 2 || reHasDigit.MatchString(a.Text) || len(strings.Fields(a.Text)) > 3 {
			continue
		}
		if !isAddressCaption(a.Text + " " + c.Text) {
			continue
		}
		// "Client" over "Address" may be two captions, each with its
		// value; the value beside "Client" must say it goes on
		if notValue(a.Text) && (k+1 >= len(up.Cells) || !strings.HasSuffix(strings.TrimSpace(up.Cells[k+1].Text), ",")) {
			continue
		}
		return i - 1, k, true
	}
	return 0, 0, false
}

// otherLanguage reports a caption cell that is the other language of the
// caption right above it, which ends in a slash and has its value beside
// it ("Submitted by /" over "Auftraggeber"): no caption of its own, and
// what is beside it is that value's next line.
func otherLanguage(v *view, i, ci int) bool {
	c := v.Lines[i].Cells[ci]
	if i == 0 || v.Lines[i-1].Page != v.Lines[i].Page || c.Box.Y-(v.Lines[i-1].Box.Y+v.Lines[i-1].Box.H) > 1.5*math.Max(c.Box.H, 4) {
		return false
	}
	h, ok := parseCaptionOCR(c.Text, v.Lines[i].Path == labrelay.PathOCR)
	if !wholeHit(h, ok) {
		return false
	}
	up := v.Lines[i-1]
	for k, a := range up.Cells {
		if k+1 >= len(up.Cells) || !strings.HasSuffix(a.Text, " /") || math.Abs(a.Box.X-c.Box.X) > alignTol(up, a) {
			continue
		}
		if ha, ok := parseCaptionOCR(a.Text, up.Path == labrelay.PathOCR); ok && sharesField(ha.entries, h.entries) {
			return true
		}
	}
	return false
}

// partOfOtherCaption reports a cell that is one line of a caption wrapped
// in its column whose whole names something else: "SAMPLE" over
// "CONDITION", "ESTADO DE LA" over "MUESTRA". Alone, "SAMPLE" and
// "MUESTRA" would caption the product. On a scan it is also the second
// half of a caption OCR parted at a word space ("截止 ¦ 日期", "Expiry ¦
// Date"): alone, "日期" would date the report.
func partOfOtherCaption(v *view, i, ci int) bool {
	c := v.Lines[i].Cells[ci]
	if strings.ContainsAny(c.Text, ":：") || reHasDigit.MatchString(c.Text) {
		return false
	}
	own := fieldsOf(c.Text)
	if own != "" && ci > 0 && v.Lines[i].Path == labrelay.PathOCR {
		a := v.Lines[i].Cells[ci-1]
		if a.Box.X+a.Box.W <= c.Box.X && c.Box.X-(a.Box.X+a.Box.W) <= 3*math.Max(a.Box.H, c.Box.H) &&
			!reHasDigit.MatchString(a.Text) && !strings.ContainsAny(a.Text, ":：") && fieldsOf(a.Text) == "" {
			if k := capKey(a.Text + " " + c.Text); captionKeys()[k] && fieldsOf(a.Text+" "+c.Text) != own {
				return true
			}
		}
	}
	for _, d := range []int{-1, 1} {
		j := i + d
		if j < 0 || j >= len(v.Lines) {
			continue
		}
		a, b := v.Lines[min(i, j)], v.Lines[max(i, j)]
		h := math.Max(c.Box.H, 4)
		if a.Page != b.Page || b.Box.Y-(a.Box.Y+a.Box.H) > 0.6*h {
			continue
		}
		for _, o := range v.Lines[j].Cells {
			if math.Abs(o.Box.X-c.Box.X) > 2 || reHasDigit.MatchString(o.Text) || strings.ContainsAny(o.Text, ":：") || len(strings.Fields(o.Text)) > 4 {
				continue
			}
			joined := c.Text + " " + o.Text
			if d < 0 {
				joined = o.Text + " " + c.Text
			}
			if k := capKey(joined); captionKeys()[k] && len(lexicon()[k]) == 0 && own != "" {
				return true
			}
		}
	}
	return false
}

// fieldsOf lists the fields a caption names, "" for none.
func fieldsOf(t string) string {
	h, ok := parseCaption(t)
	if !ok || h.rest != "" {
		return ""
	}
	var fs []string
	for _, e := range h.entries {
		fs = append(fs, e.field)
	}
	return strings.Join(fs, ",")
}

// languageTags name the language of the line beside them in bilingual
// forms ("中文 | Chinese | 锂离子电池"): a tag, never a value.
var languageTags = map[string]bool{
	"chinese": true, "english": true, "japanese": true, "german": true, "spanish": true, "korean": true,
	"中文": true, "英文": true, "日文": true, "德文": true, "日本語": true, "英語": true,
}

func languageTag(t string) bool { return languageTags[strings.ToLower(strings.TrimSpace(t))] }

// lettersOnly reports a word of letters only.
func lettersOnly(w string) bool {
	return w != "" && text.Letters(w) == utf8.RuneCountInString(w)
}
