package rules

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
)

// A value in a grid of caption/value boxes wraps inside its box while the
// neighbouring boxes print on the same line: the wrapped line has other
// cells beside it (the caption's own wrapped end, the next pair), so the
// one-cell-per-line rule of continuation stops too early. gridNext reads
// such a line, but only when the line above was full: the wrapped line's
// first word would not have fitted before the column's end. Text wraps
// for want of room, and a new row of the grid shows room to spare.

// valueCol is the box a value wraps in: its left edge, its caption's left
// edge when the caption stands left of it, and the right edge it fills.
type valueCol struct {
	x, capX, right float64
	h              float64
	capText        string
}

// valueColumn finds the column of a value read on line cand.line.
func valueColumn(v *view, cand *candidate) valueCol {
	ln := v.Lines[cand.line]
	col := valueCol{x: cand.box.X, capX: math.NaN(), right: math.NaN(), h: math.Max(ln.Box.H, 4)}
	for k, c := range ln.Cells {
		if math.Abs(c.Box.X-cand.box.X) > 3 {
			continue
		}
		if cand.how == "right" && k > 0 {
			col.capX, col.capText = ln.Cells[k-1].Box.X, ln.Cells[k-1].Text
		}
		if k+1 < len(ln.Cells) {
			col.right = ln.Cells[k+1].Box.X
		}
		break
	}
	if math.IsNaN(col.right) {
		col.right = pageEdge(v, ln.Page, boxRight) // nothing beside it: the text's edge
	}
	return col
}

// pageEdge is the farthest edge of the page's lines: their right
// (boxRight: the text's right edge) or their bottom (boxBottom: the
// page's height as far as print goes; a footer stands near its foot).
func pageEdge(v *view, page int, edge func(labrelay.Box) float64) float64 {
	r := 0.0
	for _, ln := range v.Lines {
		if ln.Page == page {
			r = math.Max(r, edge(ln.Box))
		}
	}
	return r
}

func boxRight(b labrelay.Box) float64  { return b.X + b.W }
func boxBottom(b labrelay.Box) float64 { return b.Y + b.H }

// gridNext returns the cell of line ln that continues a value whose
// previous line ends at prevRight, or false. Captions are allowed as
// text ("Factory" ending a name) only when the caption stands left of
// the value, so the value's column holds no captions.
func gridNext(col valueCol, prev string, prevRight float64, ln line, field string) (cell, bool) {
	k := -1
	for i, c := range ln.Cells {
		if math.Abs(c.Box.X-col.x) <= math.Max(3, alignTol(ln, c)) {
			k = i
		}
	}
	if k < 0 {
		return cell{}, false
	}
	c := ln.Cells[k]
	for _, l := range ln.Cells[:k] {
		switch {
		case !math.IsNaN(col.capX) && math.Abs(l.Box.X-col.capX) <= math.Max(3, alignTol(ln, l)):
			if !pureFragment(l, col, field) {
				return cell{}, false // a caption of its own: a new row
			}
		case !math.IsNaN(col.capX) && l.Box.X > col.capX:
			return cell{}, false // something between caption and value
		}
	}
	right := col.right
	if k+1 < len(ln.Cells) {
		right = math.Min(right, ln.Cells[k+1].Box.X)
	}
	t := strings.TrimSpace(c.Text)
	full := prevRight+firstWordWidth(c)+0.3*col.h > right-col.h
	if !full && !goesOn(prev, t, field) {
		return cell{}, false // the word fitted on the line above: no wrap
	}
	if isLabelish(t) || startsWithCaption(t) || pairLine(t) || reCaptionNext.MatchString(t) {
		return cell{}, false
	}
	if notValue(t) && math.IsNaN(col.capX) {
		return cell{}, false
	}
	return c, true
}

// firstWordWidth estimates the width of a cell's first word from its
// share of the cell's runes.
func firstWordWidth(c cell) float64 {
	ws := strings.Fields(c.Text)
	n := utf8.RuneCountInString(c.Text)
	if len(ws) == 0 || n == 0 {
		return 0
	}
	return c.Box.W * float64(utf8.RuneCountInString(ws[0])) / float64(n)
}

// goesOn reports a list or an address that says it goes on: the line
// above ends with a separator, or a standards list's next line starts
// with a standard's code.
func goesOn(prev, next, field string) bool {
	switch field {
	case labrelay.FieldApplicantAddress:
		return strings.HasSuffix(strings.TrimSpace(prev), ",")
	case labrelay.FieldTestStandards:
		p := strings.TrimSpace(prev)
		m := reStandard.FindStringIndex(next)
		return strings.HasSuffix(p, ",") || strings.HasSuffix(p, ";") || m != nil && m[0] == 0
	}
	return false
}

// pureFragment is the wrapped end of a caption: no caption by itself
// ("NUMBER", "户名称)"), the caption again in another language
// ("Made by /" over "Hersteller"), or an address caption's last word. The
// same caption again ("APPLICANT" under "APPLICANT"), or another field's
// whole caption under a whole one, starts a new row.
func pureFragment(c cell, col valueCol, field string) bool {
	if wholeBilingual(c.Text) {
		return false // "SCOPE (ENSAYOS SOLICITADOS)": whole, a caption of its own
	}
	if field == labrelay.FieldApplicantAddress && isAddressCaption(c.Text) {
		return c.Box.X+c.Box.W < col.x
	}
	if _, ok := parseCaption(c.Text); ok && capKey(c.Text) == capKey(col.capText) || otherWholeCaption(col.capText, c.Text, field) {
		return false
	}
	if joined := col.capText + " " + c.Text; field != "" && strings.Contains(","+fieldsOf(joined)+",", ","+field+",") ||
		field == labrelay.FieldApplicantAddress && isAddressCaption(joined) {
		return c.Box.X+c.Box.W < col.x // "DIRECCIÓN DEL" over "CLIENTE"
	}
	return captionFragment(c, col.x, field)
}
