package pageimage

import (
	"image"
	"image/color"
	"math"
	"testing"
)

// sealPage is a 1000 px wide white page with a black bar of print, a red
// seal's ring (150 px across) laid over the bar as ink is (multiply), and
// a word printed in red: small letters.
func sealPage() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, 1000, 1400))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	set := func(x, y int, c color.RGBA) {
		o := img.RGBAAt(x, y)
		img.SetRGBA(x, y, color.RGBA{uint8(int(o.R) * int(c.R) / 255), uint8(int(o.G) * int(c.G) / 255), uint8(int(o.B) * int(c.B) / 255), 255})
	}
	for y := 300; y < 320; y++ {
		for x := 100; x < 700; x++ {
			set(x, y, color.RGBA{10, 10, 10, 255})
		}
	}
	seal := color.RGBA{215, 70, 80, 255}
	for y := 200; y < 420; y++ {
		for x := 300; x < 520; x++ {
			if d := math.Hypot(float64(x-410), float64(y-310)); d > 66 && d < 75 || d < 15 {
				set(x, y, seal)
			}
		}
	}
	for k := 0; k < 5; k++ { // a red word: five letters 12 px tall
		for y := 800; y < 812; y++ {
			for x := 100 + 16*k; x < 110+16*k; x++ {
				set(x, y, color.RGBA{220, 20, 20, 255})
			}
		}
	}
	return img
}

func TestDropSealsLightensSealNotPrint(t *testing.T) {
	img := sealPage()
	g := ToGray(img)
	if n := inks[0].drop(img, g); n != 1 {
		t.Fatalf("found %d seals, want 1", n)
	}
	// the ring, where it crosses no print, is paper-light in red light
	wantLight(t, g, 190, "seal", []image.Point{{410, 240}, {480, 335}, {410, 297}})
	// print under the seal and the red word stay dark
	wantDark(t, g, 120, []image.Point{{340, 310}, {410, 310}, {200, 310}, {105, 805}, {105 + 16*4, 805}})
}

// TestDropInkTwoSealsOverlapping: a lab's seal and its testing seal
// stamped side by side, overlapping, over print are one red mark wider
// than a seal; both go and the print stays.
func TestDropInkTwoSealsOverlapping(t *testing.T) {
	img, fill := pageRGBA(color.RGBA{255, 255, 255, 255})
	fill(100, 300, 800, 320, color.RGBA{10, 10, 10, 255})
	for _, cx := range []int{410, 530} { // rings 150 px across, 120 apart: a mark 270 px wide
		for y := 200; y < 420; y++ {
			for x := cx - 80; x < cx+80; x++ {
				if d := math.Hypot(float64(x-cx), float64(y-310)); d > 66 && d < 75 {
					if o := img.RGBAAt(x, y); o.R > 100 {
						img.SetRGBA(x, y, color.RGBA{215, 70, 80, 255})
					}
				}
			}
		}
	}
	g := ToGray(img)
	if n := dropInk(img, g); n != 1 {
		t.Fatalf("found %d marks, want the two seals as one", n)
	}
	wantLight(t, g, 190, "seal", []image.Point{{410, 240}, {530, 240}, {530, 380}, {340, 330}})
	wantDark(t, g, 120, []image.Point{{200, 310}, {410, 310}, {530, 310}, {750, 310}})
}

// TestDropInkWashedOutSeal: in a photo under a lamp the paper is gray
// and the seal's red washed out, little chroma for its darkness; it is
// lifted to the paper around it, not by a fixed share of its chroma.
func TestDropInkWashedOutSeal(t *testing.T) {
	img, fill := pageRGBA(color.RGBA{205, 200, 198, 255})
	fill(100, 300, 700, 320, color.RGBA{30, 30, 30, 255})
	for y := 200; y < 420; y++ {
		for x := 300; x < 520; x++ {
			if d := math.Hypot(float64(x-410), float64(y-310)); (d > 66 && d < 75 || d < 15) && (y < 300 || y >= 320) {
				img.SetRGBA(x, y, color.RGBA{180, 118, 122, 255})
			}
		}
	}
	g := ToGray(img)
	if n := dropInk(img, g); n != 1 {
		t.Fatalf("found %d seals, want 1", n)
	}
	wantLight(t, g, 192, "washed-out seal", []image.Point{{410, 240}, {480, 335}, {410, 296}})
	wantDark(t, g, 120, []image.Point{{200, 310}, {410, 310}, {340, 310}})
}

