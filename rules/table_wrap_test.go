package rules

import (
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
)

// yline is a line of a synthetic layout at a given top.
type yline struct {
	y     float64
	cells []tcell
}

// synthAt builds a one-page layout of lines at their own tops, 10pt high,
// each word 6pt per character wide (synth with free spacing).
func synthAt(lines ...yline) *labrelay.Layout {
	pg := labrelay.Page{Number: 1, Width: 595, Height: 842, Unit: "pt", Path: labrelay.PathPDFText}
	for _, ln := range lines {
		var row labrelay.Row
		for _, c := range ln.cells {
			x := c.x
			for _, w := range strings.Fields(c.text) {
				wd := 6 * float64(len([]rune(w)))
				row.Words = append(row.Words, labrelay.Word{Text: w, Box: labrelay.Box{X: x, Y: ln.y, W: wd, H: 10}, Conf: 1})
				x += wd + 4
			}
		}
		row.Box = labrelay.WordsBox(row.Words)
		pg.Rows = append(pg.Rows, row)
	}
	return &labrelay.Layout{Pages: []labrelay.Page{pg}}
}

func at(y float64, cs ...tcell) yline { return yline{y, cs} }

var wrapHeader = at(40, tcell{50, "Test Item"}, tcell{150, "Method"}, tcell{330, "Result"}, tcell{400, "Limit"})

func wantRows(t *testing.T, res *tableResult, want []labrelay.ResultRow) {
	t.Helper()
	if len(res.rows) != len(want) {
		t.Fatalf("rows %+v; want %d; trace %v; issues %v", res.rows, len(want), res.trace, res.issues)
	}
	for i, w := range want {
		if res.rows[i] != w {
			t.Errorf("row %d = %+v; want %+v", i, res.rows[i], w)
		}
	}
}

// A method cell wrapped over two lines beside one-line cells centred in
// the row: the method's first line sits above the row's middle line and
// its second below; both belong to the row, not to the rows around it.
func TestTableCentredWrappedCells(t *testing.T) {
	var ls []yline
	ls = append(ls, wrapHeader)
	y := 60.0
	for _, r := range [][3]string{{"Lead (Pb)", "N.D.", "1000"}, {"Cadmium (Cd)", "12", "100"}, {"Mercury (Hg)", "N.D.", "1000"}} {
		ls = append(ls,
			at(y, tcell{150, "IEC 62321-5:2013,"}),
			at(y+5.5, tcell{50, r[0]}, tcell{330, r[1]}, tcell{400, r[2]}),
			at(y+11, tcell{150, "ICP-OES/AAS"}))
		y += 27 // 6pt between the rows' boxes
	}
	res := readTables(newView(synthAt(ls...)), genericTable)
	m := "IEC 62321-5:2013, ICP-OES/AAS"
	wantRows(t, res, []labrelay.ResultRow{
		{Item: "Lead (Pb)", Method: m, Limit: "1000", Value: "N.D.", Verdict: labrelay.VerdictPass},
		{Item: "Cadmium (Cd)", Method: m, Limit: "100", Value: "12", Verdict: labrelay.VerdictPass},
		{Item: "Mercury (Hg)", Method: m, Limit: "1000", Value: "N.D.", Verdict: labrelay.VerdictPass},
	})
	if res.conf < 0.9 {
		t.Errorf("conf %.2f (%v): the rows' spacing says where each line belongs", res.conf, res.issues)
	}
}

