package rules

import (
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
)

// Captions and values the lexicon does not list word for word, read by
// how captions are built: a caption wrapped in its own column, a
// qualified address caption, an East Asian caption with a qualifier, "N.º",
// a period joined by a short word, a verdict phrase without a subject.
func TestGenericGeneralisedCaptions(t *testing.T) {
	l := synth(
		row(tcell{50, "Informe N.º"}, tcell{200, "RT-2024-0117"}),
		row(tcell{50, "Client"}, tcell{200, "Northwind Trading Co., Ltd."}),
		row(tcell{50, "Postal Address"}, tcell{200, "No. 18 Harbour Road, Xiamen 361000, China"}),
		row(tcell{50, "测试开始日期"}, tcell{200, "2024-03-01"}),
		row(tcell{50, "Analysis Period"}, tcell{200, "01-Mar-2024 a 04-Mar-2024"}),
		row(tcell{50, "Standards"}, tcell{200, "IEC 62321-5:2013"}),
		row(tcell{50, "Applied"}, tcell{200, "IEC 62321-4:2013"}),
		row(tcell{200, "EN 14582:2016"}),
		row(),
		row(),
		row(tcell{50, "Overall Conclusion: Positive (meets requirements)"}),
	)
	wantFields(t, generic(t, l), map[string]string{
		labrelay.FieldReportNumber:     "RT-2024-0117",
		labrelay.FieldApplicantAddress: "No. 18 Harbour Road, Xiamen 361000, China",
		labrelay.FieldTestStartDate:    "2024-03-01",
		labrelay.FieldTestEndDate:      "2024-03-04",
		labrelay.FieldTestStandards:    "IEC 62321-5:2013; IEC 62321-4:2013; EN 14582:2016",
		labrelay.FieldOverallResult:    labrelay.VerdictPass,
	})
}

// Three signatures side by side: the approver's title outranks the
// reviewer's and the writer's.
func TestGenericSignatoryOverManagerTitle(t *testing.T) {
	l := synth(
		row(tcell{50, "Report No.: RT-2024-0117"}),
		row(),
		row(tcell{50, "Lin Mei"}, tcell{220, "Chen Hao"}, tcell{390, "Paul Becker"}),
		row(tcell{50, "Report writer"}, tcell{220, "Report Reviewer"}, tcell{390, "Technical Supervisor"}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldSignatoryName: "Paul Becker"})
	l = synth(
		row(tcell{50, "Report No.: RT-2024-0117"}),
		row(),
		row(tcell{50, "Chen Hao"}),
		row(tcell{50, "Senior Chemist"}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldSignatoryName: "Chen Hao"})
}

// A certificate's date stands uncaptioned under the signatory's title:
// it is the issue date, below the threshold; a captioned issue date wins,
// and a date far under the title is not the signature's.
func TestDateUnderSignature(t *testing.T) {
	block := func(extra ...[]tcell) *labrelay.Layout {
		rows := [][]tcell{
			row(tcell{50, "Certificate No.: CC-2019-0610"}),
			row(),
			row(tcell{220, "Tony Qian"}),
			row(tcell{200, "Approved Signatory"}),
			row(tcell{215, "Jun.10, 2019"}),
		}
		return synth(append(rows, extra...)...)
	}
	wantFields(t, generic(t, block()), map[string]string{labrelay.FieldIssueDate: "2019-06-10"})
	wantFields(t, generic(t, block(row(), row(tcell{50, "Date of Issue: 2019-06-12"}))),
		map[string]string{labrelay.FieldIssueDate: "2019-06-12"})
	far := synth(
		row(tcell{50, "Certificate No.: CC-2019-0610"}),
		row(tcell{200, "Approved Signatory"}),
		row(), row(), row(), row(), row(),
		row(tcell{215, "Jun.10, 2019"}),
	)
	if got := generic(t, far)[labrelay.FieldIssueDate]; got != "" {
		t.Errorf("a date five lines under the title read as the issue date %q", got)
	}
}

// A conclusion whose subject and verb a list of substances parts over
// lines reads as the overall verdict; a paragraph that names failing
// reads as fail.
func TestConclusionParagraph(t *testing.T) {
	para := func(last string) *labrelay.Layout {
		return synth(
			row(tcell{50, "Report No.: RT-2024-0117"}),
			row(tcell{50, "Conclusion"}, tcell{200, ": Based on the performed tests, the results of Cadmium,"}),
			row(tcell{200, "Lead, Mercury, Polybrominated biphenyls (PBBs) and"}),
			row(tcell{200, last}),
		)
	}
	wantFields(t, generic(t, para("Diisobutyl phthalate (DIBP) comply with the limits set by RoHS.")),
		map[string]string{labrelay.FieldOverallResult: labrelay.VerdictPass})
	wantFields(t, generic(t, para("Diisobutyl phthalate (DIBP) do not comply with the limits.")),
		map[string]string{labrelay.FieldOverallResult: labrelay.VerdictFail})
	wantFields(t, generic(t, para("Diisobutyl phthalate (DIBP) comply; tests not requested were not done.")),
		map[string]string{labrelay.FieldOverallResult: labrelay.VerdictPass})
	if got := generic(t, para("Diisobutyl phthalate (DIBP) were tested.")); got[labrelay.FieldOverallResult] != "" {
		t.Errorf("a paragraph with no verdict read as %q", got[labrelay.FieldOverallResult])
	}
}

// A table's header "Result Pass/Fail" names both verdicts: a column's
// caption, no conclusion.
func TestVerdictPairHeaderNoConclusion(t *testing.T) {
	for _, h := range []string{"Pass/Fail", "Pass / Fail", "PASS/FAIL", "Fail/Pass"} {
		got := generic(t, synth(
			row(tcell{50, "Report No.: RT-2024-0117"}),
			row(tcell{50, "Tested Substance"}, tcell{300, "UoM"}, tcell{450, "Result"}, tcell{600, h}),
			row(tcell{50, "Lead"}, tcell{300, "mg/kg"}, tcell{450, "N.D."}, tcell{600, "Pass"}),
		))
		if got[labrelay.FieldOverallResult] == labrelay.VerdictFail {
			t.Errorf("header %q read as an overall fail", h)
		}
	}
	wantFields(t, generic(t, synth(
		row(tcell{50, "Report No.: RT-2024-0117"}),
		row(tcell{50, "Result: the samples do not pass the test."}),
	)), map[string]string{labrelay.FieldOverallResult: labrelay.VerdictFail})
}

// Captions that are never values: letter-spaced East Asian captions, a
// compound caption whose East Asian half ends in a caption word (not a
// person's name), a caption of something the record does not hold.
func TestCaptionsNeverValues(t *testing.T) {
	for _, s := range []string{"委托 单位", "设备名称/型号", "Serial No.", "Prüfgegenstand/Product"} {
		if !notValue(s) {
			t.Errorf("%q taken for a value", s)
		}
	}
	for _, s := range []string{"张伟", "Lena Hartmann (Technical Manager)", "XK302627"} {
		if notValue(s) {
			t.Errorf("%q taken for a caption", s)
		}
	}
}

