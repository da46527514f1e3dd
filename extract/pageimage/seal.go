package pageimage

import "image"

// Seals and signatures. A lab stamps its report with a round red seal,
// often over the issue date and the signatory's name, and signs it in
// ink over or by the name; in luma both are as dark as print, and OCR
// reads the print under them as junk. On a colour page their ink is
// lightened, only inside a mark of their size and colour: print in red or
// blue, whose letters are small marks, is read as it is.

// inkBlock is the side in pixels of the cells an ink mask is built on.
const inkBlock = 4

// An ink is a colour of ink laid over print and the size of its marks.
// Sizes are shares of the page width (A4: 0.01 is 2.1 mm).
type ink struct {
	name string
	// chroma is how far a pixel leans to the ink's colour (Cr − 128 for
	// red, Cb − 128 for blue; 0–127); warm paper under a lamp stays well
	// under min.
	chroma func(img image.Image) func(x, y int) int
	min    int
	bridge float64 // cells this far apart join (print crossing a mark cuts it)
	// a mark's width and height bounds
	wMin, wMax, hMin, hMax float64
	gain                   int // per mille of chroma added to luma
}

var inks = []ink{
	// a round seal 20–45 mm across; back to its red channel's value (a
	// drop-out filter: red ink is light in red light, print stays dark).
	{name: "seal", chroma: redness, min: 28, bridge: 0.025, wMin: 0.09, wMax: 0.23, hMin: 0.09, hMax: 0.23, gain: 1402},
	// a signature 15–85 mm wide, 5–25 mm high, in one stroke or few:
	// blue ink is dark in every channel, so it is lifted well past its
	// blue channel's value.
	{name: "signature", chroma: blueness, min: 28, bridge: 0.007, wMin: 0.07, wMax: 0.40, hMin: 0.025, hMax: 0.12, gain: 4400},
}

// dropInk lightens the seals and signatures in g, the gray of img, and
// returns how many marks it found. img must be the colour image g was
// made from (same size, origin at Min).
func dropInk(img image.Image, g *image.Gray) int {
	n := 0
	for _, k := range inks {
		n += k.drop(img, g)
	}
	return n
}

func (k ink) drop(img image.Image, g *image.Gray) int {
	c := k.chroma(img)
	if c == nil {
		return 0
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	bw, bh := (w+inkBlock-1)/inkBlock, (h+inkBlock-1)/inkBlock
	mask := make([]bool, bw*bh)
	any := false
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if c(x, y) > k.min {
				mask[(y/inkBlock)*bw+x/inkBlock] = true
				any = true
			}
		}
	}
	if !any {
		return 0
	}
	n := 0
	for _, r := range blobs(mask, bw, bh, int(k.bridge*float64(w)/inkBlock+0.5)) {
		sw, sh := float64(r.Dx()*inkBlock)/float64(w), float64(r.Dy()*inkBlock)/float64(w)
		if sw < k.wMin || sh < k.hMin || sw > k.wMax || sh > k.hMax {
			continue
		}
		n++
		r = image.Rect(r.Min.X*inkBlock-inkBlock, r.Min.Y*inkBlock-inkBlock, r.Max.X*inkBlock+inkBlock, r.Max.Y*inkBlock+inkBlock).Intersect(image.Rect(0, 0, w, h))
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				d := c(x, y)
				if d <= k.min/2 {
					continue
				}
				i := y*g.Stride + x
				g.Pix[i] = uint8(min(255, int(g.Pix[i])+d*k.gain/1000))
			}
		}
	}
	return n
}

// redness returns a pixel's red difference (Cr − 128, clipped at 0) for
// the colour images Go decodes pages to, or nil for gray ones.
func redness(img image.Image) func(x, y int) int {
	b := img.Bounds()
	switch src := img.(type) {
	case *image.YCbCr:
		return func(x, y int) int { return max(0, int(src.Cr[src.COffset(b.Min.X+x, b.Min.Y+y)])-128) }
	case *image.RGBA:
		return func(x, y int) int { return rgbChroma(src.Pix[src.PixOffset(b.Min.X+x, b.Min.Y+y):], 500, -419, -81) }
	case *image.NRGBA:
		return func(x, y int) int { return rgbChroma(src.Pix[src.PixOffset(b.Min.X+x, b.Min.Y+y):], 500, -419, -81) }
	}
	return nil
}

// blueness is redness for the blue difference (Cb − 128).
func blueness(img image.Image) func(x, y int) int {
	b := img.Bounds()
	switch src := img.(type) {
	case *image.YCbCr:
		return func(x, y int) int { return max(0, int(src.Cb[src.COffset(b.Min.X+x, b.Min.Y+y)])-128) }
	case *image.RGBA:
		return func(x, y int) int { return rgbChroma(src.Pix[src.PixOffset(b.Min.X+x, b.Min.Y+y):], -169, -331, 500) }
	case *image.NRGBA:
		return func(x, y int) int { return rgbChroma(src.Pix[src.PixOffset(b.Min.X+x, b.Min.Y+y):], -169, -331, 500) }
	}
	return nil
}

// rgbChroma is a chroma difference of an RGB pixel, per mille weights.
func rgbChroma(p []uint8, wr, wg, wb int) int {
	return max(0, (wr*int(p[0])+wg*int(p[1])+wb*int(p[2]))/1000)
}

// blobs returns the bounding boxes of the groups of true cells of mask
// (bw × bh) that lie within k cells of each other.
func blobs(mask []bool, bw, bh, k int) []image.Rectangle {
	k = max(k, 1)
	seen := make([]bool, len(mask))
	var out []image.Rectangle
	var stack []int
	for start, on := range mask {
		if !on || seen[start] {
			continue
		}
		r := image.Rect(start%bw, start/bw, start%bw+1, start/bw+1)
		seen[start] = true
		stack = append(stack[:0], start)
		for len(stack) > 0 {
			c := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			cx, cy := c%bw, c/bw
			r = r.Union(image.Rect(cx, cy, cx+1, cy+1))
			for dy := -k; dy <= k; dy++ {
				for dx := -k; dx <= k; dx++ {
					nx, ny := cx+dx, cy+dy
					if nx < 0 || ny < 0 || nx >= bw || ny >= bh {
						continue
					}
					if k := ny*bw + nx; mask[k] && !seen[k] {
						seen[k] = true
						stack = append(stack, k)
					}
				}
			}
		}
		out = append(out, r)
	}
	return out
}
