package rules

import (
	"slices"
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
)

func TestCleanOCRGlyphs(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Cr(V1)", "Cr(VI)"},
		{"Hexavalent Chromium (Cr(Vi))", "Hexavalent Chromium (Cr(VI))"},
		{"Cr(VI)", "Cr(VI)"},
		{"Fe(1)", "Fe(1)"}, // no Roman numeral in it: a footnote mark
		{"(vi) spare parts", "(vi) spare parts"},
		{"1EC 62321-5:2013", "IEC 62321-5:2013"},
		{"NEC 62321-4:2013+AMD1:2017", "IEC 62321-4:2013+AMD1:2017"}, {"EC 62321-4:2013+AMD1:2017", "IEC 62321-4:2013+AMD1:2017"}, {"AEC 62321-8:2017", "IEC 62321-8:2017"}, {"NEC 70", "NEC 70"},
		{"mg/dm?", "mg/dm²"},
		{"{EC 62321-4:2013", "IEC 62321-4:2013"},
		{"IEC 62321-5:2013 / \\CP-OES/AAS", "IEC 62321-5:2013 / ICP-OES/AAS"},
		{"[SO 8124", "ISO 8124"},
		{"[A] note", "[A] note"}, // a footnote mark, closed
		{"{x}", "{x}"},
		{"Hexavalent Chromium (Cr{Vij)", "Hexavalent Chromium (Cr(VI))"},
		{"Cr{VI}", "Cr(VI)"},
		{"Fe{III}", "Fe{III}"}, // no V: not read as a state
		{"EN.1186-9:2002 / gravimetry", "EN 1186-9:2002 / gravimetry"},
		{"NO.12345", "NO.12345"},
		{"Conform}", "Conform"},
		{"237]", "237"},
		{"TP2964-G]", "TP2964-G]"}, {"AB12]", "AB12"}, // a code's J read as a bracket: kept for tidyOCRCode
		{"[1]", "[1]"},
		{"mgkg", "mg/kg"},
		{"mgskg", "mg/kg"},
		{"mg/kg", "mg/kg"},
		{"mgs", "mgs"},
		{"µgIL", "µg/L"},
		{"ma/kg", "mg/kg"},
		{"mag/dm²", "mg/dm²"},
		{"mq/L", "mg/L"},
		{"ma/dm?", "mg/dm²"},
		{"mgfdm²", "mg/dm²"},
		{"mgjdm?", "mg/dm²"}, {"mgl/dm:", "mg/dm²"}, {"mgj", "mgj"},
		{"ma/km", "ma/km"},
		{"Ma/kg", "Ma/kg"},
		{"mg/dm2", "mg/dm²"},
		{"Measured {mg/kg)", "Measured (mg/kg)"},
		{"Test Resuit", "Test Result"},
		{"RESUIT", "RESULT"},
		{"Result", "Result"},
		{"valve", "valve"},
		{"mgfdm:", "mg/dm²"},
		{"<s 1000", "≤ 1000"},
		{"<s", "<s"},
		{"三1000", "≤1000"},
		{"(EC 62321-6:2015 GC-MS", "IEC 62321-6:2015 GC-MS"},
		{"jiEC 62321-5:2013; IEC 62321-4:2013", "IEC 62321-5:2013; IEC 62321-4:2013"},
		{"!EC 62321-5:2013", "IEC 62321-5:2013"},
		{"jiEC 2013", "jiEC 2013"},
		{"SEC 62321-6:2015", "IEC 62321-6:2015"},
		{"SEC 10-K", "SEC 10-K"},
		{"AFPS GS 2019:01 PAK", "AfPS GS 2019:01 PAK"},
		{"Not Oetected", "Not Detected"},
		{"Xiamen Summit.Components LLC", "Xiamen Summit Components LLC"},
		{"Tower.A", "Tower A"},
		{"Butyl benzyl.phthalate", "Butyl benzyl phthalate"},
		{"Ltd.Shenzhen", "Ltd.Shenzhen"},
		{"sgs.com", "sgs.com"},
		{"No.12", "No.12"},
		{"1AS TL-744", "IAS TL-744"},
		{"(AS TL-744", "IAS TL-744"},
		{"ENAc 415/LE9485", "ENAC 415/LE9485"},
		{"UKAS 7903", "UKAS 7903"},
		{"1AS was", "1AS was"},
		{"Enac Street", "Enac Street"},
		{"= n.d.", "n.d."},
		{"= 5", "= 5"},
		{"三 100", "三 100"},
		{"三", "三"},
		{"三号", "三号"},
		{"N.2 de informe", "N.º de informe"},
		{"N.2 12", "N.2 12"},
		{"Informe N.9", "Informe N.º"},
		{"Circuit Co., Ltd...", "Circuit Co., Ltd."}, {"No..145 Avenida", "No. 145 Avenida"}, {"Tower A,. Hi-Tech", "Tower A, Hi-Tech"},
		{"Wire !nc.", "Wire Inc."}, {"Tota!", "Total"},
		{"Ausstellungsdatum22.11.2024", "Ausstellungsdatum 22.11.2024"}, {"Date:2024-03-01", "Date: 2024-03-01"}, {"AB12-03-2024", "AB12-03-2024"},
		{"Date...", "Date..."}, {"No.....", "No....."}, {"etc..", "etc.."},
		{"N.9 47", "N.9 47"},
		{"No. 67 IndustriestraBe,", "No. 67 Industriestraße,"},
		{"industriestrafe,", "industriestraße,"}, {"IndustriestraGe", "Industriestraße"}, {"IndustriestrafSe,", "Industriestraße,"},
		{"IndustriestraRe,", "Industriestraße,"}, {"IndustriestrapBe,", "Industriestraße,"}, {"Industriestrape", "Industriestraße"},
		{"Strafe", "Strafe"}, {"Hauptstrasse", "Hauptstrasse"}, {"Industriestra&e,", "Industriestraße,"},
		{"STRABE", "STRABE"},
		{"Priifparameter", "Prüfparameter"}, {"Gepriift", "Geprüft"}, {"Prtifbericht", "Prüfbericht"}, {"Print", "Print"}, {"Prima", "Prima"},
		{"AbBey", "AbBey"},
		{"mg/dm", "mg/dm²"},
		{"mg/km", "mg/km"},
		{"n.d:", "n.d."},
		{"N.D,", "N.D."},
		{"n.d.", "n.d."},
		{"Overall migration， 3% acetic acid", "Overall migration, 3% acetic acid"},
		{"样品， 颜色", "样品， 颜色"},
		{"Industrial Co.，Ltd.", "Industrial Co., Ltd."},
	}
	for _, c := range cases {
		got := cleanOCR([]labrelay.Word{{Text: c.in, Conf: 0.95}})
		if len(got) != 1 || got[0].Text != c.want {
			t.Errorf("cleanOCR(%q) = %+v, want %q", c.in, got, c.want)
			continue
		}
		if changed := c.in != c.want; changed && got[0].Conf > correctedConf || !changed && got[0].Conf != 0.95 {
			t.Errorf("cleanOCR(%q): confidence %.2f", c.in, got[0].Conf)
		}
	}
}

