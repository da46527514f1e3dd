package ocr

import (
	"context"
	"image"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
	"github.com/labrelay/labrelay/extract/pageimage"
)

// Lost words. A signature drawn across a printed name ("Signed by:
// Helen Garcia" under a scribble) makes Tesseract take the line's
// stretch for a picture: the name's words are not read at all, or read
// in part ("Gar"), and the ink stays in a gap of the line. Such a stretch
// is read again alone, cropped to the line's height, so that the loops
// above and below the line, which spoiled its reading, are left out. The
// words it adds are a reading the page did not give: kept under the
// review threshold (rereadTextConf).

const (
	// lostInkMin is the least width of ink, over the line height, in a
	// gap between two words for the gap to have lost a word: a table rule
	// or a speck is narrower, a letter is about as wide.
	lostInkMin = 0.5
	// lostLead is how far after a line's last word, in line heights, a
	// word it lost is read with it (a caption's value a few letters off);
	// one farther off is read alone.
	lostLead = 3.0
	// lostGapEnd is the white run, over the line height, that ends the
	// ink after a stretch's last word.
	lostGapEnd = 0.8
	// lostMinConf is the least confidence of a re-read's words: a seal's
	// remnants read as letters, but unsurely.
	lostMinConf = 0.6
	// lostFarConf and lostFarInk are the least confidence and ink width
	// (in line heights) of a word lost far off its line's last word: a
	// seal's remnants at the page's edge read as "AIM" at 0.81.
	lostFarConf = 0.85
	lostFarInk  = 1.5
)

// readLostWords re-reads the stretches of lines whose ink the page
// reading left unread and returns the words with the new readings in
// place.
func (r *Reader) readLostWords(ctx context.Context, g *image.Gray, dpi float64, num int, words []labrelay.Word) ([]labrelay.Word, error) {
	lineH := lineHeight(words)
	regions := lostRegions(g, words, lineH)
	if len(regions) == 0 {
		return words, nil
	}
	boxes := make([]ocrproto.Cell, len(regions))
	for i, rg := range regions {
		boxes[i] = cellOf(rg.box)
	}
	reads, err := r.readBoxes(ctx, g, dpi, num, ocrproto.Request{Block: true}, boxes)
	if err != nil {
		return nil, err
	}
	for i, rg := range regions {
		if i >= len(reads) {
			break
		}
		minConf := lostMinConf
		if rg.far {
			minConf = lostFarConf
		}
		var was string
		words, was = addLost(words, rg.box, reads[i].Lines, minConf)
		r.log().Debug("ocr lost words", "page", num, "box", rg.box, "far", rg.far, "was", was, "reread", reads[i].Text, "reconf", reads[i].Conf)
	}
	return words, nil
}

