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
	for _, p := range []image.Point{{410, 240}, {480, 335}, {410, 297}} {
		if v := g.GrayAt(p.X, p.Y).Y; v < 190 {
			t.Errorf("seal ink at %v stays %d, want light", p, v)
		}
	}
	// print under the seal and the red word stay dark
	for _, p := range []image.Point{{340, 310}, {410, 310}, {200, 310}, {105, 805}, {105 + 16*4, 805}} {
		if v := g.GrayAt(p.X, p.Y).Y; v > 120 {
			t.Errorf("print at %v lightened to %d", p, v)
		}
	}
}

func TestDropSealsLeavesGrayPages(t *testing.T) {
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
	img := image.NewRGBA(image.Rect(0, 0, 1000, 1400))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for y := 600; y < 615; y++ {
		for x := 100; x < 500; x++ {
			img.SetRGBA(x, y, color.RGBA{15, 15, 15, 255})
		}
	}
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
	for _, p := range []image.Point{{181, 607 + 35}, {244, 607 - 35}} {
		if v := g.GrayAt(p.X, p.Y).Y; v < 190 {
			t.Errorf("signature ink at %v stays %d, want light", p, v)
		}
	}
	for _, p := range []image.Point{{120, 607}, {450, 607}, {104, 905}, {104 + 14*5, 905}} {
		if v := g.GrayAt(p.X, p.Y).Y; v > 120 {
			t.Errorf("print at %v lightened to %d", p, v)
		}
	}
}
