package pdf

import (
	"strings"
	"testing"
)

func rowTexts(gs []glyph) []string {
	var out []string
	for _, r := range rows(gs) {
		var ws []string
		for _, w := range r.Words {
			ws = append(ws, w.Text)
		}
		out = append(out, strings.Join(ws, " "))
	}
	return out
}

// A value set a few points below its caption (a vertically centred cell
// of a taller row, as Word tables print them) is on the caption's line,
// even when a smaller caption further right sits between the two.
func TestRowsValueBelowCaptionBaseline(t *testing.T) {
	gs := []glyph{
		{x: 38, base: 316.0, w: 43, fs: 11, s: "Product"},
		{x: 81, base: 316.0, w: 4, fs: 11, s: " ", space: true},
		{x: 85, base: 316.0, w: 67, fs: 11, s: "Description:"},
		{x: 407, base: 319.8, w: 34, fs: 10, s: "Report"},
		{x: 441, base: 319.8, w: 3, fs: 10, s: " ", space: true},
		{x: 444, base: 319.8, w: 44, fs: 10, s: "Number:"},
		{x: 182, base: 320.6, w: 25, fs: 11, s: "Coco"},
		{x: 207, base: 320.6, w: 4, fs: 11, s: " ", space: true},
		{x: 211, base: 320.6, w: 23, fs: 11, s: "BBQ"},
		{x: 234, base: 320.6, w: 4, fs: 11, s: " ", space: true},
		{x: 238, base: 320.6, w: 48, fs: 11, s: "Charcoal"},
		{x: 38, base: 330.0, w: 60, fs: 11, s: "Applicant:"},
	}
	got := rowTexts(gs)
	if len(got) != 2 || got[0] != "Product Description: Coco BBQ Charcoal Report Number:" || got[1] != "Applicant:" {
		t.Errorf("rows %q, want [\"Product Description: Coco BBQ Charcoal Report Number:\" \"Applicant:\"]", got)
	}
}

// Two lines of text never join, however their glyphs are staggered: a
// line spans less than 0.6 of the font size.
func TestRowsStaggeredLinesStayApart(t *testing.T) {
	var gs []glyph
	for i := range 6 {
		gs = append(gs, glyph{x: float64(20 * i), base: 100 + 3.5*float64(i), w: 15, fs: 10, s: "w"})
	}
	if got := rowTexts(gs); len(got) < 3 {
		t.Errorf("rows %q: 17.5 pt of baselines read as %d lines", got, len(got))
	}
}
