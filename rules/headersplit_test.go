package rules

import (
	"strings"
	"testing"
)

// A scan's header cell that holds a misread caption and the next one,
// the gap between them read as a word space ("BK 检测结果 (mg/kg)", 限值
// read as "BK"), stands over two columns of the rows: it is two cells,
// the misread one a numeric column named by its content (the limit, the
// header naming the MDL and the result). Unsplit, the table was lost.
func TestHeaderSplitOverData(t *testing.T) {
	rows := [][]tcell{{{180, "检测项目"}, {1480, "方法检出限"}, {1698, "BK 检测结果 (mg/kg)"}, {2150, "单项判定"}}}
	for _, r := range [][2]string{{"Cd", "4"}, {"Pb", "6"}, {"Hg", "73"}, {"DEHP", "65"}} {
		rows = append(rows, []tcell{{180, r[0]}, {1550, "2"}, {1680, "100"}, {1800, r[1]}, {2190, "OK"}})
	}
	res := ocrTables(ocrPage(rows...))
	if len(res.rows) != 4 {
		t.Fatalf("rows %+v; want 4; trace %v", res.rows, res.trace)
	}
	for i, r := range res.rows {
		if r.Limit != "100" || r.Value != rows[i+1][3].text || r.MDL != "2" {
			t.Errorf("row %d = %+v; want MDL 2, limit 100, value %s", i, r, rows[i+1][3].text)
		}
	}
}

// Two captions of different columns in one header cell, the gap between
// them read as a word space ("Concentration (mg/kg) 合 Verdict", 判定
// misread), each over a column of the rows, are two cells (a scan's
// words). Unsplit, the table was lost.
func TestHeaderSplitTwoCaptionsOverData(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"物质 Parameter", 192, 540, 277, 52}, {"|", 1002, 557, 2, 3}, {"核出限界 LOD", 1101, 538, 197, 63}, {"限度值 Limit", 1367, 538, 218, 62}, {"Concentration (mg/kg)", 1601, 538, 450, 62}, {"合 Verdict", 2068, 549, 214, 32}},
		{{"Heavy metals and flame retardants", 194, 608, 703, 43}},
		{{"Cadmium (Cd)", 193, 679, 253, 33}, {"2", 1192, 680, 18, 28}, {"< 100", 1407, 679, 103, 40}, {"<2", 1792, 679, 46, 28}, {"OK", 2151, 679, 49, 28}},
		{{"Lead (Pb)", 192, 744, 166, 33}, {"2", 1192, 744, 18, 29}, {"< 1000", 1395, 743, 126, 38}, {"4", 1776, 744, 48, 27}, {"OK", 2151, 743, 50, 29}},
		{{"Mercury (Hg)", 194, 810, 228, 36}, {"2", 1192, 810, 18, 29}, {"< 1000", 1395, 809, 126, 30}, {"55", 1794, 810, 40, 42}, {"OK", 2151, 809, 49, 29}},
		{{"Hexavalent Chromium (Cr(VI))", 194, 872, 533, 35}, {"8", 1191, 875, 20, 29}, {"< 1000", 1394, 874, 127, 29}, {"<8", 1769, 863, 69, 40}, {"OK", 2150, 874, 50, 28}},
	})
	res := ocrTables(l)
	want := []string{"<2", "4", "55", "<8"}
	if len(res.rows) != len(want) {
		t.Fatalf("rows %+v; want %d; trace %v", res.rows, len(want), res.trace)
	}
	for i, r := range res.rows {
		if r.Value != want[i] || r.Verdict != "pass" || !strings.HasPrefix(r.Limit, "< 100") {
			t.Errorf("row %d = %+v; want value %s, a limit, pass", i, r, want[i])
		}
	}
}

