package rules

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/labrelay/labrelay"
)

// tcell is a cell of a synthetic layout: text at x on its row.
type tcell struct {
	x    float64
	text string
}

// synth builds a one-page text layout: rows of cells, 14pt apart, 10pt
// high, each word 6pt per character wide.
func synth(rows ...[]tcell) *labrelay.Layout {
	pg := labrelay.Page{Number: 1, Width: 595, Height: 842, Unit: "pt", Path: labrelay.PathPDFText}
	for i, r := range rows {
		y := 40 + 14*float64(i)
		var row labrelay.Row
		for _, c := range r {
			x := c.x
			for _, w := range strings.Fields(c.text) {
				wd := 6 * float64(len([]rune(w)))
				row.Words = append(row.Words, labrelay.Word{Text: w, Box: labrelay.Box{X: x, Y: y, W: wd, H: 10}, Conf: 1})
				x += wd + 4
			}
		}
		if len(row.Words) > 0 {
			row.Box = unionBox(row.Words[0].Box, row.Words[len(row.Words)-1].Box)
		}
		pg.Rows = append(pg.Rows, row)
	}
	return &labrelay.Layout{Pages: []labrelay.Page{pg}}
}

func row(cs ...tcell) []tcell { return cs }

func generic(t *testing.T, l *labrelay.Layout) map[string]string {
	t.Helper()
	v := newView(l)
	g := readGeneric(v, &docFuncs{v: v})
	out := map[string]string{}
	for f, r := range g.fields {
		out[f] = r.value
		if r.conf >= 0.9 {
			t.Errorf("%s: the generic reader alone gave %.2f, at or above the threshold", f, r.conf)
		}
	}
	return out
}

// scanned makes a synthetic layout's page an OCR page whose words were
// read at 0.95.
func scanned(l *labrelay.Layout) {
	l.Pages[0].Path = labrelay.PathOCR
	for i := range l.Pages[0].Rows {
		for j := range l.Pages[0].Rows[i].Words {
			l.Pages[0].Rows[i].Words[j].Conf = 0.95
		}
	}
}

func wantFields(t *testing.T, got map[string]string, want map[string]string) {
	t.Helper()
	for f, w := range want {
		if got[f] != w {
			t.Errorf("%s = %q; want %q (all: %v)", f, got[f], w, got)
		}
	}
}

func TestGenericCaptionPlacements(t *testing.T) {
	cases := []struct {
		name string
		l    *labrelay.Layout
	}{
		{"colon in the cell", synth(
			row(tcell{50, "Report No.: RT-2024-0117"}),
			row(tcell{50, "Date of Issue: 2024-03-05"}),
			row(tcell{50, "Applicant: Northwind Trading Co., Ltd."}))},
		{"no colon, value to the right", synth(
			row(tcell{50, "REPORT NUMBER"}, tcell{220, "RT-2024-0117"}),
			row(tcell{50, "DATE OF ISSUE"}, tcell{220, "5 March 2024"}),
			row(tcell{50, "CLIENT"}, tcell{220, "Northwind Trading Co., Ltd."}))},
		{"dotted leaders", synth(
			row(tcell{50, "Report reference ............"}, tcell{260, "RT-2024-0117"}),
			row(tcell{50, "Issued on ...................: 2024-03-05"}),
			row(tcell{50, "Requested by ...............: Northwind Trading Co., Ltd."}))},
		{"captions above values, a grid", synth(
			row(tcell{50, "Certificate No."}, tcell{220, "Date Issued"}, tcell{390, "Customer"}),
			row(tcell{50, "RT-2024-0117"}, tcell{220, "2024-03-05"}, tcell{390, "Northwind Trading Co., Ltd."}))},
		{"four-column caption/value table", synth(
			row(tcell{50, "Report No."}, tcell{150, "RT-2024-0117"}, tcell{300, "Issue Date"}, tcell{400, "2024-03-05"}),
			row(tcell{50, "Client"}, tcell{150, "Northwind Trading Co., Ltd."}, tcell{400, ""}))},
		{"bilingual and full-width", synth(
			row(tcell{50, "报告编号 Report No.：RT-2024-0117"}),
			row(tcell{50, "签发日期／Date of Issue："}, tcell{260, "2024年3月5日"}),
			row(tcell{50, "委托单位 Applicant"}, tcell{260, "Northwind Trading Co., Ltd."}))},
		{"two pairs in one cell", synth(
			row(tcell{50, "Report No.: RT-2024-0117 Date of Issue: 2024-03-05"}),
			row(tcell{50, "Client: Northwind Trading Co., Ltd."}))},
		{"German and Spanish", synth(
			row(tcell{50, "Berichtsnummer:"}, tcell{220, "RT-2024-0117"}),
			row(tcell{50, "Fecha de emisión:"}, tcell{220, "05.03.2024"}),
			row(tcell{50, "Auftraggeber:"}, tcell{220, "Northwind Trading Co., Ltd."}))},
	}
	want := map[string]string{
		labrelay.FieldReportNumber:  "RT-2024-0117",
		labrelay.FieldIssueDate:     "2024-03-05",
		labrelay.FieldApplicantName: "Northwind Trading Co., Ltd.",
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantFields(t, generic(t, tc.l), want)
		})
	}
}

