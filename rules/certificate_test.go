package rules

import (
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
)

// mid places text centred on a synthetic page (synth's word widths).
func mid(text string) tcell {
	w := 0.0
	for i, f := range strings.Fields(text) {
		if i > 0 {
			w += 4
		}
		w += 6 * float64(len([]rune(f)))
	}
	return tcell{297 - w/2, text}
}

// On a certificate the number captioned as the certificate's is the
// record's, not the test report's it names, wherever each stands; with
// only the test report's printed, the record has none. A test report's
// own "Test Report No." is its number, though a sentence of it names a
// certificate of conformity.
func TestCertificateNumberOverTestReport(t *testing.T) {
	cert := func(first, second []tcell) *labrelay.Layout {
		return synth(
			row(mid("CERTIFICATE OF CONFORMITY")),
			row(),
			row(tcell{50, "Applicant"}, tcell{200, "Northwind Trading Co., Ltd."}),
			first,
			row(tcell{50, "Product"}, tcell{200, "LED driver"}),
			second,
		)
	}
	cn := row(tcell{50, "Certificate #"}, tcell{200, "COC-2024-0117"})
	tr := row(tcell{50, "Test Report No."}, tcell{200, "TR-88-12345"})
	for _, l := range []*labrelay.Layout{cert(cn, tr), cert(tr, cn)} {
		wantFields(t, generic(t, l), map[string]string{labrelay.FieldReportNumber: "COC-2024-0117"})
	}
	v := newView(cert(tr, row()))
	g := readGeneric(v, &docFuncs{v: v})
	if r := g.fields[labrelay.FieldReportNumber]; r != nil {
		t.Errorf("a certificate naming only its test report: report_number %+v, want none", r)
	}
	l := synth(
		row(mid("TEST REPORT")),
		row(),
		row(tcell{50, "Test Report No."}, tcell{200, "TR-88-12345"}),
		row(tcell{50, "Applicant"}, tcell{200, "Northwind Trading Co., Ltd."}),
		row(tcell{50, "This report is no certificate of conformity with any regulation or customer requirement."}),
	)
	v = newView(l)
	g = readGeneric(v, &docFuncs{v: v})
	if r := g.fields[labrelay.FieldReportNumber]; r == nil || r.value != "TR-88-12345" || r.conf < 0.8 {
		t.Errorf("a test report: report_number %+v, want its own number, read surely", r)
	}
}

// Captions centred over their values, as certificates print them: the
// value wider than its caption starts far left of it, and a list goes on
// over centred lines.
func TestStackedCaptions(t *testing.T) {
	l := synth(
		row(mid("Certificate of Compliance")),
		row(),
		row(mid("Applicant")),
		row(mid("Northwind Trading Co., Ltd.")),
		row(mid("Sample")),
		row(mid("Multilayer ceramic capacitor")),
		row(mid("Standards")),
		row(mid("IEC 62321-5:2013")),
		row(mid("IEC 62321-4:2013+AMD1:2017")),
		row(mid("EN 14582:2016")),
		row(),
		row(tcell{50, "The product listed above conforms to RoHS 2011/65/EU."}),
	)
	wantFields(t, generic(t, l), map[string]string{
		labrelay.FieldApplicantName: "Northwind Trading Co., Ltd.",
		labrelay.FieldProductName:   "Multilayer ceramic capacitor",
		labrelay.FieldTestStandards: "IEC 62321-5:2013; IEC 62321-4:2013+AMD1:2017; EN 14582:2016",
		labrelay.FieldOverallResult: labrelay.VerdictPass,
	})
}