// A scan's header cell of a junk token (a Han caption misread) and two
// captions ("RR VALUE COMPLIES") is two cells, the junk with the first
// (a scan's words). Unsplit, the table was lost.
func TestHeaderJunkThenTwoCaptions(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"SUBSTANCE", 193, 552, 221, 27}, {"定量下限 MDL", 841, 550, 225, 31}, {"规格值 PERMISSIBLE", 1109, 533, 358, 59}, {"LIMIT (mg/kg)", 1481, 550, 258, 70}, {"RR VALUE", 1783, 525, 265, 67}, {"COMPLIES", 2091, 522, 188, 57}},
		{{"Heavy metals and flame retardants", 194, 611, 704, 44}},
		{{"Cd", 190, 679, 47, 29}, {"2", 945, 679, 17, 28}, {"100", 1395, 679, 62, 35}, {"6", 1906, 679, 62, 40}, {"PASS", 2139, 678, 92, 36}},
		{{"Hg", 194, 810, 59, 36}, {"2", 944, 809, 18, 29}, {"1000", 1383, 809, 85, 29}, {"<2", 1893, 810, 49, 28}, {"PASS", 2143, 809, 87, 32}},
		{{"Cr(VI)", 193, 874, 99, 33}, {"8", 909, 874, 55, 41}, {"1000", 1384, 874, 85, 29}, {"24", 1897, 865, 39, 47}, {"PASS", 2144, 873, 87, 29}},
	})
	res := ocrTables(l)
	want := []string{"6", "<2", "24"}
	if len(res.rows) != len(want) {
		t.Fatalf("rows %+v; want %d; trace %v", res.rows, len(want), res.trace)
	}
	for i, r := range res.rows {
		if r.Value != want[i] || r.Verdict != "pass" || r.MDL == "" {
			t.Errorf("row %d = %+v; want value %s, an MDL, pass", i, r, want[i])
		}
	}
}

// A photo's header that lost its result caption ("测试结果" between "限
// 值" and "单项判定") gets the column the rows print under no caption (a
// photo's words); its table is read in doubt. Without the rows' results
// it stays a header of no result column.
func TestHeaderLostResultCaption(t *testing.T) {
	words := [][]ocrWord{
		{{"测试项目", 192, 2279, 126, 30}, {"单位", 816, 2279, 62, 31}, {"限 值", 1221, 2276, 67, 49}, {"单项判定", 2021, 2280, 129, 31}},
		{{"Overall", 191, 2346, 123, 28}, {"migration,", 329, 2346, 177, 35}, {"10%", 524, 2348, 73, 27}, {"2", 905, 2369, 11, 15}},
		{{"mein", 779, 2369, 122, 34}, {"10", 1234, 2370, 40, 27}, {"n.d.", 1624, 2370, 51, 27}, {"Pass", 2047, 2370, 77, 28}},
		{{"ethanol", 190, 2388, 131, 41}},
		{{"Overall", 192, 2454, 122, 28}, {"migration, 3%", 329, 2454, 247, 34}},
		{{"mg/dm²", 780, 2478, 135, 34}, {"10", 1235, 2479, 39, 27}, {"n.d.", 1625, 2479, 51, 27}, {"Pass", 2048, 2479, 76, 28}},
		{{"acetic acid", 191, 2499, 187, 28}},
		{{"Overall migration, olive", 192, 2562, 413, 35}},
		{{"mg/dm²", 780, 2586, 136, 35}, {"10", 1235, 2588, 40, 27}, {"n.d.", 1625, 2588, 62, 27}, {"Pass", 2048, 2588, 77, 28}},
		{{"oil", 192, 2604, 38, 43}},
		{{"Specific migration of", 192, 2671, 363, 34}},
		{{"mg/kg", 794, 2693, 107, 34}, {"0.2", 1226, 2694, 52, 27}, {"n.d.", 1624, 2695, 51, 26}, {"Pass", 2047, 2694, 77, 28}},
		{{"lead", 192, 2716, 70, 28}},
		{{"Specific", 191, 2779, 135, 34}, {"migration of", 340, 2779, 216, 34}},
		{{"mg/kg", 793, 2801, 108, 34}, {"0.07", 1215, 2802, 74, 27}, {"n.d.", 1624, 2802, 51, 27}, {"Pass", 2047, 2802, 77, 28}},
		{{"cadmium", 191, 2824, 162, 27}},
		{{"Formaidehyde", 192, 2886, 252, 34}, {"mg/kg", 793, 2887, 108, 34}, {"15", 1234, 2888, 40, 27}, {"n.d.", 1624, 2888, 52, 27}, {"Pass", 2048, 2888, 76, 28}},
		{{"Primary aromatic", 193, 2948, 301, 33}},
		{{"mg/kg", 795, 2971, 106, 34}, {"0.01", 1215, 2972, 75, 27}, {"0.003", 1607, 2972, 98, 27}, {"Pass", 2048, 2972, 77, 28}},
		{{"amines", 192, 2992, 126, 28}},
		{{"Heavy metals (as Pb)", 194, 3055, 372, 33}, {"mg/kg", 795, 3054, 107, 34}, {"1", 1247, 3056, 15, 26}, {"0.2", 1631, 3057, 51, 26}, {"Pass", 2048, 3056, 77, 28}},
	}
	res := ocrTables(ocrWords(words))
	want := []string{"n.d.", "n.d.", "n.d.", "n.d.", "n.d.", "n.d.", "0.003", "0.2"}
	if len(res.rows) != len(want) || res.conf > correctedConf {
		t.Fatalf("rows %+v at %.2f; want %d in doubt; trace %v", res.rows, res.conf, len(want), res.trace)
	}
	for i, r := range res.rows {
		if r.Value != want[i] || r.Verdict != "pass" || r.Limit == "" {
			t.Errorf("row %d = %+v; want value %s, a limit, pass", i, r, want[i])
		}
	}
	for _, w := range words[1:] {
		for i := range w {
			if w[i].text == "n.d." || w[i].text == "0.2" || w[i].text == "0.003" {
				w[i].text = "mg"
			}
		}
	}
	if res := ocrTables(ocrWords(words)); len(res.rows) != 0 {
		t.Errorf("no results under no caption: rows %+v", res.rows)
	}
}