func TestGenericCaptionIsNeverAValue(t *testing.T) {
	l := synth(
		row(tcell{50, "PRODUCT NAME"}, tcell{220, "PART NO."}, tcell{390, "SAMPLE QTY"}),
		row(tcell{50, "Hinge bracket"}, tcell{220, "HB-220"}, tcell{390, "3 pcs"}),
		row(tcell{50, "Applicant:"}, tcell{220, "Sample Description"}),
		row(tcell{50, "Approved by"}, tcell{220, "Quality Engineer"}),
	)
	got := generic(t, l)
	wantFields(t, got, map[string]string{labrelay.FieldProductName: "Hinge bracket", labrelay.FieldModelNumber: "HB-220"})
	for _, f := range []string{labrelay.FieldApplicantName, labrelay.FieldSignatoryName, labrelay.FieldPONumber} {
		if v, ok := got[f]; ok {
			t.Errorf("%s = %q: a caption or a job title read as a value", f, v)
		}
	}
}

func TestGenericTable(t *testing.T) {
	l := synth(
		row(tcell{50, "Test Item"}, tcell{200, "Method"}, tcell{300, "MDL"}, tcell{360, "Limit"}, tcell{420, "Result"}, tcell{490, "Verdict"}),
		row(tcell{420, "(mg/kg)"}),
		row(tcell{50, "Lead (Pb)"}, tcell{200, "IEC 62321-5"}, tcell{300, "2"}, tcell{360, "1000"}, tcell{420, "ND"}, tcell{490, "○"}),
		row(tcell{50, "Cadmium (Cd)"}, tcell{200, "IEC 62321-5"}, tcell{300, "2"}, tcell{360, "100"}, tcell{420, "150"}, tcell{490, "×"}),
		row(tcell{50, "Note: ND = not detected"}),
	)
	res := readTables(newView(l), genericTable)
	if len(res.rows) != 2 {
		t.Fatalf("rows %+v; trace %v", res.rows, res.trace)
	}
	r0, r1 := res.rows[0], res.rows[1]
	if r0.Item != "Lead (Pb)" || r0.Unit != "mg/kg" || r0.Verdict != labrelay.VerdictPass || r0.MDL != "2" || r0.Method != "IEC 62321-5" {
		t.Errorf("row 0 %+v", r0)
	}
	if r1.Value != "150" || r1.Verdict != labrelay.VerdictFail {
		t.Errorf("row 1 %+v", r1)
	}
}

// A pack's table takes the unit printed under its header too.
func TestPackTableHeaderUnit(t *testing.T) {
	l := synth(
		row(tcell{50, "Test Items"}, tcell{300, "RL"}, tcell{360, "Value"}, tcell{420, "Requirement"}),
		row(tcell{430, "(mg/kg)"}),
		row(tcell{50, "Lead (Pb)"}, tcell{300, "2"}, tcell{360, "ND"}, tcell{420, "1000"}),
		row(tcell{50, "Cadmium (Cd)"}, tcell{300, "2"}, tcell{360, "150"}, tcell{420, "100"}),
	)
	tb := &Table{Item: []string{"Test Items"}, MDL: []string{"RL"}, Value: []string{"Value"}, Limit: []string{"Requirement"}}
	res := readTables(newView(l), tb)
	if len(res.rows) != 2 || res.rows[0].Unit != "mg/kg" || res.rows[1].Unit != "mg/kg" {
		t.Errorf("rows %+v, want both in mg/kg; trace %v", res.rows, res.trace)
	}
}

const familyYAML = `name: acme
version: "1"
extends: generic
lab: OTHER
priority: 10
match: ["ACME Testing"]
fields:
  report_number:
    - label: ["ACME Ref"]
      confidence: 0.97
  po_number:
    - label: ["ACME Order"]
      confidence: 0.97
`

const genericTestYAML = `name: generic
version: "1"
max_confidence: 0.85
fields:
  product_name:
    - label: ["Product Name"]
      confidence: 0.95
  report_number:
    - find: 'Ref\s+([A-Z]{2}-\d+)'
      confidence: 0.95
`

