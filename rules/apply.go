package rules

import (
	"fmt"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/expr-lang/expr"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/normalize"
)

type found struct {
	cand      candidate
	conf      float64
	rule      string
	value     any    // string or []string
	ambiguous string // two different values were printed for the field
	own       bool   // read by a rule of the chosen pack itself, not inherited
}

// apply runs one rule; it returns nil and why when it found nothing usable.
func (e *Engine) apply(r *Rule, v *view, df *docFuncs, fields map[string]any, got map[string]*found) (*found, string) {
	var cands []candidate
	switch {
	case r.Type == "conclusion":
		return conclusionRule(v, r)
	case len(r.Label) > 0:
		where := r.Where
		if where == "" {
			where = "any"
		}
		q := labelQuery{labels: r.Label, where: where, maxPage: r.Pages, gap: r.Gap, multi: r.Multiline, field: r.field}
		if ok := lineFilter(v, r, got); ok != nil {
			q.ok = ok
		} else if r.After != "" {
			return nil, "no " + r.After + " to look after"
		}
		if r.Type == "list" {
			// every occurrence of the label contributes
			cands = allLabels(v, r, q.ok)
			if len(cands) == 0 {
				return nil, "label not found"
			}
			break
		}
		all := findLabels(v, q)
		if len(r.Span) == 2 {
			all = spanLabels(v, q, r.Span[0], r.Span[1], r.FewerLines)
		}
		if len(all) == 0 {
			return nil, "label not found"
		}
		return e.pickLabel(r, v, df, fields, all)
	case r.find != nil:
		var why string
		if cands, why = findCands(v, r, got); cands == nil {
			return nil, why
		}
		if r.Type != "list" {
			return e.pickLabel(r, v, df, fields, cands)
		}
	case r.expr != nil:
		out, err := expr.Run(r.expr, env(df, fields))
		if err != nil {
			return nil, "expression failed: " + err.Error()
		}
		s, _ := out.(string)
		s = normalize.Space(s)
		if s == "" {
			return nil, "expression gave nothing"
		}
		cands = append(cands, candidate{value: s, conf: 1, how: "expr"})
	}
	fd := &found{cand: cands[0], conf: r.Confidence}
	switch r.Type {
	case "list":
		var list []string
		seen := map[string]bool{}
		for _, c := range cands {
			parts := []string{c.value}
			if r.pattern != nil {
				parts = re(r.Pattern).FindAllString(c.value, -1)
			}
			for _, s := range parts {
				s = normalize.Space(strings.TrimRight(s, ",;. "))
				if s != "" && !seen[s] {
					seen[s] = true
					list = append(list, s)
				}
			}
			fd.conf *= c.conf
		}
		if len(list) == 0 {
			return nil, "no list items"
		}
		fd.value = list
		return fd, ""
	}
	return e.finish(r, df, fields, cands[0])
}

// conclusionRule reads a "Conclusion" column of verdicts.
func conclusionRule(v *view, r *Rule) (*found, string) {
	cells, at := columnBelowAt(v, r.Label)
	// a result table's verdict column holds each row's verdict, no
	// overall one: what they say together, every row's read, is as sure
	// as the rows' verdict
	rows := at >= 0 && resultHeader(v.Lines[at])
	val := conclusion(cells, rows)
	if val == "" {
		return nil, fmt.Sprintf("conclusion column %q not found or mixed", cells)
	}
	conf := r.Confidence
	if rows {
		conf = math.Min(conf, confFromRows)
	}
	return &found{value: val, conf: conf, cand: candidate{how: "column"}}, ""
}

// resultHeader reports a result table's header line: it names a limit
// or a detection limit column, which a table of conclusions does not.
func resultHeader(ln line) bool {
	for _, c := range ln.Cells {
		if k, _ := headerKindOf(c.Text, false); k == colLimit || k == colMDL {
			return true
		}
	}
	return false
}

// findCands runs a Find rule over each row (or cell) the rule may read.
func findCands(v *view, r *Rule, got map[string]*found) ([]candidate, string) {
	var cands []candidate
	ok := lineFilter(v, r, got)
	if ok == nil && r.After != "" {
		return nil, "no " + r.After + " to look after"
	}
	for i, ln := range v.Lines {
		if r.Pages > 0 && ln.Page > r.Pages {
			break
		}
		if ok != nil && !ok(i) {
			continue
		}
		texts := []string{ln.Text}
		boxes := []labrelay.Box{ln.Box}
		if r.Scope == "cell" {
			texts, boxes = texts[:0], boxes[:0]
			for ci, c := range ln.Cells {
				if ci > 0 && isLabelish(ln.Cells[ci-1].Text) {
					continue // the value of a caption, not a heading
				}
				texts = append(texts, c.Text)
				boxes = append(boxes, c.Box)
			}
		}
		for k, t := range texts {
			m := r.find.FindStringSubmatch(t)
			if m == nil {
				continue
			}
			val := m[0]
			if len(m) > 1 {
				val = m[1]
			}
			cands = append(cands, candidate{value: normalize.Space(val), page: ln.Page, box: boxes[k], unit: ln.Unit, conf: minConf(ln), how: "find", line: i})
		}
	}
	if r.Repeated {
		cands = onSeveralPages(cands)
	}
	if len(cands) == 0 {
		return nil, "pattern not found"
	}
	return cands, ""
}