// A certificate's statement is its verdict: "is in conformity with",
// "found compliant with", a Chinese product 符合 its requirement; a
// method "tested in compliance with" a standard says nothing, and 不符合
// (even split by OCR) fails.
func TestConclusionInConformity(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"The above product has been assessed and is in conformity with Directive 2011/65/EU.", labrelay.VerdictPass},
		{"The equipment named herein was found compliant with RoHS 2011/65/EU.", labrelay.VerdictPass},
		{"经检测，上述产品符合 GB 4806.7-2016 的要求。", labrelay.VerdictPass},
		{"样品不 符合 Regulation (EU) No 10/2011 的要求。", labrelay.VerdictFail},
		{"The samples were tested in compliance with IEC 62321-5:2013.", ""},
	} {
		l := synth(row(tcell{50, "Report No.: RT-2024-0117"}), row(), row(tcell{50, c.text}))
		got := generic(t, l)[labrelay.FieldOverallResult]
		if got != c.want {
			t.Errorf("%q: overall_result %q, want %q", c.text, got, c.want)
		}
	}
}

// A certificate's validity date is no issue date: off a scan whose seal
// garbled the issue date's caption, a date captioned "Expiry Date" with
// its other language garbled is not offered as the issue date, nor after a
// speck or a hyphen OCR put in the statement.
func TestCertificateValidityIsNoIssueDate(t *testing.T) {
	x := AnalyzeDefault(t, ocrPage(
		row(tcell{700, "Certificate of Conformity"}),
		row(tcell{180, "Submitted by: Ningbo Goldpath Rubber & Plastics Co., Ltd."}),
		row(tcell{180, "Test Item: Hose clamp"}),
		row(tcell{180, "Expiry Date / BXIHAPR: 2030-06-15"}),
		row(tcell{180, "The above product has been assessed. and is in conformity-with Directive 2000/53/EC (ELV)."}),
	))
	if x.Fields.IssueDate != "" {
		t.Errorf("issue_date %q: a validity date", x.Fields.IssueDate)
	}
	if x.Fields.OverallResult != labrelay.VerdictPass {
		t.Errorf("overall_result %q, want pass", x.Fields.OverallResult)
	}
	x = AnalyzeDefault(t, ocrPage(
		row(tcell{700, "Certificate of Conformity"}),
		row(tcell{180, "Submitted by: Ningbo Goldpath Rubber & Plastics Co., Ltd."}),
		row(tcell{180, "有效期至 Expiry Dato: 2029年5月13日"}),
	))
	if x.Fields.IssueDate != "" {
		t.Errorf("issue_date %q: a validity date under a bilingual caption", x.Fields.IssueDate)
	}
}

// centredAt is an ocrPage cell of t centred on x.
func centredAt(x float64, t string) tcell {
	w := -14.0
	for _, f := range strings.Fields(t) {
		w += 18*float64(len([]rune(f))) + 14
	}
	return tcell{x - w/2, t}
}

// A list of standards after its caption on a line centred on the page
// goes on in the lines centred under it, which start where they will.
func TestCentredStandardsList(t *testing.T) {
	l := ocrPage(
		row(centredAt(1240, "Certificate of Conformity")),
		row(centredAt(1240, "申请人: 深圳市金辉电器有限公司")),
		row(centredAt(1240, "依据标准: IEC 62321-5:2013")),
		row(centredAt(1240, "IEC 62321-4:2013+AMD1:2017")),
		row(centredAt(1240, "IEC 62321-7-2:2017")),
		row(centredAt(1240, "结论: PASS")),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldTestStandards: "IEC 62321-5:2013; IEC 62321-4:2013+AMD1:2017; IEC 62321-7-2:2017"})
	// a centred line of words after it is no standard
	l = ocrPage(
		row(centredAt(1240, "依据标准: IEC 62321-5:2013")),
		row(centredAt(1240, "The above product complies")),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldTestStandards: "IEC 62321-5:2013"})
}

