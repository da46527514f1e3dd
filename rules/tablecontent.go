package rules

import (
	"cmp"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/normalize"
)

// A header cell the lexicon does not know ("Technique", "Threshold") is
// named by what its column holds: units, verdict words, method
// references, item names, or numbers. Numbers are a result, a limit or
// a detection limit; which one is told by elimination against the
// columns the lexicon named, or by bounds ("≤100", "Max. 1000").

// typedByContent names the unknown columns of a candidate header line
// from the cells under it. It leaves the kinds alone unless at least two
// header cells are known: one known word does not make a line a header.
func typedByContent(v *view, h int, ln line, kinds []int) []int {
	known, unknown, ignored := 0, 0, 0
	for _, k := range kinds {
		switch k {
		case colUnknown:
			unknown++
		case colIgnore:
			ignored++
		default:
			known++
		}
	}
	if unknown+ignored == 0 || known < 2 || len(kinds) < 3 {
		return kinds
	}
	samples, rows := columnSamples(v, h, ln, kinds)
	out := append([]int(nil), kinds...)
	have := map[int]bool{}
	for _, k := range kinds {
		have[k] = true
	}
	var numeric []int
	for k, kind := range kinds {
		if kind == colIgnore && !have[colUnit] && contentKind(samples[k], have[colItem]) == colUnit {
			// a unit caption misread as a row number's ("#" for 单位):
			// row numbers are no units
			out[k], have[colUnit] = colUnit, true
			continue
		}
		if kind != colUnknown {
			continue
		}
		switch c := contentKind(samples[k], have[colItem]); c {
		case colValue:
			numeric = append(numeric, k)
		default:
			out[k] = c
			have[c] = have[c] || c != colUnknown
		}
	}
	return numbersByElimination(out, numeric, samples, rows, have)
}

// numbersByElimination names the numeric columns the header did not:
// with a result column named, one numeric column is the limit or the
// detection limit, whichever the header lacks, or by its bounds.
func numbersByElimination(kinds, numeric []int, samples, rows [][]string, have map[int]bool) []int {
	if len(numeric) == 0 {
		return kinds
	}
	if !have[colValue] {
		if len(numeric) == 1 {
			kinds[numeric[0]] = colUnknown // the result column, as before
			return kinds
		}
		// the result column is the one with "not detected" in it
		var nd []int
		for _, k := range numeric {
			if notDetectedIn(samples[k]) {
				nd = append(nd, k)
			}
		}
		if len(nd) != 1 {
			return kinds
		}
		kinds[nd[0]] = colValue
		have[colValue] = true
		numeric = without(numeric, nd[0])
	}
	if len(numeric) == 2 && !have[colLimit] && bounded(samples[numeric[0]]) != bounded(samples[numeric[1]]) {
		// two numeric columns, one of bounds ("Max. 100"): that one is
		// the limit, the other is told as one alone is
		b := numeric[0]
		if !bounded(samples[b]) {
			b = numeric[1]
		}
		kinds[b] = colLimit
		have[colLimit] = true
		numeric = without(numeric, b)
	}
	if len(numeric) != 1 {
		return kinds
	}
	k := numeric[0]
	switch {
	case notDetectedIn(samples[k]):
		// a second result column: leave it unknown, the table is skipped
	case have[colMDL] && !have[colLimit], !have[colLimit] && bounded(samples[k]):
		kinds[k] = colLimit
	case !have[colMDL] && !have[colLimit] && passesAbove(rows, kinds, k):
		kinds[k] = colMDL
	case !have[colMDL] && !have[colLimit] && resultsUnder(rows, kinds, k):
		kinds[k] = colLimit
	case have[colLimit] && !have[colMDL]:
		kinds[k] = colMDL
	}
	return kinds
}

func without(xs []int, x int) []int {
	var out []int
	for _, y := range xs {
		if y != x {
			out = append(out, y)
		}
	}
	return out
}