// An item name and a result both wrapped around a middle line that holds
// neither ("Summe PBDE" / "- mg/kg …" / "(PBDEs)", "Not" / … / "Detected")
// make one row; a group heading between two rows joins neither.
func TestTableRowAroundMiddleLineAndHeading(t *testing.T) {
	l := synthAt(wrapHeader,
		at(60, tcell{50, "Lead (Pb)"}, tcell{150, "IEC 62321-5"}, tcell{330, "12"}, tcell{400, "1000"}),
		at(76, tcell{50, "Flame retardants"}),
		at(92, tcell{50, "Sum of"}, tcell{330, "Not"}),
		at(97.5, tcell{150, "IEC 62321-6"}, tcell{400, "1000"}),
		at(103, tcell{50, "PBDEs"}, tcell{330, "Detected"}),
		at(119, tcell{50, "Sum of PBBs"}, tcell{150, "IEC 62321-6"}, tcell{330, "N.D."}, tcell{400, "1000"}),
	)
	res := readTables(newView(l), genericTable)
	wantRows(t, res, []labrelay.ResultRow{
		{Item: "Lead (Pb)", Method: "IEC 62321-5", Limit: "1000", Value: "12", Verdict: labrelay.VerdictPass},
		{Item: "Sum of PBDEs", Method: "IEC 62321-6", Limit: "1000", Value: "Not Detected", Verdict: labrelay.VerdictPass},
		{Item: "Sum of PBBs", Method: "IEC 62321-6", Limit: "1000", Value: "N.D.", Verdict: labrelay.VerdictPass},
	})
}

// Cells wrapped at the top of a row, in a table set without space
// between rows: the wrapped line is as near the row below as the row
// above, so the rows are sent to review.
func TestTableTightWrappedLineIsDoubted(t *testing.T) {
	l := synthAt(wrapHeader,
		at(60, tcell{50, "Lead (Pb)"}, tcell{150, "IEC 62321-5:2013,"}, tcell{330, "12"}, tcell{400, "1000"}),
		at(71, tcell{150, "ICP-OES/AAS"}),
		at(82, tcell{50, "Cadmium (Cd)"}, tcell{150, "IEC 62321-5:2013,"}, tcell{330, "5"}, tcell{400, "100"}),
		at(93, tcell{150, "ICP-OES/AAS"}),
	)
	res := readTables(newView(l), genericTable)
	if len(res.rows) != 2 {
		t.Fatalf("rows %+v", res.rows)
	}
	if res.conf >= 0.9 {
		t.Errorf("conf %.2f: a line between two rows at equal distance must go to review", res.conf)
	}
}

// Two results side by side under one result column (a column per
// sample under "Result") are not read as one row's value.
func TestTableSamplesSideBySideNotRead(t *testing.T) {
	l := synthAt(wrapHeader,
		at(60, tcell{50, "Lead (Pb)"}, tcell{150, "IEC 62321-5"}, tcell{310, "N.D."}, tcell{350, "N.D."}, tcell{400, "1000"}),
		at(76, tcell{50, "Cadmium (Cd)"}, tcell{150, "IEC 62321-5"}, tcell{310, "12"}, tcell{350, "N.D."}, tcell{400, "100"}),
	)
	res := readTables(newView(l), genericTable)
	if len(res.rows) != 0 {
		t.Errorf("rows %+v; want none", res.rows)
	}
	if len(res.issues) == 0 {
		t.Error("no review reason for the table not read")
	}
}

func TestJoinCellText(t *testing.T) {
	for _, c := range [][3]string{
		{"IEC 62321-5:2013,", "ICP-OES/AAS", "IEC 62321-5:2013, ICP-OES/AAS"},
		{"邻苯二甲酸", "二丁酯", "邻苯二甲酸二丁酯"},
		{"镉", "Cadmium", "镉 Cadmium"},
		{"", "N.D.", "N.D."},
	} {
		if got := joinCellText(c[0], c[1]); got != c[2] {
			t.Errorf("joinCellText(%q, %q) = %q; want %q", c[0], c[1], got, c[2])
		}
	}
}