func (e *Engine) pickLabel(r *Rule, v *view, df *docFuncs, fields map[string]any, all []candidate) (*found, string) {
	var best *found
	firstWhy := ""
	for _, c := range all {
		fd, why := e.finish(r, df, fields, c)
		if fd == nil {
			if firstWhy == "" {
				firstWhy = why
			}
			continue
		}
		if best == nil {
			best = fd
			continue
		}
		if !same(best.value, fd.value) {
			best.conf = math.Min(best.conf, confDisagree)
			best.ambiguous = fmt.Sprintf("%q and %q", show(best.value), show(fd.value))
			break
		}
	}
	if best == nil {
		return nil, firstWhy
	}
	return best, ""
}

// finish normalises and validates one candidate.
// noPartyName says why a pack's reading of a party's name is none: a
// street address, a company's form alone (its name's last line), or a
// Han run too short for an organisation's name (a caption's other
// language misread, "依顿者" for 依頼者); "" when it may be one.
func noPartyName(val string) string {
	switch {
	case streetAddress(val):
		return fmt.Sprintf("%q is a street address, not a name", val)
	case formOnly(val):
		return fmt.Sprintf("%q is a company's form, no name", val)
	case shortHanName(val):
		return fmt.Sprintf("%q is too short for an organisation's name", val)
	}
	return ""
}

func (e *Engine) finish(r *Rule, df *docFuncs, fields map[string]any, c candidate) (*found, string) {
	fd := &found{cand: c, conf: r.Confidence}
	tidied := false
	if idField[r.field] && fromOCRLine(df, c) {
		// a pack reads codes off scans too: mend them as the generic
		// reader does
		if t := tidyFieldCode(r.field, c.value); t != c.value {
			c.value, tidied = t, true
		}
	}
	if titleField[r.field] && fromOCRLine(df, c) {
		if t := mendPartyOCR(respellDictWords(titleCaseOCR(c.value))); t != c.value {
			c.value, tidied = t, true
		}
	}
	if r.field == labrelay.FieldApplicantAddress && fromOCRLine(df, c) {
		if t := mendAddressOCR(c.value); t != c.value {
			c.value, tidied = t, true
		}
	}
	if r.field == labrelay.FieldProductName && fromOCRLine(df, c) {
		if t := respellDictWords(sentenceCaseOCR(reTrailingDash.ReplaceAllString(c.value, ""))); t != c.value {
			c.value, tidied = t, true
		}
	}
	val, factor, why := normalizeValue(r, c.value, df)
	if why == "" && (r.field == labrelay.FieldApplicantName || r.field == labrelay.FieldManufacturerName) {
		if no := noPartyName(val); no != "" {
			return nil, no
		}
	}
	if why != "" {
		fit, ok := ocrRefit(r, df, c)
		if !ok {
			return nil, why
		}
		if val, factor, why = normalizeValue(r, fit, df); why != "" {
			return nil, why
		}
		factor = math.Min(factor, confOCRFit)
	}
	fd.value = val
	fd.conf *= c.conf * factor
	if tidied {
		fd.conf = math.Min(fd.conf, correctedConf)
	}
	if c.how == "below" || c.how == "above" {
		fd.conf *= confOffLine
	}
	if r.valid != nil {
		envm := env(df, fields)
		envm["value"] = val
		ok, err := expr.Run(r.valid, envm)
		if err != nil || ok != true {
			return nil, fmt.Sprintf("value %q fails validation", val)
		}
	}
	return fd, ""
}

// fromOCRLine reports a candidate read off a line of a page image.
func fromOCRLine(df *docFuncs, c candidate) bool {
	switch c.how {
	case "inline", "right", "below", "above", "find", "centred":
	default:
		return false
	}
	return df != nil && df.v != nil && c.line >= 0 && c.line < len(df.v.Lines) && df.v.Lines[c.line].Path == labrelay.PathOCR
}