func TestDropInkLeavesGrayPages(t *testing.T) {
	g := ToGray(sealPage())
	want := append([]uint8(nil), g.Pix...)
	if n := inks[0].drop(g, g); n != 0 {
		t.Fatalf("gray page: %d seals", n)
	}
	for i := range want {
		if g.Pix[i] != want[i] {
			t.Fatal("gray page changed")
		}
	}
}

// TestDropInkLiftsSignatureNotBluePrint: a signature in blue ink across a
// line of print goes light; the print, and a word printed in blue, stay.
func TestDropInkLiftsSignatureNotBluePrint(t *testing.T) {
	img, fill := pageRGBA(color.RGBA{255, 255, 255, 255})
	fill(100, 600, 500, 615, color.RGBA{15, 15, 15, 255})
	ink := color.RGBA{25, 40, 120, 255}
	for x := 150; x < 400; x++ { // a wave 250 px wide, 70 px high
		yc := 607 + int(35*math.Sin(float64(x-150)/20))
		for y := yc - 1; y <= yc+1; y++ {
			img.SetRGBA(x, y, ink)
		}
	}
	for k := 0; k < 6; k++ { // a word in blue: six letters 12 px tall
		for y := 900; y < 912; y++ {
			for x := 100 + 14*k; x < 109+14*k; x++ {
				img.SetRGBA(x, y, color.RGBA{20, 40, 160, 255})
			}
		}
	}
	g := ToGray(img)
	if n := dropInk(img, g); n != 1 {
		t.Fatalf("found %d marks, want 1 signature", n)
	}
	// the wave's crests, away from the print: sin = ±1 at x−150 = 20·π/2, 20·3π/2
	wantLight(t, g, 190, "signature", []image.Point{{181, 607 + 35}, {244, 607 - 35}})
	wantDark(t, g, 120, []image.Point{{120, 607}, {450, 607}, {104, 905}, {104 + 14*5, 905}})
}

// grayPage is a 1000 px wide gray scan: paper at 240, a bar of print at
// 20, a seal's ring of ink at 130 over it, and a block of faint print at
// 110 (a blurred copy's numbers, gray captions): eight rows of five short
// words, a block a seal's size.
func grayPage() *image.Gray {
	g := image.NewGray(image.Rect(0, 0, 1000, 1400))
	for i := range g.Pix {
		g.Pix[i] = 240
	}
	for y := 300; y < 320; y++ {
		for x := 100; x < 700; x++ {
			g.Pix[y*1000+x] = 20
		}
	}
	for y := 200; y < 420; y++ {
		for x := 300; x < 520; x++ {
			if d := math.Hypot(float64(x-410), float64(y-310)); d > 66 && d < 75 && g.Pix[y*1000+x] == 240 {
				g.Pix[y*1000+x] = 130
			}
		}
	}
	for row := 0; row < 8; row++ {
		for k := 0; k < 5; k++ {
			for y := 700 + 14*row; y < 709+14*row; y++ {
				for x := 800 + 22*k; x < 814+22*k; x++ {
					g.Pix[y*1000+x] = 110
				}
			}
		}
	}
	return g
}

func TestDropGraySeals(t *testing.T) {
	g := grayPage()
	if n := dropGraySeals(g); n != 1 {
		t.Fatalf("found %d seals, want 1", n)
	}
	wantLight(t, g, 200, "seal", []image.Point{{410, 240}, {480, 335}, {410, 379}})
	wantDark(t, g, 120, []image.Point{{340, 310}, {200, 310}, {805, 705}, {805 + 88, 705 + 14*7}})
}

// TestDropGrayTwoSeals: two seals stamped overlapping on a gray page are
// one mark no seal's shape; both rings in it go, the print stays.
func TestDropGrayTwoSeals(t *testing.T) {
	g, box := paperGray()
	box(100, 300, 700, 20, 20)
	for _, cx := range []int{410, 530} {
		for y := 200; y < 420; y++ {
			for x := cx - 80; x < cx+80; x++ {
				if d := math.Hypot(float64(x-cx), float64(y-310)); d > 66 && d < 75 && g.Pix[y*1000+x] == 240 {
					g.Pix[y*1000+x] = 130
				}
			}
		}
	}
	if n := dropGraySeals(g); n != 2 {
		t.Fatalf("found %d seals, want 2", n)
	}
	wantLight(t, g, 200, "seal", []image.Point{{410, 240}, {530, 240}, {530, 380}, {340, 330}, {600, 330}})
	wantDark(t, g, 120, []image.Point{{200, 310}, {410, 310}, {530, 310}, {750, 310}})
}

