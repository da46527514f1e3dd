package ocr

import (
	"context"
	"image"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
	"github.com/labrelay/labrelay/extract/pageimage"
)

// Text cell re-reads. A table cell whose text wraps over two lines, with
// a one-line cell centred beside it ("N.D." between "EN 13130-23:2005 /
// UV-VIS" and "spectrophotometry"), is now and then taken by the page
// reading for one tall line and read as nonsense at confidence near 0
// ("niagara sini lies"). Such a word is read again alone, its ruled cell
// (or its own box outside a ruled table) cropped and read as a block of
// lines. The new lines replace it only when read with clearly more
// confidence, and keep at most rereadTextConf: a changed reading is never
// auto-accepted on one reading's word.

const (
	// suspectConf is the confidence under which a word is read again.
	// Measured on the dev scans: rows .727 at 0.6, .739 at 0.75, .761 at
	// 0.85.
	suspectConf = 0.85
	// rereadTextConf caps the lines of a text cell read again that the
	// page reading did not give: under every pack's review threshold.
	rereadTextConf = 0.8
	// rereadGain is how much more sure the re-read must be.
	rereadGain = 0.15
	// minTextConf is the least confidence of a re-read that replaces
	// nonsense: its lines go to review anyway (rereadTextConf).
	minTextConf = 0.3
	// cellInset keeps a ruled cell's crop clear of its rules.
	cellInset = 5
)

// rereadText re-reads the suspect words of a page as blocks and returns
// the words with the better readings in their place. A region that
// joined a wide one-glyph word to its neighbours and read no better is
// read again without it: the glyph is as often a caption's lost words
// ("已上 JEL 全" for "MODEL NO.") as its leader dots ("FAGUOLY 让" for
// "Factory ......", which alone reads "Factory").
func (r *Reader) rereadText(ctx context.Context, g *image.Gray, dpi float64, num int, words []labrelay.Word, rl pageimage.Rulings) ([]labrelay.Word, error) {
	lineH := lineHeight(words)
	regions := suspectRegions(words, rl, lineH)
	sure := pageTokens(words)
	for pass := 0; pass < 2 && len(regions) > 0; pass++ {
		boxes := make([]ocrproto.Cell, len(regions))
		for i, rg := range regions {
			boxes[i] = cellOf(rg.box)
		}
		reads, err := r.readBoxes(ctx, g, dpi, num, ocrproto.Request{Block: true}, boxes)
		if err != nil {
			return nil, err
		}
		var retry []region
		for i, rg := range regions {
			if i >= len(reads) {
				break
			}
			var was string
			n := len(words)
			words, was = replaceIn(words, rg.box, reads[i].Lines, lineH, sure)
			r.log().Debug("ocr text cell", "page", num, "box", rg.box, "was", was, "reread", reads[i].Text, "reconf", reads[i].Conf)
			if n == len(words) && was != "" && !rg.plain.Empty() && rg.plain != rg.box && sameWords(words, was, rg.box) {
				retry = append(retry, region{box: rg.plain})
			}
		}
		regions = retry
	}
	return words, nil
}

// sameWords reports whether the words in b still read was: the region
// was left as it was.
func sameWords(words []labrelay.Word, was string, b image.Rectangle) bool {
	var in []labrelay.Word
	for _, w := range words {
		if image.Pt(int(w.Box.X+w.Box.W/2), int(w.Box.Y+w.Box.H/2)).In(b) {
			in = append(in, w)
		}
	}
	now, _ := joined(in)
	return now == was
}

// region is a box to read again; plain is the part of it without wide
// one-glyph words, to read if the whole reads no better.
type region struct {
	box, plain image.Rectangle
}

// lineHeight is the median height of the page's sure words: a line's.
func lineHeight(words []labrelay.Word) float64 {
	var hs []float64
	for _, w := range words {
		if w.Conf >= 0.8 {
			hs = append(hs, w.Box.H)
		}
	}
	if len(hs) == 0 {
		return 0
	}
	slices.Sort(hs)
	return hs[len(hs)/2]
}

