package ocr

import (
	"context"
	"errors"
	"image"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
	"github.com/labrelay/labrelay/extract/pageimage"
)

// Accented Latin words. eng has no model of most diacritics: it reads
// "Sánchez" as "Sanchez", "Migración" as "Migracién", "Krüger" as
// "Kruger", confidently. The page shows them: a mark over a letter (an
// acute, a tilde, an umlaut's two dots) is a small blob above the
// letters, apart from them; a dot fills its box, an accent's stroke
// half of it. A word with marks its eng reading lacks is read again in
// Spanish and in German (2 MB models; Latin, which reads both, is an
// 89 MB model that took 2.2 s to load here, in every worker). A
// reading that differs from eng's in diacritics only, with the marks
// seen, replaces it, at most at disagreeConf: two models disagreed.

// accentLangs are the models a marked word is read again in, one
// request each: Spanish for a word with an accent's stroke, German for
// one with an umlaut's dots. Each request loads its model in the worker
// (eng, of the same size, loads in 0.15 s), so a page asks only for the
// ones it needs.
var accentLangs = []string{"spa", "deu"}

// accentMaxWords bounds the words read again on a page: more is a noisy
// photo's specks, not a page of names.
const accentMaxWords = 24

// accentWord is a word of a row with marks eng did not read.
type accentWord struct {
	row, word int
	marks     marks   // seen above the letters
	langs     [2]bool // which of accentLangs to read it in
	box       ocrproto.Cell
}

// findAccentWords lists the words with marks eng did not read (a stroke,
// or an umlaut: two dots side by side or two more than the i's and j's
// have), and those with an accent eng read, as it reads any accent: é or
// a digit ("Migracién").
func findAccentWords(g *image.Gray, rows []labrelay.Row) []accentWord {
	var out []accentWord
	for ri, r := range rows {
		for wi, w := range r.Words {
			if !accentCandidate(w.Text) || w.Box.H < 12 {
				continue
			}
			m, pairs := marksAbove(g, w.Box)
			read := marksOf(w.Text)
			unread := m.strokes > read.strokes || pairs > 0 && m.dots > read.dots || m.dots >= read.dots+2
			if !unread && (m.strokes == 0 || !strings.ContainsFunc(w.Text, func(c rune) bool { return marked(c) || unicode.IsDigit(c) })) {
				continue
			}
			px, py := 0.15*w.Box.H, 0.4*w.Box.H
			out = append(out, accentWord{row: ri, word: wi, marks: m, langs: [2]bool{m.strokes > 0, m.dots > read.dots}, box: ocrproto.Cell{
				X: int(w.Box.X - px), Y: int(w.Box.Y - py), W: int(w.Box.W + 2*px + 0.5), H: int(w.Box.H + 1.25*py + 0.5)}})
		}
	}
	if len(out) > accentMaxWords {
		return out[:0]
	}
	return out
}

// accentCandidate reports a word of three or more Latin letters that may
// carry a diacritic eng misread: letters only, but for trailing
// punctuation and a digit inside ("Migraci6n").
func accentCandidate(t string) bool {
	t = strings.TrimRight(t, ".,;:")
	if utf8.RuneCountInString(t) < 3 {
		return false
	}
	digits := 0
	for i, c := range []rune(t) {
		switch {
		case unicode.Is(unicode.Latin, c):
		case unicode.IsDigit(c) && i > 0:
			digits++
		default:
			return false
		}
	}
	return digits <= 1 && strings.ContainsFunc(t, unicode.IsLower)
}

// marks are the blobs over a word's letters: dots (an i's, a j's, an
// umlaut's two) and strokes (an acute, a grave, a circumflex, a tilde).
type marks struct{ dots, strokes int }

// marksOf is the marks the letters of t print.
func marksOf(t string) marks {
	var m marks
	for _, c := range t {
		if c == 'i' || c == 'j' {
			m.dots++
			continue
		}
		for _, d := range norm.NFD.String(string(c)) {
			switch d {
			case '\u0308':
				m.dots += 2
			case '\u0301', '\u0300', '\u0302', '\u0303':
				m.strokes++
			}
		}
	}
	return m
}