func TestLocalMonthNames(t *testing.T) {
	for in, want := range map[string]string{"10. Juni 2026": "2026-06-10", "5 de mayo de 2026": "2026-05-05", "3 août 2026": "2026-08-03", "1. Mär. 2025": "2025-03-01", "14 June 2026": "2026-06-14"} {
		if got, _, ok := checkDate(in, &docFuncs{}); !ok || got != want {
			t.Errorf("checkDate(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, _, ok := checkDate("10. Juno 2026", &docFuncs{}); ok {
		t.Error("an unknown month name read as a date")
	}
}

// A period's mark that OCR misread ("至" as "3" or "#") still splits two
// dates of one shape, below the threshold; a mark between dates of two
// shapes does not.
func TestPeriodMarkMisread(t *testing.T) {
	start := lexEntry{field: labrelay.FieldTestStartDate, period: true}
	end := lexEntry{field: labrelay.FieldTestEndDate, period: true}
	cases := []struct{ in, start, end string }{
		{"12/13/2024312/15/2024", "2024-12-13", "2024-12-15"},
		{"2026/02/04 #2026/02/09", "2026-02-04", "2026-02-09"},
		{"2026/02/04至2026/02/09", "2026-02-04", "2026-02-09"},
		{"2026/02/04 #9/2/2026", "", ""},
		{"5. Juli 2025211. Juli 2025", "2025-07-05", "2025-07-11"},
		{"2024年9月1日 2024年9月4日", "2024-09-01", "2024-09-04"},
		{"March 2, 2026 May 9, 2026", "2026-03-02", "2026-05-09"},
		{"2026/02/04 9/2/2026", "", ""},
		{"2025-11-06#%2025-11-10", "2025-11-06", "2025-11-10"},
		{"“| 13/11/2025 - 14/11/2025", "2025-11-13", "2025-11-14"},
		{"from 5 March 2025 until <8 March 2025", "2025-03-05", "2025-03-08"},
		// "~" read as three digits, a connector glued to the end date
		{"13.04.202624216.04.2026", "2026-04-13", "2026-04-16"},
		{"03/14/2026 bis.03/17/2026", "2026-03-14", "2026-03-17"},
		{"03/14/2026 to,03/17/2026", "2026-03-14", "2026-03-17"},
		{"February 7, 2024-to February 8, 2024", "2024-02-07", "2024-02-08"},
		{"2026/05/13 4%2026/05/17", "2026-05-13", "2026-05-17"},
		{"2026-12-10#2026-12-16", "2026-12-10", "2026-12-16"},
	}
	for _, c := range cases {
		a, fa, oka := typeCheck(start, c.in, &docFuncs{})
		b, fb, okb := typeCheck(end, c.in, &docFuncs{})
		if c.start == "" {
			if okb {
				t.Errorf("%q: end %q read from dates of two shapes", c.in, b)
			}
			continue
		}
		if !oka || !okb || a != c.start || b != c.end {
			t.Errorf("%q: %q, %q; want %q, %q", c.in, a, b, c.start, c.end)
		}
		if strings.HasPrefix(c.in, "from ") {
			fa = 0 // only the end date has a speck before it
		}
		if misread := !strings.Contains(c.in, "至"); misread && (fa > correctedConf || fb > correctedConf) {
			t.Errorf("%q: factors %.2f, %.2f above %.2f", c.in, fa, fb, correctedConf)
		}
	}
}

// No conclusion printed: the rows give the overall verdict, under the
// threshold; a verdict the document prints is never replaced.
func TestOverallFromRows(t *testing.T) {
	rows := func(vs ...string) *labrelay.Extraction {
		x := &labrelay.Extraction{Provenance: map[string]labrelay.Provenance{}}
		for _, v := range vs {
			x.Fields.Results = append(x.Fields.Results, labrelay.ResultRow{Item: "Pb", Value: "1", Verdict: v})
		}
		return x
	}
	for _, tc := range []struct {
		verdicts []string
		want     string
	}{
		{[]string{"pass", "pass"}, "pass"},
		{[]string{"pass", "fail"}, "fail"},
		{[]string{"pass", ""}, ""},
		{[]string{"", "fail"}, "fail"},
		{nil, ""},
	} {
		got := map[string]*found{}
		overallFromRows(got, rows(tc.verdicts...))
		fd := got[labrelay.FieldOverallResult]
		switch {
		case tc.want == "" && fd != nil:
			t.Errorf("%v: got %v", tc.verdicts, fd.value)
		case tc.want != "" && (fd == nil || fd.value != tc.want || fd.conf >= 0.9):
			t.Errorf("%v: got %+v, want %s under the threshold", tc.verdicts, fd, tc.want)
		}
	}
	got := map[string]*found{labrelay.FieldOverallResult: {value: "fail", conf: 0.93}}
	overallFromRows(got, rows("pass"))
	if got[labrelay.FieldOverallResult].value != "fail" {
		t.Error("a printed conclusion was replaced")
	}
}

// A compound caption with the word "address" again in another language
// captions the applicant's address; another party's address is none.
func TestCompoundAddressCaption(t *testing.T) {
	for in, want := range map[string]string{"Anschrift/Applicant Address": "applicant_address", "依頼者住所/ADDRESS": "applicant_address", "Manufacturer/Address": ""} {
		es := compoundFields(in)
		got := ""
		if len(es) > 0 {
			got = es[0].field
		}
		if got != want || len(es) > 1 {
			t.Errorf("compoundFields(%q) = %v; want %q", in, es, want)
		}
	}
	// off a scan, a half one letter off its caption still names whose
	// address it is; an unknown half names no one
	for in, want := range map[string]string{"Direccién del cliente/Address": "applicant_address", "Fabrikxyz/Address": "", "Direccién del fabricante/Address": ""} {
		h, _ := parseCaptionOCR(in, true)
		got := ""
		if len(h.entries) > 0 {
			got = h.entries[0].field
		}
		if got != want {
			t.Errorf("parseCaptionOCR(%q) = %v; want %q", in, h.entries, want)
		}
	}
	// the same joined by a space, the word first or last
	for in, want := range map[string]string{"Anschrift Applicant Address": "applicant_address", "Client Address Dirección": "applicant_address", "Adresse Manufacturer Name": "", "Anschrift Address": ""} {
		h, _ := parseCaption(in)
		got := ""
		if len(h.entries) > 0 {
			got = h.entries[0].field
		}
		if got != want || len(h.entries) > 1 {
			t.Errorf("parseCaption(%q) = %v; want %q", in, h.entries, want)
		}
	}
	// the word qualified by no other party ("Postal", read "Pastal"
	// off a scan) is the other language's all the same; another party's
	// is not part of the caption
	for in, whole := range map[string]bool{"Dirección del cliente Postal Address": true, "Dirección del cliente Pastal Address": true, "Dirección del cliente Factory Address": false} {
		h, _ := parseCaptionOCR(in, true)
		if !hasField(h.entries, labrelay.FieldApplicantAddress) || (h.rest == "") != whole {
			t.Errorf("parseCaptionOCR(%q) = %+v; want the applicant's address, whole %v", in, h, whole)
		}
	}
}

// A caption wrapped onto a second line of its narrow column is read
// whole: "DATE OF" over "RECEIPT" is the receipt date, "Método de ensayo
// Test" over "Methods" captions the whole list, "Sample" over "Receipt
// Date" is not the product; a caption with a value of its own on its
// first line ("Client") is not joined to the caption under it.
func TestGenericWrappedCaptions(t *testing.T) {
	l := synth(
		row(tcell{50, "REPORT NO."}, tcell{150, "R-2025-1187"}, tcell{300, "DATE OF"}, tcell{400, "13/05/2025"}),
		row(tcell{300, "RECEIPT"}),
		row(tcell{50, "Client"}, tcell{150, "Northwind Trading Co., Ltd."}),
		row(tcell{50, "Address"}, tcell{150, "No. 18 Harbour Road, Xiamen 361000, China"}),
		row(tcell{50, "Método de ensayo Test"}, tcell{200, "IEC 62321-5:2013"}),
		row(tcell{50, "Methods"}, tcell{200, "IEC 62321-4:2013"}),
		row(tcell{200, "EN 14582:2016"}),
	)
	wantFields(t, generic(t, l), map[string]string{
		labrelay.FieldReportNumber:     "R-2025-1187",
		labrelay.FieldReceivedDate:     "2025-05-13",
		labrelay.FieldApplicantName:    "Northwind Trading Co., Ltd.",
		labrelay.FieldApplicantAddress: "No. 18 Harbour Road, Xiamen 361000, China",
		labrelay.FieldTestStandards:    "IEC 62321-5:2013; IEC 62321-4:2013; EN 14582:2016",
	})
	l = synth(
		row(tcell{50, "Sample"}, tcell{200, "2024-03-01"}),
		row(tcell{50, "Receipt Date"}),
		row(tcell{50, "REPORTING"}, tcell{200, "2024-03-09"}),
		row(tcell{50, "DATE"}),
	)
	got := generic(t, l)
	wantFields(t, got, map[string]string{
		labrelay.FieldReceivedDate: "2024-03-01",
		labrelay.FieldIssueDate:    "2024-03-09",
	})
	if p, ok := got[labrelay.FieldProductName]; ok {
		t.Errorf("product_name = %q, want none (\"Sample\" is the first line of \"Sample Receipt Date\")", p)
	}
}

// An address's continuation stops at the next caption-and-value line,
// whatever its caption's punctuation ("NO. OF SAMPLES ...... : 10 pcs").
func TestAddressStopsAtNextCaption(t *testing.T) {
	l := synth(
		row(tcell{50, "APPLICANT ADDRESS ..... : No. 99 Gewerbepark, Shenzhen 518000, China"}),
		row(tcell{50, "NO. OF SAMPLES ............ : 10 pcs"}),
		row(tcell{50, "COLOUR ......................... : Black"}),
	)
	wantFields(t, generic(t, l), map[string]string{
		labrelay.FieldApplicantAddress: "No. 99 Gewerbepark, Shenzhen 518000, China",
	})
}

// The same with a bilingual caption on the next line.
func TestAddressStopsAtBilingualCaption(t *testing.T) {
	l := synth(
		row(tcell{50, "Applicant Address ..... : 103-12 Chuangye Avenue, Hai Phong 180000, Vietnam"}),
		row(tcell{50, "Product Name / Nombre del artículo ............. : Lithium battery pack"}),
		row(tcell{50, "MANUFACTURER NAME / FABRICADO POR: Dinghao Fastener Industrial Co., Ltd."}),
	)
	wantFields(t, generic(t, l), map[string]string{
		labrelay.FieldApplicantAddress: "103-12 Chuangye Avenue, Hai Phong 180000, Vietnam",
	})
}

// A row of captions in two languages joined by a space: "Marke Brand
// Name" is a caption (of nothing the record holds), not the value of
// "Anschrift Applicant Address" beside it, whose value is below.
func TestGridRowOfSpaceJoinedBilingualCaptions(t *testing.T) {
	l := synth(
		row(tcell{47, "Anschrift Applicant Address"}, tcell{300, "Marke Brand Name"}),
		row(tcell{47, "No. 138 Calle de la Industria,"}, tcell{300, "Not provided"}),
		row(tcell{47, "Xiamen, Fujian 361000, China"}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldApplicantAddress: "No. 138 Calle de la Industria, Xiamen, Fujian 361000, China"})
	if !twoCaptions("Marke Brand Name") || twoCaptions("Xiamen Goldpath Precision Metal") {
		t.Error("twoCaptions")
	}
}

// A caption wrapped over two lines that names the applicant's address
// ("APPLICANT" over "ADDRESS") with the address starting beside its first
// line: the address is read from there, not from its second line; a
// company beside "Client" over "Address" is another pair.
func TestAddressStartsBesideWrappedCaption(t *testing.T) {
	l := synthAt(
		at(40, tcell{40, "APPLICANT"}, tcell{140, "Room 429, 15/F, Plant 4, Science"}),
		at(52, tcell{40, "ADDRESS"}, tcell{140, "and Technology Park, 266-2"}),
		at(64, tcell{140, "Gewerbepark, Busan 48058, Korea"}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldApplicantAddress: "Room 429, 15/F, Plant 4, Science and Technology Park, 266-2 Gewerbepark, Busan 48058, Korea"})
	l = synthAt(
		at(40, tcell{40, "Client"}, tcell{140, "Kaida Plastics Co., Ltd."}),
		at(52, tcell{40, "Address"}, tcell{140, "No. 12 Keji Road,"}),
		at(64, tcell{140, "Qingdao 266000, China"}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldApplicantName: "Kaida Plastics Co., Ltd.", labrelay.FieldApplicantAddress: "No. 12 Keji Road, Qingdao 266000, China"})
}

// A caption printed whole in two languages ("SCOPE (ENSAYOS
// SOLICITADOS)") under an address's caption starts a pair of its own: its
// value is not the address's next line, though the address fills its
// line (a value of 0.97 with a learned pack agreeing).
func TestWholeBilingualCaptionEndsAddress(t *testing.T) {
	l := synthAt(
		at(40, tcell{40, "SUBMITTED BY (PETICIONARIO)"}, tcell{260, "Xiamen Silverline Electronics Co., Ltd."}),
		at(54, tcell{40, "CLIENT ADDRESS (DOMICILIO)"}, tcell{260, "No. 231 Harbour Drive, Xiamen, Fujian 361000, China"}),
		at(68, tcell{40, "SCOPE (ENSAYOS SOLICITADOS)"}, tcell{260, "Selected tests as requested"}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldApplicantAddress: "No. 231 Harbour Drive, Xiamen, Fujian 361000, China"})
}

// A page number and count is no report, order or batch number, however a
// later page sets it where the report number stood.
func TestPageOfIsNoIdentifier(t *testing.T) {
	e := lexEntry{field: labrelay.FieldReportNumber}
	for _, s := range []string{"Seite 2 von 2", "2/2", "Page 1 of 3", "Página 2 de 2"} {
		if _, _, ok := typeCheck(e, s, &docFuncs{}); ok {
			t.Errorf("%q taken for a report number", s)
		}
	}
	for _, s := range []string{"BYNT2503699208U", "TR 2026 35 8903", "24/3094/USU", "2024/118", "24/118"} {
		if _, _, ok := typeCheck(e, s, &docFuncs{}); !ok {
			t.Errorf("%q not taken for a report number", s)
		}
	}
}

// A caption's half left in an unclosed bracket, a rule or a speck before
// a date goes, the date in doubt; a date that starts with letters keeps
// them.
func TestDateLeadJunk(t *testing.T) {
	for in, want := range map[string]string{
		"(开始日 04/14/2026": "04/14/2026", "检测日期 “ 13/11/2025": "13/11/2025", "“| 13/11/2025": "13/11/2025", "<8 March 2025": "8 March 2025",
		"令和6年5月1日": "令和6年5月1日", "March 8, 2025": "March 8, 2025", "2025-03-08": "2025-03-08",
	} {
		got, f := trimDateLead(in)
		if got != want || (got != in) != (f < 1) {
			t.Errorf("trimDateLead(%q) = %q, %.2f; want %q", in, got, f, want)
		}
	}
}

// A scan's caption that lost its colon and closing bracket keeps the
// date after it as its value, not as part of a compound caption.
func TestCaptionThenDateNoColon(t *testing.T) {
	for in, field := range map[string]string{
		"Testing Started (开始日 04/14/2026":                  labrelay.FieldTestStartDate,
		"Analysis Period / 检测日期 “ 13/11/2025 - 14/11/2025": labrelay.FieldTestStartDate,
	} {
		h, ok := parseCaptionOCR(in, true)
		if !ok || len(h.entries) == 0 || h.entries[0].field != field || !strings.Contains(h.rest, "/2025") && !strings.Contains(h.rest, "/2026") {
			t.Errorf("parseCaptionOCR(%q) = %+v, %v; want %s with the date as its rest", in, h, ok, field)
		}
	}
	// a translation misread with digits is still the caption's
	for in, field := range map[string]string{"DATE REPORTED (3878)": labrelay.FieldIssueDate, "ITEM DESCRIPTION / #524": labrelay.FieldProductName, "Fecha de emisi6n": labrelay.FieldIssueDate} {
		if h, ok := parseCaptionOCR(in, true); !ok || len(h.entries) == 0 || h.entries[0].field != field || h.rest != "" {
			t.Errorf("parseCaptionOCR(%q) = %+v, %v; want the caption of %s", in, h, ok, field)
		}
	}
}

// A party's name is no address caption read across a row of captions and
// no short run of Han characters naming no organisation.
func TestPartyNameShapes(t *testing.T) {
	e := lexEntry{field: labrelay.FieldApplicantName}
	for s, want := range map[string]bool{
		"POSTAL ADDRESS (MEE AT Room 1904, 7/F, Tower A": false, "依顿者": false, "Address Co., Ltd.": true,
		"深圳市华信电子有限公司": true, "华信公司": true, "Stuttgart Summit Packaging Ltd.": true,
	} {
		if _, _, ok := typeCheck(e, s, &docFuncs{}); ok != want {
			t.Errorf("typeCheck(applicant, %q) ok = %v; want %v", s, ok, want)
		}
	}
}

// ocrPage builds a one-page OCR layout in pixels: rows 52 px apart, words
// at their x, 30 px high, 18 px a character.
func ocrPage(rows ...[]tcell) *labrelay.Layout {
	pg := labrelay.Page{Number: 1, Width: 2480, Height: 3508, Unit: "px", Path: labrelay.PathOCR}
	for i, r := range rows {
		y := 500 + 52*float64(i)
		var row labrelay.Row
		for _, c := range r {
			x := c.x
			for _, w := range strings.Fields(c.text) {
				wd := 18 * float64(len([]rune(w)))
				row.Words = append(row.Words, labrelay.Word{Text: w, Box: labrelay.Box{X: x, Y: y, W: wd, H: 30}, Conf: 0.95})
				x += wd + 14
			}
		}
		row.Box = unionBox(row.Words[0].Box, row.Words[len(row.Words)-1].Box)
		pg.Rows = append(pg.Rows, row)
	}
	return &labrelay.Layout{Pages: []labrelay.Page{pg}}
}

// On a scan a wrapped address's next line starts a few pixels off the
// value's edge: it is the address's still.
func TestScanAddressLineOffEdge(t *testing.T) {
	l := ocrPage(
		row(tcell{180, "Customer:"}, tcell{1020, "Dinghao Connector Technology S.A."}),
		row(tcell{180, "Postal Address:"}, tcell{1020, "Unit 8, 51-9 Harbour Drive, Osaka 530-0001,"}),
		row(tcell{1014, "Japan"}),
		row(tcell{180, "Sample Name:"}, tcell{1020, "SMD power inductor"}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldApplicantAddress: "Unit 8, 51-9 Harbour Drive, Osaka 530-0001, Japan"})
}

// On a scan a caption wrapped onto a second line is measured by its font
// size, not its ink's box, and its second line may start a few pixels
// off: "Address of" over "Applicant", "Period of" over "Testing". A
// first line that names the field by a keyword is the same caption.
func TestScanWrappedCaption(t *testing.T) {
	l := ocrPage(
		row(tcell{180, "Address of"}, tcell{560, "No. 44 Gewerbepark, Dongguan,"}, tcell{1260, "Period of"}, tcell{1620, "from 10. August 2025 until 15."}),
		row(tcell{180, "Applicant"}, tcell{560, "Guangdong 523000, China"}, tcell{1256, "Testing"}, tcell{1620, "August 2025"}),
	)
	wantFields(t, generic(t, l), map[string]string{
		labrelay.FieldApplicantAddress: "No. 44 Gewerbepark, Dongguan, Guangdong 523000, China",
		labrelay.FieldTestStartDate:    "2025-08-10",
	})
}

// A scan's caption with one descending glyph ("J" of "JOD") is no
// wrapped caption of the next row's: its em and the bottom of its
// letters are its words' medians, not its box's.
func TestScanCaptionDescenderNotWrapped(t *testing.T) {
	l := ocrPage(
		row(tcell{180, "LBD JOD NO?"}, tcell{660, "WO 88213"}),
		row(tcell{180, "Date Testing Began"}, tcell{660, "10. Februar 2024"}),
	)
	pg := &l.Pages[0]
	pg.Rows[0].Words[1].Box.H = 38 // JOD
	for i := range pg.Rows[1].Words {
		pg.Rows[1].Words[i].Box.Y += 8 // a grid's next row, 60 px down
	}
	pg.Rows[1].Box.Y += 8
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldTestStartDate: "2024-02-10"})
}

