package ocr

import (
	"image"
	"testing"

	"github.com/labrelay/labrelay"
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
	row := func(y float64, mdl bool) labrelay.Row {
		ws := []labrelay.Word{word("Lead", 10, y, 60, 20), word("<2", 200, y, 30, 20)}
		if mdl {
			ws = append(ws, word("2", 301, y, 10, 20))
		}
		return labrelay.Row{Words: ws}
	}
	rows := []labrelay.Row{row(40, true), row(80, false), row(120, true)}
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
