package rules

import (
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
)

// Centred header cells: each a layout and the fields the generic reader
// must give for it.
var centredCases = []struct {
	name string
	l    *labrelay.Layout
	want map[string]string
}{
	{
		// A header table whose cells align middle: the two-line standards list
		// stands one line above its caption and one below.
		name: "CentredValueAroundItsCaption",
		l: synth(
			row(tcell{40, "Report No."}, tcell{160, "AB-1234"}),
			row(tcell{160, "IEC 62321-5:2013"}),
			row(tcell{40, "Test Standard:"}),
			row(tcell{160, "IEC 62321-4:2013+AMD1:2017"}),
			row(tcell{40, "Client"}, tcell{160, "ACME Trading"}),
		),
		want: map[string]string{
			"report_number":  "AB-1234",
			"test_standards": "IEC 62321-5:2013; IEC 62321-4:2013+AMD1:2017",
			"applicant_name": "ACME Trading",
		},
	},
	{
		// Three centred lines put the middle one beside the caption; the line
		// above cannot be the report number's tail (a code never wraps), so it
		// is the list's first line.
		name: "CentredOddValueAfterACode",
		l: synth(
			row(tcell{40, "Report No."}, tcell{160, "AB-1234"}),
			row(tcell{160, "IEC 62321-5:2013"}),
			row(tcell{40, "Test Standard"}, tcell{160, "IEC 62321-4:2013"}),
			row(tcell{160, "IEC 62321-7-2:2017"}),
			row(tcell{40, "Sample"}, tcell{160, "Flexible PCB"}),
		),
		want: map[string]string{
			"report_number":  "AB-1234",
			"test_standards": "IEC 62321-5:2013; IEC 62321-4:2013; IEC 62321-7-2:2017",
			"product_name":   "Flexible PCB",
		},
	},
	{
		// The same shape after an address, which does wrap, is read top-aligned:
		// nothing in the block shows centring.
		name: "TopAlignedBlockIsNotCentred",
		l: synth(
			row(tcell{40, "Client"}, tcell{160, "Columbus Brightwave LLC"}),
			row(tcell{40, "Address"}, tcell{160, "2020 Technology Park Road,"}),
			row(tcell{160, "Columbus, OH 43215, USA"}),
			row(tcell{40, "Test Standard"}, tcell{160, "IEC 62321-5:2013"}),
			row(tcell{160, "IEC 62321-4:2013"}),
			row(tcell{40, "Sample"}, tcell{160, "Flexible PCB"}),
		),
		want: map[string]string{
			"applicant_address": "2020 Technology Park Road, Columbus, OH 43215, USA",
			"test_standards":    "IEC 62321-5:2013; IEC 62321-4:2013",
			"product_name":      "Flexible PCB",
		},
	},
	{
		// A caption wrapped over two lines, its four-line value centred on them,
		// in the left pair of a four-column table.
		name: "CentredBesideAWrappedCaption",
		l: synth(
			row(tcell{40, "Model No."}, tcell{130, "LD9045-VK"}, tcell{300, "Contact Person"}, tcell{390, "Ms. Amy Tan"}),
			row(tcell{130, "IEC 62321-5:2013"}),
			row(tcell{40, "Standards"}, tcell{130, "IEC 62321-4:2013+AMD1:2017"}),
			row(tcell{40, "Applied"}, tcell{130, "IEC 62321-7-2:2017"}),
			row(tcell{130, "EN 14582:2016"}),
		),
		want: map[string]string{
			"model_number":   "LD9045-VK",
			"test_standards": "IEC 62321-5:2013; IEC 62321-4:2013+AMD1:2017; IEC 62321-7-2:2017; EN 14582:2016",
		},
	},
	{
		// A four-column header table aligned middle: each caption wraps over two
		// lines with its one-line value centred between them.
		name: "CentredBetweenWrappedCaptionLines",
		l: synth(
			row(tcell{40, "CERTIFICATE"}, tcell{300, "REPORTING"}),
			row(tcell{130, "LZM24-0343"}, tcell{390, "23-May-2024"}),
			row(tcell{40, "NUMBER"}, tcell{300, "DATE"}),
			row(tcell{130, "Columbus Brightwave"}),
			row(tcell{40, "APPLICANT"}, tcell{300, "SAMPLE"}),
			row(tcell{130, "Metal Works LLC"}, tcell{390, "Dashboard bezel"}),
			row(tcell{300, "DESCRIPTION"}),
		),
		want: map[string]string{
			"report_number":  "LZM24-0343",
			"issue_date":     "2024-05-23",
			"applicant_name": "Columbus Brightwave Metal Works LLC",
			"product_name":   "Dashboard bezel",
		},
	},
	{
		// A name wraps beside its caption's second line ("Manufacturer" over
		// "Name") while the left column's caption, centred on its own two-line
		// value, stands on a line between: that line does not end the name.
		name: "NameWrapsPastTheOtherColumnsCentredCaption",
		l: synthAt(
			yline{140.9, []tcell{{47, "Report Number"}, {132, "X1774868952"}, {302, "Date of Issue"}, {387, "20.04.2026"}}},
			yline{157.9, []tcell{{132, "Columbus Silverline"}, {302, "Manufacturer"}, {387, "Penang Everlink Connector"}}},
			yline{164.9, []tcell{{47, "Ordered by"}}},
			yline{170.3, []tcell{{132, "Optoelectronics Co., Ltd."}, {302, "Name"}, {387, "Technology Factory"}}},
		),
		want: map[string]string{
			"manufacturer_name": "Penang Everlink Connector Technology Factory",
		},
	},
	{
		// Items spaced apart, a five-line list centred on its caption's line: the
		// two lines above it are set apart from the item before, so they are the
		// list's.
		name: "CentredListSetApartFromTheItemAbove",
		l: synthAt(
			yline{240, []tcell{{47, "Model"}, {174, "U36PI053"}}},
			yline{259, []tcell{{47, "Receipt Date"}, {174, "2025.09.11"}}},
			yline{278, []tcell{{174, "IEC 62321-5:2013"}}},
			yline{290.5, []tcell{{174, "IEC 62321-4:2013+AMD1:2017"}}},
			yline{303, []tcell{{47, "Reference Standard"}, {174, "IEC 62321-7-2:2017"}}},
			yline{315.5, []tcell{{174, "IEC 62321-6:2015"}}},
			yline{328, []tcell{{174, "IEC 62321-8:2017"}}},
			yline{347, []tcell{{47, "Analysis Dates"}, {174, "2025.09.11 to 2025.09.13"}}},
		),
		want: map[string]string{
			"model_number":    "U36PI053",
			"received_date":   "2025-09-11",
			"test_standards":  "IEC 62321-5:2013; IEC 62321-4:2013+AMD1:2017; IEC 62321-7-2:2017; IEC 62321-6:2015; IEC 62321-8:2017",
			"test_start_date": "2025-09-11",
		},
	},
	{
		// A caption the lexicon lacks ("Applied") completed two lines
		// below by one it knows ("Standards"), the left column's line
		// between, its four-line list centred on both.
		name: "UnknownCaptionCompletedBelow",
		l: synthAt(
			yline{141.7, []tcell{{47, "Country of"}}},
			yline{147.1, []tcell{{132, "Malaysia"}, {302, "Reference No."}, {387, "GM-EQ-2573998-02"}}},
			yline{154.1, []tcell{{47, "Origin"}}},
			yline{275.8, []tcell{{47, "Test Requested"}, {132, "Selected tests"}, {302, "Job No."}, {387, "JOB-2291"}}},
			yline{292.8, []tcell{{387, "IEC 62321-5:2013"}}},
			yline{305.3, []tcell{{302, "Applied"}, {387, "IEC 62321-4:2013+AMD1:2017"}}},
			yline{311.5, []tcell{{47, "Analysis Period"}, {132, "13. April 2025 to 14. April 2025"}}},
			yline{317.7, []tcell{{302, "Standards"}, {387, "IEC 62321-7-2:2017"}}},
			yline{330.2, []tcell{{387, "IEC 62321-6:2015"}}},
		),
		want: map[string]string{
			"report_number":  "GM-EQ-2573998-02",
			"test_standards": "IEC 62321-5:2013; IEC 62321-4:2013+AMD1:2017; IEC 62321-7-2:2017; IEC 62321-6:2015",
		},
	},
	{
		// A caption the lexicon lacks ("Ursprungsland") over one it knows
		// ("Prüfdatum"), each beside its value: two captions, not one.
		name: "UnknownCaptionOverAKnownOne",
		l: synthAt(
			yline{237.8, []tcell{{43, "Probeneingang"}, {152, "2026-07-06"}}},
			yline{252.0, []tcell{{152, "IEC 62321-5:2013"}}},
			yline{264.4, []tcell{{152, "IEC 62321-4:2013+AMD1:2017"}}},
			yline{271.1, []tcell{{43, "Prüfnorm"}}},
			yline{276.9, []tcell{{152, "IEC 62321-7-2:2017"}}},
			yline{289.4, []tcell{{152, "IEC 62321-8:2017"}}},
			yline{303.6, []tcell{{43, "Ursprungsland"}, {152, "China"}}},
			yline{317.7, []tcell{{43, "Prüfdatum"}, {152, "2026-07-06 ~ 2026-07-12"}}},
		),
		want: map[string]string{
			"received_date":   "2026-07-06",
			"test_start_date": "2026-07-06",
			"test_end_date":   "2026-07-12",
		},
	},
	{
		// An address of two lines centred on its caption, and after a
		// list, a caption the lexicon lacks with its own value: not the
		// list caption's second line.
		name: "CaptionWithItsValueAfterAList",
		l: synthAt(
			yline{166.9, []tcell{{43, "Client Name"}, {132, "Hengtai Stamping Co., Ltd."}}},
			yline{181.1, []tcell{{132, "8th Floor, Building B, 22113 Hamburg,"}}},
			yline{187.8, []tcell{{43, "Client Address"}}},
			yline{193.6, []tcell{{132, "Germany"}}},
			yline{207.8, []tcell{{43, "Colour"}, {132, "Natural"}}},
			yline{278.6, []tcell{{132, "IEC 62321-5:2013"}}},
			yline{291.1, []tcell{{43, "Method(s)"}, {132, "IEC 62321-4:2013+AMD1:2017"}}},
			yline{303.6, []tcell{{132, "IEC 62321-7-2:2017"}}},
			yline{317.7, []tcell{{43, "Scope"}, {132, "Selected tests as requested"}}},
		),
		want: map[string]string{
			"applicant_address": "8th Floor, Building B, 22113 Hamburg, Germany",
			"test_standards":    "IEC 62321-5:2013; IEC 62321-4:2013+AMD1:2017; IEC 62321-7-2:2017",
		},
	},
	{
		// Three-line bilingual captions: a pair whose line prints nothing
		// right of its value ends where the next column's pairs start, so
		// the right column's line between does not cut it; "Name" ends
		// the caption above.
		name: "PairEndsAtTheNextColumn",
		l: synthAt(
			yline{141.7, []tcell{{47, "检测报告编号"}, {302, "出具日期 Date"}}},
			yline{147.1, []tcell{{132, "J1264319297"}, {387, "10. Juni 2026"}}},
			yline{154.1, []tcell{{47, "Report #"}, {302, "Issued"}}},
			yline{170.3, []tcell{{47, "委托单位 Company"}, {132, "Penang Oakridge Tableware"}}},
			yline{176.6, []tcell{{302, "品牌 Brand"}, {387, "—"}}},
			yline{182.8, []tcell{{47, "Name"}, {132, "Technology Co., Ltd."}}},
			yline{200.6, []tcell{{47, "样品描述 Test"}, {302, "任务号 Lab Job"}}},
			yline{206.1, []tcell{{132, "Cling film"}, {387, "JOB-2291"}}},
			yline{213.1, []tcell{{47, "Item"}, {302, "No."}}},
		),
		want: map[string]string{
			"report_number":  "J1264319297",
			"applicant_name": "Penang Oakridge Tableware Technology Co., Ltd.",
			"product_name":   "Cling film",
		},
	},
	{
		// Han captions each beside its value, in a block centred on its
		// standards list: a caption that ends in 期 or 号 is one of its
		// own, not the tail of the caption above ("报告编号" over
		// "报告日期" are two).
		name: "HanCaptionsAreNotTails",
		l: synth(
			row(tcell{40, "报告编号"}, tcell{160, "LOPH2686609523T"}),
			row(tcell{40, "报告日期"}, tcell{160, "16.09.2026"}),
			row(tcell{40, "申请单位"}, tcell{160, "Osaka Yongxin Co., Ltd."}),
			row(tcell{40, "测试项目"}, tcell{160, "Please refer to the result pages"}),
			row(tcell{40, "来样日期"}, tcell{160, "13.09.2026"}),
			row(tcell{160, "IEC 62321-5:2013"}),
			row(tcell{40, "检测依据"}),
			row(tcell{160, "IEC 62321-6:2015"}),
		),
		want: map[string]string{
			"report_number":  "LOPH2686609523T",
			"issue_date":     "2026-09-16",
			"applicant_name": "Osaka Yongxin Co., Ltd.",
			"received_date":  "2026-09-13",
			"test_standards": "IEC 62321-5:2013; IEC 62321-6:2015",
		},
	},
}