// TestDropGraySealsKeepsGrayCaptions: captions printed in gray over black
// values (a header block of captions above values), in a block a seal's
// size, are print.
func TestDropGraySealsKeepsGrayCaptions(t *testing.T) {
	g, box := paperGray()
	for row := 0; row < 3; row++ {
		for col := 0; col < 2; col++ {
			x, y := 100+130*col, 100+80*row
			for k := 0; k < 3; k++ {
				box(x+28*k, y, 22, 10, 100) // caption letters
			}
			box(x, y+30, 90, 16, 20) // the value
		}
	}
	want := append([]uint8(nil), g.Pix...)
	if n := dropGraySeals(g); n != 0 {
		t.Fatalf("found %d seals in gray captions", n)
	}
	for i := range want {
		if g.Pix[i] != want[i] {
			t.Fatalf("pixel %d changed", i)
		}
	}
}

// TestRingLikeWantsRimAllRound: a ring is a seal, the same ring with 40%
// of its rim missing (marks that happen to lie on an arc) is not.
func TestRingLikeWantsRimAllRound(t *testing.T) {
	const bw = 100
	ring := func(gap float64) []bool {
		m := make([]bool, bw*bw)
		for y := 0; y < bw; y++ {
			for x := 0; x < bw; x++ {
				dx, dy := float64(x)+0.5-50, float64(y)+0.5-50
				a := math.Atan2(dy, dx) + math.Pi // 0..2π
				if d := math.Hypot(dx, dy); d > 45 && d < 50 && a >= gap*2*math.Pi {
					m[y*bw+x] = true
				}
			}
		}
		return m
	}
	r := image.Rect(0, 0, bw, bw)
	if !ringLike(ring(0), bw, r) {
		t.Error("a whole ring is not ring-like")
	}
	if ringLike(ring(0.4), bw, r) {
		t.Error("a ring with 40% of its rim missing is ring-like")
	}
}

// TestDropInkKeepsColourLogos: an accreditation mark printed in colour,
// a seal's or a signature's size but filled (a blue block with white
// letters, a red disc), is print: it and the number printed in its colour
// under it stay dark.
func TestDropInkKeepsColourLogos(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 1000, 1400))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	blue, red := color.RGBA{20, 60, 170, 255}, color.RGBA{210, 30, 40, 255}
	for y := 200; y < 300; y++ { // a blue block 150 × 100 px, white letters in it
		for x := 100; x < 250; x++ {
			if y < 230 || y > 260 || (x-110)%24 > 14 {
				img.SetRGBA(x, y, blue)
			}
		}
	}
	for y := 305; y < 317; y++ { // its number under it, in blue
		for x := 110; x < 240; x++ {
			if (x-110)%14 < 9 {
				img.SetRGBA(x, y, blue)
			}
		}
	}
	for y := 600; y < 760; y++ { // a red disc 150 px across
		for x := 500; x < 660; x++ {
			if math.Hypot(float64(x-580), float64(y-680)) < 75 {
				img.SetRGBA(x, y, red)
			}
		}
	}
	g := ToGray(img)
	if n := dropInk(img, g); n != 0 {
		t.Errorf("found %d marks in two logos, want none", n)
	}
	for _, p := range []image.Point{{105, 205}, {130, 310}, {580, 680}, {540, 700}} {
		if v := g.GrayAt(p.X, p.Y).Y; v > 130 {
			t.Errorf("logo at %v lightened to %d", p, v)
		}
	}
}

