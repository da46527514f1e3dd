package rules

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/text"
	"github.com/labrelay/labrelay/normalize"
)

// cell is a run of words in a row with no column gap between them: a
// label, a value or a table cell.
type cell struct {
	Text string
	Box  labrelay.Box
	Conf float64
	// words are the cell's words, so that a table can split a cell that
	// straddles two of its columns.
	words []cell
}

// line is a row seen as cells.
type line struct {
	Page  int
	Unit  string
	Box   labrelay.Box
	Cells []cell
	Text  string
	Path  string
}

// view is a document as lines, in reading order, page after page.
type view struct {
	Lines []line
	Text  string
	// hrules are the horizontal ruling lines of each scanned page
	// (labrelay.Page.HRules), by page number
	hrules map[int][]labrelay.Box

	centredOnce sync.Once
	centred     map[[2]int]candidate // see centredValues
	// centredCap holds, per first caption cell of a wrapped caption in a
	// centred block, its whole text and the cells of its other lines
	centredCap map[[2]int]centredCaption
}

// gapFactor: a gap wider than this many word heights separates cells.
const gapFactor = 0.9

func newView(l *labrelay.Layout) *view {
	v := &view{}
	for _, p := range l.Pages {
		if len(p.HRules) > 0 {
			if v.hrules == nil {
				v.hrules = map[int][]labrelay.Box{}
			}
			v.hrules[p.Number] = p.HRules
		}
		wordH := 0.0
		rows := p.Rows
		if p.Path == labrelay.PathOCR {
			wordH = medianWordHeight(p.Rows)
			rows = sameLineRows(rows)
		}
		for _, r := range rows {
			if p.Path == labrelay.PathOCR && speckLine(r, wordH) {
				continue
			}
			ln := line{Page: p.Number, Unit: p.Unit, Box: r.Box, Path: p.Path}
			var cur *cell
			var prevEnd, prevH float64
			prevGrid, prevCaps := false, false
			words := r.Words
			minH := 1.0
			if p.Path == labrelay.PathOCR {
				words = dropStrokes(words)
				if len(words) == 0 {
					continue
				}
				if len(words) < len(r.Words) {
					ln.Box = words[0].Box
					for _, w := range words[1:] {
						ln.Box = unionBox(ln.Box, w.Box)
					}
				}
				words = cleanOCR(words)
				minH = inkHeight(words)
			}
			for _, w := range words {
				t := normalize.Space(w.Text)
				if t == "" {
					continue
				}
				conf := w.Conf
				if conf < 0 || conf > 1 || conf == 0 && p.Path != labrelay.PathOCR {
					conf = 1 // a text layer's word: no doubt; OCR's 0 is its own
				}
				h := math.Max(w.Box.H, minH)
				caps := p.Path == labrelay.PathOCR && capsWord(t)
				if caps && prevCaps {
					// an OCR box hugs the ink: a word of capitals is 0.76
					// of its em, and a caption in spaced capitals
					// ("CERTIFICATE  NO") is measured in ems as on a
					// text layer
					h = math.Max(w.Box.H/0.76, minH)
				}
				if p.Path == labrelay.PathOCR && cur != nil && w.Box.H > 1.5*minH {
					// a speck caught in a word's box ("Hexavalent" twice
					// its line's height) must not glue it to the unit
					// cell before it: its neighbour's height measures
					h = math.Max(math.Min(w.Box.H, prevH), minH)
				}
				grid := p.Path == labrelay.PathOCR && gridCell(w)
				word := cell{Text: t, Box: w.Box, Conf: conf}
				if cur != nil && w.Box.X-prevEnd <= gapFactor*h && !(grid && prevGrid && w.Box.X-prevEnd > 0.6*minH) {
					cur.Text += " " + t
					cur.Box = unionBox(cur.Box, w.Box)
					cur.Conf = math.Min(cur.Conf, conf)
					cur.words = append(cur.words, word)
				} else {
					ln.Cells = append(ln.Cells, cell{Text: t, Box: w.Box, Conf: conf, words: []cell{word}})
					cur = &ln.Cells[len(ln.Cells)-1]
				}
				prevEnd, prevH = w.Box.X+w.Box.W, w.Box.H
				prevGrid, prevCaps = grid, caps
			}
			if len(ln.Cells) == 0 {
				continue
			}
			if p.Path == labrelay.PathOCR {
				ln.Cells = joinRanges(ln.Cells)
			}
			ln.Text = lineText(ln.Cells)
			v.Lines = append(v.Lines, ln)
		}
	}
	splitAtEdges(v)
	splitAtCaptionColumns(v)
	all := make([]string, len(v.Lines))
	for i, ln := range v.Lines {
		all[i] = ln.Text
	}
	v.Text = strings.Join(all, "\n")
	return v
}

