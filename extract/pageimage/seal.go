package pageimage

import (
	"image"
	"math"
	"slices"
)

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
	side                   int // marks that may stand side by side, overlapping, as one
}

// inkFillMax is the most of a mark's box its ink covers: a seal's ring and
// letters, a signature's strokes, leave most of it paper (development
// photos: seals 0.05–0.33, signatures 0.09–0.21 of the cells); a mark
// filled more is printed in colour (an accreditation logo, a coloured
// block) and stays as it is.
const inkFillMax = 0.45

var inks = []ink{
	// a round seal 20–45 mm across; back to its red channel's value (a
	// drop-out filter: red ink is light in red light, print stays dark).
	{name: "seal", chroma: redness, min: 28, bridge: 0.025, wMin: 0.09, wMax: 0.23, hMin: 0.09, hMax: 0.23, gain: 1402, side: 2},
	// a signature 15–85 mm wide, 5–25 mm high, in one stroke or few:
	// blue ink is dark in every channel, so it is lifted well past its
	// blue channel's value.
	{name: "signature", chroma: blueness, min: 28, bridge: 0.007, wMin: 0.07, wMax: 0.40, hMin: 0.025, hMax: 0.12, gain: 4400, side: 1},
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
	found := false
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if c(x, y) > k.min {
				mask[(y/inkBlock)*bw+x/inkBlock] = true
				found = true
			}
		}
	}
	if !found {
		return 0
	}
	n := 0
	for _, r := range blobs(mask, bw, bh, int(k.bridge*float64(w)/inkBlock+0.5)) {
		sw, sh := float64(r.Dx()*inkBlock)/float64(w), float64(r.Dy()*inkBlock)/float64(w)
		if sw < k.wMin || sh < k.hMin || sw > float64(k.side)*k.wMax || sh > k.hMax || maskFill(mask, bw, r) > inkFillMax {
			continue
		}
		n++
		r = image.Rect(r.Min.X*inkBlock-inkBlock, r.Min.Y*inkBlock-inkBlock, r.Max.X*inkBlock+inkBlock, r.Max.Y*inkBlock+inkBlock).Intersect(image.Rect(0, 0, w, h))
		gain := max(k.gain, k.gainToPaper(c, g, r))
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				d := c(x, y)
				if d <= k.min/2 {
					continue
				}
				i := y*g.Stride + x
				g.Pix[i] = uint8(min(255, int(g.Pix[i])+d*gain/1000))
			}
		}
	}
	return n
}

// maxGain caps gainToPaper at eight times a pixel's chroma: a mark of
// nearly gray ink is not taken for a seal's and lifted to paper.
const maxGain = 8000

// gainToPaper is the gain that brings the mark's typical ink pixel in r
// (median chroma and luma of those over min) to the paper around it (the
// box's light pixels): a photo's washed-out seal is as gray as print
// lifted by the fixed gain.
func (k ink) gainToPaper(c func(x, y int) int, g *image.Gray, r image.Rectangle) int {
	var ds, ls []int
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			if d := c(x, y); d > k.min {
				ds, ls = append(ds, d), append(ls, int(g.Pix[y*g.Stride+x]))
			}
		}
	}
	if len(ds) == 0 {
		return 0
	}
	paper := int(paperIn(g, r))
	slices.Sort(ds)
	slices.Sort(ls)
	dm, lm := ds[len(ds)/2], ls[len(ls)/2]
	if paper <= lm {
		return 0
	}
	return min(maxGain, (paper-lm)*1000/dm)
}

// redness returns a pixel's red difference (Cr − 128, clipped at 0) for
// the colour images Go decodes pages to, or nil for gray ones.
func redness(img image.Image) func(x, y int) int { return chroma(img, true) }

// blueness is redness for the blue difference (Cb − 128).
func blueness(img image.Image) func(x, y int) int { return chroma(img, false) }