// Words OCR read apart: the "²" of "mg/dm" as a word of its own, the "~"
// of a period (kept), a "~" speck (dropped).
func TestCleanOCRWords(t *testing.T) {
	cases := []struct {
		in   []string
		want string
	}{
		{[]string{"mg/dm", "5"}, "mg/dm²"},
		{[]string{"mg/dm", "x", "10"}, "mg/dm² 10"},
		{[]string{"mg/kg", "5"}, "mg/kg 5"},
		{[]string{"14/08/2025", "~", "20/08/2025"}, "14/08/2025 ~ 20/08/2025"},
		{[]string{"March 9, 2024", "~", "March 10, 2024"}, "March 9, 2024 ~ March 10, 2024"},
		{[]string{"Lead", "~", "ND"}, "Lead ND"},
		{[]string{"~", "2025"}, "2025"},
		{[]string{"50", "“=", "≤ 1000", "369"}, "50 ≤ 1000 369"},
		{[]string{"=", "5"}, "= 5"},
		{[]string{"DATE REPORTED:", "=", "15/09/2025"}, "DATE REPORTED: 15/09/2025"},
		{[]string{"Total", "=", "15"}, "Total = 15"},
		{[]string{"PUCKJS_", "LITE"}, "PUCKJS_LITE"},
		{[]string{"_", "LITE"}, "LITE"}, // a lone underscore is ruling
		{[]string{"(10%", "乙醇", ")", "Overall"}, "(10% 乙醇 ) Overall"},
		{[]string{"(以", "Pb", "计", ")"}, "(以 Pb 计 )"},
		{[]string{"Lead", ")", "ND"}, "Lead ND"}, // nothing to close: ruling
		{[]string{"(a)", ")", "ND"}, "(a) ND"},
		{[]string{"Signatory", "(批准", "):", "刘芳"}, "Signatory (批准 ): 刘芳"}, // the caption's colon with its bracket
		{[]string{"Lead", "):", "ND"}, "Lead ND"},
		{[]string{"批准人", ":", "王晓红"}, "批准人: 王晓红"}, // an East Asian caption keeps its colon
		{[]string{"Approved", ":", "Li"}, "Approved Li"},
		{[]string{"批准人", ":"}, "批准人"},
	}
	for _, c := range cases {
		var ws []labrelay.Word
		for _, s := range c.in {
			ws = append(ws, labrelay.Word{Text: s, Conf: 0.95})
		}
		var got []string
		for _, w := range cleanOCR(ws) {
			got = append(got, w.Text)
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("cleanOCR(%q) = %q, want %q", c.in, g, c.want)
		}
	}
	// a colon a word space from a caption and its value, as short as a
	// colon is, ends the caption; one a column gap off, or as tall as
	// the line, is a ruling
	word := func(t string, x, w, h float64) labrelay.Word {
		return labrelay.Word{Text: t, Box: labrelay.Box{X: x, Y: 100 + 30 - h, W: w, H: h}, Conf: 0.95}
	}
	for _, c := range []struct {
		colon labrelay.Word
		want  string
	}{
		{word(":", 280, 6, 18), "Customer: Dinghao"},
		{word(":", 380, 6, 18), "Customer Dinghao"},
		{word(":", 280, 6, 34), "Customer Dinghao"},
	} {
		var got []string
		for _, w := range cleanOCR([]labrelay.Word{word("Customer", 100, 160, 30), c.colon, word("Dinghao", c.colon.Box.X+c.colon.Box.W+16, 140, 30)}) {
			got = append(got, w.Text)
		}
		if g := strings.Join(got, " "); g != c.want {
			t.Errorf("colon at %+v: %q, want %q", c.colon.Box, g, c.want)
		}
	}
	if got := cleanOCR([]labrelay.Word{{Text: "Postal Address : No. 164 Chuangye Avenue", Conf: 0.9}}); got[0].Text != "Postal Address: No. 164 Chuangye Avenue" {
		t.Errorf("a colon inside a phrase: %q", got[0].Text)
	}
	// an MDL a column after a bare "mg/dm" is no superscript
	ws := []labrelay.Word{{Text: "mg/dm", Box: labrelay.Box{X: 621, W: 121, H: 35}}, {Text: "1", Box: labrelay.Box{X: 968, W: 16, H: 32}}}
	if got := cleanOCR(ws); len(got) != 2 || got[1].Text != "1" {
		t.Errorf("cleanOCR(mg/dm … 1) = %+v; want the 1 kept", got)
	}
}

// An OCR table's line height is its lines' median (the ink of
// "Reporting" hangs below the header's line); a text layer's is its
// header's.
func TestHeaderLineH(t *testing.T) {
	lines := func(path string, hs ...float64) *view {
		v := &view{}
		for _, h := range hs {
			v.Lines = append(v.Lines, line{Path: path, Page: 1, Box: labrelay.Box{H: h}})
		}
		return v
	}
	if got := headerLineH(lines(labrelay.PathOCR, 44, 36, 36, 28, 36, 37), 0); got != 36 {
		t.Errorf("OCR header: %v, want 36", got)
	}
	if got := headerLineH(lines(labrelay.PathPDFText, 9, 8, 8, 8), 0); got != 9 {
		t.Errorf("text header: %v, want 9", got)
	}
}

// Two cells read from an OCR page's ruling grid side by side stay two
// cells however close; two plain words that close are one.
func TestGridCellsStayApart(t *testing.T) {
	cells := func(a, b string) int {
		l := &labrelay.Layout{Pages: []labrelay.Page{{Number: 1, Path: labrelay.PathOCR, Rows: []labrelay.Row{{Words: []labrelay.Word{
			{Text: a, Box: labrelay.Box{X: 100, Y: 10, W: 380, H: 54}, Conf: 0.9},
			{Text: b, Box: labrelay.Box{X: 519, Y: 10, W: 186, H: 54}, Conf: 0.9},
		}}}}}}
		return len(newView(l).Lines[0].Cells)
	}
	if n := cells("检测方法 Method Ref.", "检出限 MDL"); n != 2 {
		t.Errorf("grid cells: %d cells, want 2", n)
	}
	if n := cells("Method", "MDL"); n != 1 {
		t.Errorf("plain words: %d cells, want 1", n)
	}
	// a word space between two grid words: one name the grid cut
	l := &labrelay.Layout{Pages: []labrelay.Page{{Number: 1, Path: labrelay.PathOCR, Rows: []labrelay.Row{{Words: []labrelay.Word{
		{Text: "Meridian Compliance Certification", Box: labrelay.Box{X: 100, Y: 10, W: 600, H: 30}, Conf: 0.9},
		{Text: "Co., Ltd.", Box: labrelay.Box{X: 716, Y: 10, W: 120, H: 30}, Conf: 0.9},
	}}}}}}
	if n := len(newView(l).Lines[0].Cells); n != 1 {
		t.Errorf("a name the grid cut at a word space: %d cells, want 1", n)
	}
}

