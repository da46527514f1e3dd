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
	if n := dropSeals(img, g); n != 1 {
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
	if n := dropSeals(g, g); n != 0 {
		t.Fatalf("gray page: %d seals", n)
	}
	for i := range want {
		if g.Pix[i] != want[i] {
			t.Fatal("gray page changed")
		}
	}
}
