package ocr

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
)

// Han item names read as Latin. A result table whose item column prints
// Chinese names alone ("铅", "邻苯二甲酸丁苄酯") is read by eng+chi_sim as
// Han mostly, but a cell now and then as Latin junk or a number ("48",
// "m", "Sha — AT AE"): no English beside it says which substance it is,
// so the rules cannot put it right. A result row's first cell that holds
// no CJK and no Latin name, standing where hanItemRows result rows or
// more (and more than such cells) start with Han, is read again as one
// crop with each CJK model; the column's model's reading, mostly CJK and
// surer, takes its place, in doubt.

// hanItemRows is how many result rows must start with Han in a column.
const hanItemRows = 3

// findHanItems lists the runs described above.
func findHanItems(rows []labrelay.Row, lineH float64) []hanPrefix {
	if lineH <= 0 || !sureHan(rows) {
		return nil
	}
	item := func(r labrelay.Row) bool { return len(r.Words) >= 2 && sureWords(r) >= hanRowSure && resultLike(r) }
	var starts []float64
	for _, r := range rows {
		if item(r) && strings.ContainsFunc(r.Words[0].Text, cjk) {
			starts = append(starts, r.Words[0].Box.X)
		}
	}
	column := func(x float64) int {
		n := 0
		for _, s := range starts {
			if math.Abs(s-x) <= 0.5*lineH {
				n++
			}
		}
		return n
	}
	var out []hanPrefix
	for ri, r := range rows {
		ws := r.Words
		if !item(r) || column(ws[0].Box.X) < hanItemRows {
			continue
		}
		to := 0
		for to < len(ws)-1 && !strings.ContainsFunc(ws[to].Text, cjk) && !latinName(ws[to]) &&
			(to == 0 || ws[to].Box.X-(ws[to-1].Box.X+ws[to-1].Box.W) < 0.8*lineH) {
			to++
		}
		if to == 0 || ws[to].Box.X-(ws[to-1].Box.X+ws[to-1].Box.W) < lineH {
			continue // a Latin name, or no cell of its own
		}
		p := hanPrefix{row: ri, from: 0, to: to, conf: 1}
		var b labrelay.Box
		for _, w := range ws[:to] {
			b = b.Union(w.Box)
			p.conf = math.Min(p.conf, w.Conf)
		}
		p.box = cropAround(b, lineH)
		out = append(out, p)
	}
	if len(out) > hanMaxCells || len(out) > 0 && column(rows[out[0].row].Words[0].Box.X) < len(out) {
		return nil
	}
	return out
}

// applyHanItems puts in the runs' place the readings of the column's
// model, jpn on a page that reads kana and chi_sim elsewhere (the crops'
// confidence does not tell: jpn reads "铅" as "に" surer than chi_sim as
// itself), when mostly CJK, at minReadConf or more and surer than the
// run. langs names the model of each of byLang's readings.
func applyHanItems(rows []labrelay.Row, is []hanPrefix, byLang [][]hanRead, langs []string, skip map[int]bool) {
	want := "chi_sim"
	if kanaPage(rows) {
		want = "jpn"
	}
	k := slices.Index(langs, want)
	if len(is) == 0 || k < 0 {
		return
	}
	reads := byLang[k]
	for i := len(is) - 1; i >= 0; i-- {
		p := is[i]
		if skip[p.row] || i >= len(reads) {
			continue
		}
		rd := reads[i]
		if !mostlyCJK(rd.text) || rd.conf < minReadConf || rd.conf <= p.conf {
			continue
		}
		replaceRun(rows, p, rd.text, rd.conf)
	}
}

// kanaPage reports a page with two words or more that hold kana, read
// at minReadConf or more.
func kanaPage(rows []labrelay.Row) bool {
	n := 0
	for _, r := range rows {
		for _, w := range r.Words {
			if w.Conf >= minReadConf && strings.ContainsFunc(w.Text, kana) {
				n++
			}
		}
	}
	return n >= 2
}

// mostlyCJK reports a reading half of whose characters or more are CJK:
// a name may hold a bracket and Latin letters ("苯并[a]芘").
func mostlyCJK(t string) bool {
	n := 0
	for _, c := range t {
		if cjk(c) {
			n++
		}
	}
	return n > 0 && 2*n >= utf8.RuneCountInString(t)
}
