package rules

import (
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
)

// A narrow limit column printed close to the item names: the text layer
// gives "Max. 1000 Lead (Pb)" as one run of words, split at the columns'
// border. "Max. 1000" is a bound the verdict is derived from.
func TestGenericTableSplitsStraddlingCell(t *testing.T) {
	l := synth(
		row(tcell{50, "Limit"}, tcell{110, "Item"}, tcell{300, "MDL"}, tcell{360, "Result"}, tcell{430, "Unit"}),
		row(tcell{50, "Max. 1000"}, tcell{110, "Lead (Pb)"}, tcell{300, "2"}, tcell{360, "18"}, tcell{430, "mg/kg"}),
		row(tcell{50, "Max. 100"}, tcell{110, "Cadmium (Cd)"}, tcell{300, "2"}, tcell{360, "150"}, tcell{430, "mg/kg"}),
	)
	v := newView(l)
	if got := v.Lines[1].Cells[0].Text; got != "Max. 1000 Lead (Pb)" {
		t.Fatalf("the test needs the cells joined in the view; got %q", got)
	}
	res := readTables(v, genericTable)
	if len(res.rows) != 2 {
		t.Fatalf("rows %+v; trace %v", res.rows, res.trace)
	}
	r0, r1 := res.rows[0], res.rows[1]
	if r0.Item != "Lead (Pb)" || r0.Limit != "Max. 1000" || r0.Verdict != labrelay.VerdictPass {
		t.Errorf("row 0 %+v", r0)
	}
	if r1.Item != "Cadmium (Cd)" || r1.Limit != "Max. 100" || r1.Verdict != labrelay.VerdictFail {
		t.Errorf("row 1 %+v", r1)
	}
}

// Header words the lexicon does not know name their columns by what the
// columns hold; a verdict column's unknown words are learned from the
// rows' values against their limits.
func TestGenericTableUnknownHeadersByContent(t *testing.T) {
	l := synth(
		row(tcell{50, "Analyte"}, tcell{150, "Approach"}, tcell{260, "Scale"}, tcell{310, "MDL"}, tcell{350, "Ceiling"}, tcell{410, "Result"}, tcell{470, "Outcome"}),
		row(tcell{50, "Lead (Pb)"}, tcell{150, "IEC 62321-5"}, tcell{260, "mg/kg"}, tcell{310, "2"}, tcell{350, "1000"}, tcell{410, "18"}, tcell{470, "Good"}),
		row(tcell{50, "Cadmium (Cd)"}, tcell{150, "IEC 62321-5"}, tcell{260, "mg/kg"}, tcell{310, "2"}, tcell{350, "100"}, tcell{410, "150"}, tcell{470, "Bad"}),
		row(tcell{50, "Mercury (Hg)"}, tcell{150, "IEC 62321-4"}, tcell{260, "mg/kg"}, tcell{310, "2"}, tcell{350, "1000"}, tcell{410, "N.D."}, tcell{470, "Good"}),
		row(tcell{50, "Chromium VI"}, tcell{150, "IEC 62321-7"}, tcell{260, "mg/kg"}, tcell{310, "8"}, tcell{350, "-"}, tcell{410, "12"}, tcell{470, "Good"}),
	)
	res := readTables(newView(l), genericTable)
	if len(res.rows) != 4 {
		t.Fatalf("rows %+v; trace %v; issues %v", res.rows, res.trace, res.issues)
	}
	want := []labrelay.ResultRow{
		{Item: "Lead (Pb)", Method: "IEC 62321-5", Unit: "mg/kg", MDL: "2", Limit: "1000", Value: "18", Verdict: labrelay.VerdictPass},
		{Item: "Cadmium (Cd)", Method: "IEC 62321-5", Unit: "mg/kg", MDL: "2", Limit: "100", Value: "150", Verdict: labrelay.VerdictFail},
		{Item: "Mercury (Hg)", Method: "IEC 62321-4", Unit: "mg/kg", MDL: "2", Limit: "1000", Value: "N.D.", Verdict: labrelay.VerdictPass},
		{Item: "Chromium VI", Method: "IEC 62321-7", Unit: "mg/kg", MDL: "8", Limit: "-", Value: "12", Verdict: labrelay.VerdictPass},
	}
	for i, w := range want {
		if res.rows[i] != w {
			t.Errorf("row %d = %+v; want %+v", i, res.rows[i], w)
		}
	}
	if len(res.issues) != 0 {
		t.Errorf("issues %v", res.issues)
	}
}