func testEngine(t *testing.T) *Engine {
	t.Helper()
	packs, err := LoadFS(fstest.MapFS{
		"generic.yaml": {Data: []byte(genericTestYAML)},
		"acme.yaml":    {Data: []byte(familyYAML)},
	})
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(packs)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// A family pack, matched by the lab's name, on a template it does not
// know: its inherited caption rule must not vouch for what it reads.
func TestFamilyPackOnUnknownTemplate(t *testing.T) {
	e := testEngine(t)
	l := synth(
		row(tcell{50, "ACME Testing Services Ltd."}),
		row(tcell{50, "Product Name"}, tcell{200, "PART NO."}),
		row(tcell{50, "Widget housing"}, tcell{200, "WH-7"}),
		row(tcell{50, "Report No.: QX-2291"}),
	)
	x, tr, err := e.AnalyzeDebug(context.Background(), l)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Pack != "acme" {
		t.Fatalf("pack %s", tr.Pack)
	}
	if x.Fields.ProductName == "PART NO." {
		t.Errorf("product_name is the neighbouring caption %q", x.Fields.ProductName)
	}
	for f, c := range x.Confidence {
		if c >= 0.9 && f != labrelay.FieldPageCount {
			t.Errorf("%s = %.2f on a layout the family pack does not know", f, c)
		}
	}
	if !x.Review.Required {
		t.Error("not sent to review")
	}
}

// Two readings that disagree send the field to review.
func TestCrossCheckDisagreement(t *testing.T) {
	e := testEngine(t)
	l := synth(
		row(tcell{50, "Ref AB-1234"}),
		row(tcell{50, "Report No.: CD-5678"}),
	)
	x, err := e.Analyze(context.Background(), l)
	if err != nil {
		t.Fatal(err)
	}
	if c := x.Confidence[labrelay.FieldReportNumber]; c > confDisagree {
		t.Errorf("report_number %q at %.2f despite a disagreement", x.Fields.ReportNumber, c)
	}
	found := false
	for _, r := range x.Review.Reasons {
		found = found || strings.Contains(r, "report_number") && strings.Contains(r, "generic reader")
	}
	if !found {
		t.Errorf("no disagreement reason in %v", x.Review.Reasons)
	}
}

func TestFuzzyCaptionOnlyNearOneField(t *testing.T) {
	for in, want := range map[string]string{
		"rep0rt number": labrelay.FieldReportNumber, "date 0f issue": labrelay.FieldIssueDate,
		"applicamt": labrelay.FieldApplicantName, "lot": "", "datum": "",
		// Han captions of four characters or more, one character misread
		"检测中期": labrelay.FieldTestStartDate, "报告编亏": labrelay.FieldReportNumber, "检测日": "", "日期": "",
		// a long word's end lost under a seal; a word lost is not an end
		// lost, and a short start tells no caption
		"ausstellungsda": labrelay.FieldIssueDate, "authorized": "", "ausstellu": "",
	} {
		es := fuzzyCaption(in)
		got := ""
		if len(es) > 0 {
			got = es[0].field
		}
		if got != want {
			t.Errorf("fuzzyCaption(%q) = %q; want %q", in, got, want)
		}
	}
}

// A short caption with one glyph Tesseract confuses ("Ctient": l and t)
// names its field; another letter wrong, a known word, or a word too
// short does not.
func TestGlyphCaption(t *testing.T) {
	for in, want := range map[string]string{
		"ctient": labrelay.FieldApplicantName, "batcn": labrelay.FieldBatchNumber,
		"cliemt": "", "client": "", "dale": "", "bland": "",
	} {
		got := ""
		if es := glyphCaption(in); len(es) > 0 {
			got = es[0].field
		}
		if got != want {
			t.Errorf("glyphCaption(%q) = %q; want %q", in, got, want)
		}
	}
}

// A layout pack that inherits its standards rule from generic, and the
// generic reader, start at the same caption: their agreeing on a list
// (whose last item may have wrapped away) is not a second reading.
func TestInheritedListAgreementStaysUnderThreshold(t *testing.T) {
	packs, err := LoadFS(fstest.MapFS{
		"generic.yaml": {Data: []byte(`name: generic
version: "1"
fields:
  test_standards:
    - label: ["Test Standards"]
      type: list
      pattern: '(?:IEC|EN) \d+(?:-\d+)*:\d{4}'
      confidence: 0.93
`)},
		"boxed.yaml": {Data: []byte(`name: boxed
version: "1"
extends: generic
priority: 10
match: ["Certificate of Conformity"]
fields:
  report_number:
    - label: ["Cert No."]
      confidence: 0.97
`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(packs)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		next  string // the line under the list
		ocr   bool
		under bool // must stay under the threshold
	}{
		// every code from the caption on is in the list: the inherited
		// rule and the generic reader agreeing earn the threshold
		{"complete", "Issued by the lab", false, false},
		// a code under the list that the rule's pattern did not take
		{"goes on", "GB/T 26125-2011", false, true},
		// OCR: a misread item is dropped by both readers alike
		{"ocr", "Issued by the lab", true, true},
	} {
		l := synth(
			row(tcell{50, "Certificate of Conformity"}),
			row(tcell{50, "Cert No.: CC-20931"}),
			row(tcell{50, "Test Standards: IEC 62321-5:2013; IEC 62321-6:2015"}),
			row(tcell{50, tc.next}),
		)
		if tc.ocr {
			l.Pages[0].Path = labrelay.PathOCR
		}
		x, err := e.Analyze(context.Background(), l)
		if err != nil {
			t.Fatal(err)
		}
		if len(x.Fields.TestStandards) < 2 {
			t.Fatalf("%s: test standards %v", tc.name, x.Fields.TestStandards)
		}
		c := x.Confidence[labrelay.FieldTestStandards]
		if tc.under && c >= 0.9 {
			t.Errorf("%s: test_standards %v at %.2f from an inherited rule and the generic reader", tc.name, x.Fields.TestStandards, c)
		}
		if !tc.under && c < 0.9 {
			t.Errorf("%s: a complete list at %.2f", tc.name, c)
		}
	}
}

// A sample's condition or appearance, captioned in any language, is not
// the sample's name.
func TestSampleConditionIsNoProductName(t *testing.T) {
	for _, c := range []string{"样品状态:", "外观:", "Probenzustand:", "試料の状態:", "样品状态 Sample Condition ....... :"} {
		l := synth(
			row(tcell{40, "Report No.:"}, tcell{160, "AB-1234"}),
			row(tcell{40, c}, tcell{160, "Intact"}),
		)
		if got := generic(t, l)["product_name"]; got != "" {
			t.Errorf("%s: product_name = %q", c, got)
		}
	}
}

// A caption the lexicon lacks over one it knows, each beside its value,
// are two pairs, not one caption wrapped.
func TestUnknownCaptionOverAKnownOne(t *testing.T) {
	l := synth(
		row(tcell{43, "Ursprungsland"}, tcell{152, "China"}),
		row(tcell{43, "Prüfdatum"}, tcell{152, "2026-07-06 ~ 2026-07-12"}),
	)
	wantFields(t, generic(t, l), map[string]string{"test_start_date": "2026-07-06", "test_end_date": "2026-07-12"})
	// the last form of a two-language caption wraps with its list
	l = synth(
		row(tcell{43, "PRÜFVERFAHREN/TEST"}, tcell{240, "IEC 62321-5:2013; IEC"}),
		row(tcell{43, "STANDARD(S)"}, tcell{240, "62321-6:2015"}),
	)
	wantFields(t, generic(t, l), map[string]string{"test_standards": "IEC 62321-5:2013; IEC 62321-6:2015"})
}

// A grid row of two pairs: the applicant's caption, then "Address"
// (captions over values): the address is the applicant's.
func TestAddressBesideTheApplicant(t *testing.T) {
	for _, c := range []string{"DOMICILIO", "住所/POSTAL ADDRESS", "Address"} {
		l := synth(
			row(tcell{40, "PETICIONARIO"}, tcell{300, c}),
			row(tcell{40, "Hai Phong Bluecrest Housewares Inc."}, tcell{300, "199-11 Calle de la Industria,"}),
			row(tcell{300, "Hai Phong 180000, Vietnam"}),
			row(tcell{40, "DESCRIPCIÓN DE LA MUESTRA"}, tcell{300, "PAÍS DE ORIGEN"}),
			row(tcell{40, "Melamine plate"}, tcell{300, "Vietnam"}),
		)
		wantFields(t, generic(t, l), map[string]string{
			"applicant_name":    "Hai Phong Bluecrest Housewares Inc.",
			"applicant_address": "199-11 Calle de la Industria, Hai Phong 180000, Vietnam",
		})
	}
}

// A long caption printed up to its value's column glues to the value in
// one cell; the value column its neighbours share cuts it.
func TestCaptionGluedToItsValue(t *testing.T) {
	// "AUFTRAGGEBER/APPLICANT" is 22 letters: 40+132+4 puts the name at 176
	l := synth(
		row(tcell{40, "AUFTRAGGEBER/APPLICANT Hamburg Everlink GmbH"}),
		row(tcell{40, "FARBE/COLOUR"}, tcell{176, "Silver"}),
		row(tcell{40, "TYP/PART NUMBER"}, tcell{176, "K16MC548"}),
		row(tcell{40, "BERICHT NR."}, tcell{176, "TR 2025 24 2866"}),
	)
	wantFields(t, generic(t, l), map[string]string{"applicant_name": "Hamburg Everlink GmbH", "model_number": "K16MC548"})
}

// A caption's other language misread past the lexicon, with its leader
// dots, stands between the caption and its value: the value is the cell
// after it.
func TestCaptionBeforeMisreadCaption(t *testing.T) {
	got := generic(t, synth(
		row(tcell{50, "Test Report No. /"}, tcell{180, "试骏报告书番号 .…."}, tcell{330, "H5268331727"}),
		row(tcell{50, "Report Date /"}, tcell{180, "报告日"}, tcell{330, "19.10.2026"}),
	))
	wantFields(t, got, map[string]string{labrelay.FieldReportNumber: "H5268331727"})
	if !leaderCaption("试骏报告书番号 .…. :") || leaderCaption("12.3 ...") || leaderCaption("....") {
		t.Error("leaderCaption: wrong on a caption, a number or bare dots")
	}
}

// On a scan, a caption's East Asian half misread into a run the lexicon
// does not know stands between the caption and its value.
func TestMisreadEastAsianHalf(t *testing.T) {
	l := synth(
		row(tcell{50, "Date Testing Completed"}, tcell{200, "试骏终了日"}, tcell{300, "04/15/2026"}),
	)
	scanned(l)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldTestEndDate: "2026-04-15"})
}

// On a scan, a row of captions whose translations OCR misread is read
// across: the next caption is no value of the one before it.
func TestCaptionRowMisreadTranslations(t *testing.T) {
	l := synth(
		row(tcell{50, "OUR REF. (证明番号 )"}, tcell{250, "ISSUED ON (38478)"}),
		row(tcell{50, "HH2583-81755"}, tcell{250, "May 8, 2025"}),
	)
	scanned(l)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldReportNumber: "HH2583-81755", labrelay.FieldIssueDate: "2025-05-08"})
}

