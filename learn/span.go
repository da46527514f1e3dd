package learn

import (
	"fmt"
	"math"
	"strings"

	"github.com/labrelay/labrelay/rules"
)

// spanCandidates returns, for a value centred on a caption of another
// height (a one-line caption between a name's two lines, a value between
// a caption's two lines), rules reading it over the lines it stands on
// counted from a caption's line (rules.Rule.Span): the caption is the
// nearest cell left of the value on a line from its first to its last, or
// on the line over or under it when the caption wraps around the value
// (its other line under or over the value).
func spanCandidates(ex *example, f, v, typ string) []candidate {
	var out []candidate
	seen := map[string]bool{}
	for i, ln := range ex.lines {
		for _, c := range ln.Cells {
			last, ok := valueLines(ex.lines, i, c, v, typ)
			if !ok {
				continue
			}
			// beside the value first, then wrapped around it
			for _, j := range append(span(i, last), i-1, last+1) {
				if j < 0 || j >= len(ex.lines) || ex.lines[j].Page != ln.Page || j == i && last == i {
					continue
				}
				capCell, ok := leftOf(ex.lines[j], c.Box.X)
				capText := cleanCaption(capCell.Text)
				if !ok || !captionOK(capText, &ex.rec) || ex.ocr && !wordy(capText) {
					continue
				}
				// over or under the value, the caption wraps around it
				if j == i-1 && !wrapsAround(ex.lines, j, last+1, capCell.Box.X) || j == last+1 && !wrapsAround(ex.lines, i-1, j, capCell.Box.X) {
					continue
				}
				r := rules.Rule{Label: []string{capText}, Where: "right", Type: typ, Span: []int{i - j, last - j}}
				if typ == "text" {
					r.Type = ""
				}
				if key := fmt.Sprint(r.Label, r.Span, r.Type); !seen[key] {
					seen[key] = true
					out = append(out, candidate{rule: r, caption: capText,
						note: fmt.Sprintf("caption %q, the value centred on it: lines %d to %d from the caption's", capText, i-j, last-j)})
				}
			}
		}
	}
	return out
}

// fewerLines lets a name or text learned over several lines centred on
// its caption (a Span holding the caption's line) stand on fewer of them
// (rules.Rule.FewerLines): the next report's shorter name. spanValue
// reads exactly the lines it is given, nothing aligned over or under
// them; the rule must still read the reports taught as approved.
func fewerLines(exs []*example, f, kind string, l *learned) *learned {
	r := l.rules[0]
	if len(r.Span) != 2 || r.Span[1] == r.Span[0] || r.Span[0] > 0 || r.Span[1] < 0 || kind != kindText && kind != kindName || r.Type != "" {
		return l
	}
	r.FewerLines = true
	if readsAll(exs, f, r) {
		l.rules[0] = r
		l.note += "; or on fewer of those lines, the caption's among them"
	}
	return l
}

// valueLines reports whether cell c of line i starts value v, and the
// last line it runs to: the cells aligned on c on the next lines (a line
// between may print none), up to four lines. A date is one line.
func valueLines(lines []rules.Line, i int, c rules.Cell, v, typ string) (int, bool) {
	if _, multi, ok := holds(c.Text, v, typ); !ok || typ != "text" && strings.TrimSpace(beforeSep(c.Text)) != "" {
		return 0, false
	} else if !multi {
		return i, fold(c.Text) == fold(v) || typ != "text"
	}
	got := fold(c.Text)
	for j := i + 1; j < len(lines) && j <= i+4 && lines[j].Page == lines[i].Page; j++ {
		for _, o := range lines[j].Cells {
			if math.Abs(o.Box.X-c.Box.X) <= 3 {
				got += " " + fold(o.Text)
				if got == fold(v) {
					return j, true
				}
			}
		}
		if !strings.HasPrefix(fold(v), got) {
			return 0, false
		}
	}
	return 0, false
}

// leftOf returns ln's nearest cell ending left of x.
func leftOf(ln rules.Line, x float64) (rules.Cell, bool) {
	var out rules.Cell
	ok := false
	for _, o := range ln.Cells {
		if o.Box.X+o.Box.W < x {
			out, ok = o, true
		}
	}
	return out, ok
}

// wrapsAround: a caption on line a goes on at x on line b past the value
// lines between, every line tight on the one before on one page.
func wrapsAround(lines []rules.Line, a, b int, x float64) bool {
	if a < 0 || b >= len(lines) {
		return false
	}
	for j := a + 1; j <= b; j++ {
		if lines[j].Page != lines[a].Page || lines[j].Box.Y-(lines[j-1].Box.Y+lines[j-1].Box.H) > 0.8*math.Max(lines[j-1].Box.H, 4) {
			return false
		}
	}
	for _, o := range lines[b].Cells {
		if math.Abs(o.Box.X-x) <= 2 {
			return true
		}
	}
	return false
}

// span returns a..b.
func span(a, b int) []int {
	var out []int
	for j := a; j <= b; j++ {
		out = append(out, j)
	}
	return out
}