// suspectRegions are the boxes to read again: the ruled cell of each
// suspect word, or where no ruling encloses it the word's own box padded
// and joined with its suspect neighbours on the line. A word is suspect
// when read with little confidence; one glyph only when it is as wide
// as two lines (a cell read as "人").
func suspectRegions(words []labrelay.Word, rl pageimage.Rulings, lineH float64) []region {
	if lineH <= 0 {
		return nil
	}
	var cells []image.Rectangle
	var free []region
	for _, w := range words {
		glyph := len([]rune(strings.TrimSpace(w.Text))) < 2
		if w.Conf >= suspectConf || glyph && w.Box.W < 2*lineH {
			continue
		}
		wb := rect(w.Box)
		c, inCell := rl.CellOf((wb.Min.X+wb.Max.X)/2, (wb.Min.Y+wb.Max.Y)/2)
		// a word may run over a column rule into the next cell ("te" for
		// "chromatography" and "N.D."): the cell of its centre is read
		inCell = inCell && wb.Min.Y >= c.Min.Y-cellInset && wb.Max.Y <= c.Max.Y+cellInset && float64(c.Dy()) < 6*lineH && c.Dx() > 2*cellInset && c.Dy() > 2*cellInset
		if inCell {
			b := c.Inset(cellInset)
			if !slices.ContainsFunc(cells, func(o image.Rectangle) bool { return o.Overlaps(b) }) {
				cells = append(cells, b)
			}
			continue
		}
		rg := region{box: wb.Inset(-int(0.25 * lineH))}
		if !glyph {
			rg.plain = rg.box
		}
		free = append(free, rg)
	}
	out := make([]region, 0, len(cells)+len(free))
	for _, c := range cells {
		out = append(out, region{box: c})
	}
	for _, rg := range joinNear(free, int(1.5*lineH)) {
		if !slices.ContainsFunc(cells, func(o image.Rectangle) bool { return o.Overlaps(rg.box) }) {
			out = append(out, rg)
		}
	}
	return out
}

// joinNear joins regions on one line less than gap apart.
func joinNear(rs []region, gap int) []region {
	for i := 0; i < len(rs); i++ {
		for j := i + 1; j < len(rs); j++ {
			a, b := rs[i].box, rs[j].box
			ov := min(a.Max.Y, b.Max.Y) - max(a.Min.Y, b.Min.Y)
			if ov > min(a.Dy(), b.Dy())/2 && max(a.Min.X, b.Min.X)-min(a.Max.X, b.Max.X) < gap {
				rs[i].box = a.Union(b)
				rs[i].plain = rs[i].plain.Union(rs[j].plain)
				rs = slices.Delete(rs, j, j+1)
				j = i
			}
		}
	}
	return rs
}

func rect(b labrelay.Box) image.Rectangle {
	return image.Rect(int(b.X), int(b.Y), int(b.X+b.W+0.5), int(b.Y+b.H+0.5))
}

// replaceIn puts the lines read in region b in place of the words whose
// centre lies in it when the lines are clearly surer than those words and
// no more than those words' box holds (lines of height lineH): more, the
// crop took in a neighbouring line. Lines whose every word the page reads
// surely elsewhere (sure) replace nonsense the page does not, however
// unsure Tesseract is of them: a name printed twice, in the methods table
// and the results. It returns the words and what b held before.
func replaceIn(words []labrelay.Word, b image.Rectangle, lines []ocrproto.Word, lineH float64, sure map[string]bool) ([]labrelay.Word, string) {
	var old []labrelay.Word
	var keep []labrelay.Word
	for _, w := range words {
		cx, cy := int(w.Box.X+w.Box.W/2), int(w.Box.Y+w.Box.H/2)
		if image.Pt(cx, cy).In(b) {
			old = append(old, w)
		} else {
			keep = append(keep, w)
		}
	}
	was, oldConf := joined(old)
	lines = withoutRules(lines)
	if alnum(lines) < alnum([]ocrproto.Word{{Text: was}})/2 {
		return words, was // the crop lost most of the text: a worse reading
	}
	if len(old) == 0 || len(lines) == 0 || lineCount(lines) > max(1, int(labrelay.WordsBox(old).H/lineH+0.3)) {
		return words, was
	}
	newConf := 1.0
	var texts []string
	for _, l := range lines {
		newConf = math.Min(newConf, l.Conf/100)
		texts = append(texts, l.Text)
	}
	all := strings.Join(strings.Fields(strings.Join(texts, " ")), "")
	same := all == strings.Join(strings.Fields(was), "")
	known := !same && pageReads(texts, sure, true) && !pageReads([]string{was}, sure, false)
	if !known && (!same && newConf < oldConf+rereadGain || newConf < minTextConf) || losesSure(old, all, lines) || losesSign(was, all) {
		return words, was
	}
	for _, l := range lines {
		c := l.Conf / 100
		if !same {
			c = math.Min(c, rereadTextConf)
		} else {
			c = math.Max(c, oldConf)
		}
		keep = append(keep, labrelay.Word{Text: l.Text, Conf: c,
			Box: labrelay.Box{X: float64(l.X), Y: float64(l.Y), W: float64(l.W), H: float64(l.H)}})
	}
	return keep, was
}

