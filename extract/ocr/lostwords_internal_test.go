package ocr

import (
	"image"
	"image/color"
	"image/draw"
	"os/exec"
	"slices"
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
	"github.com/labrelay/labrelay/fixtures/scan"
	"github.com/labrelay/labrelay/internal/testenv"
)

// inkPage is a white page with dark blocks standing in for glyphs.
func inkPage(blocks ...image.Rectangle) *image.Gray {
	g := image.NewGray(image.Rect(0, 0, 1600, 400))
	draw.Draw(g, g.Rect, image.White, image.Point{}, draw.Src)
	for _, b := range blocks {
		draw.Draw(g, b, image.NewUniform(color.Gray{Y: 20}), image.Point{}, draw.Src)
	}
	return g
}

// letterBlocks are blocks of letter size in x0..x1 on the line at y (32 px).
func letterBlocks(x0, x1, y int) []image.Rectangle {
	var out []image.Rectangle
	for x := x0; x+14 <= x1; x += 20 {
		out = append(out, image.Rect(x, y+4, x+14, y+28))
	}
	return out
}

func TestLostRegions(t *testing.T) {
	caption := tword("Signed by:", 100, 100, 200, 32, 0.95)
	part := tword("Gar", 560, 100, 60, 32, 0.41)
	// a name read in part: its first word lost in the gap, its end
	// after the part read
	var ink []image.Rectangle
	ink = append(ink, letterBlocks(100, 300, 100)...)
	ink = append(ink, letterBlocks(420, 520, 100)...)
	ink = append(ink, letterBlocks(560, 720, 100)...)
	g := inkPage(ink...)
	words := []labrelay.Word{caption, part}
	got := lostRegions(g, words, 32)
	if len(got) != 1 {
		t.Fatalf("regions %v, want one", got)
	}
	r := got[0].box
	if r.Min.X < 300 || r.Min.X > 420 || r.Max.X < 714 || r.Max.X > 760 || r.Min.Y > 100 || r.Max.Y < 132 || r.Dy() > 48 {
		t.Errorf("region %v, want from the caption's end over the lost word to the end of the part's ink, one line high", r)
	}

	// a name lost whole after its line's last word: from the caption's
	// end to the name's
	g = inkPage(append(letterBlocks(100, 300, 100), letterBlocks(360, 600, 100)...)...)
	got = lostRegions(g, []labrelay.Word{caption}, 32)
	if len(got) != 1 || got[0].box.Min.X < 300 || got[0].box.Min.X > 360 || got[0].box.Max.X < 594 || got[0].box.Max.X > 640 {
		t.Errorf("a name lost whole: regions %v, want one from 300 to 594", got)
	}
	// a speck after it is no word it lost
	g = inkPage(append(letterBlocks(100, 300, 100), image.Rect(360, 110, 366, 120))...)
	if got := lostRegions(g, []labrelay.Word{caption}, 32); len(got) != 0 {
		t.Errorf("a speck after the line: regions %v, want none", got)
	}
	// a word lost far off (in another column, under a seal), past a
	// speck, is read alone
	g = inkPage(append(letterBlocks(100, 300, 100), append(letterBlocks(900, 1100, 100), image.Rect(360, 110, 366, 120))...)...)
	got = lostRegions(g, []labrelay.Word{caption}, 32)
	if len(got) != 1 || got[0].box.Min.X < 800 || got[0].box.Min.X > 900 || got[0].box.Max.X < 1094 || got[0].box.Max.X > 1140 || !got[0].far {
		t.Errorf("a word lost far off: regions %v, want one far, from about 900 to 1094", got)
	}
	// far off, a mark narrower than a name is none
	g = inkPage(append(letterBlocks(100, 300, 100), letterBlocks(900, 960, 100)...)...)
	if got := lostRegions(g, []labrelay.Word{caption}, 32); len(got) != 0 {
		t.Errorf("a small mark far off: regions %v, want none", got)
	}

	// the page reading's junk over a seal (a doubtful word three lines
	// tall) is no word of the line: the name under it is still lost
	junk := tword("0", 860, 60, 300, 110, 0.35)
	g = inkPage(append(letterBlocks(100, 300, 100), letterBlocks(900, 1100, 100)...)...)
	got = lostRegions(g, []labrelay.Word{caption, junk}, 32)
	if len(got) != 1 || got[0].box.Min.X < 800 || got[0].box.Max.X < 1094 {
		t.Errorf("a name under junk: regions %v, want one from about 900 to 1094", got)
	}

	// the same gap white, or holding a table rule: nothing lost
	g = inkPage(append(letterBlocks(100, 300, 100), letterBlocks(560, 620, 100)...)...)
	if got := lostRegions(g, words, 32); len(got) != 0 {
		t.Errorf("a white gap: regions %v, want none", got)
	}
	g = inkPage(append(append(letterBlocks(100, 300, 100), letterBlocks(560, 620, 100)...), image.Rect(430, 60, 433, 180))...)
	if got := lostRegions(g, words, 32); len(got) != 0 {
		t.Errorf("a rule in the gap: regions %v, want none", got)
	}
	// ink above and below the line only (a signature's loops) is not a
	// lost word
	g = inkPage(append(append(letterBlocks(100, 300, 100), letterBlocks(560, 620, 100)...), image.Rect(420, 60, 520, 98), image.Rect(420, 134, 520, 170))...)
	if got := lostRegions(g, words, 32); len(got) != 0 {
		t.Errorf("ink off the line: regions %v, want none", got)
	}
}

