package learn_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/pdf"
	"github.com/labrelay/labrelay/fixtures/layouts"
	"github.com/labrelay/labrelay/learn"
	"github.com/labrelay/labrelay/rules"
)

// report returns report n of layout seed with its rows.
func report(t *testing.T, seed, n uint64) (layouts.Doc, *labrelay.Layout) {
	t.Helper()
	d, err := layouts.Variant(seed, n)
	if err != nil {
		t.Fatal(err)
	}
	l, err := pdf.NewReader().ReadLayout(t.Context(), d.PDF, "application/pdf")
	if err != nil {
		t.Fatal(err)
	}
	return d, l
}

// learnAll learns a pack from report 0 of each layout into one directory
// and returns the engine over them all and the built-in packs.
func learnAll(t *testing.T, seeds []uint64) (*rules.Engine, map[uint64]*learn.Pack) {
	t.Helper()
	dir := t.TempDir()
	packs := map[uint64]*learn.Pack{}
	for _, s := range seeds {
		d, l := report(t, s, 0)
		p, err := learn.Learn(fmt.Sprintf("layout-%d", s), []learn.Example{{Name: d.Name, Layout: l, Record: d.Truth}})
		if err != nil {
			t.Fatalf("seed %d: %v", s, err)
		}
		packs[s] = p
		if err := os.WriteFile(filepath.Join(dir, p.Name+".yaml"), p.YAML, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	e, err := rules.FromDirs("", dir)
	if err != nil {
		t.Fatalf("learned packs do not load: %v", err)
	}
	return e, packs
}

// TestLearnedPacksReadTheirOwnLayout: with the packs of several layouts
// loaded together, each next report is read by its own layout's pack;
// every value at or above the threshold is right and was taught.
func TestLearnedPacksReadTheirOwnLayout(t *testing.T) {
	seeds := []uint64{1, 3, 4, 5, 6, 7, 8, 10}
	e, packs := learnAll(t, seeds)
	accepted := 0
	for _, s := range seeds {
		d, l := report(t, s, 1)
		x, err := e.Analyze(t.Context(), l)
		if err != nil {
			t.Fatal(err)
		}
		if want := packs[s].Name; x.RulePack != want {
			t.Errorf("seed %d: read by %s, want %s", s, x.RulePack, want)
			continue
		}
		taught := map[string]bool{labrelay.FieldLab: true, labrelay.FieldPageCount: true, labrelay.FieldCategory: true}
		for _, f := range packs[s].Fields {
			taught[f.Field] = f.Learned
		}
		for f, c := range x.Confidence {
			if c < e.Threshold(x.RulePack) || f == labrelay.FieldCategory {
				continue
			}
			if !taught[f] {
				t.Errorf("seed %d: %s at %.2f but not taught", s, f, c)
			}
			if got, want := show(&x.Fields, f), show(&d.Truth, f); got != want {
				t.Errorf("seed %d: %s = %q at %.2f, want %q", s, f, got, c, want)
			}
		}
		if !x.Review.Required {
			accepted++
		}
	}
	if accepted == 0 {
		t.Errorf("no next report auto-accepted out of %d", len(seeds))
	}
	t.Logf("%d of %d next reports auto-accepted", accepted, len(seeds))
}

func show(r *labrelay.Record, f string) string {
	switch f {
	case labrelay.FieldResults:
		return fmt.Sprint(r.Results)
	case labrelay.FieldTestStandards:
		return strings.Join(r.TestStandards, "; ")
	case labrelay.FieldPageCount:
		return fmt.Sprint(r.PageCount)
	}
	s, _ := r.String(f)
	return s
}

// TestKeywordsAreNeverValues: no match keyword holds a value of the
// records taught or of the next reports.
func TestKeywordsAreNeverValues(t *testing.T) {
	for _, s := range []uint64{2, 9, 11, 12} {
		d, l := report(t, s, 0)
		p, err := learn.Learn("", []learn.Example{{Name: d.Name, Layout: l, Record: d.Truth}})
		if err != nil {
			t.Fatalf("seed %d: %v", s, err)
		}
		if len(p.Match) < 3 {
			t.Errorf("seed %d: keywords %q", s, p.Match)
		}
		for _, m := range p.Match {
			for _, f := range labrelay.FieldNames {
				v := show(&d.Truth, f)
				if len(v) >= 4 && f != labrelay.FieldOverallResult && f != labrelay.FieldLab && strings.Contains(strings.ToLower(m), strings.ToLower(v)) {
					t.Errorf("seed %d: keyword %q holds %s %q", s, m, f, v)
				}
			}
		}
		if !strings.HasPrefix(string(p.YAML), "# ") || !strings.Contains(string(p.YAML), "learned: true") {
			t.Errorf("seed %d: the pack is not commented or not marked learned:\n%s", s, p.YAML)
		}
	}
}

// TestLearnedPeriodsAndWrappedNames: a period joined by a word the engine
// does not split ("a", "bis"), dates with German month names and a
// company wrapped in a grid cell beside another column's are read from
// the next report by the learned pack, right and at the threshold; so are
// a value whose caption starts a longer caption below it, a list centred
// on its caption, values centred on captions of another height and a
// name glued to its caption.
func TestLearnedPeriodsAndWrappedNames(t *testing.T) {
	want := map[uint64][]string{
		11: {labrelay.FieldTestStartDate, labrelay.FieldTestEndDate},
		47: {labrelay.FieldIssueDate, labrelay.FieldTestStartDate, labrelay.FieldTestEndDate},
		7:  {labrelay.FieldApplicantName, labrelay.FieldManufacturerName},
		25: {labrelay.FieldProductName}, // "Sample", above "Sample Quantity"
		// a list centred on its caption, its first item over the
		// caption's line: inline after it (66), in the next column (99)
		66: {labrelay.FieldTestStandards},
		99: {labrelay.FieldTestStandards},
		// … beside a two-line caption, another column's line between
		105: {labrelay.FieldTestStandards},
		// a value centred on a caption of another height: an address's
		// two lines around its one-line caption (73, 94), a date between
		// its caption's two lines (83)
		73: {labrelay.FieldApplicantAddress},
		94: {labrelay.FieldApplicantAddress},
		83: {labrelay.FieldReceivedDate},
		// a product's name glued to its caption in the text layer
		// ("ProbenbezeichnungMicrowave lunch box")
		21: {labrelay.FieldProductName},
		64: {labrelay.FieldProductName},
		// a caption that is a word of its value ("Factory: … Wire Factory")
		184: {labrelay.FieldManufacturerName},
	}
	for s, fields := range want {
		e, packs := learnAll(t, []uint64{s})
		for n := uint64(1); n <= 3; n++ {
			d, l := report(t, s, n)
			x, err := e.Analyze(t.Context(), l)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range fields {
				got, want := show(&x.Fields, f), show(&d.Truth, f)
				if c := x.Confidence[f]; got != want || c < e.Threshold(packs[s].Name) {
					t.Errorf("seed %d report %d: %s = %q at %.2f, want %q at the threshold", s, n, f, got, c, want)
				}
			}
		}
	}
}

// rowsVerdict is the verdict of the rows: fail when one fails, pass when
// all pass.
func rowsVerdict(rows []labrelay.ResultRow) string {
	v := labrelay.VerdictPass
	for _, r := range rows {
		if r.Verdict == labrelay.VerdictFail {
			return labrelay.VerdictFail
		}
		if r.Verdict != labrelay.VerdictPass {
			v = ""
		}
	}
	return v
}

// learnOne learns a pack from one report and record and returns the
// engine over it and the built-in packs.
func learnOne(t *testing.T, d layouts.Doc, l *labrelay.Layout, rec labrelay.Record) (*rules.Engine, *learn.Pack) {
	t.Helper()
	p, err := learn.Learn("taught", []learn.Example{{Name: d.Name, Layout: l, Record: rec}})
	if err != nil {
		t.Fatal(err)
	}
	return engineWith(t, p)
}

// engineWith returns the engine over pack p and the built-in packs.
func engineWith(t *testing.T, p *learn.Pack) (*rules.Engine, *learn.Pack) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, p.Name+".yaml"), p.YAML, 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := rules.FromDirs("", dir)
	if err != nil {
		t.Fatalf("the pack does not load: %v\n%s", err, p.YAML)
	}
	return e, p
}

