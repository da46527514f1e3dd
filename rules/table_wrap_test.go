package rules

import (
	"math"
	"slices"
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

// ocrTables reads the result tables of a one-page layout as read off a
// page image.
func ocrTables(l *labrelay.Layout) *tableResult {
	l.Pages[0].Path = labrelay.PathOCR
	return readTables(newView(l), genericTable)
}

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
	// a legend of a quoted mark, its "=" lost or never printed
	for _, s := range []string{"“-“ not regulated", "\"-\" not regulated", "“.“ not regulated"} {
		if !stopRow(genericTable, line{Cells: []cell{{Text: s}}}) {
			t.Errorf("legend %q did not end the table", s)
		}
	}
	if stopRow(genericTable, line{Cells: []cell{{Text: "“Pb” Lead"}, {Text: "12"}}}) {
		t.Error("a quoted name of more than three glyphs ended the table")
	}
}

// A row tight under the row above whose result carries an OCR speck
// ("N.D..", "nd.", ":N.D.") is a row of its own, not the lines of the row above
// wrapped: its cells fill the columns as a row's do.
func TestTableSpeckedResultIsARow(t *testing.T) {
	for _, v := range []string{"N.D..", "nd.", "N.D、", ":N.D."} {
		l := synthAt(wrapHeader,
			at(60, tcell{50, "Lead (Pb)"}, tcell{150, "IEC 62321-5"}, tcell{330, "12"}, tcell{400, "1000"}),
			at(72, tcell{50, "Mercury (Hg)"}, tcell{150, "IEC 62321-4"}, tcell{330, v}, tcell{400, "1000"}),
			at(84, tcell{50, "Cadmium (Cd)"}, tcell{150, "IEC 62321-5"}, tcell{330, "5"}, tcell{400, "100"}),
		)
		res := readTables(newView(l), genericTable)
		if len(res.rows) != 3 || res.rows[1].Item != "Mercury (Hg)" {
			t.Errorf("%q: rows %+v; want Mercury (Hg) a row of its own", v, res.rows)
		}
	}
}

// On a scan whose rows sit about a line apart, a group heading is as far
// from its rows as a wrapped name's line: its words tell it apart. A
// heading over the first row and one between two whole names join no
// row; a name's wrapped "(DEHP)" still joins its row. Abbreviations
// alone ("PBDEs") are whole names too.
func TestTableScanHeadingByWords(t *testing.T) {
	l := synthAt(at(40, tcell{50, "Test Item"}, tcell{250, "Method"}, tcell{350, "Result"}, tcell{420, "Limit"}),
		at(53, tcell{50, "Heavy metals"}),
		at(66, tcell{50, "Lead (Pb)"}, tcell{250, "IEC 62321-5"}, tcell{350, "12"}, tcell{420, "1000"}),
		at(79, tcell{50, "Bis(2-ethylhexyl) phthalate"}, tcell{250, "IEC 62321-8"}, tcell{350, "N.D."}, tcell{420, "1000"}),
		at(92, tcell{50, "(DEHP)"}),
		at(105, tcell{50, "Halogens"}),
		at(118, tcell{50, "Chlorine (Cl)"}, tcell{250, "EN 14582"}, tcell{350, "<50"}, tcell{420, "900"}),
		at(131, tcell{50, "Sum of"}),
		at(144, tcell{50, "PBBs (PBBs)"}, tcell{250, "IEC 62321-6"}, tcell{350, "N.D."}, tcell{420, "1000"}),
		at(157, tcell{50, "PBDEs"}, tcell{250, "IEC 62321-6"}, tcell{350, "N.D."}, tcell{420, "1000"}),
		at(170, tcell{50, "Phthalates"}),
		at(183, tcell{50, "DEHP"}, tcell{250, "IEC 62321-8"}, tcell{350, "N.D."}, tcell{420, "1000"}),
	)
	res := ocrTables(l)
	var items []string
	for _, r := range res.rows {
		items = append(items, r.Item)
	}
	want := []string{"Lead (Pb)", "Bis(2-ethylhexyl) phthalate (DEHP)", "Chlorine (Cl)", "Sum of PBBs (PBBs)", "PBDEs", "DEHP"}
	if strings.Join(items, "|") != strings.Join(want, "|") {
		t.Errorf("items %q; want %q (trace %v)", items, want, res.trace)
	}
}

// A heading above a symbol misread ("CI" for Cl) heads it all the same:
// the symbol is a whole name once respelled. The heading is closer to the
// row above than to its own, and joined it ("DBP Halogens").
func TestTableScanHeadingOverMisreadSymbol(t *testing.T) {
	l := synthAt(at(40, tcell{50, "Analyte"}, tcell{250, "Method"}, tcell{350, "Result"}, tcell{420, "Limit"}),
		at(53, tcell{50, "BBP"}, tcell{250, "IEC 62321-8"}, tcell{350, "ND"}, tcell{420, "1000"}),
		at(66, tcell{50, "DBP"}, tcell{250, "IEC 62321-8"}, tcell{350, "ND"}, tcell{420, "1000"}),
		at(77, tcell{50, "Halogens"}),
		at(92, tcell{50, "CI"}, tcell{250, "EN 14582"}, tcell{350, "283"}, tcell{420, "900"}),
		at(105, tcell{50, "Br"}, tcell{250, "EN 14582"}, tcell{350, "ND"}, tcell{420, "900"}),
	)
	res := ocrTables(l)
	var items []string
	for _, r := range res.rows {
		items = append(items, r.Item)
	}
	if want := []string{"BBP", "DBP", "Cl", "Br"}; strings.Join(items, "|") != strings.Join(want, "|") {
		t.Errorf("items %q; want %q (trace %v)", items, want, res.trace)
	}
}

// A second-language header line whose captions OCR read as one cell
// ("Sample 1 Evaluation") is the header's, not a data row, and the unit
// under it is the rows' unit.
func TestTableSecondHeaderMergedCaptions(t *testing.T) {
	l := synthAt(
		at(40, tcell{50, "Test Item"}, tcell{200, "Result"}, tcell{300, "Verdict"}, tcell{400, "Limit"}),
		at(52, tcell{50, "Analyte"}, tcell{200, "Sample 1 Evaluation"}, tcell{400, "Regulatory Limit"}),
		at(64, tcell{200, "(mg/kg)"}),
		at(80, tcell{50, "Lead (Pb)"}, tcell{200, "12"}, tcell{300, "Pass"}, tcell{400, "1000"}),
		at(96, tcell{50, "Cadmium (Cd)"}, tcell{200, "5"}, tcell{300, "Pass"}, tcell{400, "100"}),
	)
	res := ocrTables(l)
	wantRows(t, res, []labrelay.ResultRow{
		{Item: "Lead (Pb)", Unit: "mg/kg", Limit: "1000", Value: "12", Verdict: labrelay.VerdictPass},
		{Item: "Cadmium (Cd)", Unit: "mg/kg", Limit: "100", Value: "5", Verdict: labrelay.VerdictPass},
	})
}

// On a photo a wrapped result's second line ("Detected" under "Not") can
// stand further from its row than a line's height allows for a wrapped
// cell; it still completes the result, and the table goes on.
func TestTableScanWrappedResultApart(t *testing.T) {
	l := synthAt(wrapHeader,
		at(60, tcell{50, "Cadmium (Cd)"}, tcell{150, "IEC 62321-5"}, tcell{330, "Not"}, tcell{400, "100"}),
		at(77, tcell{330, "Detected"}),
		at(100, tcell{50, "Lead (Pb)"}, tcell{150, "IEC 62321-5"}, tcell{330, "12"}, tcell{400, "1000"}),
	)
	res := ocrTables(l)
	wantRows(t, res, []labrelay.ResultRow{
		{Item: "Cadmium (Cd)", Method: "IEC 62321-5", Limit: "100", Value: "Not Detected", Verdict: labrelay.VerdictPass},
		{Item: "Lead (Pb)", Method: "IEC 62321-5", Limit: "1000", Value: "12", Verdict: labrelay.VerdictPass},
	})
}

// A short unknown cell a photo's page edge left before an OCR header's
// item column does not hide the header.
func TestTableHeaderMarginJunk(t *testing.T) {
	for _, junk := range []string{"Soe", "EPL,"} {
		l := synthAt(
			at(40, tcell{2, junk}, tcell{50, "Test Item"}, tcell{150, "Method"}, tcell{330, "Result"}, tcell{400, "Limit"}),
			at(60, tcell{50, "Lead (Pb)"}, tcell{150, "IEC 62321-5"}, tcell{330, "12"}, tcell{400, "1000"}),
		)
		res := ocrTables(l)
		wantRows(t, res, []labrelay.ResultRow{
			{Item: "Lead (Pb)", Method: "IEC 62321-5", Limit: "1000", Value: "12", Verdict: labrelay.VerdictPass},
		})
	}
}

// A column's signs take the spacing most of its OCR cells show.
func TestSignSpacing(t *testing.T) {
	rows := []labrelay.ResultRow{{Limit: "≤ 100", Value: "<2"}, {Limit: "≤1000", Value: "< 2"}, {Limit: "≤ 1000", Value: "12"}, {Limit: "Max. 10", Value: "N.D."}, {Limit: "Max.0.2", Value: "N.D."}}
	signSpacing(rows, func(r *labrelay.ResultRow) *string { return &r.Limit })
	signSpacing(rows, func(r *labrelay.ResultRow) *string { return &r.Value })
	var got []string
	for _, r := range rows {
		got = append(got, r.Limit+"|"+r.Value)
	}
	want := "≤ 100|<2 ≤ 1000|< 2 ≤ 1000|12 Max. 10|N.D. Max. 0.2|N.D."
	if strings.Join(got, " ") != want {
		t.Errorf("got %q; want %q (a tie in the value column changes nothing)", strings.Join(got, " "), want)
	}
}

// On a photo a row's cells centred on two overlapping lines each look
// like a row ("Chromium … Max." and "8 n.d. Compliant"): they are one
// row, the line with the result its data line. Lines that overlap but
// fill the same column, or that do not overlap, stay rows.
func TestOneRowTwoLines(t *testing.T) {
	row := func(y float64, cells map[int]string) rawRow {
		r := rawRow{y: y, bot: y + 34, data: true, ocr: true}
		for k, v := range cells {
			r.cells[k] = v
		}
		return r
	}
	rows := []rawRow{
		row(12091, map[int]string{colItem: "Chrom(VI) Hexavalent Chromium", colMethod: "IEC 62321-7-2:2017", colLimit: "Max."}),
		row(12113, map[int]string{colMDL: "8", colValue: "n.d.", colVerdict: "Compliant"}),
		row(12223, map[int]string{colItem: "Summe PBB", colValue: "n.d."}),
		row(12245, map[int]string{colItem: "(PBBs)", colValue: "12"}),
		row(12300, map[int]string{colItem: "Lead (Pb)", colLimit: "1000"}),
		row(12340, map[int]string{colMDL: "2", colValue: "41"}),
	}
	oneRowTwoLines(rows)
	var got []bool
	for _, r := range rows {
		got = append(got, r.data)
	}
	want := []bool{false, true, true, true, true, true}
	for k := range want {
		if got[k] != want[k] {
			t.Errorf("data flags %v; want %v", got, want)
			break
		}
	}
}

// A unit misread in several glyphs is its column's unit when it is
// nearer that unit than any other; a unit no other row prints, a number
// or a word beside it, a unit of its own ("g/kg") and a unit as near
// two others stay as read, unless the column reads one of them only
// ("mg/k 9" is as near mg/l as mg/kg).
func TestColumnUnits(t *testing.T) {
	rows := []labrelay.ResultRow{{Unit: "mg/dm²"}, {Unit: "me/den"}, {Unit: "mg 人 kg"}, {Unit: "ve mgjdmz"}, {Unit: "mg/kg"},
		{Unit: "mg/kg 0.005"}, {Unit: "mg/kg Conform"}, {Unit: "µq/l"}, {Unit: "= maikg"}, {Unit: "g/kg"}, {Unit: "morkg{"}, {Unit: "mg/k 9"}}
	changed := columnUnits(rows)
	var got []string
	for _, r := range rows {
		got = append(got, r.Unit)
	}
	want := "mg/dm²|mg/dm²|mg/kg|mg/dm²|mg/kg|mg/kg 0.005|mg/kg Conform|µq/l|mg/kg|g/kg|mg/kg|mg/kg"
	if strings.Join(got, "|") != want || len(changed) != 6 {
		t.Errorf("units %q (changed %v); want %q", strings.Join(got, "|"), changed, want)
	}
}

// Specks a photo's page edge left at the margin of an OCR table ("a",
// "7") are no item cells: the names after them stay in the item column.
// A lone "=" does not make a name's first line a row of its own.
func TestTableMarginSpecks(t *testing.T) {
	l := synthAt(at(40, tcell{50, "Test Item"}, tcell{140, "Method"}, tcell{200, "Result"}, tcell{300, "Limit"}),
		at(60, tcell{2, "a"}, tcell{50, "Cadmium (Cd)"}, tcell{200, "ND"}, tcell{300, "100"}),
		at(80, tcell{2, "7"}, tcell{50, "Lead (Pb)"}, tcell{200, "ND"}, tcell{300, "1000"}),
		at(100, tcell{2, "a"}, tcell{50, "Mercury (Hg)"}, tcell{200, "12"}, tcell{300, "1000"}),
		at(120, tcell{50, "Sum of"}, tcell{140, "IEC 62321-6"}, tcell{300, "="}),
		at(128, tcell{50, "PBBs (PBBs)"}, tcell{200, "ND"}, tcell{300, "1000"}),
	)
	res := ocrTables(l)
	var got []string
	for _, r := range res.rows {
		got = append(got, r.Item+"|"+r.Value)
	}
	want := "Cadmium (Cd)|ND Lead (Pb)|ND Mercury (Hg)|12 Sum of PBBs (PBBs)|ND"
	if strings.Join(got, " ") != want {
		t.Errorf("rows %q; want %q", strings.Join(got, " "), want)
	}
}

