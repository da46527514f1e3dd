package ocr

import (
	"context"
	"fmt"
	"image"
	"log/slog"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/pageimage"
)

// Letters and digits of codes, told by their shapes. A code mixes
// capitals and digits ("I79HS577", "LLSB2474808627O"), and Tesseract's
// language model reads its I as 1 and its O as 0, or the other way. The
// shapes differ in every common face: O is about as wide as it is tall,
// 0 two thirds; Q has a tail under the baseline; I is a bare stem, 1
// has a flag (and often a foot). Each such character of a code-shaped
// word is measured on the page, and the character its shape says is put
// in its place, in doubt.

const (
	// roundWide is the least width over height of an O; zeroNarrow the
	// most of a 0. Between them the shape does not say.
	roundWide  = 0.84
	zeroNarrow = 0.74
	// roundOver and zeroOver are the same against the median of the
	// word's other digits.
	roundOver = 1.2
	zeroOver  = 1.08
	// stemNarrow is the most width over height of a bare stem (I); a 1
	// with a flag only is 0.35 or more.
	stemNarrow = 0.25
)

// glyphBoxes returns the boxes of the glyphs of word w in g, left to
// right: its pieces of ink merged where they overlap across. ok is false
// when they are not as many as the word's characters (spaces aside).
func glyphBoxes(g *image.Gray, w labrelay.Word) (boxes []image.Rectangle, ok bool) {
	if g == nil {
		return nil, false
	}
	b := w.Box
	r := image.Rect(int(b.X), int(b.Y), int(b.X+b.W+0.5), int(b.Y+b.H+0.5)).Intersect(g.Rect)
	if r.Dx() < 4 || r.Dy() < 8 {
		return nil, false
	}
	t := pageimage.Otsu(g.SubImage(r).(*image.Gray))
	for _, c := range components(r, func(x, y int) bool { return g.Pix[g.PixOffset(x, y)] < t }) {
		if c.n < 3 {
			continue
		}
		boxes = append(boxes, c.box)
	}
	slices.SortFunc(boxes, func(a, b image.Rectangle) int { return a.Min.X - b.Min.X })
	var out []image.Rectangle
	for _, c := range boxes {
		if n := len(out); n > 0 && c.Min.X < out[n-1].Max.X-1 {
			out[n-1] = out[n-1].Union(c)
			continue
		}
		out = append(out, c)
	}
	return out, len(out) == utf8.RuneCountInString(strings.ReplaceAll(w.Text, " ", ""))
}

// codeShaped reports a word a code's confusable characters are measured
// in: five characters or more, capitals and digits (and hyphens,
// slashes; its first may be a bracket or a bar), a capital and a digit
// among them.
func codeShaped(t string) bool {
	if utf8.RuneCountInString(t) < 5 {
		return false
	}
	caps, digits := 0, 0
	for i, c := range t {
		switch {
		case i == 0 && strings.ContainsRune(openMarks, c):
			caps++ // an I or J read as a bracket: '{' of {79HS577
		case c >= 'A' && c <= 'Z':
			caps++
		case c >= '0' && c <= '9':
			digits++
		case c == '-' || c == '/':
		default:
			return false
		}
	}
	return caps > 0 && digits > 0
}

// openMarks are what OCR reads a code's first I or J as.
const openMarks = "{[(|"

// fixCodeGlyphs puts in each code's confusable characters (0 and O, O
// and Q, 1 and I, a first bracket and I or J) the one its shape on the
// page says, and keeps the word at most at disagreeConf when one
// changed.
func (r *Reader) fixCodeGlyphs(g *image.Gray, num int, rows []labrelay.Row) {
	for ri := range rows {
		for wi := range rows[ri].Words {
			w := &rows[ri].Words[wi]
			if !codeShaped(w.Text) || !strings.ContainsAny(w.Text, "0O1I"+openMarks+caseAlike) {
				continue
			}
			boxes, ok := glyphBoxes(g, *w)
			if !ok {
				continue
			}
			if r.log().Enabled(context.Background(), slog.LevelDebug) {
				var ratios []string
				for _, b := range boxes {
					ratios = append(ratios, fmt.Sprintf("%.2f/%d", float64(b.Dx())/float64(b.Dy()), b.Dy()))
				}
				r.log().Debug("ocr code glyphs", "page", num, "text", w.Text, "width/height", strings.Join(ratios, " "))
			}
			if t := codeByShape(w.Text, boxes); t != w.Text || smallCapital(w.Text, boxes) {
				w.Text, w.Conf = t, math.Min(w.Conf, disagreeConf)
			}
		}
	}
}

