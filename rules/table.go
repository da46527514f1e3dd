package rules

import (
	"fmt"
	"math"
	"strings"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/normalize"
)

const (
	colItem = iota
	colMethod
	colUnit
	colMDL
	colLimit
	colValue
	colVerdict
	colIgnore
	colUnknown
)

var colNames = []string{"item", "method", "unit", "mdl", "limit", "value", "verdict", "ignore", "unknown"}

type column struct {
	kind   int
	x0, x1 float64 // span that cells are assigned to
	hx0    float64 // header cell start
}

// tableResult is what the result tables of a document gave.
type tableResult struct {
	rows   []labrelay.ResultRow
	conf   float64
	page   int
	box    labrelay.Box
	unit   string
	issues []string // review reasons
	trace  []string
}

func headerKind(t *Table, text string) int {
	lists := [][]string{t.Item, t.Method, t.Unit, t.MDL, t.Limit, t.Value, t.Verdict, t.Ignore}
	for k, names := range lists {
		for _, n := range names {
			if rest, ok := cutLabel(text, n); ok && rest == "" {
				return k
			}
		}
	}
	return colUnknown
}

// readTables finds every result table by its header row and reads its rows.
func readTables(v *view, t *Table) *tableResult {
	res := &tableResult{conf: 0.95}
	if t == nil {
		return res
	}
	for i := 0; i < len(v.Lines); i++ {
		ln := v.Lines[i]
		kinds := make([]int, len(ln.Cells))
		have := map[int]int{}
		for k, c := range ln.Cells {
			kinds[k] = headerKind(t, c.Text)
			have[kinds[k]]++
		}
		known := 0
		for _, k := range []int{colMethod, colUnit, colMDL, colLimit, colValue, colVerdict} {
			if have[k] > 0 {
				known++
			}
		}
		if have[colItem] != 1 || known < 2 {
			continue
		}
		// Only row numbers ("#", "No.") may stand left of the item column.
		leading := true
		for _, k := range kinds {
			if k == colItem {
				break
			}
			leading = leading && k == colIgnore
		}
		if !leading {
			continue
		}
		// Columns that are neither known nor ignored hold results (one per
		// sample): "Result", "A1", "001".
		values := have[colValue] + have[colUnknown]
		if values != 1 {
			res.issues = append(res.issues, fmt.Sprintf("the result table on page %d has %d result columns (one per sample?); rows not read", ln.Page, values))
			res.trace = append(res.trace, fmt.Sprintf("p%d table header %q: %d result columns, skipped", ln.Page, ln.Text, values))
			continue
		}
		cols := make([]column, len(ln.Cells))
		for k, c := range ln.Cells {
			kind := kinds[k]
			if kind == colUnknown {
				kind = colValue
			}
			cols[k] = column{kind: kind, hx0: c.Box.X}
		}
		for k, c := range ln.Cells {
			left, right := 0.0, math.Inf(1)
			if k > 0 {
				p := ln.Cells[k-1]
				left = (p.Box.X + p.Box.W + c.Box.X) / 2
			}
			if k+1 < len(ln.Cells) {
				n := ln.Cells[k+1]
				right = (c.Box.X + c.Box.W + n.Box.X) / 2
			}
			cols[k].x0, cols[k].x1 = left, right
		}
		res.trace = append(res.trace, fmt.Sprintf("p%d table header %q", ln.Page, ln.Text))
		next := readRows(v, t, i, cols, res)
		if res.page == 0 {
			res.page, res.box, res.unit = ln.Page, ln.Box, ln.Unit
		}
		i = next - 1
	}
	return res
}

type rawRow struct {
	cells [colUnknown]string
	y     float64
	data  bool
}

