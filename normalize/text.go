package normalize

import (
	"strings"
	"unicode"
)

// Space collapses every run of white space (including full-width and
// non-breaking spaces, tabs and line breaks) to one ASCII space and trims
// the ends. Zero-width spaces and byte-order marks are dropped. Spelling is
// otherwise kept as printed.
func Space(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for _, r := range s {
		switch {
		case r == '\u200b' || r == '\ufeff' || r == '\u200c' || r == '\u200d':
			continue
		case unicode.IsSpace(r):
			pending = b.Len() > 0
			continue
		}
		if pending {
			b.WriteByte(' ')
			pending = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// fold maps full-width ASCII forms (U+FF01–U+FF5E, such as "２０２６" or
// "／") to ASCII and collapses white space, so printed numbers and dates
// can be parsed whichever width the lab used.
func fold(s string) string {
	s = Space(s)
	return strings.Map(func(r rune) rune {
		if r >= 0xFF01 && r <= 0xFF5E {
			return r - 0xFF01 + '!'
		}
		return r
	}, s)
}