// capsWord reports a word of capital letters, a stop or a colon after:
// no digit, no descender.
func capsWord(t string) bool {
	t = strings.TrimRight(t, ".:：")
	if t == "" {
		return false
	}
	for _, r := range t {
		if !unicode.IsUpper(r) && r != '-' && r != '/' && r != '&' {
			return false
		}
	}
	return true
}

// lineText is a line's text: its cells two spaces apart.
func lineText(cells []cell) string {
	parts := make([]string, len(cells))
	for i, c := range cells {
		parts[i] = c.Text
	}
	return strings.Join(parts, "  ")
}

func unionBox(a, b labrelay.Box) labrelay.Box {
	x0, y0 := math.Min(a.X, b.X), math.Min(a.Y, b.Y)
	x1, y1 := math.Max(a.X+a.W, b.X+b.W), math.Max(a.Y+a.H, b.Y+b.H)
	return labrelay.Box{X: x0, Y: y0, W: x1 - x0, H: y1 - y0}
}

// fold prepares text for label comparison: lower case, full-width ASCII
// folded, runs of space collapsed. Label search folds every cell once per
// label, so results are memoised (foldMemo).
func fold(s string) string {
	if f, ok := foldMemo.get(s); ok {
		return f
	}
	f := foldText(s)
	foldMemo.put(s, f)
	return f
}

func foldText(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '’', '‘', '`':
			return '\''
		}
		return unicode.ToLower(r)
	}, foldWidth(s))
	return strings.Join(strings.Fields(s), " ")
}

// foldWidth is text.FoldWidth without the copy when s holds no
// full-width form: fold and capKey run for every label and cell.
func foldWidth(s string) string {
	for _, r := range s {
		if r == '\u3000' || r >= 0xFF01 && r <= 0xFF5E {
			return text.FoldWidth(s)
		}
	}
	return s
}

// cutLabel reports whether cell text t starts with label, and returns what
// follows it with separators (":", "：", dotted leaders) removed. The label
// must end at a word boundary.
func cutLabel(t, label string) (rest string, ok bool) {
	rest, _, ok = cutLabelSep(t, label)
	return rest, ok
}

// cutLabelSep is cutLabel that also says whether a separator (":", a
// dotted leader) stood between caption and value: "Lot: A1" is a caption
// and its value, "LOT A1" may be a value that starts like a caption.
func cutLabelSep(t, label string) (rest string, sep bool, ok bool) {
	ft, fl := fold(t), fold(strings.TrimRight(label, ":： "))
	if fl == "" {
		return "", false, false
	}
	if !strings.HasPrefix(ft, fl) {
		// Bilingual captions: "报告编号 Report No.:" matches "Report No.".
		p := cjkPrefix(t)
		if p == "" || isHan([]rune(fl)[0]) {
			return "", false, false
		}
		return cutLabelSep(strings.TrimSpace(t[len(p):]), label)
	}
	after := ft[len(fl):]
	if after != "" {
		r := []rune(after)[0]
		last := []rune(fl)[len([]rune(fl))-1]
		if (unicode.IsLetter(r) || unicode.IsDigit(r)) && (unicode.IsLetter(last) || unicode.IsDigit(last)) && !isHan(r) && !isHan(last) {
			return "", false, false
		}
	}
	// "Applicant Address: …" is not the label "Applicant" followed by a
	// value: a caption follows.
	if after != "" && !strings.ContainsAny(after[:1], ":：.…") && reCaptionNext.MatchString(strings.TrimSpace(after)) {
		return "", false, false
	}
	// Map the cut back onto the original text (fold keeps rune counts
	// except for collapsed spaces; redo the cut on the original).
	orig := cutOriginal(t, len([]rune(fl)))
	rest = strings.TrimLeft(orig, " .:：…·-_\t")
	sep = strings.ContainsAny(orig[:len(orig)-len(rest)], ":：…") || strings.Contains(orig[:len(orig)-len(rest)], "..") || strings.HasSuffix(fl, ":")
	// "(s)" and similar after the label belong to it: "Test Item(s):".
	if strings.HasPrefix(rest, "(s)") || strings.HasPrefix(rest, "(S)") {
		rest = strings.TrimLeft(rest[3:], " .:：…·-_\t")
	}
	rest = strings.TrimSpace(rest)
	// "SAMPLE CONDITION (ESTADO DE LA MUESTRA):" is not the label
	// "Sample" but a longer caption the lexicon knows
	if !sep && rest != "" && longerCaption(label, rest) {
		return "", false, false
	}
	// The same caption in a second language: "报告编号 Report No.:".
	if reCaptionOnly.MatchString(rest) {
		rest = ""
	}
	return rest, sep, true
}

// longerCaption reports a label the words after it make a longer
// caption of, of something else: "Sample" before "Condition" ("报告编号"
// before "Report No." is the same caption again).
func longerCaption(label, rest string) bool {
	fs := strings.Fields(rest)
	for n := 1; n <= min(2, len(fs)); n++ {
		k := capKey(label + " " + strings.Join(fs[:n], " "))
		if captionKeys()[k] && !sameFields(lexicon()[k], lexicon()[capKey(label)]) {
			return true
		}
	}
	return false
}

