package rules

import (
	"strings"
	"unicode"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/normalize"
)

// A verdict column speaks its own vocabulary ("i.O." / "n.i.O.", "Within
// limit" / "Exceeds limit"). Words the verdict list does not know are
// read as the negation of one it knows, or learned from the column: the
// rows whose value and limit give a verdict say what the word means, and
// in a column of two words the unknown one means the opposite of the
// known one.

var negations = []string{"does not ", "do not ", "did not ", "not ", "non-", "non ", "no ", "n.", "un", "nicht "}

// verdictWord is normalize.Verdict that also reads a negated pass word
// ("Non-conforming", "Not satisfactory", "n.i.O." after "i.O.").
func verdictWord(s string) (string, bool) {
	if v, ok := normalize.Verdict(s); ok {
		return v, true
	}
	if t := strings.TrimRight(s, " -–—.,;:"); t != s && t != "" {
		if v, ok := normalize.Verdict(t); ok {
			return v, true // "Compliant -": a speck or a rule's end after the word
		}
	}
	k := strings.ToLower(strings.TrimSpace(s))
	for _, n := range negations {
		if rest, ok := strings.CutPrefix(k, n); ok && rest != "" {
			if v, ok := normalize.Verdict(rest); ok && v == labrelay.VerdictPass {
				return labrelay.VerdictFail, true
			}
		}
	}
	return "", false
}

// oneLetter reports a lone letter or digit: OCR's misread of a word it
// could not read ("符合" read as "A" or "4"), never the other word of a
// column's pair (a cross, "x", is).
func oneLetter(w string) bool {
	r := []rune(w)
	return len(r) == 1 && (unicode.IsLetter(r[0]) || unicode.IsDigit(r[0])) && r[0] != 'x' && r[0] != 'X'
}

// verdictVocabulary learns the meaning of the unknown words of a table's
// verdict column (lower-cased) from the rows.
func verdictVocabulary(rows []rawRow) map[string]string {
	votes := map[string]map[string]int{}
	known := map[string]string{}
	read := map[string]bool{} // words OCR read
	for _, r := range rows {
		p := strings.ToLower(strings.TrimSpace(r.cells[colVerdict]))
		if p == "" {
			continue
		}
		read[p] = read[p] || r.ocr
		if v, ok := verdictWord(p); ok {
			known[p] = v
			continue
		}
		if votes[p] == nil {
			votes[p] = map[string]int{}
		}
		if d := normalize.RowVerdict(r.cells[colValue], limitBound(r.cells[colLimit])); d != "" {
			votes[p][d]++
		}
	}
	out := map[string]string{}
	for w, vs := range votes {
		if len(vs) == 1 {
			for v := range vs {
				out[w] = v
			}
		}
	}
	// a short word OCR read in no row a verdict can be told for, beside
	// three of the column's pass word or more, on rows whose results were
	// not detected: that word misread ("BS" among 適合); not detected
	// passes whatever the limit
	if passWords(known, rows) >= 3 {
		for w, vs := range votes {
			if _, ok := out[w]; ok || len(vs) > 0 || !read[w] || len([]rune(w)) > 3 || !allUndetected(rows, w) {
				continue
			}
			out[w] = labrelay.VerdictPass
		}
	}
	// two words, one understood: the other is its opposite. A word OCR
	// read must hold the understood one ("不適合" beside "適合"): else it
	// may be that word misread ("es" for 適合), no opposite at all.
	if len(known)+len(votes) == 2 {
		var kv, kw []string
		for w, v := range known {
			kv, kw = append(kv, v), append(kw, w)
		}
		for w := range out {
			kv, kw = append(kv, out[w]), append(kw, w)
		}
		for w, vs := range votes {
			if _, ok := out[w]; ok || len(vs) > 0 || len(kv) != 1 || oneLetter(w) {
				continue
			}
			if read[w] && !strings.Contains(strings.ReplaceAll(w, " ", ""), strings.ReplaceAll(kw[0], " ", "")) {
				continue
			}
			switch kv[0] {
			case labrelay.VerdictPass:
				out[w] = labrelay.VerdictFail
			case labrelay.VerdictFail:
				out[w] = labrelay.VerdictPass
			}
		}
	}
	return out
}

// passWords counts the rows whose verdict cell reads as a pass word.
func passWords(known map[string]string, rows []rawRow) int {
	n := 0
	for _, r := range rows {
		if known[strings.ToLower(strings.TrimSpace(r.cells[colVerdict]))] == labrelay.VerdictPass {
			n++
		}
	}
	return n
}

// allUndetected reports whether every row whose verdict cell reads w
// (lower case) has a result not detected.
func allUndetected(rows []rawRow, w string) bool {
	for _, r := range rows {
		if strings.ToLower(strings.TrimSpace(r.cells[colVerdict])) == w && !undetected(r.cells[colValue]) {
			return false
		}
	}
	return true
}
