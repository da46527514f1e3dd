package learn

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"unicode"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/normalize"
	"github.com/labrelay/labrelay/rules"
)

// tableSpec is a learned result table: the header names per column and
// the layout's own verdict words.
type tableSpec struct {
	table    rules.Table
	verdicts map[string]string
	headers  []string // the header cells: keyword candidates
}

// learnTable finds the header row above the first approved result row,
// names each header cell's column from what the approved rows hold under
// it, learns verdict words the rows print, and checks that the spec reads
// the approved rows of every example.
func learnTable(exs []*example) (*tableSpec, string) {
	if len(exs[0].rec.Results) == 0 {
		return nil, "no result rows in the record"
	}
	spec, why := namedTable(exs)
	if why == "" {
		return spec, ""
	}
	// The generic reader's header lexicon may read what the names cannot
	// (units in header cells, group headings, wrapped headers).
	lex := &tableSpec{table: rules.Table{Lexicon: true}, verdicts: map[string]string{}}
	if spec != nil {
		lex.headers = spec.headers
	}
	if lex.settle(exs) == "" {
		return lex, ""
	}
	return nil, why
}

// namedTable learns the table's header names from the first example; why
// says what went wrong ("" when the names read every example's rows).
func namedTable(exs []*example) (*tableSpec, string) {
	first := exs[0]
	di, ok := dataLine(first.lines, first.rec.Results[0])
	if !ok {
		return nil, fmt.Sprintf("the first result row %q is not printed as one line", first.rec.Results[0].Item)
	}
	hi, ok := headerLine(first.lines, di)
	if !ok {
		return nil, "no header row above the first result row"
	}
	spec := &tableSpec{verdicts: map[string]string{}}
	kinds := columnKinds(first.lines[hi], first.lines[di], first.rec.Results[0])
	if kinds == nil {
		return nil, "the header cells could not be matched to the result columns"
	}
	for k, c := range first.lines[hi].Cells {
		spec.add(kinds[k], c.Text)
	}
	// the header's next lines (the captions in another language, units)
	for j := hi + 1; j < di && headerGoesOn(first.lines[j-1], first.lines[j]); j++ {
		for _, c := range first.lines[j].Cells {
			if k := nearestHeader(first.lines[hi], c); k >= 0 && !isValue(c.Text, &first.rec) {
				spec.add(kinds[k], c.Text)
			}
		}
	}
	return spec, spec.settle(exs) // the headers, for keywords, and why they do not read the rows
}

// settle checks the spec against the examples, learning a verdict word or
// a stop caption from each failure it can mend; "" when it reads them as
// approved, else why not.
func (s *tableSpec) settle(exs []*example) string {
	why := ""
	for range 12 {
		if why = s.check(exs); why == "" || !s.repair(exs, why) {
			break
		}
	}
	return why
}