func TestCentred(t *testing.T) {
	for _, c := range centredCases {
		t.Run(c.name, func(t *testing.T) {
			wantFields(t, generic(t, c.l), c.want)
		})
	}
}

// A bilingual form prints the applicant in Chinese and in English, each
// under its own caption: the record keeps the English one.
func TestBilingualValueKeepsLatin(t *testing.T) {
	l := synth(
		row(tcell{40, "委托单位"}, tcell{160, "深圳市金慧创源科技有限公司"}),
		row(tcell{40, "Applicant"}, tcell{160, "Shenzhen Jinhui Technology Co., Ltd"}),
		row(tcell{40, "样品名称"}, tcell{120, "中文"}, tcell{200, "锂离子电池"}),
		row(tcell{40, "Sample name"}, tcell{120, "English"}, tcell{200, "Li-ion Battery"}),
	)
	got := generic(t, l)
	wantFields(t, got, map[string]string{"applicant_name": "Shenzhen Jinhui Technology Co., Ltd"})
	if p := got["product_name"]; p == "中文" || p == "English" {
		t.Errorf("product_name = %q, a language tag", p)
	}
}

// Inline captions ("Caption: value" in one cell) with a list centred on
// its caption: the lines above align with the list's own value, not with
// the value of the caption above, and as many stand below.
func TestInlineCentredList(t *testing.T) {
	cases := []struct {
		name string
		l    *labrelay.Layout
		want string
	}{
		{"centred", synth(
			row(tcell{40, "Quantity: 1 roll"}),
			row(tcell{126, "IEC 62321-5:2013"}),
			row(tcell{40, "Test Standard: IEC 62321-4:2013"}),
			row(tcell{126, "IEC 62321-7-2:2017"}),
			row(tcell{40, "Sample: Cable"}),
		), "IEC 62321-5:2013; IEC 62321-4:2013; IEC 62321-7-2:2017"},
		{"the line above is the previous value's", synth(
			row(tcell{40, "Address: No. 5 Harbour Road,"}),
			row(tcell{94, "IEC 62321-5 Street"}),
			row(tcell{40, "Test Standard: IEC 62321-4:2013"}),
			row(tcell{126, "IEC 62321-7-2:2017"}),
		), "IEC 62321-4:2013; IEC 62321-7-2:2017"},
		{"values start alike: no telling", synth(
			row(tcell{40, "Applicant: IEC Trading Co.,"}),
			row(tcell{104, "IEC 62321-5:2013"}),
			row(tcell{40, "Standards: IEC 62321-4:2013"}),
			row(tcell{104, "IEC 62321-7-2:2017"}),
		), "IEC 62321-4:2013; IEC 62321-7-2:2017"},
		{"fewer below than above", synth(
			row(tcell{40, "Quantity: 1 roll"}),
			row(tcell{126, "IEC 62321-5:2013"}),
			row(tcell{126, "IEC 62321-6:2015"}),
			row(tcell{40, "Test Standard: IEC 62321-4:2013"}),
			row(tcell{126, "IEC 62321-7-2:2017"}),
		), "IEC 62321-4:2013; IEC 62321-7-2:2017"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wantFields(t, generic(t, c.l), map[string]string{"test_standards": c.want})
		})
	}
}