// On a scan a value OCR parted at a wide word space ends unfinished
// ("No."): its next cell on the line is the value's still; a finished
// value's next cell is not.
func TestScanValuePartedAtWideSpace(t *testing.T) {
	l := ocrPage(
		row(tcell{180, "APPLICANT ADDRESS"}, tcell{760, "Room 904, 11/F, No."}, tcell{1180, "2 Workshop, No. 99 Gewerbepark,"}),
		row(tcell{760, "Shenzhen, Guangdong 518000, China"}),
		row(tcell{180, "COLOUR"}, tcell{760, "Black"}, tcell{1000, "Batch 7"}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldApplicantAddress: "Room 904, 11/F, No. 2 Workshop, No. 99 Gewerbepark, Shenzhen, Guangdong 518000, China"})
	// under its caption, alone on its line, the same; in a grid of
	// captions the next caption's value is its own
	l = ocrPage(
		row(tcell{180, "Address of Applicant"}),
		row(tcell{180, "Room 712, 9/F, No."}, tcell{560, "2 Workshop, Songgang Street, Hai Phong 180000, Vietnam"}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldApplicantAddress: "Room 712, 9/F, No. 2 Workshop, Songgang Street, Hai Phong 180000, Vietnam"})
	l = ocrPage(
		row(tcell{180, "Address of Applicant"}, tcell{900, "Applicant"}),
		row(tcell{180, "Keji Road 248, 46015 Valencia,"}, tcell{900, "Dongguan Oakridge Silicone Ltd."}),
		row(tcell{180, "Spain"}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldApplicantAddress: "Keji Road 248, 46015 Valencia, Spain"})
}

// A caption the lexicon builds (a German compound) before its value in
// one cell, and one glued to its date by OCR, are read.
func TestCompoundCaptionBeforeValue(t *testing.T) {
	l := synth(
		row(tcell{50, "Bericht Nr."}, tcell{200, "QKCY2442293706K"}, tcell{380, "Ausstellungsdatum22.11.2024"}),
		row(tcell{50, "Eingang am"}, tcell{200, "13.11.2024"}, tcell{380, "Analysenzeitraum 13.11.2024 ~ 18.11.2024"}),
	)
	l.Pages[0].Path = labrelay.PathOCR
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldIssueDate: "2024-11-22",
		labrelay.FieldTestStartDate: "2024-11-13", labrelay.FieldTestEndDate: "2024-11-18"})
}

// A speck read as a period after a given name is dropped, under the
// threshold; a title's and an initial's periods stay.
func TestSignatoryNamePeriod(t *testing.T) {
	e := lexEntry{field: labrelay.FieldSignatoryName}
	for in, want := range map[string]string{"Thomas. Wong": "Thomas Wong", "Dra. Elena Sánchez": "Dra. Elena Sánchez", "J. Smith": "J. Smith", "Prof. Li Wei": "Prof. Li Wei"} {
		got, f, ok := typeCheck(e, in, &docFuncs{})
		if !ok || got != want || (in != want) != (f < 1) {
			t.Errorf("typeCheck(%q) = %q, %.2f, %v; want %q", in, got, f, ok, want)
		}
	}
	// a pen's tick read as a quote mark at a word's end is none of the
	// name's, nor a speck read as a second period, nor marks after it; a
	// quote inside a name is
	for in, want := range map[string]string{"Peter Ortega’": "Peter Ortega", "Kevin' Schmidt": "Kevin Schmidt", "Sean O'Brien": "Sean O'Brien", "‘Anna Chen": "Anna Chen",
		"Dr.. Katrin Vogel": "Dr. Katrin Vogel", "Kevin Ortega =.": "Kevin Ortega", "Anna Chen —": "Anna Chen"} {
		got, f, ok := typeCheck(e, in, &docFuncs{})
		if !ok || got != want || (in != want) != (f < 1) {
			t.Errorf("typeCheck(%q) = %q, %.2f, %v; want %q", in, got, f, ok, want)
		}
	}
	// a speck read as a dash before the name is no part of it
	if got, _, ok := typeCheck(e, "- Kevin Walker", &docFuncs{}); !ok || got != "Kevin Walker" {
		t.Errorf("typeCheck(- Kevin Walker) = %q, %v", got, ok)
	}
}

// A number's caption the lexicon lacks under an address's caption is a
// caption of its own, not the address caption's second line: its value
// is no address line. Nor is "N/A", the value of a caption OCR garbled,
// read on into: no address ends so.
func TestAddressStopsAtNumberCaption(t *testing.T) {
	for next, want := range map[[2]string]string{
		{"AUFTRAGS-NR.", "C26-04417"}:    "144-19 Xinghu Street, Penang 11900, Malaysia",
		{"GANGS NAMCcrsivcieccc", "N/A"}: "144-19 Xinghu Street, Penang 11900, Malaysia",
	} {
		l := ocrPage(
			row(tcell{180, "AUFTRAGGEBER"}, tcell{760, "Penang Kaida Components Ltd."}),
			row(tcell{180, "ANSCHRIFT"}, tcell{760, "144-19 Xinghu Street, Penang 11900, Malaysia"}),
			row(tcell{180, next[0]}, tcell{760, next[1]}),
		)
		wantFields(t, generic(t, l), map[string]string{labrelay.FieldApplicantAddress: want})
	}
}

// On a scan, a caption's East Asian half in a cell of its own, its colon
// kept, stands between the caption and the value.
func TestCaptionHalfWithColon(t *testing.T) {
	l := ocrPage(
		row(tcell{180, "Customer /"}, tcell{420, "依顿元:"}, tcell{760, "Penang Bluecrest Circuit Co., Ltd."}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldApplicantName: "Penang Bluecrest Circuit Co., Ltd."})
	// with no slash after the caption: the colon says the half is no value
	l = ocrPage(
		row(tcell{180, "Sample Name"}, tcell{420, "试料名:"}, tcell{760, "Paper cup 8 oz"}),
		row(tcell{180, "P.O. Number (36EBS)"}, tcell{760, "4500528700"}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldProductName: "Paper cup 8 oz", labrelay.FieldPONumber: "4500528700"})
}

// In a row of captions, a value under its caption whose neighbour on the
// left starts like a caption with its value ("No. 230 Minami-Semba,") is
// still the caption's: that neighbour has its value.
func TestValueBesideCaptionLikeValue(t *testing.T) {
	l := synth(
		row(tcell{50, "Solicitante"}, tcell{300, "Client Address"}, tcell{600, "Product Name"}),
		row(tcell{50, "Northstar Circuit Factory"}, tcell{300, "No. 230 Minami-Semba, Suzhou,"}, tcell{600, "White LED package"}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldProductName: "White LED package"})
	// a table's item beside its method ("Overall" reads as a caption)
	// still claims it: the method is no value of the header above
	l = synth(
		row(tcell{50, "Substance"}, tcell{300, "Test Method"}),
		row(tcell{50, "Overall migration, 10% ethanol"}, tcell{300, "EN 1186-9:2002"}),
		row(tcell{50, "Overall migration, olive oil"}, tcell{300, "EN 1186-2:2002"}),
	)
	if got := generic(t, l)[labrelay.FieldTestStandards]; got != "" {
		t.Errorf("test_standards %q read under a table's header", got)
	}
}

// On a scan, a name read on into the next line's cell beside a caption
// OCR garbled ("BIOTECH" for the address's) that makes it no name is the
// name's cell alone, in doubt, not the garbled caption below it.
func TestScanNameReadOnPastItsType(t *testing.T) {
	// the words of a photo's rows, as read
	l := ocrWords([][]ocrWord{
		{{"Fecha", 177, 669, 107, 31}, {"del", 301, 669, 54, 31}, {"informe", 372, 668, 141, 33}, {":", 765, 678, 6, 21}, {"April 15,", 797, 650, 154, 62}, {"2024", 968, 670, 91, 31}},
		{{"Solicitante", 177, 731, 195, 32}, {".......", 388, 756, 77, 7}, {":", 765, 741, 6, 21}, {"Columbus", 798, 732, 185, 31}, {"Fairway", 998, 732, 144, 39}, {"Plastic", 1157, 732, 116, 32}, {"Products", 1289, 732, 160, 32}, {"Corporation", 1463, 732, 217, 39}},
		{{"BIOTECH", 178, 791, 170, 33}, {":", 765, 801, 5, 21}, {"1790", 800, 792, 91, 32}, {"Xinghu", 906, 792, 127, 38}, {"Street,", 1049, 793, 121, 34}, {"Columbus,", 1188, 793, 194, 34}, {"OH", 1398, 794, 54, 30}, {"43215,", 1467, 793, 128, 36}, {"USA", 1611, 793, 76, 31}},
		{{"Descripcion", 178, 853, 214, 40}, {"de", 408, 854, 43, 31}, {"la", 468, 853, 27, 33}, {"muestra", 514, 857, 150, 29}, {".....", 681, 879, 54, 7}, {":", 764, 863, 6, 21}, {"Melamine", 799, 854, 178, 31}, {"plate", 993, 855, 92, 39}},
	})
	got := generic(t, l)
	if got[labrelay.FieldApplicantName] != "Columbus Fairway Plastic Products Corporation" {
		t.Errorf("applicant_name %q", got[labrelay.FieldApplicantName])
	}
}

// A photo's sentence broken into cells at its word spaces holds no
// caption: "sample" is no caption of "was".
func TestBrokenSentenceNoCaption(t *testing.T) {
	l := ocrPage(
		row(tcell{180, "*"}, tcell{220, "The"}, tcell{300, "sample"}, tcell{420, "was"}, tcell{500, "tested"}, tcell{620, "as"}, tcell{680, "received."}),
	)
	if got := generic(t, l)[labrelay.FieldProductName]; got != "" {
		t.Errorf("product %q read from a sentence", got)
	}
	if brokenSentence(line{Path: labrelay.PathOCR, Text: "Report No. Date Page Lab.", Cells: []cell{{Text: "Report"}, {Text: "No."}, {Text: "Date"}, {Text: "Page"}, {Text: "Lab."}}}) {
		t.Error("a row of captions read as a sentence")
	}
}

// On a scan a name wrapped under its caption goes on the next line, set
// as close as the text version's and a few pixels off the first's edge.
func TestScanNameWrapsBelowCaption(t *testing.T) {
	l := ocrPage(
		row(tcell{180, "Report No."}, tcell{1000, "Customer Name"}),
		row(tcell{180, "KM2668-04298"}, tcell{1000, "Columbus Summit Connector"}),
		row(tcell{997, "Technology Inc."}),
		row(tcell{180, "Sample Name"}, tcell{1000, "Country of Origin"}),
		row(tcell{180, "Board-to-board connector"}, tcell{1000, "China"}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldApplicantName: "Columbus Summit Connector Technology Inc."})
}

// An address caption centred on its five lines stands more than three
// rows below the applicant's caption on a scan (the rows of a ruled grid
// as OCR read them); its value starts within three.
func TestCentredAddressFarBelowApplicant(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"CERTIFICATE", 1259, 591, 235, 27}},
		{{"APPEARANCE ( 色", 195, 614, 308, 32}},
		{{"Natural", 552, 639, 133, 29}, {"NUMBER (#252", 1260, 640, 285, 37}, {"TR 2025 59 5437", 1612, 639, 321, 30}},
		{{")", 197, 668, 10, 31}},
		{{"#5)", 1260, 693, 77, 31}},
		{{"ISSUE DATE (3675", 197, 764, 310, 32}, {"202547111198", 551, 763, 296, 28}, {"APPLICANT", 1259, 765, 208, 26}, {"Shenzhen Northstar Fastener", 1614, 761, 549, 31}},
		{{"日 )", 199, 813, 45, 49}, {"NAME ( 依顿者 )", 1260, 811, 246, 49}, {"Manufacturing LLC", 1615, 814, 347, 37}},
		{{"8th Floor, Building 3, Innovation", 551, 884, 597, 37}},
		{{"Industry Park, Xiangzhou District,", 552, 937, 621, 37}},
		{{"SAMPLE", 1260, 966, 147, 27}},
		{{"ADDRESS (住所 )", 196, 987, 285, 49}, {"No. 103 Binhai 3rd Road,", 552, 989, 464, 34}, {"2", 1614, 991, 19, 28}},
		{{"QUANTITY (数量 )", 1259, 1013, 299, 44}},
		{{"Shenzhen, Guangdong 518000,", 551, 1040, 588, 38}},
		{{"China", 550, 1093, 103, 30}},
		{{"SAMPLE", 196, 1167, 148, 26}},
		{{"DESCRIPTION (8", 197, 1217, 308, 33}, {"Dashboard bezel", 552, 1216, 311, 30}, {"es", 1261, 1193, 526, 53}},
		{{")", 259, 1244, 20, 28}, {"于番号 )", 1260, 1243, 110, 32}},
		{{"品名", 198, 1269, 76, 31}},
	})
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldApplicantAddress: "8th Floor, Building 3, Innovation Industry Park, Xiangzhou District, No. 103 Binhai 3rd Road, Shenzhen, Guangdong 518000, China"})
}

// ocrWord is a word OCR read: its text and box in pixels.
type ocrWord struct {
	text       string
	x, y, w, h float64
}

