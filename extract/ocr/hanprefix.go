package ocr

import (
	"context"
	"errors"
	"image"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
	"github.com/labrelay/labrelay/internal/text"
)

// Han names before a Latin one. A bilingual item cell prints the name in
// Chinese or Japanese before the English ("鉛 Lead (Pb)", "カドミウム
// Cadmium (Cd)"); read in eng+chi_sim, Japanese kana and some Han come
// out as junk ("4 KS9L", "#8"). The words before a row's first sure
// Latin word that are junk or doubtful Han are read again as one crop,
// once with each CJK model; the model that reads the page's crops surer
// on average is the page's language, and its readings that hold CJK and
// are clearly surer replace the words, at most at disagreeConf.

// hanPrefix is a run of words [from, to) of a row before its Latin name,
// and the box to read.
type hanPrefix struct {
	row, from, to int
	box           ocrproto.Cell
	conf          float64 // the least confidence of its words
	// name: a word beside a sure Han name, which no Latin word is; a
	// sure CJK re-read need not be surer than it
	name bool
}

// findHanPrefixes lists the junk runs before the Latin names of the
// result rows (resultLike) of a page that has Han.
func findHanPrefixes(rows []labrelay.Row, lineH float64) []hanPrefix {
	if lineH <= 0 || !sureHan(rows) {
		return nil
	}
	vocab := latinVocabulary(rows)
	var out []hanPrefix
	for ri, r := range rows {
		if sureWords(r) < hanRowSure || !resultLike(r) {
			continue // not a result row: a caption line's words are captions
		}
		k := slices.IndexFunc(r.Words, latinName)
		if k <= 0 {
			continue
		}
		from := k
		near := func(i int) bool { return r.Words[i+1].Box.X-(r.Words[i].Box.X+r.Words[i].Box.W) < 0.8*lineH }
		for from > 0 && prefixWord(r.Words[from-1], vocab) && near(from-1) {
			from--
		}
		if from == k || from > 0 && near(from-1) && strings.ContainsAny(r.Words[from-1].Text, captionEnds) {
			continue // nothing before the name, or a caption's value
		}
		p := hanPrefix{row: ri, from: from, to: k, conf: 1}
		var b labrelay.Box
		for _, w := range r.Words[from:k] {
			b = b.Union(w.Box)
			p.conf = math.Min(p.conf, w.Conf)
		}
		if p.conf >= hanBelow {
			continue
		}
		p.box = cropAround(b, lineH)
		out = append(out, p)
	}
	if len(out) > hanMaxCells {
		return nil
	}
	return out
}

// captionEnds end a caption before its value.
const captionEnds = ":;：；"

// latinName reports a word that starts a substance's Latin name: three
// letters or more, no Han, read surely or shaped as a capitalised word
// ("Butyl" at 0.68 after a junk run at 0.07).
func latinName(w labrelay.Word) bool {
	if text.Letters(w.Text) < 3 || !unicode.IsLetter([]rune(w.Text)[0]) || strings.ContainsFunc(w.Text, isHan) {
		return false
	}
	return w.Conf >= vocabSure || w.Conf >= minReadConf && (reCapitalised.MatchString(w.Text) || reSmallRun.MatchString(w.Text))
}

var (
	// reCapitalised is a word with a capital and then small letters only.
	reCapitalised = regexp.MustCompile(`^[A-Z][a-z]{3,}$`)
	// reSmallRun is a run of small letters junk seldom has: a Latin
	// word's ("Bis(2-ethylhexyl)").
	reSmallRun = regexp.MustCompile(`[a-z]{5,}`)
)

