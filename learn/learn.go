package learn

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/normalize"
	"github.com/labrelay/labrelay/rules"
)

// Example is one report taught: its positioned rows (from the PDF text
// layer or OCR) and the record a person approved for it.
type Example struct {
	Name   string // the report's file name, for the pack's comment
	Layout *labrelay.Layout
	Record labrelay.Record
}

// FieldResult says whether a field was learned, and why not.
type FieldResult struct {
	Field   string `json:"field"`
	Learned bool   `json:"learned"`
	Why     string `json:"why,omitempty"`
}

// Pack is a learned rule pack.
type Pack struct {
	Name  string
	YAML  []byte
	Match []string
	// Fields is what the learner found per field of the first record;
	// Verify says what the pack actually reproduces.
	Fields []FieldResult
}

// ErrNoLayout: the examples print too little stable text to recognise
// their layout by (a scan OCR could not read, an empty page).
var ErrNoLayout = errors.New("too little stable text (letterhead, captions) to recognise the layout by")

// notTaught are fields the learner leaves to the engine: derived from
// others (lab family, category, page count) or from lineage.
var notTaught = map[string]bool{
	labrelay.FieldLab: true, labrelay.FieldCategory: true, labrelay.FieldPageCount: true,
	labrelay.FieldTwinOf: true, labrelay.FieldResults: true, labrelay.FieldTestStandards: true,
}

// Learn writes a pack named name (a name from the keywords when "") that
// reads the examples' records from their layouts. The examples should be
// of one layout.
func Learn(name string, examples []Example) (*Pack, error) {
	if len(examples) == 0 {
		return nil, errors.New("no example to learn from")
	}
	exs := make([]*example, len(examples))
	var sources []string
	for i, e := range examples {
		if e.Layout == nil {
			return nil, fmt.Errorf("%s: no layout", e.Name)
		}
		d := rules.NewDoc(e.Layout)
		exs[i] = &example{name: e.Name, doc: d, lines: d.Lines(), rec: e.Record}
		for _, ln := range exs[i].lines {
			exs[i].ocr = exs[i].ocr || ln.OCR
		}
		sources = append(sources, e.Name)
	}
	var ls []*learned
	why := map[string]string{}
	var results []FieldResult
	for _, f := range exs[0].rec.Present() {
		if notTaught[f] {
			continue
		}
		l, w := learnString(exs, f)
		results = append(results, FieldResult{Field: f, Learned: l != nil, Why: w})
		if l != nil {
			ls = append(ls, l)
		} else {
			why[f] = w
		}
	}
	if len(exs[0].rec.TestStandards) > 0 {
		l, w := learnStandards(exs, standardsPattern())
		results = append(results, FieldResult{Field: labrelay.FieldTestStandards, Learned: l != nil, Why: w})
		if l != nil {
			ls = append(ls, l)
		} else {
			why[labrelay.FieldTestStandards] = w
		}
	}
	var tab *tableSpec
	var headers []string
	if len(exs[0].rec.Results) > 0 {
		var w string
		tab, w = learnTable(exs)
		results = append(results, FieldResult{Field: labrelay.FieldResults, Learned: tab != nil, Why: w})
		if tab != nil {
			headers = tab.headers
		} else {
			why[labrelay.FieldResults] = w
		}
	}
	overall := learnOverall(&exs[0].rec, results, why)
	standards := learnStandardsFromMethods(&exs[0].rec, tab != nil, exs[0].doc, results, why)
	fieldOrder(ls)
	match := keywords(exs, ls, headers)
	if len(match) < minKeywords {
		return nil, fmt.Errorf("%w: found %d keywords %q", ErrNoLayout, len(match), match)
	}
	if name == "" {
		sum := sha256.Sum256([]byte(strings.Join(match, "\n")))
		name = "learned-" + hex.EncodeToString(sum[:4])
	}
	required := requiredFields(&exs[0].rec)
	yaml := writePack(name, sources, match, required, ls, tab, resultTerms(exs), overall, standards, why)
	yaml = append(yaml, writeNotFields(learnNotFields(exs))...)
	return &Pack{Name: name, YAML: yaml, Match: match, Fields: results}, nil
}

// learnNotFields are, per field no approved record has, the captions
// the generic reader reads it beside on the reports taught: a person
// approved the record without it, so the caption prints something else
// on this layout (a lab's job reference read as a PO number).
func learnNotFields(exs []*example) map[string][]string {
	present := map[string]bool{}
	for _, ex := range exs {
		for _, f := range ex.rec.Present() {
			present[f] = true
		}
	}
	out := map[string][]string{}
	for _, ex := range exs {
		for f, c := range ex.doc.GenericCaptions() {
			if !notTaught[f] && !present[f] && !slices.Contains(out[f], c) {
				out[f] = append(out[f], c)
			}
		}
	}
	return out
}

// learnOverall says what the layout does without a printed overall
// result (rules.Pack.Overall): the approved record has none although the
// report has result rows, or it has the rows' verdict and no rule reads
// it. It marks the field learned in results.
func learnOverall(rec *labrelay.Record, results []FieldResult, why map[string]string) string {
	if len(rec.Results) == 0 {
		return ""
	}
	if rec.OverallResult == "" {
		return rules.OverallNone
	}
	if _, missed := why[labrelay.FieldOverallResult]; !missed || rowsVerdict(rec.Results) != rec.OverallResult {
		return ""
	}
	markLearned(labrelay.FieldOverallResult, results, why)
	return rules.OverallResults
}