// chroma is redness (red) or blueness: a JPEG's chroma plane, or RGB's
// weighted per mille as JPEG's YCbCr weighs them.
func chroma(img image.Image, red bool) func(x, y int) int {
	b := img.Bounds()
	wr, wg, wb := -169, -331, 500
	if red {
		wr, wg, wb = 500, -419, -81
	}
	var pix func(x, y int) []uint8
	switch src := img.(type) {
	case *image.YCbCr:
		plane := src.Cb
		if red {
			plane = src.Cr
		}
		return func(x, y int) int { return max(0, int(plane[src.COffset(b.Min.X+x, b.Min.Y+y)])-128) }
	case *image.RGBA:
		pix = func(x, y int) []uint8 { return src.Pix[src.PixOffset(b.Min.X+x, b.Min.Y+y):] }
	case *image.NRGBA:
		pix = func(x, y int) []uint8 { return src.Pix[src.PixOffset(b.Min.X+x, b.Min.Y+y):] }
	default:
		return nil
	}
	return func(x, y int) int { return rgbChroma(pix(x, y), wr, wg, wb) }
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

// Gray pages. A seal scanned in gray is ink of a middle gray, a rubber
// stamp's even tone; print is dark at its core and gray only at its
// edges. Ink of the middle tones farther than grayHalo pixels from any
// dark pixel, in a round mark of a seal's size (ringLike), is put back to
// paper; where the seal was stamped on print in gray (a column of gray
// captions) and joined it, the ring found in the mark (ringIn) says where
// the seal is, and the middle tones inside it go.
const (
	grayDark = 85 // print's core is darker; a seal's ink rarely is
	grayHalo = 2  // the gray edge of a printed stroke
	// paperGap: tones this close to paper are paper (uneven light, JPEG)
	paperGap = 40
)

// dropGraySeals lightens the seals of a gray page and returns how many
// it found.
func dropGraySeals(g *image.Gray) int {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	if w < 200 || h < 200 {
		return 0
	}
	paper := paperLevel(g)
	hi := int(paper) - paperGap
	if hi <= grayDark+10 {
		return 0
	}
	// a middle tone with no print core within grayHalo pixels; checked
	// pixel by pixel, not with a page-sized map (memory: a page in flight
	// per worker)
	mid := func(x, y int) bool {
		v := int(g.Pix[y*g.Stride+x])
		if v < grayDark || v >= hi {
			return false
		}
		for yy := max(0, y-grayHalo); yy <= min(h-1, y+grayHalo); yy++ {
			row := g.Pix[yy*g.Stride:]
			for xx := max(0, x-grayHalo); xx <= min(w-1, x+grayHalo); xx++ {
				if row[xx] < grayDark {
					return false
				}
			}
		}
		return true
	}
	bw, bh := (w+inkBlock-1)/inkBlock, (h+inkBlock-1)/inkBlock
	mask := make([]bool, bw*bh)
	// every other pixel of every other row: a seal's ring is thicker
	// than two pixels, and a page in four is 20 ms less at 300 dpi
	for y := 0; y < h; y += 2 {
		for x := 0; x < w; x += 2 {
			if mid(x, y) {
				mask[(y/inkBlock)*bw+x/inkBlock] = true
			}
		}
	}
	seal := inks[0]
	n := 0
	toPaper := func(r image.Rectangle, in func(x, y int) bool) {
		n++
		r = image.Rect(r.Min.X*inkBlock, r.Min.Y*inkBlock, r.Max.X*inkBlock, r.Max.Y*inkBlock).Intersect(image.Rect(0, 0, w, h))
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				if mid(x, y) && in(x, y) {
					g.Pix[y*g.Stride+x] = paper
				}
			}
		}
	}
	for _, r := range blobs(mask, bw, bh, int(seal.bridge*float64(w)/inkBlock+0.5)) {
		sw, sh := float64(r.Dx()*inkBlock)/float64(w), float64(r.Dy()*inkBlock)/float64(w)
		if sw < seal.wMin || sh < seal.hMin {
			continue
		}
		if sw <= seal.wMax && sh <= seal.hMax && ringLike(mask, bw, r) {
			toPaper(r, func(x, y int) bool { return true })
			continue
		}
		// gray print a seal was stamped on (a column of gray captions),
		// or a second seal stamped over it, joins it into a mark of no
		// seal's shape: the rings in it, if there are, are the seals
		for range seal.side {
			cx, cy, rad, ok := ringIn(mask, bw, r, seal.wMin/2*float64(w)/inkBlock, seal.wMax/2*float64(w)/inkBlock)
			if !ok {
				break
			}
			px, py, pr := (cx+0.5)*inkBlock, (cy+0.5)*inkBlock, 1.1*rad*inkBlock
			ring := image.Rect(int(cx-1.1*rad), int(cy-1.1*rad), int(cx+1.1*rad)+1, int(cy+1.1*rad)+1)
			toPaper(ring, func(x, y int) bool { return math.Hypot(float64(x)-px, float64(y)-py) <= pr })
			for y := max(ring.Min.Y, r.Min.Y); y < min(ring.Max.Y, r.Max.Y); y++ {
				for x := max(ring.Min.X, r.Min.X); x < min(ring.Max.X, r.Max.X); x++ {
					if math.Hypot(float64(x)-cx, float64(y)-cy) <= 1.1*rad {
						mask[y*bw+x] = false // the next ring is another
					}
				}
			}
		}
	}
	return n
}

