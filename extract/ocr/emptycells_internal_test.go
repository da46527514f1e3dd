package ocr

import (
	"image"
	"log/slog"
	"os"
	"os/exec"
	"slices"
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/fixtures/scan"
	"github.com/labrelay/labrelay/internal/testenv"
)

// A one-digit MDL the page reading left out of the middle row is a cell
// to read when its pixels hold a glyph; an empty cell, or one a rule
// crosses, is not.
func TestFindLostCells(t *testing.T) {
	page := func(glyph, rule bool) *image.Gray {
		g := image.NewGray(image.Rect(0, 0, 400, 200))
		for i := range g.Pix {
			g.Pix[i] = 240
		}
		if glyph {
			for y := 82; y < 100; y++ {
				for x := 302; x < 310; x++ {
					g.Pix[y*g.Stride+x] = 20
				}
			}
		}
		if rule {
			for y := 0; y < 200; y++ {
				g.Pix[y*g.Stride+306] = 20
			}
		}
		return g
	}
	rows := middleLost(word("<2", 200, 0, 30, 20), word("2", 301, 0, 10, 20))
	cells := findLostCells(page(true, false), rows, 20)
	if len(cells) != 1 || cells[0].row != 1 || cells[0].ink.Min.X != 302 || cells[0].ink.Max.X != 310 {
		t.Errorf("glyph in the cell: got %+v, want row 1 with the glyph's ink", cells)
	}
	if cells := findLostCells(page(false, false), rows, 20); len(cells) != 0 {
		t.Errorf("empty cell: got %+v", cells)
	}
	// a superscript's ink, under half the line height, is no cell
	small := page(false, false)
	for y := 82; y < 90; y++ {
		for x := 302; x < 308; x++ {
			small.Pix[y*small.Stride+x] = 20
		}
	}
	if cells := findLostCells(small, rows, 20); len(cells) != 0 {
		t.Errorf("a superscript: got %+v", cells)
	}
	if cells := findLostCells(page(false, true), rows, 20); len(cells) != 0 {
		t.Errorf("a rule through the cell: got %+v", cells)
	}
}

// A lost number wider than the column's numbers above it ("0.07" under
// "10") is cropped whole, the crop stopping at the gap before the next
// column; a row whose value is "Not Detected" (no clean number) still has
// its lost limit looked for.
func TestLostCellWidened(t *testing.T) {
	g := paper(500, 200)
	ink := func(x0, x1, y0, y1 int) { fillInk(g, image.Rect(x0, y0, x1, y1)) }
	// four glyphs 6 px apart from x=290 to x=326: wider than the column
	// (300..312) of the "10"s above and below
	for x := 290; x < 326; x += 10 {
		ink(x, x+6, 82, 100)
	}
	ink(400, 460, 82, 100) // the next column's word, 74 px on
	row := func(y float64, words ...labrelay.Word) labrelay.Row {
		return labrelay.Row{Words: append([]labrelay.Word{word("Lead", 10, y, 60, 20)}, words...)}
	}
	rows := []labrelay.Row{
		row(40, word("10", 300, 40, 12, 20), word("3", 420, 40, 8, 20)),
		row(80, word("Not", 400, 80, 25, 20), word("Detected", 428, 80, 32, 20)),
		row(120, word("10", 300, 120, 12, 20), word("4", 420, 120, 8, 20)),
	}
	cells := findLostCells(g, rows, 20)
	if len(cells) != 1 || cells[0].row != 1 {
		t.Fatalf("got %+v, want the cell of row 1", cells)
	}
	if b := cells[0].box; b.Min.X > 290 || b.Max.X < 326 || b.Max.X >= 400 {
		t.Errorf("crop %v: want it to hold x 290..326 and stop before the next column at 400", b)
	}
	if cells[0].ink.Min.X != 290 || cells[0].ink.Max.X != 326 {
		t.Errorf("ink %v, want x 290..326", cells[0].ink)
	}
}

