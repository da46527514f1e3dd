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

// example is one report taught: its rows and its approved record.
type example struct {
	name  string
	doc   *rules.Doc
	lines []rules.Line
	rec   labrelay.Record
	ocr   bool // a scan: its words are OCR's reading of the print
}

// learned is what was learned for one field: its rules, a comment saying
// how, and the captions it relies on (keyword candidates).
type learned struct {
	field    string
	rules    []rules.Rule
	note     string
	captions []string
}

// candidate is a rule to try, with the comment it gets when it works.
type candidate struct {
	rule    rules.Rule
	note    string
	caption string
}

// ruleTypes are the rule types to try for a field, in order.
func ruleTypes(f string) []string {
	switch f {
	case labrelay.FieldIssueDate, labrelay.FieldReceivedDate:
		return []string{"date"}
	case labrelay.FieldTestStartDate:
		return []string{"date", "date_start"}
	case labrelay.FieldTestEndDate:
		return []string{"date", "date_end"}
	case labrelay.FieldOverallResult:
		return []string{"verdict"}
	}
	return []string{"text"}
}

// learnString finds a rule reading field f as approved in every example
// that has it; why says what was tried when none does.
func learnString(exs []*example, f string) (*learned, string) {
	first := exs[0]
	v, _ := first.rec.String(f)
	kind := fieldKind(f)
	tried := 0
	for _, typ := range ruleTypes(f) {
		for _, c := range append(captionCandidates(first, f, v, typ), spanCandidates(first, f, v, typ)...) {
			if othersCaption(&first.rec, f, c.caption) {
				continue
			}
			tried++
			if l := confirm(exs, f, kind, c); l != nil {
				return fewerLines(exs, f, kind, l), ""
			}
		}
	}
	for _, c := range findCandidates(first, f, v) {
		tried++
		if l := confirm(exs, f, kind, c); l != nil {
			return l, ""
		}
	}
	for _, c := range gluedCandidates(first, f, v) {
		tried++
		if l := confirm(exs, f, kind, c); l != nil {
			return l, ""
		}
	}
	for _, c := range dateFindCandidates(first, f, v) {
		tried++
		if l := confirm(exs, f, kind, c); l != nil {
			return l, ""
		}
	}
	if f == labrelay.FieldLabName || kind == kindID {
		for _, c := range letterheadCandidates(first, v, kind) {
			tried++
			if l := confirm(exs, f, kind, c); l != nil {
				return l, ""
			}
		}
	}
	if f == labrelay.FieldOverallResult {
		if c, ok := sentenceCandidate(first, v); ok {
			if l := confirm(exs, f, "", c); l != nil {
				return l, ""
			}
		}
	}
	if tried == 0 {
		return nil, fmt.Sprintf("the value %q is not printed as such", v)
	}
	return nil, fmt.Sprintf("no caption near %q reads it (%d rules tried)", v, tried)
}

// confirm checks that c reads the approved value in every example that
// has the field, then adds the value's shape as a pattern and checks
// again; it returns nil when either check fails.
func confirm(exs []*example, f, kind string, c candidate) *learned {
	if !readsAll(exs, f, c.rule) {
		return nil
	}
	r := c.rule
	if kind != "" && kind != kindVerdict && r.Expr == "" {
		raw := c.rule
		raw.Type, raw.Pattern = "", ""
		printed, _ := probeString(exs[0], f, raw)
		if r.Type == "date_start" || r.Type == "date_end" {
			if a, b, ok := normalize.SplitRange(printed); ok {
				printed = a
				if r.Type == "date_end" {
					printed = b
				}
			}
		}
		if v, _ := exs[0].rec.String(f); r.Find != "" || exs[0].ocr && kind != kindDate && rules.OCRNear(printed, v) {
			// a scan's reading may have a glyph misread: the shape is
			// the approved value's
			printed = v
		}
		if p := shape(kind, printed); p != "" && r.Find == "" {
			r.Pattern = p
			if !readsAll(exs, f, r) {
				return nil
			}
		}
	}
	l := &learned{field: f, rules: []rules.Rule{r}, note: c.note}
	if c.caption != "" {
		l.captions = []string{c.caption}
	}
	return l
}