// ringMaxCells bounds the marks searched for a ring (ringIn): a column of
// gray captions with a seal on it, not a page of gray print.
const ringMaxCells = 20000

// ringMaxVotes bounds the vote counters (2 bytes each) of one mark: 8 MB,
// for the page in flight per worker to stay small; the largest mark of
// 721 development gray pages needed 3.0 M.
const ringMaxVotes = 4_000_000

// ringIn finds in r of mask (bw cells wide) the circle of radius rMin to
// rMax cells its cells fall on most (a vote of every cell for the centres
// it could be on the rim of), and reports it when it is a seal's ring:
// inked on two rays in three (print across it cuts it), its outside (a
// sixth farther out) and its middle (a third to 0.6 of the way out) clear
// on half of them or more: print round a seal, not a block of print a
// circle fits in; or inked on nine rays in ten and clear outside on
// nearly all, whatever its middle holds.
func ringIn(mask []bool, bw int, r image.Rectangle, rMin, rMax float64) (cx, cy, rad float64, ok bool) {
	var cells []image.Point // every other cell votes: a ring is two thick
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X + y%2; x < r.Max.X; x += 2 {
			if mask[y*bw+x] {
				cells = append(cells, image.Pt(x, y))
			}
		}
	}
	if len(cells) == 0 || len(cells) > ringMaxCells {
		return 0, 0, 0, false
	}
	rw, rh := r.Dx(), r.Dy()
	const step = 2 // radii two cells apart: a ring is two cells thick or more
	nr := int((rMax-rMin)/step) + 1
	if nr*rw*rh > ringMaxVotes {
		return 0, 0, 0, false
	}
	votes := make([]uint16, nr*rw*rh)
	for k := 0; k < nr; k++ {
		rr := rMin + float64(k*step)
		n := int(2 * math.Pi * rr / 3) // a vote every three cells of rim
		for _, c := range cells {
			for a := 0; a < n; a++ {
				t := 2 * math.Pi * float64(a) / float64(n)
				x, y := c.X-r.Min.X+int(rr*math.Cos(t)), c.Y-r.Min.Y+int(rr*math.Sin(t))
				if x >= 0 && y >= 0 && x < rw && y < rh {
					votes[(k*rh+y)*rw+x]++
				}
			}
		}
	}
	best, bi := uint16(0), -1
	for i, v := range votes {
		if v > best {
			best, bi = v, i
		}
	}
	if bi < 0 {
		return 0, 0, 0, false
	}
	k, rest := bi/(rw*rh), bi%(rw*rh)
	cx, cy, rad = float64(r.Min.X+rest%rw), float64(r.Min.Y+rest/rw), rMin+float64(k*step)
	const rays = 72
	on, out, in := 0, 0, 0
	for a := 0; a < rays; a++ {
		t := 2 * math.Pi * float64(a) / rays
		hit := func(d0, d1 float64) bool {
			for d := d0; d <= d1; d += 0.5 / rad {
				x, y := int(cx+0.5+d*rad*math.Cos(t)), int(cy+0.5+d*rad*math.Sin(t))
				if x >= 0 && y >= 0 && x < bw && y*bw+x < len(mask) && mask[y*bw+x] {
					return true
				}
			}
			return false
		}
		if hit(0.9, 1.1) {
			on++
		}
		if hit(1.17, 1.3) {
			out++
		}
		if hit(0.35, 0.6) {
			in++
		}
	}
	clearRing := on*100 >= 65*rays && out*100 <= 50*rays && in*100 <= 50*rays
	// a crisp ring (inked all but all round, clear outside) is a seal
	// whatever it holds: a scan's gray blur of the print under it
	crispRing := on*100 >= 90*rays && out*100 <= 15*rays
	return cx, cy, rad, clearRing || crispRing
}

