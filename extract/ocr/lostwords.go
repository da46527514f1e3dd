package ocr

import (
	"context"
	"image"
	"math"
	"slices"
	"strings"

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
	// word it lost may start: a caption's value stands a few letters off.
	lostLead = 3.0
	// lostGapEnd is the white run, over the line height, that ends the
	// ink after a stretch's last word.
	lostGapEnd = 0.8
	// lostMinConf is the least confidence of a re-read's words: a seal's
	// remnants read as letters, but unsurely.
	lostMinConf = 0.6
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
	for i, b := range regions {
		boxes[i] = ocrproto.Cell{X: b.Min.X, Y: b.Min.Y, W: b.Dx(), H: b.Dy()}
	}
	reads, err := r.readBoxes(ctx, g, dpi, num, ocrproto.Request{Block: true}, boxes)
	if err != nil {
		return nil, err
	}
	for i, b := range regions {
		if i >= len(reads) {
			break
		}
		var was string
		words, was = addLost(words, b, reads[i].Lines)
		r.log().Debug("ocr lost words", "page", num, "box", b, "was", was, "reread", reads[i].Text, "reconf", reads[i].Conf)
	}
	return words, nil
}

// lostRegions are the stretches to read again: from the end of a word of
// a line of text to the end of the next word on the line, when the gap
// between them holds ink of a word's width, and on past that word's end
// while its ink runs on (the rest of a name read in part). Each is
// cropped to the two words' height.
func lostRegions(g *image.Gray, words []labrelay.Word, lineH float64) []image.Rectangle {
	if g == nil || lineH <= 0 {
		return nil
	}
	lineLike := func(w labrelay.Word) bool { return w.Box.H >= 0.6*lineH && w.Box.H <= 1.6*lineH }
	var out []image.Rectangle
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
			if w.Box.X < a.Box.X+a.Box.W || vOverlap(a.Box, w.Box) < 0.5*math.Min(a.Box.H, w.Box.H) {
				continue
			}
			if b == nil || w.Box.X < b.Box.X {
				b = w
			}
		}
		pad := int(0.1 * lineH)
		var rg image.Rectangle
		if b == nil {
			// a's line's last word: ink a word's width starting within
			// lostLead line heights after it is a word it lost
			look := image.Rect(ar.Max.X+pad, ar.Min.Y, ar.Max.X+int(lostLead*lineH), ar.Max.Y)
			start := -1
			for i, ink := range inkColumns(g, look) {
				if ink {
					start = look.Min.X + i
					break
				}
			}
			if start < 0 {
				continue
			}
			end := inkEnd(g, image.Rect(start, ar.Min.Y, g.Rect.Max.X, ar.Max.Y), words, lineH)
			if float64(end-start) < lostInkMin*lineH || float64(inkWidth(g, image.Rect(start, ar.Min.Y, end, ar.Max.Y))) < lostInkMin*lineH {
				continue
			}
			rg = image.Rect(ar.Max.X+pad, ar.Min.Y-pad, end+pad, ar.Max.Y+pad)
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
		if !slices.ContainsFunc(out, func(o image.Rectangle) bool { return o.Overlaps(rg) }) {
			out = append(out, rg)
		}
	}
	return out
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

// addLost puts the lines read in region b in place of the words whose
// centre lies in it when they add text to those words, keep every one of
// them read surely, make one line and are read with some confidence. It
// returns the words and what b held before.
func addLost(words []labrelay.Word, b image.Rectangle, lines []ocrproto.Word) ([]labrelay.Word, string) {
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
	if len(lines) == 0 || lineCount(lines) != 1 || alnum(lines) < alnum([]ocrproto.Word{{Text: was}})+2 {
		return words, was
	}
	all := strings.Join(strings.Fields(joinedText(lines)), "")
	if losesSure(old, all, lines) {
		return words, was
	}
	for _, l := range lines {
		if l.Conf/100 < lostMinConf {
			return words, was
		}
	}
	for _, l := range lines {
		keep = append(keep, labrelay.Word{Text: l.Text, Conf: math.Min(l.Conf/100, rereadTextConf),
			Box: labrelay.Box{X: float64(l.X), Y: float64(l.Y), W: float64(l.W), H: float64(l.H)}})
	}
	return keep, was
}