// ocrWords builds a one-page OCR layout from rows of read words.
func ocrWords(rows [][]ocrWord) *labrelay.Layout {
	pg := labrelay.Page{Number: 1, Width: 2480, Height: 3508, Unit: "px", Path: labrelay.PathOCR}
	for _, r := range rows {
		var row labrelay.Row
		for _, w := range r {
			row.Words = append(row.Words, labrelay.Word{Text: w.text, Box: labrelay.Box{X: w.x, Y: w.y, W: w.w, H: w.h}, Conf: 0.92})
			if len(row.Words) == 1 {
				row.Box = row.Words[0].Box
			} else {
				row.Box = unionBox(row.Box, row.Words[len(row.Words)-1].Box)
			}
		}
		pg.Rows = append(pg.Rows, row)
	}
	return &labrelay.Layout{Pages: []labrelay.Page{pg}}
}

// A date's caption in a row of captions whose next column's caption the
// lexicon does not know ("Scope"): that word fails the date's type, and
// the value below the caption is read.
func TestDateBelowCaptionBesideUnknownCaption(t *testing.T) {
	l := synth(
		row(tcell{40, "Standards Applied"}, tcell{200, "Test Period"}, tcell{380, "Scope"}),
		row(tcell{40, "IEC 62321-5:2013"}, tcell{200, "01/14/2026 - 01/17/2026"}, tcell{380, "Please refer to the result pages"}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldTestStartDate: "2026-01-14", labrelay.FieldTestEndDate: "2026-01-17"})
}

// A number's caption right of another caption in a grid row is no value
// of it: "Part Number | Lab Job No." reads no model.
func TestNumberCaptionIsNoValue(t *testing.T) {
	l := synth(
		row(tcell{40, "Part Number"}, tcell{200, "Lab Job No."}, tcell{380, "Sample Received"}),
		row(tcell{40, "A75CN796"}, tcell{200, "WO 88213"}, tcell{380, "01/13/2026"}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldModelNumber: "A75CN796"})
}

// The scope's caption ("Ensayos Solicitados", "Scope"), or a brand's in
// two languages, is another caption, never the value of the caption left
// of it.
func TestScopeCaptionIsNoValue(t *testing.T) {
	for _, scope := range []string{"Ensayos Solicitados", "Scope", "Prüfumfang", "MARKE TRADE MARK"} {
		l := synth(
			row(tcell{40, "Solicitante"}, tcell{300, scope}),
			row(tcell{40, "Hai Phong Ruifeng Paper LLC"}, tcell{300, "RoHS"}),
		)
		wantFields(t, generic(t, l), map[string]string{labrelay.FieldApplicantName: "Hai Phong Ruifeng Paper LLC"})
	}
}

// A photo's bent line boxes a caption a few pixels tall ("Solicitante"
// 140×6): its value below is searched from where the word's size says
// its bottom is.
func TestSquashedCaptionBoxOnPhoto(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"Solicitante", 1610, 600, 140, 6}},
		{{"No de informe", 193, 611, 196, 22}, {"Fecha de emisión", 903, 611, 234, 22}},
		{{"IVNL2626838969V", 197, 646, 346, 48}, {"2026/09/14", 904, 651, 211, 34}, {"Monterrey Hengtai Components", 1613, 650, 597, 39}},
		{{"Technology Co., Ltd.", 1610, 705, 382, 40}},
	})
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldApplicantName: "Monterrey Hengtai Components Technology Co., Ltd."})
}

// On a scan a list of standards is mended as a method cell is: an "IEC"
// read "JEC" at a line's end is still listed.
func TestScanStandardsListMended(t *testing.T) {
	l := ocrPage(
		row(tcell{180, "Standards Applied"}),
		row(tcell{180, "IEC 62321-5:2013; JEC"}),
		row(tcell{180, "62321-4:2013+AMD1:2017; IEC"}),
		row(tcell{180, "62321-7-2:2017"}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldTestStandards: "IEC 62321-5:2013; IEC 62321-4:2013+AMD1:2017; IEC 62321-7-2:2017"})
}

// On a scan, a garbled caption of another field beside its value ("JOD
// NO." for "Job No.") over a whole caption beside its own is two pairs,
// not one caption wrapped.
func TestScanGarbledCaptionOverWholeOne(t *testing.T) {
	l := ocrPage(
		row(tcell{190, "JOD NO."}, tcell{740, "JOB-2291"}),
		row(tcell{190, "Analysis Period"}, tcell{740, "January 12, 2024 & January 16, 2024"}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldTestStartDate: "2024-01-12", labrelay.FieldTestEndDate: "2024-01-16"})
}

// On a scan, a party caption's other language garbled beside it ("#
// Rey") is no name: the name below the caption is read.
func TestScanGarbledHalfBesideCaption(t *testing.T) {
	l := ocrPage(
		row(tcell{190, "Apolicant"}, tcell{420, "# Rey"}, tcell{1300, "Postal Address / 地址"}),
		row(tcell{190, "Ningbo Dinghao Precision Metal Ltd."}, tcell{1300, "Unit 40, Block C, No. 213 Harbour Drive,"}),
		row(tcell{1300, "Ningbo, Zhejiang 315000, China"}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldApplicantName: "Ningbo Dinghao Precision Metal Ltd."})
}

// A caption wrapped onto three lines in a narrow column ("Descripción
// de" / "la muestra/Test" / "Item") is one caption, its value beside its
// first line; the next column's caption wrapped alike is no value.
func TestCaptionOnThreeLines(t *testing.T) {
	l := synth(
		row(tcell{50, "Descripción de"}, tcell{180, "Ferrite bead"}, tcell{350, "Orden de"}, tcell{480, "4500721510"}),
		row(tcell{50, "la muestra/Test"}, tcell{350, "compra/Order"}),
		row(tcell{50, "Item"}, tcell{350, "No."}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldProductName: "Ferrite bead"})
}

// On a scan, a name wrapped onto a second line goes on past a line of
// marks in the margin that OCR read as a word it was sure was none
// ("typhus" at 0).
func TestScanNameWrapsPastMarginMarks(t *testing.T) {
	l := ocrPage(
		row(tcell{190, "Colour"}, tcell{550, "Natural"}, tcell{1256, "Customer Name"}, tcell{1610, "Busan Yongxin Automotive"}),
		row(tcell{11, "typhus"}),
		row(tcell{1610, "Systems Co., Ltd."}),
		row(tcell{190, "Client Address"}, tcell{550, "9-20 Technology Park Road, Busan"}),
	)
	// the marks stand between the name's two lines, tight under each other
	rows := l.Pages[0].Rows
	rows[1].Words[0].Conf = 0
	for r, y := range map[int]float64{1: 526, 2: 546} {
		rows[r].Box.Y = y
		for i := range rows[r].Words {
			rows[r].Words[i].Box.Y = y
		}
	}
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldApplicantName: "Busan Yongxin Automotive Systems Co., Ltd."})
	// a line as unsure under the name itself may be its next, badly
	// read: the name does not go on past it
	rows[1].Words[0].Box.X = 1610
	if got := generic(t, l)[labrelay.FieldApplicantName]; got == "Busan Yongxin Automotive Systems Co., Ltd." {
		t.Errorf("applicant_name %q read on past a line under it", got)
	}
}

// On a scan, a caption on three lines a loose line spacing apart, its
// value on two lines beside the first two ("Anschrift des" /
// "Auftraggebers Applicant" / "Address"), is the address's caption,
// though its second line alone is the applicant's.
func TestScanCaptionOnThreeLooseLines(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"Auftraggeber Applicant", 195, 854, 441, 35}, {"Summit Paper Products Inc.", 728, 852, 514, 37}},
		{{"Name", 197, 908, 104, 26}},
		{{"Anschrift des", 194, 978, 249, 27}, {"4th Floor, Tower A, Hi-Tech Industrial Park, Tangxia Town, Gewerbepark 36, 46015", 727, 974, 1553, 38}},
		{{"Auftraggebers Applicant", 194, 1030, 462, 34}, {"Valencia, Spain", 728, 1027, 284, 37}},
		{{"Address", 194, 1081, 151, 27}},
		{{"Marke Brand Name", 198, 1153, 356, 28}, {"N/A", 730, 1151, 63, 32}},
	})
	wantFields(t, generic(t, l), map[string]string{
		labrelay.FieldApplicantName:    "Summit Paper Products Inc.",
		labrelay.FieldApplicantAddress: "4th Floor, Tower A, Hi-Tech Industrial Park, Tangxia Town, Gewerbepark 36, 46015 Valencia, Spain",
	})
}

// On a scan, a caption wrapped a loose line spacing down in the middle
// of its words ("Bestell-Nr. Purchase" over "Order No.") is one caption,
// though its second line alone is one too.
func TestScanCaptionWrappedMidWords(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"Bestell-Nr. Purchase", 197, 1558, 381, 27}, {"QG7883976", 728, 1555, 222, 34}},
		{{"Order No.", 196, 1611, 179, 26}},
		{{"Eingang am Sample", 197, 1681, 368, 34}, {"02/13/2026", 728, 1678, 212, 32}},
	})
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldPONumber: "QG7883976"})
}

// On a scan, a speck read as a small letter between a caption and its
// value ("Production Lot ¦ a ¦ 14981081") stands aside.
func TestScanSpeckBeforeValue(t *testing.T) {
	l := ocrPage(
		row(tcell{190, "Production Lot"}, tcell{600, "a"}, tcell{760, "14981081"}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldBatchNumber: "14981081"})
}

// A standards caption set beside the middle of its list: the lines above
// it are the list's too; a list that ends on the caption's line takes
// none from above (they end the pair above).
func TestStandardsCaptionMidList(t *testing.T) {
	l := synth(
		row(tcell{50, "Tests Requested"}, tcell{180, "Please refer to the result pages"}),
		row(tcell{180, "IEC 62321-5:2013"}),
		row(tcell{50, "Standards Applied"}, tcell{180, "IEC 62321-4:2013+AMD1:2017"}),
		row(tcell{180, "IEC 62321-7-2:2017"}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldTestStandards: "IEC 62321-5:2013; IEC 62321-4:2013+AMD1:2017; IEC 62321-7-2:2017"})
	l = synth(
		row(tcell{50, "Sample"}, tcell{180, "Cable"}),
		row(tcell{180, "IEC 62321-5:2013"}),
		row(tcell{50, "Standards Applied"}, tcell{180, "IEC 62321-4:2013+AMD1:2017"}),
		row(tcell{50, "Conclusion"}, tcell{180, "Pass"}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldTestStandards: "IEC 62321-4:2013+AMD1:2017"})
}

// A bilingual caption whose first language ends in a slash, its value
// beside it, goes on in its other language on the next line
// ("Submitted by /" over "Auftraggeber"): no caption of its own, and the
// value's next line beside it is the value's. A caption ending in a
// preposition ("Address of") goes on a little more than tight below.
func TestScanBilingualCaptionsOverTwoLines(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"Date Reported /", 196, 749, 294, 35}, {"2024.05.21", 549, 746, 209, 32}, {"Submitted by /", 1256, 743, 276, 47}, {"Valencia Bluecrest Plastic Products", 1611, 746, 653, 33}},
		{{"Datum", 195, 803, 120, 28}, {"Auftraggeber", 1255, 796, 252, 46}, {"Corporation", 1611, 800, 218, 38}},
		{{"Address of", 194, 877, 201, 28}, {"Minami-Semba 58, 46015 Valencia,", 550, 873, 661, 36}, {"Made in /", 1258, 878, 171, 29}, {"China", 1611, 874, 105, 32}},
		{{"Applicant /", 192, 930, 202, 35}, {"Spain", 549, 928, 100, 37}, {"Ursprungsland", 1257, 930, 273, 36}},
		{{"Anschrift des", 192, 983, 249, 28}},
		{{"Auftraggebers", 193, 1034, 271, 44}},
	})
	wantFields(t, generic(t, l), map[string]string{
		labrelay.FieldApplicantName:    "Valencia Bluecrest Plastic Products Corporation",
		labrelay.FieldApplicantAddress: "Minami-Semba 58, 46015 Valencia, Spain",
	})
	// the scan of the same page, the name misread: "Auftraggeber" with
	// "Corporation" beside it read no surer
	l = ocrWords([][]ocrWord{
		{{"Date Reported /", 196, 713, 296, 34}, {"2024.05.21", 551, 710, 209, 32}, {"Submitted by /", 1259, 713, 276, 34}, {"Valencia Btuecrest Plastic Products", 1613, 710, 654, 32}},
		{{"Datum", 196, 765, 122, 28}, {"Auftraggeber", 1258, 758, 252, 45}, {"Corporation", 1614, 761, 218, 37}},
		{{"Address of", 194, 837, 201, 28}, {"Minami-Semba 58, 46015 Valencia,", 551, 833, 661, 34}, {"Made in /", 1259, 833, 173, 42}, {"China", 1613, 833, 103, 31}},
		{{"Applicant /", 195, 887, 203, 35}, {"Spain", 551, 880, 101, 46}, {"Ursprungsland", 1259, 887, 273, 34}},
		{{"Anschrift des", 195, 939, 247, 30}},
		{{"Auftraggebers", 194, 992, 272, 35}},
	})
	wantFields(t, generic(t, l), map[string]string{
		labrelay.FieldApplicantName:    "Valencia Btuecrest Plastic Products Corporation",
		labrelay.FieldApplicantAddress: "Minami-Semba 58, 46015 Valencia, Spain",
	})
	// "Auftraggeber" and "Datum" are their captions' other languages, no
	// captions of their own; "Applicant /" goes on no caption with a slash
	v := newView(l)
	for _, c := range []struct {
		line, cell int
		want       bool
	}{{1, 0, true}, {1, 1, true}, {3, 0, false}, {0, 2, false}} {
		if got := otherLanguage(v, c.line, c.cell); got != c.want {
			t.Errorf("otherLanguage(%q) = %v", v.Lines[c.line].Cells[c.cell].Text, got)
		}
	}
}

