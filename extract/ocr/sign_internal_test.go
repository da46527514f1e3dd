package ocr

import (
	"image"
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
)

// glyphs draws, from rows of '#' and '.', a cell at (10, 10) of a white
// page: a sign, a space, and a "1".
func glyphs(rows ...string) (*image.Gray, labrelay.Box) {
	g := image.NewGray(image.Rect(0, 0, 80, 60))
	for i := range g.Pix {
		g.Pix[i] = 240
	}
	for y, r := range rows {
		for x, c := range r + ".....####" {
			if c == '#' {
				g.Pix[(10+y)*g.Stride+10+x] = 30
			}
		}
	}
	return g, labrelay.Box{X: 10, Y: 10, W: float64(len(rows[0]) + 9), H: float64(len(rows))}
}

// less is a "<" seven pixels high; le is a "≤": less over a bar.
var (
	less = []string{
		"......##",
		"....###.",
		"..###...",
		"###.....",
		"..###...",
		"....###.",
		"......##",
	}
	le = append(append([]string{}, less...), "........", "########")
)

func TestSignAt(t *testing.T) {
	bar := "########"
	cases := []struct {
		name string
		rows []string
		want rune
	}{
		{"<", less, '<'},
		{"≤", append(append(append([]string{}, less...), "........"), bar, bar), '≤'},
		{"=", []string{bar, bar, "........", "........", "........", bar, bar}, '='},
		{">", []string{"##......", ".###....", "...###..", ".....###", "...###..", ".###....", "##......"}, '>'},
		// a photographed "≤": the chevron is thick, its tip rows nearly as
		// wide as the bar, and its tail touches the bar
		{"≤ photo", []string{
			"...................#####..",
			"................########..",
			"...........#############..",
			".........##############...",
			".....################.....",
			"...#############..........",
			".############.............",
			"###########...............",
			"############..............",
			".#############............",
			"...#################......",
			"......################....",
			".........###############..",
			"...............#########..",
			"..................#####...",
			".....................##...",
			"....................###...",
			".######################...",
			"########################..",
			"########################..",
		}, '≤'},
		// a photo's bold "≤" whose upper tip spans the glyph too
		{"≤ photo tip", []string{
			".....................#..",
			".................#######",
			"..............##########",
			"...##.....############..",
			".#####################..",
			"##################......",
			"################........",
			"#############...........",
			".###########............",
			"..###########...........",
			"....############........",
			".....################...",
			"......#################.",
			"..........##############",
			".............###########",
			".................######.",
			".####.............#####.",
			"#######....###..#######.",
			"#######################.",
			"..######################",
			"....####################",
			"......################..",
		}, '≤'},
		{"digit", []string{"...##...", "..###...", ".####...", "...##...", "...##...", "...##...", ".######."}, 0},
	}
	for _, c := range cases {
		g, b := glyphs(c.rows...)
		if got := signAt(g, b); got != c.want {
			t.Errorf("%s: signAt = %q, want %q", c.name, got, c.want)
		}
	}
	// a table rule under the cell is not the bar of "≤"
	g, b := glyphs(append(append([]string{}, less...), "........", "........")...)
	for x := range g.Rect.Dx() {
		g.Pix[(10+len(less)+1)*g.Stride+x] = 30
	}
	if got := signAt(g, b); got != '<' {
		t.Errorf("'<' over a table rule: signAt = %q", got)
	}
}

// A scan's broken rule above the cell and a speck beside the sign do not
// join the cell's glyphs into one: the sign is its own pieces of ink.
func TestSignAtBrokenRule(t *testing.T) {
	g, b := glyphs(le...)
	for x := 12; x < 27; x++ {
		g.Pix[(10-2)*g.Stride+x] = 30
	}
	g.Pix[(10+3)*g.Stride+9] = 30
	if got := signAt(g, b); got != '≤' {
		t.Errorf("signAt = %q, want '≤'", got)
	}
}