var reCaptionOnly = lazyRegexp(`^[\p{L}'’ ()/.]{1,40}[ .…·]*[:：]$`)

// cjkPrefix returns the run of Han characters (and spaces) a cell starts
// with when Latin text follows: the Chinese half of a bilingual caption.
func cjkPrefix(t string) string {
	han := false
	for j, r := range t {
		switch {
		case isHan(r):
			han = true
		case r == ' ' || r == '\u3000':
		default:
			if han && r < 0x2E80 {
				return t[:j]
			}
			return ""
		}
	}
	return ""
}

var reCaptionNext = lazyRegexp(`^[\p{L}'’ ()/]{1,30}[ .…·]*[:：]`)

// cutOriginal drops the first n non-space-collapsed runes of fold(t) from
// t, walking the original string.
func cutOriginal(t string, n int) string {
	rs := []rune(strings.Join(strings.Fields(t), " "))
	if n > len(rs) {
		return ""
	}
	return string(rs[n:])
}

// isHan reports a Han character: the Chinese half of a bilingual
// caption. Narrower than text.IsCJK (no kana, Hangul, CJK punctuation or
// full-width forms), which would start a prefix at "：" or in Japanese.
func isHan(r rune) bool {
	return unicode.Is(unicode.Han, r)
}

// hanOnly reports a non-empty s of Han characters only.
func hanOnly(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool { return !isHan(r) })
}

// isLabelish reports whether a cell looks like a caption rather than a
// value: it ends with a colon.
func isLabelish(t string) bool {
	t = strings.TrimSpace(t)
	return strings.HasSuffix(t, ":") || strings.HasSuffix(t, "：")
}

// above returns the cell of the line before i (same page) overlapping
// [x0,x1], within maxGap points.
func (v *view) above(i int, x0, x1, maxGap float64) (int, *cell) {
	base := v.Lines[i]
	for j := i - 1; j >= 0 && j >= i-2; j-- {
		ln := v.Lines[j]
		if ln.Page != base.Page || base.Box.Y-(ln.Box.Y+ln.Box.H) > maxGap {
			return -1, nil
		}
		for k := range ln.Cells {
			c := &ln.Cells[k]
			if c.Box.X < x1 && c.Box.X+c.Box.W > x0 {
				return j, c
			}
		}
	}
	return -1, nil
}

// below returns the index of the first line after i (same page) with a
// cell overlapping x-range [x0,x1], and that cell, within maxGap points.
func (v *view) below(i int, x0, x1, maxGap float64) (int, *cell) {
	base := v.Lines[i]
	bottom := base.Box.Y + base.Box.H
	for j := i + 1; j < len(v.Lines) && j <= i+3; j++ {
		ln := v.Lines[j]
		if ln.Page != base.Page || ln.Box.Y-bottom > maxGap {
			return -1, nil
		}
		for k := range ln.Cells {
			c := &ln.Cells[k]
			if c.Box.X < x1 && c.Box.X+c.Box.W > x0 {
				return j, c
			}
		}
	}
	return -1, nil
}

// sameLineRows joins two successive OCR rows that are one line: boxes
// over the same band (each covers nine tenths of the other's height) and
// words that interleave without overlapping ("Parameter ¦ Method ¦ Test"
// and "Ref. ¦ Result" of one header, which Tesseract gave as two lines).
func sameLineRows(rows []labrelay.Row) []labrelay.Row {
	var out []labrelay.Row
	for _, r := range rows {
		if n := len(out); n > 0 && len(r.Words) > 0 && oneBand(out[n-1].Box, r.Box) && interleaved(out[n-1].Words, r.Words) {
			p := &out[n-1]
			ws := append(slices.Clone(p.Words), r.Words...)
			slices.SortStableFunc(ws, func(a, b labrelay.Word) int { return cmp.Compare(a.Box.X, b.Box.X) })
			p.Words, p.Box = ws, unionBox(p.Box, r.Box)
			continue
		}
		out = append(out, r)
	}
	return out
}

func oneBand(a, b labrelay.Box) bool {
	top, bot := math.Max(a.Y, b.Y), math.Min(a.Y+a.H, b.Y+b.H)
	return bot-top >= 0.9*math.Max(a.H, b.H)
}

// interleaved reports two rows' words that share no x and whose spans
// cross: one row's words stand between the other's.
func interleaved(a, b []labrelay.Word) bool {
	for _, x := range a {
		for _, y := range b {
			if overlapX(x.Box, y.Box) {
				return false
			}
		}
	}
	aEnd, bEnd := a[len(a)-1].Box.X+a[len(a)-1].Box.W, b[len(b)-1].Box.X+b[len(b)-1].Box.W
	return a[0].Box.X < bEnd && b[0].Box.X < aEnd
}