// On a scan's caption grid, a caption wrapped a line spacing down
// ("PRODUCTO ITEM" over "DESCRIPTION") beside the grid's next caption
// wrapped too ("N.º DE PIEZA" over "TYPE/MODEL") is one caption.
func TestScanGridCaptionsWrapLoose(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"N.2 DE TRABAJO", 196, 889, 296, 32}, {"WO 88213", 550, 886, 194, 29}, {"FABRICANTE", 1259, 889, 232, 26}, {"Hamburg Kaida Housewares GmbH", 1615, 885, 655, 37}},
		{{"JOB NO.", 192, 941, 146, 32}, {"FACTORY NAME", 1259, 941, 291, 26}},
		{{"PRODUCTO ITEM", 196, 1012, 308, 26}, {"|", 507, 1004, 19, 45}, {"Cling film", 550, 1008, 173, 37}, {"N.2 DE PIEZA", 1259, 1012, 241, 26}, {"C66PF035", 1614, 1009, 183, 29}},
		{{"DESCRIPTION", 196, 1064, 248, 26}, {"TYPE/MODEL", 1257, 1064, 239, 28}},
		{{"RECIBIDO EL", 196, 1135, 233, 26}, {"11 November 2024", 553, 1132, 356, 29}, {"FECHA DE INICIO", 1259, 1135, 311, 26}, {"11 November 2024", 1616, 1131, 355, 30}},
	})
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldProductName: "Cling film", labrelay.FieldModelNumber: "C66PF035"})
}

// On a scan's caption grid, the reader finds a standards caption wrapped
// over three lines by its last line ("METHODS"): the standards beside its
// first two lines, the grid's next caption right of them, are the list's
// too.
func TestScanStandardsBesideWrappedCaption(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"RECIBIDO EL", 196, 1135, 233, 26}, {"11 November 2024", 553, 1132, 356, 29}, {"FECHA DE INICIO", 1259, 1135, 311, 26}, {"11 November 2024", 1616, 1131, 355, 30}},
		{{"SAMPLE", 196, 1187, 148, 26}, {"DATE TESTING", 1259, 1186, 266, 27}},
		{{"RECEIVED", 197, 1238, 180, 27}, {"BEGAN", 1260, 1239, 124, 26}},
		{{"METODO DE", 196, 1304, 221, 32}, {"EN 1186-9:2002", 552, 1307, 297, 29}, {"FECHA DE", 1260, 1310, 180, 26}, {"12 November 2024", 1616, 1306, 356, 30}},
		{{"ENSAYO TEST", 197, 1362, 254, 26}, {"EN 1186-2:2002", 552, 1359, 297, 29}, {"FINALIZACION", 1260, 1356, 260, 32}},
		{{"METHODS", 197, 1413, 182, 26}, {"EN 13130-1:2004", 553, 1410, 322, 29}, {"END OF TESTING", 1260, 1413, 308, 26}},
		{{"EN 13130-23:2005", 552, 1462, 346, 29}},
		{{"GB 31604.9-2016", 551, 1514, 327, 29}},
		{{"GB 31604.2-2016", 551, 1566, 326, 29}},
	})
	wantFields(t, generic(t, l), map[string]string{
		labrelay.FieldTestStandards: "EN 1186-9:2002; EN 1186-2:2002; EN 13130-1:2004; EN 13130-23:2005; GB 31604.9-2016; GB 31604.2-2016",
	})
}

// A party's caption in a row of captions, the next one far right misread
// ("ADORESS"): that cell fails the name's type, and the name below is
// read.
func TestNameBelowCaptionBesideMisreadCaption(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"BERICHTSNUMMER REPORT NO.", 195, 611, 430, 22}, {"KUNDE SUBMITTED BY", 903, 611, 304, 22}, {"ANSCHRIFT APPLICANT ADORESS", 1610, 611, 448, 22}},
		{{"OOIK2461523430C", 193, 651, 357, 30}, {"Valencia Ruifeng Rubber & Plastics", 901, 650, 657, 39}, {"Minami-Semba 253, 46015", 1612, 650, 502, 34}},
		{{"Manufacturing LLC", 904, 705, 347, 39}, {"Valencia, Spain", 1610, 705, 286, 39}},
		{{"PRODUZENT MADE BY", 194, 800, 299, 21}, {"PROBENBEZEICHNUNG ITEM DESCRIPTION", 903, 800, 573, 21}},
		{{"Ningbo Hengtai Precision Metal", 196, 838, 582, 39}, {"Hose clamp", 903, 840, 217, 38}},
	})
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldApplicantName: "Valencia Ruifeng Rubber & Plastics Manufacturing LLC"})
}

// On a scan a caption wrapped over two lines whose other language OCR
// misread ("依顿者 Submitted" over "by") is still the applicant's.
func TestScanWrappedCaptionMisreadHalf(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"依顿者 Submitted", 195, 737, 305, 48}, {"Suzhou Ruifeng Optoelectronics", 550, 741, 598, 40}, {"所在地 Postal", 1258, 745, 227, 32}, {"No. 150 Avenida del Puerto,", 1613, 744, 520, 36}},
		{{"by", 196, 799, 43, 34}, {"Technology Co., Ltd.", 547, 796, 383, 39}, {"Address", 1257, 800, 152, 29}, {"Suzhou, Jiangsu 215000, China", 1613, 798, 580, 40}},
		{{"Description", 196, 922, 211, 44}, {"LED module", 550, 897, 223, 32}},
	})
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldApplicantName: "Suzhou Ruifeng Optoelectronics Technology Co., Ltd."})
}

// A label is not the start of a longer caption the lexicon knows: on a
// scan "SAMPLE CONDITION (ESTADO DE LA MUESTRA):" stands in its own cell
// beside "Sealed bag", and "Sample" (a product caption) is not it.
func TestLabelNotStartOfLongerCaption(t *testing.T) {
	for _, c := range []struct {
		text, label string
		ok          bool
	}{
		{"SAMPLE CONDITION (ESTADO DE LA MUESTRA):", "Sample", false},
		{"Sample Received:", "Sample", false},
		{"Sample: Brake pad", "Sample", true},
		{"Sample Brake pad", "Sample", true},
		{"报告编号 Report No.:", "Report No.", true},
	} {
		if _, _, ok := cutLabelSep(c.text, c.label); ok != c.ok {
			t.Errorf("cutLabelSep(%q, %q) ok = %v, want %v", c.text, c.label, ok, c.ok)
		}
	}
}

// On a scan a caption OCR could not read ("Ad 了 SS"), right under the
// applicant's, beside a value that reads as an address, is the
// applicant's address, in doubt; beside a value that is no address it
// is nothing.
func TestScanMisreadAddressCaption(t *testing.T) {
	l := ocrPage(
		row(tcell{180, "Company Name"}, tcell{760, "Fairway Silicone Products Ltd."}),
		row(tcell{180, "Ad 了 SS"}, tcell{760, "920 Minami-Semba, Monterrey, NL 64000, Mexico"}),
		row(tcell{180, "Product Name"}, tcell{760, "Coated paperboard tray"}),
	)
	got := generic(t, l)
	wantFields(t, got, map[string]string{labrelay.FieldApplicantAddress: "920 Minami-Semba, Monterrey, NL 64000, Mexico"})
	l = ocrPage(
		row(tcell{180, "Company Name"}, tcell{760, "Fairway Silicone Products Ltd."}),
		row(tcell{180, "Sa 了 St"}, tcell{760, "Good"}),
	)
	if a, ok := generic(t, l)[labrelay.FieldApplicantAddress]; ok {
		t.Errorf("applicant_address = %q beside a value that is no address", a)
	}
}

// A scan's caption wrapped a line spacing below, not tight ("Adresse
// Address of" over "Applicant", "Teilenummer Part" over "Number"): the
// second line alone on its row completes it. A caption with its value
// beside it on the next row is no second line.
func TestScanLooseWrappedCaption(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"Kunde Client Name", 198, 732, 300, 27}, {"Xiamen Kaida Stamping Co., Ltd.", 728, 730, 560, 36}},
		{{"Adresse Address of", 194, 803, 310, 27}, {"8th Floor, Plant 4, No. 134 Calle de la Industria, Xiamen, Fujian 361000, China", 729, 800, 1400, 37}},
		{{"Applicant", 194, 855, 160, 33}},
		{{"Teilenummer Part", 195, 1049, 290, 33}, {"FB9041-XS", 728, 1046, 190, 30}},
		{{"Number", 197, 1101, 130, 33}},
		{{"Date (Datum)", 195, 1170, 220, 33}, {"2026-07-13", 728, 1170, 190, 30}},
		{{"Client Name", 197, 1222, 200, 33}, {"Acme Trading Ltd.", 728, 1222, 330, 30}},
	})
	wantFields(t, generic(t, l), map[string]string{
		labrelay.FieldApplicantAddress: "8th Floor, Plant 4, No. 134 Calle de la Industria, Xiamen, Fujian 361000, China",
		labrelay.FieldModelNumber:      "FB9041-XS",
		labrelay.FieldApplicantName:    "Xiamen Kaida Stamping Co., Ltd.",
	})
}

// A scan's applicant caption one glyph off ("Antragstefler") still heads
// the bare "Adresse" under it: the address is the applicant's.
func TestScanAddressUnderMisreadApplicant(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"Antragstefler", 180, 762, 230, 30}, {"Hai Phong Silverline Packaging Manufacturing LLC", 620, 762, 900, 36}},
		{{"Adresse", 180, 830, 140, 30}, {"2-11 Gewerbepark, Hai Phong 180000, Vietnam", 620, 830, 800, 36}},
	})
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldApplicantAddress: "2-11 Gewerbepark, Hai Phong 180000, Vietnam"})
}

// On a scan a leader's last dot read as a dash ("证书编号 .……-") is no
// value: the value stands right of it. A dash after a colon is one.
func TestScanLeaderDash(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"证 书 编号 .……-", 180, 609, 300, 34}, {"EXXX2426956082X", 620, 609, 330, 34}},
		{{"报告日期:", 180, 669, 170, 34}, {"2024-08-15", 620, 669, 200, 34}},
	})
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldReportNumber: "EXXX2426956082X", labrelay.FieldIssueDate: "2024-08-15"})
}

// A caption a line spacing over another that is a caption of its own
// ("NAME" over "SAMPLE", the next grid row's) is no wrapped caption: the
// first line adds nothing to the second.
func TestScanLooseWrapNotOverCaption(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"SAMPLE", 193, 821, 110, 28}, {"MANUFACTURER", 1256, 821, 260, 29}, {"Hamburg Anke Connector", 1612, 817, 440, 40}},
		{{"10 pcs", 550, 845, 110, 39}},
		{{"QUANTITY", 191, 868, 170, 47}, {"NAME", 1256, 875, 100, 28}, {"Technology GmbH", 1609, 872, 300, 39}},
		{{"SAMPLE", 1256, 935, 130, 28}},
		{{"JOB NO.", 193, 971, 140, 28}, {"WO 88213", 550, 971, 160, 28}, {"Good", 1612, 971, 90, 28}},
		{{"CONDITION", 1256, 1001, 180, 28}},
	})
	if got := generic(t, l)[labrelay.FieldProductName]; got == "Technology GmbH" {
		t.Errorf("product %q: \"NAME\" joined the next row's \"SAMPLE\"", got)
	}
}

// A letter alone beside a result caption ("Test Result" over "F", a
// scan's rule read as a letter) is no conclusion; a word is.
func TestOverallNotOneLetter(t *testing.T) {
	got := generic(t, synth(
		row(tcell{50, "Report No.: RT-2024-0117"}),
		row(tcell{50, "Test Result"}, tcell{300, "F"}),
	))
	if got[labrelay.FieldOverallResult] != "" {
		t.Errorf("a lone F read as an overall %q", got[labrelay.FieldOverallResult])
	}
	wantFields(t, generic(t, synth(
		row(tcell{50, "Report No.: RT-2024-0117"}),
		row(tcell{50, "Test Result"}, tcell{300, "Fail"}),
	)), map[string]string{labrelay.FieldOverallResult: labrelay.VerdictFail})
}

// A result row's substance ("Cadmium (Cd)", or its symbol "Cd", read
// under a table header "Test items") is no product's name; a product
// named with a bracket is.
// (nor is a method's standard, a methods table's cell)
func TestSubstanceIsNoProduct(t *testing.T) {
	e := lexEntry{field: labrelay.FieldProductName}
	for in, want := range map[string]bool{
		"Cadmium (Cd)": false, "Dibutyl phthalate (DBP)": false, "Hexavalent Chromium (Cr(VI))": false, "Cd": false, "DEHP": false,
		"Wire harness connector": true, "CD rack": true, "Capacitor (SMD)": true, "Lead frame (PB)": true,
		"EN 1186-9:2002, gravimetry": false, "IEC 62321-5:2013": false, "Silicone mat for EN 1186 tests": true,
	} {
		if _, _, ok := typeCheck(e, in, &docFuncs{}); ok != want {
			t.Errorf("typeCheck(product, %q) = %v, want %v", in, ok, want)
		}
	}
}