// On a scan, lines are as close as in the text version of the page when
// their gap is, measured in the em their ink shows: capitals and digits
// stand 0.76 of it, a descender takes the box to 0.97. The rows of a
// header grid 17 pt apart in 9 pt type are apart; a value's lines 13 pt
// apart are close, whatever ink their boxes hold.
func TestTightOnScan(t *testing.T) {
	l := &labrelay.Layout{Pages: []labrelay.Page{{Number: 1, Width: 2480, Height: 3508, Unit: "px", Path: labrelay.PathOCR}}}
	add := func(y, h float64, text string) {
		var r labrelay.Row
		x := 180.0
		for _, w := range strings.Fields(text) {
			r.Words = append(r.Words, labrelay.Word{Text: w, Box: labrelay.Box{X: x, Y: y, W: 20 * float64(len(w)), H: h}, Conf: 0.95})
			x += 20*float64(len(w)) + 12
		}
		r.Box = unionBox(r.Words[0].Box, r.Words[len(r.Words)-1].Box)
		l.Pages[0].Rows = append(l.Pages[0].Rows, r)
	}
	// 300 dpi: 9 pt is 37.5 px; 17 pt 71 px; 13 pt 54 px
	add(1348, 37, "Period of Testing August 14, 2024 through August 18, 2024")
	add(1419, 30, "Attention Li Wei")
	add(1491, 29, "IEC 62321-5:2013")
	add(1545, 29, "IEC 62321-4:2013+AMD1:2017")
	v := newView(l)
	if len(v.Lines) != 4 {
		t.Fatalf("%d lines", len(v.Lines))
	}
	if tight(v.Lines[0], v.Lines[1]) {
		t.Error("rows 17 pt apart read as one block")
	}
	if !tight(v.Lines[2], v.Lines[3]) {
		t.Error("a value's lines 13 pt apart read as apart")
	}
}

