package ocr

import (
	"context"
	"errors"
	"image"
	"math"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
	"github.com/labrelay/labrelay/internal/text"
)

// Han cells read in another language. Pages are read in eng+chi_sim;
// a Japanese verdict ("適合") has a character chi_sim lacks, and its cell
// reads as junk ("8S", "送 合", "#4"). Reading whole pages with jpn too
// costs more elsewhere than it mends, so only a few short, doubtful words
// standing alone as a cell, on a page that has Chinese, are read again
// with HanLanguages (one request a page). A reading that is Han and
// clearly surer replaces the word, at most at disagreeConf.

const (
	// hanSure is the confidence of a Han word that marks a page as CJK.
	hanSure = 0.85
	// hanBelow is the confidence under which a short word may be read
	// again; "通 合" for 適合 read at 0.79.
	hanBelow = 0.8
	// hanMaxRunes is the longest word (spaces aside) read again.
	hanMaxRunes = 3
	// hanGain is how much surer the re-read must be.
	hanGain = 0.2
	// hanMinH: a word under this share of the line height is a stamp's
	// print or a speck, not a table cell.
	hanMinH = 0.6
	// hanRowSure is the number of sure words (vocabSure) a row needs: a
	// table row, not a stamp or a photo's noise.
	hanRowSure = 2
	// hanMaxCells: a page with more candidates is noise (a photo's stamp
	// and signature), not a column of misread cells; it is left alone.
	hanMaxCells = 16
	// hanAgree clear re-reads of a column that agree carry a re-read that
	// is not clearly surer, if it reads at hanAgreeConf or more.
	hanAgree     = 2
	hanAgreeConf = 0.4
	// hanColumn candidates under one another, one of them Han, make a
	// column of Han cells on a page with no sure Han: 適合 down a Latin
	// table reads "aa", "ws", "送合", "aS".
	hanColumn = 3
)

// numberish are numbers, dates, ranges and page numbers ("1/2").
var numberish = regexp.MustCompile(`^[<>≤≥]?[\d.,/:%~-]+$`)

// shortUnits are units a short cell holds.
var shortUnits = map[string]bool{"%": true, "g": true, "mg": true, "kg": true, "μg": true, "µg": true, "ml": true, "mL": true, "L": true, "ppm": true, "ppb": true, "°C": true, "h": true, "d": true}

// hanCell is a word of a row to read again and the box to read.
type hanCell struct {
	row, word int
	box       ocrproto.Cell
}

// findHanCells lists the words of rows to read again in HanLanguages: on
// a page with sure Han, every candidate; elsewhere only a column of them
// that OCR read as Han once at least.
func findHanCells(rows []labrelay.Row, lineH float64) []hanCell {
	if lineH <= 0 {
		return nil
	}
	vocab := latinVocabulary(rows)
	sure := sureHan(rows)
	var out []hanCell
	for ri, r := range rows {
		// a column of Han-read junk is a table already: its rows need
		// cells beside it, not sure ones (mg/dm² reads at 0.8)
		if sure && sureWords(r) < hanRowSure || !sure && len(r.Words) <= hanRowSure {
			continue
		}
		for wi, w := range r.Words {
			cand := hanCandidate(w, vocab, lineH, sure)
			var words map[string]int
			var span labrelay.Box
			if sure && (cand || shortLatin(w, lineH)) {
				words, span = hanColumnWords(rows, ri, w.Box)
			}
			column := len(words) > 0
			cand = cand || column && shortLatin(w, lineH) && sum(words) >= hanAgree
			if !cand || !alone(r.Words, wi, lineH) {
				continue
			}
			b := w.Box
			if column {
				// "a" boxed on 合 of 合格: read the column's width
				b = labrelay.Box{X: math.Min(b.X, span.X), Y: b.Y, W: math.Max(b.X+b.W, span.X+span.W) - math.Min(b.X, span.X), H: b.H}
			}
			out = append(out, hanCell{row: ri, word: wi, box: cropAround(b, lineH)})
		}
	}
	if len(out) > hanMaxCells {
		return nil
	}
	if !sure {
		return hanColumnOf(rows, out)
	}
	return out
}

// cropAround is the crop a word or run of box b is read again in: b
// padded by 0.3 lineH across and 0.15 lineH up and down.
func cropAround(b labrelay.Box, lineH float64) ocrproto.Cell {
	px, py := 0.3*lineH, 0.15*lineH
	return ocrproto.Cell{X: int(b.X - px), Y: int(b.Y - py), W: int(b.W + 2*px + 0.5), H: int(b.H + 2*py + 0.5)}
}