// A caption over a wide column is not cut in two by the rows' cells: one
// row's cell that reaches under both its words ("Not Detected" under
// "Test Result") keeps it whole, though three rows print a cell under
// each word. Without that row the rows part it.
func TestHeaderNoSplitOverOneCell(t *testing.T) {
	rows := [][]tcell{{{180, "Item"}, {1300, "MDL"}, {1700, "Amount Found"}}}
	for range 3 {
		rows = append(rows, []tcell{{180, "Lead"}, {1300, "2"}, {1700, "1"}, {1840, "5"}})
	}
	split := func(rows [][]tcell) int {
		v := newView(ocrPage(rows...))
		return len(splitOverData(v, 0, v.Lines[0]).Cells)
	}
	if n := split(rows); n != 4 {
		t.Fatalf("without a row across the gap: %d header cells, want 4 (the caption parted)", n)
	}
	rows = append(rows, []tcell{{180, "Tin"}, {1300, "2"}, {1700, "Not Detected"}})
	if n := split(rows); n != 3 {
		t.Errorf("a row's cell across the gap: %d header cells, want 3", n)
	}
}

// A short unknown header cell over no cell of the rows ("3", a speck read
// between "Substance" and "Method Ref.") is no result column; a sample's
// column, with its results under it, still is (two result columns: the
// table is not read as one sample's).
func TestHeaderCellOverNothing(t *testing.T) {
	rows := [][]tcell{{{180, "Substance"}, {700, "3"}, {900, "Method"}, {1300, "Unit"}, {1600, "MDL"}, {1900, "Results"}}}
	for _, r := range [][2]string{{"Lead", "12"}, {"Mercury", "7"}, {"Cadmium", "4"}} {
		rows = append(rows, []tcell{{180, r[0]}, {900, "IEC 62321-5"}, {1300, "mg/kg"}, {1600, "2"}, {1900, r[1]}})
	}
	res := ocrTables(ocrPage(rows...))
	if len(res.rows) != 3 || res.rows[0].Value != "12" {
		t.Errorf("rows %+v; want 3 (trace %v)", res.rows, res.trace)
	}
	for i := 1; i < len(rows); i++ {
		rows[i] = append(rows[i], tcell{700, "9"})
	}
	if res := ocrTables(ocrPage(rows...)); len(res.rows) != 0 {
		t.Errorf("a column under the cell: rows %+v; want none (two result columns)", res.rows)
	}
}

// A method column printed left of its centred caption: a wrapped
// method's first word alone ("IEC" over "62321-4:2013+AMD1:2017") ends
// left of every caption, as a margin's speck does, but starts at the
// column's edge: it is the method's.
func TestShortCellAtColumnEdge(t *testing.T) {
	rows := [][]tcell{{{356, "Reference"}, {738, "Item"}, {1189, "Unit"}, {1655, "Result"}}}
	rows = append(rows,
		[]tcell{{195, "IEC 62321-5:2013"}, {738, "Cadmium (Cd)"}, {1189, "mg/kg"}, {1700, "17"}},
		[]tcell{{195, "IEC 62321-5:2013"}, {738, "Lead (Pb)"}, {1189, "mg/kg"}, {1700, "106"}},
		[]tcell{{195, "IEC"}, {738, "Mercury (Hg)"}, {1189, "mg/kg"}, {1700, "220"}},
		[]tcell{{195, "62321-4:2013+AMD1:2017"}},
		[]tcell{{195, "IEC 62321-6:2015"}, {738, "PBBs"}, {1189, "mg/kg"}, {1700, "N.D."}},
	)
	res := ocrTables(ocrPage(rows...))
	if len(res.rows) != 4 || !strings.HasPrefix(res.rows[2].Method, "IEC") || res.rows[2].Item != "Mercury (Hg)" {
		t.Errorf("rows %+v; want Mercury's method to keep its IEC (trace %v)", res.rows, res.trace)
	}
}
