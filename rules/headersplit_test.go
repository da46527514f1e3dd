package rules

import "testing"

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

// A caption over a wide column is not cut in two by the rows' cells: one
// data cell reaches under both its words.
func TestHeaderNoSplitOverOneCell(t *testing.T) {
	rows := [][]tcell{{{180, "Test Item"}, {1300, "MDL"}, {1700, "Test Result"}}}
	for _, v := range []string{"Not Detected", "Not Detected", "Not Detected"} {
		rows = append(rows, []tcell{{180, "Lead"}, {1300, "2"}, {1690, v}})
	}
	ln := newView(ocrPage(rows...)).Lines[0]
	if got := splitOverData(newView(ocrPage(rows...)), 0, ln); len(got.Cells) != len(ln.Cells) {
		t.Errorf("header split into %d cells, want %d", len(got.Cells), len(ln.Cells))
	}
}