// A sentence where a model's number stands ("See the table below") is no
// model; a model's name of two words, or with a digit, is.
func TestSentenceIsNoModel(t *testing.T) {
	e := lexEntry{field: labrelay.FieldModelNumber}
	for in, want := range map[string]bool{
		"See the table below": false, "As per client": false,
		"TP-320O-97": true, "Standard edition": true, "Type A 12 mm": true,
		"EN 1186-9:2002": false, "GB 31604.9-2016": false, "UL1015": true, "IEC-2016A": true,
	} {
		if _, _, ok := typeCheck(e, in, &docFuncs{}); ok != want {
			t.Errorf("typeCheck(model, %q) = %v, want %v", in, ok, want)
		}
	}
}

// A speck read as a letter before a date's month ("j Jul 9, 2024") is no
// part of it; the date keeps a mend's doubt.
func TestDateLetterLead(t *testing.T) {
	// a Han date's 日 lost at the cell's end
	if v, f, ok := typeCheck(lexEntry{field: labrelay.FieldReceivedDate}, "2025年2月14", &docFuncs{}); !ok || v != "2025-02-14" || f > correctedConf {
		t.Errorf("Han date, its 日 lost: %q %.2f %v", v, f, ok)
	}
	if _, _, ok := typeCheck(lexEntry{field: labrelay.FieldReceivedDate}, "2025年2月", &docFuncs{}); ok {
		t.Error("a month read as a date")
	}
	v, f, ok := typeCheck(lexEntry{field: labrelay.FieldReceivedDate}, "j Jul 9, 2024", &docFuncs{})
	if !ok || v != "2024-07-09" || f > correctedConf {
		t.Errorf("got %q %.2f %v", v, f, ok)
	}
	if _, _, ok := typeCheck(lexEntry{field: labrelay.FieldReceivedDate}, "a Sample", &docFuncs{}); ok {
		t.Error("a word read as a date")
	}
}

// "PO Nos." (numbers, plural) captions the order number as "PO No." does.
func TestPluralPOCaption(t *testing.T) {
	for _, in := range []string{"PO NOS", "P.O. Nos."} {
		if h, ok := parseCaptionOCR(in, true); !ok || !hasField(h.entries, labrelay.FieldPONumber) || h.rest != "" {
			t.Errorf("parseCaptionOCR(%q) = %+v, %v", in, h, ok)
		}
	}
}

// A party's name of company words only is its last line read alone; a
// sample's quantity is none either.
func TestCompanyFormIsNoName(t *testing.T) {
	for _, f := range []string{labrelay.FieldApplicantName, labrelay.FieldManufacturerName} {
		e := lexEntry{field: f}
		for s, want := range map[string]bool{"Corporation": false, "Co., Ltd.": false, "GmbH": false, "Bluecrest Corporation": true, "Kaida Stamping Ltd.": true,
			"1 roll": false, "3 pcs": false, "3M Company": true} {
			if _, _, ok := typeCheck(e, s, &docFuncs{}); ok != want {
				t.Errorf("%s %q: ok %v", f, s, ok)
			}
		}
	}
}

// Under an address that ends in its postcode and country, any line is
// the next row's; under a name that ends in its company form, an
// address is, and under any name an address's first part. Other lines
// may go on.
func TestAnotherValueUnder(t *testing.T) {
	for _, c := range []struct {
		field, prev, next string
		want              bool
	}{
		{labrelay.FieldApplicantAddress, "184-5 Keji Road, Penang 11900, Malaysia", "Northstar Cable & Wire Inc.", true},
		{labrelay.FieldApplicantAddress, "No. 262 Industriestraße, Dongguan, Guangdong 523000, China", "PP food container", true},
		{labrelay.FieldApplicantAddress, "32-11 Minami-Semba, Penang 11900, Malaysia", "China", true},
		{labrelay.FieldApplicantAddress, "Room 5, Tower A,", "Hi-Tech Industrial Park, Penang 11900, Malaysia", false},
		{labrelay.FieldApplicantAddress, "No. 8 Minami-Semba, Suzhou,", "Testing Centre Road 5", false},
		{labrelay.FieldApplicantName, "Monterrey Everlink Auto Parts Corporation", "Room 1227, 5/F, No.", true},
		{labrelay.FieldApplicantName, "Monterrey Everlink Auto Parts Corporation", "No. 2 Workshop, Songgang Street, 560 Binhai 3rd Road,", true},
		{labrelay.FieldApplicantName, "Suzhou Bluecrest Cable & Wire Co.,", "Ltd.", false},
		{labrelay.FieldManufacturerName, "Hamburg Goldpath Cable &", "Wire GmbH", false},
		// an address's first part goes on no name, whatever its last word
		{labrelay.FieldApplicantName, "Busan Goldpath Connector Technology Factory", "5th Floor, No. 2 Workshop, Science and Technology Park", true},
		{labrelay.FieldApplicantName, "Busan Goldpath Connector", "Unit 28, Building B", true},
		{labrelay.FieldApplicantName, "Busan Goldpath Connector", "Technology Factory", false},
		// a Chinese name OCR read with spaces between its characters
		{labrelay.FieldApplicantName, "厦门 市 金辉 电器 有 限 公 司", "福建省厦门市湖里区工业大道259号", true},
		{labrelay.FieldApplicantName, "厦门 市 金辉 电器 有", "限公司", false},
	} {
		if got := anotherValue(c.field, c.prev, c.next); got != c.want {
			t.Errorf("%s %q / %q: %v", c.field, c.prev, c.next, got)
		}
	}
}

// A letterhead's name misread in one copy is read as its other copies
// print it: most of them, or the surer of two of as many letters.
func TestLetterheadCopies(t *testing.T) {
	page := func(lines ...[]labrelay.Word) *labrelay.Layout {
		pg := labrelay.Page{Number: 1, Width: 2480, Height: 3508, Unit: "px", Path: labrelay.PathOCR}
		for k, ws := range lines {
			x := 200.0
			var row labrelay.Row
			for _, w := range ws {
				w.Box = labrelay.Box{X: x, Y: 140 + 1500*float64(k), W: 20 * float64(len(w.Text)), H: 40}
				x += w.Box.W + 20
				row.Words = append(row.Words, w)
			}
			row.Box = labrelay.WordsBox(row.Words)
			pg.Rows = append(pg.Rows, row)
		}
		return &labrelay.Layout{Pages: []labrelay.Page{pg}}
	}
	name := func(first string, conf float64) []labrelay.Word {
		return []labrelay.Word{{Text: first, Conf: conf}, {Text: "Chemical", Conf: 0.95}, {Text: "Laboratories", Conf: 0.95}, {Text: "S.A.", Conf: 0.95}}
	}
	for _, c := range []struct {
		copies [][]labrelay.Word
		want   string
	}{
		{[][]labrelay.Word{name("Baftica", 0.80), name("Baltica", 0.90)}, "Baltica Chemical Laboratories S.A."},
		{[][]labrelay.Word{name("Baftica", 0.80), name("Baltica", 0.81)}, ""},
		{[][]labrelay.Word{name("Alpenlab", 0.87), name("Alpeniab", 0.92), name("Alpenlab", 0.81)}, ""},
		{[][]labrelay.Word{name("Alpeniab", 0.92), name("Alpenlab", 0.87), name("Alpenlab", 0.81)}, "Alpenlab Chemical Laboratories S.A."},
		{[][]labrelay.Word{name("jahe", 0.80), name("Jiahe", 0.90)}, ""},
	} {
		v := newView(page(c.copies...))
		got, ok := letterheadCopies(v, 0, v.Lines[0].Cells[0])
		if !ok {
			got = ""
		}
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.copies[0][0].Text, got, c.want)
		}
	}
}

// A scan's OCR loses umlauts and accents: captions are known without
// them, so "PRUFUMFANG TESTS REQUESTED" under a product's caption is the
// next row's caption, not the product's second line.
func TestCaptionsWithoutAccents(t *testing.T) {
	if h, ok := parseCaption("PRUFNORM"); !ok || len(h.entries) == 0 || h.entries[0].field != labrelay.FieldTestStandards {
		t.Errorf("PRUFNORM: %+v %v", h, ok)
	}
	if !notValue("PRUFUMFANG TESTS REQUESTED") {
		t.Error("PRUFUMFANG TESTS REQUESTED taken for a value")
	}
	l := ocrWords([][]ocrWord{
		{{"ARTIKELBEZEICHNUNG SAMPLE NAME", 196, 870, 640, 30}, {"Caliper bracket", 1000, 868, 300, 36}},
		{{"PRUFUMFANG TESTS REQUESTED", 196, 928, 600, 30}, {"Please refer to the result pages", 1000, 924, 650, 36}},
		{{"FARBE COLOUR", 196, 988, 280, 30}, {"Grey", 1000, 986, 90, 36}},
	})
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldProductName: "Caliper bracket"})
}

// On a scan, a caption's rest that is a speck after its leader dots
// (".....0"), or a code's caption's other language garbled and read with
// no confidence ("TYP PY PE/MODE"), is no value: the cell beside it is.
func TestScanCaptionRestIsNoValue(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"ARTIKELBEZEICHNUNG", 179, 870, 429, 31}, {"SAMPLE", 624, 871, 144, 31}, {"NAME", 786, 871, 105, 31}, {":", 1114, 882, 5, 31}, {"Caliper", 1147, 873, 131, 31}, {"bracket", 1293, 873, 138, 31}},
		{{"TYP", 178, 988, 68, 31}, {"PY", 270, 984, 28, 31}, {"PE/MODE", 307, 990, 191, 31}, {":", 1114, 1000, 5, 31}, {"W94BP641", 1146, 991, 201, 31}},
		{{"FARBE", 181, 1107, 118, 31}, {"COLOUR", 315, 1108, 156, 31}, {":", 1114, 1119, 5, 31}, {"Grey", 1147, 1110, 86, 31}},
		{{"EINGANG", 181, 1165, 170, 31}, {"AM", 366, 1167, 54, 31}, {"DATE", 438, 1167, 96, 31}, {"RECEIVED", 550, 1167, 185, 31}, {".....0", 729, 1161, 88, 31}, {":", 1114, 1177, 5, 31}, {"Mar 12,", 1149, 1168, 135, 31}, {"2025", 1302, 1168, 90, 31}},
	})
	// OCR gave the garbled words no confidence
	for _, r := range l.Pages[0].Rows {
		for k, w := range r.Words {
			if w.Text == "PY" || w.Text == "PE/MODE" || w.Text == ".....0" {
				r.Words[k].Conf = 0
			}
		}
	}
	wantFields(t, generic(t, l), map[string]string{
		labrelay.FieldModelNumber:  "W94BP641",
		labrelay.FieldReceivedDate: "2025-03-12",
		labrelay.FieldProductName:  "Caliper bracket",
	})
}

// On a scan, a caption's other language in East Asian script on a cell
// of its own stands between caption and value ("Product ¦ 试料名 ¦
// Kitchen tongs"); an unclosed bracket of it before a date in the
// caption's cell is no bracketed part of the caption ("Test Start Date
// (开始日 10 December 2025").
func TestScanCaptionOtherLanguageBeforeValue(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"Product", 180, 933, 162, 30}, {"(", 359, 931, 29, 35}, {"试料名", 388, 926, 126, 50}, {"):", 491, 926, 39, 50}, {"Kitchen", 550, 932, 135, 30}, {"tongs", 701, 936, 102, 34}},
		{{"Date", 179, 1051, 97, 29}, {"Received", 292, 1050, 187, 30}, {"(48H):", 497, 1048, 156, 36}, {"9", 687, 1051, 20, 29}, {"December", 724, 1049, 192, 32}, {"2025", 930, 1050, 89, 29}},
		{{"End", 179, 1110, 74, 29}, {"of", 270, 1110, 42, 30}, {"Testing", 324, 1111, 155, 36}, {"(终了日", 497, 1104, 155, 47}, {"):", 629, 1110, 23, 34}, {"12", 690, 1110, 40, 29}, {"December", 749, 1110, 191, 30}, {"2025", 954, 1110, 90, 30}},
		{{"Test", 177, 1170, 90, 28}, {"Start", 283, 1168, 104, 30}, {"Date", 403, 1170, 96, 28}, {"(开始日", 517, 1162, 155, 52}, {"10", 657, 1162, 93, 52}, {"December", 768, 1169, 192, 30}, {"2025", 973, 1168, 90, 30}},
	})
	wantFields(t, generic(t, l), map[string]string{
		labrelay.FieldProductName:   "Kitchen tongs",
		labrelay.FieldTestStartDate: "2025-12-10",
	})
}

// A caption whose part after a slash names something the record does not
// carry ("担当者 /Attention") is whole: the product's caption under it is
// no second line of it.
func TestOtherThingCaptionDoesNotWrap(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"ah EK", 176, 898, 104, 50}, {"/Sample", 317, 903, 143, 38}, {"Condition", 475, 905, 165, 31}, {"Intact", 830, 906, 106, 30}},
		{{"担当者", 178, 965, 102, 33}, {"/Attention", 287, 959, 169, 49}, {"Ana", 828, 968, 69, 30}, {"Ruiz", 914, 967, 77, 30}},
		{{"拒品名", 177, 1024, 112, 34}, {"‘Sample", 288, 1026, 138, 36}, {"Name", 439, 1027, 101, 28}, {"Dashboard", 830, 1026, 200, 31}, {"bezel", 1045, 1026, 97, 31}},
		{{"数量", 178, 1086, 77, 33}, {"/Quantity", 254, 1082, 156, 46}, {"2", 829, 1088, 19, 30}},
	})
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldProductName: "Dashboard bezel"})
	if !namesOtherThing("担当者 /Attention") || namesOtherThing("依顿者 /Client") {
		t.Error("namesOtherThing")
	}
}