// On a scan, a caption ended by leader dots is whole: the caption under
// it ("Date (HAR EIMA) :", its translation misread) is no second line of
// it, and its bracket no value.
func TestLeaderCaptionDoesNotWrap(t *testing.T) {
	l := synth(
		row(tcell{50, "Certificate No. (报告号码 )"}, tcell{300, "R-2024-952286"}),
		row(tcell{50, "Tests Requested (检测 要 求 ) .….…….,"}, tcell{300, "Selected tests as requested"}),
		row(tcell{50, "Date (HAR EIMA) :"}, tcell{300, "2024-02-15"}),
	)
	scanned(l)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldReportNumber: "R-2024-952286", labrelay.FieldIssueDate: "2024-02-15"})
}

// On a scan, a bilingual caption parted after its slash ("Report Ref. /"
// | "试验报告书番号"): the value is the cell after the caption's other half.
func TestSlashCaptionOtherHalfApart(t *testing.T) {
	l := synthAt(
		at(100, tcell{50, "Report Ref. /"}, tcell{140, "试验报告书番号"}, tcell{300, "ZNY25-8317"}),
		at(125, tcell{50, "Date Reported / 张行年月日"}, tcell{300, "7 August 2025"}),
	)
	scanned(l)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldReportNumber: "ZNY25-8317", labrelay.FieldIssueDate: "2025-08-07"})
}

