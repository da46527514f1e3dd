package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/normalize"
)

// Doc is one document prepared for trying rules on it one at a time: what
// the learner (learn/) needs to find the rule that reproduces a value a
// person approved. It is not safe for concurrent use.
type Doc struct {
	v  *view
	df *docFuncs
}

// Cell is a run of words with no column gap: a caption, a value, a table
// cell (as the engine sees it).
type Cell struct {
	Text string
	Box  labrelay.Box
}

// Line is one row of a page as cells.
type Line struct {
	Page  int
	Box   labrelay.Box
	Cells []Cell
	Text  string // the cells joined by two spaces
	OCR   bool
}

// NewDoc prepares l for probing.
func NewDoc(l *labrelay.Layout) *Doc {
	v := newView(l)
	mendCells(v) // as a learned pack reads a scan (captionsAsTaught)
	return &Doc{v: v, df: &docFuncs{v: v}}
}

// Lines returns the document's rows as the engine sees them.
func (d *Doc) Lines() []Line {
	out := make([]Line, len(d.v.Lines))
	for i, ln := range d.v.Lines {
		cs := make([]Cell, len(ln.Cells))
		for k, c := range ln.Cells {
			cs[k] = Cell{Text: c.Text, Box: c.Box}
		}
		out[i] = Line{Page: ln.Page, Box: ln.Box, Cells: cs, Text: ln.Text, OCR: ln.Path == labrelay.PathOCR}
	}
	return out
}

// Text is the document text pack keywords are matched against.
func (d *Doc) Text() string { return d.v.Text }

// Probe runs rule r alone as a rule of field and returns the value it
// reads (a string; a list for type list) or why it read none. A rule that
// does not compile is an error.
func (d *Doc) Probe(field string, r Rule) (any, string, error) {
	r.field, r.ocrFit = field, true // as a learned pack's own rule
	if err := r.compile(); err != nil {
		return nil, "", fmt.Errorf("%s: %w", field, err)
	}
	fd, why := (&Engine{}).apply(&r, d.v, d.df, map[string]any{}, map[string]*found{})
	if fd == nil {
		return nil, why, nil
	}
	if fd.ambiguous != "" {
		return nil, "the document prints different values (" + fd.ambiguous + ")", nil
	}
	return fd.value, "", nil
}

// ProbeTable reads the result tables with t alone (verdicts as a pack's
// Verdicts) and returns the rows and the review reasons it gave.
func (d *Doc) ProbeTable(t Table, verdicts map[string]string) ([]labrelay.ResultRow, []string) {
	p := &Pack{Name: "probe", Table: &t, Verdicts: verdicts}
	if err := p.compileVerdicts(); err != nil {
		return nil, []string{err.Error()}
	}
	tab := p.Table
	if t.Lexicon {
		tab = genericTable
	}
	res := readTables(d.v, tab)
	if t.Lexicon {
		lexiconVerdicts(p.Table, res)
	}
	return res.rows, res.issues
}

// MethodsTableStandards returns the standards of the document's tables
// of items and methods without results ("Test Content"), read with the
// header lexicon: where a layout that lists its standards only there
// lists them (Pack.Standards = StandardsMethods).
func (d *Doc) MethodsTableStandards() []string {
	return MethodStandards(readTables(d.v, genericTable).methods)
}

// MethodsWithNote returns the standards of rows' method cells, widened as
// the engine widens them (partOfMethods) by the generic reader's list
// when it is part of them or printed under the result table: what a pack
// taught that its layout lists its standards there reads.
func (d *Doc) MethodsWithNote(rows []labrelay.ResultRow) []string {
	list := MethodStandards(rows)
	g := readGeneric(d.v, &docFuncs{v: d.v})
	gr := g.fields[labrelay.FieldTestStandards]
	if gr == nil || len(list) == 0 {
		return list
	}
	tr := readTables(d.v, genericTable)
	fd := &found{cand: gr.cand, value: strings.Split(gr.value, "; ")}
	if !partOfMethods(fd, list, labrelay.Provenance{Page: tr.page, Box: boxPtr(tr.box)}) {
		return list
	}
	return fd.value.([]string)
}

// CaptionFields returns the fields the generic reader's caption lexicon
// reads caption text t as (none when it knows no such caption): the
// learner will not teach a field a caption printed for another one.
func CaptionFields(t string) []string {
	h, ok := parseCaption(t)
	if !ok {
		return nil
	}
	var out []string
	for _, e := range h.entries {
		if !slices.Contains(out, e.field) {
			out = append(out, e.field)
		}
	}
	return out
}

// ReadDate reads a printed date as a pack's date rule does (month names
// of other languages too), a numeric one day first when dayFirst; ok is
// false when it is no date the engine reads.
func ReadDate(s string, dayFirst bool) (string, bool) {
	d, err := normalize.Date(localDate(normalize.CleanDate(s)), dayFirst)
	return d, err == nil
}

// ReadVerdict reads an overall verdict from a word, a short phrase or a
// sentence as the generic reader does ("Positive (meets requirements)",
// "The sample complies with …"); ok is false when it reads none.
func ReadVerdict(s string) (string, bool) {
	v, _, ok := checkVerdict(s)
	return v, ok && v != ""
}

// GenericCaptions returns, per field the generic reader reads by a
// caption, that caption's text (genericCaption): the learner
// teaches a pack that a caption does not print a field the approved
// record lacks (Pack.NotFields).
func (d *Doc) GenericCaptions() map[string]string {
	out := map[string]string{}
	for f, gr := range readGeneric(d.v, d.df).fields {
		if c := genericCaption(d.v, gr); c != "" {
			out[f] = c
		}
	}
	return out
}
