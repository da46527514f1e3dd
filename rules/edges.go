package rules

import (
	"math"
	"slices"

	"github.com/labrelay/labrelay"
)

// splitAtEdges cuts a line's first cell where one of its words starts at
// a value column of its page: a long caption printed close to its value
// ("EINGANGSDATUM/RECEIPT 2025-12-06", the gap no wider than between
// words) is then a caption cell and a value cell, like its neighbours'.
// A value column is a left edge where at least three lines of the page
// that print a caption and a value start the value. Only a line of one
// cell is cut, and only a caption of five words at most cut off.
func splitAtEdges(v *view) {
	start := 0
	for start < len(v.Lines) {
		end := start
		for end < len(v.Lines) && v.Lines[end].Page == v.Lines[start].Page {
			end++
		}
		edges := valueEdges(v.Lines[start:end])
		for i := start; i < end; i++ {
			splitFirst(&v.Lines[i], edges)
		}
		start = end
	}
}

// valueEdges returns the left edges at which at least three lines of two
// cells start their second (within 1.5 units).
func valueEdges(lines []line) []float64 {
	var xs []float64
	for _, ln := range lines {
		if len(ln.Cells) == 2 {
			xs = append(xs, ln.Cells[1].Box.X)
		}
	}
	var edges []float64
	for _, x := range xs {
		n := 0
		for _, y := range xs {
			if math.Abs(x-y) <= 1.5 {
				n++
			}
		}
		if n >= 3 && !nearAny(edges, x) {
			edges = append(edges, x)
		}
	}
	return edges
}

func nearAny(xs []float64, x float64) bool {
	for _, y := range xs {
		if math.Abs(x-y) <= 1.5 {
			return true
		}
	}
	return false
}

func splitFirst(ln *line, edges []float64) {
	if ln.Path == labrelay.PathOCR || len(edges) == 0 {
		return // OCR's word boxes wobble more than an edge's tolerance
	}
	if len(ln.Cells) != 1 {
		return
	}
	c := ln.Cells[0]
	for k := 1; k < len(c.words) && k <= 5; k++ {
		if !nearAny(edges, c.words[k].Box.X) {
			continue
		}
		head := joinWords(slices.Clone(c.words[:k]))
		if reHasDigit.MatchString(head.Text) || !isCaptionText(head.Text) && !compoundCaption(head.Text) && !captionAlone(head.Text) {
			return
		}
		ln.Cells = append([]cell{head, joinWords(slices.Clone(c.words[k:]))}, ln.Cells[1:]...)
		ln.Text = lineText(ln.Cells)
		return
	}
}

// splitAtCaptionColumns cuts an OCR line's cell where one of its words
// starts under a caption of the line just above, set apart from the word
// before by more than a word space: in a grid of captions over values a
// value ends at the next column's edge, but a rule OCR dropped leaves the
// next value close enough to join it ("… Road, Columbus, Plastic housing",
// an address and a product under "Customer Address" and "Item
// Description").
func splitAtCaptionColumns(v *view) {
	for i := 1; i < len(v.Lines); i++ {
		ln, up := &v.Lines[i], v.Lines[i-1]
		if ln.Path != labrelay.PathOCR || up.Page != ln.Page || !tight(up, *ln) {
			continue
		}
		// the line above is captions only: a row of a grid's captions,
		// not pairs ("Made in | 原产国 | Vietnam")
		var starts []float64
		for k, c := range up.Cells {
			if !(isCaptionText(c.Text) || wholeCaption(c.Text) || junkLedCaption(c.Text)) {
				starts = nil
				break
			}
			if k > 0 {
				starts = append(starts, c.Box.X)
			}
		}
		if len(starts) == 0 {
			continue
		}
		var out []cell
		for _, c := range ln.Cells {
			from := 0
			for k := 1; k < len(c.words); k++ {
				w, prev := c.words[k], c.words[k-1]
				h := math.Max(math.Min(w.Box.H, prev.Box.H), 1)
				under := slices.ContainsFunc(starts, func(x float64) bool { return math.Abs(w.Box.X-x) <= 0.5*h })
				if under && w.Box.X-(prev.Box.X+prev.Box.W) > 0.5*h {
					out = append(out, joinWords(slices.Clone(c.words[from:k])))
					from = k
				}
			}
			if from == 0 {
				out = append(out, c)
				continue
			}
			out = append(out, joinWords(slices.Clone(c.words[from:])))
		}
		if len(out) != len(ln.Cells) {
			ln.Cells = out
			ln.Text = lineText(ln.Cells)
		}
	}
}