// A speck caught in a word's box makes it twice its line's height; the
// gap before it is still measured against its neighbour's height, so it
// does not join the unit cell before it.
func TestTallWordStaysApart(t *testing.T) {
	l := &labrelay.Layout{Pages: []labrelay.Page{{Number: 1, Path: labrelay.PathOCR, Rows: []labrelay.Row{{Words: []labrelay.Word{
		{Text: "mg/kg", Box: labrelay.Box{X: 201, Y: 813, W: 106, H: 34}, Conf: 0.95},
		{Text: "Hexavalent", Box: labrelay.Box{X: 356, Y: 782, W: 191, H: 69}, Conf: 0.5},
		{Text: "Chromium (Cr(VI))", Box: labrelay.Box{X: 561, Y: 812, W: 320, H: 33}, Conf: 0.58},
		{Text: "8", Box: labrelay.Box{X: 2002, Y: 814, W: 19, H: 27}, Conf: 0.97},
		{Text: "n.d.", Box: labrelay.Box{X: 2106, Y: 813, W: 61, H: 28}, Conf: 0.88},
	}}}}}}
	var got []string
	for _, c := range newView(l).Lines[0].Cells {
		got = append(got, c.Text)
	}
	if want := []string{"mg/kg", "Hexavalent Chromium (Cr(VI))", "8", "n.d."}; !slices.Equal(got, want) {
		t.Errorf("cells %q, want %q", got, want)
	}
}

// A caption whose translation OCR garbled, or one letter off, is still
// the caption of its field in OCR text; a value or a plain word before a
// caption is not stripped away to make one.
func TestOCRCaption(t *testing.T) {
	for _, c := range []struct {
		text, field string
	}{
		{"Batch No. (Oy FHS)", "batch_number"},
		{"Date (HAR EIMA)", "issue_date"},
		{"Date (HAR EIMA) :", "issue_date"},
		{"Date (2024-05-01)", ""},
		{"Submitted by ( 依顿元 )", "applicant_name"},
		{"Purchase Order G#iEBS)", "po_number"},
		{"试验规格 Test Methods", "test_standards"},
		{"i375 Manufacturer Name", "manufacturer_name"},
		{">4513 Report #:", "report_number"},
		{"iat Manufacturer", "manufacturer_name"}, {"Applicant: / 申请人", "applicant_name"}, {"Applicant: / Hengtai Ltd.", ""},
		{"Maraufacturer", "manufacturer_name"}, {"Sangre Recert Date", ""}, {"Auftrag/Test Requested", ""}, {"the Manufacturer", ""},
		{"Ow FS Production Lot", "batch_number"},
		{"HAA HR issued on", "issue_date"}, {"WAL Report No.", "report_number"}, {"LOT No.", "batch_number"},
		{"CERTIFICATE NOD.", "report_number"},
		{"Batch No. 5063-10", ""},
		{"Raat Description of Sample", ""},
		{"Descripcién de la muestra Test Item", "product_name"},
		{"Test Item Batch Nox", ""},
		{"Hose clamp", ""},
		{"3£{7 A Reporting Date", "issue_date"}, {"3§{78 Date Issued", "issue_date"}, {"4/2 STYLE/ITEM NO.:", "model_number"}, {"告号码:", "report_number"}, {"号码:", ""}, {"委托单位地:", "applicant_address"},
	} {
		h, ok := parseCaptionOCR(c.text, true)
		got := ""
		if ok && strings.TrimSpace(h.rest) == "" && len(h.entries) > 0 {
			got = h.entries[0].field
		}
		if got != c.field {
			t.Errorf("parseCaptionOCR(%q) = %q (rest %q), want %q", c.text, got, h.rest, c.field)
		}
	}
}

