package ocr

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/labrelay/labrelay"
)

func word(text string, x, y, w, h float64) labrelay.Word {
	return labrelay.Word{Text: text, Box: labrelay.Box{X: x, Y: y, W: w, H: h}, Conf: 0.9}
}

func TestGroupRows(t *testing.T) {
	words := []labrelay.Word{
		word("N.D.", 900, 502, 60, 30),
		word("Cadmium", 100, 500, 150, 32),
		word("(Cd)", 260, 501, 60, 31),
		word("-", 700, 512, 10, 4), // a dash: tiny, inside the row
		word("Lead", 100, 560, 80, 32),
		word("Title", 100, 300, 200, 60),
		word("LOGO", 1500, 280, 300, 330), // tall: joins a row, stretches none
	}
	got := groupRows(words)
	var texts []string
	for _, r := range got {
		texts = append(texts, r.Text())
	}
	want := []string{"Title LOGO", "Cadmium (Cd) - N.D.", "Lead"}
	if diff := cmp.Diff(want, texts); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// A speck above a row's centre, sorted first, does not make the row's
// band: the words keep their boxes.
func TestGroupRowsSpeckFirst(t *testing.T) {
	words := []labrelay.Word{
		word("Mercury", 100, 495, 140, 32),
		word("201", 900, 496, 60, 30),
		word("OK", 1100, 495, 50, 31),
		word("|", 1200, 497, 2, 2),
		word("Lead", 100, 560, 80, 32),
	}
	got := groupRows(words)
	if len(got) != 2 || len(got[0].Words) != 4 {
		t.Fatalf("rows: %v", got)
	}
	for _, w := range got[0].Words {
		if w.Text != "|" && w.Box.H < 30 {
			t.Errorf("%q cut to the speck's band: %v", w.Text, w.Box)
		}
	}
}

// Fragments of a photographed header's words, boxed short and 14 px
// higher than the rest, join the header; a line of small print apart
// from its neighbours stays a row.
func TestGroupRowsFragments(t *testing.T) {
	words := []labrelay.Word{
		word("单位", 219, 580, 63, 31), word("项", 345, 579, 60, 32), word("定量", 1959, 577, 97, 33),
		word("结果", 2101, 577, 64, 33), word("结论", 2212, 578, 64, 32),
		word("目", 387, 566, 20, 64), word("限", 2043, 566, 24, 20), word("“|", 307, 566, 24, 20),
		word("|", 1700, 566, 12, 20), word("|", 1800, 566, 12, 20), word("|", 2079, 566, 12, 20), // rules
		word("|", 1600, 566, 12, 20),
		word("mg/kg", 196, 651, 107, 32), word("Cadmium", 342, 650, 150, 32), word("2", 1998, 649, 17, 32),
		word("n.d.", 2101, 648, 62, 32), word("Pass", 2209, 647, 66, 32), word("Lead", 342, 710, 80, 32),
		word("note", 100, 780, 60, 18), word("small", 170, 780, 60, 18),
	}
	var texts []string
	rows := groupRows(words)
	for _, r := range rows {
		texts = append(texts, r.Text())
	}
	if h := rows[0].Box.H; h > 35 {
		t.Errorf("header %.0f px high: the tall fragment was not cut to it", h)
	}
	want := []string{"单位 项目 定量限 结果 结论", "mg/kg Cadmium 2 n.d. Pass", "Lead", "note small"}
	if diff := cmp.Diff(want, texts); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// A photo's header whose last characters ("结果", "值") were boxed 23 px
// high and 12 px above the 30 px line: fragments of it too.
func TestGroupRowsShortFragments(t *testing.T) {
	words := []labrelay.Word{
		word("项目", 193, 578, 62, 30), word("检出限", 1664, 578, 96, 30), word("检测", 1810, 578, 79, 30),
		word("单位", 2015, 578, 65, 30), word("限", 2187, 579, 64, 30),
		word("结果", 1888, 566, 47, 23), word("值", 2244, 566, 32, 23),
		word("Overall", 193, 648, 150, 30), word("1", 1700, 648, 17, 30), word("2", 1850, 648, 17, 30),
		word("mg/dm²", 2015, 648, 100, 30), word("< 10", 2187, 648, 80, 30),
	}
	var texts []string
	for _, r := range groupRows(words) {
		texts = append(texts, r.Text())
	}
	want := []string{"项目 检出限 检测结果 单位 限值", "Overall 1 2 mg/dm² < 10"}
	if diff := cmp.Diff(want, texts); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

func TestJoinCJK(t *testing.T) {
	ws := []labrelay.Word{
		word("批准", 0, 0, 60, 30), word("Approved", 80, 0, 120, 30),
		word("陈", 220, 0, 30, 30), word("立明", 255, 0, 60, 30),
		word("2026", 340, 0, 60, 30), word("年", 402, 0, 30, 30),
	}
	ws[3].Conf = 0.6
	got := joinCJK(ws)
	var texts []string
	for _, w := range got {
		texts = append(texts, w.Text)
	}
	if diff := cmp.Diff([]string{"批准", "Approved", "陈立明", "2026年"}, texts); diff != "" {
		t.Errorf("words (-want +got):\n%s", diff)
	}
	if got[2].Conf != 0.6 || got[2].Box != (labrelay.Box{X: 220, Y: 0, W: 95, H: 30}) {
		t.Errorf("joined word %+v, want the lower confidence and the union box", got[2])
	}
}

func TestFitFlat(t *testing.T) {
	ws := []labrelay.Word{
		word("Overall", 100, 700, 150, 28), word("migration,", 260, 700, 170, 28),
		word("3%", 100, 820, 40, 28), word("acetic", 150, 820, 90, 28),
		word("EN", 580, 807, 43, 5), word("1", 1413, 807, 16, 5), // one line boxed flat
		word("-", 1700, 810, 20, 4),  // a dash is flat
		word("ee", 1800, 807, 30, 5), // noise: read with no confidence
	}
	ws[7].Conf = 0.1
	got := fitFlat(ws)
	for i, want := range []labrelay.Box{
		{X: 580, Y: 795.5, W: 43, H: 28}, {X: 1413, Y: 795.5, W: 16, H: 28},
		{X: 1700, Y: 810, W: 20, H: 4}, {X: 1800, Y: 807, W: 30, H: 5},
	} {
		if got[4+i].Box != want {
			t.Errorf("%q: box %+v, want %+v", got[4+i].Text, got[4+i].Box, want)
		}
	}
	rows := groupRows(got)
	if len(rows) != 3 || rows[1].Words[0].Text != "EN" {
		t.Errorf("rows %v: the fitted line is a row of its own between the item's lines", rows)
	}
}

// A row's box spans its words' median top and bottom, not a tall word's.
func TestBandBoxes(t *testing.T) {
	rows := []labrelay.Row{{Words: []labrelay.Word{
		word("Lead", 100, 500, 80, 30),
		word("≤ 1000", 300, 480, 120, 60), // boxed with its cell's rule
		word("n.d.", 500, 501, 60, 29),
	}}}
	rows[0].Box = labrelay.WordsBox(rows[0].Words)
	bandBoxes(rows)
	if b := rows[0].Box; b.Y != 500 || b.H != 30 || b.X != 100 || b.W != 460 {
		t.Errorf("box %v, want y 500 h 30 across x 100..560", b)
	}
}

// The "²" of "mg/dm²" read as a raised "3" of its own joins its unit.
func TestAttachSuperscripts(t *testing.T) {
	ws := []labrelay.Word{
		word("Overall", 194, 662, 140, 36),
		word("3", 1116, 686, 10, 16),
		word("mg/dm", 990, 686, 122, 34),
		word("1", 1413, 687, 16, 27),
		word("1", 1416, 800, 10, 15), // a small "1" beside no unit
	}
	got := attachSuperscripts(ws, 34)
	var texts []string
	for _, w := range got {
		texts = append(texts, w.Text)
	}
	want := []string{"Overall", "mg/dm²", "1", "1"}
	if diff := cmp.Diff(want, texts); diff != "" || got[1].Conf > vocabConf {
		t.Errorf("words (-want +got):\n%s conf %.2f", diff, got[1].Conf)
	}
}

// A tightly set line of a centred cell, a little shorter than the line
// under it and overlapping it by a few pixels, stays a line.
func TestGroupRowsTightLines(t *testing.T) {
	words := []labrelay.Word{
		word("IEC", 900, 1930, 60, 23), word("62321-4:2013", 970, 1930, 200, 23), word("Max.", 1500, 1930, 60, 23),
		word("Quecksilber", 100, 1948, 200, 31), word("CV-AAS/ICP-OES", 900, 1948, 250, 31), word("288", 1700, 1948, 60, 31),
		word("1000", 1500, 1985, 70, 31), word("Lead", 100, 2040, 70, 31), word("41", 1700, 2040, 40, 31),
	}
	var texts []string
	for _, r := range groupRows(words) {
		texts = append(texts, r.Text())
	}
	want := []string{"IEC 62321-4:2013 Max.", "Quecksilber CV-AAS/ICP-OES 288", "1000", "Lead 41"}
	if diff := cmp.Diff(want, texts); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}

// A band a speck started, holding full-height cells centred beside a
// wrapped item's first line, is not a fragment of that line.
func TestGroupRowsSpeckBand(t *testing.T) {
	words := []labrelay.Word{
		word("Lead", 195, 1500, 80, 28), word("≤ 1000", 863, 1500, 127, 28), word("Pass", 2036, 1500, 60, 28),
		word("Hexavalent", 195, 1631, 198, 28),
		word("A", 2036, 1652, 67, 15),
		word("= 1000", 863, 1654, 127, 28), word("<8", 1529, 1655, 45, 26),
		word("Chromium (Cr(VI))", 194, 1677, 320, 32),
	}
	var texts []string
	for _, r := range groupRows(words) {
		texts = append(texts, r.Text())
	}
	want := []string{"Lead ≤ 1000 Pass", "Hexavalent", "= 1000 <8 A", "Chromium (Cr(VI))"}
	if diff := cmp.Diff(want, texts); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
}