// prefixWord reports a word that may be part of a misread Han or kana
// name: Han itself, or no word of the page's vocabulary ("4" and "KS9L"
// for カドミウム).
func prefixWord(w labrelay.Word, vocab map[string]bool) bool {
	if reSmallRun.MatchString(w.Text) || w.Conf >= hanBelow && text.Letters(w.Text) >= 3 && !strings.ContainsFunc(w.Text, isHan) {
		return false // a Latin word
	}
	if strings.ContainsAny(w.Text, captionEnds) {
		return false // a caption's end: "委托单位地址 : 7th Floor" is no item
	}
	return strings.ContainsFunc(w.Text, isHan) || !vocab[strings.ToLower(w.Text)]
}

// cjk reports Han, Hiragana or Katakana.
func cjk(c rune) bool { return isHan(c) || kana(c) }

// kana reports Hiragana or Katakana.
func kana(c rune) bool { return unicode.Is(unicode.Hiragana, c) || unicode.Is(unicode.Katakana, c) }

// readHanPrefixes reads the runs findHanPrefixes found with each CJK
// model and puts the page language's surer readings in their place.
func (r *Reader) readHanPrefixes(ctx context.Context, g *image.Gray, dpi float64, num int, rows []labrelay.Row, lineH float64) error {
	if r.noHan.Load() {
		return nil
	}
	ps := findHanPrefixes(rows, lineH)
	ns := findHanNames(rows, lineH)
	ws := notIn(findWideLatin(rows, lineH), slices.Concat(ps, ns))
	ds := notIn(findHanDates(rows, lineH), slices.Concat(ps, ns, ws))
	cs := notIn(findHanCaptions(rows, lineH), slices.Concat(ps, ns, ws, ds))
	is := notIn(findHanItems(rows, lineH), slices.Concat(ps, ns, ws, ds, cs))
	if len(ps) == 0 && len(ns) == 0 && len(ws) == 0 && len(ds) == 0 && len(cs) == 0 && len(is) == 0 {
		return nil
	}
	var byLang, names, wides, dates, caps, items [][]hanRead
	var langs []string
	for _, lang := range r.prefixLanguages() {
		var boxes []ocrproto.Cell
		for _, p := range slices.Concat(ps, ns, ws, ds, cs, is) {
			boxes = append(boxes, p.box)
		}
		got, err := r.readBoxes(ctx, g, dpi, num, ocrproto.Request{Languages: []string{lang}}, boxes)
		if errors.Is(err, ErrTesseract) {
			continue
		}
		if err != nil {
			return err
		}
		reads := make([]hanRead, len(ps)+len(ns)+len(ws)+len(ds)+len(cs)+len(is))
		for i := range reads {
			if i < len(got) {
				reads[i] = hanRead{strings.ReplaceAll(strings.TrimSpace(got[i].Text), " ", ""), got[i].Conf / 100}
				r.log().Debug("ocr han prefix", "page", num, "lang", lang, "reread", reads[i].text, "reconf", reads[i].conf)
			}
		}
		byLang = append(byLang, reads[:len(ps)])
		names = append(names, reads[len(ps):len(ps)+len(ns)])
		wides = append(wides, reads[len(ps)+len(ns):len(ps)+len(ns)+len(ws)])
		n := len(ps) + len(ns) + len(ws)
		dates = append(dates, reads[n:n+len(ds)])
		caps = append(caps, reads[n+len(ds):n+len(ds)+len(cs)])
		items = append(items, reads[n+len(ds)+len(cs):])
		langs = append(langs, lang)
	}
	// words first: the runs' replacements shift a row's words
	applyWideLatin(rows, ws, wides)
	if len(ps) > 0 {
		reads, clear := pageLanguage(byLang)
		applyHanPrefixes(rows, ps, reads, clear)
		if kanaReads(reads) {
			toJapanese(rows)
		}
	}
	applyHanNames(rows, ns, surestNames(rows, ns, names))
	// last, on rows whose words the runs above left where they were
	moved := map[int]bool{}
	for _, p := range slices.Concat(ps, ns) {
		moved[p.row] = true
	}
	applyHanDates(rows, ds, dates, moved)
	// captions start their rows: left of any date, whose replacement
	// moved no word before it
	applyHanCaptions(rows, cs, caps, moved)
	// an item cell starts its row too, and no run above is in it
	applyHanItems(rows, is, items, langs, moved)
	return nil
}

