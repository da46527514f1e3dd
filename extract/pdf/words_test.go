package pdf

import (
	"strings"
	"testing"
)

// TestLeadingSpaceIsNotSpacing: a line whose only space glyph is an indent
// before its first word is not a spaced line, so a gap of 0.29 of the
// size between words still breaks them ("The following", not
// "Thefollowing").
func TestLeadingSpaceIsNotSpacing(t *testing.T) {
	fs := 10.0
	line := func(lead bool) []glyph {
		var gs []glyph
		x := 50.0
		if lead {
			gs = append(gs, glyph{x: 47, base: 100, w: 2.5, fs: fs, s: "\u2005", space: true})
		}
		for i, w := range []string{"The", "following"} {
			if i > 0 {
				x += 2.9 // 0.29 of the size, no space glyph
			}
			for _, r := range w {
				gs = append(gs, glyph{x: x, base: 100, w: 5, fs: fs, s: string(r)})
				x += 5
			}
		}
		return gs
	}
	for _, lead := range []bool{false, true} {
		row := lineRow(line(lead))
		var words []string
		for _, w := range row.Words {
			words = append(words, w.Text)
		}
		if got := strings.Join(words, "|"); got != "The|following" {
			t.Errorf("leading space %v: words %q, want The|following", lead, got)
		}
	}
	// A space glyph elsewhere on the line does not make the same gap
	// kerning: it is as wide as a space and a reader sees two words.
	gs := line(false)
	gs = append(gs, glyph{x: gs[len(gs)-1].x + 5, base: 100, w: 2.5, fs: fs, s: " ", space: true})
	gs = append(gs, glyph{x: gs[len(gs)-1].x + 2.5, base: 100, w: 5, fs: fs, s: "x"})
	if row := lineRow(gs); len(row.Words) != 3 {
		t.Errorf("spaced line: %d words, want 3 (The, following, x)", len(row.Words))
	}
}

// TestVisibleGapSplitsWords: a writer that positions each word itself
// (no space glyph) leaves a visible gap between words; a gap of a fifth
// of the size or less is still a word break when the letters of the line
// touch ("Houjie Avenue", not "HoujieAvenue"), while kerning (a few
// hundredths of the size, either way) and an evenly letter-spaced word
// are not.
func TestVisibleGapSplitsWords(t *testing.T) {
	fs := 6.5
	set := func(words []string, letter, word float64, spaced bool) []glyph {
		var gs []glyph
		x := 100.0
		for i, w := range words {
			if i > 0 {
				if spaced && i == 1 {
					gs = append(gs, glyph{x: x, base: 100, w: 0.28 * fs, fs: fs, s: " ", space: true})
					x += 0.28 * fs
				} else {
					x += word * fs
				}
			}
			for k, r := range w {
				if k > 0 {
					x += letter * fs
				}
				gs = append(gs, glyph{x: x, base: 100, w: 0.55 * fs, fs: fs, s: string(r)})
				x += 0.55 * fs
			}
		}
		return gs
	}
	join := func(gs []glyph) string {
		var ws []string
		for _, w := range lineRow(gs).Words {
			ws = append(ws, w.Text)
		}
		return strings.Join(ws, "|")
	}
	for _, tt := range []struct {
		words        []string
		letter, word float64
		spaced       bool
		want         string
	}{
		{[]string{"East", "of", "Houjie", "Avenue"}, 0, 0.183, false, "East|of|Houjie|Avenue"},
		{[]string{"Room", "East", "of", "Houjie", "Avenue"}, 0, 0.183, true, "Room|East|of|Houjie|Avenue"},
		{[]string{"Compliance", "Laboratory"}, -0.002, 0.2, false, "Compliance|Laboratory"},
		{[]string{"Kerning", "Tight"}, 0.04, 0.04, false, "KerningTight"},
		{[]string{"Room", "Kerning"}, 0.04, 0.04, true, "Room|Kerning"},
		{[]string{"S", "P", "A", "C", "E", "D"}, 0.15, 0.15, false, "SPACED"},
	} {
		if got := join(set(tt.words, tt.letter, tt.word, tt.spaced)); got != tt.want {
			t.Errorf("%v letters %.3f words %.3f spaced %v: %q, want %q", tt.words, tt.letter, tt.word, tt.spaced, got, tt.want)
		}
	}
}