// A bilingual caption under another is its translation only when each
// of its halves that is a caption names the same fields: "Customer
// Address / 申请人" (its 地址 wrapped to the next line) captions an
// address, not "Applicant / 客户名称" again.
func TestFragmentHalvesAgree(t *testing.T) {
	u := unit{lines: []bandLine{{cap: &cell{Text: "Applicant / 客户名称"}}}}
	if fragment(u, "Customer Address / 申请人", false) {
		t.Error("an address caption taken for the applicant caption's translation")
	}
	if !halvesAgree("Client / 申请人", []lexEntry{{field: labrelay.FieldApplicantName}}) {
		t.Error("the applicant's caption in two languages disagrees")
	}
}

// On a scan of a two-column grid the right column's pair ("品牌 Trade
// Mark") stands alone on a line between the lines of a list centred on a
// wrapped caption: it is the next column's, and does not cut the list.
func TestCentredListBesideNextColumnLine(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"颜色 Appearance", 197, 782, 299, 36}, {"Natural", 552, 781, 133, 30}, {"批号 Lot Number", 1260, 783, 297, 31}, {"08799565", 1614, 782, 186, 29}},
		{{"来 样 日 期 Date", 196, 849, 230, 45}, {"2024-04-04", 551, 878, 214, 30}, {"任务号 order Ref.", 1260, 874, 301, 36}, {"WO 88213", 1613, 879, 195, 29}},
		{{"Received", 196, 907, 167, 27}},
		{{"IEC 62321-5:2013", 552, 975, 331, 30}},
		{{"测试标准 Test", 197, 1028, 223, 31}, {"IEC 62321-4:2013+AMD1:2017", 552, 1027, 582, 30}},
		{{"品牌 Trade Mark", 1261, 1055, 288, 30}, {"—", 1613, 1070, 35, 4}},
		{{"Method", 197, 1082, 138, 27}, {"IEC 62321-7-2:2017", 552, 1079, 369, 30}},
		{{"IEC 62321-6:2015", 552, 1131, 331, 30}},
	})
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldTestStandards: "IEC 62321-5:2013; IEC 62321-4:2013+AMD1:2017; IEC 62321-7-2:2017; IEC 62321-6:2015"})
}