func TestTidyOCRCode(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"KD2526- 91071", "KD2526-91071"}, {"JMB25- -9824", "JMB25-9824"}, {"AB- - 12", "AB- - 12"},
		{"$8243543958", "S8243543958"}, {"PO-$12", "PO-S12"},
		{"CN7759-C\\", "CN7759-C"},
		{"PF-237B-00 = -", "PF-237B-00"},
		{"MC-626}-93", "MC-626J-93"},
		{"TR 2025 20 6726", "TR 2025 20 6726"},
		{"A-12 (B]", "A-12 (B]"},
		{"F18, F19, S10", "F18, F19, S10"},
		{"2026-06-15", "2026-06-15"},
		{"ABC -", "ABC"}, {"PO-71-34897.", "PO-71-34897"}, {"PF5421-BW.", "PF5421-BW"}, {"18074559 一", "18074559"}, {"Rev. 2", "Rev. 2"},
		{"Pi23652", "PI23652"}, {"Al4649107", "AI4649107"}, {"Bl-OK-2516446-02", "BI-OK-2516446-02"}, {"Model", "Model"}, {"Hj8736104", "HJ8736104"}, {"M45Pi531-TE", "M45PI531-TE"},
		{"Rev2a", "Rev2a"}, {"RoHS-U1243117027", "RoHS-U1243117027"}, {"RoHS-24/0667/TKX", "RoHS-24/0667/TKX"}, {"5. Oktober 2026", "5. Oktober 2026"}, {"AB12cd", "AB12cd"}, {"ab1234", "ab1234"},
		{"25/9387/R]V", "25/9387/RJV"}, {"FB9436-Q)", "FB9436-QJ"}, {"MC-603)-82", "MC-603J-82"}, {"H00743-)", "H00743-J"}, {"B504986)", "B504986J"}, {"MC-603}-82", "MC-603J-82"}, {"1234)", "1234)"}, {"AB-12(C)", "AB-12(C)"}, {"12)", "12)"},
	} {
		if got := tidyOCRCode(c.in); got != c.want {
			t.Errorf("tidyOCRCode(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	for _, c := range []struct{ field, in, want string }{
		{labrelay.FieldPONumber, "PQ-81-60542", "PO-81-60542"}, {labrelay.FieldPONumber, "PQ81", "PO81"},
		{labrelay.FieldPONumber, "PQR-1", "PQR-1"}, {labrelay.FieldBatchNumber, "PQ-81", "PQ-81"},
		{labrelay.FieldReportNumber, "证明叫番 R-2024-622063", "R-2024-622063"}, {labrelay.FieldReportNumber, "报告 编号", "报告 编号"},
		{labrelay.FieldReportNumber, ".R=2025-341033", "R-2025-341033"}, {labrelay.FieldReportNumber, "DH2626-32784 ee:", "DH2626-32784"},
		{labrelay.FieldReportNumber, "A=B", "A=B"}, {labrelay.FieldModelNumber, "CB-092F-14 mm", "CB-092F-14 mm"},
		{labrelay.FieldReportNumber, "ELZ25+0533", "ELZ25-0533"}, {labrelay.FieldModelNumber, "ELZ25+0533", "ELZ25+0533"}, {labrelay.FieldReportNumber, "IEC+62321", "IEC+62321"},
		{labrelay.FieldBatchNumber, "< 37968075", "37968075"}, {labrelay.FieldBatchNumber, "| H78981-E", "H78981-E"}, {labrelay.FieldBatchNumber, "< 12", "< 12"},
	} {
		if got := tidyFieldCode(c.field, c.in); got != c.want {
			t.Errorf("tidyFieldCode(%s, %q) = %q, want %q", c.field, c.in, got, c.want)
		}
	}
}

// A pack's rule reading a code off a scan mends it as the generic reader
// does, at most at correctedConf; off a text layer it stays as printed.
func TestPackTidiesOCRCode(t *testing.T) {
	for _, path := range []string{labrelay.PathOCR, labrelay.PathPDFText} {
		v := &view{Lines: []line{{Page: 1, Path: path, Text: "Report No. KD2526- 91071"}}}
		r := &Rule{field: labrelay.FieldReportNumber, Confidence: 0.95}
		fd, why := (&Engine{}).finish(r, &docFuncs{v: v}, map[string]any{}, candidate{value: "KD2526- 91071", conf: 1, how: "right", line: 0})
		if fd == nil {
			t.Fatalf("%s: %s", path, why)
		}
		want, tidied := "KD2526- 91071", false
		if path == labrelay.PathOCR {
			want, tidied = "KD2526-91071", true
		}
		if fd.value != want || tidied != (fd.conf <= correctedConf) {
			t.Errorf("%s: %q at %.2f; want %q (tidied %v)", path, fd.value, fd.conf, want, tidied)
		}
	}
}

// On a scan a rule between a caption and its value, read as "|", is no
// value: the cell after it is.
func TestPlacementSkipsRule(t *testing.T) {
	c := func(s string, x float64) cell {
		return cell{Text: s, Box: labrelay.Box{X: x, Y: 100, W: 10 * float64(len(s)), H: 30}, Conf: 0.9}
	}
	v := &view{Lines: []line{{Page: 1, Path: labrelay.PathOCR, Cells: []cell{c("Testing Started", 195), c("|", 716), c("13/06/2024", 730)}}}}
	got := placements(v, 0, 0, labrelay.FieldTestStartDate)
	if len(got) == 0 || got[0].value != "13/06/2024" {
		t.Errorf("placements %+v; want 13/06/2024 right of the rule", got)
	}
}

// A party's name a pack's rule read as a street with its number (the
// caption "Applicant" over "Company name" and "Address") is no name; a
// name with a number is. A short Han run (a caption's misread half) is
// none either.
func TestPackNameIsNoStreet(t *testing.T) {
	v := &view{Lines: []line{{Page: 1, Path: labrelay.PathOCR, Text: "Applicant No. 202 Harbour Drive, Shenzhen,"}}}
	for _, field := range []string{labrelay.FieldApplicantName, labrelay.FieldManufacturerName} {
		r := &Rule{field: field, Confidence: 0.9}
		for value, want := range map[string]bool{"No. 202 Harbour Drive, Shenzhen,": false, "Jiangsu 215000, China": false, "Shenzhen No. 3 Plastics Co., Ltd.": true, "Plant 2, Acme Ltd.": true,
			"依顿者": false, "华信电子有限公司": true} {
			fd, why := (&Engine{}).finish(r, &docFuncs{v: v}, map[string]any{}, candidate{value: value, conf: 1, how: "right", line: 0})
			if (fd != nil) != want {
				t.Errorf("%s %q: found %v (%s), want %v", field, value, fd != nil, why, want)
			}
		}
	}
}

// A party read off a scan loses a sign a speck made before a number and
// gets its "S.A. de C.V." back; a name printed so stays.
func TestMendPartyOCR(t *testing.T) {
	mends(t, "mendPartyOCR", mendPartyOCR, map[string]string{
		"No. ≥3 Gewerbepark, Dongguan": "No. 3 Gewerbepark, Dongguan",
		// a Chinese name ends at its form: what follows is the next
		// cell's, unless it is the company's branch or works
		"上海通达硅胶制品股份有限公司硅胶保鲜盖":                         "上海通达硅胶制品股份有限公司",
		"华信电子有限公司深圳分公司":                               "华信电子有限公司深圳分公司",
		"华信电子有限公司第二工厂":                                "华信电子有限公司第二工厂",
		"Brightwave Optoelectronics S.A. de CV,":      "Brightwave Optoelectronics S.A. de C.V.",
		"Ruifeng Components S.A. de C.V":              "Ruifeng Components S.A. de C.V.",
		"Ruifeng Components S.A. de C.V.":             "Ruifeng Components S.A. de C.V.",
		"Unit 5, Building B, Science Park ≥ Phase II": "Unit 5, Building B, Science Park ≥ Phase II",
		"Penang Jinlong Semiconductor S.A. de cv.":    "Penang Jinlong Semiconductor S.A. de C.V.",
		"Unit 26, Tower A, Bao‘an District":           "Unit 26, Tower A, Bao'an District",
		"Busan Anke Stamping Co., (td.":               "Busan Anke Stamping Co., Ltd.",
		"Hamburg. Summit Circuit Factory":             "Hamburg Summit Circuit Factory",
		"Silverline Plastic Products. Ltd.":           "Silverline Plastic Products Ltd.",
		"Hengtai Electronics Factory.":                "Hengtai Electronics Factory",
		"Summit Trading Corp.":                        "Summit Trading Corp.",
		"Dr. Wong Trading":                            "Dr. Wong Trading",
		"‘Quoted’ Trading":                            "‘Quoted’ Trading",
		"Qingdao Oakridge Electronics 5.A. de C.V.":   "Qingdao Oakridge Electronics S.A. de C.V.",
		"Ningbo Kaida Circuit Co.; Ltd.":              "Ningbo Kaida Circuit Co., Ltd.",
		"Room 5, 5.A Street":                          "Room 5, 5.A Street",
		"Osaka Goldpath Auto Parts S.A. de CW.":       "Osaka Goldpath Auto Parts S.A. de C.V.",
		"Suzhou Summit Optoelectronics inc.":          "Suzhou Summit Optoelectronics Inc.",
		"the inc.":                                    "the inc.",
		"Ningbo Yongxin Connector Technology tnc.":    "Ningbo Yongxin Connector Technology Inc.",
		"Dongguan Northstar Electronics.S.A. de C.V.": "Dongguan Northstar Electronics S.A. de C.V.",
		"Xiamen Dinghao Components S.A, de C.V.":      "Xiamen Dinghao Components S.A. de C.V.",
		"Dinghao Housewares Co., Ltd,":                "Dinghao Housewares Co., Ltd.",
		"Calle de ia Industria 216, 22113 Hamburg":    "Calle de la Industria 216, 22113 Hamburg",
		"Via Ia Spezia 4, Milano":                     "Via Ia Spezia 4, Milano",
		"依顿元: Goldpath Cable & Wire Factory":          "Goldpath Cable & Wire Factory",
		"深圳市: 南山区":                                    "深圳市: 南山区",
	})
	// an address: the caption's other language garbled before it, the
	// comma before its country a speck took
	mends(t, "mendAddressOCR", mendAddressOCR, map[string]string{
		"依 顿 者 No. 206 Hongqiao Road, Qingdao, Shandong 266000, China": "No. 206 Hongqiao Road, Qingdao, Shandong 266000, China",
		"Gewerbepark 48, 70565 Stuttgart Germany":                      "Gewerbepark 48, 70565 Stuttgart, Germany",
		"2-6 Industriestrae, Busan 48058, Korea":                       "2-6 Industriestraße, Busan 48058, Korea",
		"No. 208 {ndustriestraKe, Ningbo":                              "No. 208 Industriestraße, Ningbo",
		"Schlossstraße 4, Berlin":                                      "Schlossstraße 4, Berlin",
		"< 2130 Calle de la Industria, Columbus":                       "2130 Calle de la Industria, Columbus",
		"104-16 Gewerbepark, Osaka 530- 0001, Japan.":                  "104-16 Gewerbepark, Osaka 530-0001, Japan",
		"No, 163 Xinghu Street, Dongguan":                              "No. 163 Xinghu Street, Dongguan",
		"Binhai 3rd Road 169,.70565 Stuttgart, Germany":                "Binhai 3rd Road 169, 70565 Stuttgart, Germany",
		"ist Floor, Plant 4, No. 194 Industriestrage":                  "1st Floor, Plant 4, No. 194 Industriestraße",
		"深圳市 南山区":                                                      "深圳市 南山区",
		"Stuttgart Germany":                                            "Stuttgart Germany",
		"Keji Road 5, 46015 Valencia Road":                             "Keji Road 5, 46015 Valencia Road",
		// a speck's quote before a word; an apostrophe within one stays
		"2200 Calle de la Industria, Monterrey, NL 64000, ‘Mexico": "2200 Calle de la Industria, Monterrey, NL 64000, Mexico",
		"Bao'an District, Shenzhen":                                "Bao'an District, Shenzhen",
		// a semicolon between two parts is a comma and a speck
		"No. 262 Industriestraße; Dongguan, Guangdong 523000, China": "No. 262 Industriestraße, Dongguan, Guangdong 523000, China",
		"Xiamen, Fujian 361000; China":                               "Xiamen, Fujian 361000, China",
		"Room 5;b":                                                   "Room 5;b",
		// a speck's quote before the first word
		"‘87-8 Chuangye Avenue, Busan 48058, Korea": "87-8 Chuangye Avenue, Busan 48058, Korea",
		// a comma before it: the caption's colon read so
		"， 广东省深圳市宝安区建设路135号5栋9楼":    "广东省深圳市宝安区建设路135号5栋9楼",
		", No. 5 Keji Road, Xiamen": "No. 5 Keji Road, Xiamen",
		// a Chinese address ends at its number, its building and floor:
		// what follows is the next cell's value read on
		"福建省厦门市湖里区建设路3号 As requested by the client Silver": "福建省厦门市湖里区建设路3号",
		"山东省青岛市黄岛区工业大道245号连接器":                             "山东省青岛市黄岛区工业大道245号",
		"湖北省武汉市东西湖区科技路232号 HS-365L-44":                     "湖北省武汉市东西湖区科技路232号",
		"广东省东莞市长安镇高新大道112号10栋4楼":                           "广东省东莞市长安镇高新大道112号10栋4楼",
		"浙江省宁波市鄞州区创业路157号3栋7楼 701室":                        "浙江省宁波市鄞州区创业路157号3栋7楼 701室",
		"上海市浦东新区人民路58号 2 栋 3 楼":                            "上海市浦东新区人民路58号 2 栋 3 楼",
		"深圳市宝安区福永街道凤凰路215号A座":                              "深圳市宝安区福永街道凤凰路215号A座",
	})
}

// A Japanese name read in simplified Chinese forms gets the Japanese
// ones; a Chinese name (no family name of two apart) stays.
func TestJapaneseName(t *testing.T) {
	mends(t, "japaneseName", japaneseName, map[string]string{
		"田中 惠子": "田中 恵子", "铃木 美咲": "鈴木 美咲", "赵 敏": "赵 敏", "李惠": "李惠", "Grace Huang": "Grace Huang",
	})
}

// mends checks each input of cases mended by f to its want.
func mends(t *testing.T, name string, f func(string) string, cases map[string]string) {
	t.Helper()
	for in, want := range cases {
		if got := f(in); got != want {
			t.Errorf("%s(%q) = %q, want %q", name, in, got, want)
		}
	}
}

// A product's name read off a scan with its first "I" small takes the
// capital; a name printed small otherwise, or short, stays.
func TestSentenceCaseOCR(t *testing.T) {
	for in, want := range map[string]string{
		"interior trim panel": "Interior trim panel",
		"jumper wire":         "Jumper wire",
		"iPad case":           "iPad case",
		"inlet":               "Inlet",
		"insulated-wire":      "insulated-wire",
		"wheel nut":           "wheel nut",
		"ink":                 "ink",
		// a speck read as a stop after a word
		"Ferrite bead.":      "Ferrite bead",
		"Bamboo fibre. bowl": "Bamboo fibre bowl",
		"Cable assy.":        "Cable assy.",
		"Capacitor, 10 uF.":  "Capacitor, 10 uF.",
	} {
		if got := sentenceCaseOCR(in); got != want {
			t.Errorf("sentenceCaseOCR(%q) = %q, want %q", in, got, want)
		}
	}
}

// A party's name or address read off a scan prints its words capitalised:
// a long word OCR read with a small "i" or "j" among them takes the
// capital; particles and a value of few capitalised words stay.
func TestTitleCaseOCR(t *testing.T) {
	for in, want := range map[string]string{
		"Room 210, 12/F, Tower A, Hi-Tech industrial Park, Ningbo": "Room 210, 12/F, Tower A, Hi-Tech Industrial Park, Ningbo",
		"Shenzhen jinlong Tableware Manufacturing LLC":             "Shenzhen Jinlong Tableware Manufacturing LLC",
		"1st Floor, Tower A, innovation Industry Park":             "1st Floor, Tower A, Innovation Industry Park",
		"Avenida del Puerto 275, Valencia":                         "Avenida del Puerto 275, Valencia",
		"Plaza industrial":                                         "Plaza industrial",
		"Zona industriale Nord, Milano, Italy":                     "Zona Industriale Nord, Milano, Italy",
		"Via delle industrie 5, Verona, Italy":                     "Via delle Industrie 5, Verona, Italy",
		"73-1 industriestraße, Osaka 530-0001, Japan":              "73-1 Industriestraße, Osaka 530-0001, Japan",
		"jinlong Semiconductor Ltd.":                               "Jinlong Semiconductor Ltd.",
		"industrial Park":                                          "industrial Park", // one capitalised word: too few
		"jinlong Precision (Europe)":                               "Jinlong Precision (Europe)",
		"Acme Road, Ipswich, intercity Park":                       "Acme Road, Ipswich, Intercity Park",
		"jiniong Components S.A. de C.V.":                          "Jiniong Components S.A. de C.V.",
		"jinlong Precision Metai Inc.":                             "Jinlong Precision Metai Inc.",
		"Via delle industrie 5, Verona, IT":                        "Via delle Industrie 5, Verona, IT",
		"insulated copper wire, Verona Italy":                      "insulated copper wire, Verona Italy", // "copper" is printed small
	} {
		if got := titleCaseOCR(in); got != want {
			t.Errorf("titleCaseOCR(%q) = %q, want %q", in, got, want)
		}
	}
}

// A month name OCR read without its accent is still the month: "8. Marz
// 2025", "3 aout 2026", "12 fevrier 2026".
func TestLocalDateWithoutAccents(t *testing.T) {
	for in, want := range map[string]string{
		"8. Marz 2025": "8 March 2025", "3 aout 2026": "3 August 2026", "12 fevrier 2026": "12 February 2026", "1 Janner 2026": "1 January 2026",
	} {
		if got := localDate(in); got != want {
			t.Errorf("localDate(%q) = %q, want %q", in, got, want)
		}
	}
}

// On a scan, a centred value that is a short East Asian run between its
// caption and another cell is the caption's misread half, no value.
func TestMisreadHalf(t *testing.T) {
	c := func(s string, x float64) cell { return cell{Text: s, Box: labrelay.Box{X: x, W: 100, H: 30}} }
	ln := line{Page: 1, Path: labrelay.PathOCR, Cells: []cell{c("Applicant Name", 180), c("依顿者", 553), c("Oakridge Fastener Ltd.", 760)}}
	if !misreadHalf(ln, 0, candidate{value: "依顿者"}) {
		t.Error("依顿者 before the value taken for the value")
	}
	ln.Cells = ln.Cells[:2]
	if misreadHalf(ln, 0, candidate{value: "依顿者"}) {
		t.Error("a Han value alone after its caption taken for a misread half")
	}
}

// A word of a client's name or address one or two glyph confusions from
// a word such names are made of is that word; a word near none, or near
// two, stays.
func TestRespellNameWords(t *testing.T) {
	for in, want := range map[string]string{
		"Jinlong Precision Metai Inc.":                     "Jinlong Precision Metal Inc.",
		"Valencia Everlink Automative Systems Corporation": "Valencia Everlink Automotive Systems Corporation",
		"1st Fioor, Plant 4, 2390 Chuangye Avenue":         "1st Floor, Plant 4, 2390 Chuangye Avenue",
		"Bluecrest Paper Products Inc.":                    "Bluecrest Paper Products Inc.",
		"Northwind Metan Works":                            "Northwind Metan Works",
		"MANUFACTURiNG":                                    "MANUFACTURiNG",
		"Dongquan Yongxin Components Manufacturing LLC":    "Dongguan Yongxin Components Manufacturing LLC",
		"No. 8 Binhai Road, Ningbo, Zhejlang":              "No. 8 Binhai Road, Ningbo, Zhejiang",
		"Anke Auto Parts (ndustrial Co., Ltd.":             "Anke Auto Parts Industrial Co., Ltd.",
		"Bluecrest Packaging [ndustrial Co., Ltd.":         "Bluecrest Packaging Industrial Co., Ltd.",
		"Anke (ndustrial Co. (Shenzhen)":                   "Anke (ndustrial Co. (Shenzhen)",
		"Suzhou Bluecrest Cabie & Wire Co., Ltd.":          "Suzhou Bluecrest Cable & Wire Co., Ltd.",
		"257-12 \\ndustriestraße, Osaka":                   "257-12 Industriestraße, Osaka",
	} {
		if got := respellNameWords(in); got != want {
			t.Errorf("respellNameWords(%q) = %q, want %q", in, got, want)
		}
	}
}

// A speck after a person's name is no period; an initial's or a title's
// is. "Or." before a name is "Dr." misread.
func TestNameSpeck(t *testing.T) {
	for in, want := range map[string]string{"Sophie Kim.": "Sophie Kim", "John A. Smith Jr.": "John A. Smith Jr.", "Li J.": "Li J.", "Kim.": "Kim.", "Hans Maier Dipl.": "Hans Maier Dipl.",
		"Or. Stefan Keller": "Dr. Stefan Keller", "Or. 3 Keller": "Or. 3 Keller"} {
		if got := dropNameSpeck(in); got != want {
			t.Errorf("dropNameSpeck(%q) = %q, want %q", in, got, want)
		}
	}
}

// A ruling's stroke read as a letter ("Anschrift j", the j 2 px wide and
// 30 tall) is no cell, and its box no part of the line's: left in, it
// drew the line up within a line spacing of the caption above, and the
// block of captions over values ran on into the next.
func TestRulingStrokeDropped(t *testing.T) {
	v := newView(ocrWords([][]ocrWord{
		{{"Cartificate No.", 196, 641, 269, 29}, {"Date Reported", 1259, 642, 270, 34}},
		{{"Anschrift", 1258, 714, 171, 27}, {"j", 1715, 703, 2, 30}},
		{{"Antragsteller", 195, 733, 249, 46}, {"Dongguan Oakridge", 548, 727, 400, 47}},
	}))
	ln := v.Lines[1]
	if len(ln.Cells) != 1 || ln.Cells[0].Text != "Anschrift" || ln.Box.Y != 714 {
		t.Fatalf("line %q, box %+v: want the stroke dropped", ln.Text, ln.Box)
	}
	if tight(v.Lines[0], ln) {
		t.Errorf("the caption line and the next a line spacing under it read as one block")
	}
	// a glyph as wide as a letter stays
	v = newView(ocrWords([][]ocrWord{{{"Quantity", 195, 733, 180, 30}, {"1", 548, 733, 12, 28}}}))
	if len(v.Lines[0].Cells) != 2 {
		t.Errorf("a narrow 1 dropped: %q", v.Lines[0].Text)
	}
}

// A scan's Han caption and a Latin value in one cell, no colon between
// them, part where the script changes; a caption a character short
// ("委托单位地", its 址 read into the value's first word) is the one it
// starts (a scan's words). Its translation after it is no value, and a
// text layer's cell is not parted so.
func TestHanCaptionThenValue(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"检测报告编号", 180, 575, 235, 34}, {":", 419, 568, 17, 52}, {"24/6413/OQN", 451, 577, 250, 34}},
		{{"签发日期", 181, 633, 159, 35}, {":", 347, 629, 16, 47}, {"18.12.2024", 377, 636, 209, 30}},
		{{"委托单位", 181, 751, 159, 35}, {":", 345, 746, 17, 50}, {"Kaida", 377, 753, 98, 30}, {"Housewares", 494, 756, 224, 28}, {"Corporation", 733, 754, 217, 37}},
		{{"委托单位地", 181, 810, 205, 35}, {"2440", 408, 805, 133, 49}, {"Gewerbepark,", 558, 813, 258, 37}, {"Columbus,", 832, 813, 194, 35}, {"OH", 1044, 815, 53, 29}, {"43215,", 1114, 815, 125, 32}, {"USA", 1258, 815, 73, 29}},
		{{"品名", 182, 870, 83, 34}, {":", 263, 866, 18, 47}, {"Melamine", 302, 871, 177, 30}, {"plate", 496, 872, 90, 37}},
	})
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldApplicantAddress: "2440 Gewerbepark, Columbus, OH 43215, USA"})
	for _, c := range []struct {
		text, rest string
		ok         bool
	}{
		{"委托单位地 2440 Gewerbepark, Columbus", "2440 Gewerbepark, Columbus", true},
		{"委托单位 Kaida Housewares", "Kaida Housewares", true},
		{"委托单位地址 Applicant Address", "", false},
		{"委托单位地址 of the sample", "", false},
		{"委托单位地址 北京", "", false},
		// a Han name after a signatory's caption; not after another's,
		// nor the signature's or the seal's word
		{"批准人 赵敏", "赵敏", true},
		{"批准人 赵 敏", "赵 敏", true},
		{"委托单位 华信", "", false},
		{"批准人 签名", "", false},
		{"批准人 检测专用章", "", false},
	} {
		h, ok := hanCaptionThenValue(strings.Fields(c.text), true)
		if ok != c.ok || h.rest != c.rest || ok && !h.sep {
			t.Errorf("%q: %v rest %q sep %v; want %v rest %q", c.text, ok, h.rest, h.sep, c.ok, c.rest)
		}
	}
	if _, ok := hanCaptionThenValue(strings.Fields("委托单位 Kaida Housewares"), false); ok {
		t.Error("a text layer's cell parted at the script")
	}
	// a colon read as a one ends a date's caption, in doubt (no colon
	// seen); before other values the one may be the value's
	if h, ok := hanCaptionThenValue(strings.Fields("发布日期1 9 August 2024"), true); !ok || h.rest != "9 August 2024" || h.sep {
		t.Errorf("发布日期1: %v rest %q sep %v", ok, h.rest, h.sep)
	}
	for _, in := range []string{"委托单位1 Kaida Housewares", "报告编号1 2345", "发布日期1 9 of 12"} {
		if h, ok := hanCaptionThenValue(strings.Fields(in), true); ok {
			t.Errorf("%q read as caption and %q", in, h.rest)
		}
	}
	// a Han translation in brackets, closed or not, ends the caption
	for in, want := range map[string]string{"Report No. (试验报告书番号 ) 26/6200/CPT": "26/6200/CPT", "Report No. (报告编号)": "", "Date (HAR EIMA)": ""} {
		if h, ok := parseCaptionOCR(in, true); !ok || h.rest != want || want != "" && !h.sep {
			t.Errorf("%q: %v rest %q sep %v; want rest %q", in, ok, h.rest, h.sep, want)
		}
	}
}

