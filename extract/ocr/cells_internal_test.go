package ocr

import (
	"image"
	"image/draw"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
	"github.com/labrelay/labrelay/fixtures/scan"
	"github.com/labrelay/labrelay/internal/testenv"
)

func TestNumericLike(t *testing.T) {
	for s, want := range map[string]bool{
		"0.004": true, "< 1000": true, "237]": true, "0:004": true, "=1000": true,
		"工": true, "al": true, "N.D.": true, "<i": true, "|": false, "]": false,
		"C26-04417": false, "2026-01-05": false, "mg/kg": false, "Cadmium": false, "12/05": false,
	} {
		if got := numericLike(s); got != want {
			t.Errorf("numericLike(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestDecide(t *testing.T) {
	w := func(text string, conf float64) []labrelay.Word {
		return []labrelay.Word{{Text: text, Box: labrelay.Box{X: 10, Y: 10, W: 40, H: 20}, Conf: conf}}
	}
	for _, c := range []struct {
		was      string
		conf     float64
		read     ocrproto.CellText
		want     string
		wantConf float64
	}{
		{"0.004", 0.8, ocrproto.CellText{Text: "0.004", Conf: 95}, "0.004", 0.95},         // agreement raises
		{"0:004", 0.9, ocrproto.CellText{Text: "0.004", Conf: 95}, "0.004", disagreeConf}, // a clean number wins, to review
		{"237", 0.9, ocrproto.CellText{Text: "23]", Conf: 95}, "237", disagreeConf},       // an unclean re-read loses, still to review
		{"100", 0.7, ocrproto.CellText{Text: "1000", Conf: 96}, "1000", disagreeConf},     // both clean: the more confident, to review
		{"0.2", 0.7, ocrproto.CellText{Text: "5", Conf: 20}, "0.2", 0.7},                  // a read near confidence 0 is no evidence
		{"0.2", 0.7, ocrproto.CellText{}, "0.2", 0.7},
		{"≤100", 0.9, ocrproto.CellText{Text: "100", Conf: 96}, "≤100", disagreeConf},   // a sign the re-read dropped is kept
		{"= 100", 0.9, ocrproto.CellText{Text: "100", Conf: 96}, "= 100", disagreeConf}, // "≤" read as "=": kept for fixSigns
		{"<=100", 0.9, ocrproto.CellText{Text: "<=100", Conf: 96}, "≤100", spacingConf}, // a repaired sign: not auto-accepted
	} {
		got := decide(nil, w(c.was, c.conf), c.read)
		if len(got) != 1 || got[0].Text != c.want || got[0].Conf != c.wantConf {
			t.Errorf("decide(%q %.2f, %q %.0f) = %+v, want %q %.2f", c.was, c.conf, c.read.Text, c.read.Conf, got, c.want, c.wantConf)
		}
	}
}

// inkBox is the bounding box of the dark pixels of g.
func inkBox(g *image.Gray) labrelay.Box {
	x0, y0, x1, y1 := g.Rect.Max.X, g.Rect.Max.Y, 0, 0
	for y := g.Rect.Min.Y; y < g.Rect.Max.Y; y++ {
		for x := g.Rect.Min.X; x < g.Rect.Max.X; x++ {
			if g.Pix[g.PixOffset(x, y)] < 128 {
				x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x+1), max(y1, y+1)
			}
		}
	}
	return labrelay.Box{X: float64(x0), Y: float64(y0), W: float64(x1 - x0), H: float64(y1 - y0)}
}

func TestRespace(t *testing.T) {
	for _, printed := range []string{"< 1", "<1", "≤ 100", "≤100", "> 0.05"} {
		g, err := scan.RenderText([]scan.TextLine{{X: 100, Y: 100, SizePt: 9, Text: printed}}, 300)
		if err != nil {
			t.Fatal(err)
		}
		box := inkBox(g)
		for _, read := range []string{printed, removeSpace(printed), addSpace(printed)} {
			if got := respace(g, box, read); got != printed {
				t.Errorf("printed %q read %q: respace = %q", printed, read, got)
			}
		}
	}
}

// A bound's word and its number ("Max. 1000") are spaced as printed too:
// Tesseract reads both as one word "Max.1000".
func TestRespaceBoundWord(t *testing.T) {
	for _, printed := range []string{"Max. 1000", "Max.1000", "Min. 5", "max.0.07"} {
		g, err := scan.RenderText([]scan.TextLine{{X: 100, Y: 100, SizePt: 9, Text: printed}}, 300)
		if err != nil {
			t.Fatal(err)
		}
		box := inkBox(g)
		joined := strings.Replace(printed, ". ", ".", 1)
		// a scan's word box is often taller than its ink (h 61 for a
		// line 30 tall): the space is measured against the ink
		tall := box
		tall.Y, tall.H = box.Y-box.H/2, 2*box.H
		for _, read := range []string{printed, joined, strings.Replace(joined, ".", ". ", 1)} {
			if got := respace(g, box, read); got != printed {
				t.Errorf("printed %q read %q: respace = %q", printed, read, got)
			}
			if got := respace(g, tall, read); got != printed {
				t.Errorf("printed %q read %q in a box twice its ink's height: respace = %q", printed, read, got)
			}
		}
		// the page's words get it too, not only the cells read again
		rows := []labrelay.Row{{Words: []labrelay.Word{{Text: joined, Box: box, Conf: 0.95}}}}
		fixSigns(g, rows)
		if w := rows[0].Words[0]; w.Text != printed || joined != printed && w.Conf > spacingConf {
			t.Errorf("printed %q read %q: fixSigns made %q at %.2f", printed, joined, w.Text, w.Conf)
		}
	}
}

// TestDecideRespaced: a spacing taken from the pixels that neither
// reading gave is not auto-accepted.
func TestDecideRespaced(t *testing.T) {
	g, err := scan.RenderText([]scan.TextLine{{X: 100, Y: 100, SizePt: 9, Text: "< 1"}}, 300)
	if err != nil {
		t.Fatal(err)
	}
	ws := []labrelay.Word{{Text: "<1", Box: inkBox(g), Conf: 0.96}}
	got := decide(g, ws, ocrproto.CellText{Text: "<1", Conf: 97})
	if len(got) != 1 || got[0].Text != "< 1" || got[0].Conf > spacingConf {
		t.Errorf("decide = %+v, want \"< 1\" at most %.2f", got, spacingConf)
	}
}

func removeSpace(s string) string {
	r := []rune(s)
	if len(r) > 1 && r[1] == ' ' {
		return string(r[:1]) + string(r[2:])
	}
	return s
}

func addSpace(s string) string {
	r := []rune(s)
	if len(r) > 1 && r[1] != ' ' {
		return string(r[:1]) + " " + string(r[1:])
	}
	return s
}

// TestCellsWorker re-reads rendered numeric cells in a real worker: the
// single-line, whitelisted reading of each box gives its printed text.
func TestCellsWorker(t *testing.T) {
	if _, err := exec.LookPath(WorkerName); err != nil {
		testenv.SkipOrFailf(t, "%s not built: %v", WorkerName, err)
	}
	// No zero: the Go font draws it with a dot inside, read as "8".
	cells := []string{"12.5", "< 1000", "237", "N.D."}
	var lines []scan.TextLine
	for i, c := range cells {
		lines = append(lines, scan.TextLine{X: 100, Y: 100 + 30*float64(i), SizePt: 9, Text: c})
	}
	g, err := scan.RenderText(lines, 300)
	if err != nil {
		t.Fatal(err)
	}
	req := &ocrproto.Request{Op: ocrproto.OpCells, DPI: 300, Whitelist: numericChars + " ND"}
	for i := range cells {
		// the word's ink box, as Tesseract's word boxes are
		y := int((100+30*float64(i))/72*300) - 45
		b := inkBox(g.SubImage(image.Rect(0, y, g.Rect.Dx(), y+60)).(*image.Gray))
		req.Cells = append(req.Cells, ocrproto.Cell{X: int(b.X) - 4, Y: int(b.Y) - 2, W: int(b.W) + 8, H: int(b.H) + 4})
	}
	r := &Reader{}
	defer r.Close()
	resp, err := r.send(t.Context(), req, g, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Cells) != len(cells) {
		t.Fatalf("%d readings for %d cells", len(resp.Cells), len(cells))
	}
	for i, c := range cells {
		if got := resp.Cells[i]; got.Text != c || got.Conf < 50 {
			t.Errorf("cell %d: read %q at %.0f, want %q", i, got.Text, got.Conf, c)
		}
	}
}

// A signed cell the page read with confidence, and so did not re-read,
// takes its spacing from the pixels too, under spacingConf when changed.
func TestFixSignsRespaces(t *testing.T) {
	for _, printed := range []string{"≤ 1", "≤1", "< 10"} {
		g, err := scan.RenderText([]scan.TextLine{{X: 100, Y: 100, SizePt: 9, Text: printed}}, 300)
		if err != nil {
			t.Fatal(err)
		}
		for _, read := range []string{printed, removeSpace(printed), addSpace(printed)} {
			rows := []labrelay.Row{{Words: []labrelay.Word{{Text: read, Box: inkBox(g), Conf: 0.95}}}}
			fixSigns(g, rows)
			w := rows[0].Words[0]
			if w.Text != printed || read != printed && w.Conf > spacingConf || read == printed && w.Conf != 0.95 {
				t.Errorf("printed %q read %q: got %q conf %.2f", printed, read, w.Text, w.Conf)
			}
		}
	}
}

// A code's two-letter prefix read surely is no misread number: "TR 2026
// 35" is not read again with digits only (which lost the "TR"); a
// doubtful "al" before a number still is.
func TestRowCellsSureLetters(t *testing.T) {
	rows := []labrelay.Row{
		{Words: []labrelay.Word{han("Certificate", 196, 590, 195, 37, 0.96), han("TR", 726, 588, 50, 37, 0.95), han("2026", 790, 588, 90, 37, 0.95), han("35", 894, 588, 40, 37, 0.95)}},
		{Words: []labrelay.Word{han("Lead", 196, 690, 90, 37, 0.96), han("al", 726, 688, 30, 37, 0.4)}},
	}
	for _, j := range rowCells(rows, 0) {
		if j.from <= 1 && j.to > 1 {
			t.Errorf("cell %+v holds the sure TR", j)
		}
	}
	if js := rowCells(rows, 1); len(js) != 1 || js[0].from != 1 {
		t.Errorf("cells %+v, want the doubtful al", js)
	}
}

// renderNumber draws text at 300 dpi in DejaVu Sans 10 pt and returns the
// page and the box of its ink.
func renderNumber(t *testing.T, text string) (*image.Gray, labrelay.Box) {
	t.Helper()
	return renderText(t, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "fonts-dejavu-core", text)
}

// renderText draws text at 300 dpi in the font at path (shipped by the
// Debian package pkg), 10 pt, on a white page 600 px wide, and returns
// the page and the box of its ink, 2 px around.
func renderText(t *testing.T, path, pkg, text string) (*image.Gray, labrelay.Box) {
	t.Helper()
	face := face300(t, path, pkg)
	defer face.Close()
	g := image.NewGray(image.Rect(0, 0, 600, 120))
	draw.Draw(g, g.Rect, image.White, image.Point{}, draw.Src)
	d := font.Drawer{Dst: g, Src: image.Black, Face: face, Dot: fixed.P(40, 80)}
	bounds, _ := d.BoundString(text)
	d.DrawString(text)
	return g, labrelay.Box{X: float64(bounds.Min.X.Floor()) - 2, Y: float64(bounds.Min.Y.Floor()) - 2,
		W: float64((bounds.Max.X - bounds.Min.X).Ceil()) + 4, H: float64((bounds.Max.Y - bounds.Min.Y).Ceil()) + 4}
}

// A value read "1.5" on the page and "15" in its cell: the pixels tell
// whether the point is printed, and the reading that agrees is kept.
func TestPointInk(t *testing.T) {
	for text, want := range map[string]bool{"1.5": true, "15": false, "0.08": true, "1000": false, "3,5": false} {
		g, b := renderNumber(t, text)
		if has, ok := pointInk(g, b); !ok || has != want {
			t.Errorf("pointInk(%q) = %v, %v; want %v", text, has, ok, want)
		}
	}
	g, b := renderNumber(t, "1.5")
	got := weigh(g, []labrelay.Word{{Text: "1.5", Box: b, Conf: 0.9}}, ocrproto.CellText{Text: "15", Conf: 92})
	if len(got) != 1 || got[0].Text != "1.5" || got[0].Conf > disagreeConf {
		t.Errorf("page 1.5, re-read 15 surer: %+v, want 1.5 at most %.2f", got, disagreeConf)
	}
	got = weigh(g, []labrelay.Word{{Text: "15", Box: b, Conf: 0.95}}, ocrproto.CellText{Text: "1.5", Conf: 80})
	if len(got) != 1 || got[0].Text != "1.5" || got[0].Conf > disagreeConf {
		t.Errorf("page 15 surer, re-read 1.5: %+v, want 1.5 at most %.2f", got, disagreeConf)
	}
}

// A bare number whose box still holds the sign a re-read dropped ("$100"
// read again as "100") gets the sign from the pixels; a number whose box
// holds its own digits only is left alone, as is one wider than its text
// by something other than a sign.
func TestSignInsideBox(t *testing.T) {
	for _, tc := range []struct{ printed, read, want string }{
		{"≤ 100", "100", "≤ 100"},
		{"< 5", "5", "< 5"},
		{"100", "100", "100"},
		{"1000", "100", "100"},
	} {
		g, err := scan.RenderText([]scan.TextLine{{X: 100, Y: 100, SizePt: 9, Text: tc.printed}}, 300)
		if err != nil {
			t.Fatal(err)
		}
		rows := []labrelay.Row{{Words: []labrelay.Word{{Text: tc.read, Box: inkBox(g), Conf: 0.95}}}}
		fixSigns(g, rows)
		if w := rows[0].Words[0]; w.Text != tc.want || tc.read != tc.want && w.Conf > spacingConf {
			t.Errorf("printed %q read %q: got %q at %.2f, want %q", tc.printed, tc.read, w.Text, w.Conf, tc.want)
		}
	}
}

// Cells that stood in no numeric column are looked at once more after
// the lost cells are read (which make such columns); only they are: with
// none of them in only, no worker is asked.
func TestRereadCellsOnly(t *testing.T) {
	rows := numberColumn(40, "N", "x", "5")
	r := &Reader{Worker: "/nonexistent/labrelay-ocr"}
	defer r.Close()
	g := paper(400, 200)
	alone, err := r.rereadCells(t.Context(), g, 300, 1, rows, nil)
	if err != nil || len(alone) != 2 {
		t.Fatalf("alone = %v (%v), want the two cells with one clean number near them", alone, err)
	}
	rows[2].Words[1].Text, rows[2].Words[1].Conf = "50", 0.6 // a lost cell read
	rows = append(rows, numberColumn(40, "", "", "", "8")[3])
	rows[3].Words[1].Box.Y = 160
	if _, err := r.rereadCells(t.Context(), g, 300, 1, rows, map[ocrproto.Cell]bool{}); err != nil {
		t.Errorf("a cell not in only was read: %v", err)
	}
	if _, err := r.rereadCells(t.Context(), g, 300, 1, rows, alone); err == nil {
		t.Error("the cells that now stand in a numeric column were not read")
	}
}
