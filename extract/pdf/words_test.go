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
	// With a space glyph between words the line is spaced: the same gap
	// elsewhere is kerning.
	gs := line(false)
	gs = append(gs, glyph{x: gs[len(gs)-1].x + 5, base: 100, w: 2.5, fs: fs, s: " ", space: true})
	gs = append(gs, glyph{x: gs[len(gs)-1].x + 2.5, base: 100, w: 5, fs: fs, s: "x"})
	if row := lineRow(gs); len(row.Words) != 2 {
		t.Errorf("spaced line: %d words, want 2 (Thefollowing, x)", len(row.Words))
	}
}
