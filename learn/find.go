package learn

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/normalize"
	"github.com/labrelay/labrelay/rules"
)

// findCandidates returns find rules for a value printed inside a line
// after some stable words but without a caption of its own ("Report No
// AB123  Page 1 of 3" in a running header): the words before the value,
// then the value's shape.
func findCandidates(ex *example, f, v string) []candidate {
	kind := fieldKind(f)
	if kind != kindID || v == "" {
		return nil
	}
	var out []candidate
	seen := map[string]bool{}
	for _, ln := range ex.lines {
		i := strings.Index(ln.Text, v)
		if i <= 0 {
			continue
		}
		before := lastWords(ln.Text[:i], 3)
		if !captionOK(cleanCaption(before), &ex.rec) {
			continue
		}
		pat := `(?i)` + wordsPattern(before) + `\s*[:：]?\s*(` + shape(kind, v) + `)(?:\s|$)`
		if seen[pat] {
			continue
		}
		seen[pat] = true
		out = append(out, candidate{rule: rules.Rule{Find: pat, Confidence: confFind}, caption: cleanCaption(before),
			note: fmt.Sprintf("the value after the words %q in a line", strings.TrimSpace(before))})
	}
	return out
}

// confFind is what a learned find rule earns: it reads the one place the
// taught report printed the value, as sure as a caption (0.95) less a
// little for a pattern that names no caption.
const confFind = 0.93

// lastWords returns up to n words at the end of s.
func lastWords(s string, n int) string {
	w := strings.Fields(s)
	if len(w) > n {
		w = w[len(w)-n:]
	}
	return strings.Join(w, " ")
}

// wordsPattern matches the words of s with any spacing between them.
func wordsPattern(s string) string {
	w := strings.Fields(s)
	for i := range w {
		w[i] = regexp.QuoteMeta(w[i])
	}
	return strings.Join(w, `\s+`)
}

// sentenceCandidate returns, for an overall result printed only as a
// sentence ("The submitted sample meets the requirements of …") or a
// phrase after its caption ("结论: Positive (meets requirements)"), an
// expression that gives the approved verdict when the document prints
// that whole cell: another report of the layout saying otherwise prints
// other words, reads nothing here and goes to review. The whole cell, not
// its opening: a negation may come last ("… der Norm nicht.").
func sentenceCandidate(ex *example, v string) (candidate, bool) {
	if v != labrelay.VerdictPass && v != labrelay.VerdictFail {
		return candidate{}, false
	}
	for _, ln := range ex.lines {
		for _, c := range ln.Cells {
			t := normalize.Space(c.Text)
			if !verdictCell(t, v) || isValue(t, &ex.rec) {
				continue
			}
			lit := strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(t)
			r := rules.Rule{Expr: fmt.Sprintf(`text contains "%s" ? "%s" : ""`, lit, v), Confidence: confFind}
			return candidate{rule: r, note: fmt.Sprintf("%s when the report says %q", v, t)}, true
		}
	}
	return candidate{}, false
}

// verdictCell: cell text t is a sentence, or a conclusion caption and a
// phrase, that the engine's verdict reader reads as v. A disclaimer ("This
// report shall not be reproduced …") reads as no verdict.
func verdictCell(t, v string) bool {
	words := strings.Fields(t)
	if len(words) < 2 || len([]rune(t)) > 160 {
		return false
	}
	caption := beforeSep(t)
	if caption != "" {
		if !contains(rules.CaptionFields(caption), labrelay.FieldOverallResult) {
			return false
		}
		t = strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(t[len(caption):]), ":："))
	} else if !sentenceLike(t) || len(words) < 5 && !unicode.Is(unicode.Han, []rune(t)[0]) {
		return false
	}
	if reNotVerdict.MatchString(t) {
		return false
	}
	if got, ok := rules.ReadVerdict(t); ok {
		return got == v
	}
	// a sentence the reader does not know ("The results are within the
	// limits of …"): one turning on a verdict word, not a legend
	return caption == "" && verdictish(t) && !strings.ContainsAny(t, "=")
}

// verdictish: the verbs a conclusion sentence turns on, in the labs'
// languages. A bare "not" is none (a disclaimer "shall not be reproduced"
// prints in passing and failing reports alike), nor is a noun ("tested
// to determine compliance with …"), nor a question ("whether").
func verdictish(s string) bool {
	return reVerdictish.MatchString(s)
}

var (
	reVerdictish = regexp.MustCompile(`(?i)\b(?:complies|comply|complied|conforms?|meets?|passed|fulfils?|fulfills?|satisfies|within the limits?|exceeds?|exceeded|erfüllt|entspricht|cumplen?)\b|符合|合格|適合`)
	reNotVerdict = regexp.MustCompile(`(?i)\b(?:whether|if|determine|shall|should|may)\b`)
)

// sentenceLike: mostly letters and spaces, starting with a capital.
func sentenceLike(s string) bool {
	r := []rune(strings.TrimSpace(s))
	return len(r) > 20 && (unicode.IsUpper(r[0]) || unicode.Is(unicode.Han, r[0]))
}

// letterheadCandidates return, for a value heading page 1 without a
// caption (the lab's name or accreditation in its letterhead), a rule
// reading the one cell of the first rows that has its shape: for a name
// no digits and no colon.
func letterheadCandidates(ex *example, v, kind string) []candidate {
	pat := `^([\p{Lu}\p{Lo}][^\d:：]{4,150})$`
	if kind == kindID {
		pat = `^(` + shape(kind, v) + `)$`
	}
	for i, ln := range ex.lines {
		if ln.Page != 1 || i >= 8 {
			break
		}
		for _, c := range ln.Cells {
			if fold(c.Text) != fold(v) {
				continue
			}
			r := rules.Rule{Find: pat, Scope: "cell", Lines: i + 1, Pages: 1, Confidence: confFind}
			return []candidate{{rule: r, note: fmt.Sprintf("the name in the first %d rows of page 1 (the letterhead)", i+1)}}
		}
	}
	return nil
}

// gluedCandidates return, for a name or text the text layer printed glued
// to its caption (the caption ran over into the value's column:
// "ProbenbezeichnungMicrowave lunch box"), a find rule over the cells
// that start with that caption: the rest of the cell is the value. The
// caption is fixed text, so where it ends is known even when the value
// starts in capitals ("ITEMMLCC 0603").
func gluedCandidates(ex *example, f, v string) []candidate {
	if k := fieldKind(f); k != kindText && k != kindName || v == "" {
		return nil
	}
	fv := fold(v)
	for _, ln := range ex.lines {
		for _, c := range ln.Cells {
			t := normalize.Space(c.Text)
			ft := fold(t)
			if len(ft) <= len(fv) || !strings.HasSuffix(ft, fv) || len(ft) != len(t) {
				continue
			}
			capText := t[:len(t)-len(fv)]
			r := []rune(capText)
			if len(r) < 4 || !unicode.IsLetter(r[len(r)-1]) && !unicode.IsDigit(r[len(r)-1]) || !captionOK(capText, &ex.rec) {
				continue // a caption and its value with a space between: a label rule's
			}
			pat := `^` + regexp.QuoteMeta(capText) + `\s*(\S.*)$`
			return []candidate{{rule: rules.Rule{Find: pat, Scope: "cell", Confidence: confFind}, caption: capText,
				note: fmt.Sprintf("the rest of the cell after its caption %q, printed glued to it", capText)}}
		}
	}
	return nil
}
