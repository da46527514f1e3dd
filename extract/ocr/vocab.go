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
// auto-accepted.

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
// one glyph confused; "" when none or several.
func vocabMatch(t string, count map[string]int) string {
	if utf8.RuneCountInString(t) < vocabMinLen || count[t] > 0 || text.Letters(t) < 3 {
		return "" // a number is never read from another cell
	}
	rt := []rune(t)
	found := ""
	for i, c := range rt {
		for _, class := range confusable {
			if !strings.ContainsRune(class, c) {
				continue
			}
			for _, d := range class {
				if d == c {
					continue
				}
				rt[i] = d
				if v := string(rt); count[v] >= 2 {
					if found != "" && found != v {
						return ""
					}
					found = v
				}
			}
			rt[i] = c
		}
	}
	return found
}