func TestAddLost(t *testing.T) {
	caption := tword("Signed by:", 100, 100, 200, 32, 0.95)
	part := tword("Gar", 560, 100, 60, 32, 0.41)
	b := image.Rect(310, 96, 730, 136)
	name := []ocrproto.Word{{Text: "Helen Garcia", X: 420, Y: 100, W: 300, H: 32, Conf: 91}}
	got, was := addLost([]labrelay.Word{caption, part}, b, name, lostMinConf)
	if was != "Gar" || len(got) != 2 || got[0] != caption || got[1].Text != "Helen Garcia" {
		t.Fatalf("got %+v (was %q), want the caption kept and the name in place of its part", got, was)
	}
	if got[1].Conf > rereadTextConf {
		t.Errorf("the name kept %.2f, more than a reading the page did not give may (%.2f)", got[1].Conf, rereadTextConf)
	}
	// a signature's strokes read as marks at the line's ends are left out
	marked := []ocrproto.Word{{Text: "\\ Helen Garcia ~", X: 400, Y: 100, W: 340, H: 32, Conf: 91}}
	if got, _ := addLost([]labrelay.Word{caption, part}, b, marked, lostMinConf); len(got) != 2 || got[1].Text != "Helen Garcia" {
		t.Errorf("marks at the ends: got %+v, want Helen Garcia", got)
	}
	for _, c := range []struct {
		why   string
		lines []ocrproto.Word
	}{
		{"an unsure reading (a seal's remnants)", []ocrproto.Word{{Text: "Reali Gard", X: 420, Y: 100, W: 300, H: 32, Conf: 35}}},
		{"no more text than was read", []ocrproto.Word{{Text: "Ga", X: 560, Y: 100, W: 40, H: 32, Conf: 95}}},
		{"two lines: the crop took in another", []ocrproto.Word{name[0], {Text: "Head of Laboratory", X: 420, Y: 140, W: 300, H: 32, Conf: 93}}},
	} {
		if got, _ := addLost([]labrelay.Word{caption, part}, b, c.lines, lostMinConf); len(got) != 2 || got[1] != part {
			t.Errorf("%s: got %+v, want the words kept", c.why, got)
		}
	}
	// a mark read surely as two letters is no word lost
	if got, _ := addLost([]labrelay.Word{caption}, b, []ocrproto.Word{{Text: "an", X: 420, Y: 100, W: 30, H: 32, Conf: 95}}, lostMinConf); len(got) != 1 {
		t.Errorf("a mark read as two letters: got %+v, want nothing added", got)
	}
	// a word read surely that the new reading loses keeps the old
	sure := tword("Kim", 560, 100, 60, 32, 0.93)
	if got, _ := addLost([]labrelay.Word{caption, sure}, b, name, lostMinConf); len(got) != 2 || got[1] != sure {
		t.Errorf("a sure word lost: got %+v, want it kept", got)
	}
}

// TestReadLostWordsWorker: a name the page reading lost whole is read
// again after its caption in a real worker, under the review threshold.
func TestReadLostWordsWorker(t *testing.T) {
	if _, err := exec.LookPath(WorkerName); err != nil {
		testenv.SkipOrFailf(t, "%s not built: %v", WorkerName, err)
	}
	g, err := scan.RenderText([]scan.TextLine{
		{X: 100, Y: 100, SizePt: 10, Text: "Approved by:"},
		{X: 175, Y: 100, SizePt: 10, Text: "Mark Ortega"},
		{X: 100, Y: 114, SizePt: 10, Text: "Senior Chemist"},
	}, 300)
	if err != nil {
		t.Fatal(err)
	}
	r := &Reader{}
	defer r.Close()
	page, err := r.words(t.Context(), g, 300, 1, "")
	if err != nil {
		t.Fatal(err)
	}
	var words []labrelay.Word
	for _, w := range page {
		if w.Text != "Mark" && w.Text != "Ortega" {
			words = append(words, w)
		}
	}
	if len(words) != len(page)-2 {
		t.Fatalf("page read %+v, want the name among its words", page)
	}
	got, err := r.readLostWords(t.Context(), g, 300, 1, words)
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(got, func(w labrelay.Word) bool { return w.Text == "Mark Ortega" })
	if i < 0 {
		t.Fatalf("words %+v, want the lost name read again", got)
	}
	if got[i].Conf > rereadTextConf {
		t.Errorf("the name read again kept %.2f, over %.2f", got[i].Conf, rereadTextConf)
	}
	// the page's own words are left as read
	if len(got) != len(words)+1 {
		t.Errorf("words %+v, want the page's %d and the name", got, len(words))
	}
}
