package rules_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/rules"
)

const genericYAML = `name: generic
version: "1"
max_confidence: 0.85
fields:
  report_number:
    - label: ["Report No."]
`

func TestLoadErrorsNamePackRuleLine(t *testing.T) {
	cases := []struct {
		name, yaml, want string
	}{
		{"bad expr", "name: acme\nversion: \"1\"\nmatch: [ACME]\nfields:\n  category:\n    - expr: 'foo('\n", "acme.yaml:6"},
		{"bad regex", "name: acme\nversion: \"1\"\nfields:\n  report_number:\n    - find: '('\n", "report_number[0]"},
		{"unknown field", "name: acme\nversion: \"1\"\nfields:\n  colour:\n    - label: [Colour]\n", `unknown field "colour"`},
		{"two kinds", "name: acme\nversion: \"1\"\nfields:\n  report_number:\n    - label: [No]\n      find: 'x'\n", "exactly one of"},
		{"unknown key", "name: acme\nversion: \"1\"\nfeilds: {}\n", "feilds"},
		{"bad check", "name: acme\nversion: \"1\"\nchecks:\n  - name: c1\n    expr: 'issue_date +'\n", "check c1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{
				"generic.yaml": {Data: []byte(genericYAML)},
				"acme.yaml":    {Data: []byte(tc.yaml)},
			}
			_, err := rules.LoadFS(fsys)
			if err == nil {
				t.Fatal("want an error")
			}
			var pe *rules.PackError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T %v is not a *PackError", err, err)
			}
			if !strings.Contains(err.Error(), "acme") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q should name pack acme and %q", err, tc.want)
			}
		})
	}
}

