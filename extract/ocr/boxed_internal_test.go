package ocr

import (
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/fixtures/scan"
)

// frame draws a box's four edges (3 px) on g; filled fills it.
func frame(g *image.Gray, r image.Rectangle, filled bool) {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if filled || y < r.Min.Y+3 || y >= r.Max.Y-3 || x < r.Min.X+3 || x >= r.Max.X-3 {
				g.SetGray(x, y, color.Gray{})
			}
		}
	}
}

// A short line in a ruled box that the page reading left without a word
// is found and read on its own, under rereadTextConf; a box holding a
// word, or a filled one (a logo), is not read again.
func TestReadLostBoxes(t *testing.T) {
	g, err := scan.RenderText([]scan.TextLine{{X: 400, Y: 100, SizePt: 9, Text: "IAS TL-176"}, {X: 60, Y: 200, SizePt: 9, Text: "Report No. RT-2024-0117"}}, 300)
	if err != nil {
		t.Fatal(err)
	}
	// 9 pt is 37 px at 300 dpi; the box stands clear of the line by 25 px
	text := inkBox(g.SubImage(image.Rect(0, 300, g.Rect.Dx(), 460)).(*image.Gray))
	box := image.Rect(int(text.X)-30, int(text.Y)-25, int(text.X+text.W)+30, int(text.Y+text.H)+25)
	frame(g, box, false)
	logo := image.Rect(200, 1000, 500, 1070)
	frame(g, logo, true)
	lineH := 37.0
	words := []labrelay.Word{{Text: "Report No. RT-2024-0117", Box: labrelay.Box{X: 250, Y: 800, W: 900, H: lineH}, Conf: 0.95}}
	if got := lostBoxes(g, words, lineH); len(got) != 1 || !got[0].In(box) {
		t.Fatalf("lost boxes %v, want one inside %v", got, box)
	}
	inside := append(words, labrelay.Word{Text: "IAS", Box: text, Conf: 0.9})
	if got := lostBoxes(g, inside, lineH); len(got) != 0 {
		t.Errorf("a box holding a word: lost boxes %v", got)
	}
	dark := image.NewGray(image.Rect(0, 0, 2480, 3508))
	frame(dark, image.Rect(100, 100, 2400, 3400), true)
	if got := lostBoxes(dark, nil, lineH); len(got) != 0 {
		t.Errorf("a dark page: lost boxes %v", got)
	}
	r := &Reader{}
	defer r.Close()
	out, err := r.readLostBoxes(t.Context(), g, 300, 1, words)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 2 || !strings.Contains(out[1].Text, "TL-176") || out[1].Conf > rereadTextConf {
		t.Errorf("read %+v, want the box's line under %.2f", out[len(out)-1], rereadTextConf)
	}
}
