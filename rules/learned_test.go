package rules_test

import (
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/rules"
)

// A multiline caption rule reads a name wrapped in a grid beside its
// caption, which wrapped too; the next row's caption of another field
// under the caption is not a second line of it.
func TestWrappedBesideWrappedCaption(t *testing.T) {
	r := rules.Rule{Label: []string{"Applicant /"}, Where: "right", Multiline: true}
	for _, tc := range []struct {
		under, next, want string
	}{
		{"Antragsteller", "Ltd.", "Dongguan Yongxin Components Ltd."},
		{"Name", "Ltd.", "Dongguan Yongxin Components Ltd."},
		{"Antragsteller", "Factory", "Dongguan Yongxin Components Factory"}, // a caption word beside the caption's second line
		{"Manufacturer:", "Ningbo Bluecrest", "Dongguan Yongxin Components"},
		{"Antragsteller", "Address:", "Dongguan Yongxin Components"},
	} {
		l := layout(
			[]cellAt{{30, "Test Report"}, {170, "Report No.:"}, {260, "PPAP-2026-0412"}},
			[]cellAt{{50, "Applicant /"}, {150, "Dongguan Yongxin Components"}, {380, "Address /"}, {470, "No. 203 Keji Road,"}},
			[]cellAt{{50, tc.under}, {150, tc.next}, {380, "Adresse"}, {470, "Dongguan"}},
		)
		v, why, err := rules.NewDoc(l).Probe(labrelay.FieldApplicantName, r)
		if err != nil {
			t.Fatal(err)
		}
		if v != tc.want {
			t.Errorf("%s / %s: read %v (%s), want %q", tc.under, tc.next, v, why, tc.want)
		}
	}
}

// A bilingual grid prints each caption and value twice, one language a
// line: the second line is no wrapped part of the first.
func TestBilingualRowIsNoWrap(t *testing.T) {
	r := rules.Rule{Label: []string{"Sample Name:"}, Where: "right", Multiline: true}
	for _, tc := range []struct{ capt, under, next string }{
		{"Sample Name:", "样品名称", "聚合物锂离子电池"},
		{"Sample Name", "样品名称", "聚合物锂离子电池"},
	} {
		r.Label = []string{tc.capt}
		l := layout(
			[]cellAt{{30, "Test Report"}, {170, "Report No.:"}, {260, "PPAP-2026-0412"}},
			[]cellAt{{50, tc.capt}, {150, "Polymer Li-ion Battery"}},
			[]cellAt{{50, tc.under}, {150, tc.next}},
		)
		v, why, err := rules.NewDoc(l).Probe(labrelay.FieldProductName, r)
		if err != nil {
			t.Fatal(err)
		}
		if v != "Polymer Li-ion Battery" {
			t.Errorf("%s / %s: read %v (%s)", tc.capt, tc.under, v, why)
		}
	}
}

// A list in a grid's right column goes on beside the left column's rows
// and beside its caption wrapped over three lines.
func TestListBesideWrappedCaption(t *testing.T) {
	r := rules.Rule{Label: []string{"检测方法"}, Where: "right", Type: "list", Multiline: true, Pattern: `(?:EN|IEC) [0-9][0-9A-Za-z.\-]*(?::\d{4})?`}
	l := layout(
		[]cellAt{{30, "Test Report"}, {170, "Report No.:"}, {260, "PPAP-2026-0412"}},
		[]cellAt{{50, "检测开始日期"}, {150, "8. Juni 2026"}, {300, "检测方法"}, {400, "EN 1186-9:2002"}},
		[]cellAt{{50, "Analysis Start"}, {300, "Standards"}, {400, "EN 1186-2:2002"}},
		[]cellAt{{300, "Applied"}, {400, "EN 13130-1:2004"}},
	)
	v, why, err := rules.NewDoc(l).Probe(labrelay.FieldTestStandards, r)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := v.([]string)
	if want := "EN 1186-9:2002; EN 1186-2:2002; EN 13130-1:2004"; strings.Join(got, "; ") != want {
		t.Errorf("read %v (%s), want %s", v, why, want)
	}
}

// An address in a grid's right column wraps over three lines beside its
// caption's second line ("Address /" over "Adresse"), the third with the
// caption's column empty.
func TestAddressBesideWrappedCaption(t *testing.T) {
	r := rules.Rule{Label: []string{"Address /"}, Where: "right", Multiline: true}
	l := layout(
		[]cellAt{{30, "Test Report"}, {170, "Report No.:"}, {260, "PPAP-2026-0412"}},
		[]cellAt{{50, "Applicant /"}, {150, "Dongguan Yongxin"}, {300, "Address /"}, {400, "No. 203 Keji Road,"}},
		[]cellAt{{50, "Antragsteller"}, {150, "Ltd."}, {300, "Adresse"}, {400, "Dongguan 523000,"}},
		[]cellAt{{400, "China"}},
		[]cellAt{},
		[]cellAt{{50, "Origin /"}, {150, "China"}, {300, "Made by /"}, {400, "Xiamen Bluecrest"}},
	)
	v, why, err := rules.NewDoc(l).Probe(labrelay.FieldApplicantAddress, r)
	if err != nil {
		t.Fatal(err)
	}
	if want := "No. 203 Keji Road, Dongguan 523000, China"; v != want {
		t.Errorf("read %v (%s), want %q", v, why, want)
	}
}