func readsAll(exs []*example, f string, r rules.Rule) bool {
	n := 0
	for _, ex := range exs {
		want, _ := ex.rec.String(f)
		if want == "" {
			continue
		}
		got, ok := probeString(ex, f, r)
		if !ok || got != normalize.Space(want) && !(ex.ocr && fuzzyKind(f) && rules.OCRNear(got, want)) {
			return false
		}
		n++
	}
	return n > 0
}

func probeString(ex *example, f string, r rules.Rule) (string, bool) {
	v, _, err := ex.doc.Probe(f, r)
	if err != nil {
		return "", false
	}
	s, ok := v.(string)
	return s, ok
}

// captionCandidates returns label rules around every cell that may hold
// the value: its own caption before a separator, the cell to its left,
// the cell above it, the cell below it.
func captionCandidates(ex *example, f, v, typ string) []candidate {
	var out []candidate
	seen := map[string]bool{}
	add := func(capText, where string, multi bool, gap float64, note string) {
		sep := cleanCaption(beforeSep(capText)) == cleanCaption(capText) // "Factory:" before its value
		capText = cleanCaption(capText)
		if !captionOK(capText, &ex.rec) && !(sep && sepCaptionOK(capText, &ex.rec)) || ex.ocr && !wordy(capText) {
			return
		}
		key := fmt.Sprint(capText, where, multi, gap)
		if seen[key] {
			return
		}
		seen[key] = true
		r := rules.Rule{Label: []string{capText}, Where: where, Type: typ, Multiline: multi, Gap: gap}
		if typ == "text" {
			r.Type = ""
		}
		out = append(out, candidate{rule: r, caption: capText, note: fmt.Sprintf(note, capText)})
	}
	for i, ln := range ex.lines {
		for k, c := range ln.Cells {
			inline, multi, ok := holds(c.Text, v, typ)
			if !ok && ln.OCR && fuzzyKind(f) {
				inline, ok = holdsOCR(c.Text, v)
			}
			if !ok {
				continue
			}
			for _, m := range multiTries(multi, fieldKind(f) == kindText) {
				if inline != "" {
					add(inlineSep(c.Text, inline), "right", m, 0, "caption %q, the value after it in the same cell")
				}
				if k > 0 {
					prev := ln.Cells[k-1].Text
					if isSeparator(prev) && k > 1 {
						prev = ln.Cells[k-2].Text
					}
					add(prev, "right", m, 0, "caption %q, the value in the next cell to its right")
					// "any" passes a longer caption it starts ("Sample
					// Quantity" for "Sample"), whose rest "right" reads
					add(prev, "any", m, 0, "caption %q alone in its cell, the value in the next cell to its right")
				}
				for _, t := range leftAround(ex.lines, i, c) {
					add(t, "right", m, 0, "caption %q, the value centred on it beside")
				}
				if a := near(ex.lines, i, c, -1); a != "" {
					add(a, "below", m, 0, "caption %q, the value under it")
					add(a, "below", m, 6, "caption %q, the value under it (after a gap)")
				}
			}
			// a date over a caption is the previous caption's date
			if b := near(ex.lines, i, c, +1); b != "" && fieldKind(f) != kindDate {
				add(b, "above", false, 0, "caption %q, the value over it (a name over its title)")
				add(b, "above", false, 6, "caption %q, the value over it, after a gap (a signature over its title)")
			}
		}
	}
	return out
}

// multiTries: a wrapped value needs multiline; a company, product or
// address may wrap in the next report even when it did not in this one.
func multiTries(multi, text bool) []bool {
	switch {
	case multi:
		return []bool{true}
	case text:
		return []bool{true, false}
	}
	return []bool{false, true}
}