// TestOverallNotPrinted: layout 30 prints no overall result (the
// generic rules read one from the table's "CONCLUSION" column). Taught a
// record without one, the pack reads none; taught the rows' verdict, it
// gives the next report its rows' verdict as far as it trusts the rows;
// taught another verdict, it learns nothing about it.
func TestOverallNotPrinted(t *testing.T) {
	d, l := report(t, 30, 0)
	if d.Truth.OverallResult != "" || len(d.Truth.Results) == 0 {
		t.Fatalf("layout 30 changed: overall %q, %d rows", d.Truth.OverallResult, len(d.Truth.Results))
	}
	next, nl := report(t, 30, 1)
	want := rowsVerdict(next.Truth.Results)

	e, p := learnOne(t, d, l, d.Truth)
	if !strings.Contains(string(p.YAML), "\noverall: none\n") {
		t.Fatalf("taught no overall result, the pack says:\n%s", p.YAML)
	}
	x, err := e.Analyze(t.Context(), nl)
	if err != nil {
		t.Fatal(err)
	}
	if x.Fields.OverallResult != "" {
		t.Errorf("overall %q at %.2f, want none", x.Fields.OverallResult, x.Confidence[labrelay.FieldOverallResult])
	}

	rec := d.Truth
	rec.OverallResult = rowsVerdict(rec.Results)
	e, p = learnOne(t, d, l, rec)
	if !strings.Contains(string(p.YAML), "\noverall: results\n") {
		t.Fatalf("taught the rows' verdict, the pack says:\n%s", p.YAML)
	}
	x, err = e.Analyze(t.Context(), nl)
	if err != nil {
		t.Fatal(err)
	}
	if x.Fields.OverallResult != want {
		t.Errorf("overall %q, want the rows' %q", x.Fields.OverallResult, want)
	}
	if c, r := x.Confidence[labrelay.FieldOverallResult], x.Confidence[labrelay.FieldResults]; c > r || c < e.Threshold(x.RulePack) && r >= e.Threshold(x.RulePack) {
		t.Errorf("overall at %.2f, results at %.2f: want the results' confidence", c, r)
	}

	rec.OverallResult = labrelay.VerdictInconclusive
	_, p = learnOne(t, d, l, rec)
	if strings.Contains(string(p.YAML), "\noverall:") {
		t.Errorf("taught a verdict the rows do not give, the pack says:\n%s", p.YAML)
	}
}

