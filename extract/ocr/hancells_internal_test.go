package ocr

import (
	"image"
	"image/draw"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/testenv"
)

// A result table of a page with Chinese: the verdict cells 適合 read as
// junk or as wrong Han are the words to read again; sure words, numbers,
// units, words of the page's vocabulary, words within a cell of others
// and stamp print are not.
func TestFindHanCells(t *testing.T) {
	w := func(text string, x, y, width, h, conf float64) labrelay.Word {
		return labrelay.Word{Text: text, Conf: conf, Box: labrelay.Box{X: x, Y: y, W: width, H: h}}
	}
	row := func(ws ...labrelay.Word) labrelay.Row { return labrelay.Row{Words: ws} }
	rows := []labrelay.Row{
		row(w("项目", 100, 50, 60, 30, 0.95), w("结论", 900, 50, 60, 30, 0.92), w("as", 980, 50, 30, 30, 0.95)),
		row(w("Lead", 100, 100, 60, 30, 0.95), w("258", 700, 100, 50, 30, 0.9), w("8S", 900, 100, 40, 32, 0.4)),
		row(w("Mercury", 100, 150, 90, 30, 0.95), w("2", 700, 150, 15, 30, 0.9), w("通 合", 900, 150, 60, 50, 0.79)),
		row(w("Cadmium", 100, 200, 90, 30, 0.95), w("<2", 700, 200, 30, 30, 0.95), w("mg", 800, 200, 30, 30, 0.5), w("as", 900, 200, 30, 30, 0.6)),
		row(w("Lead", 100, 250, 60, 30, 0.95), w("8a", 400, 250, 40, 30, 0.5), w("(Pb)", 450, 250, 50, 30, 0.9), w("符合", 900, 250, 60, 30, 0.8)),
		row(w("Sum", 100, 300, 50, 30, 0.95), w("ee", 300, 300, 30, 16, 0.2), w("n.d.", 700, 300, 50, 30, 0.95),
			w("@8", 900, 300, 40, 30, 0.5), w("1/2", 1100, 300, 40, 30, 0.5)),
		// a row without two sure words is no table row
		row(w("Lead", 100, 350, 60, 30, 0.7), w("258", 700, 350, 50, 30, 0.95), w("8S", 900, 350, 40, 32, 0.4)),
	}
	got := findHanCells(rows, 30)
	var texts []string
	for _, c := range got {
		texts = append(texts, rows[c.row].Words[c.word].Text)
	}
	if want := []string{"8S", "通 合", "@8"}; !slices.Equal(texts, want) {
		t.Errorf("cells %q, want %q", texts, want)
	}
	if len(got) > 0 {
		b := got[0].box
		if b.X >= 900 || b.X+b.W <= 940 || b.Y >= 100 || b.Y+b.H <= 132 {
			t.Errorf("box %+v does not hold the word at 900,100 40×32 with a margin", b)
		}
	}
	// 'as' is junk on the first page only because the page does not read
	// it surely elsewhere: there it is vocabulary.
	rows[0].Words[2].Conf = 0.5
	if got := findHanCells(rows, 30); len(got) != 4 {
		t.Errorf("with 'as' out of the vocabulary: %d cells, want 4", len(got))
	}
	// A page of many candidates is noise: none is read again.
	many := slices.Clone(rows)
	for range hanMaxCells {
		many = append(many, rows[1])
	}
	if got := findHanCells(many, 30); len(got) != 0 {
		t.Errorf("page of %d candidates: %d cells, want none", hanMaxCells+4, len(got))
	}
	// A page without sure Han is read again only where a column of
	// candidates holds a word read as Han: 適合 down a Latin table.
	rows[0].Words[0].Conf, rows[0].Words[1].Conf, rows[4].Words[3].Conf = 0.5, 0.5, 0.5
	// (the last row is one too: in a column, a row needs cells, not sure ones)
	if got := findHanCells(rows, 30); len(got) != 6 {
		t.Errorf("page without sure Han, a column with Han: %d cells, want 6", len(got))
	}
	rows[2].Words[2].Text, rows[4].Words[3].Text = "ii a", "aS"
	if got := findHanCells(rows, 30); len(got) != 0 {
		t.Errorf("page without sure Han, no Han read: %d cells, want none", len(got))
	}
	// a Han-read word with fewer than hanColumn candidates over or under it
	rows[4].Words[3].Text = "送合"
	if got := findHanCells(rows[3:5], 30); len(got) != 0 {
		t.Errorf("page without sure Han, a short column: %d cells, want none", len(got))
	}
}

// cjkFont is the CJK font the fixture PDFs use (fonts-droid-fallback).
const cjkFont = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"