// A "-" the page reading dropped from a numeric column is a dash cell;
// a dash at the cell's top (a rule's end, an underline) is not.
func TestLostDash(t *testing.T) {
	page := func(y0 int) *image.Gray {
		g := paper(400, 200)
		fillInk(g, image.Rect(300, y0, 312, y0+3))
		return g
	}
	rows := middleLost(word("12", 200, 0, 20, 20), word("50", 300, 0, 14, 20))
	cells := findLostCells(page(89), rows, 20)
	if len(cells) != 1 || !cells[0].dash || cells[0].row != 1 {
		t.Fatalf("a dash mid-cell: got %+v, want one dash cell in row 1", cells)
	}
	if cells := findLostCells(page(77), rows, 20); len(cells) != 0 {
		t.Errorf("ink at the cell's top edge: got %+v", cells)
	}
	// a short hyphen, a sixth of the line's height (a scan's MDL "-")
	g := paper(100, 100)
	fillInk(g, image.Rect(40, 49, 47, 52))
	if _, ok := dashInside(g, image.Rect(20, 30, 80, 70), 40); !ok {
		t.Errorf("a hyphen 7 px wide on a line 40 px tall is no dash")
	}
	// a hyphen a scan's blur thickened: 9 px by 6 on a 28 px line
	g = paper(100, 100)
	fillInk(g, image.Rect(40, 47, 49, 53))
	if _, ok := dashInside(g, image.Rect(20, 30, 80, 70), 28); !ok {
		t.Errorf("a blurred hyphen 9 by 6 px on a line 28 px tall is no dash")
	}
	// a blot as tall as it is wide is no dash
	g = paper(100, 100)
	fillInk(g, image.Rect(40, 46, 48, 53))
	if _, ok := dashInside(g, image.Rect(20, 30, 80, 70), 28); ok {
		t.Errorf("a blot 8 by 7 px reads as a dash")
	}
}

// A dash the page reading misread as a short word ("us" for "-" in a
// column of MDLs) is a dash cell too, and the misread is replaced.
func TestLostDashMisread(t *testing.T) {
	g := paper(400, 200)
	fillInk(g, image.Rect(300, 89, 312, 92))
	rows := middleLost(word("12", 200, 0, 20, 20), word("50", 300, 0, 14, 20))
	rows[1].Words = append(rows[1].Words, word("us", 298, 80, 16, 20))
	r := &Reader{}
	defer r.Close()
	if err := r.readLostCells(t.Context(), g, 300, 1, rows, 20); err != nil {
		t.Fatal(err)
	}
	if got := rows[1].Text(); got != "Lead 12 -" {
		t.Errorf("row 1 reads %q, want the misread replaced by a dash", got)
	}
	// a dash read as "=" beside a speck read as "." is a dash too
	rows = middleLost(word("12", 200, 0, 20, 20), word("50", 300, 0, 14, 20))
	rows[1].Words = append(rows[1].Words, word(".", 292, 86, 3, 4), word("=", 299, 84, 14, 12))
	if err := r.readLostCells(t.Context(), g, 300, 1, rows, 20); err != nil {
		t.Fatal(err)
	}
	if got := rows[1].Text(); got != "Lead 12 -" {
		t.Errorf("row 1 reads %q, want the misread and its speck replaced by a dash", got)
	}
	// found twice (by its column and by its gap), a dash is added once
	rows = middleLost(word("12", 200, 0, 20, 20), word("50", 300, 0, 14, 20))
	c := findLostCells(g, rows, 20)[0]
	takeDash(rows, c)
	c.box.Min.X--
	takeDash(rows, c)
	if got := rows[1].Text(); got != "Lead 12 -" {
		t.Errorf("row 1 reads %q, want one dash", got)
	}
}