// An OCR header cell holding two captions whose rule was lost ("Unit
// Complies") is two columns: the verdict is not read into the unit. A
// word space parts no caption ("Test Result").
func TestTableSplitMergedCaptions(t *testing.T) {
	l := synthAt(at(40, tcell{50, "Test Item"}, tcell{200, "Test Result"}, tcell{300, "Unit"}, tcell{333, "Complies"}),
		at(60, tcell{50, "Lead (Pb)"}, tcell{200, "12"}, tcell{300, "mg/kg"}, tcell{356, "Conform"}),
	)
	res := ocrTables(l)
	wantRows(t, res, []labrelay.ResultRow{{Item: "Lead (Pb)", Unit: "mg/kg", Value: "12", Verdict: labrelay.VerdictPass}})
	// no gap, but the whole is no caption
	l = synthAt(at(40, tcell{50, "Test Item"}, tcell{200, "Test Result"}, tcell{300, "Unit of Measure Verdict"}),
		at(60, tcell{50, "Lead (Pb)"}, tcell{200, "12"}, tcell{300, "mg/kg"}, tcell{400, "Conform"}),
	)
	res = ocrTables(l)
	wantRows(t, res, []labrelay.ResultRow{{Item: "Lead (Pb)", Unit: "mg/kg", Value: "12", Verdict: labrelay.VerdictPass}})
	// three captions in one cell: each is a column
	l = synthAt(at(40, tcell{50, "Test Item"}, tcell{200, "UOM LOQ Requisito"}, tcell{420, "Result"}),
		at(60, tcell{50, "Lead (Pb)"}, tcell{186, "mg/kg"}, tcell{229, "2"}, tcell{256, "<1000"}, tcell{420, "12"}),
	)
	res = ocrTables(l)
	wantRows(t, res, []labrelay.ResultRow{{Item: "Lead (Pb)", Unit: "mg/kg", MDL: "2", Limit: "<1000", Value: "12", Verdict: labrelay.VerdictPass}})
	// one caption in two languages, its halves read as two cells a word
	// space apart: one column
	l = synthAt(at(40, tcell{50, "Sustancia"}, tcell{112, "SUBSTANCE"}, tcell{200, "Unidades"}, tcell{256, "UOM"}, tcell{300, "Valor"}, tcell{338, "RESULTS"}),
		at(60, tcell{50, "Lead (Pb)"}, tcell{200, "mg/kg"}, tcell{300, "12"}),
	)
	res = ocrTables(l)
	wantRows(t, res, []labrelay.ResultRow{{Item: "Lead (Pb)", Unit: "mg/kg", Value: "12"}})
}

// A table of items and results alone ("Test Items | Test Result") names
// one known column besides the items: it is read when the lines under it
// are items with results; captions over other text are no table.
func TestTableItemsAndResultsOnly(t *testing.T) {
	l := synthAt(at(40, tcell{50, "Test Items"}, tcell{400, "Test Result (mg/kg)"}),
		at(60, tcell{50, "Cadmium (Cd)"}, tcell{420, "39"}),
		at(80, tcell{50, "Lead (Pb)"}, tcell{420, "N.D."}),
	)
	res := readTables(newView(l), genericTable)
	wantRows(t, res, []labrelay.ResultRow{{Item: "Cadmium (Cd)", Unit: "mg/kg", Value: "39"}, {Item: "Lead (Pb)", Unit: "mg/kg", Value: "N.D."}})
	l = synthAt(at(40, tcell{50, "Test Items"}, tcell{400, "Test Result"}),
		at(60, tcell{50, "The sample was tested as received."}),
		at(80, tcell{50, "Lead (Pb)"}, tcell{420, "see page 3"}),
	)
	if res := readTables(newView(l), genericTable); len(res.rows) != 0 {
		t.Errorf("captions over text: rows %+v", res.rows)
	}
	l = synthAt(at(40, tcell{50, "Description of Sample"}, tcell{400, "Test Result"}),
		at(60, tcell{50, "Report Ref.:"}, tcell{420, "NA2420-02855"}),
		at(80, tcell{50, "Date Issued:"}, tcell{420, "17/09/2024"}),
		at(100, tcell{50, "Quantity:"}, tcell{420, "3"}),
	)
	if res := readTables(newView(l), genericTable); len(res.rows) != 0 {
		t.Errorf("captions and their values: rows %+v", res.rows)
	}
}

// A method column whose header OCR lost is found from its cells: three
// rows with a standard after their result, at one left edge, are
// methods, not part of the result.
func TestTableUnheadedMethods(t *testing.T) {
	l := synthAt(at(40, tcell{50, "Substance"}, tcell{150, "Result"}, tcell{420, "Limit"}),
		at(60, tcell{50, "Cd"}, tcell{150, "N.D."}, tcell{220, "IEC 62321-5:2013"}, tcell{420, "100"}),
		at(80, tcell{50, "Pb"}, tcell{150, "12"}, tcell{220, "IEC 62321-5:2013"}, tcell{420, "1000"}),
		at(100, tcell{50, "Hg"}, tcell{150, "N.D."}, tcell{220, "IEC 62321-4:2013"}, tcell{420, "1000"}),
	)
	res := ocrTables(l)
	wantRows(t, res, []labrelay.ResultRow{
		{Item: "Cd", Method: "IEC 62321-5:2013", Limit: "100", Value: "N.D.", Verdict: labrelay.VerdictPass},
		{Item: "Pb", Method: "IEC 62321-5:2013", Limit: "1000", Value: "12", Verdict: labrelay.VerdictPass},
		{Item: "Hg", Method: "IEC 62321-4:2013", Limit: "1000", Value: "N.D.", Verdict: labrelay.VerdictPass},
	})
}

// A scanned table goes on on the next page past the first page's footer
// and the next page's head, which OCR reads a little differently on each
// page, and a "continued" note; the rows joined so are not published
// unreviewed.
func TestTableScanGoesOnPastFooter(t *testing.T) {
	p1 := synthAt(at(20, tcell{50, "Meridian Testing Ltd."}),
		at(40, tcell{50, "Test Item"}, tcell{200, "Result"}, tcell{300, "Limit"}),
		at(60, tcell{50, "Lead (Pb)"}, tcell{200, "12"}, tcell{300, "1000"}),
		at(80, tcell{50, "Cadmium (Cd)"}, tcell{200, "N.D."}, tcell{300, "100"}),
		at(800, tcell{50, "Meridian Testing Ltd. 12 Harbour Drive, Penang"}),
		at(815, tcell{50, "This report shall not be reproduced except in full."}),
	)
	p2 := synthAt(at(20, tcell{50, "Meridian Testinq Ltd"}),
		at(35, tcell{50, "Report No. TR 2024 62 8712"}, tcell{400, "2/2"}),
		at(50, tcell{50, "Continued"}),
		at(70, tcell{50, "Mercury (Hg)"}, tcell{200, "N.D."}, tcell{300, "1000"}),
		at(90, tcell{50, "Chromium (Cr)"}, tcell{200, "5"}, tcell{300, "1000"}),
	)
	pg := p2.Pages[0]
	pg.Number = 2
	p1.Pages = append(p1.Pages, pg)
	for i := range p1.Pages {
		p1.Pages[i].Path = labrelay.PathOCR
	}
	res := readTables(newView(p1), genericTable)
	var items []string
	for _, r := range res.rows {
		items = append(items, r.Item)
	}
	if strings.Join(items, "|") != "Lead (Pb)|Cadmium (Cd)|Mercury (Hg)|Chromium (Cr)" {
		t.Errorf("items %q; want the rows of both pages (trace %v)", items, res.trace)
	}
	if res.conf >= 0.9 {
		t.Errorf("conf %.2f: rows joined across a scan's footer go to review", res.conf)
	}
}

// A result cell with a speck before, after or inside its word is a result; a
// line of superscripts ("nd rd" of "2nd 3rd") is none, though "nd" is.
func TestResultLikeSpecks(t *testing.T) {
	for s, want := range map[string]bool{"N.D..": true, "nd.": true, "N.D、": true, "Not .Detected": true, "nd rd": false, "st nd rd": false, "ond.": true, "ond:": true, ":N.D.": true, "‘nd": true} {
		if got := resultLike(s); got != want {
			t.Errorf("resultLike(%q) = %v, want %v", s, got, want)
		}
	}
}

// A scan's dot read as "-" on a header's wrapped line is a speck, not a
// value: the line still joins the header, and its unit is read.
func TestTableHeaderLineWithDot(t *testing.T) {
	l := synthAt(
		at(40, tcell{50, "Test Item"}, tcell{250, "Limit"}, tcell{330, "MDL"}, tcell{400, "Result"}),
		at(52, tcell{300, "-"}, tcell{326, "(mg/kg)"}),
		at(70, tcell{50, "Lead (Pb)"}, tcell{250, "1000"}, tcell{330, "2"}, tcell{400, "12"}),
	)
	dot := &l.Pages[0].Rows[1].Words[0]
	dot.Box.W, dot.Box.H, dot.Box.Y = 1, 1, 56
	res := ocrTables(l)
	wantRows(t, res, []labrelay.ResultRow{
		{Item: "Lead (Pb)", Unit: "mg/kg", MDL: "2", Limit: "1000", Value: "12", Verdict: labrelay.VerdictPass},
	})
	// a dash as wide as a glyph is a value: the line is a row, not a header's
	l = synthAt(
		at(40, tcell{50, "Test Item"}, tcell{250, "Limit"}, tcell{330, "MDL"}, tcell{400, "Result"}),
		at(52, tcell{300, "-"}, tcell{326, "(mg/kg)"}),
	)
	if headerTail(newView(l).Lines[1]) {
		t.Errorf("a glyph-wide dash read as a speck")
	}
}

// A two-word caption OCR parted at a wide word space ("Valor" "medido")
// is one caption again when the words alone name less than both do.
func TestTableCaptionPartedAtWordSpace(t *testing.T) {
	l := synthAt(
		at(40, tcell{50, "Analito"}, tcell{250, "Unidad"}, tcell{320, "LD"}, tcell{380, "Valor"}, tcell{420, "medido"}),
		at(60, tcell{50, "Lead (Pb)"}, tcell{250, "mg/kg"}, tcell{320, "2"}, tcell{400, "12"}),
	)
	res := ocrTables(l)
	wantRows(t, res, []labrelay.ResultRow{
		{Item: "Lead (Pb)", Unit: "mg/kg", MDL: "2", Value: "12"},
	})
}

// A scan's dot in a header line between two captions is no column: the
// item's long name, running past its caption, stays the item's.
func TestTableHeaderDotIsNoColumn(t *testing.T) {
	l := synthAt(
		at(40, tcell{50, "Characteristic"}, tcell{180, "-"}, tcell{260, "Value"}, tcell{330, "MDL"}, tcell{400, "Limit"}),
		at(60, tcell{50, "Overall migration, olive oil"}, tcell{260, "12"}, tcell{330, "2"}, tcell{400, "10"}),
	)
	dot := &l.Pages[0].Rows[0].Words[1]
	dot.Box.W, dot.Box.H, dot.Box.Y = 1, 1, 44
	res := ocrTables(l)
	wantRows(t, res, []labrelay.ResultRow{
		{Item: "Overall migration, olive oil", MDL: "2", Limit: "10", Value: "12", Verdict: labrelay.VerdictFail},
	})
}

// Captions that each name a column, if only by a run of their words,
// stay apart however close ("$42 Value" over two lines beside "定量限
// Reporting Limit"): joined, the result column would be lost.
func TestJoinCaptionsKeepsNamedCells(t *testing.T) {
	word := func(s string, x, h float64) cell { return cell{Text: s, Box: labrelay.Box{X: x, Y: 0, W: 40, H: h}} }
	a := word("$42 Value", 0, 50)
	a.words = []cell{word("$42", 0, 20)}
	b := word("定量 限 Reporting Limit", 50, 50)
	b.words = []cell{word("定量", 50, 20), word("限", 60, 20), word("Reporting", 70, 20)}
	ln := line{Path: labrelay.PathOCR, Cells: []cell{a, b}}
	if got := joinCaptions(ln); len(got.Cells) != 2 {
		t.Errorf("joined %q", got.Cells[0].Text)
	}
}

// A photo's limit sign read as junk ("Ts", "三") in a column whose other
// limits print "≤" is that sign; "<" is a sign of its own and stays, and
// a column without a clear majority changes nothing.
func TestJunkLimitSigns(t *testing.T) {
	// a bare limit the column prints signed lost its sign ("1" among
	// "≤ 1"s); one it does not print so stays
	columnMend(t, colLimit, junkLimitSigns, []string{"≤ 100", "Ts 1000", "≤ 1000", "三 1000", "< 1000", "≤ 1000", "1000", "- 5", "pH 7", "5"},
		3, "≤ 100|≤ 1000|≤ 1000|≤ 1000|< 1000|≤ 1000|≤ 1000|- 5|pH 7|5")
	columnMend(t, colLimit, junkLimitSigns, []string{"≤ 100", "Ts 1000", "< 1000", "< 10"}, 0, "≤ 100|Ts 1000|< 1000|< 10")
	// a speck before the column's sign goes; before another sign it stays
	columnMend(t, colLimit, junkLimitSigns, []string{"≤ 100", "IA ≤ 1000", "≤ 1000", "≤ 10", "IA < 5"}, 1, "≤ 100|≤ 1000|≤ 1000|≤ 10|IA < 5")
	// the sign read as a digit glued to the number ("31000"): only where
	// the column prints that very limit signed
	columnMend(t, colLimit, junkLimitSigns, []string{"≤100", "31000", "≤1000", "≤1000", "51000", "3100", "35"}, 3, "≤100|≤1000|≤1000|≤1000|≤1000|≤100|35")
	columnMend(t, colLimit, junkLimitSigns, []string{"≤100", "31000", "≤100", "≤100"}, 0, "≤100|31000|≤100|≤100")
	columnMend(t, colLimit, junkLimitSigns, []string{"≤1", "~—- ≤0.01", "≤10", "≤0.2"}, 1, "≤1|≤0.01|≤10|≤0.2")
}