// A field's own caption's value wins over a weak caption's ("JOB NO."
// names a report number only weakly), though OCR read the weak one's
// surer (a scan's words); both are flagged for review.
func TestStrongCaptionOverWeak(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"任务号 /JOB NO.", 194, 586, 254, 46}, {"C26-04417", 549, 589, 202, 28}, {"检测报告编号", 1257, 585, 197, 48}, {"ZI2631-65789", 1612, 587, 260, 29}},
		{{"/CERTIFICATE", 1256, 643, 249, 28}},
		{{"NUMBER", 1259, 696, 159, 24}},
	})
	l.Pages[0].Rows[0].Words[3].Conf = 0.6
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldReportNumber: "ZI2631-65789"})
}

// An address's first part (a room, a unit, a floor) is no party's name,
// nor a sentence's middle a product's.
func TestAddressStartIsNoName(t *testing.T) {
	for s, want := range map[string]bool{"2nd Floor, Tower A, Tangxia Town,": true, "Unit 28, Building B": true, "Room 1801, 12/F": true,
		"Monterrey Northstar Silicone Products Factory": false, "Building Materials Co., Ltd.": false, "First Floor Trading Ltd.": false} {
		if got := streetAddress(s); got != want {
			t.Errorf("streetAddress(%q) = %v, want %v", s, got, want)
		}
	}
	for _, v := range []string{"was tested", "Intact", "Normal", "TP-691H-60", "PCB5056", "方法", "Spec."} {
		if _, _, ok := typeCheck(lexEntry{field: labrelay.FieldProductName}, v, &docFuncs{}); ok {
			t.Errorf("%q taken for a product's name", v)
		}
	}
	for _, v := range []string{"USB-C cable assembly", "MLCC 0603", "Door seal, EPDM", "5G module"} {
		if _, _, ok := typeCheck(lexEntry{field: labrelay.FieldProductName}, v, &docFuncs{}); !ok {
			t.Errorf("%q refused as a product's name", v)
		}
	}
	for s, want := range map[string]bool{"S.A. de C.V.": true, "Co., Ltd.": true, "Ltd.": true, "Dinghao S.A. de C.V.": false, "De Vries B.V.": false,
		"Manufacturing LLC": true, "Industrial Co., Ltd.": true, "Precision Metal Manufacturing LLC": true, "Jinlong Precision Metal Manufacturing LLC": false, "Precision Metal": false} {
		if got := formOnly(s); got != want {
			t.Errorf("formOnly(%q) = %v, want %v", s, got, want)
		}
	}
}