// On a scan, a dotted leader OCR read as text between a caption and its
// value is no cell, and a name split after its "&" is one cell; the text
// layer's cells are as printed.
func TestScanCellsMended(t *testing.T) {
	for _, path := range []string{labrelay.PathOCR, labrelay.PathPDFText} {
		l := layout(
			[]cellAt{{50, "Issued ON"}, {150, ".pe"}, {250, "09/22/2025"}},
			[]cellAt{{50, "Applicant"}, {150, "Goldpath Rubber &"}, {350, "Plastics Co., Ltd."}},
		)
		l.Pages[0].Path = path
		var got []string
		for _, ln := range rules.NewDoc(l).Lines() {
			got = append(got, ln.Text)
		}
		want := []string{"Issued ON  09/22/2025", "Applicant  Goldpath Rubber & Plastics Co., Ltd."}
		if path != labrelay.PathOCR {
			want = []string{"Issued ON  .pe  09/22/2025", "Applicant  Goldpath Rubber &  Plastics Co., Ltd."}
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: lines %q, want %q", path, got, want)
		}
	}
}

// A list centred on its caption starts a line over the caption's line:
// a learned rule told so (above: 1) reads it whole, whether the list is
// inline after the caption or in the next column; over a line that is
// not one of its items (a caption and value), or centred otherwise than
// taught (a longer list starts higher up), it reads nothing.
func TestListCentredAboveCaption(t *testing.T) {
	const pat = `(?:EN|IEC) [0-9][0-9A-Za-z.\-]*(?::\d{4}(?:\+AMD\d:\d{4})?)?`
	for _, tc := range []struct {
		name  string
		rows  [][]cellAt
		above int
		want  string
	}{
		{"inline", [][]cellAt{
			{{50, "Quantity: 1 roll"}},
			{{90, "IEC 62321-5:2013"}},
			{{50, "测试标准: IEC 62321-4:2013+AMD1:2017"}},
			{{90, "IEC 62321-7-2:2017"}},
			{{50, "Condition: Intact"}},
		}, 1, "IEC 62321-5:2013; IEC 62321-4:2013+AMD1:2017; IEC 62321-7-2:2017"},
		{"inline, not taught", [][]cellAt{
			{{90, "IEC 62321-5:2013"}},
			{{50, "测试标准: IEC 62321-4:2013+AMD1:2017"}},
			{{90, "IEC 62321-7-2:2017"}},
		}, 0, "IEC 62321-4:2013+AMD1:2017; IEC 62321-7-2:2017"},
		{"column", [][]cellAt{
			{{50, "Testing Period"}, {170, "2025-11-12 to 2025-11-19"}},
			{{170, "IEC 62321-5:2013"}},
			{{50, "Method(s)"}, {170, "IEC 62321-4:2013+AMD1:2017"}},
			{{170, "IEC 62321-7-2:2017"}},
		}, 1, "IEC 62321-5:2013; IEC 62321-4:2013+AMD1:2017; IEC 62321-7-2:2017"},
		{"beside a two-line caption, a line of the left columns between", [][]cellAt{
			{{50, "Job No."}, {170, "JOB-2291"}},
			{{170, "IEC 62321-5:2013"}},
			{{100, "Applied"}, {170, "IEC 62321-4:2013+AMD1:2017"}},
			{{50, "Period"}},
			{{100, "Standards"}, {170, "IEC 62321-7-2:2017"}},
			{{170, "IEC 62321-6:2015"}},
		}, 3, "IEC 62321-5:2013; IEC 62321-4:2013+AMD1:2017; IEC 62321-7-2:2017; IEC 62321-6:2015"},
		{"longer this time: centred a line higher", [][]cellAt{
			{{90, "EN 14582:2016"}},
			{{90, "IEC 62321-5:2013"}},
			{{50, "测试标准: IEC 62321-4:2013+AMD1:2017"}},
			{{90, "IEC 62321-7-2:2017"}},
			{{90, "IEC 62321-6:2015"}},
		}, 1, ""},
		{"over a caption and its value", [][]cellAt{
			{{50, "Quantity: 1 roll"}},
			{{50, "测试标准: IEC 62321-4:2013+AMD1:2017"}},
			{{90, "IEC 62321-7-2:2017"}},
		}, 1, ""},
	} {
		label := "测试标准"
		switch {
		case tc.name == "column":
			label = "Method(s)"
		case strings.HasPrefix(tc.name, "beside"):
			label = "Standards"
		}
		r := rules.Rule{Label: []string{label}, Type: "list", Multiline: true, Pattern: pat, Above: tc.above}
		v, why, err := rules.NewDoc(layout(tc.rows...)).Probe(labrelay.FieldTestStandards, r)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := v.([]string)
		if strings.Join(got, "; ") != tc.want {
			t.Errorf("%s: read %v (%s), want %q", tc.name, v, why, tc.want)
		}
	}
}