// surestNames picks for each name run the surest reading, of any model,
// that starts with the run's sure Han word.
func surestNames(rows []labrelay.Row, ns []hanPrefix, byLang [][]hanRead) []hanRead {
	out := make([]hanRead, len(ns))
	for i, p := range ns {
		head := strings.ReplaceAll(rows[p.row].Words[p.from].Text, " ", "")
		for _, reads := range byLang {
			if i < len(reads) && strings.HasPrefix(reads[i].text, head) && reads[i].conf > out[i].conf {
				out[i] = reads[i]
			}
		}
	}
	return out
}

// prefixLanguages are the CJK models prefixes are read with: the Han
// re-read models and the page's own CJK models.
func (r *Reader) prefixLanguages() []string {
	var out []string
	for _, l := range append(slices.Clone(r.hanLanguages()), r.languages()...) {
		if l != "eng" && !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

// pageLanguage returns the readings of the page's language and whether
// it is clearly so: a model that reads kana in half the crops or more (two
// at least) reads Japanese, which only it can; else the model with the
// highest mean confidence over the crops, clearly when by voteMargin, at
// voteMin or more. Tesseract's confidence in one crop of kana is poor
// ("PBB類" read right at 0).
func pageLanguage(byLang [][]hanRead) (best []hanRead, clear bool) {
	for _, reads := range byLang {
		if kanaReads(reads) {
			return reads, true
		}
	}
	bestMean, second := -1.0, 0.0
	for _, reads := range byLang {
		sum := 0.0
		for _, rd := range reads {
			sum += rd.conf
		}
		mean := sum / float64(max(len(reads), 1))
		if mean > bestMean {
			best, bestMean, second = reads, mean, max(bestMean, 0)
		} else {
			second = max(second, mean)
		}
	}
	return best, bestMean >= voteMin && bestMean-second >= voteMargin
}

// kanaReads reports readings of which half or more, two at least, hold
// two kana or more.
func kanaReads(reads []hanRead) bool {
	n := 0
	for _, rd := range reads {
		k := 0
		for _, c := range rd.text {
			if kana(c) {
				k++
			}
		}
		if k >= 2 {
			n++
		}
	}
	return n >= 2 && 2*n >= len(reads)
}

const (
	// voteMin is the least mean confidence of a page language's crops.
	voteMin = 0.25
	// voteMargin is how much surer on average the page language reads.
	voteMargin = 0.1
)

// applyHanPrefixes replaces each run by its reading when the reading
// holds CJK and either the page language won clearly or the reading is
// sure and clearly surer than the run's least sure word; runs of one row
// are replaced right to left. The word is kept at most at disagreeConf.
func applyHanPrefixes(rows []labrelay.Row, ps []hanPrefix, reads []hanRead, clear bool) {
	for i := len(ps) - 1; i >= 0; i-- {
		if i >= len(reads) {
			continue
		}
		p, rd := ps[i], reads[i]
		sure := rd.conf >= minReadConf && rd.conf >= p.conf+hanGain
		if !strings.ContainsFunc(rd.text, cjk) || !clear && !sure {
			continue
		}
		replaceRun(rows, p, rd.text, math.Max(rd.conf, p.conf))
	}
}

// replaceRun puts one word of text over run p's words, boxed on them, at
// conf but disagreeConf at most.
func replaceRun(rows []labrelay.Row, p hanPrefix, text string, conf float64) {
	ws := rows[p.row].Words
	var b labrelay.Box
	for _, w := range ws[p.from:p.to] {
		b = b.Union(w.Box)
	}
	rows[p.row].Words = slices.Replace(ws, p.from, p.to, labrelay.Word{Text: text, Conf: math.Min(conf, disagreeConf), Box: b})
}
