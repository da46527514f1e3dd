package pdf

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	lpdf "github.com/ledongthuc/pdf"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/text"
)

// glyph is one decoded character with its position, y measured from the
// top of the page to the baseline.
type glyph struct {
	x, base, w, fs float64
	s              string
	space          bool
}

// blankReason marks a page with no content stream at all: a blank page,
// not an unreadable one.
const blankReason = "blank page"

// readPage reads page i's text layer into rows. Panics inside the parser
// become errors.
func readPage(r *lpdf.Reader, i int) (p labrelay.Page, err error) {
	p = labrelay.Page{Number: i, Width: 612, Height: 792, Unit: "pt", Path: labrelay.PathPDFText, Rows: []labrelay.Row{}}
	defer func() {
		if x := recover(); x != nil {
			err = fmt.Errorf("page cannot be parsed: %s", text.OneLine(panicError(x).Error()))
		}
	}()
	pg := r.Page(i)
	if pg.V.IsNull() {
		return p, fmt.Errorf("page %d is missing from the page tree", i)
	}
	x0, top := 0.0, 792.0
	if mb := inherited(pg.V, "MediaBox"); mb.Len() == 4 {
		a, b, c, d := mb.Index(0).Float64(), mb.Index(1).Float64(), mb.Index(2).Float64(), mb.Index(3).Float64()
		if c-a > 10 && d-b > 10 && c-a < 20000 && d-b < 20000 {
			x0, top = math.Min(a, c), math.Max(b, d)
			p.Width, p.Height = math.Abs(c-a), math.Abs(d-b)
		}
	}
	if pg.V.Key("Contents").IsNull() {
		p.Reason = blankReason
		return p, nil
	}
	raw := pageGlyphs(pg)
	gs := make([]glyph, 0, len(raw))
	for _, g := range raw {
		if g.fs < 0.5 || g.fs > 500 {
			continue
		}
		g.x -= x0
		g.base = top - g.base
		gs = append(gs, g)
	}
	p.Rows = rows(gs)
	return p, nil
}

// rows groups glyphs into rows (shared baseline) and words (runs of glyphs
// without a space or a gap between them).
func rows(gs []glyph) []labrelay.Row {
	if len(gs) == 0 {
		return []labrelay.Row{}
	}
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].base < gs[j].base })
	var lines [][]glyph
	start := 0
	for i := 1; i <= len(gs); i++ {
		if i < len(gs) {
			// A glyph joins the line when its baseline is near the
			// previous glyph's and the line spans under 0.6 of the font
			// size: a value set a few points lower than its caption
			// (a vertically centred cell) is on the caption's line, as
			// a reader sees it; two lines of text never are.
			fs := math.Min(gs[i].fs, gs[start].fs)
			if gs[i].base-gs[i-1].base <= 0.4*fs && gs[i].base-gs[start].base <= 0.6*fs {
				continue
			}
		}
		lines = append(lines, gs[start:i])
		start = i
	}
	lines = mergeMarks(lines)
	out := make([]labrelay.Row, 0, len(lines))
	for _, ln := range lines {
		sort.SliceStable(ln, func(i, j int) bool { return ln[i].x < ln[j].x })
		if row := lineRow(ln); len(row.Words) > 0 {
			out = append(out, row)
		}
	}
	return out
}

// inherited returns a page attribute, looking up the page tree.
func inherited(v lpdf.Value, key string) lpdf.Value {
	for i := 0; i < 64 && !v.IsNull(); i++ {
		if r := v.Key(key); !r.IsNull() {
			return r
		}
		v = v.Key("Parent")
	}
	return lpdf.Value{}
}

// mergeMarks joins a line of a few small raised or lowered glyphs
// (footnote marks, superscripts) to the neighbouring line it sits on.
func mergeMarks(lines [][]glyph) [][]glyph {
	maxFS := func(ln []glyph) float64 {
		m := 0.0
		for _, g := range ln {
			m = math.Max(m, g.fs)
		}
		return m
	}
	out := lines[:0:0]
	for i := 0; i < len(lines); i++ {
		ln := lines[i]
		blank := true
		for _, g := range ln {
			blank = blank && g.space
		}
		if blank {
			continue // stray spaces belong to no row
		}
		if len(ln) <= 3 {
			fs, base := maxFS(ln), ln[0].base
			target := -1
			for _, j := range []int{i + 1, i - 1} {
				if j < 0 || j >= len(lines) || len(lines[j]) <= len(ln) {
					continue
				}
				nfs := maxFS(lines[j])
				if fs <= nfs && math.Abs(lines[j][0].base-base) < 0.6*nfs {
					target = j
					break
				}
			}
			if target == i+1 {
				lines[i+1] = append(append([]glyph(nil), lines[i+1]...), ln...)
				continue
			}
			if target == i-1 && len(out) > 0 {
				out[len(out)-1] = append(append([]glyph(nil), out[len(out)-1]...), ln...)
				continue
			}
		}
		out = append(out, ln)
	}
	return out
}

func width(g glyph) float64 {
	if g.w > 0 {
		return g.w
	}
	r, _ := utf8.DecodeRuneInString(g.s)
	if wide(r) {
		return g.fs
	}
	return 0.55 * g.fs
}