// A photo's limit a round digit off one its column prints twice ("1060"
// among "1000"s) is that limit; a limit one digit off two, or off one
// printed once, or off by a digit OCR does not confuse, stays.
func TestLimitDigitColumn(t *testing.T) {
	columnMend(t, colLimit, limitDigitColumn, []string{"1000", "100", "1060", "1000", "Max. 300", "Max. 900", "Max. 900"}, 2, "1000|100|1000|1000|Max. 900|Max. 900|Max. 900")
	columnMend(t, colLimit, limitDigitColumn, []string{"1000", "1060", "100", "1000", "1080", "1080"}, 0, "1000|1060|100|1000|1080|1080")
	columnMend(t, colLimit, limitDigitColumn, []string{"1000", "1060", "100"}, 0, "1000|1060|100")
	columnMend(t, colLimit, limitDigitColumn, []string{"1000", "1010", "1000"}, 0, "1000|1010|1000")
}

// A photo's "N.D." misread a glyph off ("N.O.", "NOD.") in a value column
// that prints "N.D." twice or more is "N.D."; a number stays.
func TestNDLikeColumn(t *testing.T) {
	// "ND:" among three "N.D"s: its dots specks
	columnMend(t, colValue, ndColumn, []string{"N.D", "N.D", "“ND:", "N.D", "12"}, 1, "N.D|N.D|N.D|N.D|12")
	columnMend(t, colValue, ndColumn, []string{"N.D.", "N.O.", "12", "NOD.", "N.D.", "N0D", "ND"}, 2, "N.D.|N.D.|12|N.D.|N.D.|N0D|ND")
	// in a column of "ND"s, "ND." is "ND" and a speck, not "N.D." a dot lost
	columnMend(t, colValue, ndColumn, []string{"ND", "ND.", "11", "ND", "nd."}, 1, "ND|ND|11|ND|nd.")
	// "n.d" among three "n.d." lost its last dot (a scan's speck of ink);
	// among two, or beside "ND", it stays
	columnMend(t, colValue, ndColumn, []string{"n.d.", "n.d", "4", "n.d.", "n.d.", "n.d"}, 2, "n.d.|n.d.|4|n.d.|n.d.|n.d.")
	columnMend(t, colValue, ndColumn, []string{"n.d.", "n.d", "4", "n.d."}, 0, "n.d.|n.d|4|n.d.")
	columnMend(t, colValue, ndColumn, []string{"ND", "N.D.", "N.D."}, 0, "ND|N.D.|N.D.")
	// "ND" once among three "N.D" or more lost its dots; twice, it is the
	// table's other spelling
	columnMend(t, colValue, ndColumn, []string{"ND", "N.D", "N.D", "2", "N.D"}, 1, "N.D|N.D|N.D|2|N.D")
	// "Not Detected" a few glyphs off among three; a number, a word far
	// off, or too few of the mark stay
	columnMend(t, colValue, notDetectedColumn, []string{"Not Detected", "Not A tected", "Not Detected", "Deterteg", "Not Detected", "12", "Not applicable"}, 2,
		"Not Detected|Not Detected|Not Detected|Not Detected|Not Detected|12|Not applicable")
	columnMend(t, colValue, notDetectedColumn, []string{"Not Detected", "Not A tected", "Not Detected"}, 0, "Not Detected|Not A tected|Not Detected")
	columnMend(t, colValue, ndColumn, []string{"ND", "N.D.", "N.D.", "ND", "N.D."}, 0, "ND|N.D.|N.D.|ND|N.D.")
	// a quote before a misread mark is a speck's
	columnMend(t, colValue, ndColumn, []string{"ND", "“NO", "12", "ND"}, 1, "ND|ND|12|ND")
	// and so are "NO." and "ND." once among three "N.D": dots and a "D" read "O"
	columnMend(t, colValue, ndColumn, []string{"N.D", "NO.", "N.D", "ND.", "N.D", "NO", "NO"}, 2, "N.D|N.D|N.D|N.D|N.D|NO|NO")
}

// A decimal comma in an OCR table whose numbers print points is a point
// ("0,002" among "0.4", "0.01"); a thousands comma stays, and so does
// every comma of a table that prints them.
func TestDecimalPoints(t *testing.T) {
	rows := []labrelay.ResultRow{{MDL: "0.01", Value: "0.4"}, {MDL: "0.002", Value: "0,002"}, {MDL: "0.2", Limit: "1,000", Value: "≤ 0,5"}, {MDL: "0.05", Value: "0.7"}}
	if n := decimalPoints(rows); n != 2 || rows[1].Value != "0.002" || rows[2].Value != "≤ 0.5" || rows[2].Limit != "1,000" {
		t.Errorf("changed %d: %+v", n, rows)
	}
	rows = []labrelay.ResultRow{{MDL: "0,01", Value: "0,4"}, {MDL: "0.002", Value: "0,002"}, {MDL: "0,2", Value: "3,5"}}
	if n := decimalPoints(rows); n != 0 {
		t.Errorf("a table of commas: changed %d: %+v", n, rows)
	}
}

// A verdict a glyph off the word its column prints ("通合" among "適合")
// is that word; a cell that could be a negation's misread stays, and so
// does a column with no word three times.
func TestVerdictColumn(t *testing.T) {
	columnMend(t, colVerdict, verdictColumn, []string{"適合", "通合", "適合", "遂合", "適合", "es", "不合"}, 2, "適合|適合|適合|適合|適合|es|不合")
	columnMend(t, colVerdict, verdictColumn, []string{"合格", "合恪", "合格", "Pass"}, 0, "合格|合恪|合格|Pass")
	// a glyph lost: "合" among "符合"s; a negation's glyph kept stays
	columnMend(t, colVerdict, verdictColumn, []string{"符合", "符合", "合", "符合", "不合"}, 1, "符合|符合|符合|符合|不合")
}

// A verdict word and a result read as one value cell ("符合 Not
// Detected") go to their columns when the verdict cell is empty; a value
// that is no result, or a row with its verdict, stays.
func TestVerdictInValue(t *testing.T) {
	for _, c := range []struct{ value, verdict, wantValue, wantVerdict string }{
		{"符合 Not Detected", "", "Not Detected", "符合"},
		{"12 Pass", "", "12", "Pass"},
		{"符合 Not Detected", "Pass", "", ""},
		{"Pass word", "", "", ""},
		{"Not Detected", "", "", ""},
	} {
		var r rawRow
		r.ocr = true
		r.cells[colValue], r.cells[colVerdict] = c.value, c.verdict
		v, p, ok := verdictInValue(r)
		if ok != (c.wantValue != "") || v != c.wantValue || p != c.wantVerdict {
			t.Errorf("%q/%q: got %q, %q, %v", c.value, c.verdict, v, p, ok)
		}
	}
}

// columnMend runs mend over OCR rows whose column col holds cells and
// wants n cells changed, to want ("|" between cells).
func columnMend(t *testing.T, col int, mend func([]rawRow) int, cells []string, n int, want string) {
	t.Helper()
	var rows []rawRow
	for _, c := range cells {
		r := rawRow{data: true, ocr: true}
		r.cells[col] = c
		rows = append(rows, r)
	}
	if got := mend(rows); got != n {
		t.Errorf("mended %d cells of %q, want %d", got, cells, n)
	}
	var got []string
	for _, r := range rows {
		got = append(got, r.cells[col])
	}
	if strings.Join(got, "|") != want {
		t.Errorf("cells %q, want %q", strings.Join(got, "|"), want)
	}
}

// A photo's skew set the item caption apart from the rest of its header
// line, a little higher: the two lines are one header.
func TestSkewedItemCaption(t *testing.T) {
	l := synthAt(
		at(40, tcell{50, "Analyte"}),
		at(46, tcell{300, "MDL"}, tcell{360, "Requirement"}, tcell{460, "Measured"}),
		at(70, tcell{50, "Lead (Pb)"}, tcell{300, "2"}, tcell{360, "< 1000"}, tcell{460, "163"}),
	)
	wantRows(t, ocrTables(l), []labrelay.ResultRow{{Item: "Lead (Pb)", MDL: "2", Limit: "< 1000", Value: "163", Verdict: labrelay.VerdictPass}})
	// so did a rule through the last caption ("COMPLIES" 6 px over the
	// header it ends)
	l = synthAt(
		at(40, tcell{520, "COMPLIES"}),
		at(46, tcell{50, "(TEM"}, tcell{300, "UOM"}, tcell{340, "Lop"}, tcell{380, "SPEC."}, tcell{440, "MEASURED"}),
		at(70, tcell{50, "Formaldehyde"}, tcell{300, "mg/kg"}, tcell{340, "1"}, tcell{380, "Max. 15"}, tcell{440, "Not Detected"}, tcell{520, "符合"}),
		at(90, tcell{50, "Heavy metals (as Pb)"}, tcell{300, "mg/kg"}, tcell{340, "0.2"}, tcell{380, "Max. 1"}, tcell{440, "0.4"}, tcell{520, "符合"}),
	)
	wantRows(t, ocrTables(l), []labrelay.ResultRow{
		{Item: "Formaldehyde", Unit: "mg/kg", MDL: "1", Limit: "Max. 15", Value: "Not Detected", Verdict: labrelay.VerdictPass},
		{Item: "Heavy metals (as Pb)", Unit: "mg/kg", MDL: "0.2", Limit: "Max. 1", Value: "0.4", Verdict: labrelay.VerdictPass},
	})
	// a caption line over a header is no part of its line
	l = synthAt(
		at(40, tcell{50, "Analyte"}),
		at(52, tcell{300, "MDL"}, tcell{360, "Requirement"}, tcell{460, "Measured"}),
		at(70, tcell{50, "Lead (Pb)"}, tcell{300, "2"}, tcell{360, "< 1000"}, tcell{460, "163"}),
	)
	if res := ocrTables(l); len(res.rows) != 0 {
		t.Errorf("a caption a line above: read %+v", res.rows)
	}
}

// The last row's name wrapped onto two lines nearly at row pitch (a
// photo's boxes): no heading, for no row follows it.
func TestLastRowNameWrapsAtPitch(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"Test item", 192, 1250, 320, 37}, {"Reference", 763, 1250, 187, 37}, {"UoM", 1170, 1250, 79, 37}, {"Reporting Limit", 1360, 1250, 250, 37}, {"Criterion", 1636, 1250, 163, 37}, {"Test Result", 1880, 1250, 180, 37}, {"Conclusion", 2076, 1250, 200, 37}},
		{{"Formaldehyde", 194, 1315, 249, 37}, {"EN", 615, 1317, 43, 28}, {"13130-23:2005 / UV-VIS", 677, 1315, 422, 32}, {"mg/kg", 1156, 1316, 108, 36}, {"1", 1445, 1317, 16, 27}, {"≤ 15", 1680, 1316, 80, 28}, {"n.d.", 1915, 1316, 62, 29}, {"O", 2163, 1320, 29, 29}},
		{{"spectrophotometry", 615, 1361, 336, 36}},
		{{"Primary", 191, 1427, 135, 37}, {"aromatic", 339, 1427, 154, 30}, {"EN", 614, 1429, 44, 27}, {"13130-1:2004", 675, 1427, 245, 30}, {"/", 933, 1428, 11, 31}, {"ICP-MS", 959, 1427, 118, 29}, {"mg/kg", 1155, 1427, 108, 36}, {"0.002", 1402, 1427, 97, 29}, {"≤ 0.01", 1661, 1428, 114, 28}, {"n.d.", 1914, 1427, 62, 29}, {"O", 2163, 1431, 28, 29}},
		{{"amines", 192, 1474, 124, 29}},
		{{"Heavy", 192, 1541, 108, 34}, {"metals", 316, 1540, 116, 29}, {"(as", 447, 1540, 50, 33}, {"Pb)", 513, 1539, 53, 33}, {"GB 31604.9-2016 /", 614, 1540, 334, 29}, {"ICP-MS", 962, 1540, 119, 29}, {"mg/kg", 1156, 1540, 108, 36}, {"0.2", 1425, 1540, 53, 29}, {"≤ 1", 1690, 1541, 57, 27}, {"0.2", 1920, 1540, 52, 29}, {"O", 2164, 1544, 28, 29}},
		{{"Potassium", 194, 1601, 176, 45}, {"GB", 614, 1607, 49, 28}, {"31604.2-2016 / titration", 678, 1601, 420, 48}, {"mg/kg", 1156, 1606, 108, 35}, {"1", 1444, 1607, 16, 27}, {"≤ 10", 1680, 1606, 81, 28}, {"1", 1939, 1607, 17, 27}, {"O", 2160, 1605, 32, 49}},
		{{"permanganate", 192, 1655, 259, 33}},
		{{"consumption", 190, 1700, 225, 35}},
	})
	rows := readTables(newView(l), genericTable).rows
	if len(rows) != 4 || rows[3].Item != "Potassium permanganate consumption" || rows[1].Item != "Primary aromatic amines" {
		t.Errorf("rows %+v", rows)
	}
}

