package ocr

import (
	"image"
	"os/exec"
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
	"github.com/labrelay/labrelay/extract/pageimage"
	"github.com/labrelay/labrelay/fixtures/scan"
	"github.com/labrelay/labrelay/internal/testenv"
)

func tword(text string, x, y, w, h, conf float64) labrelay.Word {
	return labrelay.Word{Text: text, Box: labrelay.Box{X: x, Y: y, W: w, H: h}, Conf: conf}
}

func TestReplaceIn(t *testing.T) {
	nonsense := tword("niagara sini lies", 100, 100, 400, 62, 0.11)
	beside := tword("N.D.", 20, 115, 50, 30, 0.93)
	b := image.Rect(90, 90, 520, 170)
	two := []ocrproto.Word{
		{Text: "EN 13130-23:2005 / UV-VIS", X: 100, Y: 100, W: 380, H: 30, Conf: 90},
		{Text: "spectrophotometry", X: 100, Y: 134, W: 300, H: 30, Conf: 88},
	}
	got, was := replaceIn([]labrelay.Word{beside, nonsense}, b, two, 32, nil)
	if was != nonsense.Text || len(got) != 3 || got[0] != beside || got[1].Text != two[0].Text || got[2].Text != two[1].Text {
		t.Fatalf("got %+v (was %q), want N.D. kept and the two lines in place of the nonsense", got, was)
	}
	for _, w := range got[1:] {
		if w.Conf > rereadTextConf {
			t.Errorf("%q kept %.2f, more than a changed reading may (%.2f)", w.Text, w.Conf, rereadTextConf)
		}
	}
	// three lines cannot be in a box two lines tall: the crop took in a
	// neighbouring line
	three := append(append([]ocrproto.Word(nil), two...), ocrproto.Word{Text: "Formaldehyde", X: 100, Y: 168, W: 200, H: 30, Conf: 95})
	if got, _ := replaceIn([]labrelay.Word{nonsense}, b, three, 32, nil); len(got) != 1 || got[0] != nonsense {
		t.Errorf("three lines for a two-line word: got %+v, want it kept", got)
	}
	// a reading hardly surer is no reason to change
	weak := []ocrproto.Word{{Text: "EN 13130", X: 100, Y: 100, W: 380, H: 30, Conf: 20}}
	if got, _ := replaceIn([]labrelay.Word{nonsense}, b, weak, 32, nil); len(got) != 1 || got[0] != nonsense {
		t.Errorf("a weak reading: got %+v, want the word kept", got)
	}
	// a crop that lost a word read with confidence (a cell spanning two
	// columns where a photo lost a rule) read worse
	sure := tword("EN 1186-9:2002", 300, 100, 200, 30, 0.91)
	doubt := tword("Overall migration", 100, 100, 180, 30, 0.23)
	if got, _ := replaceIn([]labrelay.Word{doubt, sure}, b, []ocrproto.Word{{Text: "ee", X: 100, Y: 100, W: 40, H: 30, Conf: 60}}, 32, nil); len(got) != 2 {
		t.Errorf("a reading that loses a sure word: got %+v, want both kept", got)
	}
	// a sure word that is a broken reading of a word read again is no
	// word lost
	broken := tword("Pyroy", 100, 140, 100, 30, 0.89)
	lines := []ocrproto.Word{
		{Text: "IEC 62321-8:2017 GC-MS", X: 100, Y: 100, W: 380, H: 30, Conf: 91},
		{Text: "(pyrolysis)", X: 100, Y: 134, W: 180, H: 30, Conf: 91},
	}
	if got, _ := replaceIn([]labrelay.Word{nonsense, broken}, b, lines, 32, nil); len(got) != 2 || got[1].Text != "(pyrolysis)" {
		t.Errorf("a broken sure word: got %+v, want the two lines read again", got)
	}
	if got, _ := replaceIn([]labrelay.Word{nonsense, tword("Pyrex", 100, 140, 100, 30, 0.89)}, b, lines, 32, nil); len(got) != 2 || got[1].Text != "Pyrex" {
		t.Errorf("a sure word not in the new reading: got %+v, want both kept", got)
	}
	// ruling read as bars is no reading
	if got, _ := replaceIn([]labrelay.Word{doubt}, b, []ocrproto.Word{{Text: "| |", X: 100, Y: 100, W: 40, H: 30, Conf: 70}}, 32, nil); len(got) != 1 || got[0] != doubt {
		t.Errorf("bars for a word: got %+v, want it kept", got)
	}
	// a limit's sign read again as a digit ("<=15" as "215") is no better
	// reading
	limit := tword("<=15", 100, 100, 80, 30, 0.2)
	if got, _ := replaceIn([]labrelay.Word{limit}, b, []ocrproto.Word{{Text: "215", X: 100, Y: 100, W: 80, H: 30, Conf: 48}}, 32, nil); len(got) != 1 || got[0] != limit {
		t.Errorf("a sign lost to a digit: got %+v, want the limit kept", got)
	}
	// the same text again raises its confidence
	same := []ocrproto.Word{{Text: "Overall migration", X: 100, Y: 100, W: 180, H: 30, Conf: 90}}
	if got, _ := replaceIn([]labrelay.Word{doubt}, b, same, 32, nil); len(got) != 1 || got[0].Conf != 0.9 {
		t.Errorf("the same reading: got %+v, want it at 0.90", got)
	}
}

