package pageimage

import "image"

// Seals. A lab stamps its report with a round red seal, often over the
// issue date and the signatory's name; in luma its ink is as dark as
// print, and OCR reads the print under it as junk. On a colour page the
// ink of a seal is put back to its red channel's value (a drop-out
// filter: red ink on white is light in red light, black print stays
// dark). Only inside a seal: a red blob the size of a seal (sealSize),
// not red print, whose letters are small blobs, so a verdict printed in
// red is read as it is.

// sealBlock is the side in pixels of the cells the red mask is built on.
const sealBlock = 4

// sealSize bounds a seal's width and height as shares of the page width:
// 20–45 mm on an A4 page.
const sealMin, sealMax = 0.09, 0.23

// sealBridge joins red cells this far apart (a share of the page width,
// 5 mm on A4): print crossing a seal cuts its ring.
const sealBridge = 0.025

// redInk is how much redder than gray (Cr − 128, 0–127) a pixel must be
// to be seal ink; warm paper under a lamp stays well under it.
const redInk = 28

// dropSeals lightens the red ink of seals in g, the gray of img, and
// returns how many seals it found. img must be the colour image g was made
// from (same size, origin at Min).
func dropSeals(img image.Image, g *image.Gray) int {
	red := redness(img)
	if red == nil {
		return 0
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	bw, bh := (w+sealBlock-1)/sealBlock, (h+sealBlock-1)/sealBlock
	mask := make([]bool, bw*bh)
	any := false
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if red(x, y) > redInk {
				mask[(y/sealBlock)*bw+x/sealBlock] = true
				any = true
			}
		}
	}
	if !any {
		return 0
	}
	n := 0
	for _, r := range blobs(mask, bw, bh, int(sealBridge*float64(w)/sealBlock+0.5)) {
		sw, sh := float64(r.Dx()*sealBlock)/float64(w), float64(r.Dy()*sealBlock)/float64(w)
		if sw < sealMin || sh < sealMin || sw > sealMax || sh > sealMax {
			continue
		}
		n++
		r = image.Rect(r.Min.X*sealBlock-sealBlock, r.Min.Y*sealBlock-sealBlock, r.Max.X*sealBlock+sealBlock, r.Max.Y*sealBlock+sealBlock).Intersect(image.Rect(0, 0, w, h))
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				d := red(x, y)
				if d <= redInk/2 {
					continue
				}
				i := y*g.Stride + x
				// the red channel: luma plus 1.402 of the red difference
				v := int(g.Pix[i]) + d*1402/1000
				g.Pix[i] = uint8(min(255, v))
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
		return func(x, y int) int { return rgbRed(src.Pix[src.PixOffset(b.Min.X+x, b.Min.Y+y):]) }
	case *image.NRGBA:
		return func(x, y int) int { return rgbRed(src.Pix[src.PixOffset(b.Min.X+x, b.Min.Y+y):]) }
	}
	return nil
}

func rgbRed(p []uint8) int {
	return max(0, (500*int(p[0])-419*int(p[1])-81*int(p[2]))/1000)
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
