package ocr

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/text"
)

// A page's own words. A table repeats its words ("Overall migration" on
// three rows), and a photo's worst row reads one of them with a glyph
// confused ("Overail", "Overali", "Overal|"). A doubtful word that one
// confusable glyph away is a word the page reads surely at least twice is
// taken for it, at most vocabConf: the reading is an inference, never
// auto-accepted. A word of six letters or more may have two glyphs
// confused.

const (
	// vocabConf caps a word read from the page's vocabulary.
	vocabConf = 0.8
	// vocabSure is the confidence of the page's words that make its
	// vocabulary, and under which a word may be changed.
	vocabSure = 0.9
	// vocabMinLen is the shortest word changed: short words ("Hg", "Ha")
	// differ by one glyph too often.
	vocabMinLen = 5
)

// confusable are the glyph classes Tesseract confuses on degraded text.
var confusable = []string{"ilI1|!", "oO0", "ce", "ao", "gq"}

// pageVocabulary mends doubtful tokens of rows from the page's sure ones.
func pageVocabulary(rows []labrelay.Row) {
	count := map[string]int{}
	for _, r := range rows {
		for _, w := range r.Words {
			if w.Conf < vocabSure {
				continue
			}
			for _, t := range strings.Fields(w.Text) {
				if utf8.RuneCountInString(t) >= vocabMinLen {
					count[t]++
				}
			}
		}
	}
	for ri := range rows {
		for wi := range rows[ri].Words {
			w := &rows[ri].Words[wi]
			if w.Conf >= vocabSure {
				continue
			}
			toks := strings.Fields(w.Text)
			changed := false
			for k, t := range toks {
				if v := vocabMatch(t, count); v != "" {
					toks[k], changed = v, true
				}
			}
			if changed {
				w.Text = strings.Join(toks, " ")
				w.Conf = math.Min(w.Conf, vocabConf)
			}
		}
	}
}

// vocabMatch is the one word of count, seen at least twice, that t is with
// one glyph confused (two in a word of vocabTwoLen runes or more); "" when
// none or several.
func vocabMatch(t string, count map[string]int) string {
	if utf8.RuneCountInString(t) < vocabMinLen || count[t] > 0 || text.Letters(t) < 3 {
		return "" // a number is never read from another cell
	}
	rt := []rune(t)
	found, ok := confuse(rt, 0, 1, count)
	if found == "" && ok && len(rt) >= vocabTwoLen {
		found, ok = confuse(rt, 0, 2, count)
	}
	if !ok {
		return ""
	}
	return found
}

// vocabTwoLen is the shortest word changed in two glyphs ("giobai" for
// "global" on a photo).
const vocabTwoLen = 6

// confuse tries rt with n more of its glyphs from position from on
// confused, and returns the one word of count seen twice it makes; ok is
// false when it makes several.
func confuse(rt []rune, from, n int, count map[string]int) (string, bool) {
	found := ""
	for i := from; i < len(rt); i++ {
		c := rt[i]
		for _, class := range confusable {
			if !strings.ContainsRune(class, c) {
				continue
			}
			for _, d := range class {
				if d == c {
					continue
				}
				rt[i] = d
				v := ""
				if n == 1 {
					if count[string(rt)] >= 2 {
						v = string(rt)
					}
				} else {
					var ok bool
					if v, ok = confuse(rt, i+1, n-1, count); !ok {
						rt[i] = c
						return "", false
					}
				}
				if v != "" {
					if found != "" && found != v {
						rt[i] = c
						return "", false
					}
					found = v
				}
			}
			rt[i] = c
		}
	}
	return found, true
}