// fixSigns reads a "≤" from the pixels of a cell read as "= 1", and of a
// "1" whose box left the sign out; a word's last letter before the number
// is not a sign.
func TestFixSigns(t *testing.T) {
	cases := []struct {
		name      string
		text      string
		inkBefore bool // ink right before the sign: the end of a word
		cellOnly  bool // the word's box holds the "1" only
		want      string
	}{
		{"= read for ≤", "= 1", false, false, "≤ 1"},
		{"≤ left out of the box", "1", false, true, "≤ 1"},
		{"a letter before the number", "1", true, true, "1"},
	}
	for _, c := range cases {
		g, b := glyphs(le...)
		if c.inkBefore {
			for y := range 7 {
				g.Pix[(10+y)*g.Stride+8] = 30
			}
		}
		box := b
		if c.cellOnly {
			box = labrelay.Box{X: b.X + 13, Y: b.Y, W: 4, H: b.H} // the "1" of glyphs
		}
		r := []labrelay.Row{{Words: []labrelay.Word{{Text: c.text, Box: box, Conf: 0.95}}}}
		fixSigns(g, r)
		w := r[0].Words[0]
		changed := c.want != c.text
		if w.Text != c.want || changed && (w.Conf > spacingConf || w.Box.X > b.X) || !changed && w.Conf != 0.95 {
			t.Errorf("%s: got %q conf %.2f from x %.0f, want %q (at most %.2f from x %.0f when changed)",
				c.name, w.Text, w.Conf, w.Box.X, c.want, spacingConf, b.X)
		}
	}
}

// A sign the pixels do not tell ("<100" whose box ran into a rule) takes
// the sign the pixels tell for two cells or more of its column, none
// telling another; a sign told, and one in a column that tells two
// signs, stay.
func TestColumnSigns(t *testing.T) {
	cell := func(y float64, text string) labrelay.Row {
		return labrelay.Row{Words: []labrelay.Word{tword("Lead", 10, y, 60, 20, 0.95), tword(text, 300, y, 50, 20, 0.9)}}
	}
	run := func(told []rune, texts ...string) string {
		var rows []labrelay.Row
		var signs []signRead
		for k, t := range texts {
			rows = append(rows, cell(float64(40*k), t))
			signs = append(signs, signRead{row: k, word: 1, told: told[k]})
		}
		columnSigns(rows, signs)
		var out []string
		for _, r := range rows {
			w := r.Words[1]
			if w.Text != "" && w.Text != texts[len(out)] && w.Conf > spacingConf {
				t.Errorf("%q changed at %.2f, more than %.2f", w.Text, w.Conf, spacingConf)
			}
			out = append(out, w.Text)
		}
		return strings.Join(out, "|")
	}
	if got := run([]rune{0, '≤', '≤', 0}, "<100", "≤1000", "≤1000", "=1000"); got != "≤100|≤1000|≤1000|≤1000" {
		t.Errorf("got %s", got)
	}
	if got := run([]rune{0, '≤', 0}, "<100", "≤1000", "<5"); got != "<100|≤1000|<5" {
		t.Errorf("one cell tells: got %s", got)
	}
	if got := run([]rune{0, '≤', '≤', '<'}, "<100", "≤1000", "≤1000", "<5"); got != "<100|≤1000|≤1000|<5" {
		t.Errorf("a column that tells two signs: got %s", got)
	}
	if got := run([]rune{0, '≥', '≥'}, "<100", "≥1000", "≥1000"); got != "<100|≥1000|≥1000" {
		t.Errorf("a chevron the other way: got %s", got)
	}
}

// A sign signBefore found before one number of a column of bare numbers
// is taken back; one in a column with other signs stays.
func TestDropLoneSigns(t *testing.T) {
	col := func(texts ...string) []labrelay.Row { return numberColumn(40, texts...) }
	add := func(rows []labrelay.Row, row int, sign string) []signAdded {
		w := &rows[row].Words[1]
		was := *w
		w.Text, w.Box.X, w.Box.W, w.Conf = sign+w.Text, 280, 60, spacingConf
		return []signAdded{{row, 1, was}}
	}
	rows := col("50", "50", "50", "2")
	dropLoneSigns(rows, add(rows, 1, "< "))
	if w := rows[1].Words[1]; w.Text != "50" || w.Box.X != 300 || w.Conf > disagreeConf {
		t.Errorf("lone sign: %q from x %.0f at %.2f, want 50 from 300 at most %.2f", w.Text, w.Box.X, w.Conf, disagreeConf)
	}
	// two signs found, unlike each other, support neither
	rows = col("50", "50", "50", "50", "-")
	dropLoneSigns(rows, append(add(rows, 1, "< "), add(rows, 3, "> ")...))
	if a, b := rows[1].Words[1].Text, rows[3].Words[1].Text; a != "50" || b != "50" {
		t.Errorf("two unlike signs: %q and %q, want 50 and 50", a, b)
	}
	rows = col("1000", "1000", "1000", "1000")
	dropLoneSigns(rows, append(add(rows, 0, "≤ "), add(rows, 2, "≤ ")...))
	if a, b := rows[0].Words[1].Text, rows[2].Words[1].Text; a != "≤ 1000" || b != "≤ 1000" {
		t.Errorf("two like signs: %q and %q, want both kept", a, b)
	}
	// a photo's bent rule read as ">" before two MDLs among many: a few
	// signs found alike, and none read, support each other no more
	rows = col("0.2", "0.2", "0.2", "0.2", "0.2", "0.2", "0.2")
	dropLoneSigns(rows, append(add(rows, 5, "> "), add(rows, 6, "> ")...))
	if a, b := rows[5].Words[1].Text, rows[6].Words[1].Text; a != "0.2" || b != "0.2" {
		t.Errorf("two like signs among seven bare numbers: %q and %q, want 0.2 and 0.2", a, b)
	}
	rows = col("≤ 1000", "1000", "≤ 1000")
	dropLoneSigns(rows, add(rows, 1, "≤ "))
	if w := rows[1].Words[1]; w.Text != "≤ 1000" {
		t.Errorf("sign in a column of signs: %q, want ≤ 1000", w.Text)
	}
	rows = col("1000")
	dropLoneSigns(rows, add(rows, 0, "≤ "))
	if w := rows[0].Words[1]; w.Text != "≤ 1000" {
		t.Errorf("a column of one: %q, want ≤ 1000", w.Text)
	}
}