// On a scan, a colon read as ">" between caption and value is no value.
func TestScanColonReadAsAngle(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"IEC", 710, 1316, 57, 30}, {"62321-8:2017", 782, 1316, 261, 30}},
		{{"TEST", 176, 1376, 94, 30}, {"DATES", 286, 1377, 120, 29}, {">", 676, 1386, 6, 20}, {"13/03/2026214/03/2026", 712, 1376, 465, 33}},
	})
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldTestStartDate: "2026-03-13", labrelay.FieldTestEndDate: "2026-03-14"})
}

// A photo's bent line may box its words a pixel or a few tall: the gaps
// between its words are measured by their glyphs' width then, and the
// caption's words stay one cell, apart from the value's.
func TestFlatBoxedLine(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"Contact", 175, 609, 163, 31}, {"Person:", 353, 610, 156, 31}, {"Mr.", 706, 609, 55, 31}, {"Jonas", 773, 609, 101, 37}, {"Berg", 890, 610, 83, 37}},
		{{"i", 10, 679, 28, 12}, {"Report", 176, 679, 142, 12}, {"Ref.:", 333, 679, 94, 12}, {"JZ2687-08384", 700, 679, 267, 12}},
		{{"Manufacturer:", 177, 729, 296, 46}, {"Jinlong", 701, 732, 126, 38}, {"Connector", 843, 732, 193, 31}, {"Technology", 1048, 732, 215, 38}, {"Co.,", 1277, 731, 68, 36}, {"Ltd.", 1363, 731, 65, 32}},
		{{"A", 21, 863, 5, 1}, {"Product", 176, 863, 141, 1}, {"Name", 332, 863, 108, 1}, {"Wheel", 616, 863, 115, 1}, {"nut", 747, 863, 60, 1}},
		{{"Model", 176, 915, 125, 31}, {"No.:", 318, 916, 81, 30}, {"LD83464", 706, 915, 165, 31}},
	})
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldReportNumber: "JZ2687-08384", labrelay.FieldProductName: "Wheel nut"})
}

// A date whose year's last digit OCR set apart ("17-Aug-202 5") is that
// date, in doubt; a number after a whole year is no part of it.
func TestDateYearSplit(t *testing.T) {
	e := lexEntry{field: labrelay.FieldIssueDate}
	if v, f, ok := typeCheck(e, "17-Aug-202 5", &docFuncs{}); !ok || v != "2025-08-17" || f > correctedConf {
		t.Errorf("17-Aug-202 5: %q %.2f %v", v, f, ok)
	}
	if v, _, ok := typeCheck(e, "17-Aug-2025 5", &docFuncs{}); ok && v != "2025-08-17" {
		t.Errorf("17-Aug-2025 5: %q", v)
	}
}

// A speck beside a date's comma ("February 19,.2025") leaves the date,
// in doubt.
func TestDateDoubleStop(t *testing.T) {
	e := lexEntry{field: labrelay.FieldIssueDate}
	if v, f, ok := typeCheck(e, "February 19,.2025", &docFuncs{}); !ok || v != "2025-02-19" || f > correctedConf {
		t.Errorf("February 19,.2025: %q %.2f %v", v, f, ok)
	}
}

// In a scan's grid, "CLIENT" over "ADDRESS" beside the other column's
// name, a line spacing apart, is one caption when an address stands
// beside "CLIENT": its value starts there.
func TestScanClientOverAddress(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"APPLICANT", 192, 716, 210, 25}, {"Qingdao Summit Plastic Products", 549, 710, 620, 38}, {"CLIENT", 1257, 714, 130, 25}, {"Room 1026, 2/F, Building B,", 1614, 708, 515, 37}},
		{{"GmbH", 549, 763, 112, 31}, {"ADDRESS", 1255, 766, 176, 26}, {"Songgang Street, No. 15 Hongqiao", 1612, 760, 648, 38}},
		{{"Road, Qingdao, Shandong 266000, China", 1612, 812, 700, 38}},
	})
	wantFields(t, generic(t, l), map[string]string{
		labrelay.FieldApplicantName:    "Qingdao Summit Plastic Products GmbH",
		labrelay.FieldApplicantAddress: "Room 1026, 2/F, Building B, Songgang Street, No. 15 Hongqiao Road, Qingdao, Shandong 266000, China",
	})
}

// In a photo's row of captions, a caption whose other language OCR read
// as Latin junk ("RRA Contact", "8 AMA Date") is the next column's, no
// value: the caption left of it reads the value under it, in the generic
// reader and in the pack's label rules. The code every page's running
// header prints has its small capital mended ("MjA").
func TestJunkLedCaptionIsNoValue(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"Jiahe Chemical Laboratories Inc.", 175, 135, 640, 38}},
		{{"$8#54@@", 173, 608, 123, 5}, {"Report", 313, 608, 87, 5}, {"Number", 411, 608, 106, 5}, {"8", 905, 608, 47, 5}, {"AMA", 961, 608, 48, 5}, {"Date", 1021, 608, 61, 5}, {"数量", 1614, 608, 49, 5}, {"Sample", 1674, 608, 101, 5}, {"Quantity", 1785, 609, 115, 27}},
		{{"25/8382/MjA", 194, 646, 236, 40}, {"2025 年10月10日", 903, 641, 296, 51}, {"3 pcs", 1612, 649, 95, 37}},
		{{"款号 Item No", 196, 888, 166, 37}, {"采购 订单 号 Purchase Order", 904, 888, 353, 39}, {"RRA Contact", 1591, 870, 214, 52}},
		{{"Q04HS437", 193, 935, 195, 34}, {"PO-11-79561", 902, 935, 242, 32}, {"Ms. Amy Tan", 1611, 936, 239, 39}},
	})
	page2 := ocrWords([][]ocrWord{
		{{"Jiahe", 175, 165, 99, 38}, {"Chemical", 287, 165, 179, 32}, {"Laboratories", 484, 166, 250, 32}, {"Inc.", 749, 168, 67, 30}},
		{{"25/8382/MjA", 178, 227, 208, 44}, {"Page", 2115, 236, 79, 35}, {"2", 2208, 237, 18, 27}, {"of", 2239, 235, 32, 29}, {"2", 2282, 237, 18, 28}},
	}).Pages[0]
	page2.Number = 2
	l.Pages = append(l.Pages, page2)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldPONumber: "PO-11-79561", labrelay.FieldModelNumber: "Q04HS437"})
	x := AnalyzeDefault(t, l)
	for f, want := range map[string]string{labrelay.FieldPONumber: "PO-11-79561", labrelay.FieldReportNumber: "25/8382/MJA"} {
		if got, _ := x.Fields.String(f); got != want {
			t.Errorf("%s = %q; want %q", f, got, want)
		}
	}
	v := newView(l)
	if r := runningHeaderNumber(v, &docFuncs{v: v}); r == nil || r.value != "25/8382/MJA" || r.conf > correctedConf {
		t.Errorf("running header's code: %+v", r)
	}
	for _, c := range []struct {
		in   string
		want bool
	}{{"RRA Contact", true}, {"8 AMA Date", true}, {"REE Origin", true}, {"2 Workshop, Longgang District", false}, {"3 pcs", false}, {"Ms. Amy Tan", false}} {
		if got := junkLedCaption(c.in); got != c.want {
			t.Errorf("junkLedCaption(%q) = %v", c.in, got)
		}
	}
}

// In a photo's grid of captions over values, a value cell that runs on
// into the next column's value, the rule between them lost, is cut where
// the next column's caption starts above it: the address and the product
// are two values. A line of pairs above ("Made in | 原产国 | Vietnam")
// cuts nothing.
func TestValueCutAtCaptionColumn(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"委托 单位 Client", 197, 723, 190, 25}, {"请人地址 Customer Address", 932, 719, 360, 37}, {"产品 名称", 1621, 725, 94, 24}, {"Item", 1730, 728, 57, 19}, {"Description", 1798, 725, 153, 28}},
		{{"Columbus", 195, 763, 185, 32}, {"Brightwave Electronics", 394, 763, 427, 38}, {"2670 Binhai 3rd Road, Columbus, _|", 862, 750, 730, 62}, {"Plastic", 1612, 765, 118, 31}, {"housing,", 1745, 765, 154, 39}, {"black PC/ABS", 1916, 765, 246, 33}},
		{{"Corporation", 193, 804, 218, 56}, {"OH 43215, USA", 903, 817, 287, 35}},
	})
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldProductName: "Plastic housing, black PC/ABS"})
	v := newView(ocrWords([][]ocrWord{
		{{"Made in", 180, 637, 162, 30}, {"原产国", 389, 636, 109, 36}, {"Vietnam", 549, 637, 155, 30}},
		{{"issued on", 179, 695, 199, 31}, {"(#244):", 395, 693, 157, 37}, {"15 December 2025", 588, 696, 354, 30}},
	}))
	if got := v.Lines[1].Cells[0].Text; got != "issued on (#244):" {
		t.Errorf("a caption under a line of pairs cut: %q", got)
	}
}

// A product's value does not go on into the next pair's period beside a
// caption OCR did not read whole ("ANALYSIS" over "PERIOD"): a date or a
// period of dates is another field's value.
func TestProductStopsAtPeriod(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"PRODUCT NAME", 196, 907, 299, 28}, {"Melamine plate", 551, 905, 286, 36}, {"ARTICLE NO.", 1258, 907, 233, 33}, {"MP1687-LX", 1615, 904, 206, 31}},
		{{"ANALYSIS", 194, 970, 184, 47}, {"2026.10.10 through 2026.10.13", 551, 968, 599, 46}, {"REFERENCE", 1259, 966, 215, 39}, {"~", 1513, 961, 1, 3}, {"|", 1574, 959, 16, 35}, {"EN 1186-9:2002", 1614, 973, 299, 33}},
		{{"PERIOD", 197, 1030, 139, 28}, {"STANDARD", 1259, 1030, 206, 28}, {"EN 1186-2:2002", 1614, 1027, 300, 37}},
		{{"EN 13130-1:2004", 1615, 1078, 324, 31}},
	})
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldProductName: "Melamine plate", labrelay.FieldModelNumber: "MP1687-LX"})
	for in, want := range map[string]bool{"2026.10.10 through 2026.10.13": true, "13/08/2024": true, "Melamine plate": false, "EN 1186-9:2002": false} {
		if got := datesOnly(in); got != want {
			t.Errorf("datesOnly(%q) = %v", in, got)
		}
	}
}

// On a scan, Han punctuation read alone right of a caption is a speck: a
// value after it is the caption's, and with none after it the value
// stands below.
func TestScanHanPunctuationAfterCaption(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"Date(s)", 180, 1674, 102, 24}, {"of", 296, 1672, 25, 23}, {"Testing", 332, 1673, 104, 27}, {"(检测周期", 451, 1671, 123, 27}, {")", 580, 1673, 5, 25}, {"、", 666, 1687, 2, 3}},
		{{"Between", 203, 1709, 159, 29}, {"2024.06.08", 378, 1708, 210, 30}, {"and", 604, 1708, 67, 30}, {"2024.06.13", 687, 1708, 210, 30}},
	})
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldTestStartDate: "2024-06-08", labrelay.FieldTestEndDate: "2024-06-13"})
	l = ocrPage(
		row(tcell{190, "完成日期"}, tcell{600, "，"}, tcell{760, "2024年11月10日"}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldTestEndDate: "2024-11-10"})
}

// On a scan, a bilingual caption and its value read as one cell, no gap
// between them ("Peticionario/Client Ningbo Oakridge …"): the part after
// the slash that starts with a caption ends the caption, the rest is the
// value. A bracket there is the caption's translation, no value.
func TestScanCompoundCaptionGluedToValue(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"Peticionario/Client", 196, 761, 484, 38}, {"Ningbo Oakridge", 561, 750, 301, 54}, {"Rubber & Plastics", 878, 761, 326, 32}, {"Domicilio/Address", 1259, 764, 330, 29}, {"No.", 1614, 763, 58, 29}, {"279 Harbour", 1688, 761, 234, 31}, {"Drive, Ningbo,", 1937, 761, 263, 38}},
		{{"Name", 197, 814, 105, 31}, {"Corporation", 551, 805, 217, 50}, {"of Applicant", 1259, 816, 226, 35}, {"Zhejiang 315000,", 1613, 813, 327, 38}, {"China", 1956, 814, 104, 30}},
	})
	got := generic(t, l)
	if !strings.HasPrefix(got[labrelay.FieldApplicantName], "Ningbo Oakridge Rubber & Plastics") {
		t.Errorf("applicant_name = %q; want the value after the caption", got[labrelay.FieldApplicantName])
	}
	for _, c := range []string{"Batch/Lot (N.° de lote)", "Peticionario/Client Name", "Received on / Recibido el"} {
		if h, ok := parseCaptionOCR(c, true); !ok || h.rest != "" {
			t.Errorf("%q: %+v, %v; want a whole caption", c, h, ok)
		}
	}
}

// A speck read as a colon inside a caption ("Reference: No.") leaves the
// caption whole: its value is the cell beside it, not "No.".
func TestCaptionColonBeforeNumberWord(t *testing.T) {
	l := ocrPage(row(tcell{190, "Reference: No."}, tcell{600, "OLX24-8186"}))
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldReportNumber: "OLX24-8186"})
	l = ocrPage(row(tcell{190, "Reference: 4711-B"}))
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldModelNumber: "4711-B"})
}