// face300 is the font at path at 10 pt and 300 dpi; the test is skipped
// (or fails, strict) when the Debian package pkg that ships it is missing.
func face300(t *testing.T, path, pkg string) font.Face {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		testenv.SkipOrFailf(t, "font missing (%s): %v", pkg, err)
	}
	f, err := opentype.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: 10, DPI: 300, Hinting: font.HintingFull})
	if err != nil {
		t.Fatal(err)
	}
	return face
}

// renderHanRow draws a table row at 300 dpi: a Chinese heading above,
// then "Lead", "258" and verdict, in the CJK font at 10 pt.
func renderHanRow(t *testing.T, verdict string) *image.Gray {
	t.Helper()
	face := face300(t, cjkFont, "fonts-droid-fallback")
	defer face.Close()
	g := image.NewGray(image.Rect(0, 0, 1400, 400))
	draw.Draw(g, g.Rect, image.White, image.Point{}, draw.Src)
	for _, s := range []struct {
		x, y int
		text string
	}{{100, 120, "检测项目"}, {900, 120, "结论"}, {100, 250, "Lead"}, {600, 250, "258"}, {900, 250, verdict}} {
		d := font.Drawer{Dst: g, Src: image.Black, Face: face, Dot: fixed.P(s.x, s.y)}
		d.DrawString(s.text)
	}
	return g
}

// The verdict cell 適合, which eng+chi_sim cannot read, reads as 適合 in
// a real worker when its word was junk; a word already surer than the
// re-read stays.
func TestReadHanCellsWorker(t *testing.T) {
	if _, err := exec.LookPath(WorkerName); err != nil {
		testenv.SkipOrFailf(t, "%s not built: %v", WorkerName, err)
	}
	g := renderHanRow(t, "適合")
	r := &Reader{}
	defer r.Close()
	rows := []labrelay.Row{
		{Words: []labrelay.Word{han("检测项目", 95, 70, 170, 55, 0.95), han("结论", 895, 70, 85, 55, 0.95)}},
		{Words: []labrelay.Word{han("Lead", 98, 205, 70, 45, 0.95), han("258", 598, 205, 60, 45, 0.95), han("8S", 895, 200, 85, 55, 0.4)}},
	}
	if err := r.readHanCells(t.Context(), g, 300, 1, rows, 45); err != nil {
		t.Fatal(err)
	}
	if got := rows[1].Words[2]; got.Text != "適合" || got.Conf > disagreeConf {
		t.Errorf("verdict read %q at %.2f, want 適合 at most %.2f", got.Text, got.Conf, disagreeConf)
	}
}

// Without the re-read's model installed the page reads on unchanged, and
// the model is not asked for again.
func TestReadHanCellsMissingModel(t *testing.T) {
	if _, err := exec.LookPath(WorkerName); err != nil {
		testenv.SkipOrFailf(t, "%s not built: %v", WorkerName, err)
	}
	g := renderHanRow(t, "適合")
	r := &Reader{HanLanguages: []string{"no_such_model"}}
	defer r.Close()
	rows := []labrelay.Row{
		{Words: []labrelay.Word{han("检测项目", 95, 70, 170, 55, 0.95)}},
		{Words: []labrelay.Word{han("Lead", 98, 205, 70, 45, 0.95), han("258", 598, 205, 60, 45, 0.95), han("8S", 895, 200, 85, 55, 0.4)}},
	}
	if len(findHanCells(rows, 45)) != 1 {
		t.Fatal("the verdict is no cell to read again: the test reads nothing")
	}
	for range 2 {
		if err := r.readHanCells(t.Context(), g, 300, 1, rows, 45); err != nil {
			t.Fatalf("missing model: %v, want the re-read skipped", err)
		}
	}
	if got := rows[1].Words[2].Text; got != "8S" || !r.noHan.Load() {
		t.Errorf("word %q, skipped %v; want 8S left and the re-read off", got, r.noHan.Load())
	}
	// the page's own engine still reads
	if _, err := r.words(t.Context(), g, 300, 1, ""); err != nil {
		t.Errorf("page reading after a missing Han model: %v", err)
	}
}

func han(text string, x, y, w, h, conf float64) labrelay.Word {
	return labrelay.Word{Text: text, Conf: conf, Box: labrelay.Box{X: x, Y: y, W: w, H: h}}
}