func wide(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) ||
		unicode.Is(unicode.Hangul, r) || (r >= 0xFF00 && r <= 0xFFEF) || (r >= 0x3000 && r <= 0x303F)
}

func lineRow(ln []glyph) labrelay.Row {
	var row labrelay.Row
	var b strings.Builder
	var cur *glyph
	var wx0, wx1, wtop, wbot float64
	flush := func() {
		if b.Len() > 0 {
			row.Words = append(row.Words, labrelay.Word{
				Text: b.String(),
				Box:  labrelay.Box{X: round(wx0), Y: round(wtop), W: round(wx1 - wx0), H: round(wbot - wtop)},
				Conf: 1,
			})
		}
		b.Reset()
		cur = nil
	}
	letter := letterGap(ln)
	var prev *glyph
	for i := range ln {
		g := &ln[i]
		if prev != nil && !g.space && !prev.space && g.s == prev.s && math.Abs(g.x-prev.x) < 0.15*g.fs {
			continue // the same glyph drawn twice (fake bold, shadow)
		}
		prev = g
		if g.space {
			// A space drawn over the previous glyph (some writers emit
			// a trailing space at a stale position) separates nothing.
			if cur != nil && g.x < cur.x+width(*cur)-0.5*width(*g) {
				continue
			}
			flush()
			continue
		}
		if cur != nil {
			gap := g.x - (cur.x + width(*cur))
			// A gap wider than the line's usual gap between letters by
			// 0.15 of the size is a word break a reader sees, space glyph
			// or not (poppler breaks at 0.1); kerning is a few hundredths.
			lim := (letter + 0.15) * g.fs
			if cur.w <= 0 {
				lim = math.Max(lim, 0.3*g.fs)
			}
			if gap > lim || gap < -2*g.fs {
				flush()
			}
		}
		if b.Len() == 0 {
			wx0, wx1 = g.x, g.x+width(*g)
			wtop, wbot = g.base-0.8*g.fs, g.base+0.2*g.fs
		}
		b.WriteString(g.s)
		wx1 = math.Max(wx1, g.x+width(*g))
		wtop = math.Min(wtop, g.base-0.8*g.fs)
		wbot = math.Max(wbot, g.base+0.2*g.fs)
		cur = g
	}
	flush()
	if len(row.Words) > 0 {
		row.Box = rowBox(row.Words)
	}
	return row
}

// letterGap is a line's usual gap between neighbouring glyphs, as a
// fraction of the font size: the median over pairs not split by a space
// glyph, most of which are letters of one word; 0 for tight type, more
// for letter-spaced type, at most 0.3.
func letterGap(ln []glyph) float64 {
	var gaps []float64
	for i := 1; i < len(ln); i++ {
		a, b := ln[i-1], ln[i]
		if a.space || b.space || a.w <= 0 || b.fs <= 0 {
			continue
		}
		gaps = append(gaps, (b.x-(a.x+a.w))/b.fs)
	}
	if len(gaps) < 3 {
		return 0
	}
	slices.Sort(gaps)
	return math.Max(0, math.Min(0.3, gaps[len(gaps)/2]))
}

// rowBox is the union of the words' boxes, to the hundredth of a point
// like the words' own.
func rowBox(ws []labrelay.Word) labrelay.Box {
	b := labrelay.WordsBox(ws)
	return labrelay.Box{X: round(b.X), Y: round(b.Y), W: round(b.W), H: round(b.H)}
}

func round(f float64) float64 { return math.Round(f*100) / 100 }

// unusable says why a page's rows cannot be trusted, or "" when they can.
func unusable(p *labrelay.Page) string {
	if p.Reason == blankReason {
		p.Reason = ""
		return ""
	}
	total, bad, maxRow := 0, 0, 0
	for _, r := range p.Rows {
		n := 0
		for _, w := range r.Words {
			for _, c := range w.Text {
				n++
				if suspicious(c) {
					bad++
				}
			}
		}
		total += n
		maxRow = max(maxRow, n)
	}
	switch {
	case total == 0:
		return "the page has no text"
	case total >= 8 && float64(bad) > 0.15*float64(total):
		return fmt.Sprintf("%d%% of the characters are unreadable symbols", 100*bad/total)
	case total > 300 && len(p.Rows) < 3, total > 400 && float64(maxRow) > 0.8*float64(total):
		return "the text runs together into one row"
	}
	return ""
}

// latin1OK are Latin-1 characters that real reports print; the others in
// U+0080–U+00FF are what undecodable (Type 3) glyphs turn into.
const latin1OK = "\u00a0°±×÷²³¹µ·©®§¼½¾ºªÄÖÜäöüßéèêëàâáãíìîïóòôõúùûçñÉÈÀÂÅåøØÆæÇÑÓÚÍ«»¬¦¢£¥€"

func suspicious(c rune) bool {
	switch {
	case c == utf8.RuneError:
		return true
	case c < 0x20, c >= 0x7f && c < 0xa0:
		return true
	case c >= 0xa0 && c <= 0xff:
		return !strings.ContainsRune(latin1OK, c)
	case c >= 0xe000 && c <= 0xf8ff: // private use area
		return true
	}
	return false
}