// A photo's skew set the header's middle caption (and the end of another)
// a little under the rest of its line: it is one header line still.
func TestSkewedHeaderRest(t *testing.T) {
	l := synthAt(
		at(40, tcell{50, "Substance"}, tcell{420, "Units"}, tcell{480, "Sample"}),
		at(46, tcell{250, "Method"}, tcell{522, "1"}),
		at(70, tcell{50, "Cadmium (Cd)"}, tcell{200, "IEC 62321-5:2013 / ICP-OES/AAS"}, tcell{420, "mg/kg"}, tcell{490, "N.D"}),
		at(90, tcell{50, "Lead (Pb)"}, tcell{200, "IEC 62321-5:2013 / ICP-OES/AAS"}, tcell{420, "mg/kg"}, tcell{490, "12"}),
	)
	wantRows(t, ocrTables(l), []labrelay.ResultRow{
		{Item: "Cadmium (Cd)", Method: "IEC 62321-5:2013 / ICP-OES/AAS", Unit: "mg/kg", Value: "N.D"},
		{Item: "Lead (Pb)", Method: "IEC 62321-5:2013 / ICP-OES/AAS", Unit: "mg/kg", Value: "12"},
	})
}

// A result misread as a short token between data rows costs its row,
// named for review, not the rows after it.
func TestMisreadResultKeepsTable(t *testing.T) {
	l := synthAt(
		at(40, tcell{50, "Parameter"}, tcell{300, "Measured"}),
		at(60, tcell{50, "Pb"}, tcell{300, "n.d."}),
		at(80, tcell{50, "Cr(VI)"}, tcell{300, "ad."}),
		at(100, tcell{50, "PBBs"}, tcell{300, "n.d."}),
	)
	res := ocrTables(l)
	wantRows(t, res, []labrelay.ResultRow{{Item: "Pb", Value: "n.d."}, {Item: "PBBs", Value: "n.d."}})
	if !slices.ContainsFunc(res.issues, func(s string) bool { return strings.Contains(s, "Cr(VI)") }) || res.conf >= 0.9 {
		t.Errorf("the lost row is not named for review: conf %.2f, issues %q", res.conf, res.issues)
	}
}

// A unit a photo set at the end of the method cell, the unit cell empty,
// is the row's unit; a method's own letters stay.
func TestUnitInMethodCell(t *testing.T) {
	l := synthAt(
		at(40, tcell{50, "Test Item"}, tcell{150, "Method"}, tcell{400, "Unit"}, tcell{460, "Result"}),
		at(60, tcell{50, "Lead"}, tcell{150, "EN 1186-2:2002 gravimetry mg/dm2"}, tcell{460, "4"}),
		at(80, tcell{50, "Cadmium"}, tcell{150, "EN 1186-2:2002 gravimetry"}, tcell{400, "mg/dm2"}, tcell{460, "5"}),
		at(100, tcell{50, "Zinc"}, tcell{150, "EN 1186 h"}, tcell{460, "6"}),
	)
	wantRows(t, ocrTables(l), []labrelay.ResultRow{
		{Item: "Lead", Method: "EN 1186-2:2002 gravimetry", Unit: "mg/dm²", Value: "4"},
		{Item: "Cadmium", Method: "EN 1186-2:2002 gravimetry", Unit: "mg/dm²", Value: "5"},
		{Item: "Zinc", Method: "EN 1186 h", Value: "6"},
	})
}

// A scan's bilingual header whose Chinese halves came out as short junk
// ("Wie RESULTS", "Bee" over "REQUIREMENT"): the junk names no column of
// its own, and the header's second line still joins it.
func TestHeaderJunkHalves(t *testing.T) {
	l := synthAt(
		at(40, tcell{50, "PARAMETER"}, tcell{200, "Wie RESULTS"}, tcell{330, "Bee"}, tcell{430, "JUDGEMENT"}, tcell{530, "RAH REFERENCE"}),
		at(50, tcell{215, "(mg/kg)"}, tcell{330, "REQUIREMENT"}),
		at(70, tcell{50, "Lead (Pb)"}, tcell{250, "1227"}, tcell{350, "≤1000"}, tcell{450, "F"}, tcell{550, "IEC 62321-5"}),
		at(85, tcell{50, "Cadmium (Cd)"}, tcell{250, "39"}, tcell{350, "≤100"}, tcell{450, "P"}, tcell{550, "IEC 62321-5"}),
	)
	for i, w := range l.Pages[0].Rows[0].Words {
		if len(w.Text) == 3 {
			l.Pages[0].Rows[0].Words[i].Conf = 0.4
		}
	}
	res := ocrTables(l)
	if len(res.rows) != 2 || res.rows[0].Limit != "≤1000" || res.rows[0].Value != "1227" || res.rows[0].Unit != "mg/kg" {
		t.Errorf("rows %+v; want Lead at 1227 against ≤1000 mg/kg (trace %q)", res.rows, res.trace)
	}
	// a junk half beside a known caption joins it; a sure unknown
	// caption is a result column still
	word := func(s string, x, conf float64) cell {
		return cell{Text: s, Conf: conf, Box: labrelay.Box{X: x, Y: 0, W: 9 * float64(len(s)), H: 20}}
	}
	junk := line{Path: labrelay.PathOCR, Cells: []cell{word("Wie RESULTS", 0, 0.4), word("Bee REQUIREMENT", 200, 0.4), word("RAH REFERENCE", 400, 0.3), word("Bee", 600, 0.4)}}
	if n := headerCount(junk); n != 3 {
		t.Errorf("headerCount of captions with junk halves = %d, want 3", n)
	}
	ln := line{Path: labrelay.PathOCR, Cells: []cell{word("Item", 0, 0.9), word("Result", 100, 0.9), word("Bee", 300, 0.4), word("Verdict", 340, 0.9)}}
	got, kinds := mergeHeaderJunk(ln, []int{colItem, colValue, colUnknown, colVerdict})
	if len(got.Cells) != 3 || got.Cells[2].Text != "Bee Verdict" || !slices.Equal(kinds, []int{colItem, colValue, colVerdict}) {
		t.Errorf("merged %v %v", got.Cells, kinds)
	}
	ln.Cells[2].Conf = 0.9
	if got, _ := mergeHeaderJunk(ln, []int{colItem, colValue, colUnknown, colVerdict}); len(got.Cells) != 4 {
		t.Errorf("a sure caption merged: %v", got.Cells)
	}
}

// A group heading a speck gave a result ("5a") on a scan is no row: it
// prints no limit and no detection limit where the other rows do. A row
// with a clean result and no limit is a row.
func TestHeadingWithSpeck(t *testing.T) {
	l := synthAt(
		at(40, tcell{50, "Test Item"}, tcell{300, "MDL"}, tcell{360, "Limit"}, tcell{460, "Result"}),
		at(60, tcell{50, "Heavy metals and flame retardants"}, tcell{460, "5a"}),
		at(80, tcell{50, "Lead (Pb)"}, tcell{300, "2"}, tcell{360, "1000"}, tcell{460, "14"}),
		at(100, tcell{50, "Mercury (Hg)"}, tcell{300, "2"}, tcell{360, "1000"}, tcell{460, "N.D."}),
		at(120, tcell{50, "Chlorine (Cl)"}, tcell{460, "12"}),
	)
	res := ocrTables(l)
	wantRows(t, res, []labrelay.ResultRow{
		{Item: "Lead (Pb)", MDL: "2", Limit: "1000", Value: "14", Verdict: labrelay.VerdictPass},
		{Item: "Mercury (Hg)", MDL: "2", Limit: "1000", Value: "N.D.", Verdict: labrelay.VerdictPass},
		{Item: "Chlorine (Cl)", Value: "12"},
	})
	if res.conf >= 0.9 {
		t.Errorf("a skipped row left the table at %.2f", res.conf)
	}
}

// A header cell wrapped onto a word the lexicon knows only with the line
// above ("Límite de" over "detección") is joined: the column is the
// detection limit's, not a second limit.
func TestTableHeaderWrappedUnknownWord(t *testing.T) {
	l := synthAt(
		at(40, tcell{50, "Sustancia"}, tcell{200, "Unidad"}, tcell{280, "Límite de"}, tcell{360, "Límite"}, tcell{440, "Resultado"}),
		at(52, tcell{280, "detección"}),
		at(70, tcell{50, "Plomo"}, tcell{200, "mg/kg"}, tcell{280, "0.01"}, tcell{360, "0.2"}, tcell{440, "0.014"}),
		at(86, tcell{50, "Cadmio"}, tcell{200, "mg/kg"}, tcell{280, "0.005"}, tcell{360, "0.07"}, tcell{440, "N.D."}),
	)
	wantRows(t, ocrTables(l), []labrelay.ResultRow{
		{Item: "Plomo", Unit: "mg/kg", MDL: "0.01", Limit: "0.2", Value: "0.014", Verdict: labrelay.VerdictPass},
		{Item: "Cadmio", Unit: "mg/kg", MDL: "0.005", Limit: "0.07", Value: "N.D.", Verdict: labrelay.VerdictPass},
	})
}

// On a photo a bilingual caption ("检出限 MDL") stands a word space from
// the next column's ("Max. Limit"): the two are parted, and the MDL is
// not read into the limit.
func TestHeaderBilingualCaptionThenCaption(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"检测项目 Analyte", 190, 1573, 287, 58}, {"检出限 MDL", 1686, 1572, 224, 59}, {"Max. Limit", 1923, 1589, 194, 28}, {"Result", 2160, 1590, 117, 27}},
		{{"Cadmium (Cd)", 191, 1654, 297, 34}, {"2", 1774, 1657, 18, 27}, {"100", 1989, 1656, 63, 29}, {"<2", 2194, 1656, 48, 28}},
		{{"Lead (Pb)", 191, 1720, 200, 34}, {"2", 1774, 1722, 18, 27}, {"1000", 1980, 1721, 80, 29}, {"19", 2194, 1721, 40, 28}},
	})
	wantRows(t, readTables(newView(l), genericTable), []labrelay.ResultRow{
		{Item: "Cadmium (Cd)", MDL: "2", Limit: "100", Value: "<2", Verdict: labrelay.VerdictPass},
		{Item: "Lead (Pb)", MDL: "2", Limit: "1000", Value: "19", Verdict: labrelay.VerdictPass},
	})
}

// Han header captions OCR parted at the wrong character, or not at all,
// are parted where their characters make two captions of different
// kinds ("标准要求测试" "结果" is 标准要求 and 测试结果); captions read
// right, and Han that parts into no two captions, stay.
func TestMoveHanPart(t *testing.T) {
	word := func(s string, x, w float64) cell { return cell{Text: s, Box: labrelay.Box{X: x, Y: 0, W: w, H: 30}} }
	texts := func(ln line) string {
		var ts []string
		for _, c := range ln.Cells {
			ts = append(ts, c.Text)
		}
		return strings.Join(ts, "|")
	}
	one := word("”标准要求测试 ; 结果", 1976, 300)
	one.words = []cell{word("”标准要求测试 ;", 1976, 200), word("结果", 2231, 45)}
	for _, c := range []struct {
		cells []cell
		want  string
	}{
		{[]cell{word("检测项目", 0, 120), word("单位", 1700, 60), one}, "检测项目|单位|标准要求|测试结果"},
		{[]cell{word("检测项目", 0, 120), word("标准要求测", 1900, 150), word("试结果", 2100, 90)}, "检测项目|标准要求|测试结果"},
		{[]cell{word("检测项目", 0, 120), word("标准要求", 1900, 120), word("测试结果", 2100, 120)}, "检测项目|标准要求|测试结果"},
		{[]cell{word("检测项目", 0, 120), word("样品状态良好", 1900, 180)}, "检测项目|样品状态良好"},
	} {
		got := moveHanPart(line{Path: labrelay.PathOCR, Cells: c.cells})
		if s := texts(got); s != c.want {
			t.Errorf("got %s, want %s", s, c.want)
		}
	}
	got := moveHanPart(line{Path: labrelay.PathOCR, Cells: []cell{one}})
	if len(got.Cells) != 2 || math.Abs(got.Cells[1].Box.X-(1976+200*4/6.0)) > 0.01 || math.Abs(got.Cells[1].Box.X+got.Cells[1].Box.W-(2231+45)) > 0.01 {
		t.Errorf("cells %+v: want 测试结果 from its first character's share of the word to the cell's end", got.Cells)
	}
}