// lostRegions are the stretches to read again, each cropped to its
// line's height: from the end of a sure word to the end of the next word
// on the line, when the gap between them holds ink of a word's width,
// and on past that word's end while its ink runs on (the rest of a name
// read in part); after a sure word that ends its line, the first run of
// ink a word wide (far: more than lostLead line heights off, a name's
// width, read alone).
func lostRegions(g *image.Gray, words []labrelay.Word, lineH float64) []lostRegion {
	if g == nil || lineH <= 0 {
		return nil
	}
	lineLike := func(w labrelay.Word) bool { return w.Box.H >= 0.6*lineH && w.Box.H <= 1.6*lineH }
	var out []lostRegion
	for _, a := range words {
		// a word read surely: a stretch after a garbled one (a Han
		// caption's leader dots) is the suspect re-read's
		if !lineLike(a) || a.Conf < suspectConf {
			continue
		}
		ar := rect(a.Box)
		// the next word on a's line
		var b *labrelay.Word
		for j := range words {
			w := &words[j]
			// (a doubtful word lines tall is the page reading's junk over
			// a seal or a signature, no word of the line)
			if w.Box.X < a.Box.X+a.Box.W || vOverlap(a.Box, w.Box) < 0.5*math.Min(a.Box.H, w.Box.H) || !lineLike(*w) && w.Conf < suspectConf {
				continue
			}
			if b == nil || w.Box.X < b.Box.X {
				b = w
			}
		}
		pad := int(0.1 * lineH)
		var rg image.Rectangle
		far := false
		if b == nil {
			// a's line's last word: a run of ink a word's width after it,
			// however far (another column's value), is a word it lost
			runs := inkStretches(inkColumns(g, image.Rect(ar.Max.X+pad, ar.Min.Y, g.Rect.Max.X, ar.Max.Y)), int(lostGapEnd*lineH))
			k := slices.IndexFunc(runs, func(r inkStretch) bool { return float64(r.ink) >= lostInkMin*lineH })
			if k < 0 {
				continue
			}
			x0, x1 := ar.Max.X+pad+runs[k].x0, ar.Max.X+pad+runs[k].x1
			if far = float64(x0-ar.Max.X) > lostLead*lineH; far {
				if float64(runs[k].ink) < lostFarInk*lineH {
					continue
				}
				ar.Max.X = x0 - 2*pad // the run alone
			}
			rg = image.Rect(ar.Max.X+pad, ar.Min.Y-pad, x1+pad, ar.Max.Y+pad)
		} else {
			br := rect(b.Box)
			if float64(br.Min.X-ar.Max.X) < lineH {
				continue // a word space, however wide a large font's
			}
			band := image.Rect(ar.Max.X, min(ar.Min.Y, br.Min.Y), br.Min.X, max(ar.Max.Y, br.Max.Y))
			if float64(inkWidth(g, band)) < lostInkMin*lineH {
				continue
			}
			end := inkEnd(g, image.Rect(br.Max.X, band.Min.Y, g.Rect.Max.X, band.Max.Y), words, lineH)
			rg = image.Rect(ar.Max.X+pad, band.Min.Y-pad, end+pad, band.Max.Y+pad)
		}
		rg = rg.Intersect(g.Rect)
		if !slices.ContainsFunc(out, func(o lostRegion) bool { return o.box.Overlaps(rg) }) {
			out = append(out, lostRegion{rg, far})
		}
	}
	return out
}

// lostRegion is a stretch to read again; far when it stands far off the
// line's last word, alone.
type lostRegion struct {
	box image.Rectangle
	far bool
}

func vOverlap(a, b labrelay.Box) float64 {
	return math.Min(a.Y+a.H, b.Y+b.H) - math.Max(a.Y, b.Y)
}

// inkColumns reports, for each column of r, whether it holds ink in the
// middle of r's height (a line's descenders and the next line's
// ascenders are outside it): two dark pixels or more.
func inkColumns(g *image.Gray, r image.Rectangle) []bool {
	r = r.Intersect(g.Rect)
	if r.Dx() < 1 || r.Dy() < 4 {
		return nil
	}
	t := min(pageimage.Otsu(g.SubImage(r).(*image.Gray)), 128)
	y0, y1 := r.Min.Y+r.Dy()/6, r.Max.Y-r.Dy()/6
	out := make([]bool, r.Dx())
	for x := r.Min.X; x < r.Max.X; x++ {
		n := 0
		for y := y0; y < y1 && n < 2; y++ {
			if g.GrayAt(x, y).Y < t {
				n++
			}
		}
		out[x-r.Min.X] = n >= 2
	}
	return out
}

// inkStretch is a stretch of columns with ink, no white run of the
// given width inside: x0, x1 its ends, ink its columns with ink.
type inkStretch struct{ x0, x1, ink int }

// inkStretches parts cols into stretches of ink separated by gap white
// columns or more.
func inkStretches(cols []bool, gap int) []inkStretch {
	var out []inkStretch
	white := gap
	for x, ink := range cols {
		if !ink {
			white++
			continue
		}
		if white >= gap || len(out) == 0 {
			out = append(out, inkStretch{x0: x})
		}
		r := &out[len(out)-1]
		r.x1, r.ink, white = x+1, r.ink+1, 0
	}
	return out
}