// A caption whose other language, misread, is last on its line has its
// value below (a scan's words: "Date Received (受 领日)" over the date).
func TestCaptionHalfLastValueBelow(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"Please", 203, 1271, 118, 32}, {"refer", 336, 1271, 89, 31}, {"to", 437, 1274, 36, 27}, {"the", 487, 1271, 59, 31}, {"result", 562, 1272, 104, 32}, {"pages", 680, 1278, 111, 32}},
		{{"Date", 180, 1346, 65, 22}, {"Received", 259, 1346, 129, 23}, {"(", 402, 1348, 6, 22}, {"受", 420, 1345, 18, 25}, {"领日", 453, 1340, 51, 38}, {")", 503, 1347, 4, 21}},
		{{"2026/07/01", 202, 1380, 212, 33}},
		{{"Start-of", 179, 1449, 105, 27}, {"Testing", 297, 1454, 104, 28}, {"(开始", 460, 1453, 1, 25}, {"日", 495, 1445, 21, 41}, {")", 515, 1445, 9, 41}},
		{{"2026/07/02", 203, 1488, 212, 34}},
	})
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldReceivedDate: "2026-07-01", labrelay.FieldTestStartDate: "2026-07-02"})
}

// A dash alone after a scanned product's name is a rule's end, no part of
// it (a scan's words).
func TestProductTrailingDash(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"PART", 178, 758, 95, 28}, {"NAME", 287, 758, 105, 29}, {"(NOMBRE", 409, 743, 152, 56}, {"DEL", 589, 753, 59, 34}, {"ARTICULO)", 684, 747, 202, 45}, {":", 1140, 765, 6, 5}, {"Fuel", 1175, 756, 73, 30}, {"line", 1265, 756, 64, 30}, {"connector", 1343, 758, 207, 28}, {"-", 1538, 751, 16, 47}},
	})
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldProductName: "Fuel line connector"})
}