// A sign read alone where the column holds "≤1" is a lost cell to read,
// and its reading replaces it; a reading under minReadConf is taken only
// when another row of the column confirms its number.
func TestLostCellAfterSign(t *testing.T) {
	g := paper(400, 240)
	for _, y := range []int{42, 82, 122, 162} {
		fillInk(g, image.Rect(300, y, 312, y+18))
	}
	row := func(y float64, limit string) labrelay.Row {
		ws := []labrelay.Word{word("BaP", 10, y, 60, 20), word("N.D.", 200, y, 40, 20)}
		if limit != "" {
			ws = append(ws, word(limit, 300, y, 14, 20))
		}
		return labrelay.Row{Words: ws}
	}
	rows := []labrelay.Row{row(40, "≤1"), row(80, "<"), row(120, "≤1"), row(160, "")}
	rows[1].Words[2].Box.W = 6 // the sign's box only
	cells := findLostCells(g, rows, 20)
	if len(cells) != 2 || cells[0].row != 1 || cells[0].sign != 2 || cells[1].row != 3 || cells[1].sign != -1 {
		t.Fatalf("got %+v, want row 1 with its sign (word 2) and row 3 without", cells)
	}
	if takeLost(rows, cells[0], "1", 0) {
		t.Error("a number without the sign its column has was taken")
	}
	if !takeLost(rows, cells[0], "<1", 0) {
		t.Fatal("a reading the column confirms was not taken")
	}
	if got := rows[1].Text(); got != "BaP N.D. <1" {
		t.Errorf("row 1 reads %q, want the sign replaced by the reading", got)
	}
	if takeLost(rows, cells[1], "7", 0.4) || takeLost(rows, cells[1], "1 1", 0) {
		t.Error("a doubtful reading the column does not confirm was taken")
	}
	if !takeLost(rows, cells[1], "7", 0.8) || rows[3].Words[2].Conf > disagreeConf {
		t.Error("a sure reading was not taken at most at disagreeConf")
	}
}

// middleLost is three rows at y 40, 80 and 120, each an item and value,
// and lost the middle one's cell of the column: lost's text and x.
func middleLost(value, lost labrelay.Word) []labrelay.Row {
	var rows []labrelay.Row
	for i, y := range []float64{40, 80, 120} {
		v := value
		v.Box.Y = y
		ws := []labrelay.Word{word("Lead", 10, y, 60, 20), v}
		if i != 1 {
			c := lost
			c.Box.Y = y
			ws = append(ws, c)
		}
		rows = append(rows, labrelay.Row{Words: ws})
	}
	return rows
}

// paper is a blank light-gray page of w × h.
func paper(w, h int) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, w, h))
	for i := range g.Pix {
		g.Pix[i] = 240
	}
	return g
}

// fillInk inks rectangle r of g.
func fillInk(g *image.Gray, r image.Rectangle) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			g.Pix[y*g.Stride+x] = 20
		}
	}
}

// A column where the page reading kept one number of several ("8" under
// three lost "2"s) still tells where the lost cells are, in the rows
// near it; a number far from the row tells nothing.
func TestLostCellsBesideOneNumber(t *testing.T) {
	g := paper(400, 240)
	for _, y := range []int{42, 82, 122} {
		fillInk(g, image.Rect(302, y, 310, y+18))
	}
	row := func(y float64, mdl string) labrelay.Row {
		ws := []labrelay.Word{word("Lead", 10, y, 60, 20), word("N.D.", 200, y, 40, 20)}
		if mdl != "" {
			ws = append(ws, word(mdl, 301, y, 10, 20))
		}
		return labrelay.Row{Words: ws}
	}
	rows := []labrelay.Row{row(40, ""), row(80, ""), row(120, ""), row(160, "8")}
	if cells := findLostCells(g, rows, 20); len(cells) != 3 {
		t.Errorf("got %d lost cells %+v, want the three rows above the 8", len(cells), cells)
	}
	// rows of numbers count, a result's wrapped line does not: the 8 is
	// five rows of results from row 3, six from row 2
	g = paper(400, 40*15)
	var far []labrelay.Row
	for k := range 8 {
		fillInk(g, image.Rect(302, 80*k+2, 310, 80*k+20))
		far = append(far, row(float64(80*k), ""), labrelay.Row{Words: []labrelay.Word{word("Detected", 200, float64(80*k+40), 80, 20)}})
	}
	far = append(far, row(640, "8"))
	cells := findLostCells(g, far, 20)
	var got []int
	for _, c := range cells {
		got = append(got, c.row/2)
	}
	if !slices.Equal(got, []int{3, 4, 5, 6, 7}) {
		t.Errorf("lost cells in rows of results %v, want 3 to 7: within five of the 8", got)
	}
}