func TestJoinLoneSigns(t *testing.T) {
	ws := []labrelay.Word{
		{Text: "Lead", Box: labrelay.Box{X: 10, Y: 100, W: 60, H: 30}, Conf: 0.95},
		{Text: "1000", Box: labrelay.Box{X: 300, Y: 100, W: 70, H: 30}, Conf: 0.95},
		{Text: "=", Box: labrelay.Box{X: 260, Y: 112, W: 20, H: 25}, Conf: 0.9},
		{Text: "<=", Box: labrelay.Box{X: 500, Y: 100, W: 20, H: 25}, Conf: 0.9},
		{Text: "Pass", Box: labrelay.Box{X: 530, Y: 100, W: 60, H: 30}, Conf: 0.9},
	}
	got := joinLoneSigns(ws)
	var texts []string
	for _, w := range got {
		texts = append(texts, w.Text)
	}
	if len(got) != 4 || got[0].Text != "= 1000" || got[0].Box.X != 260 || got[0].Conf != 0.9 {
		t.Errorf("got %q, want \"= 1000\" first from x 260 and the sign before a word left alone", texts)
	}
}

// numberColumn is a row per text, the text in a column w wide at x 300
// beside an item.
func numberColumn(w float64, texts ...string) []labrelay.Row {
	var rows []labrelay.Row
	for i, s := range texts {
		rows = append(rows, labrelay.Row{Words: []labrelay.Word{
			{Text: "Pb", Box: labrelay.Box{X: 10, Y: float64(40 * i), W: 40, H: 30}, Conf: 0.95},
			{Text: s, Box: labrelay.Box{X: 300, Y: float64(40 * i), W: w, H: 30}, Conf: 0.95},
		}})
	}
	return rows
}

func TestSameSpacing(t *testing.T) {
	col := func(texts ...string) []labrelay.Row { return numberColumn(90, texts...) }
	rows := col("< 1000", "<1000", "< 100", "< 1")
	sameSpacing(rows)
	if w := rows[1].Words[1]; w.Text != "< 1000" || w.Conf > spacingConf {
		t.Errorf("minority cell: got %q at %.2f, want \"< 1000\" at most %.2f", w.Text, w.Conf, spacingConf)
	}
	if w := rows[0].Words[1]; w.Text != "< 1000" || w.Conf != 0.95 {
		t.Errorf("majority cell changed: %q at %.2f", w.Text, w.Conf)
	}
	// no clear majority: left as read
	rows = col("< 1000", "<1000", "< 100", "<1")
	sameSpacing(rows)
	if rows[1].Words[1].Text != "<1000" || rows[3].Words[1].Text != "<1" {
		t.Errorf("half and half changed: %q, %q", rows[1].Words[1].Text, rows[3].Words[1].Text)
	}
}