// A photo's check mark read "/" in a column of check marks is a check
// mark where the row's value passes its limit; in a column of words, in
// one of "/" mostly, or where the value fails, "/" stays.
func TestCheckColumn(t *testing.T) {
	for _, c := range []struct {
		verdicts, values, want string
		n                      int
	}{
		{"v|V|/|V|V|/", "<2|147|<2|270|N.D.|<50", "v|V|√|V|V|√", 2},
		{"V|v|f|V|F", "<2|147|<2|270|N.D.", "V|v|f|V|F", 0},
		{"V|v|f|V|V", "<2|147|<2|270|N.D.", "V|v|√|V|V", 1},
		{"V|v|f|4|V|V", "<2|147|<2|270|N.D.|1", "V|v|√|√|V|V", 2},
		// a photo's ticks read "/", "4", "7" in a column of eight "V"
		{"4|V|V|/|v|v|/|4|V|V|7|V", "N.D|N.D|N.D|N.D|N.D|N.D|N.D|N.D|N.D|N.D|N.D|N.D", "√|V|V|√|v|v|√|√|V|V|√|V", 5},
		// a photo's tick read "y" among "/" and "4"
		{"/|4|y|V|V|V|v|v|v|V", "ND|202|304|ND|ND|ND|ND|ND|112|211", "√|√|√|V|V|V|v|v|v|V", 3},
		// a tick read "%" is one other cell, no word
		{"V|V|/|v|V|V|%", "N.D|N.D|N.D|N.D|N.D|N.D|237", "V|V|√|v|V|V|%", 1},
		// a cross among the ticks is a mark, not a word
		{"V|V|V|x|/|V|V", "N.D|N.D|4|1200|N.D|N.D|N.D", "V|V|V|x|√|V|V", 1},
		{"V|v|f|4|Pass|V", "<2|147|<2|270|N.D.|1", "V|v|f|4|Pass|V", 0},
		{"v|V|/|V|V", "<2|147|2000|270|N.D.", "v|V|/|V|V", 0},
		{"Pass|Pass|/|Pass", "<2|147|<2|270", "Pass|Pass|/|Pass", 0},
		{"/|/|V|/|V|V", "<2|147|<2|270|N.D.|<50", "/|/|V|/|V|V", 0},
		{"V|/|V", "<2|147|<2", "V|/|V", 0},
		// a tick read as two strokes ("iv", "Vv")
		{"V|V|iv|v|Vv|V", "<2|<2|<2|<8|N.D.|<50", "V|V|√|v|√|V", 2},
		// or "ov", beside one read as two small letters of no word ("ge");
		// a word ("ok") is no misread tick
		{"V|V|iv|v|ge|V|ov|V", "<2|<2|<2|<8|N.D.|N.D.|<50|<50", "V|V|√|v|ge|V|√|V", 2},
		{"v|y|v|Vv|v|ed,|v", "77|N.D.|N.D.|N.D.|N.D.|N.D.|54", "v|√|v|√|v|ed,|v", 2},
		{"V|V|iv|v|ok|V|ov|V", "<2|<2|<2|<8|N.D.|N.D.|<50|<50", "V|V|iv|v|ok|V|ov|V", 0},
	} {
		markColumn(t, checkColumn, c.verdicts, c.values, c.n, c.want)
	}
	// a table with no limit column: a misread tick is one where the value
	// was not detected, which passes any limit; a number may not
	var rows []rawRow
	for i, v := range []string{"V", "V", "/", "v", "/", "V"} {
		r := rawRow{data: true, ocr: true}
		r.cells[colVerdict], r.cells[colValue] = v, []string{"<2", "<2", "<50", "N.D.", "147", "<8"}[i]
		rows = append(rows, r)
	}
	if n := checkColumn(rows); n != 1 || rows[2].cells[colVerdict] != "√" || rows[4].cells[colVerdict] != "/" {
		t.Errorf("no limit: %d changed, %q and %q; want the undetected row's tick only", n, rows[2].cells[colVerdict], rows[4].cells[colVerdict])
	}
}

// A scan's second header line with a doubtful letter a rule left ("F"
// between two captions) still completes the header: "Test" over
// "Result" names the result column. Read surely, the letter is a verdict
// and the line no header.
func TestTableHeaderLonelyGlyph(t *testing.T) {
	layout := func(conf float64) *labrelay.Layout {
		l := synthAt(
			at(40, tcell{50, "Substance"}, tcell{200, "Test"}, tcell{280, "Method"}, tcell{400, "Limit"}),
			at(52, tcell{196, "Result"}, tcell{380, "F"}),
			at(70, tcell{50, "Lead (Pb)"}, tcell{200, "12"}, tcell{280, "IEC 62321-5"}, tcell{400, "1000"}),
			at(85, tcell{50, "Cadmium (Cd)"}, tcell{200, "N.D."}, tcell{280, "IEC 62321-5"}, tcell{400, "100"}),
		)
		l.Pages[0].Rows[1].Words[1].Conf = conf
		return l
	}
	wantRows(t, ocrTables(layout(0.6)), []labrelay.ResultRow{
		{Item: "Lead (Pb)", Method: "IEC 62321-5", Limit: "1000", Value: "12", Verdict: labrelay.VerdictPass},
		{Item: "Cadmium (Cd)", Method: "IEC 62321-5", Limit: "100", Value: "N.D.", Verdict: labrelay.VerdictPass},
	})
	if res := ocrTables(layout(0.95)); len(res.rows) != 0 {
		t.Errorf("a sure F: rows %+v, want none (\"Test\" alone names no result column)", res.rows)
	}
}

// The rows of a ruled table are the bands between its rules: a scan's
// name wrapped under its row ("(Cr(VI))"), nearer the row below, is its
// own row's, with no rule between them. Rules that do not part the data
// rows are not trusted: the line goes by spacing.
func TestTableRuledRows(t *testing.T) {
	lines := []yline{
		at(40, tcell{50, "Test Item"}, tcell{200, "Method"}, tcell{330, "Result"}, tcell{400, "Limit"}),
		at(60, tcell{50, "Hexavalent Chromium"}, tcell{200, "IEC 62321-7-2"}, tcell{330, "N.D."}, tcell{400, "1000"}),
		at(76, tcell{50, "(Cr(VI))"}),
		at(88, tcell{50, "Lead (Pb)"}, tcell{200, "IEC 62321-5"}, tcell{330, "12"}, tcell{400, "1000"}),
		at(106, tcell{50, "Mercury (Hg)"}, tcell{200, "IEC 62321-4"}, tcell{330, "N.D."}, tcell{400, "1000"}),
	}
	rule := func(y float64) labrelay.Box { return labrelay.Box{X: 45, Y: y, W: 420, H: 1} }
	l := synthAt(lines...)
	l.Pages[0].HRules = []labrelay.Box{rule(55), rule(87), rule(104), rule(118)}
	wantRows(t, ocrTables(l), []labrelay.ResultRow{
		{Item: "Hexavalent Chromium (Cr(VI))", Method: "IEC 62321-7-2", Limit: "1000", Value: "N.D.", Verdict: labrelay.VerdictPass},
		{Item: "Lead (Pb)", Method: "IEC 62321-5", Limit: "1000", Value: "12", Verdict: labrelay.VerdictPass},
		{Item: "Mercury (Hg)", Method: "IEC 62321-4", Limit: "1000", Value: "N.D.", Verdict: labrelay.VerdictPass},
	})
	// a rule under the header and one under the table only
	l = synthAt(lines...)
	l.Pages[0].HRules = []labrelay.Box{rule(55), rule(118)}
	if res := ocrTables(l); len(res.rows) != 3 || res.rows[1].Item != "(Cr(VI)) Lead (Pb)" {
		t.Errorf("rules that part no rows: rows %+v, want the line joined by spacing, to the row below", res.rows)
	}
}

// Two Han captions OCR read as one word with a comma for the gap
// between them ("限值，检测结果") are two columns: the limit and the
// result.
func TestTableHanCaptionsJoinedByComma(t *testing.T) {
	l := synthAt(
		at(40, tcell{50, "项目"}, tcell{200, "限值，检测结果"}, tcell{246, "(mg/kg)"}, tcell{330, "检测方法"}),
		at(60, tcell{50, "Cd"}, tcell{200, "100"}, tcell{250, "ND"}, tcell{330, "IEC 62321-5:2013"}),
		at(75, tcell{50, "Pb"}, tcell{200, "1000"}, tcell{250, "169"}, tcell{330, "IEC 62321-5:2013"}),
	)
	wantRows(t, ocrTables(l), []labrelay.ResultRow{
		{Item: "Cd", Method: "IEC 62321-5:2013", Unit: "mg/kg", Limit: "100", Value: "ND", Verdict: labrelay.VerdictPass},
		{Item: "Pb", Method: "IEC 62321-5:2013", Unit: "mg/kg", Limit: "1000", Value: "169", Verdict: labrelay.VerdictPass},
	})
}

// pxCell is a cell of a scan's line: its left, top and height in pixels.
type pxCell struct {
	x, y, h float64
	text    string
}

// pxLayout builds a one-page OCR layout at 300 dpi, each word 18 px per
// character wide, with horizontal rules across the table at rules.
func pxLayout(rules []float64, lines ...[]pxCell) *labrelay.Layout {
	pg := labrelay.Page{Number: 1, Width: 2480, Height: 3508, Unit: "px", Path: labrelay.PathOCR}
	for _, ln := range lines {
		var row labrelay.Row
		for _, c := range ln {
			x := c.x
			for _, w := range strings.Fields(c.text) {
				wd := 18 * float64(len([]rune(w)))
				row.Words = append(row.Words, labrelay.Word{Text: w, Box: labrelay.Box{X: x, Y: c.y, W: wd, H: c.h}, Conf: 0.95})
				x += wd + 12
			}
		}
		row.Box = labrelay.WordsBox(row.Words)
		pg.Rows = append(pg.Rows, row)
	}
	for _, y := range rules {
		pg.HRules = append(pg.HRules, labrelay.Box{X: 176, Y: y, W: 2130, H: 3})
	}
	return &labrelay.Layout{Pages: []labrelay.Page{pg}}
}

// A ruled row whose cells are centred on two lines, each of which looks
// like a row ("Overall migration, 10%" … "Not" over "ethanol … 1 …
// Max. 10", as a scan of dev layout 392 reads), is one row: no rule
// parts its lines. Two rows a scan lost the rule between stay two ("12"
// and "5" make no one result).
func TestTableRuledRowOnTwoLines(t *testing.T) {
	l := pxLayout([]float64{1264, 1375, 1486, 1597, 1708},
		[]pxCell{{195, 1278, 41, "PARAMETER"}, {914, 1282, 27, "METHOD"}, {1410, 1283, 26, "UOM"}, {1650, 1278, 42, "MDL"}, {1912, 1283, 26, "LIMIT"}, {2109, 1282, 27, "RESULT"}},
		[]pxCell{{193, 1392, 35, "Overall migration, 10%"}, {698, 1393, 35, "EN 1186-9:2002, gravimetry (article"}, {2150, 1394, 28, "Not"}},
		[]pxCell{{194, 1419, 61, "ethanol"}, {1384, 1416, 35, "mg/dm²"}, {1696, 1417, 27, "1"}, {1891, 1416, 29, "Max. 10"}},
		[]pxCell{{695, 1438, 35, "filling)"}, {2100, 1439, 29, "Detected"}},
		[]pxCell{{194, 1500, 58, "Overall migration, 3%"}, {698, 1504, 51, "EN 1186-9:2002, gravimetry (article"}},
		[]pxCell{{1385, 1527, 35, "mg/dm²"}, {1697, 1528, 27, "1"}, {1892, 1527, 29, "Max. 10"}, {2160, 1528, 27, "15"}},
		[]pxCell{{194, 1549, 29, "acetic acid"}, {696, 1550, 34, "filling)"}},
		[]pxCell{{193, 1637, 35, "Specific migration of lead"}, {698, 1638, 35, "EN 13130-1:2004, ICP-MS"}, {1384, 1638, 35, "mg/kg"}, {1696, 1639, 27, "0.01"}, {1892, 1638, 29, "Max. 0.2"}, {2150, 1638, 29, "0.05"}},
	)
	wantRows(t, ocrTables(l), []labrelay.ResultRow{
		{Item: "Overall migration, 10% ethanol", Method: "EN 1186-9:2002, gravimetry (article filling)", Unit: "mg/dm²", MDL: "1", Limit: "Max. 10", Value: "Not Detected", Verdict: labrelay.VerdictPass},
		{Item: "Overall migration, 3% acetic acid", Method: "EN 1186-9:2002, gravimetry (article filling)", Unit: "mg/dm²", MDL: "1", Limit: "Max. 10", Value: "15", Verdict: labrelay.VerdictFail},
		{Item: "Specific migration of lead", Method: "EN 13130-1:2004, ICP-MS", Unit: "mg/kg", MDL: "0.01", Limit: "Max. 0.2", Value: "0.05", Verdict: labrelay.VerdictPass},
	})
	l = pxLayout([]float64{1264, 1375, 1515, 1585, 1655},
		[]pxCell{{195, 1278, 41, "PARAMETER"}, {914, 1282, 27, "METHOD"}, {1912, 1283, 26, "LIMIT"}, {2109, 1282, 27, "RESULT"}},
		[]pxCell{{193, 1392, 35, "Lead"}, {698, 1393, 35, "EN 13130-1"}, {1891, 1393, 29, "Max. 1"}, {2150, 1394, 28, "12"}},
		[]pxCell{{193, 1460, 35, "Cadmium"}, {698, 1460, 35, "EN 13130-1"}, {1891, 1460, 29, "Max. 1"}, {2150, 1460, 28, "5"}},
		[]pxCell{{193, 1530, 35, "Zinc"}, {698, 1530, 35, "EN 13130-1"}, {1891, 1530, 29, "Max. 1"}, {2150, 1530, 28, "3"}},
		[]pxCell{{193, 1600, 35, "Nickel"}, {698, 1600, 35, "EN 13130-1"}, {1891, 1600, 29, "Max. 1"}, {2150, 1600, 28, "4"}},
	)
	if res := ocrTables(l); len(res.rows) != 4 {
		t.Errorf("rows %+v, want the four rows apart", res.rows)
	}
}

// A line in a band of its own between two ruled data rows is no part of
// either: a group heading with a speck read beside it ("PAHs" … "Be") a
// photo sets close under the row above.
func TestTableRuledHeadingApart(t *testing.T) {
	l := pxLayout([]float64{980, 1059, 1122, 1189, 1256},
		[]pxCell{{195, 930, 30, "SUBSTANCE"}, {790, 930, 30, "METHOD"}, {1540, 930, 30, "LIMIT"}, {2060, 930, 30, "RESULT"}},
		[]pxCell{{193, 1010, 34, "Hexavalent Chromium (Cr(VI))"}, {792, 1010, 30, "IEC 62321-7-2:2017"}, {1540, 1010, 30, "Max. 1000"}, {2080, 1012, 28, "47"}},
		[]pxCell{{194, 1070, 28, "PAHs"}, {1296, 1064, 40, "Be"}},
		[]pxCell{{192, 1140, 35, "Benzo[a]pyrene (BaP)"}, {789, 1139, 31, "AfPS GS 2019:01 PAK"}, {1573, 1142, 28, "Max. 1"}, {2071, 1141, 29, "n.d."}},
		[]pxCell{{193, 1207, 35, "Chrysene (CHR)"}, {789, 1206, 30, "AfPS GS 2019:01 PAK"}, {1574, 1208, 28, "Max. 1"}, {2075, 1208, 29, "0.3"}},
	)
	res := ocrTables(l)
	if len(res.rows) != 3 || res.rows[0].Item != "Hexavalent Chromium (Cr(VI))" || res.rows[0].Limit != "Max. 1000" || res.rows[1].Item != "Benzo[a]pyrene (BaP)" {
		t.Errorf("rows %+v, want the heading in no row", res.rows)
	}
}