// A photo's "≤ 1" misread as a short word with no digit ("as") in a
// column of numbers, or "1" read "l", is a cell to read again, the word
// its place; "n.d." and "Max." are no misreads, nor is a unit after a
// number ("8 oz").
func TestMisreadNumberCell(t *testing.T) {
	g := paper(400, 200)
	fillInk(g, image.Rect(302, 82, 314, 100))
	for _, w := range []string{"as", "得", "aslo", "l", "g"} {
		rows := middleLost(word("12", 200, 0, 20, 20), word("10", 300, 0, 14, 20))
		rows[1].Words = append(rows[1].Words, word(w, 302, 80, 12, 20))
		cells := findLostCells(g, rows, 20)
		if len(cells) != 1 || cells[0].row != 1 || cells[0].sign < 0 || rows[1].Words[cells[0].sign].Text != w {
			t.Errorf("%q: got %+v, want row 1 with the word to replace", w, cells)
		}
	}
	for _, w := range []string{"n.d.", "Max.", "ND", "nil", "oz", "pcs"} {
		if misreadNumber(w) {
			t.Errorf("misreadNumber(%q) = true", w)
		}
	}
}

// A cell whose ink a word of another row already covers (a tall item
// glyph put the row's limit into the next band) is not lost: reading it
// again would print the number twice.
func TestLostCellReadInAnotherRow(t *testing.T) {
	g := paper(400, 200)
	fillInk(g, image.Rect(302, 82, 310, 100))
	rows := middleLost(word("<2", 200, 0, 30, 20), word("2", 301, 0, 10, 20))
	if len(findLostCells(g, rows, 20)) != 1 {
		t.Fatal("the lost cell was not found")
	}
	rows = append(rows, labrelay.Row{Words: []labrelay.Word{word("2", 301, 81, 10, 20)}})
	if cells := findLostCells(g, rows, 20); len(cells) != 0 {
		t.Errorf("a cell another row holds: got %+v", cells)
	}
}

// A column of one speck read as a digit, two pixels wide, beside a
// number: the speck's rows find its cell "lost", but the crop widened to
// the glyphs is the number a word of the row already holds.
func TestLostCellOfSpeckColumn(t *testing.T) {
	g := paper(400, 200)
	for _, y := range []int{42, 82} {
		fillInk(g, image.Rect(290, y, 310, y+18))
	}
	rows := []labrelay.Row{
		{Words: []labrelay.Word{word("Lead", 10, 40, 60, 20), word("N.D.", 200, 40, 40, 20), word("10", 290, 40, 20, 20)}},
		{Words: []labrelay.Word{word("Tin", 10, 80, 60, 20), word("N.D.", 200, 80, 40, 20), word("10", 290, 80, 20, 20)}},
		{Words: []labrelay.Word{word("3", 312, 118, 2, 20)}},
	}
	if cells := findLostCells(g, rows, 20); len(cells) != 0 {
		t.Errorf("got %+v, want none: each row's number is read", cells)
	}
}