// A scan misreads the unit column's caption (单位) as "#", a row
// number's caption: a column of units under it is the unit column all
// the same; a column of row numbers under "#" is ignored as before.
func TestGenericTableUnitsUnderIndexCaption(t *testing.T) {
	l := synth(
		row(tcell{50, "Item"}, tcell{150, "Method"}, tcell{260, "#"}, tcell{310, "MDL"}, tcell{350, "Limit"}, tcell{410, "Result"}),
		row(tcell{50, "Lead (Pb)"}, tcell{150, "IEC 62321-5"}, tcell{260, "mg/kg"}, tcell{310, "2"}, tcell{350, "1000"}, tcell{410, "18"}),
		row(tcell{50, "Cadmium (Cd)"}, tcell{150, "IEC 62321-5"}, tcell{260, "mg/kg"}, tcell{310, "2"}, tcell{350, "100"}, tcell{410, "150"}),
		row(tcell{50, "Mercury (Hg)"}, tcell{150, "IEC 62321-4"}, tcell{260, "mg/kg"}, tcell{310, "2"}, tcell{350, "1000"}, tcell{410, "N.D."}),
	)
	res := readTables(newView(l), genericTable)
	if len(res.rows) != 3 || res.rows[0].Unit != "mg/kg" || res.rows[2].Unit != "mg/kg" || res.rows[1].Value != "150" {
		t.Fatalf("rows %+v; trace %v", res.rows, res.trace)
	}
	l = synth(
		row(tcell{20, "#"}, tcell{50, "Item"}, tcell{150, "Method"}, tcell{310, "MDL"}, tcell{350, "Limit"}, tcell{410, "Result"}),
		row(tcell{20, "1"}, tcell{50, "Lead (Pb)"}, tcell{150, "IEC 62321-5"}, tcell{310, "2"}, tcell{350, "1000"}, tcell{410, "18"}),
		row(tcell{20, "2"}, tcell{50, "Cadmium (Cd)"}, tcell{150, "IEC 62321-5"}, tcell{310, "2"}, tcell{350, "100"}, tcell{410, "150"}),
	)
	res = readTables(newView(l), genericTable)
	if len(res.rows) != 2 || res.rows[0].Item != "Lead (Pb)" || res.rows[0].Unit != "" || res.rows[1].Value != "150" {
		t.Errorf("index column: rows %+v; trace %v", res.rows, res.trace)
	}
}

// Three numeric columns under captions a scan garbled ("PRE", "Fis",
// "测试结"): the one printing "not detected" is the result, the one of
// bounds ("Max. 100") the limit, and the last the detection limit; the
// unit in brackets after a garbled caption is the rows' unit.
func TestGenericTableTwoUnknownNumbers(t *testing.T) {
	l := synth(
		row(tcell{50, "测试项目"}, tcell{200, "PRE (mg/kg)"}, tcell{300, "Fis"}, tcell{360, "结论"}, tcell{460, "测试结"}),
		row(tcell{50, "Cadmium (Cd)"}, tcell{200, "Max. 100"}, tcell{300, "2"}, tcell{360, "Compliant"}, tcell{460, "N.D"}),
		row(tcell{50, "Lead (Pb)"}, tcell{200, "Max. 1000"}, tcell{300, "2"}, tcell{360, "Compliant"}, tcell{460, "N.D"}),
		row(tcell{50, "Benzo[a]pyrene (BaP)"}, tcell{200, "Max. 1"}, tcell{300, "0.2"}, tcell{360, "Compliant"}, tcell{460, "0.4"}),
	)
	res := readTables(newView(l), genericTable)
	want := labrelay.ResultRow{Item: "Benzo[a]pyrene (BaP)", Unit: "mg/kg", MDL: "0.2", Limit: "Max. 1", Value: "0.4", Verdict: labrelay.VerdictPass}
	if len(res.rows) != 3 || res.rows[2] != want || res.rows[0].Limit != "Max. 100" || res.rows[0].Value != "N.D" {
		t.Fatalf("rows %+v; trace %v", res.rows, res.trace)
	}
}

