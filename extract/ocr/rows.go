package ocr

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/text"
)

// groupRows arranges words into rows the way the PDF text path does: words
// whose vertical extents overlap a row's core band by at least half the
// smaller height share the row; rows run top to bottom, words left to
// right. Tesseract's own lines are not used because it splits a table row
// into one block per column — rule packs need the whole row, and the word
// boxes keep the column gaps.
func groupRows(words []labrelay.Word) []labrelay.Row {
	ws := slices.Clone(words)
	slices.SortStableFunc(ws, func(a, b labrelay.Word) int {
		return cmpFloat(a.Box.Y+a.Box.H/2, b.Box.Y+b.Box.H/2)
	})
	lineH := lineHeight(words)
	var rows []*band
	for _, w := range ws {
		top, bottom := w.Box.Y, w.Box.Y+w.Box.H
		speck := isSpeck(w, lineH)
		var best *band
		bestRatio := 0.5
		// only recent rows can overlap: words are sorted by centre
		for i := len(rows) - 1; i >= 0 && i >= len(rows)-4; i-- {
			r := rows[i]
			ov := math.Min(bottom, r.bottom) - math.Max(top, r.top)
			h := math.Min(bottom-top, r.bottom-r.top)
			if h <= 0 || ov <= 0 {
				continue
			}
			if ratio := ov / h; ratio >= bestRatio {
				best, bestRatio = r, ratio
			}
		}
		if best == nil {
			rows = append(rows, &band{top: top, bottom: bottom, n: 1, words: []labrelay.Word{w}, speck: speck})
			continue
		}
		// Tall words (logos, merged glyphs) join a row but do not stretch
		// its band, so they cannot glue two text lines together. A band
		// of specks is no line's: the first word of text sets it (a speck
		// above a row's centre made a band two pixels high that every
		// word of the row joined and was cut to by fitTall).
		if best.speck && !speck {
			best.top, best.bottom, best.n, best.speck = top, bottom, 1, false
		} else if bottom-top <= 1.5*(best.bottom-best.top) {
			best.top = (best.top*float64(best.n) + top) / float64(best.n+1)
			best.bottom = (best.bottom*float64(best.n) + bottom) / float64(best.n+1)
			best.n++
		}
		best.words = append(best.words, w)
	}
	mergeFragments(rows, lineH)
	out := make([]labrelay.Row, 0, len(rows))
	for _, r := range rows {
		if len(r.words) == 0 {
			continue
		}
		slices.SortStableFunc(r.words, func(a, b labrelay.Word) int { return cmpFloat(a.Box.X, b.Box.X) })
		ws := joinCJK(fitTall(r.words, r.top, r.bottom))
		out = append(out, labrelay.Row{Words: ws, Box: labrelay.WordsBox(ws)})
	}
	slices.SortStableFunc(out, func(a, b labrelay.Row) int {
		return cmpFloat(a.Box.Y+a.Box.H/2, b.Box.Y+b.Box.H/2)
	})
	return out
}

// band is a row being grouped.
type band struct {
	top, bottom float64 // core band: mean top and bottom of members
	n           int
	words       []labrelay.Word
	speck       bool // its members are all specks
}

const (
	// fragMaxWords is the most words a band of fragments has, rules
	// read as "|" aside.
	fragMaxWords = 4
	// fragShare is the share of the line height, and of the height of
	// the band it joins, under which a band of fragments' core is (its
	// tall words, fitted later, do not count). A photo boxed a header's
	// "结果" 0.77 of the line's height: 0.75 left it a row of its own.
	fragShare = 0.85
	// fragOverlap is the share of its height by which a band of
	// fragments overlaps the band it joins: a tightly set line over the
	// next overlapped it by a fifth.
	fragOverlap = 0.3
)

// mergeFragments moves a band of a few short words into the neighbouring
// band it overlaps most. In a photo Tesseract read a header's "项目" as
// "项" and, 14 px higher, a 20 px "|" and a "目" boxed from there over
// the whole header (and "定量限" as "定量" and "限"):
// the fragments overlapped the header too little to join it, made a row
// of their own, and the header lost its item and MDL columns.
func mergeFragments(rows []*band, lineH float64) {
	if lineH <= 0 {
		return
	}
	fragment := func(b *band) bool {
		n := 0
		for _, w := range b.words {
			if hasAlnum(w.Text) {
				n++
			}
		}
		return n > 0 && n <= fragMaxWords && b.bottom-b.top < fragShare*lineH
	}
	for i, r := range rows {
		if !fragment(r) {
			continue
		}
		var best *band
		bestOv := 0.0
		for _, j := range []int{i - 1, i + 1} {
			if j < 0 || j >= len(rows) || fragment(rows[j]) || len(rows[j].words) == 0 {
				continue
			}
			o, h := rows[j], r.bottom-r.top
			if h >= fragShare*(o.bottom-o.top) || !fragmentsOf(r, o, lineH) {
				continue // a line of small print, or a line of its own
			}
			if ov := math.Min(r.bottom, o.bottom) - math.Max(r.top, o.top); ov >= fragOverlap*h && ov > bestOv {
				best, bestOv = o, ov
			}
		}
		if best == nil {
			continue
		}
		// the fragments' rules and quotes ("“|") are a rule's ends
		// above the header: they would glue its cells together; a
		// fragment boxed from above over the whole header is cut to it
		for _, w := range r.words {
			if !hasAlnum(w.Text) {
				continue
			}
			bottom := math.Min(w.Box.Y+w.Box.H, best.bottom)
			w.Box.Y = math.Max(w.Box.Y, best.top)
			w.Box.H = math.Max(bottom-w.Box.Y, 1)
			best.words = append(best.words, w)
		}
		r.words = nil
	}
}