// holds reports whether cell text t may hold value v for a rule of type
// typ; inline is the caption printed before the value in the same cell,
// multi says the cell holds only the start of v (a wrapped value).
func holds(t, v, typ string) (inline string, multi, ok bool) {
	ft, fv := fold(t), fold(v)
	switch typ {
	case "date", "date_start", "date_end":
		if !strings.ContainsAny(t, "0123456789") {
			return "", false, false
		}
		return beforeSep(t), false, true
	case "verdict":
		if len([]rune(t)) > 60 {
			return "", false, false
		}
		return beforeSep(t), false, true
	}
	if fv == "" {
		return "", false, false
	}
	if i := strings.Index(ft, fv); i >= 0 {
		if i > 0 {
			inline = captionPart(t, fv)
		}
		return inline, false, true
	}
	if len(ft) >= 6 && strings.HasPrefix(fv, ft) {
		return "", true, true // the first line of a wrapped value
	}
	if j := strings.LastIndexAny(t, ":："); j > 0 {
		rest := fold(t[j+len(":"):])
		if len(rest) >= 6 && strings.HasPrefix(fv, strings.TrimLeft(rest, "： ")) {
			return t[:j], true, true
		}
	}
	return "", false, false
}

// captionPart returns the text of t before the folded value fv.
func captionPart(t, fv string) string {
	words := strings.Fields(t)
	for n := len(words) - 1; n > 0; n-- {
		if strings.HasPrefix(fold(strings.Join(words[n:], " ")), fv) {
			return strings.Join(words[:n], " ")
		}
	}
	return ""
}

// beforeSep returns the caption before a separator in t ("Date: …").
func beforeSep(t string) string {
	if m := reSep.FindStringIndex(t); m != nil && m[0] > 0 {
		return t[:m[0]]
	}
	return ""
}

var reSep = regexp.MustCompile(`\s*(?:\.{2,}|…+)?\s*[:：]`)

// near returns the text of the cell on the line above (dir -1) or below
// (+1) overlapping c, on the same page, within two lines.
func near(lines []rules.Line, i int, c rules.Cell, dir int) string {
	for j := i + dir; j >= 0 && j < len(lines) && abs(j-i) <= 2; j += dir {
		if lines[j].Page != lines[i].Page {
			return ""
		}
		for _, o := range lines[j].Cells {
			if o.Box.X < c.Box.X+c.Box.W+2 && o.Box.X+o.Box.W > c.Box.X-2 {
				return o.Text
			}
		}
	}
	return ""
}

