package pageimage

import (
	"image"
	"math"
)

// PageQuad finds the corners of a light page on a darker background — a
// phone photo of a page on a desk — as top-left, top-right, bottom-right,
// bottom-left. ok is false when the image's border is not clearly darker
// than its middle (a scan: the page is the whole image) or when the page
// found covers under half of the image.
func PageQuad(g *image.Gray) (q [4][2]float64, ok bool) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	if w < 64 || h < 64 {
		return q, false
	}
	at := func(x, y int) int { return int(g.Pix[g.PixOffset(g.Rect.Min.X+x, g.Rect.Min.Y+y)]) }
	var border, middle, nb, nm int
	for y := 0; y < h; y += 4 {
		for x := 0; x < w; x += 4 {
			switch {
			case x < w/50 || x >= w-w/50 || y < h/50 || y >= h-h/50:
				border += at(x, y)
				nb++
			case x > w/4 && x < 3*w/4 && y > h/4 && y < 3*h/4:
				middle += at(x, y)
				nm++
			}
		}
	}
	bg, page := float64(border)/float64(nb), float64(middle)/float64(nm)
	if bg > 0.7*page {
		return q, false
	}
	t := int((bg + page) / 2)
	// extreme page pixels along the diagonals; a pixel counts when the one
	// two to its right is page too, so that specks of dust do not
	best := [4]float64{math.Inf(1), math.Inf(-1), math.Inf(-1), math.Inf(1)}
	for y := 0; y < h; y += 2 {
		for x := 0; x+2 < w; x += 2 {
			if at(x, y) < t || at(x+2, y) < t {
				continue
			}
			fx, fy := float64(x), float64(y)
			for i, s := range [4]float64{fx + fy, fx - fy, fx + fy, fx - fy} {
				if (i == 0 || i == 3) && s < best[i] || (i == 1 || i == 2) && s > best[i] {
					best[i], q[i] = s, [2]float64{fx, fy}
				}
			}
		}
	}
	area := 0.0
	for i := range 4 {
		j := (i + 1) % 4
		area += q[i][0]*q[j][1] - q[j][0]*q[i][1]
	}
	return q, math.Abs(area)/2 > 0.5*float64(w*h)
}

// Unwarp maps the quadrilateral q of g (as PageQuad returns it) onto an
// upright rectangle as wide and tall as its longer opposite edges, with
// bilinear sampling: the perspective of a photographed page undone.
func Unwarp(g *image.Gray, q [4][2]float64) *image.Gray {
	d := func(a, b [2]float64) float64 { return math.Hypot(a[0]-b[0], a[1]-b[1]) }
	ow := int(math.Max(d(q[0], q[1]), d(q[3], q[2])) + 0.5)
	oh := int(math.Max(d(q[0], q[3]), d(q[1], q[2])) + 0.5)
	out := image.NewGray(image.Rect(0, 0, max(1, ow), max(1, oh)))
	m := squareToQuad(q)
	for y := range oh {
		v := (float64(y) + 0.5) / float64(oh)
		for x := range ow {
			u := (float64(x) + 0.5) / float64(ow)
			den := m[6]*u + m[7]*v + 1
			sx, sy := (m[0]*u+m[1]*v+m[2])/den, (m[3]*u+m[4]*v+m[5])/den
			out.Pix[y*out.Stride+x] = bilinear(g, sx-0.5, sy-0.5)
		}
	}
	return out
}

// squareToQuad is the projective map of the unit square onto q (corners
// in order (0,0) (1,0) (1,1) (0,1)), after Heckbert: x = (a u + b v + c) /
// (g u + h v + 1), y likewise with d e f.
func squareToQuad(q [4][2]float64) [8]float64 {
	x0, y0, x1, y1 := q[0][0], q[0][1], q[1][0], q[1][1]
	x2, y2, x3, y3 := q[2][0], q[2][1], q[3][0], q[3][1]
	sx, sy := x0-x1+x2-x3, y0-y1+y2-y3
	if math.Abs(sx) < 1e-9 && math.Abs(sy) < 1e-9 { // affine
		return [8]float64{x1 - x0, x3 - x0, x0, y1 - y0, y3 - y0, y0, 0, 0}
	}
	dx1, dx2, dy1, dy2 := x1-x2, x3-x2, y1-y2, y3-y2
	den := dx1*dy2 - dx2*dy1
	gg := (sx*dy2 - dx2*sy) / den
	hh := (dx1*sy - sx*dy1) / den
	return [8]float64{x1 - x0 + gg*x1, x3 - x0 + hh*x3, x0, y1 - y0 + gg*y1, y3 - y0 + hh*y3, y0, gg, hh}
}

// bilinear samples g at (x, y) in pixel-centre coordinates; white outside.
func bilinear(g *image.Gray, x, y float64) uint8 {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	if x0 < 0 || y0 < 0 || x0+1 >= w || y0+1 >= h {
		return 255
	}
	fx, fy := x-float64(x0), y-float64(y0)
	p := func(xx, yy int) float64 { return float64(g.Pix[g.PixOffset(g.Rect.Min.X+xx, g.Rect.Min.Y+yy)]) }
	v := (p(x0, y0)*(1-fx)+p(x0+1, y0)*fx)*(1-fy) + (p(x0, y0+1)*(1-fx)+p(x0+1, y0+1)*fx)*fy
	return uint8(v + 0.5)
}