// On a scan, a caption in spaced capitals ("CERTIFICATE  NO") is one
// cell: a capital's ink is 0.76 of the em the gap is measured in, as on
// a text layer. A value beside a caption in mixed case stays apart.
func TestSpacedCapitalsCaption(t *testing.T) {
	l := synthAt(
		// 66 wide, then an 11-unit gap: 1.1 ink heights, 0.84 ems
		at(100, tcell{50, "CERTIFICATE"}, tcell{127, "NO"}, tcell{300, "DATE"}, tcell{335, "REPORTED"}),
		at(120, tcell{50, "TR 2024 18 2557"}, tcell{300, "2024/03/13"}),
	)
	scanned(l)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldReportNumber: "TR 2024 18 2557", labrelay.FieldIssueDate: "2024-03-13"})
	v := newView(synthAt(at(100, tcell{50, "Article No."}, tcell{127, "Y36BP339"})))
	v2 := newView(func() *labrelay.Layout {
		l := synthAt(at(100, tcell{50, "Article No."}, tcell{127, "Y36BP339"}))
		l.Pages[0].Path = labrelay.PathOCR
		return l
	}())
	if len(v.Lines[0].Cells) != 2 || len(v2.Lines[0].Cells) != 2 {
		t.Errorf("a value beside its caption joined it: %q, %q", v.Lines[0].Text, v2.Lines[0].Text)
	}
}

// On a scan, a bilingual caption wrapped at its slash ("通用规格" over
// "/Method(s)", the Han misread): the second line, starting with the
// slash, ends the first; the list starts beside the first line.
func TestSlashStartsCaptionTail(t *testing.T) {
	l := synthAt(
		at(100, tcell{50, "试料受付日 /Sample"}, tcell{170, "13.02.2024"}, tcell{300, "通用规格"}, tcell{400, "IEC 62321-5:2013"}),
		at(112, tcell{50, "Receiving Date"}, tcell{300, "/Method(s)"}, tcell{400, "IEC 62321-4:2013+AMD1:2017"}),
		at(124, tcell{400, "IEC 62321-7-2:2017"}),
	)
	scanned(l)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldTestStandards: "IEC 62321-5:2013; IEC 62321-4:2013+AMD1:2017; IEC 62321-7-2:2017"})
}

// On a scan, an accreditation number misread in its scheme's letter, a
// zero or a separator is read in the scheme's form, under the threshold;
// a number in no scheme's form is not.
func TestOCRAccreditation(t *testing.T) {
	for in, want := range map[string]string{
		"Accredited testing laboratory, accreditation no CNAS 19177": "CNAS L9177",
		"accreditation no. CNAS (9177":                               "CNAS L9177",
		"accreditation no. CNAS.L5673":                               "CNAS L5673",
		"JAB RTLO6398":                                               "JAB RTL06398",
		"ENAC 67 1/L£7193":                                           "ENAC 671/LE7193",
		"CNAS 123":                                                   "",
		"Tel +58 71 8111 6866":                                       "",
	} {
		l := synth(row(tcell{50, in}))
		l.Pages[0].Path = labrelay.PathOCR
		r := ocrAccreditation(newView(l))
		got := ""
		if r != nil {
			got = r.value
			if r.conf >= 0.9 {
				t.Errorf("%q: confidence %.2f", in, r.conf)
			}
		}
		if got != want {
			t.Errorf("ocrAccreditation(%q) = %q, want %q", in, got, want)
		}
	}
}