// A photo's rule found only under some columns leaves a name's wrapped
// line in one band with two data rows: the rules tell nothing there, and
// spacing places the line (it is no heading set apart).
func TestTableRuledPartialRule(t *testing.T) {
	l := pxLayout([]float64{980, 1250},
		[]pxCell{{195, 930, 30, "SUBSTANCE"}, {1540, 930, 30, "LIMIT"}, {2060, 930, 30, "RESULT"}},
		[]pxCell{{193, 1000, 34, "Sum of PBBs (PBBs)"}, {1540, 1000, 30, "1000"}, {2071, 1000, 29, "n.d."}},
		[]pxCell{{193, 1055, 34, "Sum of PBDEs"}},
		[]pxCell{{1540, 1075, 30, "1000"}, {2071, 1075, 29, "n.d."}},
		[]pxCell{{193, 1097, 34, "(PBDEs)"}},
		[]pxCell{{193, 1160, 34, "Bis(2-ethylhexyl)"}},
		[]pxCell{{1540, 1180, 30, "1000"}, {2071, 1180, 29, "364"}},
		[]pxCell{{193, 1202, 34, "phthalate (DEHP)"}},
	)
	// the rules between the rows, found under the numbers only
	for _, y := range []float64{1040, 1140} {
		l.Pages[0].HRules = append(l.Pages[0].HRules, labrelay.Box{X: 1400, Y: y, W: 900, H: 3})
	}
	res := ocrTables(l)
	if len(res.rows) != 3 || res.rows[1].Item != "Sum of PBDEs (PBDEs)" {
		t.Errorf("rows %+v, want the wrapped name whole in the middle row", res.rows)
	}
}

// A ruled row whose name wraps under its numbers ("Bis(2-ethylhexyl) 50
// … Complies" over "phthalate (DEHP)") stands further below the row
// before, whose numbers sat on its name's second line, than an unruled
// table's rows do: the rule between them and the rule under it say it is
// the next row. Text under the table's last rule is no row.
func TestTableRuledRowFarBelow(t *testing.T) {
	lines := [][]pxCell{
		{{195, 548, 30, "Item"}, {700, 548, 30, "Reporting Limit"}, {1150, 548, 30, "Maximum Permitted"}, {1650, 548, 30, "Measured"}, {2000, 548, 30, "Compliance"}},
		{{1663, 598, 33, "(mg/kg)"}},
		{{195, 660, 28, "Sum of PBBs"}},
		{{195, 689, 27, "(PBBs)"}, {758, 689, 27, "2"}, {1221, 689, 27, "≤1000"}, {1705, 689, 27, "N.D"}, {2028, 689, 27, "Complies"}},
		{{195, 771, 28, "Sum of PBDEs"}},
		{{195, 800, 27, "(PBDEs)"}, {758, 800, 27, "2"}, {1221, 800, 27, "≤1000"}, {1705, 800, 27, "N.D"}, {2028, 800, 27, "Complies"}},
		{{195, 910, 27, "Bis(2-ethylhexyl)"}, {747, 910, 27, "50"}, {1221, 910, 27, "≤1000"}, {1705, 910, 27, "N.D"}, {2028, 910, 27, "Complies"}},
		{{195, 936, 30, "phthalate (DEHP)"}},
		{{195, 1060, 30, "Tested by : Grace Wong"}, {1200, 1060, 30, "Approved 2026"}},
	}
	rules := []float64{533, 644, 755, 866, 977}
	res := ocrTables(pxLayout(rules, lines...))
	if len(res.rows) != 3 || res.rows[2].Item != "Bis(2-ethylhexyl) phthalate (DEHP)" || res.rows[2].MDL != "50" {
		t.Errorf("rows %+v, want three, the last Bis(2-ethylhexyl) phthalate (DEHP) with MDL 50\n%v %v", res.rows, res.trace, res.issues)
	}
	if res := ocrTables(pxLayout(nil, lines...)); len(res.rows) != 2 {
		t.Errorf("unruled: rows %+v, want the two rows close together", res.rows)
	}
}

// A heading on the last line of a page ("Halogens") heads the rows the
// table goes on with on the next page: it joins no name above it, also
// when the scan lost the rule above it and the rules put it in the band
// of the row above.
func TestTableScanHeadingLastOnPage(t *testing.T) {
	for _, rules := range [][]float64{nil, {55, 72.5, 86.5, 124}} {
		testHeadingLastOnPage(t, rules)
	}
}

func testHeadingLastOnPage(t *testing.T, rules []float64) {
	l := synthAt(at(40, tcell{50, "Test Items"}, tcell{200, "Measured"}, tcell{330, "Criterion"}),
		at(60, tcell{50, "Lead (Pb)"}, tcell{200, "ND"}, tcell{330, "Max. 1000"}),
		at(75, tcell{50, "Sum of PBBs (PBBs)"}, tcell{200, "ND"}, tcell{330, "Max. 1000"}),
		at(88, tcell{50, "Sum of PBDEs"}, tcell{200, "ND"}, tcell{330, "Max. 1000"}),
		at(100, tcell{50, "(PBDEs)"}),
		at(113, tcell{50, "Halogens"}),
		at(150, tcell{50, "Acme Test Lab Limited, Hamburg"}),
		at(161, tcell{50, "This report shall not be reproduced"}),
	)
	p2 := synthAt(at(40, tcell{50, "Chlorine (Cl)"}, tcell{200, "232"}, tcell{330, "Max. 900"}),
		at(55, tcell{50, "Bromine (Br)"}, tcell{200, "ND"}, tcell{330, "Max. 900"}),
	).Pages[0]
	p2.Number = 2
	l.Pages = append(l.Pages, p2)
	for _, y := range rules {
		l.Pages[0].HRules = append(l.Pages[0].HRules, labrelay.Box{X: 45, Y: y, W: 420, H: 1})
	}
	if rules != nil {
		for _, y := range []float64{36, 52.5, 67} {
			l.Pages[1].HRules = append(l.Pages[1].HRules, labrelay.Box{X: 45, Y: y, W: 420, H: 1})
		}
	}
	for i := range l.Pages {
		l.Pages[i].Path = labrelay.PathOCR
	}
	res := readTables(newView(l), genericTable)
	var items []string
	for _, r := range res.rows {
		items = append(items, r.Item)
	}
	if want := []string{"Lead (Pb)", "Sum of PBBs (PBBs)", "Sum of PBDEs (PBDEs)", "Chlorine (Cl)", "Bromine (Br)"}; strings.Join(items, "|") != strings.Join(want, "|") {
		t.Errorf("rules %v: items %q; want %q (trace %v)", rules, items, want, res.trace)
	}
}

// Captions read as one cell part into as few captions as they make:
// "Limit Test Result (mg/kg) Compliance" is Limit | Test Result (mg/kg) |
// Compliance, not a lone "Test", which names the item column a second
// time and lost the table (photo 503 of the dev set).
func TestTableCaptionsFewestParts(t *testing.T) {
	l := pxLayout(nil,
		[]pxCell{{192, 1418, 45, "Element"}, {1516, 1423, 28, "Limit"}, {1628, 1423, 36, "Test Result (mg/kg)"}, {1990, 1420, 30, "Compliance"}},
		[]pxCell{{192, 1488, 30, "Cd"}, {1540, 1488, 30, "100"}, {1660, 1488, 30, "Not Detected"}, {2080, 1488, 30, "PASS"}},
		[]pxCell{{192, 1554, 30, "Hg"}, {1520, 1554, 30, "1000"}, {1700, 1554, 30, "2"}, {2080, 1554, 30, "PASS"}},
	)
	wantRows(t, ocrTables(l), []labrelay.ResultRow{
		{Item: "Cd", Unit: "mg/kg", Limit: "100", Value: "Not Detected", Verdict: labrelay.VerdictPass},
		{Item: "Hg", Unit: "mg/kg", Limit: "1000", Value: "2", Verdict: labrelay.VerdictPass},
	})
}