// TestDropGraySealAmongGrayCaptions: a seal stamped over a column of
// captions printed in gray (small gray words over black values) joins
// them into one gray mark no seal's shape; the ring in it is found and
// the seal goes, the values under it stay, and the captions outside it.
func TestDropGraySealAmongGrayCaptions(t *testing.T) {
	g, box := paperGray()
	for row := 0; row < 8; row++ { // captions and values, 60 px a pair
		y := 100 + 60*row
		for k := 0; k < 4; k++ {
			box(40+16*k, y, 12, 10, 120) // a gray caption's letters
		}
		box(44, y+22, 160, 16, 20) // its value in black
	}
	for y := 150; y < 450; y++ { // a ring 150 px across over them, at (110, 300)
		for x := 20; x < 260; x++ {
			if d := math.Hypot(float64(x-110), float64(y-300)); d > 66 && d < 75 && g.Pix[y*1000+x] == 240 {
				g.Pix[y*1000+x] = 130
			}
		}
	}
	if n := dropGraySeals(g); n != 1 {
		t.Fatalf("found %d seals, want 1", n)
	}
	wantLight(t, g, 200, "seal", []image.Point{{110, 229}, {181, 280}, {160, 349}, {39, 300}})
	wantDark(t, g, 130, []image.Point{{100, 100 + 60*3 + 30}, {50, 105}, {50, 100 + 60*7 + 5}})
}

// TestDropGraySealOverGrayBlur: a crisp ring, inked all round and clear
// outside, holding middle gray in its middle (a low-resolution scan's
// blur of the print under it), is a seal all the same.
func TestDropGraySealOverGrayBlur(t *testing.T) {
	g, _ := paperGray()
	for y := 200; y < 420; y++ {
		for x := 300; x < 520; x++ {
			d := math.Hypot(float64(x-410), float64(y-310))
			switch {
			case d > 66 && d < 75:
				g.Pix[y*1000+x] = 150 // the ring
			case d < 48 && (y/6)%2 == 0:
				g.Pix[y*1000+x] = 170 // rows of gray blur inside it
			}
		}
	}
	for y := 500; y < 520; y++ { // a gray caption column beside it joins the mark
		for x := 300; x < 700; x++ {
			g.Pix[y*1000+x] = 140
		}
	}
	for x := 400; x < 420; x++ {
		for y := 380; y < 500; y++ {
			g.Pix[y*1000+x] = 140
		}
	}
	if n := dropGraySeals(g); n != 1 {
		t.Fatalf("found %d seals, want 1", n)
	}
	if v := g.GrayAt(410, 240).Y; v < 200 {
		t.Errorf("seal ink stays %d, want paper", v)
	}
	if v := g.GrayAt(650, 510).Y; v > 150 {
		t.Errorf("gray print outside the seal lightened to %d", v)
	}
}

// pageRGBA is a 1000 × 1400 colour page of paper and a function that
// fills a box of it (x0, y0 to x1, y1) with a colour.
func pageRGBA(paper color.RGBA) (*image.RGBA, func(x0, y0, x1, y1 int, c color.RGBA)) {
	img := image.NewRGBA(image.Rect(0, 0, 1000, 1400))
	fill := func(x0, y0, x1, y1 int, c color.RGBA) {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				img.SetRGBA(x, y, c)
			}
		}
	}
	fill(0, 0, 1000, 1400, paper)
	return img, fill
}

// paperGray is a 1000 × 1400 gray page of paper at 240 and a function
// that fills a box of it with a tone.
func paperGray() (*image.Gray, func(x0, y0, w, h int, v uint8)) {
	g := image.NewGray(image.Rect(0, 0, 1000, 1400))
	for i := range g.Pix {
		g.Pix[i] = 240
	}
	return g, func(x0, y0, w, h int, v uint8) {
		for y := y0; y < y0+h; y++ {
			for x := x0; x < x0+w; x++ {
				g.Pix[y*1000+x] = v
			}
		}
	}
}

// wantLight fails for each point of g darker than least: what's ink
// there must be gone.
func wantLight(t *testing.T, g *image.Gray, least uint8, what string, pts []image.Point) {
	t.Helper()
	for _, p := range pts {
		if v := g.GrayAt(p.X, p.Y).Y; v < least {
			t.Errorf("%s ink at %v stays %d, want light", what, p, v)
		}
	}
}

// wantDark fails for each point of g lighter than most: print there
// must stay.
func wantDark(t *testing.T, g *image.Gray, most uint8, pts []image.Point) {
	t.Helper()
	for _, p := range pts {
		if v := g.GrayAt(p.X, p.Y).Y; v > most {
			t.Errorf("print at %v lightened to %d", p, v)
		}
	}
}