// caseAlike are the capitals whose small letters are the same shape
// smaller: OCR reads a code's small one ("RoHS-…") as the capital.
const caseAlike = "OCSVWXZ"

// smallCapital reports a capital of caseAlike in code t whose glyph is a
// small letter's: a tenth shorter than the word's capitals, its top
// under theirs, so the code's case is in doubt.
func smallCapital(t string, boxes []image.Rectangle) bool {
	tall, capTop, _ := capitalsBand(boxes)
	for i, c := range []rune(t) {
		if i < len(boxes) && strings.ContainsRune(caseAlike, c) && 10*boxes[i].Dy() <= 9*tall && 10*(boxes[i].Min.Y-capTop) >= tall {
			return true
		}
	}
	return false
}

// capitalsBand is the height of a code's capitals (the median of the
// glyphs over half the tallest: a J's descender, a hyphen aside), their
// top and their baseline (the median top and bottom of the glyphs that
// tall, a tenth either way).
func capitalsBand(boxes []image.Rectangle) (tall, capTop, base int) {
	top := 0
	for _, b := range boxes {
		top = max(top, b.Dy())
	}
	var hs []int
	for _, b := range boxes {
		if 2*b.Dy() >= top {
			hs = append(hs, b.Dy())
		}
	}
	slices.Sort(hs)
	tall = hs[len(hs)/2]
	var tops, bots []int
	for _, b := range boxes {
		if 10*b.Dy() >= 9*tall && 10*b.Dy() <= 11*tall {
			tops, bots = append(tops, b.Min.Y), append(bots, b.Max.Y)
		}
	}
	slices.Sort(tops)
	slices.Sort(bots)
	return tall, tops[len(tops)/2], bots[len(bots)/2]
}

// codeByShape returns t with the confusable characters that boxes (one
// per character) say are another put right. Only glyphs as tall as the
// word's capitals but a tenth are measured. A round glyph is told
// against the word's other digits when it has two or more (faces set
// digits to one width, and a photo's blur widens them all): an O is
// roundOver their median width for height or more, a 0 zeroOver or
// less; else against roundWide and zeroNarrow.
func codeByShape(t string, boxes []image.Rectangle) string {
	tall, capTop, base := capitalsBand(boxes)
	rs := []rune(t)
	ratio := func(i int) float64 { return float64(boxes[i].Dx()) / float64(boxes[i].Dy()) }
	var digits []float64
	for i, c := range rs {
		if c >= '2' && c <= '9' && 10*boxes[i].Dy() >= 9*tall {
			digits = append(digits, ratio(i))
		}
	}
	wide, narrow := roundWide, zeroNarrow
	if len(digits) >= 2 {
		slices.Sort(digits)
		m := digits[len(digits)/2]
		wide, narrow = max(roundOver*m, narrow), min(zeroOver*m, wide)
	}
	for i, c := range rs {
		if !strings.ContainsRune("0O1I"+openMarks, c) || 10*boxes[i].Dy() < 9*tall {
			continue
		}
		// a code's first I or J read as a bracket: a stem standing on the
		// baseline is I, one hooked under it J; a bracket printed rises
		// over the capitals
		if i == 0 && strings.ContainsRune(openMarks, c) {
			if 100*(capTop-boxes[i].Min.Y) > 4*tall {
				continue
			}
			switch under := boxes[i].Max.Y - base; {
			case 100*under >= 10*tall:
				rs[i] = 'J'
			case 100*under <= 3*tall && ratio(i) <= stemNarrow:
				rs[i] = 'I'
			}
			continue
		}
		// a round glyph with a tail under the baseline: Q ("HS8580-FO")
		if c == 'O' && 100*boxes[i].Dy() >= 108*tall && 100*(boxes[i].Max.Y-base) >= 6*tall {
			rs[i] = 'Q'
			continue
		}
		switch q := ratio(i); {
		case c == '0' && q >= wide:
			rs[i] = 'O'
		case c == 'O' && q <= narrow:
			rs[i] = '0'
		case c == '1' && q <= stemNarrow:
			rs[i] = 'I'
		}
	}
	return string(rs)
}