// A cell of three captions or more parts into the fewest such: not two
// ("Test Result" | "Unit", which splitCaptions leaves to gaps), and not
// more than it takes ("Limit" | "Test Result (mg/kg)" | "Compliance").
func TestCaptionPartsLeast(t *testing.T) {
	toks := func(s string) []cell {
		var out []cell
		for i, w := range strings.Fields(s) {
			out = append(out, cell{Text: w, Box: labrelay.Box{X: float64(100 * i), Y: 10, W: 60, H: 10}})
		}
		return out
	}
	for _, c := range []struct{ in, want string }{
		{"Test Result Unit", "Test|Result|Unit"},
		{"Limit Test Result (mg/kg) Compliance", "Limit|Test Result (mg/kg)|Compliance"},
	} {
		var got []string
		for _, p := range captionParts(toks(c.in), colUnknown, 3) {
			got = append(got, p.Text)
		}
		if strings.Join(got, "|") != c.want {
			t.Errorf("captionParts(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// A group heading over a row whose result wraps around its middle line
// ("Not" over "Cd … ≤100", "Detected" under it) heads that row: the
// result's first line, tight over the row, is no end of the table.
func TestTableHeadingOverWrappedResult(t *testing.T) {
	l := synthAt(at(40, tcell{50, "Test Item"}, tcell{150, "Method"}, tcell{330, "Result"}, tcell{400, "Limit"}),
		at(65, tcell{50, "Heavy metals and flame retardants"}),
		at(78, tcell{330, "Not"}),
		at(86, tcell{50, "Cd"}, tcell{150, "IEC 62321-5"}, tcell{400, "≤100"}),
		at(93, tcell{330, "Detected"}),
		at(108, tcell{330, "Not"}),
		at(116, tcell{50, "Pb"}, tcell{150, "IEC 62321-5"}, tcell{400, "≤1000"}),
		at(123, tcell{330, "Detected"}),
	)
	res := ocrTables(l)
	var got []string
	for _, r := range res.rows {
		got = append(got, r.Item+" "+r.Value)
	}
	if want := []string{"Cd Not Detected", "Pb Not Detected"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("rows %q; want %q (trace %v)", got, want, res.trace)
	}
}

// A rule's piece read as one flat glyph on a header's unit line ("4",
// a quarter of the line's height, after "(mg/kg)  Limit") does not keep
// the line from the header: the unit is still the rows'.
func TestTableUnitLineFlatGlyph(t *testing.T) {
	l := synthAt(at(40, tcell{50, "Test Item"}, tcell{150, "Method"}, tcell{330, "Test Result"}, tcell{420, "Reporting"}),
		at(52, tcell{330, "(mg/kg)"}, tcell{420, "Limit"}, tcell{490, "4"}),
		at(70, tcell{50, "Lead (Pb)"}, tcell{150, "IEC 62321-5"}, tcell{330, "N.D."}, tcell{420, "2"}),
		at(83, tcell{50, "Cadmium (Cd)"}, tcell{150, "IEC 62321-5"}, tcell{330, "12"}, tcell{420, "2"}),
	)
	w := &l.Pages[0].Rows[1].Words[2]
	w.Box.Y, w.Box.H = 58, 2
	res := ocrTables(l)
	if len(res.rows) != 2 || res.rows[0].Unit != "mg/kg" || res.rows[1].Unit != "mg/kg" {
		t.Errorf("rows %+v, want two in mg/kg (trace %v)", res.rows, res.trace)
	}
}

// A photo's circle read as round glyphs ("C", "6)") in a column of
// circles is a circle where the row's value does not fail its limit; a
// column with a cross, a word, or fewer than three circles stays.
func TestCircleColumn(t *testing.T) {
	for _, c := range []struct {
		verdicts, values, want string
		n                      int
	}{
		{"C|O|O|6)|O|O", "21|ND|55|359|ND|ND", "○|O|O|○|O|O", 2},
		{"O|O|O|C", "ND|ND|ND|2000", "O|O|O|C", 0},
		{"O|O|C", "ND|ND|ND", "O|O|C", 0},
		{"O|O|O|x|C", "ND|ND|ND|2000|ND", "O|O|O|x|C", 0},
		{"O|O|O|Pass|C", "ND|ND|ND|ND|ND", "O|O|O|Pass|C", 0},
		{"O|O|O|Cr", "ND|ND|ND|ND", "O|O|O|Cr", 0},
		{"O|O|O|", "ND|ND|ND|ND", "O|O|O|", 0},
	} {
		markColumn(t, circleColumn, c.verdicts, c.values, c.n, c.want)
	}
}

// A limit whose sign OCR read as the other of its pair ("≤" for "<",
// "<" for a "≤" that lost its underline, "<i" for "≤ 1") takes the sign
// three quarters of its column print; a column of mixed signs, or too
// few, stays.
func TestLimitSignColumn(t *testing.T) {
	for _, c := range []struct {
		limits, want string
		n            int
	}{
		{"< 100|< 1000|≤ 1000|< 1000|< 1000|< 1000", "< 100|< 1000|< 1000|< 1000|< 1000|< 1000", 1},
		{"≤ 100|≤ 1000|≤ 1000|≤ 1|≤ 1|<i", "≤ 100|≤ 1000|≤ 1000|≤ 1|≤ 1|≤1", 1},
		{"≤ 100|≤ 1000|< 1000|< 1", "≤ 100|≤ 1000|< 1000|< 1", 0},
		{"≤ 100|≤ 1000|< 1000", "≤ 100|≤ 1000|< 1000", 0},
		{"≥ 5|≥ 5|≥ 5|> 5", "≥ 5|≥ 5|≥ 5|≥ 5", 1},
		{"≥ 5|≥ 5|≥ 5|> 5|< 100", "≥ 5|≥ 5|≥ 5|> 5|< 100", 0},
		{"≤ 100|≤ 1000|≤ 1000|Max. 5|1000", "≤ 100|≤ 1000|≤ 1000|Max. 5|1000", 0},
		{"Max. 100|Max. 1000|Max 900|Max. 1000", "Max. 100|Max. 1000|Max. 900|Max. 1000", 1},
		{"Max. 100|Max. 1000|Max 900", "Max. 100|Max. 1000|Max 900", 0},
	} {
		columnMend(t, colLimit, limitSignColumn, strings.Split(c.limits, "|"), c.n, c.want)
	}
}

// Two numbers in one of two neighbouring number columns, the other
// empty or a speck, are one number each ("0.005 0.07" under MDL, the
// limit empty: a photo lost the gap), where two other rows fill both.
func TestSpilledNumbers(t *testing.T) {
	cols := []column{{kind: colItem}, {kind: colMDL}, {kind: colLimit}, {kind: colValue}}
	run := func(cells ...[3]string) (int, []string) {
		var rows []rawRow
		for _, c := range cells {
			r := rawRow{data: true, ocr: true}
			r.cells[colItem] = "x"
			r.cells[colMDL], r.cells[colLimit], r.cells[colValue] = c[0], c[1], c[2]
			rows = append(rows, r)
		}
		n := spilledNumbers(rows, cols)
		var got []string
		for _, r := range rows {
			got = append(got, r.cells[colMDL]+"|"+r.cells[colLimit]+"|"+r.cells[colValue])
		}
		return n, got
	}
	n, got := run([3]string{"1", "10", "<1"}, [3]string{"0.01", "0.2", "<0.01"}, [3]string{"0.005 0.07", "", "<0.005"})
	if n != 1 || got[2] != "0.005|0.07|<0.005" {
		t.Errorf("MDL with the limit: %d, %q", n, got)
	}
	n, got = run([3]string{"2", "≤1000", "ND"}, [3]string{"2", "≤100", "12"}, [3]string{"，", "50 <1000", "ND"})
	if n != 1 || got[2] != "50|<1000|ND" {
		t.Errorf("limit with the MDL, a speck in its place: %d, %q", n, got)
	}
	// one other row filling both is not a column of each
	n, got = run([3]string{"2", "≤1000", "ND"}, [3]string{"2", "", "12"}, [3]string{"", "50 <1000", "ND"})
	if n != 0 {
		t.Errorf("too few rows fill both: %d, %q", n, got)
	}
	// a result of two samples stays: the value column has no empty neighbour
	n, got = run([3]string{"2", "≤1000", "ND"}, [3]string{"2", "≤100", "12"}, [3]string{"2", "≤100", "12 14"})
	if n != 0 {
		t.Errorf("two results: %d, %q", n, got)
	}
}

// markColumn runs a verdict column's mend (checkColumn, circleColumn) on
// OCR rows of the verdicts and values given ("|" apart), each row's limit
// "≤1000", and wants n cells changed and the verdicts want after.
func markColumn(t *testing.T, mend func([]rawRow) int, verdicts, values string, n int, want string) {
	t.Helper()
	var rows []rawRow
	vs := strings.Split(values, "|")
	for i, v := range strings.Split(verdicts, "|") {
		r := rawRow{data: true, ocr: true}
		r.cells[colVerdict], r.cells[colValue], r.cells[colLimit] = v, vs[i], "≤1000"
		rows = append(rows, r)
	}
	got := mend(rows)
	var out []string
	for _, r := range rows {
		out = append(out, r.cells[colVerdict])
	}
	if got != n || strings.Join(out, "|") != want {
		t.Errorf("%s: %d changed, %s; want %d, %s", verdicts, got, strings.Join(out, "|"), n, want)
	}
}

// On a scan set tight, a row whose not-detected mark is misread ("NO."
// among "N.D"s) is a row of its own, not a wrapped line of the row above;
// its mark is read as the column's.
func TestMisreadMarkRowIsNoWrap(t *testing.T) {
	hdr := at(40, tcell{50, "Test Item"}, tcell{250, "Found"}, tcell{300, "MDL"}, tcell{350, "Assessment"}, tcell{430, "Limit"})
	l := synthAt(hdr,
		at(60, tcell{50, "Cadmium (Cd)"}, tcell{250, "N.D"}, tcell{300, "2"}, tcell{350, "Complies"}, tcell{430, "< 100"}),
		at(72, tcell{50, "Mercury (Hg)"}, tcell{250, "N.D"}, tcell{300, "2"}, tcell{350, "Complies"}, tcell{430, "< 1000"}),
		at(84, tcell{50, "Dibutyl phthalate (DBP)"}, tcell{250, "NO."}, tcell{300, "50"}, tcell{350, "Complies"}, tcell{430, "< 1000"}),
		at(96, tcell{50, "Chlorine (Cl)"}, tcell{250, "N.D"}, tcell{300, "50"}, tcell{350, "Complies"}, tcell{430, "< 900"}),
	)
	rows := ocrTables(l).rows
	if len(rows) != 4 || rows[2].Item != "Dibutyl phthalate (DBP)" || rows[2].Value != "N.D" {
		t.Errorf("rows %+v", rows)
	}
}

// A three-letter header read a glyph off is the kind its near captions
// agree on ("Lop": LOQ and LOD, the detection limit); one that no two
// known captions are near names nothing.
func TestNearAbbrevHeader(t *testing.T) {
	for in, want := range map[string]int{"Lop": colMDL, "MOL": colMDL, "Xyz": colUnknown, "Uon": colUnknown} {
		if k, _ := headerKindOf(in, false); k != want {
			t.Errorf("headerKindOf(%q) = %d, want %d", in, k, want)
		}
	}
}

// On a photo, a group heading skewed close under a row whose name ends
// with its abbreviation ("Halogens" under "(DIBP)") is no part of that
// name.
func TestHeadingTightUnderName(t *testing.T) {
	l := synthAt(
		at(40, tcell{50, "Substance"}, tcell{250, "Units"}, tcell{320, "Sample 1"}),
		at(60, tcell{50, "Dibutyl phthalate (DBP)"}, tcell{250, "mg/kg"}, tcell{320, "134"}),
		at(80, tcell{50, "Diisobutyl phthalate (DIBP)"}, tcell{250, "mg/kg"}, tcell{320, "N.D"}),
		at(86, tcell{50, "Halogens"}, tcell{270, "Sg"}),
		at(106, tcell{50, "Chlorine (Cl)"}, tcell{250, "mg/kg"}, tcell{320, "N.D"}),
	)
	rows := ocrTables(l).rows
	if len(rows) != 3 || rows[1].Item != "Diisobutyl phthalate (DIBP)" || rows[2].Item != "Chlorine (Cl)" {
		t.Errorf("rows %+v", rows)
	}
}

// A scanned table going on on the next page under "Fortsetzung", no
// header again: the page's head line whose page number ("Page2of2") falls
// in the result column is no row of the table, and does not end it. The
// rows there read a limit whose sign OCR lost as the column signs it
// ("1" among "≤ 1") and an abbreviation with a glyph read twice
// ("BkKFA").
func TestScanTableGoesOnPastPageNumber(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"Kansai", 810, 139, 182, 39}, {"Analytical", 1012, 138, 277, 50}, {"Test", 1309, 140, 121, 38}, {"Lab", 1452, 138, 95, 40}, {"S.L.", 1570, 139, 98, 39}},
		{{"No.", 650, 214, 44, 23}, {"198", 709, 214, 50, 23}, {"Chuangye", 772, 213, 145, 30}, {"Avenue,", 928, 215, 116, 24}, {"Suzhou,", 1058, 214, 112, 25}, {"Jiangsu", 1180, 213, 105, 29}, {"215000,", 1299, 214, 115, 26}, {"China", 1428, 213, 79, 24}, {"-", 1532, 224, 3, 4}, {"+60", 1559, 214, 57, 23}, {"23", 1629, 214, 33, 23}, {"6523", 1676, 214, 69, 23}, {"0488", 1759, 214, 71, 23}},
		{{"DAkkS D-PL-10078-05-00", 203, 322, 437, 25}},
		{{"Page", 2117, 413, 78, 31}, {"1", 2210, 413, 15, 24}, {"of", 2241, 412, 58, 26}, {"2", 2284, 396, 18, 54}},
		{{"检测结果", 179, 2471, 154, 36}, {"Test", 349, 2473, 95, 31}, {"Results", 463, 2473, 159, 31}},
		{{"测试项目", 194, 2537, 127, 44}, {"标准要求", 1699, 2537, 154, 45}, {"”", 1852, 2537, 12, 45}, {"单项判定", 1875, 2541, 128, 30}, {"检测结果", 2100, 2541, 130, 30}},
		{{"(mg/kg)", 2094, 2587, 142, 33}},
		{{"Heavy", 195, 2651, 120, 34}, {"metals", 331, 2650, 130, 28}, {"and", 476, 2650, 70, 28}, {"flame", 562, 2650, 111, 28}, {"retardants", 690, 2650, 207, 28}},
		{{"Cadmium", 194, 2715, 166, 28}, {"(Cd)", 376, 2714, 69, 33}, {"≤ 100", 1713, 2715, 102, 28}, {"Yes", 1907, 2716, 61, 27}, {"Not", 2049, 2716, 59, 27}, {"Detected", 2123, 2715, 156, 28}},
		{{"Lead", 195, 2780, 79, 28}, {"(Pb)", 292, 2779, 66, 33}, {"≤ 1000", 1702, 2780, 125, 28}, {"Yes", 1907, 2781, 61, 27}, {"Not", 2049, 2781, 59, 27}, {"Detected", 2123, 2780, 157, 28}},
		{{"Mercury", 195, 2846, 139, 34}, {"(Hg)", 351, 2845, 71, 34}, {"≤ 1000", 1702, 2845, 125, 28}, {"Yes", 1907, 2846, 61, 27}, {"Not", 2049, 2846, 59, 27}, {"Detected", 2123, 2845, 157, 28}},
		{{"Hexavalent", 195, 2910, 198, 28}, {"Chromium", 407, 2910, 180, 28}, {"(Cr(VI))", 604, 2910, 123, 32}, {"≤ 1000", 1702, 2910, 125, 28}, {"Yes", 1907, 2911, 61, 27}, {"Not", 2049, 2911, 59, 27}, {"Detected", 2123, 2910, 157, 28}},
		{{"PAHs", 195, 2972, 99, 27}},
		{{"Benzo[a]pyrene", 195, 3036, 277, 35}, {"(BaP)", 488, 3036, 90, 32}, {"≤ 1", 1736, 3037, 56, 27}, {"Yes", 1907, 3037, 61, 27}, {"0.3", 2137, 3036, 53, 28}},
		{{"Benzo[e]pyrene", 195, 3101, 277, 35}, {"(BeP)", 488, 3101, 90, 32}, {"≤ 1", 1736, 3102, 56, 27}, {"Yes", 1907, 3102, 61, 27}, {"Not", 2049, 3102, 59, 27}, {"Detected", 2123, 3101, 156, 28}},
		{{"Kansai", 180, 3275, 84, 20}, {"Analytical", 277, 3274, 129, 26}, {"Test", 417, 3275, 58, 20}, {"Lab", 487, 3275, 44, 20}, {"S.L.", 543, 3275, 45, 20}, {"No..198", 610, 3275, 102, 21}, {"Chuangye", 724, 3275, 134, 26}, {"Avenue,", 869, 3275, 107, 23}, {"Suzhou,", 989, 3275, 104, 23}, {"Jiangsu:215000,", 1103, 3275, 216, 26}, {"China", 1333, 3275, 73, 20}},
	})
	page2 := ocrWords([][]ocrWord{
		{{"Kansai", 809, 139, 181, 39}, {"Analytical", 1012, 139, 275, 49}, {"Test", 1308, 140, 121, 38}, {"Lab", 1451, 138, 96, 40}, {"S.L.", 1569, 139, 98, 39}},
		{{"No.", 649, 215, 44, 22}, {"198", 708, 214, 50, 23}, {"Chuangye", 771, 214, 145, 29}, {"Avenue,", 927, 215, 116, 25}, {"Suzhou,", 1058, 214, 111, 25}, {"Jiangsu", 1180, 213, 104, 29}, {"215000,", 1298, 214, 116, 26}, {"China", 1427, 214, 79, 23}, {"-", 1531, 224, 3, 4}, {"+60", 1558, 214, 57, 22}, {"23", 1628, 214, 33, 22}, {"6523", 1675, 214, 69, 23}, {"0488", 1758, 213, 71, 24}},
		{{"Dakks D-PL-10078-05-00", 208, 322, 431, 25}},
		{{"告号码", 211, 407, 109, 44}, {":", 330, 420, 1, 18}, {"UXH25-8900", 344, 412, 208, 27}, {"Page2of2", 2116, 411, 182, 33}},
		{{"Fortsetzung", 179, 488, 193, 32}},
		{{"Chrysene", 193, 555, 154, 32}, {"(CHR)", 362, 554, 91, 30}, {"1", 1775, 554, 14, 25}, {"Yes", 1909, 554, 56, 25}, {"Not", 2055, 554, 56, 25}, {"Detected", 2124, 553, 148, 26}},
		{{"Benzo[b]fluoranthene", 194, 617, 382, 32}, {"(BbFA)", 592, 617, 113, 32}, {"≤ 1", 1735, 618, 56, 26}, {"Yes", 1906, 617, 61, 27}, {"0.2", 2138, 617, 50, 27}},
		{{"Benzo[k]fluoranthene", 194, 682, 380, 32}, {"(BkKFA)", 590, 682, 111, 32}, {"≤ 1", 1735, 683, 56, 26}, {"Yes", 1906, 682, 61, 28}, {"Not", 2048, 682, 60, 27}, {"Detected", 2122, 681, 157, 28}},
		{{"Dibenzo[a,h]anthracene", 194, 747, 425, 32}, {"(DBahA)", 635, 747, 141, 32}, {"≤ 1", 1735, 748, 57, 26}, {"Yes", 1906, 747, 62, 27}, {"Not", 2048, 747, 60, 27}, {"Detected", 2122, 746, 157, 28}},
		{{"Naphthalene", 194, 812, 223, 35}, {"(NAP)", 432, 812, 94, 33}, {"≤ 2", 1735, 813, 57, 26}, {"Yes", 1907, 812, 61, 28}, {"Not", 2048, 812, 60, 27}, {"Detected", 2122, 811, 157, 28}},
		{{"*", 193, 1009, 13, 14}, {"The", 217, 1008, 57, 24}, {"sample", 287, 1008, 111, 31}, {"was", 410, 1014, 58, 18}, {"tested", 481, 1007, 95, 26}, {"as", 590, 1013, 32, 19}, {"received.", 637, 1007, 138, 25}},
	}).Pages[0]
	page2.Number = 2
	l.Pages = append(l.Pages, page2)
	x := AnalyzeDefault(t, l)
	var got []string
	for _, r := range x.Fields.Results {
		got = append(got, r.Item+" "+r.Limit+" "+r.Value)
	}
	want := []string{"Cadmium (Cd) ≤ 100 Not Detected", "Lead (Pb) ≤ 1000 Not Detected", "Mercury (Hg) ≤ 1000 Not Detected", "Hexavalent Chromium (Cr(VI)) ≤ 1000 Not Detected", "Benzo[a]pyrene (BaP) ≤ 1 0.3", "Benzo[e]pyrene (BeP) ≤ 1 Not Detected",
		"Chrysene (CHR) ≤ 1 Not Detected", "Benzo[b]fluoranthene (BbFA) ≤ 1 0.2", "Benzo[k]fluoranthene (BkFA) ≤ 1 Not Detected", "Dibenzo[a,h]anthracene (DBahA) ≤ 1 Not Detected", "Naphthalene (NAP) ≤ 2 Not Detected"}
	if !slices.Equal(got, want) {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// a photo's head line of three cells, the page number its own
	l.Pages[1].Rows[3] = ocrWords([][]ocrWord{{{"报告号码:", 211, 427, 140, 44}, {"UXH25-8900", 420, 427, 208, 27}, {"Page 2 of 2", 2116, 427, 182, 33}}}).Pages[0].Rows[0]
	if x := AnalyzeDefault(t, l); len(x.Fields.Results) != len(want) {
		t.Errorf("photo: %d rows, want %d", len(x.Fields.Results), len(want))
	}
}

// A scan's method wrapped around its row ("IEC" a line above, the rest a
// line below): the fragment above, too short to reach the method column
// by its middle, starts where the column's cells start, a pixel or two
// apart as a scan's edges are, and is the method's.
func TestScanMethodWrappedAroundRow(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"试验项目", 194, 1422, 127, 31}, {"判定", 775, 1422, 63, 31}, {"単位", 1097, 1422, 64, 32}, {"规格值", 1360, 1423, 96, 31}, {"试验结果", 1559, 1423, 130, 31}, {"方法", 1985, 1423, 63, 30}},
		{{"ANALYTE", 193, 1466, 168, 38}, {"JUDGEMENT", 691, 1470, 226, 32}, {"UNIT", 1055, 1470, 87, 26}, {"OF", 1156, 1470, 46, 26}, {"MAX.", 1362, 1466, 91, 39}, {"RESULTS", 1543, 1470, 162, 26}, {"METHOD", 1937, 1470, 158, 26}},
		{{"MEASURE", 1041, 1515, 176, 26}, {"LIMIT", 1360, 1515, 99, 26}},
		{{"Cadmium", 194, 1580, 166, 27}, {"(Cd)", 376, 1579, 69, 33}, {"Bestanden", 714, 1580, 183, 28}, {"mg/kg", 1075, 1579, 107, 36}, {"≤100", 1362, 1581, 92, 27}, {"35", 1604, 1580, 39, 28}, {"{EC", 1746, 1581, 54, 27}, {"62321-5:2013", 1814, 1581, 246, 27}},
		{{"Lead", 195, 1644, 80, 29}, {"(Pb)", 292, 1644, 66, 33}, {"Bestanden", 714, 1645, 183, 28}, {"mg/kg", 1075, 1644, 107, 36}, {"≤1000", 1351, 1645, 115, 28}, {"N.D", 1594, 1646, 61, 27}, {"IEC", 1746, 1646, 53, 27}, {"62321-5:2013", 1814, 1646, 246, 27}},
		{{"IEC", 1746, 1711, 53, 27}},
		{{"Mercury", 195, 1733, 140, 34}, {"(Hg)", 350, 1732, 72, 35}, {"Bestanden", 714, 1733, 183, 28}, {"mg/kg", 1075, 1733, 106, 35}, {"≤1000", 1352, 1733, 113, 28}, {"N.D", 1594, 1734, 60, 27}},
		{{"62321-4:2013+AMD1:2017", 1745, 1757, 482, 27}},
		{{"Hexavalent", 195, 1821, 198, 27}, {"Chromium", 407, 1820, 180, 29}, {"Nicht", 762, 1820, 88, 29}},
		{{"(Cr(VI))", 195, 1845, 123, 60}, {"mg/kg", 1075, 1844, 106, 35}, {"≤1000", 1352, 1845, 113, 27}, {"1836", 1583, 1845, 83, 27}},
		{{"bestanden", 715, 1866, 182, 29}},
	})
	x := AnalyzeDefault(t, l)
	if len(x.Fields.Results) < 3 {
		t.Fatalf("rows: %+v", x.Fields.Results)
	}
	if r := x.Fields.Results[2]; r.Item != "Mercury (Hg)" || r.Method != "IEC 62321-4:2013+AMD1:2017" || r.Value != "N.D" {
		t.Errorf("row %+v", r)
	}
}