// learnStandardsFromMethods says the layout lists its standards only in
// the result table's method column (with a note under it naming the
// method of rows that print none), or in a table of items and methods
// when the rows print none (rules.Pack.Standards): no caption reads the
// approved list, and the approved rows' methods, or that table's, give it.
func learnStandardsFromMethods(rec *labrelay.Record, table bool, d *rules.Doc, results []FieldResult, why map[string]string) string {
	if _, missed := why[labrelay.FieldTestStandards]; !missed || !table {
		return ""
	}
	rows := rules.MethodStandards(rec.Results)
	switch {
	case slices.Equal(rows, rec.TestStandards):
	case len(rows) == 0 && slices.Equal(d.MethodsTableStandards(), rec.TestStandards):
	case len(rows) > 0 && sameSet(d.MethodsWithNote(rec.Results), rec.TestStandards):
		// the rows' methods and a note under the table naming the
		// method of rows whose cells are blank
	default:
		return ""
	}
	markLearned(labrelay.FieldTestStandards, results, why)
	return rules.StandardsMethods
}

// markLearned records that a pack key, not a rule, reads field.
func markLearned(field string, results []FieldResult, why map[string]string) {
	delete(why, field)
	for i := range results {
		if results[i].Field == field {
			results[i] = FieldResult{Field: field, Learned: true}
		}
	}
}

// rowsVerdict is the verdict of result rows: fail when one fails, pass
// when all pass, else "".
func rowsVerdict(rows []labrelay.ResultRow) string {
	v := labrelay.VerdictPass
	for _, r := range rows {
		switch r.Verdict {
		case labrelay.VerdictFail:
			return labrelay.VerdictFail
		case labrelay.VerdictPass:
		default:
			v = ""
		}
	}
	return v
}

// standardsPattern is the generic pack's pattern of a standard's code.
func standardsPattern() string {
	packs, err := rules.DefaultPacks()
	if err != nil {
		return ""
	}
	for _, p := range packs {
		if p.Name == rules.GenericPack {
			for _, r := range p.Fields[labrelay.FieldTestStandards] {
				if r.Pattern != "" {
					return r.Pattern
				}
			}
		}
	}
	return ""
}

// Verify reads every example with e (which should hold the learned pack)
// and says per field of the approved records whether the pack reproduces
// it; ok is false when any field is not reproduced.
func Verify(ctx context.Context, e *rules.Engine, pack string, examples []Example) (res []FieldResult, ok bool, err error) {
	bad := map[string]string{}
	var order []string
	for _, ex := range examples {
		x, err := e.Analyze(ctx, ex.Layout)
		if err != nil {
			return nil, false, fmt.Errorf("%s: %w", ex.Name, err)
		}
		for _, f := range ex.Record.Present() {
			if !contains(order, f) {
				order = append(order, f)
			}
			if _, seen := bad[f]; seen {
				continue
			}
			switch {
			case x.RulePack != pack:
				bad[f] = fmt.Sprintf("%s is read by pack %s, not by %s", ex.Name, x.RulePack, pack)
			default:
				if d := diffField(f, &x.Fields, &ex.Record); d != "" {
					bad[f] = ex.Name + ": " + d
				}
			}
		}
	}
	ok = true
	for _, f := range order {
		w, isBad := bad[f]
		res = append(res, FieldResult{Field: f, Learned: !isBad, Why: w})
		ok = ok && !isBad
	}
	return res, ok, nil
}

// diffField says how field f of got differs from want ("" same).
func diffField(f string, got, want *labrelay.Record) string {
	switch f {
	case labrelay.FieldResults:
		return rowsDiff(got.Results, want.Results, false)
	case labrelay.FieldTestStandards:
		if g, w := strings.Join(got.TestStandards, "; "), strings.Join(want.TestStandards, "; "); g != w {
			return fmt.Sprintf("reads %q, approved %q", g, w)
		}
		return ""
	case labrelay.FieldPageCount:
		if got.PageCount != want.PageCount {
			return fmt.Sprintf("reads %d pages, approved %d", got.PageCount, want.PageCount)
		}
		return ""
	}
	g, _ := got.String(f)
	w, _ := want.String(f)
	if sp(g) != sp(w) {
		if g == "" {
			return "not read"
		}
		return fmt.Sprintf("reads %q, approved %q", g, w)
	}
	return ""
}

// requiredFields are the fields of the approved record: a report of the
// layout missing one goes to review. A field the approved record lacks
// (an issue date the layout never prints) is not required: a person
// accepted the record without it.
func requiredFields(rec *labrelay.Record) []string {
	out := []string{labrelay.FieldLab}
	for _, f := range rec.Present() {
		switch f {
		case labrelay.FieldLab, labrelay.FieldCategory, labrelay.FieldPageCount, labrelay.FieldTwinOf, labrelay.FieldSupersedes:
			continue
		}
		out = append(out, f)
	}
	return out
}

// resultTerms are the texts the approved rows print per column, those of
// four runes or more (a shorter one misread is another word): a scan of
// the layout prints the same tests.
func resultTerms(exs []*example) *rules.Terms {
	t := &rules.Terms{}
	for _, ex := range exs {
		for _, r := range ex.rec.Results {
			for _, c := range []struct {
				list *[]string
				s    string
			}{{&t.Item, r.Item}, {&t.Method, r.Method}, {&t.Unit, r.Unit}, {&t.MDL, r.MDL}, {&t.Limit, r.Limit}} {
				if s := normalize.Space(c.s); len([]rune(s)) >= 4 && !contains(*c.list, s) {
					*c.list = append(*c.list, s)
				}
			}
		}
	}
	if len(t.Item)+len(t.Method)+len(t.Unit)+len(t.MDL)+len(t.Limit) == 0 {
		return nil
	}
	return t
}

// sameSet reports whether two standards lists name the same codes.
func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}