// A lost cell read as a bare number whose ink is as wide as the signed
// cells of its column ("≤ 1000" twice above and below) lost its sign in
// the reading; as narrow as the number alone, or in a column of upper
// and lower bounds, it keeps none.
func TestLostCellColumnSign(t *testing.T) {
	rows := func() []labrelay.Row {
		var rs []labrelay.Row
		for i, y := range []float64{40, 80, 120} {
			ws := []labrelay.Word{word("Pb", 10, y, 30, 20), word("N.D.", 200, y, 40, 20)}
			if i != 1 {
				ws = append(ws, word("≤ 1000", 300, y, 60, 20))
			}
			rs = append(rs, labrelay.Row{Words: ws})
		}
		return rs
	}
	cell := func(w int) lostCell {
		return lostCell{row: 1, box: image.Rect(295, 78, 365, 102), ink: image.Rect(300, 80, 300+w, 100), sign: -1}
	}
	rs := rows()
	if !takeLost(rs, cell(58), "1000", 0.9) || rs[1].Words[2].Text != "≤ 1000" {
		t.Errorf("wide ink: row reads %q, want the column's sign", rs[1].Text())
	}
	rs = rows()
	if !takeLost(rs, cell(40), "1000", 0.9) || rs[1].Words[2].Text != "1000" {
		t.Errorf("narrow ink: row reads %q, want the number alone", rs[1].Text())
	}
	rs = rows()
	rs[2].Words[2].Text = "> 1000"
	if !takeLost(rs, cell(58), "1000", 0.9) || rs[1].Words[2].Text != "1000" {
		t.Errorf("bounds of both sides: row reads %q, want the number alone", rs[1].Text())
	}
}

// A lost cell's ink holding a number already read (a photo's "295" and a
// speck after it, the word grouped with another row) is covered; ink a
// word only grazes, or a word with no digit inside it, is not.
func TestCoveredByNumberInside(t *testing.T) {
	ink := image.Rect(1750, 1606, 1910, 1643)
	for _, c := range []struct {
		w    labrelay.Word
		want bool
	}{
		{word("295", 1752, 1606, 60, 37), true},
		{word("295", 1890, 1606, 60, 37), false},
		{word("Pb", 1760, 1606, 40, 37), false},
	} {
		rows := []labrelay.Row{{Words: []labrelay.Word{word("Lead", 190, 1606, 60, 37)}}, {Words: []labrelay.Word{c.w}}}
		if got := covered(rows, 0, -1, ink); got != c.want {
			t.Errorf("%q at %v: covered %v, want %v", c.w.Text, c.w.Box, got, c.want)
		}
	}
}

// A column the page reading dropped whole (every MDL of a skewed scan)
// has no number to place it: ink that no word covers, between two words
// of rows of results, in three rows or more, is its cells. Ink in two
// rows only is no column.
func TestLostColumn(t *testing.T) {
	rows := func(n int) []labrelay.Row {
		var rs []labrelay.Row
		for k := range n {
			y := float64(40 + 40*k)
			rs = append(rs, labrelay.Row{Words: []labrelay.Word{word("Lead", 10, y, 60, 20), word("Complies", 100, y, 80, 20), word("n.d.", 450, y, 40, 20)}})
		}
		return rs
	}
	g := paper(600, 240)
	for k := range 4 {
		fillInk(g, image.Rect(302, 42+40*k, 312, 60+40*k))
	}
	cells := findLostCells(g, rows(4), 20)
	var got []int
	for _, c := range cells {
		if c.ink.Min.X != 302 || c.ink.Max.X != 312 {
			t.Errorf("cell of row %d has ink %v, want x 302 to 312", c.row, c.ink)
		}
		got = append(got, c.row)
	}
	if !slices.Equal(got, []int{0, 1, 2, 3}) {
		t.Errorf("lost cells in rows %v, want 0 to 3", got)
	}
	g = paper(600, 240)
	for k := range 2 {
		fillInk(g, image.Rect(302, 42+40*k, 312, 60+40*k))
	}
	if cells := findLostCells(g, rows(4), 20); len(cells) != 0 {
		t.Errorf("ink in two rows: got %+v, want no cell", cells)
	}
}

