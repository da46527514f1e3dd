package pageimage

import (
	"image"
	"math"
)

// SkewAngle estimates the skew of the text lines of g in degrees within
// ±maxDeg: positive when lines descend to the right. It uses a projection
// profile — the angle whose row histogram of ink pixels is sharpest — on a
// downscaled, Otsu-binarised copy (about 1000 px wide), so it costs tens of
// milliseconds on an A4 page at 300 dpi.
func SkewAngle(g *image.Gray, maxDeg float64) float64 {
	w := g.Rect.Dx()
	small := g
	if w > 1000 {
		small = Scale(g, 1000/float64(w))
	}
	pts := inkPoints(small, 150_000)
	if len(pts) < 200 {
		return 0
	}
	h := small.Rect.Dy()
	sw := small.Rect.Dx()
	score := func(deg float64) float64 {
		t := math.Tan(deg * math.Pi / 180)
		off := float64(sw) * math.Abs(t)
		n := h + int(2*off) + 2
		hist := make([]int32, n)
		for _, p := range pts {
			y := int(float64(p[1]) - float64(p[0])*t + off)
			if y >= 0 && y < n {
				hist[y]++
			}
		}
		var s float64
		for i := 1; i < n; i++ {
			d := float64(hist[i] - hist[i-1])
			s += d * d
		}
		return s
	}
	best, bestScore := 0.0, score(0)
	for deg := -maxDeg; deg <= maxDeg+1e-9; deg += 0.2 {
		if s := score(deg); s > bestScore {
			best, bestScore = deg, s
		}
	}
	center := best
	for deg := center - 0.2; deg <= center+0.2+1e-9; deg += 0.025 {
		if s := score(deg); s > bestScore {
			best, bestScore = deg, s
		}
	}
	return best
}

// inkPoints returns the coordinates of dark pixels (Otsu threshold),
// sampled down to at most limit points.
func inkPoints(g *image.Gray, limit int) [][2]int32 {
	t := otsu(g)
	w, h := g.Rect.Dx(), g.Rect.Dy()
	count := 0
	for y := 0; y < h; y++ {
		for _, v := range g.Pix[y*g.Stride : y*g.Stride+w] {
			if v < t {
				count++
			}
		}
	}
	// A page that is mostly dark is a photo or a negative, not text.
	if count == 0 || count > w*h/2 {
		return nil
	}
	step := max(1, count/limit)
	pts := make([][2]int32, 0, count/step+1)
	k := 0
	for y := 0; y < h; y++ {
		for x, v := range g.Pix[y*g.Stride : y*g.Stride+w] {
			if v < t {
				if k%step == 0 {
					pts = append(pts, [2]int32{int32(x), int32(y)})
				}
				k++
			}
		}
	}
	return pts
}

// otsu returns the threshold that best separates ink from paper.
func otsu(g *image.Gray) uint8 {
	var hist [256]int
	w, h := g.Rect.Dx(), g.Rect.Dy()
	for y := 0; y < h; y++ {
		for _, v := range g.Pix[y*g.Stride : y*g.Stride+w] {
			hist[v]++
		}
	}
	total := w * h
	var sum float64
	for i, c := range hist {
		sum += float64(i * c)
	}
	var sumB, wB float64
	var best float64
	var t uint8 = 128
	for i := 0; i < 256; i++ {
		wB += float64(hist[i])
		if wB == 0 {
			continue
		}
		wF := float64(total) - wB
		if wF == 0 {
			break
		}
		sumB += float64(i * hist[i])
		mB, mF := sumB/wB, (sum-sumB)/wF
		between := wB * wF * (mB - mF) * (mB - mF)
		if between > best {
			best, t = between, uint8(i)
		}
	}
	return t + 1
}

// RotateAngle turns g clockwise by deg degrees about its centre with
// bilinear interpolation, keeping its size and filling uncovered corners
// with white paper.
func RotateAngle(g *image.Gray, deg float64) *image.Gray {
	if deg == 0 {
		return g
	}
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	// output (X,Y) samples source R(-deg)·(X,Y): rotating the image
	// clockwise by deg means reading it counter-clockwise.
	th := -deg * math.Pi / 180
	c, s := math.Cos(th), math.Sin(th)
	cx, cy := float64(w-1)/2, float64(h-1)/2
	for Y := 0; Y < h; Y++ {
		dy := float64(Y) - cy
		row := out.Pix[Y*out.Stride : Y*out.Stride+w]
		for X := range row {
			dx := float64(X) - cx
			sx := dx*c - dy*s + cx
			sy := dx*s + dy*c + cy
			x0, y0 := int(math.Floor(sx)), int(math.Floor(sy))
			if x0 < 0 || y0 < 0 || x0+1 >= w || y0+1 >= h {
				row[X] = 255
				continue
			}
			fx, fy := sx-float64(x0), sy-float64(y0)
			i := y0*g.Stride + x0
			a := float64(g.Pix[i])*(1-fx) + float64(g.Pix[i+1])*fx
			b := float64(g.Pix[i+g.Stride])*(1-fx) + float64(g.Pix[i+g.Stride+1])*fx
			row[X] = uint8(a*(1-fy) + b*fy + 0.5)
		}
	}
	return out
}

// Deskew straightens text lines skewed by up to maxDeg degrees and returns
// the corrected image and the skew it removed. Angles under 0.15° are left
// alone: rotating costs more than it helps there.
func Deskew(g *image.Gray, maxDeg float64) (*image.Gray, float64) {
	a := SkewAngle(g, maxDeg)
	if math.Abs(a) < 0.15 {
		return g, a
	}
	return RotateAngle(g, -a), a
}

// Otsu returns the grey level that best separates ink from paper in g:
// pixels below it are ink.
func Otsu(g *image.Gray) uint8 { return otsu(g) }