// A table cut by a page break whose next page the reader cannot follow
// (a note line before the rows) is sent to review: rows there are lost.
func TestTableCutByPageIsDoubted(t *testing.T) {
	p1 := synthAt(wrapHeader,
		at(60, tcell{50, "Lead (Pb)"}, tcell{150, "IEC 62321-5"}, tcell{330, "12"}, tcell{400, "1000"}),
		at(76, tcell{50, "Cadmium (Cd)"}, tcell{150, "IEC 62321-5"}, tcell{330, "5"}, tcell{400, "100"}),
		at(800, tcell{50, "Acme Labs Ltd. Page 1 of 2"}),
	)
	p2 := synthAt(
		at(40, tcell{50, "Table continued from the page before"}),
		at(60, tcell{50, "Mercury (Hg)"}, tcell{150, "IEC 62321-4"}, tcell{330, "N.D."}, tcell{400, "1000"}),
		at(800, tcell{50, "Acme Labs Ltd. Page 2 of 2"}),
	)
	pg := p2.Pages[0]
	pg.Number = 2
	l := &labrelay.Layout{Pages: []labrelay.Page{p1.Pages[0], pg}}
	res := readTables(newView(l), genericTable)
	if len(res.rows) != 2 {
		t.Fatalf("rows %+v; trace %v", res.rows, res.trace)
	}
	if res.conf >= 0.9 {
		t.Errorf("conf %.2f (%v): the table's rows on page 2 were not read", res.conf, res.issues)
	}
	// the same table ending on its page is sure
	if res := readTables(newView(p1), genericTable); len(res.rows) != 2 || res.conf < 0.9 {
		t.Errorf("one page: rows %+v conf %.2f (%v)", res.rows, res.conf, res.issues)
	}
}

// Short item names ("Cd") with the method printed close after them, under
// a method header centred further right: the method's left edge follows
// an item cell on a line, so it starts the method column.
func TestTableMethodCloseToShortItems(t *testing.T) {
	l := synthAt(
		at(40, tcell{50, "Item"}, tcell{160, "Method"}, tcell{330, "Result"}, tcell{400, "Limit"}),
		at(56, tcell{50, "Cd"}, tcell{80, "IEC 62321-5:2013"}, tcell{330, "3"}, tcell{400, "100"}),
		at(72, tcell{50, "Pb"}, tcell{80, "IEC 62321-5:2013"}, tcell{330, "N.D."}, tcell{400, "1000"}),
		at(88, tcell{50, "Hg"}, tcell{80, "IEC 62321-4:2013"}, tcell{330, "N.D."}, tcell{400, "1000"}),
	)
	res := readTables(newView(l), genericTable)
	wantRows(t, res, []labrelay.ResultRow{
		{Item: "Cd", Method: "IEC 62321-5:2013", Limit: "100", Value: "3", Verdict: labrelay.VerdictPass},
		{Item: "Pb", Method: "IEC 62321-5:2013", Limit: "1000", Value: "N.D.", Verdict: labrelay.VerdictPass},
		{Item: "Hg", Method: "IEC 62321-4:2013", Limit: "1000", Value: "N.D.", Verdict: labrelay.VerdictPass},
	})
}

// A note under a pack's table ends it even when the pack's own stop words
// do not name it: it must not join the last row's item.
func TestPackTableStopsAtNote(t *testing.T) {
	tb := &Table{Stop: []string{"Remarks"}}
	note := line{Cells: []cell{{Text: "Nota: ND = no detectado"}}}
	if !stopRow(tb, note) {
		t.Error("a note did not end a pack's table")
	}
	row := line{Cells: []cell{{Text: "Notable migration of lead"}, {Text: "0.30"}}}
	if stopRow(tb, row) {
		t.Error("a data row ended a pack's table")
	}
}

// A remark caption whose colon OCR lost still ends the table when a
// legend follows it; a data row starting with a stop word does not.
func TestStopAtRemarkLegend(t *testing.T) {
	note := line{Cells: []cell{{Text: "备注 ND = not detected"}}}
	if !stopRow(genericTable, note) {
		t.Error("a remark before a legend did not end the table")
	}
	row := line{Cells: []cell{{Text: "Overall migration, 3% acetic acid"}, {Text: "10"}}}
	if stopRow(genericTable, row) {
		t.Error("a data row ended the table")
	}
}