// inkWidth is the number of columns of r with ink (inkColumns).
func inkWidth(g *image.Gray, r image.Rectangle) int {
	n := 0
	for _, ink := range inkColumns(g, r) {
		if ink {
			n++
		}
	}
	return n
}

// inkEnd is where the ink running on from r's left edge ends: at a white
// run of lostGapEnd line heights, or at the next word read surely.
func inkEnd(g *image.Gray, r image.Rectangle, words []labrelay.Word, lineH float64) int {
	stop := r.Max.X
	for _, w := range words {
		wr := rect(w.Box)
		if w.Conf >= suspectConf && wr.Min.X >= r.Min.X && wr.Min.X < stop && float64(min(wr.Max.Y, r.Max.Y)-max(wr.Min.Y, r.Min.Y)) > 0.5*float64(r.Dy()) {
			stop = wr.Min.X
		}
	}
	cols := inkColumns(g, image.Rect(r.Min.X, r.Min.Y, stop, r.Max.Y))
	end, white := r.Min.X, 0
	for i, ink := range cols {
		if ink {
			end, white = r.Min.X+i+1, 0
			continue
		}
		if white++; float64(white) >= lostGapEnd*lineH {
			break
		}
	}
	return end
}

// wordLike reports a token of three letters or digits, or two Han.
func wordLike(t string) bool {
	n, han := 0, 0
	for _, c := range t {
		switch {
		case unicode.Is(unicode.Han, c):
			han++
		case unicode.IsLetter(c) || unicode.IsDigit(c):
			n++
		}
	}
	return n >= 3 || han >= 2
}

// addLost puts the lines read in region b, the marks at their ends
// dropped, in place of the words whose centre lies in it when they add
// two letters or more to those words, keep every one of them read
// surely, make one line, hold a word (wordLike) and read at minConf or
// more. It returns the words and what b held before.
func addLost(words []labrelay.Word, b image.Rectangle, lines []ocrproto.Word, minConf float64) ([]labrelay.Word, string) {
	var old, keep []labrelay.Word
	for _, w := range words {
		if image.Pt(int(w.Box.X+w.Box.W/2), int(w.Box.Y+w.Box.H/2)).In(b) {
			old = append(old, w)
		} else {
			keep = append(keep, w)
		}
	}
	was, _ := joined(old)
	lines = withoutRules(lines)
	// a signature's strokes read as marks at the ends ("\ 李建国 ~")
	for i := range lines {
		ts := strings.Fields(lines[i].Text)
		for len(ts) > 0 && !hasAlnum(ts[0]) {
			ts = ts[1:]
		}
		for len(ts) > 0 && !hasAlnum(ts[len(ts)-1]) {
			ts = ts[:len(ts)-1]
		}
		lines[i].Text = strings.Join(ts, " ")
	}
	lines = slices.DeleteFunc(lines, func(l ocrproto.Word) bool { return l.Text == "" })
	if len(lines) == 0 || lineCount(lines) != 1 || alnum(lines) < alnum([]ocrproto.Word{{Text: was}})+2 {
		return words, was
	}
	all := strings.Join(strings.Fields(joinedText(lines)), "")
	if losesSure(old, all, lines) {
		return words, was
	}
	for _, l := range lines {
		if l.Conf/100 < minConf {
			return words, was
		}
	}
	if !slices.ContainsFunc(strings.Fields(joinedText(lines)), wordLike) {
		return words, was // "an", "ue": a mark's reading, no word
	}
	for _, l := range lines {
		keep = append(keep, labrelay.Word{Text: l.Text, Conf: math.Min(l.Conf/100, rereadTextConf),
			Box: labrelay.Box{X: float64(l.X), Y: float64(l.Y), W: float64(l.W), H: float64(l.H)}})
	}
	return keep, was
}