// On a scan a validity caption OCR parted at its word space ("截止 ¦
// 日期", "Expiry ¦ Date") captions nothing the record holds: its second
// half alone would date the report. An issue date whose caption's colon
// was read as a one ("发布日期1 9 August 2024") is read, in doubt.
func TestCertificateSplitValidityCaption(t *testing.T) {
	for _, c := range [][2]string{{"截止", "日期"}, {"Expiry", "Date"}} {
		x := AnalyzeDefault(t, ocrPage(
			row(tcell{700, "Certificate of Conformity"}),
			row(tcell{180, "Submitted by: Ningbo Goldpath Rubber & Plastics Co., Ltd."}),
			row(tcell{180, c[0]}, tcell{180 + 18*float64(len([]rune(c[0]))) + 50, c[1]}),
			row(tcell{180, "9 August 2028"}),
			row(tcell{180, "发布日期1 9 August 2024"}),
		))
		if got := x.Fields.IssueDate; got != "2024-08-09" || x.Confidence["issue_date"] >= 0.9 {
			t.Errorf("%s ¦ %s: issue_date %q at %.2f, want 2024-08-09 in doubt", c[0], c[1], got, x.Confidence["issue_date"])
		}
	}
}

// "Requirements" (and "In accordance with", 标准) over a list of
// standards names them; over words it names nothing the record holds.
func TestRequirementsCaption(t *testing.T) {
	l := synth(
		row(tcell{50, "Certificate No.: COC-2024-0117"}),
		row(tcell{50, "Requirements: IEC 62321-5:2013"}),
		row(tcell{157, "IEC 62321-4:2013+AMD1:2017"}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldTestStandards: "IEC 62321-5:2013; IEC 62321-4:2013+AMD1:2017"})
	for _, c := range []string{"In accordance with:", "标准"} {
		l = synth(
			row(tcell{50, "Certificate No.: COC-2024-0117"}),
			row(tcell{50, c}, tcell{200, "EN 1186-1:2002"}),
		)
		wantFields(t, generic(t, l), map[string]string{labrelay.FieldTestStandards: "EN 1186-1:2002"})
	}
	l = synth(
		row(tcell{50, "Certificate No.: COC-2024-0117"}),
		row(tcell{50, "Requirements: As agreed with the client"}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldTestStandards: ""})
}

// A stacked value goes on over centred lines up to the next pair's
// caption, a Chinese one too.
func TestStackedValueStopsAtCaption(t *testing.T) {
	l := synth(
		row(mid("符合性证书")),
		row(),
		row(mid("委托单位")),
		row(mid("上海恒达电器有限公司")),
		row(mid("地址")),
		row(mid("上海市浦东新区工业大道244号")),
		row(mid("3栋4楼")),
		row(mid("产品名称")),
		row(mid("贴片电感")),
	)
	x := AnalyzeDefault(t, l)
	if x.Fields.ApplicantAddress != "上海市浦东新区工业大道244号3栋4楼" || x.Fields.ProductName != "贴片电感" {
		t.Errorf("address %q, product %q", x.Fields.ApplicantAddress, x.Fields.ProductName)
	}
}

// A certificate's statement whose subject a seal garbled ("prodyet") is
// read on a scan, in doubt; a text layer's words are as printed.
func TestStatementSubjectMisread(t *testing.T) {
	for _, s := range []string{"The prodyet fisted above conforms to RoHS 2011/65/EU.", "Based on the test report, the prQduct complies with RoHS 2011/65/EU."} {
		x := AnalyzeDefault(t, ocrPage(
			row(tcell{700, "Certificate of Conformity"}),
			row(tcell{180, "Certificate No.: C-25/0435/PEU"}),
			row(tcell{180, s}),
		))
		if x.Fields.OverallResult != labrelay.VerdictPass || x.Confidence["overall_result"] > confWeakOnly {
			t.Errorf("%q: overall_result %q at %.2f, want pass in doubt", s, x.Fields.OverallResult, x.Confidence["overall_result"])
		}
		if got := generic(t, synth(row(tcell{50, "Certificate No.: C-25/0435/PEU"}), row(tcell{50, s})))[labrelay.FieldOverallResult]; got != "" {
			t.Errorf("%q in a text layer: overall_result %q", s, got)
		}
	}
}
