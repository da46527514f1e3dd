package tess

import (
	"image"
	"strings"
	"testing"

	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
	"github.com/labrelay/labrelay/fixtures/scan"
)

// A cell of a photographed page is read on its own paper's grey: the crop's
// white margin once made Otsu take the whole grey cell for ink.
func TestReadCellsOnGreyPaper(t *testing.T) {
	g, err := scan.RenderText([]scan.TextLine{{X: 100, Y: 100, SizePt: 10, Text: "< 1000"}}, 300)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range g.Pix {
		g.Pix[i] = uint8(30 + float64(v)*0.6) // paper 183, ink 30
	}
	ink := inkBox(g, 150)
	if ink.Empty() {
		t.Fatal("no ink rendered")
	}
	e, err := NewEngine([]string{"eng"}, "0")
	if err != nil {
		t.Skip(err)
	}
	defer e.Close()
	pad := ink.Dy() / 4
	cell := ocrproto.Cell{X: ink.Min.X - pad, Y: ink.Min.Y - pad, W: ink.Dx() + 2*pad, H: ink.Dy() + 2*pad}
	blank := ocrproto.Cell{X: 100, Y: 800, W: ink.Dx(), H: ink.Dy()}
	out, err := e.ReadCells(g, 300, []ocrproto.Cell{cell, blank}, "0123456789<>. ", false, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.ReplaceAll(out[0].Text, " ", ""); got != "<1000" || out[0].Conf < 70 {
		t.Errorf("cell on grey paper read %q at %.0f, want \"< 1000\" read with confidence", out[0].Text, out[0].Conf)
	}
	if out[1].Text != "" {
		t.Errorf("blank grey cell read %q, want nothing", out[1].Text)
	}
}

// inkBox is the box of g's pixels darker than t.
func inkBox(g *image.Gray, t uint8) image.Rectangle {
	var r image.Rectangle
	for y := range g.Rect.Dy() {
		for x := range g.Rect.Dx() {
			if g.Pix[y*g.Stride+x] < t {
				r = r.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return r
}

// A grey cell keeps its size and its grey levels, on a margin of its own
// paper: Tesseract thresholds it as it does a page.
func TestGrayCellImage(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 200, 100))
	for i := range g.Pix {
		g.Pix[i] = 200 // paper
	}
	for y := 40; y < 60; y++ {
		for x := 50; x < 150; x++ {
			g.Pix[y*g.Stride+x] = uint8(20 + x%40) // ink of several greys
		}
	}
	cell := ocrproto.Cell{X: 40, Y: 30, W: 120, H: 40}
	out, f := cellImage(g, cell, false, true)
	if f != 1 || out.Rect.Dx() != 120+2*16 || out.Rect.Dy() != 40+2*16 {
		t.Fatalf("grey crop %v at scale %v, want the cell's size and a 16-px margin", out.Rect, f)
	}
	if out.Pix[0] != 200 {
		t.Errorf("margin %d, want the paper's 200", out.Pix[0])
	}
	if v := out.Pix[(16+15)*out.Stride+16+15]; v != uint8(20+(40+15)%40) {
		t.Errorf("ink pixel %d, want its grey kept", v)
	}
	bi, _ := cellImage(g, cell, true, false)
	for _, v := range bi.Pix {
		if v != 0 && v != 255 {
			t.Fatalf("bilevel crop holds grey %d", v)
		}
	}
}