// A photo's check mark read as a quote ("“" among "v"s) is an unread
// verdict, not the "none" a dash prints: the row keeps the verdict its
// value and limit give, in doubt.
func TestSpeckVerdictIsUnread(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"分析项目", 195, 578, 125, 33}, {"Status", 526, 581, 120, 28}, {"Method Ref.", 929, 581, 225, 29}, {"Measured", 1475, 582, 180, 28}, {"定量下限", 1767, 580, 129, 33}, {"限度值", 2077, 577, 99, 47}},
		{{"Parameter", 194, 628, 195, 28}, {"Value", 1511, 629, 105, 28}, {"MDL", 1792, 630, 79, 27}, {"Requirement", 2005, 629, 242, 35}},
		{{"(mg/kg)", 1761, 676, 142, 35}},
		{{"Cd", 194, 743, 43, 29}, {"V", 575, 748, 18, 20}, {"IEC 62321-5:2013 ICP-OES/AAS", 684, 743, 551, 32}, {"Not Detected", 1449, 745, 230, 29}, {"2", 1822, 744, 17, 30}, {"≤100", 2080, 745, 93, 29}},
		{{"Pb", 193, 810, 40, 28}, {"v", 575, 814, 19, 21}, {"{EC 62321-5:2013 ICP-OES/AAS", 684, 810, 550, 32}, {"Not Detected", 1448, 811, 231, 30}, {"2", 1821, 811, 18, 29}, {"≤1000", 2068, 812, 114, 29}},
		{{"IEC 62321-4:2013+AMD1:2017", 685, 878, 549, 30}},
		{{"Hg", 193, 902, 46, 35}, {"“", 575, 906, 19, 21}, {"147", 1533, 903, 63, 29}, {"2", 1822, 903, 16, 28}, {"≤1000", 2068, 904, 115, 29}},
		{{"CV-AAS/ICP-OES", 684, 925, 282, 33}},
		{{"IEC 62321-7-2:2017 UV-VIS", 685, 993, 480, 30}},
		{{"Cr(Vl)", 193, 1015, 97, 34}, {"v", 574, 1021, 18, 20}, {"Not Detected", 1448, 1017, 231, 30}, {"8", 1821, 1017, 18, 29}, {"≤1000", 2069, 1018, 114, 29}},
		{{"spectrophotometry", 683, 1040, 338, 36}},
	})
	x := AnalyzeDefault(t, l)
	if len(x.Fields.Results) != 4 {
		t.Fatalf("rows: %+v", x.Fields.Results)
	}
	if r := x.Fields.Results[2]; r.Item != "Hg" || r.Value != "147" || r.Verdict != labrelay.VerdictPass {
		t.Errorf("row %+v", r)
	}
	if c := x.Confidence[labrelay.FieldResults]; c >= 0.8 {
		t.Errorf("results confidence %.2f", c)
	}
	for _, c := range []struct {
		in   string
		want bool
	}{{"“", true}, {"'.", true}, {"-", false}, {"/", false}, {"Pass", false}} {
		if got := speckVerdict(c.in); got != c.want {
			t.Errorf("speckVerdict(%q) = %v", c.in, got)
		}
	}
}

// A grid of captions over values whose captions the header lexicon takes
// for a table's ("PRODUCTO SAMPLE NAME | N.º DE PIEZA ITEM NO. | N.º DE
// LOTE BATCH/LOT") prints no result in any row: no result table. The
// result table under it is read.
func TestCaptionGridIsNoResultTable(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"PRODUCTO", 197, 995, 150, 21}, {"SAMPLE", 359, 995, 104, 20}, {"NAME", 476, 995, 75, 20}, {"N.2", 906, 995, 37, 20}, {"DE", 956, 995, 34, 20}, {"PIEZA", 1003, 995, 75, 20}, {"ITEM", 1090, 995, 60, 20}, {"NO.", 1163, 995, 45, 20}, {"N.2", 1614, 995, 38, 20}, {"DE", 1665, 995, 33, 20}, {"LOTE", 1712, 995, 65, 20}, {"BATCH/LOT", 1790, 995, 152, 22}},
		{{"Printed", 197, 1034, 128, 30}, {"circuit", 341, 1034, 114, 30}, {"board", 471, 1035, 103, 29}, {"PCB0946-BD", 906, 1035, 233, 29}, {"40210322", 1614, 1035, 185, 29}},
		{{"FECHA", 197, 1125, 87, 20}, {"DE", 296, 1125, 34, 20}, {"RECEPCION", 343, 1120, 152, 26}, {"DATE", 508, 1125, 69, 20}, {"RECEIVED", 590, 1125, 132, 20}, {"FECHAS", 906, 1125, 103, 20}, {"DE", 1022, 1125, 34, 20}, {"ENSAYO", 1068, 1125, 107, 20}, {"TEST", 1185, 1125, 67, 20}, {"DATES", 1264, 1125, 86, 21}, {"NORMA", 1614, 1125, 100, 20}, {"DE", 1726, 1125, 33, 20}, {"ENSAYO", 1772, 1125, 107, 20}, {"TEST", 1889, 1125, 67, 20}, {"METHODS", 1968, 1125, 132, 20}},
		{{"13/08/2024", 198, 1165, 211, 32}, {"from", 903, 1165, 85, 29}, {"14/08/2024", 1007, 1165, 210, 32}, {"until", 1234, 1164, 77, 30}, {"19/08/2024", 1329, 1165, 211, 32}, {"IEC", 1615, 1165, 55, 29}, {"62321-5:2013", 1687, 1165, 259, 29}},
		{{"IEC", 1615, 1217, 55, 29}, {"62321-4:2013+AMD1:2017", 1688, 1216, 509, 30}},
		{{"Results", 180, 1543, 160, 31}},
		{{"Sustancia", 194, 1613, 179, 27}, {"Límite", 1045, 1612, 113, 28}, {"de", 1172, 1614, 44, 26}, {"detección", 1230, 1612, 180, 28}, {"Requisito", 1549, 1608, 174, 43}, {"Valor", 1927, 1613, 100, 27}, {"Cumple", 2140, 1613, 138, 33}},
		{{"TEST", 192, 1659, 92, 26}, {"ITEMS", 298, 1659, 111, 26}, {"RL", 1206, 1659, 44, 25}, {"REGULATORY", 1456, 1659, 248, 26}, {"LIMIT", 1717, 1659, 101, 25}, {"RESULT", 1907, 1659, 141, 26}, {"STATUS", 2138, 1659, 142, 26}},
		{{"Cadmium", 194, 1724, 166, 28}, {"(Cd)", 376, 1724, 69, 32}, {"2", 1218, 1725, 17, 27}, {"< 100", 1585, 1725, 102, 27}, {"Not", 1862, 1725, 58, 27}, {"Detected", 1935, 1724, 156, 28}, {"PASS", 2167, 1724, 86, 28}},
		{{"Lead", 195, 1789, 79, 28}, {"(Pb)", 292, 1789, 66, 32}, {"2", 1219, 1790, 17, 27}, {"< 1000", 1574, 1789, 124, 28}, {"288", 1945, 1789, 64, 28}, {"PASS", 2167, 1789, 86, 28}},
	})
	x := AnalyzeDefault(t, l)
	var got []string
	for _, r := range x.Fields.Results {
		got = append(got, r.Item)
	}
	if !slices.Equal(got, []string{"Cadmium (Cd)", "Lead (Pb)"}) {
		t.Errorf("rows %q", got)
	}
}

// OCR reads a tick as "v", "V" or, its long stroke a descender, "y":
// each is the pass a tick marks; a cross's "x" a fail; a word none.
func TestMarkLike(t *testing.T) {
	for in, want := range map[string]string{"v": labrelay.VerdictPass, "Y": labrelay.VerdictPass, "y": labrelay.VerdictPass, "x": labrelay.VerdictFail, "yes": ""} {
		if got, _ := markLike(in); got != want {
			t.Errorf("markLike(%q) = %q, want %q", in, got, want)
		}
	}
}