// passesAbove reports a row whose result passes above its number in
// column k: the column is no limit, so a detection limit ("14" over "1"
// fails, "4" over "1" passes, the limit itself not printed).
func passesAbove(rows [][]string, kinds []int, k int) bool {
	val, verdict := slices.Index(kinds, colValue), slices.Index(kinds, colVerdict)
	if val < 0 || verdict < 0 {
		return false
	}
	for _, r := range rows {
		v, err1 := normalize.ParseValue(r[val])
		n, err2 := normalize.ParseValue(r[k])
		p, _ := normalize.Verdict(r[verdict])
		if err1 == nil && err2 == nil && v.Kind == normalize.Number && n.Kind == normalize.Number && p == labrelay.VerdictPass && v.Num > n.Num {
			return true
		}
	}
	return false
}

// resultsUnder reports a column k of round numbers (two significant
// digits at most: 1000, 0.07, 15) most of whose rows with a numeric
// result print a larger number, two rows at least: no detection limit (a
// result under it reads "not detected") and no second sample's results,
// so the limit, when no header says which ("项目 ¦ 方法 ¦ BER ¦
// 检测结果", the limit's caption misread).
func resultsUnder(rows [][]string, kinds []int, k int) bool {
	val := slices.Index(kinds, colValue)
	if val < 0 {
		return false
	}
	under, both := 0, 0
	for _, r := range rows {
		n, err := normalize.ParseValue(r[k])
		if err != nil || n.Kind != normalize.Number {
			continue
		}
		if !roundNumber(n.Num) {
			return false
		}
		v, err := normalize.ParseValue(r[val])
		if err != nil || v.Kind != normalize.Number {
			continue
		}
		both++
		if v.Num < n.Num {
			under++
		}
	}
	return under >= 2 && 2*under > both
}

// roundNumber reports a positive number of two significant digits at
// most.
func roundNumber(x float64) bool {
	if x <= 0 {
		return false
	}
	for x >= 100 {
		x /= 10
	}
	for x < 10 {
		x *= 10
	}
	return math.Abs(x-math.Round(x)) < 1e-6
}

// columnSamples collects, per header cell, the texts of the cells under
// it in the data rows that follow on the page, and the same texts by
// row (one cell per header cell, "" for none).
func columnSamples(v *view, h int, ln line, kinds []int) ([][]string, [][]string) {
	cols := columnsOf(genericTable, ln, kinds)
	out := make([][]string, len(cols))
	var rows [][]string
	page := v.Lines[h].Page
	prev := v.Lines[h]
	for j := h + 1; j < len(v.Lines) && j <= h+14 && v.Lines[j].Page == page; j++ {
		if v.Lines[j].Box.Y-(prev.Box.Y+prev.Box.H) > 2.5*math.Max(prev.Box.H, 6) {
			break // the table ended
		}
		prev = v.Lines[j]
		if headerTail(v.Lines[j]) {
			continue // a header's second line, a heading, a wrapped name
		}
		row := make([]string, len(cols))
		for _, c := range splitCells(cols, v.Lines[j]) {
			if k := assign(cols, c); k >= 0 {
				out[k] = append(out[k], c.Text)
				row[k] = strings.TrimSpace(row[k] + " " + c.Text)
			}
		}
		rows = append(rows, row)
	}
	return out, rows
}

// reMethodRef is a method reference: capitalised words, then a number of
// three digits or more ("IEC 62321-5:2013", "AfPS GS 2019:01 PAK").
var reMethodRef = regexp.MustCompile(`^[A-Z][A-Za-z]*(?:[ /.-][A-Za-z]+)*[ -]?\d{3,}`)