// A numeric column under an unknown caption, in a table that names
// neither a limit nor a detection limit, is the detection limit when a
// result above its number passes ("4" over "1"): no limit lets that pass.
// With no such row, nothing tells: the column is left unknown.
func TestGenericTableUnknownNumbersAreMDL(t *testing.T) {
	table := func(value, verdict string) *tableResult {
		return readTables(newView(synth(
			row(tcell{50, "Item"}, tcell{250, "Unit"}, tcell{310, "BIR"}, tcell{370, "Result"}, tcell{450, "Verdict"}),
			row(tcell{50, "Overall migration"}, tcell{250, "mg/dm²"}, tcell{310, "1"}, tcell{370, "14"}, tcell{450, "Fail"}),
			row(tcell{50, "Formaldehyde"}, tcell{250, "mg/kg"}, tcell{310, "1"}, tcell{370, value}, tcell{450, verdict}),
			row(tcell{50, "Lead"}, tcell{250, "mg/kg"}, tcell{310, "0.01"}, tcell{370, "N.D."}, tcell{450, "Pass"}),
		)), genericTable)
	}
	res := table("4", "Pass")
	if len(res.rows) != 3 || res.rows[1].MDL != "1" || res.rows[1].Value != "4" || res.rows[2].MDL != "0.01" {
		t.Errorf("rows %+v; want the MDLs read (trace %v)", res.rows, res.trace)
	}
	if res := table("0.5", "Pass"); len(res.rows) != 0 {
		t.Errorf("no result passes above the column: rows %+v; want none (two result columns)", res.rows)
	}
}

// A header printed in German over English, a "Sample 1" result header and
// a unit line under it; a group heading that starts left of the item
// column; a limit wrapped onto the line of a wrapped item name.
func TestGenericTableHeaderLinesAndHeadings(t *testing.T) {
	l := synth(
		row(tcell{50, "Ergebnis"}, tcell{130, "Prüfparameter"}, tcell{250, "Anforderung"}, tcell{350, "Urteil"}),
		row(tcell{50, "Sample 1"}, tcell{130, "Analyte"}, tcell{250, "Requirement"}, tcell{350, "Evaluation"}),
		row(tcell{50, "(mg/kg)"}),
		row(tcell{50, "17"}, tcell{130, "Lead (Pb)"}, tcell{250, "Max."}, tcell{350, "Pass"}),
		row(tcell{250, "1000"}),
		row(),
		row(tcell{40, "Halogens"}),
		row(),
		row(tcell{50, "N.D."}, tcell{130, "Hexavalent"}, tcell{250, "Max."}, tcell{350, "Pass"}),
		row(tcell{130, "Chromium"}, tcell{250, "1000"}),
	)
	res := readTables(newView(l), genericTable)
	if len(res.rows) != 2 {
		t.Fatalf("rows %+v; trace %v", res.rows, res.trace)
	}
	r0, r1 := res.rows[0], res.rows[1]
	if r0.Item != "Lead (Pb)" || r0.Value != "17" || r0.Unit != "mg/kg" || r0.Limit != "Max. 1000" {
		t.Errorf("row 0 %+v", r0)
	}
	if r1.Item != "Hexavalent Chromium" || r1.Value != "N.D." || r1.Limit != "Max. 1000" {
		t.Errorf("row 1 %+v", r1)
	}
}

func TestVerdictWordNegation(t *testing.T) {
	for s, want := range map[string]string{"Not satisfactory": "fail", "Non-conform": "fail", "Does not pass": "fail", "Pass": "pass", "Exceeds": ""} {
		got, ok := verdictWord(s)
		if got != want || ok != (want != "") {
			t.Errorf("verdictWord(%q) = %q, %v; want %q", s, got, ok, want)
		}
	}
}

// OCR reads a check mark in a verdict column as "v" or "V": with no limit
// to tell, the rows pass, the table stays under the threshold and says
// why.
func TestCheckMarkReadAsLetter(t *testing.T) {
	l := synth(
		row(tcell{50, "Item"}, tcell{300, "Result"}, tcell{400, "Unit"}, tcell{470, "Verdict"}),
		row(tcell{50, "Formaldehyde"}, tcell{300, "5"}, tcell{400, "mg/kg"}, tcell{470, "V"}),
		row(tcell{50, "Overall migration"}, tcell{300, "ND"}, tcell{400, "mg/dm²"}, tcell{470, "v"}),
	)
	res := readTables(newView(l), genericTable)
	if len(res.rows) != 2 {
		t.Fatalf("rows %+v; issues %v", res.rows, res.issues)
	}
	for _, r := range res.rows {
		if r.Verdict != labrelay.VerdictPass {
			t.Errorf("row %q verdict %q", r.Item, r.Verdict)
		}
	}
	if res.conf > confCheckLike {
		t.Errorf("table confidence %.2f, want at most %.2f", res.conf, confCheckLike)
	}
}