func TestSuspectRegions(t *testing.T) {
	words := []labrelay.Word{
		tword("Lead", 100, 100, 60, 30, 0.95),
		tword("[EC", 300, 100, 50, 30, 0.56),
		tword("623<1", 360, 100, 80, 30, 0.47),
		tword("Cr(VI)", 1000, 100, 80, 30, 0.2),
		tword("合格", 100, 300, 60, 30, 0.97),
	}
	got := suspectRegions(append(words, tword("人", 1500, 300, 30, 30, 0.1)), pageimage.Rulings{}, 30)
	if len(got) != 2 || !image.Rect(300, 100, 440, 130).In(got[0].box) || !image.Rect(1000, 100, 1080, 130).In(got[1].box) || got[0].box.Overlaps(got[1].box) || got[0].plain != got[0].box {
		t.Errorf("regions %v, want the two doubtful neighbours together and Cr(VI) alone", got)
	}
	// one glyph as wide as a word is read again with its neighbours, and
	// they alone are the region's plain part (the glyph may be leader
	// dots, "FAGUOLY 让")
	got = suspectRegions([]labrelay.Word{tword("FAGUOLY", 1000, 300, 140, 30, 0.13), tword("让", 1150, 300, 300, 30, 0.1)}, pageimage.Rulings{}, 30)
	if len(got) != 1 || !image.Rect(1000, 300, 1450, 330).In(got[0].box) || got[0].plain.Max.X >= 1150 || !image.Rect(1000, 300, 1140, 330).In(got[0].plain) {
		t.Errorf("a wide glyph outside a cell: regions %+v, want one with the word alone as its plain part", got)
	}
	// in a ruled cell the region is the cell, inside its rules
	rl := pageimage.Rulings{
		H: []pageimage.Segment{{X0: 0, Y0: 80, X1: 1200, Y1: 80, Thick: 2}, {X0: 0, Y0: 180, X1: 1200, Y1: 180, Thick: 2}},
		V: []pageimage.Segment{{X0: 280, Y0: 80, X1: 280, Y1: 180, Thick: 2}, {X0: 700, Y0: 80, X1: 700, Y1: 180, Thick: 2}},
	}
	got = suspectRegions(words[1:3], rl, 30)
	if want := image.Rect(280, 80, 700, 180).Inset(cellInset); len(got) != 1 || got[0].box != want {
		t.Errorf("ruled: regions %v, want %v", got, want)
	}
	if got := suspectRegions([]labrelay.Word{tword("人", 300, 110, 200, 30, 0.1)}, rl, 30); len(got) != 1 {
		t.Errorf("a wide glyph in a cell: regions %v, want its cell", got)
	}
	// a word run over a column rule is read in the cell of its centre
	rl.V = append(rl.V, pageimage.Segment{X0: 1200, Y0: 80, X1: 1200, Y1: 180, Thick: 2})
	got = suspectRegions([]labrelay.Word{tword("te", 650, 110, 200, 30, 0.06)}, rl, 30)
	if want := image.Rect(700, 80, 1200, 180).Inset(cellInset); len(got) != 1 || got[0].box != want {
		t.Errorf("over a rule: regions %v, want %v", got, want)
	}
}

// readBlock renders lines on a page and reads cell of it as a block in a
// real worker (readBoxes sends the cell's part of the page only; the
// lines come back in page pixels).
func readBlock(t *testing.T, lines []scan.TextLine, cell ocrproto.Cell) []ocrproto.Word {
	t.Helper()
	if _, err := exec.LookPath(WorkerName); err != nil {
		testenv.SkipOrFailf(t, "%s not built: %v", WorkerName, err)
	}
	g, err := scan.RenderText(lines, 300)
	if err != nil {
		t.Fatal(err)
	}
	r := &Reader{}
	defer r.Close()
	cells, err := r.readBoxes(t.Context(), g, 300, 1, ocrproto.Request{Block: true}, []ocrproto.Cell{cell})
	if err != nil {
		t.Fatal(err)
	}
	if len(cells) != 1 {
		t.Fatalf("read %+v, want one cell", cells)
	}
	return cells[0].Lines
}