// On a scan, a date with a speck after it or a colon read for one of its
// dots is a date again; what is no date stays none.
func TestMendDateOCR(t *testing.T) {
	for in, want := range map[string]string{
		`2025.01:11"`: "2025-01-11", "23 March 2026°": "2026-03-23", "15-Jul-2024 A": "2024-07-15", "11:03.2025": "2025-03-11",
		"2024/06/11’": "2024-06-11", "17.11.2025": "2025-11-17", "2024.06.13-": "2024-06-13",
		"10. Februar 2026 人": "2026-02-10", "2026年12月19 日": "2026-12-19",
	} {
		got, _, ok := checkDate(mendDateOCR(in), &docFuncs{dayFirst: true})
		if !ok || got != want {
			t.Errorf("checkDate(mendDateOCR(%q)) = %q, %v; want %q", in, got, ok, want)
		}
	}
	// a range: a speck read between its dates, a Chinese date's last 日 lost
	for in, want := range map[string][2]string{
		"6 January 2025 a ≥ 10 January 2025": {"2025-01-06", "2025-01-10"},
		"2024年1月11日 2024年1月15":               {"2024-01-11", "2024-01-15"},
	} {
		df := &docFuncs{dayFirst: true}
		a, _, okA := typeCheck(lexEntry{field: labrelay.FieldTestStartDate}, mendDateOCR(in), df)
		b, _, okB := typeCheck(lexEntry{field: labrelay.FieldTestEndDate}, mendDateOCR(in), df)
		if !okA || !okB || a != want[0] || b != want[1] {
			t.Errorf("mendDateOCR(%q) = %q: %q to %q, want %v", in, mendDateOCR(in), a, b, want)
		}
	}
	for _, in := range []string{"2024!68.19", "2028/13/23", "Li Wei", "12:30", "2024.08.14 A B"} {
		if _, _, ok := checkDate(mendDateOCR(in), &docFuncs{dayFirst: true}); ok {
			t.Errorf("mendDateOCR(%q) = %q, a date", in, mendDateOCR(in))
		}
	}
}