// The last column lost whole ("Max. Limit", 8 rows of a scan) has no
// word after it: its cells are looked for between a row's last word and
// the right end of the page's words (the header's "Limit"), not past it.
func TestLostLastColumn(t *testing.T) {
	rows := func(header bool) []labrelay.Row {
		var rs []labrelay.Row
		if header {
			rs = append(rs, labrelay.Row{Words: []labrelay.Word{word("Lead", 10, 0, 60, 20), word("Limit", 420, 0, 60, 20)}})
		}
		for k := range 4 {
			y := float64(40 + 40*k)
			rs = append(rs, labrelay.Row{Words: []labrelay.Word{word("Lead", 10, y, 60, 20), word("n.d.", 150, y, 40, 20)}})
		}
		return rs
	}
	g := paper(600, 240)
	for k := range 4 {
		fillInk(g, image.Rect(440, 42+40*k, 460, 60+40*k))
	}
	var got []int
	for _, c := range findLostCells(g, rows(true), 20) {
		if c.ink.Min.X != 440 || c.ink.Max.X != 460 {
			t.Errorf("cell of row %d has ink %v, want x 440 to 460", c.row, c.ink)
		}
		got = append(got, c.row)
	}
	if !slices.Equal(got, []int{1, 2, 3, 4}) {
		t.Errorf("lost cells in rows %v, want 1 to 4", got)
	}
	if cells := findLostCells(g, rows(false), 20); len(cells) != 0 {
		t.Errorf("no word as far right as the ink: got %+v, want no cell", cells)
	}
}

// Two columns lost side by side (a scan's MDLs and limits, between the
// item and the result) are two cells a row, not one crop that reads "2
// <100", which no column takes; a dash among them is a cell too.
func TestLostColumnsSideBySide(t *testing.T) {
	var rs []labrelay.Row
	g := paper(600, 240)
	for k := range 4 {
		y := float64(40 + 40*k)
		rs = append(rs, labrelay.Row{Words: []labrelay.Word{word("Lead", 10, y, 60, 20), word("n.d.", 450, y, 40, 20)}})
		if k == 2 {
			fillInk(g, image.Rect(200, 49+40*k, 212, 52+40*k))
		} else {
			fillInk(g, image.Rect(202, 42+40*k, 212, 60+40*k))
		}
		fillInk(g, image.Rect(300, 42+40*k, 340, 60+40*k))
	}
	got := map[int][]int{}
	for _, c := range findLostCells(g, rs, 20) {
		got[c.row] = append(got[c.row], c.ink.Min.X)
		if c.dash != (c.row == 2 && c.ink.Min.X < 250) {
			t.Errorf("row %d cell at %d: dash %v", c.row, c.ink.Min.X, c.dash)
		}
	}
	for k := range 4 {
		xs := got[k]
		slices.Sort(xs)
		if len(xs) != 2 || xs[0] > 212 || xs[1] != 300 {
			t.Errorf("row %d: cells at x %v, want one under each column", k, xs)
		}
	}
}

// A row whose numbers were all lost but its verdict was read ("Formaldehyde
// mg/kg 符合" under rows of numbers) is a row of results: its cells of the
// number columns are looked for. So is a row with a unit ("Amines mg/kg",
// the middle line of a wrapped name), but not a line of words alone.
func TestLostCellsOfVerdictRow(t *testing.T) {
	g := paper(400, 200)
	for _, y := range []int{42, 82, 122, 162} {
		fillInk(g, image.Rect(302, y, 310, y+18))
	}
	rows := []labrelay.Row{
		{Words: []labrelay.Word{word("Lead", 10, 40, 60, 20), word("2", 301, 40, 10, 20), word("符合", 350, 40, 40, 20)}},
		{Words: []labrelay.Word{word("Formaldehyde", 10, 80, 120, 20), word("符合", 350, 80, 40, 20)}},
		{Words: []labrelay.Word{word("Amines", 10, 120, 60, 20), word("mg/kg", 150, 120, 60, 20)}},
		{Words: []labrelay.Word{word("Aromatic", 10, 160, 60, 20), word("amines", 150, 160, 60, 20)}},
	}
	var got []int
	for _, c := range findLostCells(g, rows, 20) {
		got = append(got, c.row)
	}
	if !slices.Equal(got, []int{1, 2}) {
		t.Errorf("cells in rows %v, want 1 and 2 (the verdict's and the unit's rows)", got)
	}
}