// An address caption read by context ("Adresse" under "Auftraggeber")
// is a caption of the block, not a line of the client's value: the name
// and the address are two values, not one centred on "Auftraggeber".
// The boxes are a scan's, captions and values of uneven height, and the
// page shows a centred block (the standards around "Angewandte Normen").
func TestCentredStopsAtAddressCaption(t *testing.T) {
	l := pxLayout(nil,
		[]pxCell{{196, 592, 32, "Vorgang"}, {728, 588, 31, "WO 88213"}},
		[]pxCell{{196, 726, 44, "Ansprechpartner"}, {729, 730, 35, "Ms. Amy Tan"}},
		[]pxCell{{194, 798, 44, "Ausstellungsdatum"}, {728, 801, 30, "2024-09-17"}},
		[]pxCell{{197, 874, 27, "Farbe"}, {730, 871, 30, "Black"}},
		[]pxCell{{195, 937, 45, "Auftraggeber"}, {729, 941, 38, "Qingdao Jinlong Fastener Technology Co., Ltd."}},
		[]pxCell{{195, 1016, 26, "Adresse"}, {730, 1012, 37, "No. 261 Harbour Drive, Qingdao, Shandong 266000, China"}},
		[]pxCell{{197, 1085, 27, "Hersteller"}, {728, 1082, 37, "Osaka Northstar Precision Metal Factory"}},
		[]pxCell{{196, 1150, 46, "Artikelnummer"}, {729, 1154, 30, "BP62763"}},
		[]pxCell{{197, 1221, 45, "Bestell-Nr."}, {729, 1225, 30, "SB2066293"}},
		[]pxCell{{197, 1298, 27, "Prüfdatum"}, {729, 1296, 36, "2024-09-12 through 2024-09-14"}},
		[]pxCell{{729, 1438, 30, "IEC 62321-5:2013"}},
		[]pxCell{{729, 1489, 30, "IEC 62321-4:2013+AMD1:2017"}},
		[]pxCell{{196, 1519, 33, "Angewandte Normen"}},
		[]pxCell{{730, 1542, 29, "IEC 62321-7-2:2017"}},
		[]pxCell{{728, 1594, 30, "AfPS GS 2019:01 PAK"}},
	)
	wantFields(t, generic(t, l), map[string]string{
		labrelay.FieldApplicantName:    "Qingdao Jinlong Fastener Technology Co., Ltd.",
		labrelay.FieldApplicantAddress: "No. 261 Harbour Drive, Qingdao, Shandong 266000, China",
	})
}

// "Address /" over "Adresse" is one caption in two languages, centred on
// its value's four lines: the address caption read by context does not
// part it (TestCentredStopsAtAddressCaption's rule stops at "Adresse"
// only under a caption that names no address).
func TestCentredBilingualAddressCaption(t *testing.T) {
	l := synthAt(
		at(141, tcell{46, "Report Ref. /"}, tcell{301, "Reporting Date /"}),
		at(147, tcell{131, "25/7565/QPQ"}, tcell{386, "Oct 5, 2025"}),
		at(154, tcell{46, "Zertifikat-Nr."}, tcell{301, "Berichtsdatum"}),
		at(170, tcell{386, "Room 1601, 2/F, No. 2 Workshop,"}),
		at(183, tcell{46, "Applicant /"}, tcell{131, "Dongguan Yongxin Components"}, tcell{301, "Address /"}, tcell{386, "Export Processing Zone, No. 203"}),
		at(196, tcell{46, "Antragsteller"}, tcell{131, "Ltd."}, tcell{301, "Adresse"}, tcell{386, "Calle de la Industria, Dongguan,"}),
		at(207, tcell{386, "Guangdong 523000, China"}),
		at(225, tcell{46, "Origin /"}, tcell{131, "China"}, tcell{301, "Made by /"}, tcell{386, "Xiamen Bluecrest Optoelectronics"}),
	)
	wantFields(t, generic(t, l), map[string]string{
		labrelay.FieldApplicantAddress: "Room 1601, 2/F, No. 2 Workshop, Export Processing Zone, No. 203 Calle de la Industria, Dongguan, Guangdong 523000, China",
	})
}