// readRows reads the rows under the header at line h and returns the index
// of the first line after the table.
func readRows(v *view, t *Table, h int, cols []column, res *tableResult) int {
	hl := v.Lines[h]
	var rows []rawRow
	prevBottom := hl.Box.Y + hl.Box.H
	lineH := math.Max(hl.Box.H, 6)
	j := h + 1
	for ; j < len(v.Lines); j++ {
		ln := v.Lines[j]
		if ln.Page != hl.Page || ln.Box.Y-prevBottom > 2.5*lineH {
			break
		}
		if stopRow(t, ln) {
			break
		}
		var r rawRow
		r.y = ln.Box.Y
		for _, c := range ln.Cells {
			k := assign(cols, c)
			if k < 0 {
				continue
			}
			kind := cols[k].kind
			if kind == colIgnore {
				continue
			}
			if r.cells[kind] != "" {
				r.cells[kind] += " "
			}
			r.cells[kind] += c.Text
		}
		if r.cells[colValue] != "" {
			if !resultLike(r.cells[colValue]) {
				break
			}
			r.data = true
		} else if r.cells[colItem] == "" || strings.TrimSpace(r.cells[colLimit]+r.cells[colUnit]+r.cells[colMDL]) != "" {
			// neither a result nor a wrapped item name: end of table
			if len(ln.Cells) == 1 && ln.Cells[0].Box.W > 0.5*(cols[len(cols)-1].hx0-cols[0].hx0) {
				break
			}
			if r.cells[colItem] == "" {
				// text in the table that fits no row: something is lost
				res.conf = math.Min(res.conf, 0.85)
				res.issues = appendOnce(res.issues, fmt.Sprintf("text in the result table on page %d was not placed in a row", ln.Page))
				prevBottom = ln.Box.Y + ln.Box.H
				continue
			}
		}
		rows = append(rows, r)
		prevBottom = ln.Box.Y + ln.Box.H
	}
	merged, guessed := mergeWrapped(rows)
	if guessed {
		res.conf = math.Min(res.conf, 0.85)
		res.issues = appendOnce(res.issues, "result item names wrap over lines; check how they were joined")
	}
	for _, r := range merged {
		row := labrelay.ResultRow{
			Item:   normalize.Space(r.cells[colItem]),
			Method: normalize.Space(r.cells[colMethod]),
			Unit:   normalize.Space(r.cells[colUnit]),
			MDL:    normalize.Space(r.cells[colMDL]),
			Limit:  normalize.Space(r.cells[colLimit]),
			Value:  normalize.Space(r.cells[colValue]),
		}
		if row.Item == "" {
			res.conf = math.Min(res.conf, 0.6)
			res.issues = appendOnce(res.issues, "a result row has no item name")
			continue
		}
		derived := normalize.RowVerdict(row.Value, row.Limit)
		row.Verdict = derived
		if p := r.cells[colVerdict]; p != "" {
			printed, ok := normalize.Verdict(p)
			switch {
			case !ok:
				res.conf = math.Min(res.conf, 0.7)
				res.issues = appendOnce(res.issues, fmt.Sprintf("row %q: printed verdict %q not understood", row.Item, p))
			case derived != "" && printed != derived:
				res.conf = math.Min(res.conf, 0.5)
				res.issues = appendOnce(res.issues, fmt.Sprintf("row %q: printed verdict %s but value %s against limit %s gives %s", row.Item, printed, row.Value, row.Limit, derived))
				row.Verdict = printed
			default:
				row.Verdict = printed
			}
		}
		res.rows = append(res.rows, row)
		res.trace = append(res.trace, fmt.Sprintf("  row %+v", row))
	}
	return j
}

func appendOnce(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

func stopRow(t *Table, ln line) bool {
	first := ln.Cells[0].Text
	for _, s := range t.Stop {
		if _, ok := cutLabel(first, s); ok {
			return true
		}
	}
	return false
}

// assign returns the column a cell belongs to: the item column when it
// starts there, else the column holding its centre.
func assign(cols []column, c cell) int {
	for k, col := range cols {
		if col.kind == colItem && c.Box.X >= col.x0 && c.Box.X < col.x1 && c.Box.X < col.hx0+40 {
			return k
		}
	}
	mid := c.Box.X + c.Box.W/2
	for k, col := range cols {
		if mid >= col.x0 && mid < col.x1 {
			return k
		}
	}
	return -1
}

// resultLike reports whether a printed value is something a result cell
// holds: a number, a bound, N.D., a verdict word or a dash.
func resultLike(s string) bool {
	if _, err := normalize.ParseValue(s); err == nil {
		return true
	}
	if _, ok := normalize.Verdict(s); ok {
		return true
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "negative", "positive", "absent", "present", "n.a.", "n/a", "--", "-", "/", "not detected":
		return true
	}
	return len([]rune(s)) <= 12 && strings.ContainsAny(s, "0123456789")
}

// mergeWrapped joins rows that carry only part of an item name to the data
// row they belong to. guessed is set when the join was decided by distance
// alone.
func mergeWrapped(rows []rawRow) (out []rawRow, guessed bool) {
	for k := 0; k < len(rows); k++ {
		r := rows[k]
		if r.data {
			out = append(out, r)
			continue
		}
		// a fragment
		var next *rawRow
		if k+1 < len(rows) && rows[k+1].data {
			next = &rows[k+1]
		}
		var prev *rawRow
		if len(out) > 0 {
			prev = &out[len(out)-1]
		}
		switch {
		case next != nil && next.cells[colItem] == "":
			next.cells[colItem] = r.cells[colItem]
		case next != nil && (prev == nil || next.y-r.y < r.y-prev.y):
			next.cells[colItem] = r.cells[colItem] + " " + next.cells[colItem]
			guessed = true
		case prev != nil:
			prev.cells[colItem] += " " + r.cells[colItem]
			guessed = true
		}
	}
	return out, guessed
}