// A lost cell of a column of "ND"s is read with the letters its column
// prints, in a real worker: with digits only it read as nothing.
func TestReadLostCellLetters(t *testing.T) {
	if _, err := exec.LookPath(WorkerName); err != nil {
		testenv.SkipOrFailf(t, "%s not built: %v", WorkerName, err)
	}
	var lines []scan.TextLine
	for i := range 3 {
		y := 100 + 30*float64(i)
		lines = append(lines, scan.TextLine{X: 40, Y: y, SizePt: 9, Text: "Lead"}, scan.TextLine{X: 200, Y: y, SizePt: 9, Text: "ND"}, scan.TextLine{X: 300, Y: y, SizePt: 9, Text: "Pass"})
	}
	g, err := scan.RenderText(lines, 300)
	if err != nil {
		t.Fatal(err)
	}
	var rows []labrelay.Row
	for i := range 3 {
		y := int((100+30*float64(i))/72*300) - 45
		item := inkBox(g.SubImage(image.Rect(0, y, 600, y+60)).(*image.Gray))
		nd := inkBox(g.SubImage(image.Rect(700, y, 1100, y+60)).(*image.Gray))
		pass := inkBox(g.SubImage(image.Rect(1150, y, g.Rect.Dx(), y+60)).(*image.Gray))
		ws := []labrelay.Word{{Text: "Lead", Box: item, Conf: 0.95}}
		if i != 1 {
			ws = append(ws, labrelay.Word{Text: "ND", Box: nd, Conf: 0.95})
		}
		ws = append(ws, labrelay.Word{Text: "Pass", Box: pass, Conf: 0.95})
		rows = append(rows, labrelay.Row{Words: ws})
	}
	r := &Reader{}
	defer r.Close()
	if err := r.readLostCells(t.Context(), g, 300, 1, rows, rows[0].Words[1].Box.H); err != nil {
		t.Fatal(err)
	}
	if ws := rows[1].Words; len(ws) != 3 || ws[1].Text != "ND" || ws[1].Conf > disagreeConf {
		t.Errorf("row 1 = %+v, want the lost ND read at most at %.2f", ws, disagreeConf)
	}
}

// A lost "N.D." in a column whose other cells are numbers reads as
// nothing with the column's digits: it is read once more with the letters
// of "N.D.", and only such a reading is taken.
func TestReadLostNotDetected(t *testing.T) {
	if _, err := exec.LookPath(WorkerName); err != nil {
		testenv.SkipOrFailf(t, "%s not built: %v", WorkerName, err)
	}
	values := []string{"12", "N.D.", "7"}
	var lines []scan.TextLine
	for i, v := range values {
		y := 100 + 30*float64(i)
		lines = append(lines, scan.TextLine{X: 40, Y: y, SizePt: 9, Text: "Lead"}, scan.TextLine{X: 200, Y: y, SizePt: 9, Text: v}, scan.TextLine{X: 300, Y: y, SizePt: 9, Text: "Pass"})
	}
	g, err := scan.RenderText(lines, 300)
	if err != nil {
		t.Fatal(err)
	}
	var rows []labrelay.Row
	for i, v := range values {
		y := int((100+30*float64(i))/72*300) - 45
		item := inkBox(g.SubImage(image.Rect(0, y, 600, y+60)).(*image.Gray))
		val := inkBox(g.SubImage(image.Rect(700, y, 1100, y+60)).(*image.Gray))
		pass := inkBox(g.SubImage(image.Rect(1150, y, g.Rect.Dx(), y+60)).(*image.Gray))
		ws := []labrelay.Word{{Text: "Lead", Box: item, Conf: 0.95}}
		if i != 1 {
			ws = append(ws, labrelay.Word{Text: v, Box: val, Conf: 0.95})
		}
		ws = append(ws, labrelay.Word{Text: "Pass", Box: pass, Conf: 0.95})
		rows = append(rows, labrelay.Row{Words: ws})
	}
	r := &Reader{Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	defer r.Close()
	if err := r.readLostCells(t.Context(), g, 300, 1, rows, rows[0].Words[1].Box.H); err != nil {
		t.Fatal(err)
	}
	if ws := rows[1].Words; len(ws) != 3 || ws[1].Text != "N.D." || ws[1].Conf > disagreeConf {
		t.Errorf("row 1 = %+v, want the lost N.D. read at most at %.2f", ws, disagreeConf)
	}
}
