package ocr

import (
	"slices"
	"testing"

	"github.com/labrelay/labrelay"
)

// The junk before a row's Latin name on a page with Han is a run to read
// again; a sure Han name, a row number a column away, a page's own word
// and a row without sure words are not.
func TestFindHanPrefixes(t *testing.T) {
	rows := []labrelay.Row{
		{Words: []labrelay.Word{han("检测项目", 100, 50, 120, 30, 0.95), han("Result", 900, 50, 90, 30, 0.95)}},
		{Words: []labrelay.Word{han("2", 20, 100, 15, 30, 0.97), han("4", 100, 100, 15, 30, 0.5), han("KS9L", 125, 100, 70, 30, 0.4),
			han("Cadmium", 210, 100, 110, 30, 0.96), han("n.d.", 900, 100, 50, 30, 0.95)}},
		{Words: []labrelay.Word{han("镉", 100, 150, 30, 30, 0.93), han("Cadmium", 140, 150, 110, 30, 0.96), han("12", 900, 150, 30, 30, 0.95)}},
		{Words: []labrelay.Word{han("Sum", 100, 200, 50, 30, 0.95), han("of", 160, 200, 30, 30, 0.95), han("PBBs", 200, 200, 60, 30, 0.95)}},
		{Words: []labrelay.Word{han("DIWBIF", 100, 250, 120, 30, 0.07), han("Butyl", 230, 250, 80, 30, 0.68), han("194", 900, 250, 50, 30, 0.96),
			han("mg/kg", 700, 250, 80, 30, 0.95)}},
		{Words: []labrelay.Word{han("IF", 100, 300, 40, 30, 0.1), han("Lead", 150, 300, 60, 30, 0.7), han("5", 900, 300, 20, 30, 0.7)}},
		{Words: []labrelay.Word{han("DAIVBEZ", 100, 350, 120, 30, 0.1), han("Bis(2-ethylhexyl)", 230, 350, 200, 30, 0.6),
			han("phthalate", 440, 350, 120, 30, 0.96), han("50", 900, 350, 30, 30, 0.96)}},
		// a caption line: no result in it
		{Words: []labrelay.Word{han("#8", 100, 400, 40, 30, 0.3), han("CLIENT", 150, 400, 120, 30, 0.85), han("NAME", 280, 400, 90, 30, 0.95),
			han("住所", 900, 400, 60, 30, 0.95)}},
		// a caption and its value, numbers in it
		{Words: []labrelay.Word{han("委托单位地址", 100, 500, 180, 30, 0.95), han(":", 290, 500, 10, 30, 0.9), han("7th", 310, 500, 50, 30, 0.6),
			han("Floor,", 370, 500, 90, 30, 0.96), han("Building", 470, 500, 120, 30, 0.96), han("44", 600, 500, 30, 30, 0.96)}},
		// a sure capitals word is no prefix
		{Words: []labrelay.Word{han("#8", 100, 450, 40, 30, 0.3), han("CLIENT", 150, 450, 120, 30, 0.85), han("NAME", 280, 450, 90, 30, 0.95),
			han("12", 900, 450, 30, 30, 0.95)}},
	}
	got := findHanPrefixes(rows, 30)
	type run struct{ row, from, to int }
	var runs []run
	for _, p := range got {
		runs = append(runs, run{p.row, p.from, p.to})
	}
	want := []run{{1, 1, 3}, {4, 0, 1}, {6, 0, 1}}
	if !slices.Equal(runs, want) {
		t.Fatalf("runs %v, want %v", runs, want)
	}
	if b := got[0].box; b.X >= 100 || b.X+b.W <= 195 {
		t.Errorf("box %+v does not hold 4 and KS9L", b)
	}
	// a page without sure Han has nothing to read again
	rows[0].Words[0].Conf, rows[2].Words[0].Conf, rows[7].Words[3].Conf, rows[8].Words[0].Conf = 0.5, 0.5, 0.5, 0.5
	if got := findHanPrefixes(rows, 30); len(got) != 0 {
		t.Errorf("without sure Han: %+v", got)
	}
}

// The model that reads a page's crops surer on average is the page's
// language; its readings that hold CJK replace the runs when it won
// clearly, and only sure readings do when it did not.
func TestApplyHanPrefixes(t *testing.T) {
	jpn := []hanRead{{"カドミウム", 0.92}, {"PBB類", 0}, {"塩素", 0.45}, {"H", 0.72}}
	chi := []hanRead{{"力上三书信", 0.24}, {"PBB蚌", 0}, {"垣亲", 0.11}, {"", 0}}
	reads, clear := pageLanguage([][]hanRead{chi, jpn})
	if !clear || reads[0].text != "カドミウム" {
		t.Fatalf("page language %v clear %v, want jpn clearly", reads, clear)
	}
	rows := func() []labrelay.Row {
		var rs []labrelay.Row
		for i := range 4 {
			y := float64(50 * i)
			rs = append(rs, labrelay.Row{Words: []labrelay.Word{han("4", 100, y, 15, 30, 0.5), han("KS9L", 125, y, 70, 30, 0.4), han("Cadmium", 210, y, 110, 30, 0.96)}})
		}
		return rs
	}
	var ps []hanPrefix
	for i := range 4 {
		ps = append(ps, hanPrefix{row: i, from: 0, to: 2, conf: 0.4})
	}
	rs := rows()
	applyHanPrefixes(rs, ps, reads, clear)
	for i, want := range []string{"カドミウム Cadmium", "PBB類 Cadmium", "塩素 Cadmium", "4 KS9L Cadmium"} {
		if got := rs[i].Text(); got != want {
			t.Errorf("row %d = %q, want %q", i, got, want)
		}
		if rs[i].Words[0].Conf > disagreeConf {
			t.Errorf("row %d read at %.2f, over disagreeConf", i, rs[i].Words[0].Conf)
		}
	}
	// kana in half the crops tell Japanese, however unsure
	kana := []hanRead{{"フタル酸ビス", 0.3}, {"フタル酸ブチル", 0}, {"PBDE類", 0.26}, {"*ル", 0.2}}
	if reads, clear := pageLanguage([][]hanRead{{{"PBDE类", 0.83}, {"了夕儿酸", 0.1}, {"", 0}, {"", 0}}, kana}); !clear || reads[0].text != "フタル酸ビス" {
		t.Errorf("kana reads: %v clear %v, want jpn clearly", reads, clear)
	}
	// no clear winner: only the sure reading is taken
	_, clear = pageLanguage([][]hanRead{{{"a", 0.3}}, {{"b", 0.35}}})
	if clear {
		t.Error("a margin under voteMargin won clearly")
	}
	rs = rows()
	applyHanPrefixes(rs, ps, jpn, false)
	if rs[0].Words[0].Text != "カドミウム" || rs[1].Text() != "4 KS9L Cadmium" {
		t.Errorf("without a clear page language: %q, %q", rs[0].Text(), rs[1].Text())
	}
}