// marked reports a letter with a diacritic.
func marked(c rune) bool { return marksOf(string(c)) != marks{} && c != 'i' && c != 'j' }

// marksAbove counts the small blobs above the letters of the word in box
// b: pieces of ink no taller than 0.6 of the letters' body whose bottom
// stands above the body's top, over a letter. A dot fills its box; an
// accent's stroke, slanted or bent, half of it, and is bigger than a
// speck. pairs counts the dots side by side (umlauts). The box is searched
// a little above its top, as Tesseract's box may leave a mark out; a
// piece cut by the search's top edge belongs to the line above.
func marksAbove(g *image.Gray, b labrelay.Box) (marks, int) {
	up := 0.4 * b.H
	r := image.Rect(int(b.X), int(b.Y-up), int(b.X+b.W+0.5), int(b.Y+b.H+0.5)).Intersect(g.Rect)
	if r.Dx() < 6 || r.Dy() < 8 {
		return marks{}, 0
	}
	t := pageimage.Otsu(g.SubImage(r).(*image.Gray))
	cs := components(r, func(x, y int) bool { return g.Pix[g.PixOffset(x, y)] < t })
	// the letters: pieces reaching the word's lower half (touching
	// letters make one piece); their body is the rows most of their ink
	// crosses, from the x-height to the baseline
	mid := int(b.Y + 0.55*b.H)
	var letters []image.Rectangle
	rowInk := make([]int, r.Dy())
	w := r.Dx()
	for _, c := range cs {
		if c.box.Max.Y <= mid {
			continue
		}
		letters = append(letters, c.box)
		for _, p := range c.pix {
			rowInk[p/w]++
		}
	}
	body, base := bodyRows(rowInk)
	if body < 0 {
		return marks{}, 0
	}
	body += r.Min.Y
	xh := float64(base + r.Min.Y - body)
	if xh < 5 {
		return marks{}, 0
	}
	var m marks
	pairs := 0
	var dotBoxes []image.Rectangle
	for _, c := range cs {
		if c.box.Min.Y <= r.Min.Y || c.box.Max.Y > body+int(0.1*xh) || float64(c.box.Dy()) > 0.6*xh ||
			float64(c.box.Dx()) > 1.2*xh || c.n < max(3, int(0.01*xh*xh)) {
			continue
		}
		if !overLetter(c.box, letters) {
			continue
		}
		switch fill := float64(c.n) / float64(c.box.Dx()*c.box.Dy()); {
		case fill >= 0.7:
			m.dots++
			for _, d := range dotBoxes {
				if pairedDots(d, c.box, xh) {
					pairs++
				}
			}
			dotBoxes = append(dotBoxes, c.box)
		case float64(c.n) >= 0.045*xh*xh && float64(max(c.box.Dx(), c.box.Dy())) >= 0.3*xh:
			m.strokes++ // a speck is smaller
		}
	}
	return m, pairs
}

// pairedDots reports two dots side by side at one height: an umlaut's.
func pairedDots(a, b image.Rectangle, xh float64) bool {
	ca, cb := float64(a.Min.Y+a.Max.Y)/2, float64(b.Min.Y+b.Max.Y)/2
	gap := float64(max(a.Min.X, b.Min.X) - min(a.Max.X, b.Max.X))
	return math.Abs(ca-cb) < 0.25*xh && gap >= 0 && gap < 0.5*xh
}

// bodyRows is the first and last row of a word's body in its rows' ink:
// the rows with at least half the most inked row's; -1 for none.
func bodyRows(rowInk []int) (int, int) {
	most := slices.Max(rowInk)
	if most == 0 {
		return -1, -1
	}
	first, last := -1, -1
	for y, n := range rowInk {
		if 2*n >= most {
			if first < 0 {
				first = y
			}
			last = y
		}
	}
	return first, last + 1
}