// A caption in two cells ("バッチ番号" | "Lot No.") in the middle of a
// column of pairs: the values above and below it are their own captions',
// not one value centred on "Lot No." (six lines above it and six below
// made one of thirteen).
func TestCaptionAmidPairsIsNotCentred(t *testing.T) {
	e, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	l := synthAt(
		at(100, tcell{40, "Report No."}, tcell{250, "C9261897800"}),
		at(114, tcell{40, "Colour"}, tcell{250, "White"}),
		at(128, tcell{40, "Issue Date"}, tcell{250, "10 June 2026"}),
		at(142, tcell{40, "バッチ番号"}, tcell{120, "Lot No."}, tcell{250, "L1801-57"}),
		at(156, tcell{40, "Brand"}, tcell{250, "N/A"}),
		at(170, tcell{40, "Customer PO"}, tcell{250, "PO-42-53874"}),
		at(184, tcell{40, "Sample Received"}, tcell{250, "9 June 2026"}),
		at(230, tcell{160, "IEC 62321-5:2013"}),
		at(244, tcell{40, "Test Standard"}),
		at(258, tcell{160, "IEC 62321-4:2013+AMD1:2017"}),
	)
	x, err := e.Analyze(t.Context(), l)
	if err != nil {
		t.Fatal(err)
	}
	if got := x.Fields.BatchNumber; got != "L1801-57" {
		t.Errorf("batch number %q, want L1801-57", got)
	}
}

// A scan's period beside its caption in a centred block whose reading
// joined the next pair's value to it ("… - Nov 17, 2024 Li Wei"): a date
// never wraps, the cell beside the caption is the period. The words are
// those of a generated scan's header block (seed 481), as OCR read them.
func TestCentredPeriodBesideCaption(t *testing.T) {
	rows := [][]ocrWord{
		{{"Meridian", 1326, 129, 221, 37}, {"Bay", 1568, 130, 92, 46}, {"Testing", 1676, 114, 191, 62}, {"Technology", 1885, 129, 296, 47}, {"K.K.", 2200, 130, 100, 37}},
		{{"142-6", 1675, 194, 81, 25}, {"Hongqiao", 1768, 188, 136, 37}, {"Road,", 1916, 195, 80, 25}, {"Busan", 2009, 195, 87, 25}, {"48058,", 2108, 195, 99, 26}, {"Korea", 2220, 196, 82, 23}},
		{{"PAGE", 2096, 411, 85, 27}, {"1", 2198, 412, 15, 26}, {"OF", 2227, 411, 42, 27}, {"1", 2286, 412, 14, 26}},
		{{"Certificate", 178, 484, 317, 45}, {"of", 517, 484, 62, 45}, {"Analysis", 596, 454, 263, 90}},
		{{"TEST", 177, 578, 89, 29}, {"REPORT", 279, 562, 141, 46}, {"NO.", 433, 579, 61, 28}, {"H6247742991", 680, 577, 260, 30}},
		{{"ISSUED", 179, 638, 128, 30}, {"ON", 320, 639, 51, 29}, {"Nov", 679, 638, 69, 29}, {"17,", 765, 638, 53, 32}, {"2024", 835, 637, 91, 31}},
		{{"REQUESTED", 180, 697, 214, 33}, {"BY", 408, 697, 43, 29}, {"Xiamen", 677, 695, 140, 31}, {"Oakridge", 832, 695, 169, 39}, {"Circuit", 1015, 695, 119, 37}, {"Manufacturing", 1149, 695, 267, 39}, {"LLC", 1432, 695, 65, 31}},
		{{"FACTORY. NAME", 179, 757, 276, 29}, {"Osaka", 678, 756, 113, 30}, {"Brightwave", 807, 756, 210, 38}, {"Semiconductor", 1031, 755, 281, 31}, {"Technology", 1323, 755, 216, 42}, {"Co.,", 1554, 756, 68, 42}, {"Ltd.", 1640, 755, 66, 31}},
		{{"BATCH", 179, 815, 118, 29}, {"NUMBER", 312, 798, 157, 59}, {"5019-96", 665, 807, 186, 38}},
		{{"SAMPLE", 178, 873, 138, 30}, {"RECEIVED", 331, 874, 175, 29}, {"Nov", 679, 873, 69, 29}, {"11,", 765, 873, 53, 33}, {"2024", 835, 872, 91, 31}},
		{{"ANALYSIS", 177, 934, 170, 29}, {"PERIOD", 358, 934, 134, 29}, {"Nov", 678, 932, 69, 30}, {"11,", 765, 933, 53, 33}, {"2024", 834, 932, 118, 31}, {"-", 938, 928, 20, 46}, {"Nov", 968, 934, 69, 29}, {"17,", 1054, 933, 53, 37}, {"2024", 1124, 932, 91, 62}},
		{{"ATTENTION", 178, 987, 200, 46}, {"Li", 679, 991, 30, 36}, {"Wei", 720, 991, 68, 31}},
		{{"IEC", 678, 1049, 57, 30}, {"62321-5:2013", 750, 1049, 261, 31}},
		{{"IEC", 679, 1102, 57, 30}, {"62321-4:2013+AMD1:2017", 751, 1101, 510, 35}},
		{{"APPLIED", 177, 1156, 145, 29}, {"STANDARDS", 336, 1156, 218, 29}, {"IEC", 678, 1154, 57, 30}, {"62321-7-2:2017", 750, 1154, 298, 38}},
		{{"IEC", 679, 1205, 56, 30}, {"62321-6:2015", 751, 1205, 260, 31}},
		{{"EN", 678, 1258, 48, 30}, {"14582:2016", 743, 1258, 222, 31}},
	}
	wantFields(t, generic(t, ocrWords(rows)), map[string]string{"test_start_date": "2024-11-11", "test_end_date": "2024-11-17"})
}