// pageTokens are the tokens of the page's words read surely (vocabSure),
// their punctuation trimmed.
func pageTokens(words []labrelay.Word) map[string]bool {
	out := map[string]bool{}
	for _, w := range words {
		if w.Conf < vocabSure {
			continue
		}
		for _, t := range strings.Fields(w.Text) {
			if t = trimToken(t); utf8.RuneCountInString(t) >= 2 {
				out[t] = true
			}
		}
	}
	return out
}

// pageReads reports whether texts hold two tokens of two runes or more,
// punctuation trimmed, and every such token is in sure; with letter, one
// of them has a letter too. A new reading of numbers alone proves
// little: a page repeats its limits and MDLs.
func pageReads(texts []string, sure map[string]bool, letter bool) bool {
	n, hasLetter := 0, false
	for _, t := range strings.Fields(strings.Join(texts, " ")) {
		if t = trimToken(t); utf8.RuneCountInString(t) < 2 {
			continue
		}
		if !sure[t] {
			return false
		}
		n++
		hasLetter = hasLetter || strings.ContainsFunc(t, unicode.IsLetter)
	}
	return n >= 2 && (hasLetter || !letter)
}

func trimToken(t string) string {
	return strings.TrimFunc(t, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// lineCount is the number of lines of a block read, whose cells of one
// line come one after the other.
func lineCount(ls []ocrproto.Word) int {
	n, bottom := 0, math.Inf(-1)
	for _, l := range ls {
		if float64(l.Y) >= bottom-float64(l.H)/2 {
			n++
			bottom = float64(l.Y + l.H)
		}
	}
	return n
}

// losesSure reports whether a word of old read with confidence is missing
// from the new reading (spaces removed): the crop took in a neighbouring
// cell (a rule the photo lost) and read it worse.
func losesSure(old []labrelay.Word, all string, lines []ocrproto.Word) bool {
	for _, w := range old {
		if w.Conf >= suspectConf && !strings.Contains(all, strings.Join(strings.Fields(w.Text), "")) && !partOfWord(w.Text, lines) {
			return true
		}
	}
	return false
}

// losesSign reports whether a re-read drops the comparison sign a number
// was read with: "<=15" read again as "215" took the sign for a digit.
func losesSign(was, now string) bool {
	sign := func(s string) bool { return strings.ContainsAny(firstRune(s), "<>≤≥") }
	return sign(strings.TrimSpace(was)) && !sign(now)
}

// firstRune is s's first rune as a string ("" for none).
func firstRune(s string) string {
	_, n := utf8.DecodeRuneInString(s)
	return s[:n]
}

// partOfWord reports whether s, four letters or more, is a broken
// reading of one word of lines: its letters in order in that word, which
// has at most twice as many ("Pyroy" of "(pyrolysis)").
func partOfWord(s string, lines []ocrproto.Word) bool {
	a := lowerLetters(s)
	if len(a) < 4 {
		return false
	}
	for _, t := range strings.Fields(joinedText(lines)) {
		b := lowerLetters(t)
		if len(b) <= 2*len(a) && subsequence(a, b) {
			return true
		}
	}
	return false
}

func lowerLetters(s string) []rune {
	var rs []rune
	for _, r := range s {
		if unicode.IsLetter(r) {
			rs = append(rs, unicode.ToLower(r))
		}
	}
	return rs
}

// subsequence reports whether a's runes appear in b in order.
func subsequence(a, b []rune) bool {
	i := 0
	for _, r := range b {
		if i < len(a) && a[i] == r {
			i++
		}
	}
	return i == len(a)
}

func joinedText(lines []ocrproto.Word) string {
	var ts []string
	for _, l := range lines {
		ts = append(ts, l.Text)
	}
	return strings.Join(ts, " ")
}

// withoutRules drops the tokens of lines that are table ruling ("|", "[")
// and the lines left empty; a leading "<=" is spelled "≤" as the page
// reading's cells are.
func withoutRules(lines []ocrproto.Word) []ocrproto.Word {
	var out []ocrproto.Word
	for _, l := range lines {
		var keep []string
		for _, t := range strings.Fields(l.Text) {
			if !ruleLike(t) {
				keep = append(keep, t)
			}
		}
		if len(keep) > 0 {
			l.Text = asciiSign(strings.Join(keep, " "))
			out = append(out, l)
		}
	}
	return out
}

// alnum counts the letters and digits of lines.
func alnum(lines []ocrproto.Word) int {
	n := 0
	for _, l := range lines {
		for _, c := range l.Text {
			if unicode.IsLetter(c) || unicode.IsDigit(c) {
				n++
			}
		}
	}
	return n
}