// The engine fills a scan's misread accreditation number the pack's
// pattern missed, for review.
func TestOCRAccreditationFilled(t *testing.T) {
	e, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	l := synth(
		row(tcell{50, "Report No.: AB-12345"}),
		row(tcell{50, "Accredited testing laboratory, accreditation no CNAS 19177"}),
	)
	l.Pages[0].Path = labrelay.PathOCR
	x, err := e.Analyze(t.Context(), l)
	if err != nil {
		t.Fatal(err)
	}
	if got, c := x.Fields.LabAccreditation, x.Confidence[labrelay.FieldLabAccreditation]; got != "CNAS L9177" || c >= 0.9 {
		t.Errorf("accreditation %q at %.2f, want CNAS L9177 under the threshold", got, c)
	}
}

// A report number whose caption OCR garbled is the code every later
// page's running header prints, page 1 too; under the threshold. A code
// page 1 does not print, or two such codes, give none.
func TestRunningHeaderNumber(t *testing.T) {
	doc := func(p1code, p2code string) *labrelay.Layout {
		p1 := synth(
			row(tcell{50, "Alpha Testing Ltd."}),
			row(tcell{50, "RR ER"}, tcell{300, p1code}),
			row(tcell{50, "Reporting Date"}, tcell{300, "2026-12-19"}),
		).Pages[0]
		p2 := synth(
			row(tcell{50, "Alpha Testing Ltd."}),
			row(tcell{50, p2code}, tcell{300, "Page 2 of 2"}),
			row(tcell{50, "Test Results"}),
		).Pages[0]
		p2.Number = 2
		return &labrelay.Layout{Pages: []labrelay.Page{p1, p2}}
	}
	for _, c := range []struct{ p1, p2, want string }{
		{"26/0972/YSG", "26/0972/YSG", "26/0972/YSG"},
		{"ET2693-98673", "ET2693-98673", "ET2693-98673"},
		{"ET2693-98673", "ET2693-98678", ""},
		{"2026-12-18", "2026-12-18", ""},
	} {
		v := newView(doc(c.p1, c.p2))
		r := runningHeaderNumber(v, &docFuncs{v: v})
		got := ""
		if r != nil {
			got = r.value
			if r.conf >= 0.9 {
				t.Errorf("%s: confidence %.2f", c.p1, r.conf)
			}
		}
		if got != c.want {
			t.Errorf("%s / %s: %q, want %q", c.p1, c.p2, got, c.want)
		}
	}
}

// On a scan, the one date after a caption OCR could not read is offered
// as the issue date, for review; two such dates, or a caption that names
// something, give none.
func TestDateOfUnreadCaption(t *testing.T) {
	v := scanView(
		row(tcell{50, "人 : 17/09/2025"}),
		row(tcell{50, "Date Received : 13/09/2025"}),
	)
	r := dateOfUnreadCaption(v, &docFuncs{v: v}, map[string]*found{})
	if r == nil || r.value != "2025-09-17" || r.conf >= 0.9 {
		t.Errorf("got %+v, want 2025-09-17 under the threshold", r)
	}
	v = scanView(
		row(tcell{50, "人 : 17/09/2025"}),
		row(tcell{50, "和 : 18/09/2025"}),
	)
	if r := dateOfUnreadCaption(v, &docFuncs{v: v}, map[string]*found{}); r != nil {
		t.Errorf("two dates of unread captions gave %q", r.value)
	}
}

// On a scan, a date under a grid caption OCR garbled ("rectal 本" over
// "21-Mar-2025", captions read beside it) is offered as the issue date,
// for review; a date under a caption that names something, or two under
// garbled captions, are not.
func TestDateUnderUnreadCaption(t *testing.T) {
	v := scanView(
		row(tcell{50, "Report No."}, tcell{200, "Brand"}, tcell{350, "rectal 本"}),
		row(tcell{50, "XM-MK-2578883-01"}, tcell{200, "N/A"}, tcell{350, "21-Mar-2025"}),
	)
	r := dateOfUnreadCaption(v, &docFuncs{v: v}, map[string]*found{})
	if r == nil || r.value != "2025-03-21" || r.conf >= 0.9 {
		t.Fatalf("got %+v, want 2025-03-21 under the threshold", r)
	}
	// captions stacked over their values in one column
	v = scanView(
		row(tcell{50, "Report No."}), row(tcell{60, "XM-MK-2578883-01"}),
		row(tcell{50, "SBM"}), row(tcell{60, "2024年1月16日"}),
		row(tcell{50, "Applicant"}), row(tcell{60, "Busan Jinlong Paper Products Co., Ltd."}),
	)
	if r := dateOfUnreadCaption(v, &docFuncs{v: v}, map[string]*found{}); r == nil || r.value != "2024-01-16" {
		t.Errorf("stacked: got %+v, want 2024-01-16", r)
	}
	for _, rows := range [][][]tcell{
		{row(tcell{50, "Report No."}), row(tcell{60, "XM-MK-2578883-01"}), row(tcell{50, "SBM"}), row(tcell{60, "2024年1月16日"}), row(tcell{50, "rectal"}), row(tcell{60, "2024年1月18日"}), row(tcell{50, "Applicant"})},
		{row(tcell{50, "Report No."}), row(tcell{60, "XM-MK-2578883-01"}), row(tcell{300, "SBM"}), row(tcell{310, "2024年1月16日"})},
		{row(tcell{50, "Report No."}, tcell{350, "Date Received"}), row(tcell{50, "XM-MK-2578883-01"}, tcell{350, "21-Mar-2025"})},
		{row(tcell{50, "Report No."}, tcell{200, "hes"}, tcell{350, "rectal 本"}), row(tcell{50, "XM-MK-2578883-01"}, tcell{200, "20-Mar-2025"}, tcell{350, "21-Mar-2025"})},
		{row(tcell{50, "hes"}, tcell{350, "rectal 本"}), row(tcell{50, "XM-MK-2578883-01"}, tcell{350, "21-Mar-2025"})},
	} {
		v := scanView(rows...)
		if r := dateOfUnreadCaption(v, &docFuncs{v: v}, map[string]*found{}); r != nil {
			t.Errorf("%v: got %q", rows, r.value)
		}
	}
}

