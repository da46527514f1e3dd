package ocr

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
)

// Han words read as Latin capitals. On a page read in eng+chi_sim, a Han
// caption ("签发日期", "订单号", "要求") sometimes comes out as a few
// doubtful capitals ("SAA", "WES", "BR") that are far too wide for their
// letters: each as wide as a Han character, about as wide as it is tall,
// where a Latin capital is 0.6–0.8 of its height. Such a word is read
// again as one crop with each CJK model, with the Han prefixes; a
// reading that is CJK only and clearly surer replaces it
// (applyWideLatin), at most at disagreeConf.

const (
	// wideMaxLetters is the longest word read again.
	wideMaxLetters = 4
	// wideRatio is the least width per letter, over the word's height,
	// of a word read again; "WES" for 订单号 is 1.07, "MDL" 1.01.
	wideRatio = 1.05
	// wideNameRatio is wideRatio beside a sure Han name.
	wideNameRatio = 0.95
	// leaderTail is what may follow a caption's letters: leader dots
	// and a colon.
	leaderTail = ".:：…"
)

// findWideLatin lists the words of a page that has Han that are one to
// wideMaxLetters Latin letters (and trailing leader dots or a colon),
// doubtful, no word of the page's vocabulary, at least a line high and
// wideRatio wide per letter.
func findWideLatin(rows []labrelay.Row, lineH float64) []hanPrefix {
	if lineH <= 0 || !sureHan(rows) {
		return nil
	}
	vocab := latinVocabulary(rows)
	var out []hanPrefix
	for ri, r := range rows {
		for wi, w := range r.Words {
			ratio, name := wideRatio, besideHanName(r.Words, wi)
			if name {
				ratio = wideNameRatio
			}
			if !wideLatin(w, vocab, lineH, ratio) {
				continue
			}
			// the letters only: leader dots read into the crop ("制造商.……")
			// cost the reading its confidence
			letters := w.Box
			letters.W = letterWidth(w)
			out = append(out, hanPrefix{row: ri, from: wi, to: wi + 1, conf: w.Conf, name: name, box: cropAround(letters, lineH)})
		}
	}
	if len(out) > hanMaxCells {
		return nil // a photo's noise, not a few misread captions
	}
	return out
}

// besideHanName reports a word of a row that holds a sure Han word of
// hanNameMax characters or fewer as tall as it: a row of names under
// "Prepared by" and "批准", where 赵敏 read "XR" (1.04 wide per letter).
func besideHanName(ws []labrelay.Word, i int) bool {
	for j, o := range ws {
		if j != i && o.Conf >= hanSure && allHan(o.Text) && utf8.RuneCountInString(o.Text) <= hanNameMax &&
			math.Abs(o.Box.H-ws[i].Box.H) <= 0.2*ws[i].Box.H {
			return true
		}
	}
	return false
}

// wideLatin reports a word findWideLatin reads again: ratio is the least
// width per letter over its height.
func wideLatin(w labrelay.Word, vocab map[string]bool, lineH, ratio float64) bool {
	letters := strings.TrimRight(w.Text, leaderTail)
	n := utf8.RuneCountInString(letters)
	if n == 0 || n > wideMaxLetters || w.Conf >= hanBelow || w.Box.H < 0.8*lineH || vocab[strings.ToLower(letters)] {
		return false
	}
	for _, c := range letters {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return letterWidth(w)/float64(n) >= ratio*w.Box.H
}

// letterWidth is the width of w's letters, its trailing dots or colon
// aside: their share of its characters.
func letterWidth(w labrelay.Word) float64 {
	n := utf8.RuneCountInString(strings.TrimRight(w.Text, leaderTail))
	return w.Box.W * float64(n) / float64(max(1, utf8.RuneCountInString(w.Text)))
}

// applyWideLatin puts in each word's place the surest reading of any
// model that is CJK only (the word's trailing dots or colon aside), sure,
// and clearly surer than the word or the same in two models ("要求" at
// 0.68 and 0.77 for "BR" at 0.68); the word keeps its trailing
// punctuation and at most disagreeConf.
func applyWideLatin(rows []labrelay.Row, ws []hanPrefix, byLang [][]hanRead) {
	for i, p := range ws {
		w := &rows[p.row].Words[p.from]
		var cjkReads []hanRead
		for _, reads := range byLang {
			if i < len(reads) {
				rd := reads[i]
				rd.text = strings.TrimRight(rd.text, leaderTail+"·")
				if allCJK(rd.text) && rd.conf >= minReadConf {
					cjkReads = append(cjkReads, rd)
				}
			}
		}
		var best hanRead
		for k, rd := range cjkReads {
			agreed := false
			for m, o := range cjkReads {
				agreed = agreed || m != k && o.text == rd.text
			}
			if (rd.conf >= w.Conf+hanGain || agreed || p.name) && rd.conf > best.conf {
				best = rd
			}
		}
		// the crop took in the Han word beside it: "佐藤健" for "eRe"
		// before "健"
		row := rows[p.row].Words
		if n := p.from + 1; n < len(row) && allCJK(row[n].Text) && strings.HasSuffix(best.text, row[n].Text) {
			best.text = strings.TrimSuffix(best.text, row[n].Text)
		}
		if p.from > 0 && allCJK(row[p.from-1].Text) && strings.HasPrefix(best.text, row[p.from-1].Text) {
			best.text = strings.TrimPrefix(best.text, row[p.from-1].Text)
		}
		if best.text == "" {
			continue
		}
		tail := w.Text[len(strings.TrimRight(w.Text, leaderTail)):]
		w.Text, w.Conf = best.text+tail, math.Min(best.conf, disagreeConf)
	}
}

// notIn is the words of ws outside every run of runs: a junk word of a
// Han prefix or name is read with its run.
func notIn(ws, runs []hanPrefix) []hanPrefix {
	var out []hanPrefix
	for _, w := range ws {
		if !slices.ContainsFunc(runs, func(r hanPrefix) bool { return r.row == w.row && w.from >= r.from && w.from < r.to }) {
			out = append(out, w)
		}
	}
	return out
}

// japaneseForms maps the simplified Chinese forms chi_sim reads of kanji
// to the forms Japanese prints ("水银" for 水銀, "PBB类" for PBB類): on a
// page the CJK re-reads found Japanese, no simplified form is printed.
// Only characters whose simplified form Japanese does not use.
var japaneseForms = strings.NewReplacer(
	"银", "銀", "类", "類", "价", "価", "铅", "鉛", "检", "検", "测", "測", "试", "試", "验", "験",
	"报", "報", "书", "書", "发", "発", "单", "単", "样", "様", "结", "結", "论", "論", "剂", "剤",
	"质", "質", "认", "認", "证", "証", "编", "編", "员", "員", "责", "責", "电", "電", "气", "気",
	"态", "態", "时", "時", "间", "間", "实", "実", "际", "際", "标", "標", "规", "規", "业", "業",
	"产", "産", "场", "場", "应", "応", "对", "対", "图", "図", "术", "術", "铁", "鉄", "铜", "銅",
)

// toJapanese puts the Japanese forms in place of simplified ones in
// every word of rows.
func toJapanese(rows []labrelay.Row) {
	for ri := range rows {
		for wi := range rows[ri].Words {
			w := &rows[ri].Words[wi]
			w.Text = japaneseForms.Replace(w.Text)
		}
	}
}