// In a grid of two pair columns, a value centred on the right pair's
// wrapped caption ("Description of" over "Sample") beside the left pair's
// caption ("Factory") is the right pair's: the left caption's value is
// in its own column. The words are a generated scan's (seed 449), as OCR
// read them.
func TestCentredBesideLeftPairCaption(t *testing.T) {
	rows := [][]ocrWord{
		{{"Baltica", 601, 139, 184, 39}, {"Materials", 811, 139, 257, 39}, {"Laboratory", 1093, 139, 304, 49}, {"(Monterrey)", 1419, 139, 331, 49}, {"S.A.", 1775, 140, 104, 38}},
		{{"2340", 686, 214, 71, 22}, {"Avenida", 768, 213, 115, 24}, {"del", 897, 214, 40, 22}, {"Puerto,", 952, 215, 98, 24}, {"Monterrey,", 1066, 215, 153, 27}, {"NL", 1234, 215, 35, 21}, {"64000,", 1281, 214, 97, 26}, {"Mexico", 1393, 214, 98, 22}, {"-", 1514, 224, 3, 4}, {"+2", 1542, 214, 37, 22}, {"21 9335", 1593, 214, 116, 23}, {"1059", 1724, 214, 70, 23}},
		{{"ENAC 144/LE5921", 203, 322, 306, 27}},
		{{"TEST", 177, 487, 150, 41}, {"REPORT", 350, 487, 239, 41}},
		{{"Our Ref.", 196, 590, 151, 27}, {"HYFA2567480425)", 553, 587, 341, 36}, {"Sample Quantity", 1260, 591, 311, 33}, {"2", 1615, 589, 18, 28}},
		{{"Reporting Date", 197, 661, 283, 33}, {"2025.06.07", 552, 659, 209, 29}, {"Origin", 1259, 656, 111, 44}, {"Germany", 1614, 660, 170, 35}},
		{{"8th Floor, Building B, Innovation", 1615, 729, 598, 37}},
		{{"Applicant", 1257, 759, 178, 32}},
		{{"Requested by", 197, 784, 255, 33}, {"Stuttgart Fairway Circuit Ltd.", 551, 781, 537, 37}, {"Industry Park, Minami-Semba 205,", 1615, 781, 641, 37}},
		{{"Address", 1258, 811, 150, 26}},
		{{"70565 Stuttgart, Germany", 1616, 834, 491, 36}},
		{{"Osaka Anke Optoelectronics Co.,", 551, 904, 610, 37}, {"Description of", 1260, 907, 262, 33}},
		{{"Factory", 197, 934, 139, 33}, {"Lithium battery pack", 1616, 930, 385, 38}},
		{{"Ltd.", 553, 956, 63, 30}, {"Sample", 1259, 960, 136, 32}},
		{{"From 2025.06.04 through", 1615, 1027, 477, 37}},
		{{"Model No.", 197, 1057, 183, 26}, {"BP27028", 552, 1054, 161, 29}},
		{{"2025.06.05", 1615, 1080, 209, 29}},
		{{"IEC 62321-5:2013", 553, 1151, 330, 29}},
		{{"IEC 62321-4:2013+AMD1:2017", 553, 1203, 581, 29}},
		{{"Test Standard(s)", 194, 1257, 313, 31}, {"IEC 62321-7-2:2017", 552, 1255, 369, 29}},
	}
	wantFields(t, generic(t, ocrWords(rows)), map[string]string{"product_name": "Lithium battery pack"})
}

// A scan's header block of German captions over values over English
// ones: a speck read as a letter ("i", half the words' height) above the
// block is no value line, and a line close above only to a title in a
// larger font between ("PAGE 1 OF 1" over "ANALYTICAL REPORT") is none of
// the block's. Either one made the value lines above and below the
// caption uneven and lost the date.
func TestCentredBlockUnderTitleAndSpeck(t *testing.T) {
	rows := [][]ocrWord{
		{{"PAGE", 2096, 411, 85, 27}, {"1", 2198, 412, 14, 26}, {"OF", 2227, 411, 41, 26}, {"1", 2285, 412, 15, 26}},
		{{"ANALYTICAL", 177, 464, 375, 64}, {"REPORT", 575, 485, 240, 43}},
		{{"i", 1854, 581, 26, 13}},
		{{"Bericht Nr.", 196, 590, 200, 28}, {"Berichtsdatum", 1260, 590, 271, 28}},
		{{"IASW2470059792Z", 551, 609, 359, 46}, {"April 19, 2024", 1613, 609, 262, 58}},
		{{"Certificate No.", 196, 641, 269, 29}, {"Date Reported", 1259, 642, 270, 34}},
		{{"Anschrift", 1258, 714, 171, 27}},
	}
	want := map[string]string{labrelay.FieldIssueDate: "2024-04-19", labrelay.FieldReportNumber: "IASW2470059792Z"}
	wantFields(t, generic(t, ocrWords(rows)), want)
	// without the speck, the title alone
	wantFields(t, generic(t, ocrWords(append(rows[:2:2], rows[3:]...))), want)
}

