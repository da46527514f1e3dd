package labrelay

import "strings"

// Word is one piece of text read from a page, with its box and, for OCR,
// the engine's confidence in [0,1] (1 for a PDF text layer).
type Word struct {
	Text string  `json:"text"`
	Box  Box     `json:"box"`
	Conf float64 `json:"conf"`
}

// Row is a line of words sharing a baseline, left to right.
type Row struct {
	Words []Word `json:"words"`
	Box   Box    `json:"box"`
}

// Text joins the row's words with single spaces.
func (r Row) Text() string {
	parts := make([]string, len(r.Words))
	for i, w := range r.Words {
		parts[i] = w.Text
	}
	return strings.Join(parts, " ")
}

// Page is one page of positioned rows, top to bottom. The PDF text path and
// the OCR path both produce pages, so rule packs run unchanged on either.
type Page struct {
	Number int     `json:"number"` // 1-based
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
	Unit   string  `json:"unit"` // "pt" or "px"
	Path   string  `json:"path"` // PathPDFText, PathPdftotext or PathOCR
	Reason string  `json:"reason,omitempty"`
	Rows   []Row   `json:"rows"`
	// HRules are the horizontal ruling lines found on a scanned page,
	// each a thin box: the rows of a ruled table are the bands between
	// them, whatever the spacing of their lines.
	HRules []Box `json:"hrules,omitempty"`
}

// Layout is a whole document as positioned rows.
type Layout struct {
	Pages []Page `json:"pages"`
	// Review lists why a person must check the record whatever its fields
	// say, e.g. the file had to be repaired to be read.
	Review []string `json:"review,omitempty"`
}

// Union is the smallest box holding b and o. The zero Box is empty: the
// union with it is the other box.
func (b Box) Union(o Box) Box {
	switch {
	case b == Box{}:
		return o
	case o == Box{}:
		return b
	}
	x0, y0 := min(b.X, o.X), min(b.Y, o.Y)
	x1, y1 := max(b.X+b.W, o.X+o.W), max(b.Y+b.H, o.Y+o.H)
	return Box{X: x0, Y: y0, W: x1 - x0, H: y1 - y0}
}

// WordsBox is the union of the words' boxes; the zero Box for none.
func WordsBox(ws []Word) Box {
	var b Box
	for _, w := range ws {
		b = b.Union(w.Box)
	}
	return b
}