// A code's last J read as the bracket its descender looks like is the
// code's J, in doubt; not a table rule to drop.
func TestCodeBracketJ(t *testing.T) {
	x := AnalyzeDefault(t, ocrPage(
		row(tcell{180, "Report No.: AB-2024-0017"}),
		row(tcell{180, "Applicant: Ningbo Goldpath Rubber & Plastics Co., Ltd."}),
		row(tcell{180, "Type/Model"}, tcell{726, "TP2964-G]"}),
	))
	if got, c := x.Fields.ModelNumber, x.Confidence["model_number"]; got != "TP2964-GJ" || c >= 0.9 {
		t.Errorf("model_number %q at %.2f, want TP2964-GJ in doubt", got, c)
	}
}

// On a scan a Latin caption's Han half, read or misread, ends it as a
// colon would ("Client Address 依顿者住所 Ist Floor, …"); an address after
// its caption with no colon at all is read when it looks like one.
func TestCaptionHanHalfThenValue(t *testing.T) {
	l := ocrPage(
		row(tcell{180, "Certificate Ref. / 番号 C-TR 2026 36 7334"}),
		row(tcell{180, "Submitted by 依顿元 Ningbo Goldpath Rubber & Plastics Co., Ltd."}),
		row(tcell{180, "Client Address 依顿者住所 1st Floor, Tower A, No. 198 Technology Park Road, Ningbo"}),
	)
	wantFields(t, generic(t, l), map[string]string{
		labrelay.FieldApplicantName:    "Ningbo Goldpath Rubber & Plastics Co., Ltd.",
		labrelay.FieldApplicantAddress: "1st Floor, Tower A, No. 198 Technology Park Road, Ningbo",
	})
	l = ocrPage(
		row(tcell{180, "CERTIFICATE NO. 25/9633/QP"}),
		row(tcell{180, "ADDRESS OF APPLICANT Unit 36, Plant 4, 1760 Avenida del Puerto, Monterrey, NL 64000, Mexico"}),
		row(tcell{180, "Client Address Verified by phone"}),
	)
	wantFields(t, generic(t, l), map[string]string{labrelay.FieldApplicantAddress: "Unit 36, Plant 4, 1760 Avenida del Puerto, Monterrey, NL 64000, Mexico"})
}

// A code's prefix of capitals after a bilingual caption's Han half is the
// value's, not the caption's misread junk.
func TestCodePrefixAfterCaptionHalf(t *testing.T) {
	if h, ok := parseCaptionOCR("Certificate Ref. / 番号 C-TR 2026 36 7334", true); !ok || h.rest != "C-TR 2026 36 7334" {
		t.Errorf("rest %q (%v), want C-TR 2026 36 7334", h.rest, ok)
	}
	if h, ok := parseCaptionOCR("ANALYSIS PERIOD / 测试日 05-Sep-2025 through 10-Sep-2025", true); !ok || h.rest != "05-Sep-2025 through 10-Sep-2025" {
		t.Errorf("rest %q (%v)", h.rest, ok)
	}
}