func TestDefaultPacks(t *testing.T) {
	e, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(e.Version(), "rules-") {
		t.Errorf("version %q", e.Version())
	}
	dir := t.TempDir()
	// The shipped packs load from a directory too.
	src, err := filepath.Glob("packs/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(src) == 0 {
		t.Fatal("no packs/*.yaml")
	}
	for _, s := range src {
		data, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(s)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	packs, err := rules.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(packs), len(e.Packs()); got != want {
		t.Errorf("LoadDir loaded %d packs, want %d (the embedded ones)", got, want)
	}
}

// layout builds a one-page layout from rows of cells; each cell is one
// word placed at the given x, 10pt high, rows 14pt apart.
func layout(rows ...[]cellAt) *labrelay.Layout {
	p := labrelay.Page{Number: 1, Width: 595, Height: 842, Unit: "pt", Path: labrelay.PathPDFText}
	for i, r := range rows {
		y := 40 + float64(i)*14
		var row labrelay.Row
		for _, c := range r {
			for j, w := range strings.Fields(c.text) {
				x := c.x + float64(j)*40 // words of a cell 40pt apart but 36pt wide: one cell
				row.Words = append(row.Words, labrelay.Word{Text: w, Box: labrelay.Box{X: x, Y: y, W: 36, H: 10}, Conf: 1})
			}
		}
		row.Box = labrelay.Box{X: 0, Y: y, W: 595, H: 10}
		p.Rows = append(p.Rows, row)
	}
	return &labrelay.Layout{Pages: []labrelay.Page{p}}
}

type cellAt struct {
	x    float64
	text string
}

func sgsLike(issue, period string) *labrelay.Layout {
	return layout(
		[]cellAt{{30, "Test Report"}, {170, "No.:"}, {220, "SHAEC2601234501"}, {400, "Date:"}, {440, "Mar 06, 2026"}},
		[]cellAt{{50, "Client Name:"}, {200, "Acme Electronics Co., Ltd."}},
		[]cellAt{{50, "Sample Receiving Date:"}, {200, "Feb 28, 2026"}},
		[]cellAt{{50, "Testing Period:"}, {200, period}},
		[]cellAt{{50, "Test Item(s)"}, {250, "Limit"}, {320, "Unit"}, {380, "MDL"}, {440, "A1"}},
		[]cellAt{{50, "Lead (Pb)"}, {250, "1000"}, {320, "mg/kg"}, {380, "2"}, {440, "66"}},
		[]cellAt{{50, "Cadmium (Cd)"}, {250, "100"}, {320, "mg/kg"}, {380, "2"}, {440, "ND"}},
		[]cellAt{{50, "Notes:"}},
		[]cellAt{{50, "Signed for and on behalf of"}},
		[]cellAt{{50, "SGS-CSTC Standards Technical Services Co., Ltd."}},
	)
}

func TestSelectAndExtract(t *testing.T) {
	e, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	x, tr, err := e.AnalyzeDebug(t.Context(), sgsLike("", "Feb 28, 2026 ~ Mar 05, 2026"))
	if err != nil {
		t.Fatal(err)
	}
	if x.RulePack != "sgs" || tr.Pack != "sgs" {
		t.Fatalf("pack %q, want sgs", x.RulePack)
	}
	f := x.Fields
	want := map[string]string{
		"report_number": "SHAEC2601234501", "issue_date": "2026-03-06", "received_date": "2026-02-28",
		"test_start_date": "2026-02-28", "test_end_date": "2026-03-05", "applicant_name": "Acme Electronics Co., Ltd.",
		"lab": "SGS", "lab_name": "SGS-CSTC Standards Technical Services Co., Ltd.",
	}
	for k, v := range want {
		if got, _ := f.String(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if len(f.Results) != 2 || f.Results[0].Value != "66" || f.Results[0].Verdict != "pass" || f.Results[1].Limit != "100" {
		t.Errorf("results %+v", f.Results)
	}
	for _, k := range f.Present() {
		if _, ok := x.Confidence[k]; !ok {
			t.Errorf("no confidence for %s", k)
		}
	}
	for k := range x.Confidence {
		if _, ok := x.Provenance[k]; !ok && k != "page_count" {
			t.Errorf("no provenance for %s", k)
		}
	}
}

func TestValidationsRouteToReview(t *testing.T) {
	e, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	// testing ends after the issue date
	x, err := e.Analyze(t.Context(), sgsLike("", "Feb 28, 2026 ~ Mar 20, 2026"))
	if err != nil {
		t.Fatal(err)
	}
	if !x.Review.Required || !hasReason(x, "before the end of testing") {
		t.Errorf("review %+v: want a reason about the issue date", x.Review)
	}
	if x.Confidence["issue_date"] >= 0.9 {
		t.Errorf("issue_date confidence %v after a failed check", x.Confidence["issue_date"])
	}
}

func TestUnknownLayoutIsNeverAutoAccepted(t *testing.T) {
	e, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	l := layout(
		[]cellAt{{30, "Prüfbericht"}},
		[]cellAt{{50, "Report No.:"}, {200, "XY-2026-0001"}},
		[]cellAt{{50, "Date of Issue:"}, {200, "2026-05-09"}},
	)
	x, err := e.Analyze(t.Context(), l)
	if err != nil {
		t.Fatal(err)
	}
	if x.RulePack != rules.GenericPack {
		t.Fatalf("pack %q", x.RulePack)
	}
	if !x.Review.Required {
		t.Fatal("a record read with the generic pack was auto-accepted")
	}
	for k, c := range x.Confidence {
		if c >= 0.9 && k != "page_count" {
			t.Errorf("%s confidence %v from the generic pack", k, c)
		}
	}
	if x.Fields.ReportNumber != "XY-2026-0001" || x.Fields.IssueDate != "2026-05-09" {
		t.Errorf("fields %+v", x.Fields)
	}
}

func TestMissingCoreFieldsNeedReview(t *testing.T) {
	e, _ := rules.Default()
	x, err := e.Analyze(t.Context(), layout([]cellAt{{30, "SGS Test Report"}, {300, "Signed for and on behalf of SGS"}}))
	if err != nil {
		t.Fatal(err)
	}
	if !hasReason(x, "report_number not found") {
		t.Errorf("reasons %q", x.Review.Reasons)
	}
}

func TestFailingRowAgainstPassConclusion(t *testing.T) {
	e, _ := rules.Default()
	l := layout(
		[]cellAt{{30, "Test Report"}, {170, "No.:"}, {220, "SHAEC2601234501"}, {400, "Date:"}, {440, "Mar 06, 2026"}},
		[]cellAt{{50, "Conclusion:"}, {200, "Pass"}},
		[]cellAt{{50, "Test Item(s)"}, {250, "Limit"}, {320, "Unit"}, {380, "MDL"}, {440, "A1"}},
		[]cellAt{{50, "Lead (Pb)"}, {250, "1000"}, {320, "mg/kg"}, {380, "2"}, {440, "1500"}},
		[]cellAt{{50, "Signed for and on behalf of"}},
		[]cellAt{{50, "SGS-CSTC Standards Technical Services Co., Ltd."}},
	)
	x, err := e.Analyze(t.Context(), l)
	if err != nil {
		t.Fatal(err)
	}
	if len(x.Fields.Results) != 1 || x.Fields.Results[0].Verdict != "fail" {
		t.Fatalf("results %+v", x.Fields.Results)
	}
	if !x.Review.Required || !hasReason(x, "fails") {
		t.Errorf("review %+v", x.Review)
	}
}

func hasReason(x *labrelay.Extraction, sub string) bool {
	for _, r := range x.Review.Reasons {
		if strings.Contains(r, sub) {
			return true
		}
	}
	return false
}

func TestLineageAndAmbiguity(t *testing.T) {
	e, _ := rules.Default()
	l := layout(
		[]cellAt{{30, "Report No.:"}, {200, "AB-2026-0002"}},
		[]cellAt{{30, "This report supersedes report No. AB-2026-0001."}},
		[]cellAt{{30, "本报告是编号为 AB-2026-0003 报告的中文版本"}},
		[]cellAt{{30, "Applicant:"}, {200, "Acme Co., Ltd."}},
		[]cellAt{{30, "Applicant:"}, {200, "Other Co., Ltd."}},
	)
	x, err := e.Analyze(t.Context(), l)
	if err != nil {
		t.Fatal(err)
	}
	if x.Fields.Supersedes != "AB-2026-0001" || x.Fields.TwinOf != "AB-2026-0003" {
		t.Errorf("supersedes %q twin_of %q", x.Fields.Supersedes, x.Fields.TwinOf)
	}
	if c := x.Confidence["applicant_name"]; c >= 0.9 || !hasReason(x, "different values") {
		t.Errorf("two applicants: confidence %v, reasons %q", c, x.Review.Reasons)
	}
}

// A signature whose name is lost leaves the title under "Approved by":
// the shipped packs read no job title as the signatory.
func TestTitleIsNoSignatory(t *testing.T) {
	e, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"Report Reviewer", "Quality Engineer", "Senior Chemist"} {
		x, err := e.Analyze(t.Context(), layout(
			[]cellAt{{50, "Test"}, {90, "Report"}},
			[]cellAt{{50, "Approved"}, {90, "by:"}},
			[]cellAt{{50, title}},
		))
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := x.Fields.String(labrelay.FieldSignatoryName); ok && got != "" {
			t.Errorf("%q read as the signatory %q", title, got)
		}
	}
}

// A count beside "Sample" ("No. of Samples" read across) is no product
// name in the shipped packs, nor a date beside it ("Sample" over
// "Receiving Date", its caption wrapped), nor a sentence's middle
// ("Sample was tested as received").
func TestCountIsNoProductName(t *testing.T) {
	for _, v := range []string{"1", "9. Juli 2024", "2024-07-09", "was tested as received", "Intact"} {
		x := rules.AnalyzeDefault(t, layout(
			[]cellAt{{50, "Test"}, {90, "Report"}},
			[]cellAt{{50, "Sample:"}, {150, v}},
		))
		if got, ok := x.Fields.String(labrelay.FieldProductName); ok && got != "" {
			t.Errorf("%q: product name %q", v, got)
		}
	}
}

// A result table's "Conclusion" column holds each row's verdict, no
// overall one: "comply", the end of a row's "Does not comply", does not
// make the report pass in the shipped packs; rows that all comply make
// it pass no surer than the rows' own verdict.
func TestResultVerdictColumnIsNoConclusion(t *testing.T) {
	x := rules.AnalyzeDefault(t, layout(
		[]cellAt{{50, "Test"}, {90, "Report"}},
		[]cellAt{{50, "Test Item"}, {150, "MDL"}, {200, "Limit"}, {250, "Result"}, {300, "Conclusion"}},
		[]cellAt{{50, "Cadmium (Cd)"}, {150, "2"}, {200, "≤100"}, {250, "181"}, {300, "Does not"}},
		[]cellAt{{300, "comply"}},
		[]cellAt{{50, "Lead (Pb)"}, {150, "2"}, {200, "≤1000"}, {250, "101"}, {300, "Complies"}},
	))
	if got, _ := x.Fields.String(labrelay.FieldOverallResult); got == labrelay.VerdictPass {
		t.Errorf("overall result %q at %.2f", got, x.Confidence[labrelay.FieldOverallResult])
	}
	// every row's verdict read and passing: the report passes, as surely
	// as its rows say
	x = rules.AnalyzeDefault(t, layout(
		[]cellAt{{50, "Test"}, {90, "Report"}},
		[]cellAt{{50, "Test Item"}, {200, "Limit"}, {300, "Conclusion"}},
		[]cellAt{{50, "Cadmium (Cd)"}, {200, "≤100"}, {300, "Complies"}},
		[]cellAt{{50, "Lead (Pb)"}, {200, "≤1000"}, {300, "Complies"}},
	))
	if got, _ := x.Fields.String(labrelay.FieldOverallResult); got != labrelay.VerdictPass || x.Confidence[labrelay.FieldOverallResult] > 0.6 {
		t.Errorf("all rows comply: overall result %q at %.2f, want pass at 0.6 at most", got, x.Confidence[labrelay.FieldOverallResult])
	}
}

// A letterhead whose legal form is Japanese or Spanish (K.K., S.L.) is
// the lab's name, not a company named lower on the page.
func TestLetterheadLegalForms(t *testing.T) {
	e, err := rules.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, lab := range []string{"Sunrise Quality Testing Center K.K.", "Huaxin Quality Testing Center S.L."} {
		x, err := e.Analyze(t.Context(), layout(
			[]cellAt{{50, lab}},
			[]cellAt{{50, "Certificate of Analysis"}},
			[]cellAt{{50, "Customer:"}},
			[]cellAt{{50, "Dongguan Dinghao Cable & Wire Ltd."}},
		))
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := x.Fields.String(labrelay.FieldLabName); got != lab {
			t.Errorf("lab name %q, want %q", got, lab)
		}
	}
	// a word ending in a form's letters is no legal form
	x, err := e.Analyze(t.Context(), layout([]cellAt{{50, "PLASTIC BAG"}}, []cellAt{{50, "TESTING LAB"}}))
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := x.Fields.String(labrelay.FieldLabName); ok && got != "" {
		t.Errorf("lab name %q from a word ending in AG or AB", got)
	}
}

// A name's last line read alone under another caption of the party
// ("Customer" over "S.A. de C.V.") is no name in the shipped packs.
func TestFormOnlyIsNoPartyName(t *testing.T) {
	for _, v := range []string{"S.A. de C.V.", "Co., Ltd."} {
		x := rules.AnalyzeDefault(t, layout(
			[]cellAt{{50, "Test"}, {90, "Report"}},
			[]cellAt{{50, "Customer:"}, {150, v}},
		))
		if got, ok := x.Fields.String(labrelay.FieldApplicantName); ok && got != "" {
			t.Errorf("%q: applicant name %q", v, got)
		}
	}
}
