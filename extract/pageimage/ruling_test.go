package pageimage_test

import (
	"image"
	"math/rand/v2"
	"testing"

	"github.com/labrelay/labrelay/extract/pageimage"
)

// ruledPage draws, on a noisy 300-dpi page, a table of 3 columns and 4
// rows (rules 3 px thick, the vertical ones a little off vertical, as a
// deskewed scan leaves them), glyph-like strokes inside its cells and a
// tall bold "l" and an underline-length dash outside it.
func ruledPage() (*image.Gray, []int, []int) {
	g := image.NewGray(image.Rect(0, 0, 1600, 1400))
	r := rand.New(rand.NewPCG(1, 2))
	for i := range g.Pix {
		g.Pix[i] = uint8(225 + r.IntN(30))
	}
	ink := func(x0, y0, x1, y1 int) {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				g.Pix[y*g.Stride+x] = uint8(20 + r.IntN(40))
			}
		}
	}
	xs, ys := []int{200, 600, 900, 1400}, []int{300, 380, 450, 520, 590}
	for _, y := range ys {
		ink(xs[0], y, xs[3]+3, y+3)
	}
	for _, x := range xs {
		for y := ys[0]; y < ys[4]+3; y++ {
			dx := (y - ys[0]) / 150 // 0.4° off vertical
			ink(x+dx, y, x+dx+3, y+1)
		}
	}
	for i := range 3 { // "glyphs": stems 30 px tall in each cell
		for j := range 4 {
			for k := range 5 {
				x := xs[i] + 30 + k*25
				ink(x, ys[j]+25, x+4, ys[j]+55)
			}
		}
	}
	ink(300, 900, 309, 960) // a 16-pt bold "l": 60 px, free-standing
	ink(300, 1100, 360, 1104)
	return g, xs, ys
}

func TestFindRulings(t *testing.T) {
	g, xs, ys := ruledPage()
	rl := pageimage.FindRulings(g)
	if len(rl.H) != len(ys) || len(rl.V) != len(xs) {
		t.Fatalf("found %d horizontal and %d vertical rules, want %d and %d: %+v", len(rl.H), len(rl.V), len(ys), len(xs), rl)
	}
	c, ok := rl.CellOf(700, 400)
	if !ok || abs(c.Min.X-601) > 3 || abs(c.Max.X-901) > 3 || abs(c.Min.Y-381) > 3 || abs(c.Max.Y-451) > 3 {
		t.Errorf("cell around (700, 400) = %v, %v; want about (601,381)-(901,451)", c, ok)
	}
	if c, ok := rl.CellOf(304, 930); ok {
		t.Errorf("the free-standing stroke at (304, 930) is in cell %v", c)
	}
	if c, ok := rl.CellOf(700, 200); ok {
		t.Errorf("a point above the table is in cell %v", c)
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// A scan's rules come out 5 pixels thick; the vertical ones are found as
// the 3-pixel ones are, so that the cells they close are found too.
func TestFindRulingsFivePixelRules(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 1600, 1000))
	for i := range g.Pix {
		g.Pix[i] = 245
	}
	ink := func(x0, y0, x1, y1 int) {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				g.Pix[y*g.Stride+x] = 90
			}
		}
	}
	xs, ys := []int{200, 700, 1300}, []int{300, 380, 460, 540}
	for _, y := range ys {
		ink(xs[0], y, xs[2]+5, y+5)
	}
	for _, x := range xs {
		ink(x, ys[0], x+5, ys[3]+5)
	}
	rl := pageimage.FindRulings(g)
	if len(rl.V) != len(xs) {
		t.Fatalf("found %d vertical rules, want %d: %+v", len(rl.V), len(xs), rl.V)
	}
	if c, ok := rl.CellOf(400, 420); !ok || abs(c.Min.X-202) > 3 || abs(c.Max.X-702) > 3 {
		t.Errorf("cell around (400, 420) = %v, %v; want from x 202 to 702", c, ok)
	}
}