// On a scan, the one range of two dates after a caption OCR garbled is
// the test period, offered for review; one date, two ranges, or a range
// whose end comes first are not.
func TestPeriodOfUnreadCaption(t *testing.T) {
	v := scanView(
		row(tcell{50, "Sample Receipt Date"}, tcell{300, "13/11/2024"}),
		row(tcell{50, "TESEPENOG"}, tcell{300, "Between 13/11/2024 and 20/11/2024"}),
	)
	a, b := periodOfUnreadCaption(v, &docFuncs{v: v}, map[string]*found{})
	if a == nil || b == nil || a.value != "2024-11-13" || b.value != "2024-11-20" || a.conf >= 0.9 || b.conf >= 0.9 {
		t.Fatalf("got %+v, %+v; want 2024-11-13 to 2024-11-20 under the threshold", a, b)
	}
	for _, rows := range [][][]tcell{
		{row(tcell{50, "TESEPENOG"}, tcell{300, "13/11/2024"})},
		{row(tcell{50, "TESEPENOG"}, tcell{300, "Between 13/11/2024 and 20/11/2024"}), row(tcell{50, "FOGG"}, tcell{300, "01/12/2024 - 05/12/2024"})},
		{row(tcell{50, "TESEPENOG"}, tcell{300, "20/11/2024 - 13/11/2024"})},
	} {
		v := scanView(rows...)
		if a, _ := periodOfUnreadCaption(v, &docFuncs{v: v}, map[string]*found{}); a != nil {
			t.Errorf("%v: got %q", rows, a.value)
		}
	}
}

// On a scan, the one company's name after a caption OCR garbled is the
// applicant, offered for review; two such names, or a value that is no
// company's, are not.
func TestNameOfUnreadCaption(t *testing.T) {
	v := scanView(
		row(tcell{50, "GIIEAE"}, tcell{300, "Osaka Kaida Components Industrial Co., Ltd."}),
		row(tcell{50, "Sample Description"}, tcell{300, "LED module"}),
	)
	r := nameOfUnreadCaption(v, &docFuncs{v: v}, map[string]*found{})
	if r == nil || r.value != "Osaka Kaida Components Industrial Co., Ltd." || r.conf >= 0.9 {
		t.Fatalf("got %+v; want the company under the threshold", r)
	}
	for _, rows := range [][][]tcell{
		{row(tcell{50, "GIIEAE"}, tcell{300, "Osaka Kaida Components Industrial Co., Ltd."}), row(tcell{50, "FOGG"}, tcell{300, "Shenzhen Yongxin Plastic Products Factory"})},
		{row(tcell{50, "GIIEAE"}, tcell{300, "Malaysia"})},
		{row(tcell{50, "GIIEAE"}, tcell{300, "kk"})},
		{row(tcell{50, "Forand on behalf of"}, tcell{300, "Andes Inspection & Testing GmbH"})},
	} {
		v := scanView(rows...)
		lab := &found{value: "Andes Inspection & Testing GmbH", cand: candidate{line: -1}}
		if r := nameOfUnreadCaption(v, &docFuncs{v: v}, map[string]*found{labrelay.FieldLabName: lab}); r != nil {
			t.Errorf("%v: got %q", rows, r.value)
		}
	}
}

// On a scan, the one code of a report number's shape after a caption
// OCR garbled, near the top of page 1 and above the parties, is offered
// as the report number, for review; a code under the applicant, a date,
// or a word are not.
func TestNumberOfUnreadCaption(t *testing.T) {
	head := []tcell{{50, "Laboratory Test Report"}}
	body := [][]tcell{
		row(tcell{50, "Applicant"}, tcell{300, "Shenzhen Ruifeng Precision Metal Co., Ltd."}),
		row(tcell{50, "Model"}, tcell{300, "H71DS570"}),
	}
	foot := func(rows [][]tcell) [][]tcell {
		for len(rows) < 12 {
			rows = append(rows, row(tcell{50, "Remark"}))
		}
		return append(rows, row(tcell{50, "This report shall not be reproduced except in full."}))
	}
	app := func(v *view) map[string]*found {
		for i, ln := range v.Lines {
			if ln.Cells[0].Text == "Applicant" {
				return map[string]*found{labrelay.FieldApplicantName: {value: "Shenzhen Ruifeng Precision Metal Co., Ltd.", cand: candidate{line: i}}}
			}
		}
		return map[string]*found{}
	}
	v := scanView(foot(append([][]tcell{head, row(tcell{50, "ae"}, tcell{300, "R-2024-476970"})}, body...))...)
	r := numberOfUnreadCaption(v, &docFuncs{v: v}, app(v))
	if r == nil || r.value != "R-2024-476970" || r.conf >= 0.9 {
		t.Fatalf("got %+v; want R-2024-476970 under the threshold", r)
	}
	for _, rows := range [][][]tcell{
		{head, body[0], row(tcell{50, "ae"}, tcell{300, "PCB-130N-58"})},
		{head, row(tcell{50, "ae"}, tcell{300, "2024-07-15"}), body[0]},
		{head, row(tcell{50, "ae"}, tcell{300, "Door seal"}), body[0]},
	} {
		v := scanView(foot(rows)...)
		if r := numberOfUnreadCaption(v, &docFuncs{v: v}, app(v)); r != nil {
			t.Errorf("%v: got %q", rows[1:3], r.value)
		}
	}
}