// A circle in a Japanese-style verdict column is a pass, a cross a fail;
// OCR reads them as "O", "9", "©", "x". Under the threshold, with the
// reason.
// On a scan, a "©" elsewhere is a speck and no cell (tableCells), but in
// the verdict column it is the circle.
func TestCircleAndCrossReadAsLetters(t *testing.T) {
	for _, scan := range []bool{false, true} {
		l := synth(
			row(tcell{50, "Tested Substance"}, tcell{300, "UoM"}, tcell{400, "Result"}, tcell{470, "Pass/Fail"}),
			row(tcell{50, "Formaldehyde"}, tcell{300, "mg/kg"}, tcell{400, "5"}, tcell{470, "O"}),
			row(tcell{50, "Overall migration"}, tcell{300, "mg/dm²"}, tcell{400, "N.D."}, tcell{470, "9"}),
			row(tcell{50, "Lead (Pb)"}, tcell{300, "mg/kg"}, tcell{400, "N.D."}, tcell{470, "O 〇"}),
			row(tcell{50, "Lead"}, tcell{300, "mg/kg"}, tcell{400, "12"}, tcell{470, "x"}),
			row(tcell{50, "Heavy metals"}, tcell{300, "mg/kg"}, tcell{400, "N.D."}, tcell{470, "©"}),
		)
		if scan {
			scanned(l)
		}
		res := readTables(newView(l), genericTable)
		want := []string{labrelay.VerdictPass, labrelay.VerdictPass, labrelay.VerdictPass, labrelay.VerdictFail, labrelay.VerdictPass}
		if len(res.rows) != len(want) {
			t.Fatalf("scan %v: rows %+v; issues %v", scan, res.rows, res.issues)
		}
		for i, r := range res.rows {
			if r.Verdict != want[i] {
				t.Errorf("scan %v: row %q verdict %q, want %q", scan, r.Item, r.Verdict, want[i])
			}
		}
		if res.conf > confCheckLike || !strings.Contains(strings.Join(res.issues, "; "), "read as a circle") {
			t.Errorf("scan %v: table confidence %.2f, issues %v", scan, res.conf, res.issues)
		}
	}
}

// In a column of one verdict word and one unknown, the unknown is its
// opposite ("n.i.O." beside "i.O."), but not a lone letter: that is OCR's
// misread of the word it could not read ("符合" as "A").
func TestVerdictOppositeNotALetter(t *testing.T) {
	rows := func(words ...string) []rawRow {
		var rs []rawRow
		for _, w := range words {
			var r rawRow
			r.cells[colValue], r.cells[colVerdict] = "ND", w
			rs = append(rs, r)
		}
		return rs
	}
	if got := verdictVocabulary(rows("Pass", "Pass", "Nope")); got["nope"] != labrelay.VerdictFail {
		t.Errorf("the other word of a column: %v", got)
	}
	for _, w := range []string{"A", "4"} {
		if got := verdictVocabulary(rows("Pass", "Pass", w)); len(got) != 0 {
			t.Errorf("%q read as a verdict: %v", w, got)
		}
	}
	// read off a page, the other word must hold the understood one: "es"
	// beside "適合" is 適合 misread, "不適合" its opposite
	ocr := func(rs []rawRow) []rawRow {
		for i := range rs {
			rs[i].ocr = true
		}
		return rs
	}
	if got := verdictVocabulary(ocr(rows("適合", "適合", "es"))); len(got) != 0 {
		t.Errorf("OCR's misread read as a verdict: %v", got)
	}
	if got := verdictVocabulary(ocr(rows("適合", "適合", "不 適合"))); got["不 適合"] != labrelay.VerdictFail {
		t.Errorf("OCR's opposite word: %v", got)
	}
	// beside three of the pass word, a short misread on a row whose
	// result was not detected is that word; on a detected one it stays
	if got := verdictVocabulary(ocr(rows("適合", "適合", "適合", "BS"))); got["bs"] != labrelay.VerdictPass {
		t.Errorf("a misread pass word among three: %v", got)
	}
	detected := ocr(rows("適合", "適合", "適合", "BS"))
	detected[3].cells[colValue] = "150"
	if got := verdictVocabulary(detected); len(got) != 0 {
		t.Errorf("a misread word on a detected result: %v", got)
	}
	// a speck or a rule's end after the word
	if v, ok := verdictWord("Compliant -"); !ok || v != labrelay.VerdictPass {
		t.Errorf("verdictWord(\"Compliant -\") = %q, %v", v, ok)
	}
}