// A scan's grid of bilingual captions wrapped round their centred values:
// the line above one ("歼 量", a seal's garbling of the last pair's
// Chinese caption) neither takes its caption as its own second line nor
// hides it from a block of its own, and the report number under
// "Certificate No. / 报告号码" is read.
func TestCentredCaptionUnderGarbledLine(t *testing.T) {
	rows := [][]ocrWord{
		{{"Order Ref. / 任务", 196, 589, 293, 31}, {"No. of Samples /", 1260, 591, 305, 33}},
		{{"TKRBT¢", 549, 616, 153, 30}, {"10 pcs", 1616, 613, 119, 38}},
		{{"号", 196, 640, 30, 31}, {"歼 量", 1260, 636, 65, 48}},
		{{"Sample State /", 196, 712, 275, 35}, {"Certificate No. /", 1259, 713, 295, 30}},
		{{"Sealed bag", 550, 734, 208, 41}, {"URP26-5782.", 1614, 736, 242, 31}},
		{{"样品状态", 196, 762, 132, 32}, {"报告 号 码", 1260, 763, 130, 32}},
		{{"Reporting Date /", 196, 836, 310, 35}, {"Requested by/", 1259, 836, 281, 36}, {"Monterrey Ruifeng Tableware", 1615, 823, 552, 49}},
		{{"20264 2.08358", 558, 857, 273, 35}},
		{{"签发日期", 197, 876, 130, 52}, {"委托单位 “", 1260, 877, 157, 52}, {"Manufacturing LLC", 1615, 884, 366, 38}},
	}
	wantFields(t, generic(t, ocrWords(rows)), map[string]string{"report_number": "URP26-5782"})
}

// A bilingual caption wrapped round its value on a scan ("Product Code
// (产品编" over the value over "号)"), its Chinese tail misread ("5)"): a
// few characters closing a bracket nothing opened end the caption under
// the value line; not right under the caption, nor under a caption that
// names nothing.
func TestFragmentBracketTail(t *testing.T) {
	u := unit{lines: []bandLine{{cap: &cell{Text: "Product Code"}}}}
	for _, tail := range []string{"5)", "号)", "5）"} {
		if !fragment(u, tail, true) {
			t.Errorf("%q under the value: not the caption's tail", tail)
		}
	}
	if fragment(u, "5)", false) {
		t.Error(`"5)" right under the caption taken for its tail`)
	}
	if fragment(u, "Testing Period)", true) {
		t.Error("a caption taken for a misread tail")
	}
	if fragment(unit{lines: []bandLine{{cap: &cell{Text: "Colour"}}}}, "5)", true) {
		t.Error(`"5)" ends "Colour", no caption`)
	}
	rows := [][]ocrWord{
		{{"Sample (样品", 196, 1010, 311, 34}},
		{{"Product Code", 196, 1082, 249, 27}, {"Testing Period (", 1256, 1082, 298, 34}},
		{{"HS5689-WJ", 552, 1105, 203, 37}, {"02/14/2025 through 02/21/2025", 1614, 1105, 599, 37}},
		{{"5)", 197, 1133, 44, 31}, {"测试日期 )", 1260, 1128, 146, 50}},
	}
	wantFields(t, generic(t, ocrWords(rows)), map[string]string{"model_number": "HS5689-WJ"})
}

// A scan's Chinese header: "申请单位" over "地址", each with its value
// beside it, a company's whole name over a street address, are two pairs,
// not the caption 申请单位地址 wrapped round a two-line value; a name
// that goes on under an address caption's line is still one.
func TestPartyCaptionOverAddressCaption(t *testing.T) {
	pair := func(line int, c, v string) bandLine {
		return bandLine{line: line, cap: &cell{Text: c}, val: &cell{Text: v}}
	}
	reads, _ := splitCentred([]bandLine{pair(0, "申请单位", "厦门 市 金辉 电器 有 限 公 司"), pair(1, "地址", "福建省厦门市湖里区工业大道259号")})
	if len(reads) != 2 || len(reads[0].cells) != 1 || reads[0].cells[0].val.Text != "厦门 市 金辉 电器 有 限 公 司" {
		t.Errorf("reads %+v, want two pairs", reads)
	}
	reads, _ = splitCentred([]bandLine{pair(0, "申请单位", "厦门 市 金辉 电器"), pair(1, "地址", "福建省厦门市湖里区工业大道259号")})
	if len(reads) != 1 || len(reads[0].cells) != 2 {
		t.Errorf("no company form: reads %+v, want one caption wrapped", reads)
	}
}