// A layout that lists its standards only in its result table's method
// column is learned as such (standards: methods), and the next report's
// list, derived from its rows, is as trusted as the rows, also where an
// inherited caption rule reads part of a list printed beside a wrapped
// caption (seed 37). So is one that lists them in a table of items and
// methods before the results ("Test Content"), and one whose result table
// leaves some rows' method cells blank and names their method in a note
// under it.
func TestStandardsFromTheMethodColumn(t *testing.T) {
	for _, c := range []struct {
		name        string
		seeds, most int
		kind        func(d layouts.Doc) bool
	}{
		{"method column", 60, 60, func(layouts.Doc) bool { return true }},
		{"methods table", 200, 4, func(d layouts.Doc) bool { return strings.Contains(d.Layout, "methods-table") }},
		{"note", 300, 4, func(d layouts.Doc) bool {
			rows := rules.MethodStandards(d.Truth.Results)
			return len(rows) > 0 && len(rows) < len(d.Truth.TestStandards)
		}},
	} {
		t.Run(c.name, func(t *testing.T) { standardsTaught(t, c.seeds, c.most, c.kind) })
	}
}

// standardsTaught learns the layouts of seeds 1..n of a kind (up to most)
// that teach standards: methods and checks the next report's list.
func standardsTaught(t *testing.T, n, most int, kind func(layouts.Doc) bool) {
	found := 0
	for s := uint64(1); s <= uint64(n) && found < most; s++ {
		d, _ := layouts.Variant(s, 0)
		if !kind(d) {
			continue
		}
		_, l := report(t, s, 0)
		p, err := learn.Learn("", []learn.Example{{Name: d.Name, Layout: l, Record: d.Truth}})
		if err != nil || !strings.Contains(string(p.YAML), "\nstandards: methods\n") {
			continue
		}
		found++
		e, _ := learnAll(t, []uint64{s})
		next, nl := report(t, s, 1)
		x, err := e.Analyze(t.Context(), nl)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := show(&x.Fields, labrelay.FieldTestStandards), show(&next.Truth, labrelay.FieldTestStandards); got != want {
			t.Errorf("seed %d: test_standards = %q, want %q", s, got, want)
		}
		if c := x.Confidence[labrelay.FieldTestStandards]; c < e.Threshold(x.RulePack) {
			t.Errorf("seed %d: test_standards at %.2f, under the threshold", s, c)
		}
	}
	if found == 0 {
		t.Fatalf("no layout of seeds 1-%d of this kind teaches standards: methods", n)
	}
}