// add names header text h as a header of column kind.
func (s *tableSpec) add(kind, h string) {
	h = strings.TrimSpace(h)
	if h == "" {
		return
	}
	t := &s.table
	lists := map[string]*[]string{"item": &t.Item, "method": &t.Method, "unit": &t.Unit, "mdl": &t.MDL,
		"limit": &t.Limit, "value": &t.Value, "verdict": &t.Verdict, "ignore": &t.Ignore}
	if l := lists[kind]; l != nil && !contains(*l, h) {
		*l = append(*l, h)
		if kind != "ignore" || len(s.headers) < 6 {
			s.headers = append(s.headers, h)
		}
	}
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// check reads every example's tables with the spec; "" when each gives
// its approved rows, else what went wrong.
func (s *tableSpec) check(exs []*example) string {
	for _, ex := range exs {
		if len(ex.rec.Results) == 0 {
			continue
		}
		rows, issues := ex.doc.ProbeTable(s.table, s.verdicts)
		d := rowsDiff(rows, ex.rec.Results, ex.ocr)
		if len(issues) > 0 && (!ex.ocr || d != "") {
			// a scan's rows read as approved despite an issue (a speck
			// not placed in a row) teach the table; the issue still
			// sends the next scan to review
			return issues[0]
		}
		if d != "" {
			return d
		}
	}
	return ""
}

var reNotUnderstood = regexp.MustCompile(`^row "(.*)": printed verdict "(.*)" not understood$`)

// repair learns a verdict word, or a stop caption, from what check said.
func (s *tableSpec) repair(exs []*example, why string) bool {
	if m := reNotUnderstood.FindStringSubmatch(why); m != nil {
		for _, ex := range exs {
			for _, r := range ex.rec.Results {
				if (r.Item == m[1] || ex.ocr && rules.OCRNear(m[1], r.Item)) && r.Verdict != "" {
					s.verdicts[m[2]] = r.Verdict
					return true
				}
			}
		}
		return false
	}
	if strings.HasPrefix(why, "extra row ") {
		stop := strings.TrimPrefix(why, "extra row ")
		if !isValue(stop, &exs[0].rec) || !contains(s.table.Stop, stop) {
			s.table.Stop = append(s.table.Stop, stop)
			return true
		}
	}
	return false
}

// rowsDiff says how rows read differ from the approved ones ("" same).
// On a scan (ocr) a cell may be misread: a glyph or two off, and up to a
// quarter of the rows may have one other cell (a method, unit, MDL or
// limit) misread beyond that; the items, results and verdicts must be
// the approved ones, so the columns are.
func rowsDiff(got, want []labrelay.ResultRow, ocr bool) string {
	eq := func(a, b string) bool { return sp(a) == sp(b) || ocr && rules.OCRNear(a, b) }
	misread := 0
	for i := range min(len(got), len(want)) {
		g, w := got[i], want[i]
		bad := 0
		for _, c := range [][2]string{{g.Unit, w.Unit}, {g.Limit, w.Limit}, {g.MDL, w.MDL}, {g.Method, w.Method}} {
			if !eq(c[0], c[1]) {
				bad++
			}
		}
		if bad > 0 && ocr && bad == 1 && (misread+1)*4 <= len(want) {
			misread, bad = misread+1, 0
		}
		if !eq(g.Item, w.Item) || sp(g.Value) != sp(w.Value) && !(ocr && rules.OCRNear(g.Value, w.Value)) || bad > 0 || g.Verdict != w.Verdict {
			return fmt.Sprintf("row %d reads %+v, approved %+v", i+1, g, w)
		}
	}
	if len(got) > len(want) {
		return "extra row " + got[len(want)].Item
	}
	if len(got) < len(want) {
		return fmt.Sprintf("%d of %d rows read", len(got), len(want))
	}
	return ""
}

func sp(s string) string { return normalize.Space(s) }

// dataLine finds the line printing result row r: its item (or the item's
// start, when it wraps) and its value.
func dataLine(lines []rules.Line, r labrelay.ResultRow) (int, bool) {
	item, val := fold(r.Item), fold(r.Value)
	for i, ln := range lines {
		hasItem, hasVal := false, false
		for _, c := range ln.Cells {
			fc := fold(c.Text)
			if fc == item || len(fc) >= 3 && (strings.HasPrefix(item, fc) || strings.HasPrefix(fc, item)) {
				hasItem = true
			} else if fc == val || wrapStart(fc, val) {
				hasVal = true
			}
		}
		if hasItem && hasVal {
			return i, true
		}
	}
	return 0, false
}

// wrapStart reports whether folded cell text fc is the first line of
// folded value v, wrapped in its column ("Not" of "Not Detected").
func wrapStart(fc, v string) bool {
	return len(fc) >= 2 && strings.HasPrefix(v, fc+" ")
}

// headerLine is the nearest line above data line di, on its page, with at
// least three cells and no digits outside brackets.
//
// Of a header printed over lines, the line with the most cells: the
// nearest may be its last, with a few of the columns' second words only.
func headerLine(lines []rules.Line, di int) (int, bool) {
	best := -1
	for j := di - 1; j >= 0 && j >= di-4; j-- {
		ln := lines[j]
		if ln.Page != lines[di].Page {
			break
		}
		if len(ln.Cells) >= 3 && headerCells(ln) && (best < 0 || len(ln.Cells) > len(lines[best].Cells) && headerGoesOn(ln, lines[j+1])) {
			best = j
		}
	}
	return best, best >= 0
}

// headerGoesOn: line b, right under a, goes on with a's header: tight
// under it, words only.
func headerGoesOn(a, b rules.Line) bool {
	return a.Page == b.Page && b.Box.Y-(a.Box.Y+a.Box.H) <= 0.8*math.Max(a.Box.H, 4) && headerCells(b)
}

// headerCells: every cell is words ("SAMPLE 1", "Result (mg/kg)"), none
// a number or a value.
func headerCells(ln rules.Line) bool {
	for _, c := range ln.Cells {
		t := reBracket.ReplaceAllString(c.Text, "")
		letters := strings.IndexFunc(t, unicode.IsLetter) >= 0
		if !letters || reNumber.MatchString(strings.TrimSpace(t)) {
			return false
		}
	}
	return true
}

var (
	reNumber  = regexp.MustCompile(`^[<>≤≥]?\s*\d`)
	reBracket = regexp.MustCompile(`[(（\[][^)）\]]*[)）\]]`)
)

// columnKinds names each header cell from the data cell under it: item,
// method, unit, mdl, limit, value, verdict, or ignore.
func columnKinds(header, data rules.Line, r labrelay.ResultRow) []string {
	kinds := make([]string, len(header.Cells))
	for k := range kinds {
		kinds[k] = "ignore"
	}
	found := 0
	for _, c := range data.Cells {
		k := nearestHeader(header, c)
		if k < 0 {
			continue
		}
		if kind := cellKind(c.Text, r); kind != "" {
			kinds[k] = kind
			found++
		}
	}
	if found < 2 && r.Item != "" {
		return nil
	}
	return kinds
}

func nearestHeader(header rules.Line, c rules.Cell) int {
	best, bestD := -1, math.Inf(1)
	mid := c.Box.X + c.Box.W/2
	for k, h := range header.Cells {
		if c.Box.X < h.Box.X+h.Box.W && c.Box.X+c.Box.W > h.Box.X {
			return k
		}
		if d := math.Abs(h.Box.X + h.Box.W/2 - mid); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// cellKind says which field of r a data cell prints.
func cellKind(t string, r labrelay.ResultRow) string {
	ft := fold(t)
	switch {
	case ft == "":
		return ""
	case ft == fold(r.Item) || len(ft) >= 3 && strings.HasPrefix(fold(r.Item), ft):
		return "item"
	case ft == fold(r.Value) || wrapStart(ft, fold(r.Value)):
		return "value"
	case r.Limit != "" && ft == fold(r.Limit):
		return "limit"
	case r.MDL != "" && ft == fold(r.MDL):
		return "mdl"
	case r.Unit != "" && ft == fold(r.Unit):
		return "unit"
	case r.Method != "" && ft == fold(r.Method):
		return "method"
	case r.Verdict != "" && !strings.ContainsAny(t, "0123456789"):
		if v, ok := normalize.Verdict(t); !ok || v == r.Verdict {
			return "verdict"
		}
	}
	return ""
}
