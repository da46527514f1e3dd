package ocr

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/text"
)

// Han names with a junk tail. A person's name in Chinese or Japanese
// ("田中 恵子" after "Authorized by:") is read by eng+chi_sim as its sure
// first characters and Latin junk ("田中 BF"): chi_sim lacks some of
// the kanji. Such a run — a sure Han word at the start of a line or
// after a caption's colon, then short Latin tokens to the line's end —
// is read again as one crop with each CJK model, with the Han
// prefixes. A reading that starts with the sure word replaces the tail
// (applyHanNames), at most at disagreeConf.

const (
	// hanNameMax is the longest sure Han word that starts a name run.
	hanNameMax = 4
	// hanNameSure is the least confidence of that word: a text cell's
	// re-read keeps 0.8 (rereadTextConf).
	hanNameSure = 0.75
)

// findHanNames lists the runs of a page that has Han: a sure Han word of
// one to hanNameMax characters and, right after it to the line's end,
// one or two tokens of three letters at most, no digit and no word of
// the page. The Han word stands first on its line or after a
// caption's colon. Result rows are left to findHanPrefixes.
func findHanNames(rows []labrelay.Row, lineH float64) []hanPrefix {
	if lineH <= 0 || !sureHan(rows) {
		return nil
	}
	vocab := latinVocabulary(rows)
	var out []hanPrefix
	for ri, r := range rows {
		ws := r.Words
		if resultLike(r) || len(ws) < 2 {
			continue
		}
		to := len(ws)
		from := to
		for from > 0 && to-from < 2 && junkTail(ws[from-1], vocab) {
			from--
		}
		k := from - 1 // the Han word
		if from == to || k < 0 {
			continue
		}
		h := ws[k]
		if h.Conf < hanNameSure || !allHan(h.Text) || utf8.RuneCountInString(h.Text) > hanNameMax || ws[from].Box.X-(h.Box.X+h.Box.W) > 0.8*lineH {
			continue
		}
		if last, _ := utf8.DecodeLastRuneInString(strings.TrimSpace(ws[max(k-1, 0)].Text)); k > 0 && !strings.ContainsRune(captionEnds, last) {
			continue // within a line of text, not a name after its caption
		}
		p := hanPrefix{row: ri, from: k, to: to, conf: 1}
		var b labrelay.Box
		for _, w := range ws[k:to] {
			b = b.Union(w.Box)
		}
		for _, w := range ws[from:to] {
			p.conf = math.Min(p.conf, w.Conf)
		}
		p.box = cropAround(b, lineH)
		out = append(out, p)
	}
	return out
}

// junkTail reports a token a misread kanji leaves: three letters at most,
// Latin, no digit and no word the page reads surely. Its confidence does
// not tell ("BF" for 恵子 at 0.89): no name mixes scripts.
func junkTail(w labrelay.Word, vocab map[string]bool) bool {
	t := strings.TrimSpace(w.Text)
	n := utf8.RuneCountInString(t)
	return n > 0 && n <= 3 && text.Letters(t) == n && !strings.ContainsFunc(t, cjk) && !vocab[strings.ToLower(t)]
}

// applyHanNames puts, for each run, the part of its reading after the
// run's sure Han word in place of the junk tail, when the reading starts
// with that word and the rest is CJK; the new word keeps at most
// disagreeConf.
func applyHanNames(rows []labrelay.Row, ps []hanPrefix, reads []hanRead) {
	for i := len(ps) - 1; i >= 0; i-- {
		if i >= len(reads) {
			continue
		}
		p, rd := ps[i], reads[i]
		ws := rows[p.row].Words
		head := strings.ReplaceAll(ws[p.from].Text, " ", "")
		rest, ok := strings.CutPrefix(rd.text, head)
		if !ok || rest == "" || !allCJK(rest) || utf8.RuneCountInString(rest) > hanNameMax || rd.conf < minReadConf {
			continue
		}
		var b labrelay.Box
		for _, w := range ws[p.from+1 : p.to] {
			b = b.Union(w.Box)
		}
		w := labrelay.Word{Text: rest, Conf: math.Min(rd.conf, disagreeConf), Box: b}
		rows[p.row].Words = append(ws[:p.from+1:p.from+1], w)
	}
}

// allCJK reports whether t is Han or kana only, and not empty.
func allCJK(t string) bool {
	return t != "" && !strings.ContainsFunc(t, func(c rune) bool { return !cjk(c) })
}