// contentKind names a column by its cells: colValue stands for numbers
// (a result, a limit or a detection limit), colUnknown for nothing sure.
func contentKind(cells []string, haveItem bool) int {
	var vals []string
	for _, c := range cells {
		if t := strings.TrimSpace(c); !noneMark(t) {
			vals = append(vals, t)
		}
	}
	n := float64(len(vals))
	if n < 2 {
		return colUnknown
	}
	units, verdicts, methods, plain, numbers := 0, 0, 0, 0, 0
	distinct := map[string]bool{}
	for _, t := range vals {
		distinct[strings.ToLower(t)] = true
		if looksUnit(t) {
			units++
		}
		if vd, ok := normalize.Verdict(t); ok && vd != "" {
			verdicts++
		}
		if reMethodRef.MatchString(t) {
			methods++
		}
		if !reHasDigit.MatchString(t) {
			plain++
		}
		if resultLike(t) {
			numbers++
		}
	}
	switch {
	case float64(units) >= 0.8*n:
		return colUnit
	case float64(verdicts) >= 0.6*n && float64(plain) >= 0.8*n:
		return colVerdict
	case float64(methods) >= 0.6*n:
		return colMethod
	case float64(numbers) >= 0.8*n:
		return colValue
	case float64(plain) >= 0.8*n && len(distinct) <= 3 && n >= 3:
		return colVerdict // a few words repeated: a verdict vocabulary
	case !haveItem && float64(plain) >= 0.6*n && len(distinct) >= int(math.Max(2, 0.8*n)):
		return colItem
	}
	return colUnknown
}

func noneMark(t string) bool {
	switch t {
	case "", "-", "--", "—", "–", "/", "n/a", "N/A", "NA":
		return true
	}
	return false
}

// notDetectedIn reports whether a column prints "not detected" somewhere:
// only a result column does.
func notDetectedIn(cells []string) bool {
	for _, c := range cells {
		if v, err := normalize.ParseValue(c); err == nil && v.Kind == normalize.NotDetected {
			return true
		}
		if strings.Contains(strings.ToLower(c), "not detected") {
			return true
		}
	}
	return false
}

// bounded reports whether most cells of a column are bounds ("≤100",
// "Max. 1000", "< 900"): a limit column.
func bounded(cells []string) bool {
	n, b := 0, 0
	for _, c := range cells {
		if noneMark(strings.TrimSpace(c)) {
			continue
		}
		n++
		if v, err := normalize.ParseValue(limitBound(c)); err == nil && v.Kind != normalize.Number && v.Kind != normalize.NotDetected {
			b++
		}
	}
	return n >= 2 && float64(b) >= 0.6*float64(n)
}

// unheadedResult adds the result column to an OCR header that names none
// when the rows below print one under no caption: a photo lost the
// caption ("测试结果" between "限 值" and "单项判定"). Three of the rows'
// first five lines must hold a cell that stands under no header cell,
// reads as a result and starts within a line's height of the others'.
// The header must name the item column and two others.
func unheadedResult(v *view, h int, ln line, kinds []int) (line, []int) {
	known := 0
	for _, k := range kinds {
		switch k {
		case colValue, colUnknown:
			return ln, kinds
		case colMethod, colUnit, colMDL, colLimit, colVerdict:
			known++
		}
	}
	if known < 2 || !slices.Contains(kinds, colItem) {
		return ln, kinds
	}
	var found []labrelay.Box
	for _, l := range cellLinesBelow(v, h) {
		for _, c := range l.Cells[1:] {
			if !resultLike(c.Text) || slices.ContainsFunc(ln.Cells, func(hc cell) bool { return overlapX(hc.Box, c.Box) }) {
				continue
			}
			found = append(found, c.Box)
			break
		}
	}
	if len(found) < 3 {
		return ln, kinds
	}
	slices.SortFunc(found, func(a, b labrelay.Box) int { return cmp.Compare(a.X, b.X) })
	mid := found[len(found)/2]
	var col labrelay.Box
	n := 0
	for _, b := range found {
		if math.Abs(b.X-mid.X) <= ln.Box.H {
			col = col.Union(b)
			n++
		}
	}
	if n < 3 || col.X < ln.Cells[slices.Index(kinds, colItem)].Box.X {
		return ln, kinds
	}
	at := len(ln.Cells)
	for i, c := range ln.Cells {
		if c.Box.X > col.X {
			at = i
			break
		}
	}
	hc := cell{Box: labrelay.Box{X: col.X, Y: ln.Box.Y, W: col.W, H: ln.Box.H}}
	ln.Cells = slices.Insert(slices.Clone(ln.Cells), at, hc)
	return ln, slices.Insert(slices.Clone(kinds), at, colValue)
}