// A word read from specks with little confidence goes; a glyph read with
// little confidence, and specks read with confidence, stay.
func TestDropSpecks(t *testing.T) {
	g, b := glyphs(le...) // a "≤" at (10, 10), 9 px high
	for _, p := range [][2]int{{50, 12}, {54, 15}, {58, 13}, {62, 17}} {
		g.Pix[p[1]*g.Stride+p[0]] = 30
		g.Pix[p[1]*g.Stride+p[0]+1] = 30
	}
	specks := labrelay.Box{X: 48, Y: 10, W: 18, H: 9}
	ws := []labrelay.Word{
		{Text: "≤ 1", Box: b, Conf: 0.3},
		{Text: "one", Box: specks, Conf: 0.3},
		{Text: "one", Box: specks, Conf: 0.9},
	}
	got := dropSpecks(g, ws, 9)
	if len(got) != 2 || got[0].Text != "≤ 1" || got[1].Conf != 0.9 {
		t.Errorf("got %v, want the glyph and the sure word kept, the doubtful specks dropped", got)
	}
	// a scan's grey specks, lighter than any glyph, are specks too
	for _, p := range [][2]int{{50, 32}, {54, 35}, {58, 33}} {
		g.Pix[p[1]*g.Stride+p[0]] = 190
	}
	grey := []labrelay.Word{{Text: "one", Box: labrelay.Box{X: 48, Y: 30, W: 18, H: 9}, Conf: 0.3}}
	if got := dropSpecks(g, grey, 9); len(got) != 0 {
		t.Errorf("grey specks kept: %v", got)
	}
}

// A digit a hairline wide is a rule's or a speck's stroke; a "1" may be
// thinner than other digits, not two pixels a line tall.
func TestDropHairlineDigit(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 100, 100))
	ws := []labrelay.Word{
		{Text: "3", Box: labrelay.Box{X: 10, Y: 10, W: 2, H: 30}, Conf: 0.59},
		{Text: "1", Box: labrelay.Box{X: 20, Y: 10, W: 4, H: 30}, Conf: 0.59},
		{Text: "3", Box: labrelay.Box{X: 30, Y: 10, W: 15, H: 30}, Conf: 0.59},
		{Text: "1", Box: labrelay.Box{X: 50, Y: 10, W: 2, H: 30}, Conf: 0.92},
	}
	got := dropSpecks(g, ws, 30)
	if len(got) != 2 || got[0].Text != "1" || got[1].Box.W != 15 {
		t.Errorf("got %v, want the hairline \"3\" and \"1\" dropped", got)
	}
}

// A doubtful word half over a surer one is the same glyphs read twice.
func TestDropDoubles(t *testing.T) {
	ws := []labrelay.Word{
		{Text: "“=", Box: labrelay.Box{X: 1672, Y: 1312, W: 42, H: 25}, Conf: 0.34},
		{Text: "≤ 1000", Box: labrelay.Box{X: 1691, Y: 1309, W: 126, H: 29}, Conf: 0.85},
		{Text: "50", Box: labrelay.Box{X: 1519, Y: 1309, W: 42, H: 29}, Conf: 0.3},
	}
	got := dropDoubles(ws)
	if len(got) != 2 || got[0].Text != "≤ 1000" || got[1].Text != "50" {
		t.Errorf("got %v, want the double reading dropped, the others kept", got)
	}
}

// One glyph read inside a longer word's box, however sure, is that
// word's glyph read twice: the i's of "migration," read again as "i"
// above it joined the name ("migration, i i 10%").
func TestDropDoublesGlyphInsideWord(t *testing.T) {
	ws := []labrelay.Word{
		{Text: "migration,", Box: labrelay.Box{X: 333, Y: 621, W: 175, H: 32}, Conf: 0.96},
		{Text: "i", Box: labrelay.Box{X: 368, Y: 607, W: 8, H: 27}, Conf: 0.94},
		{Text: "i", Box: labrelay.Box{X: 451, Y: 606, W: 8, H: 27}, Conf: 0.97},
		{Text: "10%", Box: labrelay.Box{X: 528, Y: 619, W: 50, H: 28}, Conf: 0.97},
		{Text: "2", Box: labrelay.Box{X: 600, Y: 619, W: 14, H: 28}, Conf: 0.97},
		// chi_sim's Han boxes overlap: "日" inside "布日期" is its own
		{Text: "布日期", Box: labrelay.Box{X: 219, Y: 797, W: 120, H: 42}, Conf: 0.92},
		{Text: "日", Box: labrelay.Box{X: 260, Y: 800, W: 30, H: 30}, Conf: 0.92},
		// and so do dates': "8" inside "2026年月日" is its month
		{Text: "2026年月日", Box: labrelay.Box{X: 1000, Y: 639, W: 300, H: 30}, Conf: 0.9},
		{Text: "8", Box: labrelay.Box{X: 1150, Y: 639, W: 15, H: 30}, Conf: 0.9},
		{Text: "EN 1186-9:2002,", Box: labrelay.Box{X: 700, Y: 900, W: 300, H: 30}, Conf: 0.9},
		{Text: "a", Box: labrelay.Box{X: 800, Y: 905, W: 12, H: 20}, Conf: 0.6},
		// a rule's piece between two captions parts them, though its
		// box runs into the next's (photo: "Specification (mg/kg)" and
		// "Test Items" joined in one cell)
		{Text: "Specification (mg/kg)", Box: labrelay.Box{X: 198, Y: 582, W: 398, H: 36}, Conf: 0.96},
		{Text: "|", Box: labrelay.Box{X: 603, Y: 564, W: 25, H: 59}, Conf: 0.76},
		{Text: "Test Items", Box: labrelay.Box{X: 607, Y: 568, W: 224, H: 43}, Conf: 0.74},
	}
	got := dropDoubles(ws)
	var texts []string
	for _, w := range got {
		texts = append(texts, w.Text)
	}
	if strings.Join(texts, " ") != "migration, 10% 2 布日期 日 2026年月日 8 EN 1186-9:2002, Specification (mg/kg) | Test Items" {
		t.Errorf("got %q, want the two i's dropped and the 2 beside 10%% kept", texts)
	}
}