// On a scan a line's box holds its ascenders and descenders, so a group
// heading at row pitch can sit within 1.7 lines of the row above: the
// table's own row pitch tells it from a wrapped name, at line pitch.
func TestHeadingAtRowPitch(t *testing.T) {
	rows := func(ys []float64, heading int) []rawRow {
		var rs []rawRow
		for k, y := range ys {
			r := rawRow{y: y, bot: y + 37, data: k != heading}
			r.cells[colItem] = "Item"
			if r.data {
				r.cells[colValue] = "5"
			}
			rs = append(rs, r)
		}
		return rs
	}
	owners := func(rs []rawRow) []int {
		o := make([]int, len(rs))
		for k := range rs {
			o[k] = -1
			if rs[k].data {
				o[k] = k
			}
		}
		mergeWrapped(rs, o, 37, true)
		return o
	}
	if o := owners(rows([]float64{0, 64, 126, 191, 255}, 2)); o[2] != -1 {
		t.Errorf("a heading at row pitch joined row %d", o[2])
	}
	if o := owners(rows([]float64{0, 64, 107, 171, 235}, 2)); o[2] != 1 {
		t.Errorf("a wrapped name at line pitch: owner %d, want 1", o[2])
	}
	// rows set at line pitch: nothing tells, the line goes up as before
	if o := owners(rows([]float64{0, 43, 86, 129, 172}, 2)); o[2] != 1 {
		t.Errorf("rows at line pitch: owner %d, want 1", o[2])
	}
}

// An OCR word space is about half a box height: the last word of an item
// name that reaches past the next column's border stays in the name; a
// wider gap there still splits ("Max. 1000" close to the item after it).
func TestSplitCellsOCRSpace(t *testing.T) {
	word := func(s string, x0, x1 float64) cell {
		return cell{Text: s, Box: labrelay.Box{X: x0, Y: 100, W: x1 - x0, H: 28}, Conf: 0.9}
	}
	cols := []column{{kind: colItem, x0: 0, x1: 600}, {kind: colValue, x0: 600, x1: 900}}
	line := func(path string, ws ...cell) line {
		c := joinWords(ws)
		return line{Path: path, Cells: []cell{c}}
	}
	name := []cell{word("olive", 525, 606), word("oil", 621, 658)}
	if got := splitCells(cols, line(labrelay.PathOCR, name...)); len(got) != 1 {
		t.Errorf("OCR: a word space split the name: %+v", got)
	}
	if got := splitCells(cols, line(labrelay.PathPDFText, name...)); len(got) != 2 {
		t.Errorf("text layer: %d cells, want 2 (a gap wider than its word space)", len(got))
	}
	wide := []cell{word("olive", 525, 580), word("oil", 610, 658)}
	if got := splitCells(cols, line(labrelay.PathOCR, wide...)); len(got) != 2 {
		t.Errorf("OCR: a gap of a box height at the border did not split: %+v", got)
	}
	// cells read again alone have boxes taller than their ink: the
	// line's other words tell its height
	tall := []cell{word("mg/dm²", 450, 560), word("Overall", 593, 700), word("1", 750, 760), word("10", 800, 830)}
	tall[0].Box.H, tall[1].Box.H = 45, 45
	ln := line(labrelay.PathOCR, tall[:2]...)
	ln.Cells = append(ln.Cells, tall[2], tall[3])
	got := splitCells(cols, ln)
	if len(got) != 4 {
		t.Errorf("OCR: re-read cells' tall boxes hid a gap at the border: %+v", got)
	}
	// a unit and a number a word space apart across the border: a tight
	// table's "mg/kg | 16" whose rule was lost; "mg/kg 16" in one column
	// stays
	if got := splitCells(cols, line(labrelay.PathOCR, word("mg/kg", 480, 590), word("16", 604, 640))); len(got) != 2 || got[1].Text != "16" {
		t.Errorf("OCR: a unit and a number across the border: %+v", got)
	}
	if got := splitCells(cols, line(labrelay.PathOCR, word("mg/kg", 380, 490), word("16", 504, 540))); len(got) != 1 {
		t.Errorf("OCR: a unit and a number in one column split: %+v", got)
	}
	// the number's sign read as a word of its own: "mg/kg | < 0.07"
	if got := splitCells(cols, line(labrelay.PathOCR, word("mg/kg", 480, 590), word("<", 604, 620), word("0.07", 630, 690))); len(got) != 2 || got[1].Text != "< 0.07" {
		t.Errorf("OCR: a unit and a signed number across the border: %+v", got)
	}
	if got := splitCells(cols, line(labrelay.PathOCR, word("mg/kg", 480, 590), word("< 0.07", 604, 690))); len(got) != 2 || got[1].Text != "< 0.07" {
		t.Errorf("OCR: a unit and a signed number read as one word across the border: %+v", got)
	}
}

