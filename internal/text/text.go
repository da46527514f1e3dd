// Package text holds the small string helpers several packages need with
// one meaning: one-line messages, truncation by rune, CJK detection and
// full-width folding. It knows nothing of the domain.
package text

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// OneLine collapses every run of white space (newlines included) to one
// space and trims the ends: a multi-line error becomes one log or UI line.
func OneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// Truncate cuts s to at most n runes, the last being "…" when it was cut,
// so that the result stays valid UTF-8 whatever the script.
func Truncate(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i, count := 0, 0
	for i = range s {
		if count == n-1 {
			break
		}
		count++
	}
	return s[:i] + "…"
}

// IsCJK reports whether r is Chinese, Japanese or Korean script, CJK
// punctuation (U+3000–U+303F), a mark of the kana blocks that Unicode
// gives no script ("ー", "・", U+3040–U+30FF) or a full-width form
// (U+FF00–U+FFEF).
func IsCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x30FF) || (r >= 0xFF00 && r <= 0xFFEF)
}

// Letters counts the letters of s, of any script.
func Letters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

// FoldWidth maps full-width ASCII forms (U+FF01–U+FF5E, such as "２０２６"
// or "／") to ASCII and the ideographic space to a space, so printed
// numbers, dates and labels compare whichever width the lab used.
func FoldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFF01 + '!'
		case r == '\u3000':
			return ' '
		}
		return r
	}, s)
}

// Printable escapes what a terminal would act on instead of showing:
// control characters (escape sequences, carriage returns, bidi overrides)
// and invalid UTF-8. S3 keys and reasons come from outside; every
// terminal line that shows them goes through Printable.
func Printable(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x80 && unicode.IsControl(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}