// shortLatin reports a word of one or two Latin letters, cell-high: 合格
// read surely as "a" or "AB" in a column of 合格.
func shortLatin(w labrelay.Word, lineH float64) bool {
	n := utf8.RuneCountInString(w.Text)
	return n >= 1 && n <= 2 && w.Box.H >= hanMinH*lineH && !strings.ContainsFunc(w.Text, func(c rune) bool { return !unicode.Is(unicode.Latin, c) })
}

// hanColumnWords are the sure Han words of hanMaxRunes or fewer under or
// over box b (not in row ri), within 15 rows: the words of a column of
// verdicts, counted, and the span of the nearest one.
func hanColumnWords(rows []labrelay.Row, ri int, b labrelay.Box) (map[string]int, labrelay.Box) {
	out := map[string]int{}
	var span labrelay.Box
	near := math.Inf(1)
	for k := max(0, ri-15); k < min(len(rows), ri+16); k++ {
		if k == ri {
			continue
		}
		for _, w := range rows[k].Words {
			if w.Conf >= hanSure && allHan(w.Text) && utf8.RuneCountInString(w.Text) <= hanMaxRunes && overlapX(w.Box, b) {
				out[strings.ReplaceAll(w.Text, " ", "")]++
				if d := math.Abs(w.Box.Y - b.Y); d < near {
					near, span = d, w.Box
				}
			}
		}
	}
	return out, span
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// hanColumnOf returns the cells under or over a Han-read one, when they
// are hanColumn or more, else none.
func hanColumnOf(rows []labrelay.Row, cells []hanCell) []hanCell {
	box := func(c hanCell) labrelay.Box { return rows[c.row].Words[c.word].Box }
	for _, c := range cells {
		if !strings.ContainsFunc(rows[c.row].Words[c.word].Text, isHan) {
			continue
		}
		var col []hanCell
		for _, o := range cells {
			if overlapX(box(c), box(o)) {
				col = append(col, o)
			}
		}
		if len(col) >= hanColumn {
			return col
		}
	}
	return nil
}

// sureWords counts the words of r read at vocabSure or more.
func sureWords(r labrelay.Row) int {
	n := 0
	for _, w := range r.Words {
		if w.Conf >= vocabSure {
			n++
		}
	}
	return n
}

// sureHan reports whether a page has a Han word read surely.
func sureHan(rows []labrelay.Row) bool {
	for _, r := range rows {
		for _, w := range r.Words {
			if w.Conf >= hanSure && strings.ContainsFunc(w.Text, isHan) {
				return true
			}
		}
	}
	return false
}

func isHan(c rune) bool { return unicode.Is(unicode.Han, c) }

// allHan reports whether t is Han but for spaces, and not empty.
func allHan(t string) bool {
	t = strings.ReplaceAll(t, " ", "")
	return t != "" && !strings.ContainsFunc(t, func(c rune) bool { return !isHan(c) })
}

// latinVocabulary are the Latin-letter tokens the page reads surely.
func latinVocabulary(rows []labrelay.Row) map[string]bool {
	v := map[string]bool{}
	for _, r := range rows {
		for _, w := range r.Words {
			if w.Conf < vocabSure {
				continue
			}
			for _, t := range strings.Fields(w.Text) {
				if text.Letters(t) > 0 && !strings.ContainsFunc(t, isHan) {
					v[strings.ToLower(t)] = true
				}
			}
		}
	}
	return v
}

// hanCandidate reports whether w is short, doubtful, cell-high and either
// Han or junk: no word of the page's vocabulary, number or unit. sure says
// the page has sure Han.
func hanCandidate(w labrelay.Word, vocab map[string]bool, lineH float64, sure bool) bool {
	n := utf8.RuneCountInString(strings.ReplaceAll(w.Text, " ", ""))
	if n == 0 || n > hanMaxRunes || w.Box.H < hanMinH*lineH {
		return false
	}
	if allHan(w.Text) {
		// on a page with no sure Han, no Han word is: 通 合 read at 0.8
		return w.Conf < hanBelow || !sure && w.Conf < hanSure
	}
	if w.Conf >= hanBelow {
		return false
	}
	t := w.Text
	return hasAlnum(t) && !strings.ContainsFunc(t, isHan) && !vocab[strings.ToLower(t)] &&
		!numberish.MatchString(t) && !cleanNumber.MatchString(t) && !shortUnits[t]
}

// alone reports whether word i of ws is a cell of its own: a line's
// height or more from its neighbours, a ruled cell's rule read as a
// narrow "|" or "}" aside.
func alone(ws []labrelay.Word, i int, lineH float64) bool {
	w := ws[i].Box
	for j, o := range ws {
		rule := !hasAlnum(o.Text) && o.Box.W < 0.8*o.Box.H
		if j == i || rule || o.Box.Y > w.Y+w.H || o.Box.Y+o.Box.H < w.Y {
			continue
		}
		if o.Box.X+o.Box.W > w.X-lineH && o.Box.X < w.X+w.W+lineH {
			return false
		}
	}
	return true
}

// hanLanguages are the models Han cells are read again with.
func (r *Reader) hanLanguages() []string {
	if len(r.HanLanguages) == 0 {
		return []string{"jpn"}
	}
	return r.HanLanguages
}

// readHanCells reads the cells findHanCells found in HanLanguages and puts
// a surer Han reading in the word's place. Without those models
// installed it does nothing, and does not ask again.
func (r *Reader) readHanCells(ctx context.Context, g *image.Gray, dpi float64, num int, rows []labrelay.Row, lineH float64) error {
	if r.noHan.Load() {
		return nil
	}
	cells := findHanCells(rows, lineH)
	if len(cells) == 0 {
		return nil
	}
	langs := r.hanLanguages()
	boxes := make([]ocrproto.Cell, len(cells))
	for i, c := range cells {
		boxes[i] = c.box
	}
	got, err := r.readBoxes(ctx, g, dpi, num, ocrproto.Request{Languages: langs}, boxes)
	if errors.Is(err, ErrTesseract) {
		r.noHan.Store(true)
		r.log().Debug("ocr: no Han cell re-reads", "languages", langs, "error", err)
		return nil
	}
	if err != nil {
		return err
	}
	reads := make([]hanRead, 0, len(cells))
	for i := range cells {
		if i >= len(got) {
			break
		}
		reads = append(reads, hanRead{strings.ReplaceAll(strings.TrimSpace(got[i].Text), " ", ""), got[i].Conf / 100})
		w := rows[cells[i].row].Words[cells[i].word]
		r.log().Debug("ocr han cell", "page", num, "was", w.Text, "conf", w.Conf, "reread", reads[i].text, "reconf", reads[i].conf)
	}
	applyHanReads(rows, cells, reads)
	return nil
}

// hanRead is a Han cell's re-read: its text, spaces removed, and its
// confidence in [0, 1].
type hanRead struct {
	text string
	conf float64
}

// applyHanReads puts each Han re-read that is clearly surer than its word
// in the word's place. A re-read not clearly surer is taken too when it
// agrees with hanAgree re-reads of its column, one of them clear: a column
// of 適合 with one cell at "通 合" (0.74, re-read 0.88) is the same word,
// not a new one.
func applyHanReads(rows []labrelay.Row, cells []hanCell, reads []hanRead) {
	clear := make([]bool, len(reads))
	for i, rd := range reads {
		w := rows[cells[i].row].Words[cells[i].word]
		clear[i] = allHan(rd.text) && rd.conf >= minReadConf && rd.conf >= w.Conf+hanGain
	}
	box := func(i int) labrelay.Box { return rows[cells[i].row].Words[cells[i].word].Box }
	agreed := func(i int) bool {
		n, sure := 0, false
		for j, rd := range reads {
			if j != i && rd.text == reads[i].text && rd.conf >= hanAgreeConf && overlapX(box(i), box(j)) {
				n++
				sure = sure || clear[j]
			}
		}
		return n >= hanAgree && sure
	}
	for i, rd := range reads {
		// or a re-read that is the word the column prints surely elsewhere
		inColumn := func() bool {
			words, _ := hanColumnWords(rows, cells[i].row, box(i))
			return words[rd.text] >= hanAgree
		}
		if !clear[i] && !(allHan(rd.text) && rd.conf >= hanAgreeConf && (agreed(i) || inColumn())) {
			continue
		}
		w := &rows[cells[i].row].Words[cells[i].word]
		w.Text, w.Conf = rd.text, math.Min(rd.conf, disagreeConf)
	}
}