// Header captions mean the same without their accents, and a bilingual
// caption one letter off in one language is named by the other, as OCR
// reads them ("Limite de deteccién LOR"); a half one letter off a caption
// of another kind names nothing. A long caption alone one letter off is
// named too; a short one is not ("Limt" is no "Limit").
func TestHeaderAccentsAndOneOff(t *testing.T) {
	for in, want := range map[string]int{
		"Límite de detección": colMDL, "Limite de deteccion": colMDL, "Limite de deteccién LOR": colMDL,
		"Limite de deteccién Result": colUnknown, "Limite de deteccién": colMDL,
		"Limt": colUnknown, "Resu1t": colUnknown, "Test Metbod": colMethod, "Detection limlt": colMDL,
	} {
		if got, _ := headerKindOf(in, false); got != want {
			t.Errorf("headerKindOf(%q) = %d; want %d", in, got, want)
		}
	}
}

// The unit in a header caption survives a dot or speck OCR reads after
// its bracket; text that is no unit gives none.
func TestHeaderUnitAfterSpeck(t *testing.T) {
	for in, want := range map[string]string{
		"Permissible Limit (mg/kg).": "mg/kg", "Result (mg/kg)": "mg/kg", "Result [mg/L],": "mg/L",
		"Result (mg/kg)x": "", "Limit (see note).": "",
	} {
		if _, got := genericHeaderKind(in); got != want {
			t.Errorf("genericHeaderKind(%q) unit = %q; want %q", in, got, want)
		}
	}
}

// A result caption over a sample's name names the result column, so a
// scan's "Valor Sample" and "1" join into one caption, not two columns.
func TestResultCaptionOverSample(t *testing.T) {
	for in, want := range map[string]int{
		"Valor Sample 1": colValue, "Result Sample A": colValue, "Sample 2": colValue,
		"Limit Sample 1": colUnknown, "Valor Sample 1 2 3": colUnknown,
	} {
		if got := strictCaption(in); got != want {
			t.Errorf("strictCaption(%q) = %d; want %d", in, got, want)
		}
	}
	word := func(s string, x float64) cell {
		return cell{Text: s, Box: labrelay.Box{X: x, Y: 0, W: 9 * float64(len(s)), H: 20}}
	}
	ln := line{Path: labrelay.PathOCR, Cells: []cell{word("Test Items", 0), word("Valor Sample", 200), word("1", 318), word("Pass/Fail", 400)}}
	if got := joinCaptions(ln); len(got.Cells) != 3 || got.Cells[1].Text != "Valor Sample 1" {
		t.Errorf("joinCaptions: %v", got.Cells)
	}
}

// A word that names no column beside a caption joins it when the two
// name the caption's column ("Tested" "Substance" on a skewed photo);
// beside another column's caption it stays apart.
func TestJoinCaptionModifier(t *testing.T) {
	word := func(s string, x float64) cell {
		return cell{Text: s, Box: labrelay.Box{X: x, Y: 0, W: 9 * float64(len(s)), H: 20}}
	}
	ln := line{Path: labrelay.PathOCR, Cells: []cell{word("Tested", 0), word("Substance", 64), word("Found", 300)}}
	if got := joinCaptions(ln); len(got.Cells) != 2 || got.Cells[0].Text != "Tested Substance" {
		t.Errorf("joinCaptions: %v", got.Cells)
	}
	ln = line{Path: labrelay.PathOCR, Cells: []cell{word("Substance", 0), word("Found", 90)}}
	if got := joinCaptions(ln); len(got.Cells) != 2 {
		t.Errorf("two captions joined: %v", got.Cells)
	}
}