// A re-read not clearly surer than its word is taken when two clear
// re-reads of its column agree with it, and only then.
func TestApplyHanReads(t *testing.T) {
	verdict := func(text string, y, conf float64) labrelay.Word { return han(text, 2213, y, 70, 33, conf) }
	rows := []labrelay.Row{{Words: []labrelay.Word{
		verdict("通 合", 612, 0.74),         // re-read 0.88: gain under hanGain, but the column agrees
		verdict("8a", 682, 0.66),          // clear
		verdict("8S", 747, 0.40),          // clear
		verdict("@8", 876, 0.49),          // re-read 0.44, agrees
		han("送合", 600, 942, 70, 33, 0.70), // another column: no agreement
		verdict("#4", 1008, 0.60),         // re-read Latin: never taken
	}}}
	reads := []hanRead{{"適合", 0.88}, {"適合", 0.97}, {"適合", 0.96}, {"適合", 0.44}, {"適合", 0.8}, {"ae", 0.9}}
	var cells []hanCell
	for i := range reads {
		cells = append(cells, hanCell{row: 0, word: i})
	}
	applyHanReads(rows, cells, reads)
	want := []string{"適合", "適合", "適合", "適合", "送合", "#4"}
	for i, w := range rows[0].Words {
		if w.Text != want[i] || w.Text == "適合" && w.Conf > disagreeConf {
			t.Errorf("word %d: %q at %.2f, want %q at most %.2f", i, w.Text, w.Conf, want[i], disagreeConf)
		}
	}
	// one clear re-read is no column
	rows = []labrelay.Row{{Words: []labrelay.Word{verdict("通 合", 612, 0.74), verdict("8S", 747, 0.40)}}}
	applyHanReads(rows, cells[:2], []hanRead{{"適合", 0.88}, {"適合", 0.96}})
	if got := rows[0].Words[0].Text; got != "通 合" {
		t.Errorf("with one agreeing re-read: %q, want 通 合 kept", got)
	}
	// a column of re-reads that agree, one clear, carries the others; with
	// none clear, none is taken
	col := func() []labrelay.Row {
		return []labrelay.Row{{Words: []labrelay.Word{verdict("ae", 612, 0.35), verdict("ae", 682, 0.73), verdict("6S", 747, 0.58), verdict("a8", 876, 0.51)}}}
	}
	rows = col()
	applyHanReads(rows, cells[:4], []hanRead{{"適合", 0.88}, {"適合", 0.67}, {"適合", 0.45}, {"通合", 0.45}})
	if got := joinTexts(rows[0].Words); got != "適合 適合 適合 a8" {
		t.Errorf("a column agreeing with one clear re-read: %q, want 適合 ×3 and a8 kept", got)
	}
	rows = col()
	applyHanReads(rows, cells[:4], []hanRead{{"適合", 0.5}, {"適合", 0.67}, {"適合", 0.45}, {"通合", 0.45}})
	if got := joinTexts(rows[0].Words); got != "ae ae 6S a8" {
		t.Errorf("a column agreeing with no clear re-read: %q, want it kept", got)
	}
}

func joinTexts(ws []labrelay.Word) string {
	var ts []string
	for _, w := range ws {
		ts = append(ts, w.Text)
	}
	return strings.Join(ts, " ")
}

// In a column of sure 合格, a cell read surely as "a" (boxed on 合 only)
// is read again across the column's width, and a re-read that is the
// column's word is taken even when it is not surer than the page's.
func TestHanColumnShortLatin(t *testing.T) {
	w := func(text string, x, y, width, conf float64) labrelay.Word {
		return labrelay.Word{Text: text, Conf: conf, Box: labrelay.Box{X: x, Y: y, W: width, H: 34}}
	}
	row := func(y float64, verdict labrelay.Word) labrelay.Row {
		return labrelay.Row{Words: []labrelay.Word{w("Lead", 190, y, 80, 0.96), w("mg/kg", 1670, y, 108, 0.95), w("ND", 2016, y, 50, 0.96), verdict}}
	}
	rows := []labrelay.Row{
		row(1870, w("合格", 2177, 1870, 68, 0.94)),
		row(1940, w("合格", 2176, 1940, 69, 0.97)),
		row(2010, w("a", 2177, 2010, 32, 0.94)),
		row(2080, w("P", 1400, 2080, 20, 0.94)), // not under the column
	}
	got := findHanCells(rows, 30)
	if len(got) != 1 || got[0].row != 2 {
		t.Fatalf("cells %+v, want the 'a' under the column only", got)
	}
	if b := got[0].box; b.X > 2176 || b.X+b.W < 2245 {
		t.Errorf("box %+v does not span the column's 合格 (2176-2245)", b)
	}
	applyHanReads(rows, got, []hanRead{{"合格", 0.62}})
	if v := rows[2].Words[3]; v.Text != "合格" || v.Conf > disagreeConf {
		t.Errorf("verdict %q at %.2f, want 合格 at most %.2f", v.Text, v.Conf, disagreeConf)
	}
	rows[2].Words[3] = w("a", 2177, 2010, 32, 0.94)
	applyHanReads(rows, got, []hanRead{{"台格", 0.62}})
	if v := rows[2].Words[3]; v.Text != "a" {
		t.Errorf("a re-read the column does not print, not surer: %q, want 'a' kept", v.Text)
	}
}