// A dash a few pixels long is a speck read surely; a hyphen at the
// smallest print size, a value not given, stays.
func TestDropSpeckDash(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 100, 100))
	ws := []labrelay.Word{
		{Text: "-", Box: labrelay.Box{X: 10, Y: 20, W: 4, H: 1}, Conf: 0.84},
		{Text: "-", Box: labrelay.Box{X: 30, Y: 20, W: 10, H: 3}, Conf: 0.84},
		{Text: "—", Box: labrelay.Box{X: 50, Y: 20, W: 5, H: 2}, Conf: 0.9},
		{Text: ".", Box: labrelay.Box{X: 70, Y: 20, W: 4, H: 2}, Conf: 0.9},
	}
	got := dropSpecks(g, ws, 30)
	if len(got) != 2 || got[0].Box.W != 10 || got[1].Text != "." {
		t.Errorf("got %v, want the 4- and 5-pixel dashes dropped", got)
	}
}

// A doubtful word three lines tall is a photo's page edge read as
// letters ("SS" beside a two-line header); a sure one, a title, stays.
func TestDropTallDoubtful(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 300, 300))
	for i := range g.Pix {
		g.Pix[i] = 255
	}
	for y := 20; y < 196; y++ { // the page's edge: ink, not specks
		for x := 2; x < 17; x++ {
			g.Pix[y*g.Stride+x] = 40
		}
	}
	ws := []labrelay.Word{
		{Text: "SS", Box: labrelay.Box{X: 2, Y: 20, W: 15, H: 176}, Conf: 0.44},
		{Text: "REPORT", Box: labrelay.Box{X: 50, Y: 20, W: 200, H: 100}, Conf: 0.95},
	}
	got := dropSpecks(g, ws, 30)
	if len(got) != 1 || got[0].Text != "REPORT" {
		t.Errorf("got %v, want the doubtful tall word dropped", got)
	}
}

// A doubtful word boxed over blank paper or a far speck beside its
// glyphs is narrowed to them; a box its glyphs fill, or a sure word,
// stays as it is.
func TestTrimSpecks(t *testing.T) {
	g := paper(600, 100)
	for _, x := range []int{300, 318, 336} { // "IEC": three glyphs
		fillInk(g, image.Rect(x, 30, x+14, 60))
	}
	fillInk(g, image.Rect(120, 50, 124, 53)) // a speck far to the left
	for _, c := range []struct {
		w      labrelay.Word
		x0, x1 float64
	}{
		{labrelay.Word{Text: "IEC", Box: labrelay.Box{X: 200, Y: 28, W: 152, H: 34}, Conf: 0.49}, 300, 350},
		{labrelay.Word{Text: "IEC", Box: labrelay.Box{X: 110, Y: 28, W: 242, H: 34}, Conf: 0.49}, 300, 350},
		{labrelay.Word{Text: "IEC", Box: labrelay.Box{X: 298, Y: 28, W: 54, H: 34}, Conf: 0.49}, 298, 352},
		{labrelay.Word{Text: "IEC", Box: labrelay.Box{X: 200, Y: 28, W: 152, H: 34}, Conf: 0.9}, 200, 352},
	} {
		got := trimSpecks(g, c.w, 30)
		if got.Box.X != c.x0 || got.Box.X+got.Box.W != c.x1 {
			t.Errorf("%v at %.2f: box %v, want %v to %v", c.w.Box, c.w.Conf, got.Box, c.x0, c.x1)
		}
	}
}