// On a scan, the one address after a caption OCR garbled, on the line
// after the applicant's name, is the applicant's address, offered for
// review; one farther down, or no address, is not.
func TestAddressOfUnreadCaption(t *testing.T) {
	rows := [][]tcell{
		row(tcell{50, "Applicant"}, tcell{300, "Ningbo Fairway Semiconductor Industrial Co., Ltd."}),
		row(tcell{50, "PNSORESS"}, tcell{300, "Unit 20, Tower A, No. 164 Chuangye Avenue, Ningbo, Zhejiang 315000, China"}),
	}
	app := &found{value: "Ningbo Fairway Semiconductor Industrial Co., Ltd.", cand: candidate{line: 0}}
	v := scanView(rows...)
	r := addressOfUnreadCaption(v, &docFuncs{v: v}, map[string]*found{labrelay.FieldApplicantName: app})
	if r == nil || r.value != "Unit 20, Tower A, No. 164 Chuangye Avenue, Ningbo, Zhejiang 315000, China" || r.conf >= 0.9 {
		t.Fatalf("got %+v; want the address under the threshold", r)
	}
	for _, rows := range [][][]tcell{
		{rows[0], row(tcell{50, "Sample"}, tcell{300, "Coin cell holder"}), row(tcell{50, "Model"}, tcell{300, "BP4973-MK"}), rows[1]},
		{rows[0], row(tcell{50, "PNSORESS"}, tcell{300, "Selected tests as requested"})},
	} {
		v := scanView(rows...)
		if r := addressOfUnreadCaption(v, &docFuncs{v: v}, map[string]*found{labrelay.FieldApplicantName: app}); r != nil {
			t.Errorf("%v: got %q", rows, r.value)
		}
	}
}

// On a scan, an address caption one glyph off ("Direcci0n") under the
// applicant's heads the address; a word that is no address caption does
// not.
func TestAddressCaptionOneOff(t *testing.T) {
	for in, want := range map[string]bool{"Direcci0n": true, "Adrese": true, "Address": true, "Andrea": false, "Addr": true, "Direction": false,
		"Postal Adress": true, "Postal Direction": false} {
		if got := isAddressCaptionOCR(in, true); got != want {
			t.Errorf("isAddressCaptionOCR(%q) = %v, want %v", in, got, want)
		}
	}
	if isAddressCaptionOCR("Direcci0n", false) {
		t.Error("a text layer's caption one glyph off taken")
	}
	l := synth(
		row(tcell{50, "Cliente"}, tcell{300, "Ruifeng Electronics Manufacturing LLC"}),
		row(tcell{50, "Direcci0n"}, tcell{300, "No. 15 Technology Park Road, Qingdao, Shandong 266000, China"}),
	)
	l.Pages[0].Path = labrelay.PathOCR
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldApplicantAddress: "No. 15 Technology Park Road, Qingdao, Shandong 266000, China"})
}

// scanView is the view of rows synthesised as a scan's page.
func scanView(rows ...[]tcell) *view {
	l := synth(rows...)
	l.Pages[0].Path = labrelay.PathOCR
	return newView(l)
}

// On a scan, a quote mark between a caption and its value is the colon
// misread ("证书编号 “UV2571-61309"): it ends the caption as a colon
// would. A quoted value keeps its quotes, and a text layer's quote is
// the text's.
func TestScanColonReadAsQuote(t *testing.T) {
	h, ok := parseCaptionOCR("证书编号 “UV2571-61309", true)
	if !ok || h.rest != "UV2571-61309" || !h.sep || len(h.entries) == 0 || h.entries[0].field != labrelay.FieldReportNumber {
		t.Errorf("scan: %+v %v, want report_number, rest UV2571-61309 after a separator", h, ok)
	}
	if h, ok := parseCaptionOCR("产品名称 “Eco” cup", true); ok && h.rest != "“Eco” cup" {
		t.Errorf("quoted value: rest %q, want the quotes kept", h.rest)
	}
	if h, ok := parseCaptionOCR("证书编号 “UV2571-61309", false); ok && h.rest != "“UV2571-61309" {
		t.Errorf("text layer: rest %q, want it as printed", h.rest)
	}
}