// overLetter reports a mark standing over one of the letters' pieces.
func overLetter(m image.Rectangle, letters []image.Rectangle) bool {
	for _, l := range letters {
		if m.Min.X < l.Max.X && m.Max.X > l.Min.X {
			return true
		}
	}
	return false
}

// readAccents reads the words findAccentWords found again in each of
// accentLangs and puts a reading with the marks seen in the word's
// place.
func (r *Reader) readAccents(ctx context.Context, g *image.Gray, dpi float64, num int, rows []labrelay.Row) error {
	words := findAccentWords(g, rows)
	r.log().Debug("ocr accent words", "page", num, "n", len(words))
	if len(words) == 0 {
		return nil
	}
	best := make([]string, len(words))
	bestConf := make([]float64, len(words))
	for li, lang := range accentLangs {
		var boxes []ocrproto.Cell
		var at []int // the words read in lang, by cell
		for i, w := range words {
			if w.langs[li] {
				boxes = append(boxes, w.box)
				at = append(at, i)
			}
		}
		if len(at) == 0 {
			continue
		}
		reads, err := r.readBoxes(ctx, g, dpi, num, ocrproto.Request{Languages: []string{lang}}, boxes)
		if errors.Is(err, ErrTesseract) {
			continue // the model is not installed: eng's reading stands
		}
		if err != nil {
			return err
		}
		for k, i := range at {
			if k >= len(reads) {
				break
			}
			w := words[i]
			text, conf := strings.TrimSpace(reads[k].Text), reads[k].Conf/100
			was := rows[w.row].Words[w.word].Text
			r.log().Debug("ocr accent", "page", num, "lang", lang, "was", was, "marks", w.marks, "reread", text, "reconf", conf)
			t, ok := withAccents(was, text)
			if conf < minReadConf || !ok || marksOf(t) != w.marks {
				continue
			}
			if best[i] == "" || conf > bestConf[i] {
				best[i], bestConf[i] = t, conf
			}
		}
	}
	for i, w := range words {
		if best[i] == "" {
			continue
		}
		wd := &rows[w.row].Words[w.word]
		wd.Text, wd.Conf = best[i], math.Min(math.Min(wd.Conf, bestConf[i]), disagreeConf)
	}
	return nil
}

// withAccents is word was with the marked letters of its reading re
// where they differ: letter for letter, each other letter of re a marked
// letter whose base was read plain, in the other case, marked otherwise
// or as a digit ("Migraci6n", "LOpez", "Migracién" for "Migración"). The
// other letters keep eng's case ("sánchez" for "Sanchez" is "Sánchez").
// ok is false for a reading that differs otherwise, or not at all;
// punctuation after the letters is left as eng read it.
func withAccents(was, re string) (string, bool) {
	// a word's punctuation is eng's ("Prüfer:" for "Prufer", the colon
	// a word of its own)
	core := strings.TrimRight(was, ".,;:")
	a, b := []rune(core), []rune(strings.TrimRight(re, ".,;:"))
	if len(a) != len(b) {
		return "", false
	}
	out := slices.Clone(a)
	changed := false
	for i := range a {
		if a[i] == b[i] || unicode.ToLower(a[i]) == unicode.ToLower(b[i]) && !marked(b[i]) {
			continue
		}
		if !marked(b[i]) {
			return "", false
		}
		base := []rune(norm.NFD.String(string(b[i])))[0]
		switch {
		case unicode.ToLower(a[i]) == base, unicode.IsDigit(a[i]), marked(a[i]):
		default:
			return "", false
		}
		// the mark on eng's case: "É" for a capital read "E"
		if unicode.IsUpper(a[i]) && i == 0 {
			out[i] = unicode.ToUpper(b[i])
		} else {
			out[i] = unicode.ToLower(b[i])
		}
		changed = true
	}
	return string(out) + was[len(core):], changed
}