// A value centred on a caption of another height is read over the lines
// the learner saw it on (span): a name's two lines around a one-line
// caption, a date between its caption's two lines. A value wrapped
// otherwise this time (one line, three) is not read.
func TestSpanCentredOnCaption(t *testing.T) {
	for _, tc := range []struct {
		name  string
		label string
		span  []int
		rows  [][]cellAt
		want  string
	}{
		{"name around its caption", "Address", []int{-1, 1}, [][]cellAt{
			{{50, "Made by"}, {150, "Penang Ruifeng Cable & Wire Inc."}},
			{},
			{{150, "169-16 Chuangye Avenue, Hai"}},
			{{50, "Address"}, {400, "Product Name"}, {480, "SMD inductor"}},
			{{150, "Phong 180000, Vietnam"}},
			{},
			{{50, "Model No."}, {150, "S41PI123"}},
		}, "169-16 Chuangye Avenue, Hai Phong 180000, Vietnam"},
		{"date between its caption's lines", "Sample", []int{1, 1}, [][]cellAt{
			{{50, "Sample"}},
			{{150, "01/13/2024"}, {300, "Start of Testing"}, {420, "01/14/2024"}},
			{{50, "Receiving Date"}},
		}, "01/13/2024"},
		{"one line this time", "Address", []int{-1, 1}, [][]cellAt{
			{{50, "Made by"}, {150, "Penang Ruifeng Cable & Wire Inc."}},
			{},
			{{50, "Address"}, {150, "169-16 Chuangye Avenue, Hai Phong"}},
			{},
			{{50, "Model No."}, {150, "S41PI123"}},
		}, ""},
		{"three lines this time", "Address", []int{-1, 1}, [][]cellAt{
			{{150, "Building 7, Floor 3,"}},
			{{150, "169-16 Chuangye Avenue, Hai"}},
			{{50, "Address"}, {400, "Product Name"}, {480, "SMD inductor"}},
			{{150, "Phong 180000, Vietnam"}},
		}, ""},
	} {
		r := rules.Rule{Label: []string{tc.label}, Where: "right", Span: tc.span}
		v, why, err := rules.NewDoc(layout(tc.rows...)).Probe(labrelay.FieldApplicantAddress, r)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := v.(string); got != tc.want {
			t.Errorf("%s: read %v (%s), want %q", tc.name, v, why, tc.want)
		}
	}
}

// With fewer_lines, a span value may stand on fewer of its lines, the
// caption's among them, still exactly: a longer one is not read, nor one
// that leaves the caption's line.
func TestSpanFewerLines(t *testing.T) {
	three := []int{-1, 1}
	for _, tc := range []struct {
		name string
		rows [][]cellAt
		want string
	}{
		{"one line", [][]cellAt{
			{{50, "Made by"}, {150, "Penang Ruifeng Cable & Wire Inc."}},
			{},
			{{50, "Address"}, {150, "169-16 Chuangye Avenue, Hai Phong"}},
			{},
			{{50, "Model No."}, {150, "S41PI123"}},
		}, "169-16 Chuangye Avenue, Hai Phong"},
		{"two lines from the caption's", [][]cellAt{
			{{50, "Made by"}, {150, "Penang Ruifeng Cable & Wire Inc."}},
			{},
			{{50, "Address"}, {150, "169-16 Chuangye Avenue,"}},
			{{150, "Hai Phong 180000, Vietnam"}},
			{},
			{{50, "Model No."}, {150, "S41PI123"}},
		}, "169-16 Chuangye Avenue, Hai Phong 180000, Vietnam"},
		{"four lines", [][]cellAt{
			{{150, "Building 7, Floor 3,"}},
			{{150, "169-16 Chuangye Avenue, Hai"}},
			{{50, "Address"}, {400, "Product Name"}, {480, "SMD inductor"}},
			{{150, "Phong 180000, Vietnam"}},
		}, ""},
		{"under the caption's line only", [][]cellAt{
			{{50, "Made by"}, {150, "Penang Ruifeng Cable & Wire Inc."}},
			{},
			{{50, "Address"}},
			{{150, "169-16 Chuangye Avenue"}},
		}, ""},
	} {
		r := rules.Rule{Label: []string{"Address"}, Where: "right", Span: three, FewerLines: true}
		v, why, err := rules.NewDoc(layout(tc.rows...)).Probe(labrelay.FieldApplicantAddress, r)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := v.(string); got != tc.want {
			t.Errorf("%s: read %v (%s), want %q", tc.name, v, why, tc.want)
		}
	}
}