// ringLike reports whether the cells of mask in r (cells) make a round
// seal rather than faint print (gray captions, a blurred column of
// numbers) or specks bridged: about as wide as tall, nothing in the
// corners outside the circle, most cells on its rim, and the rim inked
// all round.
func ringLike(mask []bool, bw int, r image.Rectangle) bool {
	dx, dy := float64(r.Dx()), float64(r.Dy())
	if dx < 0.8*dy || dy < 0.8*dx {
		return false
	}
	cx, cy := float64(r.Min.X)+dx/2, float64(r.Min.Y)+dy/2
	rad := (dx + dy) / 4
	total, corner, rim := 0, 0, 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if !mask[y*bw+x] {
				continue
			}
			total++
			d := math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy) / rad
			switch {
			case d > 1.1:
				corner++
			case d >= 0.7:
				rim++
			}
		}
	}
	if total == 0 || corner*20 > total || rim*100 < 45*total {
		return false
	}
	// the rim, ray by ray
	hit := 0
	const rays = 72
	for k := 0; k < rays; k++ {
		a := 2 * math.Pi * float64(k) / rays
		for d := 0.82; d <= 1.08; d += 0.02 {
			x, y := int(cx+d*rad*math.Cos(a)), int(cy+d*rad*math.Sin(a))
			if x >= r.Min.X && y >= r.Min.Y && x < r.Max.X && y < r.Max.Y && mask[y*bw+x] {
				hit++
				break
			}
		}
	}
	return hit*100 >= 75*rays
}

// paperLevel is the tone of the page's paper: the 80th percentile of its
// pixels (most of a page is paper).
func paperLevel(g *image.Gray) uint8 { return paperIn(g, g.Rect) }

// paperIn is paperLevel over r of g.
func paperIn(g *image.Gray, r image.Rectangle) uint8 {
	var hist [256]int
	total := 0
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		row := g.Pix[g.PixOffset(r.Min.X, y):][:r.Dx()]
		for x := 0; x < len(row); x += 2 {
			hist[row[x]]++
			total++
		}
	}
	acc := 0
	for v, c := range hist {
		acc += c
		if acc >= total*8/10 {
			return uint8(v)
		}
	}
	return 255
}

// maskFill is the share of r's cells of mask (bw wide) that are set.
func maskFill(mask []bool, bw int, r image.Rectangle) float64 {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if mask[y*bw+x] {
				n++
			}
		}
	}
	return float64(n) / float64(max(1, r.Dx()*r.Dy()))
}