// TestBlockWorker reads a two-line cell as a block in a real worker: both
// lines come back, each with its own box on the page.
func TestBlockWorker(t *testing.T) {
	lines := []scan.TextLine{
		{X: 100, Y: 100, SizePt: 10, Text: "Potassium permanganate"},
		{X: 100, Y: 114, SizePt: 10, Text: "consumption"},
	}
	ls := readBlock(t, lines, ocrproto.Cell{X: 380, Y: 360, W: 1100, H: 160})
	if len(ls) != 2 {
		t.Fatalf("read %+v, want two lines", ls)
	}
	l0, l1 := ls[0], ls[1]
	if l0.Text != lines[0].Text || l1.Text != lines[1].Text {
		t.Errorf("lines %q, %q, want %q, %q", l0.Text, l1.Text, lines[0].Text, lines[1].Text)
	}
	// 100 pt and 114 pt at 300 dpi: the lines' boxes on the page
	if l0.Y < 360 || l0.Y+l0.H > l1.Y || l1.Y > 114*300/72 || l0.X < 380 || l0.X > 440 {
		t.Errorf("boxes %+v and %+v not where the lines were printed", l0, l1)
	}
}

// TestBlockWorkerCells reads a line of two cells of an unruled table as a
// block: the cells come back apart, as the page reading gives them, on
// one line.
func TestBlockWorkerCells(t *testing.T) {
	ls := readBlock(t, []scan.TextLine{
		{X: 100, Y: 100, SizePt: 10, Text: "mg/kg"},
		{X: 200, Y: 100, SizePt: 10, Text: "Pass"},
	}, ocrproto.Cell{X: 380, Y: 360, W: 600, H: 80})
	if len(ls) != 2 || ls[0].Text != "mg/kg" || ls[1].Text != "Pass" || ls[1].X < 200*300/72-10 || lineCount(ls) != 1 {
		t.Errorf("cells %+v, want mg/kg and Pass apart on one line", ls)
	}
}

// A two-line name the page reading took for one line of nonsense ("pes
// eed" for "Sum of PBDEs" / "(PBDEs)") and the crop read back no surer by
// Tesseract's count is read again all the same when every word of the new
// reading is a word the page reads surely elsewhere (the methods table's
// "Sum of PBDEs (PBDEs)"); a word the page never reads keeps the old.
func TestReplaceInPageWords(t *testing.T) {
	nonsense := tword("pes eed", 100, 124, 300, 28, 0.25)
	heading := tword("Halogens", 100, 190, 160, 30, 0.93)
	b := image.Rect(90, 90, 520, 230)
	lines := []ocrproto.Word{
		{Text: "Sum of PBDEs.", X: 100, Y: 100, W: 250, H: 42, Conf: 22},
		{Text: "(PBDEs)", X: 100, Y: 147, W: 150, H: 33, Conf: 60},
		{Text: "Halogens", X: 100, Y: 190, W: 160, H: 30, Conf: 93},
	}
	sure := pageTokens([]labrelay.Word{tword("Sum of PBDEs (PBDEs)", 100, 900, 400, 30, 0.96), heading, nonsense})
	got, _ := replaceIn([]labrelay.Word{nonsense, heading}, b, lines, 32, sure)
	if len(got) != 3 || got[0].Text != "Sum of PBDEs." || got[1].Text != "(PBDEs)" || got[2].Text != "Halogens" {
		t.Fatalf("got %+v, want the three lines read again", got)
	}
	for _, w := range got {
		if w.Conf > rereadTextConf {
			t.Errorf("%q kept %.2f, more than a changed reading may (%.2f)", w.Text, w.Conf, rereadTextConf)
		}
	}
	lines[1].Text = "(PBDEz)"
	if got, _ := replaceIn([]labrelay.Word{nonsense, heading}, b, lines, 32, sure); len(got) != 2 || got[0] != nonsense {
		t.Errorf("a word the page never reads: got %+v, want the old reading kept", got)
	}
	// numbers the page prints elsewhere say nothing of this cell
	sure = pageTokens([]labrelay.Word{tword("100 1000 0.01", 100, 900, 400, 30, 0.96)})
	num := []ocrproto.Word{{Text: "100 1000", X: 100, Y: 100, W: 250, H: 30, Conf: 30}}
	if got, _ := replaceIn([]labrelay.Word{nonsense}, b, num, 32, sure); len(got) != 1 || got[0] != nonsense {
		t.Errorf("a reading of numbers alone: got %+v, want the old reading kept", got)
	}
}
