package learn

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/rules"
)

// dateFindCandidates return, for a date printed in a cell the engine
// cannot split (a period "05-Sep-2024 a 07-Sep-2024" joined by a word it
// does not know), a find rule over the cell's shape: every date by its
// printed form, the words between as printed, the approved date the
// value; the caption in the cell before it, when there is one, anchors
// the rule.
func dateFindCandidates(ex *example, f, v string) []candidate {
	if fieldKind(f) != kindDate || v == "" {
		return nil
	}
	var out []candidate
	seen := map[string]bool{}
	for _, ln := range ex.lines {
		for k, c := range ln.Cells {
			texts := []string{c.Text}
			if ln.OCR && k+1 < len(ln.Cells) {
				// OCR lost the "~" between a period's dates: two cells
				texts = append(texts, c.Text+" "+ln.Cells[k+1].Text)
			}
			for _, t := range texts {
				pat, ok := datePattern(t, f, v, &ex.rec)
				if !ok {
					continue
				}
				caption, before := dateCaption(ln, k, &ex.rec)
				pat = `(?:^|\s)` + before + pat + `(?:\s|$)`
				if seen[pat] {
					continue
				}
				seen[pat] = true
				out = append(out, candidate{rule: rules.Rule{Find: pat, Type: "date", Confidence: confFind}, caption: caption,
					note: fmt.Sprintf("the date in a cell printed like %q", t)})
			}
		}
	}
	return out
}

// dateCaption returns the caption in the cell before cell k of ln, when
// there is one, and the pattern of it and what stands between it and the
// date: a separator, on a scan also a speck OCR read from a leader.
func dateCaption(ln rules.Line, k int, rec *labrelay.Record) (string, string) {
	j, speck := k-1, ""
	if ln.OCR && j > 0 && len([]rune(ln.Cells[j].Text)) <= 2 {
		j, speck = j-1, `(?:\S{1,2}\s+)?`
	}
	if j < 0 {
		return "", ""
	}
	cp := cleanCaption(ln.Cells[j].Text)
	if !captionOK(cp, rec) {
		return "", ""
	}
	return cp, wordsPattern(cp) + `[\s:：.…]+` + speck
}

// datePattern builds the pattern of cell text t holding the date v (ISO)
// among other dates and words: the dates as their shapes (v's captured;
// the first of equal ones for a start, the last for an end), the other
// words literally. It fails when t prints no v, when a word between holds
// a digit or a value of rec (it would not be printed again), or when the
// words are more than a short joining phrase.
func datePattern(t, f, v string, rec *labrelay.Record) (string, bool) {
	words := strings.Fields(t)
	type span struct {
		from, to int
		iso      string
	}
	var spans []span
	for i := 0; i < len(words); {
		n := dateSpan(words[i:])
		if n == 0 {
			i++
			continue
		}
		printed := trimDate(strings.Join(words[i:i+n], " "))
		iso, _ := rules.ReadDate(printed, false)
		if d, ok := rules.ReadDate(printed, true); ok && d == v {
			iso = d // 13/04/2025: the engine reads it day first too
		}
		spans = append(spans, span{i, i + n, iso})
		i += n
	}
	target := -1
	for k, s := range spans {
		if s.iso == v && (target < 0 || f == labrelay.FieldTestEndDate) {
			target = k
		}
	}
	if target < 0 || len(spans) < 2 {
		return "", false
	}
	var parts, literal []string
	next := 0
	for i := 0; i < len(words); {
		if next < len(spans) && spans[next].from == i {
			s := spans[next]
			p := shape(kindDate, trimDate(strings.Join(words[s.from:s.to], " ")))
			if next == target {
				p = "(" + p + ")"
			} else {
				p = "(?:" + p + ")"
			}
			parts = append(parts, p+`[,;]?`)
			i, next = s.to, next+1
			continue
		}
		if strings.ContainsFunc(words[i], unicode.IsDigit) {
			return "", false
		}
		literal = append(literal, words[i])
		parts = append(parts, regexp.QuoteMeta(words[i]))
		i++
	}
	lit := strings.Join(literal, " ")
	if len([]rune(lit)) > 30 || isValue(lit, rec) {
		return "", false
	}
	return strings.Join(parts, `\s+`), true
}

// dateSpan returns how many of the leading words (up to 4) are one date
// the engine reads, the longest first; 0 when none is.
func dateSpan(words []string) int {
	for n := min(4, len(words)); n > 0; n-- {
		s := trimDate(strings.Join(words[:n], " "))
		if !strings.ContainsFunc(s, unicode.IsDigit) {
			continue
		}
		_, month := rules.ReadDate(s, false)
		if _, day := rules.ReadDate(s, true); month || day {
			return n
		}
	}
	return 0
}

func trimDate(s string) string { return strings.TrimRight(s, ",;") }