// lineFilter returns the rows a rule may read (nil: all), from its Lines
// and After settings; nil with After set means the field it follows was
// not found.
func lineFilter(v *view, r *Rule, got map[string]*found) func(int) bool {
	var first, last map[int]int // page → index of its first and last line
	if r.Lines != 0 {
		first, last = map[int]int{}, map[int]int{}
		for i, ln := range v.Lines {
			if _, ok := first[ln.Page]; !ok {
				first[ln.Page] = i
			}
			last[ln.Page] = i
		}
	}
	after := -1
	if r.After != "" {
		fd := got[r.After]
		if fd == nil || fd.cand.how == "expr" || fd.cand.how == "column" {
			return nil
		}
		after = fd.cand.line
	}
	if first == nil && after < 0 {
		return func(int) bool { return true }
	}
	return func(i int) bool {
		if r.Lines > 0 && i-first[v.Lines[i].Page] >= r.Lines {
			return false
		}
		if r.Lines < 0 && last[v.Lines[i].Page]-i >= -r.Lines {
			return false // not among the page's last -Lines rows (a footer)
		}
		if after >= 0 && (i <= after || i > after+3 || v.Lines[i].Page != v.Lines[after].Page) {
			return false
		}
		return true
	}
}

func allLabels(v *view, r *Rule, ok func(int) bool) []candidate {
	var out []candidate
	for i, ln := range v.Lines {
		if r.Pages > 0 && ln.Page > r.Pages {
			break
		}
		if ok != nil && !ok(i) {
			continue
		}
		for ci, c := range ln.Cells {
			for _, lb := range r.Label {
				rest, ok := cutLabel(c.Text, lb)
				if !ok {
					continue
				}
				// a list reads to the right unless told to read below
				where := "right"
				if r.Where == "below" {
					where = "below"
				}
				cand := valueNear(v, i, ci, rest, where, r.Gap)
				if cand != nil {
					if r.Multiline && cand.how != "centred" {
						// a list may pass its caption's wrapped second line
						continuationFrom(v, cand, r.field, ln.Cells[ci].Box.X-2)
					}
					if r.Above > 0 && !listAbove(v, r, i, ci, cand) {
						break
					}
					out = append(out, *cand)
				}
				break
			}
		}
	}
	return out
}

// onSeveralPages keeps the candidates whose value was read on two pages
// or more, in their order.
func onSeveralPages(cands []candidate) []candidate {
	pages := map[string]map[int]bool{}
	for _, c := range cands {
		if pages[c.value] == nil {
			pages[c.value] = map[int]bool{}
		}
		pages[c.value][c.page] = true
	}
	var out []candidate
	for _, c := range cands {
		if len(pages[c.value]) >= 2 {
			out = append(out, c)
		}
	}
	return out
}

func minConf(ln line) float64 {
	m := 1.0
	for _, c := range ln.Cells {
		m = math.Min(m, c.Conf)
	}
	return m
}

// normalizeValue applies the rule's type and pattern; why says what was
// wrong with a value it rejects. factor (≤ 1) lowers the confidence of a
// value read with some doubt: a numeric date such as 04/05/2026 whose
// order nothing in the document settles.
func normalizeValue(r *Rule, s string, df *docFuncs) (string, float64, string) {
	s = normalize.Space(s)
	switch r.Type {
	case "date", "date_start", "date_end":
		part := s
		if r.Type != "date" {
			s = normalize.TrimPeriodOpen(s)
			a, b, ok := normalize.SplitRange(s)
			if !ok {
				if r.Type == "date_end" {
					return "", 0, fmt.Sprintf("%q is not a date range", s)
				}
				a = s
			}
			if r.Type == "date_start" {
				part = a
			} else {
				part = b
			}
		}
		if r.pattern != nil {
			m := r.pattern.FindStringSubmatch(part)
			if m == nil {
				return "", 0, fmt.Sprintf("%q does not match %s", part, r.Pattern)
			}
		}
		part = localDate(normalize.CleanDate(part)) // "16. November 2027", as the generic reader
		dayFirst, factor := df.dateOrder(part)
		d, err := normalize.Date(part, dayFirst)
		if err != nil {
			return "", 0, err.Error()
		}
		return d, factor, ""
	case "verdict":
		v, ok := normalize.Verdict(s)
		if !ok || v == "" {
			return "", 0, fmt.Sprintf("%q is not a verdict", s)
		}
		if utf8.RuneCountInString(s) == 1 {
			// "P" or "F" beside a caption is a table's mark, or a scan's
			// rule read as a letter ("Result | F"), not a report's
			// conclusion
			return "", 0, fmt.Sprintf("%q alone is no conclusion", s)
		}
		return v, 1, ""
	case "conclusion":
		return "", 0, "conclusion needs a label rule reading a column"
	}
	if r.pattern != nil {
		m := r.pattern.FindStringSubmatch(s)
		if m == nil {
			return "", 0, fmt.Sprintf("%q does not match %s", s, r.Pattern)
		}
		if len(m) > 1 && m[1] != "" {
			s = normalize.Space(m[1])
		}
	}
	return s, 1, ""
}