// A Han header with one character misread is the kind of the known
// headers one character from it, when they agree: "限什" the limit,
// "结什" nothing (结果 or 结论).
func TestHanHeaderOneMisread(t *testing.T) {
	for in, want := range map[string]int{"限什": colLimit, "单伍": colUnit, "结什": colUnknown, "什么": colUnknown, "限值": colLimit} {
		if got, _ := genericHeaderKind(in); got != want {
			t.Errorf("genericHeaderKind(%q) = %d; want %d", in, got, want)
		}
	}
}

// A Han header of four characters with one lost is the kind of the known
// headers it is a character short of, when they agree: "检测结" a result,
// "标准要" a limit; "检测方" is short of 检测方法 only, "单项判" of 单项判定
// and 单项结论 (both verdicts); "测试结" of 测试结果 alone. So is one of five
// ("方法检出" a photo read of 方法检出限 whose wrapped 限 was lost).
func TestHanHeaderOneLost(t *testing.T) {
	for in, want := range map[string]int{"检测结": colValue, "标准要": colLimit, "检测方": colMethod, "测试结": colValue, "项目结": colUnknown, "检测": colUnknown, "方法检出": colMDL} {
		if got, _ := genericHeaderKind(in); got != want {
			t.Errorf("genericHeaderKind(%q) = %d; want %d", in, got, want)
		}
	}
}

// A header's unit in brackets, or one glyph off a long unit as a photo
// reads it; a short unit or a word one glyph off two units is none.
func TestBracketUnitOf(t *testing.T) {
	for in, want := range map[string]string{"(mg/kg)": "mg/kg", "(ma/kg)": "mg/kg", "(mg/dm?)": "mg/dm²", "[%]": "%", "(mg/l)": "mg/l", "(ma/L)": "", "mg/kg": "", "(Note)": ""} {
		if got, _ := bracketUnitOf(in); got != want {
			t.Errorf("bracketUnitOf(%q) = %q, want %q", in, got, want)
		}
	}
	if k, u := genericHeaderKind("Regulatory Limit (ma/kg)"); k != colLimit || u != "mg/kg" {
		t.Errorf("header with a misread unit: kind %d unit %q, want the limit in mg/kg", k, u)
	}
}

// A column of round numbers under a misread caption, in a table with no
// verdict column, is the limit when most numeric results are under its
// numbers: a result under its detection limit would read "not detected".
// A column of numbers that are not round may be a second sample's
// results: left unknown, the table is skipped.
func TestGenericTableUnknownNumbersOverResultsAreLimits(t *testing.T) {
	table := func(limits ...string) *tableResult {
		return readTables(newView(ocrPage(
			row(tcell{50, "项目"}, tcell{500, "方法"}, tcell{1100, "BER"}, tcell{1400, "检测结果"}),
			row(tcell{50, "Cadmium (Cd)"}, tcell{500, "IEC 62321-5:2013"}, tcell{1100, limits[0]}, tcell{1400, "26"}),
			row(tcell{50, "Lead (Pb)"}, tcell{500, "IEC 62321-5:2013"}, tcell{1100, limits[1]}, tcell{1400, "79"}),
			row(tcell{50, "Mercury (Hg)"}, tcell{500, "IEC 62321-4:2013"}, tcell{1100, limits[2]}, tcell{1400, "1536"}),
			row(tcell{50, "Chlorine (Cl)"}, tcell{500, "EN 14582:2016"}, tcell{1100, limits[3]}, tcell{1400, "n.d."}),
		)), genericTable)
	}
	res := table("100", "1000", "1000", "900")
	if len(res.rows) != 4 {
		t.Fatalf("rows %+v; trace %v; issues %v", res.rows, res.trace, res.issues)
	}
	for i, want := range []struct{ limit, verdict string }{{"100", "pass"}, {"1000", "pass"}, {"1000", "fail"}, {"900", "pass"}} {
		if r := res.rows[i]; r.Limit != want.limit || r.Verdict != want.verdict {
			t.Errorf("row %d = %+v; want limit %s, %s", i, r, want.limit, want.verdict)
		}
	}
	if res := table("112", "1043", "2210", "950"); len(res.rows) != 0 {
		t.Errorf("a column of numbers that are not round: rows %+v; want none", res.rows)
	}
}
