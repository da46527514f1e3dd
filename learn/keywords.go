package learn

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/labrelay/labrelay/rules"
)

// Keyword budget: enough stable texts that another layout does not print
// them all, few enough that one misread word on a scan costs little.
const (
	maxLetterhead = 3
	maxKeywords   = 8
	minKeywords   = 3
)

// keywords picks the pack's match keywords: texts every example prints
// and no record holds — the letterhead's first lines, then the captions
// the rules rely on, then the result table's headers.
func keywords(exs []*example, ls []*learned, headers []string) []string {
	var picked []string
	try := func(s string, digitsOK bool) bool {
		s = strings.TrimSpace(s)
		if exs[0].ocr {
			if s = latinPart(s); !wordy(s) {
				return false
			}
		}
		if len(picked) >= maxKeywords || !keywordOK(exs, s, digitsOK) {
			return false
		}
		fs := fold(s)
		for _, p := range picked {
			if fp := fold(p); strings.Contains(fp, fs) || strings.Contains(fs, fp) {
				return false
			}
		}
		picked = append(picked, s)
		return true
	}
	n := 0
	top := firstCaptionLine(exs[0].lines, ls)
	for i, ln := range exs[0].lines {
		if ln.Page != 1 || i >= top || i >= 6 || n >= maxLetterhead {
			break
		}
		for _, c := range ln.Cells {
			if n < maxLetterhead && try(c.Text, true) {
				n++
			}
		}
	}
	for _, l := range ls {
		for _, c := range l.captions {
			try(c, false)
		}
	}
	for _, h := range headers {
		try(h, false)
	}
	return picked
}

// firstCaptionLine is the index of the first line printing a learned
// caption: the letterhead stands above it.
func firstCaptionLine(lines []rules.Line, ls []*learned) int {
	for i, ln := range lines {
		for _, l := range ls {
			for _, c := range l.captions {
				if strings.Contains(fold(ln.Text), fold(c)) {
					return i
				}
			}
		}
	}
	return len(lines)
}

var (
	reCaptionValue = regexp.MustCompile(`[:：]\s*\S`)
	rePageLabel    = regexp.MustCompile(`(?i)\bpage\b|\bseite\b|página|页|\d+\s*(?:/|of|von|de)\s*\d+`)
	reDateLike     = regexp.MustCompile(`\d{1,4}\s*[./\-年]\s*\d{1,2}|\d{1,2}\.?\s+\p{L}{3,}\.?,?\s+\d{4}|\p{L}{3,}\.?\s+\d{1,2},?\s+\d{4}`)
)

// keywordOK: long enough to mean something, printed in every example,
// and no value of any example's record; digits only in a letterhead
// (an address, a telephone number), never a page label or a date.
func keywordOK(exs []*example, s string, digitsOK bool) bool {
	if len([]rune(s)) < 4 || !strings.ContainsFunc(s, unicode.IsLetter) || reCaptionValue.MatchString(s) {
		return false // a caption with its value may print another value next time
	}
	if strings.ContainsAny(s, "0123456789") {
		if !digitsOK || len([]rune(s)) < 12 || rePageLabel.MatchString(s) || reDateLike.MatchString(s) {
			return false
		}
	}
	for _, ex := range exs {
		if isValue(s, &ex.rec) || !strings.Contains(strings.ToLower(ex.doc.Text()), strings.ToLower(s)) {
			return false
		}
	}
	return true
}

// latinPart is, for a scan, the Latin words of a bilingual caption
// ("Address (地址" → "Address"): OCR misreads the other script's
// characters more often than not ("Address (itt):").
func latinPart(s string) string {
	if !strings.ContainsFunc(s, isCJK) || !strings.ContainsFunc(s, isLatin) {
		return s
	}
	var words []string
	for _, w := range strings.Fields(s) {
		if !strings.ContainsFunc(w, isCJK) {
			words = append(words, w)
		}
	}
	return strings.Trim(strings.Join(words, " "), " (（/:：")
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

func isLatin(r rune) bool { return unicode.Is(unicode.Latin, r) }