// On a scan, a standards list whose first code OCR glued to its caption
// ("NORMAS APLICADAS EN 1186-9:2002", no colon) is the caption's value,
// and goes on below; a caption whose other language reads a glyph off
// after it ("Angewandte Normen Test Standardis)"), in a row of captions,
// is a caption with its value below, not the value of the caption left
// of it.
func TestScanStandardsAfterCaption(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"NORMAS", 180, 1286, 162, 31}, {"APLICADAS", 356, 1284, 208, 33}, {"EN 1186-9:2002", 580, 1286, 603, 32}},
		{{"EN", 884, 1339, 46, 30}, {"1186-2:2002", 949, 1339, 233, 31}},
		{{"EN", 884, 1390, 46, 30}, {"13130-1:2004", 948, 1390, 259, 31}},
		{{"EN", 884, 1443, 46, 29}, {"13130-23:2005", 948, 1442, 283, 31}},
		{{"GB", 882, 1493, 51, 31}, {"31604.9-2016", 951, 1493, 259, 31}},
		{{"FECHA", 179, 1553, 189, 44}, {"DE", 309, 1549, 40, 52}, {"INICIO", 381, 1553, 113, 31}, {":", 849, 1563, 5, 20}, {"Oct", 882, 1553, 63, 31}, {"5,", 960, 1554, 31, 33}, {"2026", 1008, 1553, 91, 31}},
	})
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldTestStandards: "EN 1186-9:2002; EN 1186-2:2002; EN 13130-1:2004; EN 13130-23:2005; GB 31604.9-2016"})
	l = ocrWords([][]ocrWord{
		{{"Modell Type/Mode!", 195, 895, 250, 27}, {"Eingangsdatum Date Received", 903, 896, 415, 26}, {"Angewandte Normen Test Standardis)", 1611, 896, 518, 27}},
		{{"Z07MC050", 193, 936, 201, 30}, {"13 November 2024", 906, 936, 356, 31}, {"{EC 62321-5:2013", 1612, 938, 333, 31}},
		{{"{EC 62321-4:2013+AMD1:2017", 1612, 991, 583, 31}},
		{{"IEC 62321-7-2:2017", 1612, 1044, 369, 30}},
	})
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldTestStandards: "IEC 62321-5:2013; IEC 62321-4:2013+AMD1:2017; IEC 62321-7-2:2017", labrelay.FieldReceivedDate: "2024-11-13"})
}

// On a scan, a bilingual caption whose other language OCR cut short,
// glued to its value ("ANALYSIS PERIOD / 测试日 05-Sep-2025 through
// 10-Sep-2025"): the caption ends where the value's number starts. A
// garbled number after a date's caption ("Eingangsdatum/R 19N%2025") is
// no date: the caption stays whole.
func TestScanCaptionTranslationThenValue(t *testing.T) {
	h, ok := parseCaptionOCR("ANALYSIS PERIOD / 测试日 05-Sep-2025 through 10-Sep-2025", true)
	if !ok || h.rest != "05-Sep-2025 through 10-Sep-2025" {
		t.Errorf("period caption: %+v, %v", h, ok)
	}
	l := ocrPage(row(tcell{190, "ANALYSIS PERIOD / 测试日 05-Sep-2025 through 10-Sep-2025"}))
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldTestStartDate: "2025-09-05", labrelay.FieldTestEndDate: "2025-09-10"})
	if h, ok := parseCaptionOCR("Eingangsdatum/R 19N%2025", true); ok && h.rest != "" {
		t.Errorf("garbled date: %+v; want no value", h)
	}
}

// A results caption over a table ("Summary of Results" over its header
// and rows) is no conclusion paragraph: a row's "Conforms" is the row's
// verdict, not the report's. A captioned paragraph of prose still is one.
func TestConclusionParagraphStopsAtATable(t *testing.T) {
	l := synth(
		row(tcell{50, "Summary of Results"}),
		row(tcell{50, "Analyte"}, tcell{200, "Units"}, tcell{260, "Criterion"}, tcell{330, "Concentration"}, tcell{420, "Judgement"}),
		row(tcell{50, "Overall migration, 10% ethanol"}, tcell{200, "mg/dm²"}, tcell{260, "< 10"}, tcell{330, "4"}, tcell{420, "Conforms"}),
	)
	if r := conclusionParagraph(newView(l)); r != nil {
		t.Errorf("conclusion %q from a table", r.value)
	}
	l = synth(
		row(tcell{50, "Conclusion:"}),
		row(tcell{50, "The results of the sample tested"}),
		row(tcell{50, "comply with the limits of the regulation."}),
	)
	if r := conclusionParagraph(newView(l)); r == nil || r.value != labrelay.VerdictPass {
		t.Errorf("conclusion paragraph: %+v; want pass", r)
	}
}

// On a scan, a caption OCR parted at a wide word space ("Testing ¦
// Period:") is one caption, and a period whose dash stands apart
// ("04-Jan-2026 ¦ - ¦ 06-Jan-2026") one period.
func TestScanPartedCaptionAndPeriod(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"Testing", 176, 1169, 155, 16}, {"Period:", 350, 1161, 145, 30}, {"04-Jan-2026", 531, 1169, 224, 16}, {"-", 770, 1178, 16, 3}, {"06-Jan-2026", 801, 1169, 224, 16}},
	})
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldTestStartDate: "2026-01-04", labrelay.FieldTestEndDate: "2026-01-06"})
}

// On a scan's grid of captions, a ruling read at a caption's end
// ("SUBMITTED BY _|") is dropped with its width, so the caption and the
// value beside it stay two cells; and "APPLICANT" over "ADDRESS" beside
// an address that starts on the first line ("Unit 37, Tower A, …") is the
// address's caption, not the name's over the address's.
func TestScanCaptionRulingAndApplicantAddress(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"SUBMITTED BY _|", 197, 707, 346, 47}, {"Valencia Fairway Housewares", 549, 711, 558, 37}, {"APPLICANT", 1258, 714, 208, 26}, {"Unit 37, Tower A, Gewerbegebiet", 1614, 710, 621, 38}},
		{{"Technology Co., Ltd.", 548, 762, 381, 36}, {"ADDRESS", 1257, 765, 175, 29}, {"Nord, Chuangye Avenue 37, 46015", 1615, 761, 654, 38}},
		{{"Valencia, Spain", 1613, 814, 330, 36}},
		{{"PART NAME", 196, 884, 210, 30}, {"Cling film", 549, 884, 200, 36}, {"ORDER NO.", 1258, 884, 210, 30}, {"WH9504012", 1614, 884, 220, 30}},
	})
	wantFields(t, generic(t, l), map[string]string{
		labrelay.FieldApplicantName:    "Valencia Fairway Housewares Technology Co., Ltd.",
		labrelay.FieldApplicantAddress: "Unit 37, Tower A, Gewerbegebiet Nord, Chuangye Avenue 37, 46015 Valencia, Spain",
	})
}

// On a scan, a code with a fragment of two or three letters or digits
// standing alone after it on its line ("AFID2678" … "5H": a seal over the
// middle of "AFID2678128935H") may be cut short: it keeps less
// confidence than the same code alone.
func TestScanCodeWithTailFragment(t *testing.T) {
	conf := func(rest ...ocrWord) float64 {
		ws := append([]ocrWord{{"Report", 179, 580, 140, 36}, {"No.:", 335, 580, 80, 28}, {"AFID2678", 727, 579, 180, 29}}, rest...)
		v := newView(ocrWords([][]ocrWord{ws, {{"Report", 179, 635, 140, 36}, {"Date:", 335, 635, 90, 28}, {"2026-08-13", 727, 635, 210, 29}}}))
		g := readGeneric(v, &docFuncs{v: v})
		r := g.fields[labrelay.FieldReportNumber]
		if r == nil || r.value != "AFID2678" {
			t.Fatalf("report number %+v", r)
		}
		return r.conf
	}
	alone, cut := conf(), conf(ocrWord{"5H", 1031, 580, 47, 28})
	if cut > 0.8*alone+1e-9 {
		t.Errorf("a code with a fragment after it kept %.2f, alone %.2f", cut, alone)
	}
	// a caption after it is the next pair's, no fragment
	if c := conf(ocrWord{"Page", 1031, 580, 80, 28}, ocrWord{"1", 1130, 580, 20, 28}); c != alone {
		t.Errorf("a code with a page caption after it kept %.2f, alone %.2f", c, alone)
	}
}

// On a scan, a date's caption whose other language a seal garbled into
// cells of junk with no digit ("Issue Date / ¦ 张行日 ¦ own ¦ Apt 13,
// 2024") reads the date after the junk, in doubt; a caption between
// stops it.
func TestScanDateAfterCaptionJunk(t *testing.T) {
	date := func(junk string) *gread {
		l := ocrWords([][]ocrWord{
			{{"Issue", 180, 639, 92, 28}, {"Date", 289, 639, 85, 28}, {"/", 387, 639, 12, 31}, {"张行日", 428, 631, 108, 48}, {junk, 763, 654, 58, 15}, {":", 849, 647, 1, 20}, {"Apr", 875, 638, 66, 36}, {"13,", 954, 635, 54, 36}, {"2024", 1026, 637, 92, 30}},
			{{"Applicant", 177, 695, 176, 38}, {"Name", 368, 697, 132, 32}, {"/", 485, 689, 19, 49}, {"申请者", 516, 689, 114, 49}, {"Yongxin", 877, 694, 146, 39}, {"Stamping", 1039, 694, 175, 39}, {"Co.,", 1229, 697, 68, 32}, {"Ltd.", 1315, 695, 65, 30}},
		})
		v := newView(l)
		return readGeneric(v, &docFuncs{v: v}).fields[labrelay.FieldIssueDate]
	}
	if r := date("own"); r == nil || r.value != "2024-04-13" || r.conf > correctedConf {
		t.Errorf("issue date %+v; want 2024-04-13 at %.2f at most", r, correctedConf)
	}
	if r := date("Received"); r != nil {
		t.Errorf("issue date read past another caption: %+v", r)
	}
}

// On a scanned certificate whose "caption : value" lines are centred on
// the page, an address and a standards list go on in the lines below
// centred on the same axis, though they start elsewhere than the value.
func TestScanCentredPairGoesOn(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"PETICIONARIO", 617, 795, 277, 31}, {"CUSTOMER", 911, 795, 220, 32}, {":", 1150, 804, 4, 21}, {"Anke", 1171, 795, 98, 31}, {"Connector", 1285, 794, 202, 32}, {"Technology", 1499, 794, 227, 40}, {"GmbH", 1743, 795, 118, 31}},
		{{"DIRECCION", 320, 856, 216, 38}, {"CLIENT", 554, 862, 139, 32}, {"ADDRESS", 705, 863, 189, 31}, {":", 892, 852, 18, 54}, {"5th", 936, 863, 62, 30}, {"Floor,", 1015, 862, 104, 36}, {"Building", 1139, 862, 155, 39}, {"3,", 1311, 863, 32, 34}, {"Science", 1361, 862, 151, 32}, {"and", 1527, 863, 71, 30}, {"Technology", 1613, 862, 227, 40}, {"Park,", 1857, 863, 92, 34}, {"Longgang", 1969, 863, 191, 38}},
		{{"District,", 690, 922, 148, 35}, {"2640", 857, 922, 95, 32}, {"Xinghu", 969, 922, 134, 39}, {"Street,", 1121, 923, 127, 34}, {"Columbus,", 1267, 922, 204, 35}, {"OH", 1489, 923, 56, 31}, {"43215,", 1562, 923, 134, 33}, {"USA", 1715, 923, 78, 30}},
		{{"PRODUCTOR", 736, 990, 247, 31}, {"FACTORY", 1001, 990, 180, 31}, {":", 1176, 985, 24, 48}, {"Brightwave", 1224, 989, 219, 40}, {"Circuit", 1459, 989, 126, 32}, {"Factory", 1602, 991, 143, 38}},
		{{"N.2", 620, 1197, 56, 30}, {"de", 692, 1197, 46, 31}, {"informe", 755, 1196, 149, 32}, {"base", 921, 1197, 90, 31}, {"BASED", 1028, 1196, 130, 32}, {"ON", 1174, 1197, 56, 32}, {"TEST", 1245, 1197, 100, 31}, {"REPORT", 1360, 1197, 156, 31}, {":", 1533, 1206, 5, 21}, {"R-2024-521073", 1558, 1197, 302, 31}},
		{{"Normas", 825, 1265, 148, 30}, {"STANDARD(S)", 990, 1264, 272, 36}, {":", 1282, 1273, 4, 21}, {"IEC", 1306, 1265, 60, 30}, {"62321-5:2013", 1383, 1264, 274, 32}},
		{{"IEC", 933, 1324, 59, 32}, {"62321-4:2013+AMD1:2017", 1009, 1324, 538, 32}},
		{{"IEC", 1045, 1381, 60, 42}, {"62321-7-2:2017", 1121, 1383, 314, 31}},
		{{"IEC", 1066, 1442, 58, 31}, {"62321-6:2015", 1141, 1441, 274, 32}},
		{{"ENSAYOS", 532, 1569, 182, 31}, {"SOLICITADOS", 731, 1569, 263, 31}, {"TEST", 1008, 1568, 99, 32}, {"REQUESTED", 1123, 1569, 237, 36}, {":", 1357, 1564, 21, 50}, {"Selected", 1403, 1568, 166, 32}, {"tests", 1586, 1570, 94, 30}, {"as", 1696, 1577, 42, 23}, {"requested", 1754, 1569, 195, 39}},
	})
	wantFields(t, generic(t, l), map[string]string{
		labrelay.FieldApplicantAddress: "5th Floor, Building 3, Science and Technology Park, Longgang District, 2640 Xinghu Street, Columbus, OH 43215, USA",
		labrelay.FieldTestStandards:    "IEC 62321-5:2013; IEC 62321-4:2013+AMD1:2017; IEC 62321-7-2:2017; IEC 62321-6:2015",
	})
}