// fragmentsOf reports whether each word of band r is a fragment of band
// o's line: short, or boxed over o's whole height. A word of full height
// that only grazes o ("= 1000" centred beside a wrapped item, in a band a
// speck started) is a line of its own.
func fragmentsOf(r, o *band, lineH float64) bool {
	for _, w := range r.words {
		short := w.Box.H < fragShare*lineH
		spans := w.Box.Y <= o.top && w.Box.Y+w.Box.H >= o.bottom
		if hasAlnum(w.Text) && !short && !spans {
			return false
		}
	}
	return true
}

// bandBoxes sets the top and bottom of each row's box to those of its
// words no taller than 1.3 times their median height, the way a text
// layer's line has its font's height: the union of all ink boxes
// stretched a row by its tallest word (a "≤" boxed with its cell's rule,
// a speck), and the rules read the rows' pitch from their boxes — a group
// heading ("Halogens") at row pitch seemed tight under the row above.
// (The words' median top and bottom did as well for rows, but spaced a
// wrapped list's lines apart: standards lost their continuation lines.)
func bandBoxes(rows []labrelay.Row) {
	for i := range rows {
		ws := rows[i].Words
		if len(ws) == 0 {
			continue
		}
		hs := make([]float64, len(ws))
		for k, w := range ws {
			hs[k] = w.Box.H
		}
		slices.Sort(hs)
		med := hs[len(hs)/2]
		var b labrelay.Box
		for _, w := range ws {
			if w.Box.H <= 1.3*med {
				b = b.Union(w.Box)
			}
		}
		rows[i].Box.Y, rows[i].Box.H = b.Y, b.H
	}
}

// isSpeck reports whether w is a speck or a rule's fragment: no letter or
// digit, and under flatShare of the page's line height lineH.
func isSpeck(w labrelay.Word, lineH float64) bool {
	return lineH > 0 && w.Box.H < flatShare*lineH && !hasAlnum(w.Text)
}

// fitTall sets the box of a word more than twice as tall as its row's
// core band to the band: Tesseract now and then boxes a word with the
// rule beside it or a speck far above, and the rules measure gaps in word
// heights, so such a word swallowed the next cell ("Concentration" and
// "Pass/Fail" read as one header).
func fitTall(ws []labrelay.Word, top, bottom float64) []labrelay.Word {
	h := bottom - top
	if len(ws) < 2 || h <= 0 {
		return ws
	}
	for i := range ws {
		b := &ws[i].Box
		if b.H > 2*h && b.Y <= top && b.Y+b.H >= bottom {
			b.Y, b.H = top, h
		}
	}
	return ws
}

// joinCJK joins words that Tesseract split between CJK characters: it
// reports every Han character or two as a word, where the printed text (and
// the PDF text path) has "陈立明" or "2026年11月11日". Two neighbours are
// joined when the characters meeting at the gap are both CJK and the gap is
// under 0.6 of the character height, or one is CJK and the other a digit
// and the gap is under a third of it (tuned on the bilingual fixture; a
// letter-spaced CJK line, "第 1 页", is joined too). The joined word keeps
// the lower confidence.
func joinCJK(ws []labrelay.Word) []labrelay.Word {
	out := ws[:0:0]
	for _, w := range ws {
		if n := len(out); n > 0 {
			p := &out[n-1]
			a, _ := utf8.DecodeLastRuneInString(p.Text)
			b, _ := utf8.DecodeRuneInString(w.Text)
			h := math.Max(p.Box.H, w.Box.H)
			gap := w.Box.X - (p.Box.X + p.Box.W)
			cjk := text.IsCJK(a) && text.IsCJK(b)
			mixed := text.IsCJK(a) && unicode.IsDigit(b) || text.IsCJK(b) && unicode.IsDigit(a)
			if cjk && gap < 0.6*h || mixed && gap < h/3 {
				p.Text += w.Text
				p.Box = p.Box.Union(w.Box)
				p.Conf = math.Min(p.Conf, w.Conf)
				continue
			}
		}
		out = append(out, w)
	}
	return out
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// superscriptSign is what Tesseract reads a raised "²" as, alone.
var superscriptSign = map[string]bool{"2": true, "3": true, "²": true, "?": true}

// attachSuperscripts joins the "²" of an area unit ("mg/dm²"), read as a
// word of its own ("3", "2", "?"), to its unit. The raised glyph, under
// 0.6 of the line height lineH, has its centre above its unit's and fell
// into the row above or stayed apart, and the unit read "mg/dm". Only
// "dm" and "cm" take it: areas per the migration tests that print them.
// The unit keeps at most vocabConf: the glyph is inferred.
func attachSuperscripts(ws []labrelay.Word, lineH float64) []labrelay.Word {
	if lineH <= 0 {
		return ws
	}
	drop := make([]bool, len(ws))
	for i, s := range ws {
		if !superscriptSign[s.Text] || s.Box.H >= 0.6*lineH {
			continue
		}
		for j := range ws {
			u := &ws[j]
			g := s.Box.X - (u.Box.X + u.Box.W)
			raised := s.Box.Y+s.Box.H/2 < u.Box.Y+u.Box.H/2 && s.Box.Y+s.Box.H > u.Box.Y
			if j == i || drop[j] || g < -2 || g > 0.4*lineH || !raised ||
				!(strings.HasSuffix(u.Text, "/dm") || strings.HasSuffix(u.Text, "/cm")) {
				continue
			}
			u.Text += "²"
			u.Box = u.Box.Union(s.Box)
			u.Conf = math.Min(math.Min(u.Conf, s.Conf), vocabConf)
			drop[i] = true
			break
		}
	}
	out := ws[:0:0]
	for i, w := range ws {
		if !drop[i] {
			out = append(out, w)
		}
	}
	return out
}