// leftAround returns, for each of the two lines above and below c's, the
// nearest cell left of c: the caption of a value centred on it (a table
// cell aligned middle) stands there.
func leftAround(lines []rules.Line, i int, c rules.Cell) []string {
	var out []string
	for _, j := range []int{i - 1, i + 1, i - 2, i + 2} {
		if j < 0 || j >= len(lines) || lines[j].Page != lines[i].Page {
			continue
		}
		best := -1
		for k, o := range lines[j].Cells {
			if o.Box.X+o.Box.W < c.Box.X {
				best = k
			}
		}
		if best >= 0 {
			out = append(out, lines[j].Cells[best].Text)
		}
	}
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

var reTrailSep = regexp.MustCompile(`(?:\s*(?:\.{2,}|…+|[:：·]))+\s*$`)

// cleanCaption trims separators and leaders off a caption.
func cleanCaption(s string) string {
	return strings.TrimSpace(reTrailSep.ReplaceAllString(strings.TrimSpace(s), ""))
}

// captionOK: a caption has a letter, is short, and is not (part of) a
// value of the record: a value is never a keyword or a caption.
func captionOK(s string, rec *labrelay.Record) bool {
	if s == "" || len([]rune(s)) > 60 || !strings.ContainsFunc(s, unicode.IsLetter) {
		return false
	}
	if strings.ContainsAny(s, "0123456789") {
		return false
	}
	if _, ok := normalize.Verdict(s); ok {
		return false // a verdict word ("符合") is what a column prints, not a caption
	}
	return !isValue(s, rec)
}

// isValue reports whether s contains, or is part of, a value of rec.
func isValue(s string, rec *labrelay.Record) bool {
	fs := fold(s)
	if fs == "" {
		return false
	}
	var vals []string
	for _, f := range labrelay.FieldNames {
		if v, ok := rec.String(f); ok && v != "" && f != labrelay.FieldLab && f != labrelay.FieldCategory && f != labrelay.FieldOverallResult {
			vals = append(vals, v)
		}
	}
	vals = append(vals, rec.TestStandards...)
	for _, r := range rec.Results {
		vals = append(vals, r.Item, r.Value)
	}
	for _, v := range vals {
		fv := fold(v)
		if len(fv) < 3 {
			continue
		}
		if strings.Contains(fs, fv) || len(fs) >= 4 && strings.Contains(fv, fs) || len(fs) >= 8 && rules.OCRNear(fs, fv) {
			return true
		}
	}
	return false
}

// isSeparator: a cell that is only ":" or a leader.
func isSeparator(t string) bool {
	return strings.Trim(t, ":：.…· ") == "" && t != ""
}

// fold lower-cases and collapses space, for comparing printed texts.
func fold(s string) string {
	return strings.ToLower(normalize.Space(s))
}

// othersCaption reports whether caption names, for the generic lexicon,
// only other fields, one of which has the same approved value as f: a
// test that ended the day the report was issued must not teach the end
// date the "Issued on" caption.
func othersCaption(rec *labrelay.Record, f, caption string) bool {
	fs := rules.CaptionFields(caption)
	if len(fs) == 0 || contains(fs, f) {
		return false
	}
	v, _ := rec.String(f)
	for _, g := range fs {
		if w, _ := rec.String(g); w == v {
			return true
		}
	}
	return false
}

// fuzzyKind: a field whose value a scan's reading may show with a glyph
// misread and still teach its caption (not a date, not a verdict: a
// digit misread there is another value).
func fuzzyKind(f string) bool {
	k := fieldKind(f)
	return k == kindID || k == kindName || k == kindText
}

// holdsOCR is holds for a scan's cell text t that prints value v with a
// glyph or two misread: the whole cell, or its end after a caption.
func holdsOCR(t, v string) (inline string, ok bool) {
	words := strings.Fields(t)
	for n := 0; n < len(words); n++ {
		if rules.OCRNear(strings.Join(words[n:], " "), v) {
			return cleanCaption(strings.Join(words[:n], " ")), true
		}
	}
	return "", false
}

// wordy: s has a word of three letters or more. On a scan, a caption
// without one is OCR's reading of a leader or a speck (".pe").
func wordy(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if n++; n >= 3 {
				return true
			}
		} else {
			n = 0
		}
	}
	return false
}

// inlineSep returns caption, the text of cell t before its value, with
// the separator t prints after it ("Factory:"), if any.
func inlineSep(t, caption string) string {
	if b := beforeSep(t); b != "" && cleanCaption(b) == cleanCaption(caption) {
		return strings.TrimSpace(t[:len(b)+len(reSep.FindString(t[len(b):]))])
	}
	return caption
}

// sepCaptionOK is captionOK for a caption printed with its separator
// before its value in one cell ("Factory: Xiamen … Wire Factory"): it may
// be a word of a value, but still holds none.
func sepCaptionOK(s string, rec *labrelay.Record) bool {
	if s == "" || len([]rune(s)) > 60 || !strings.ContainsFunc(s, unicode.IsLetter) || strings.ContainsAny(s, "0123456789") {
		return false
	}
	if _, ok := normalize.Verdict(s); ok {
		return false
	}
	fs := fold(s)
	for _, f := range labrelay.FieldNames {
		if v, ok := rec.String(f); ok && len(fold(v)) >= 3 && f != labrelay.FieldLab && f != labrelay.FieldCategory && f != labrelay.FieldOverallResult && strings.Contains(fs, fold(v)) {
			return false
		}
	}
	return true
}
