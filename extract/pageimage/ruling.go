package pageimage

import (
	"image"
	"slices"
)

// Table ruling. Tesseract reads the lines of a ruled table as words ("|",
// "1", "[", "区"), glues the header cells either side of a line into one
// ("Maximum Permitted | Concentration") and misreads text that touches a
// line; the lines are also the table's cell grid. FindRulings finds long
// thin horizontal and vertical ink runs and CellOf the cell they enclose
// around a point. (Whitening the lines before OCR was measured and
// rejected: their remains read as "“", "." and "_" and a column of Han
// verdicts went unread.)

// Segment is one ruling line: horizontal when Y0 == Y1 up to its
// thickness, vertical when X0 == X1 likewise; coordinates of the page.
type Segment struct {
	X0, Y0, X1, Y1 int
	Thick          int
}

// Rulings are a page's ruling lines.
type Rulings struct {
	H, V []Segment
}

// Minimum lengths at 300 dpi: a horizontal rule spans at least a narrow
// table (≈17 mm; a 16-pt dash is 6 mm); a vertical one spans at least one
// table row (≈5 mm) and must meet a horizontal rule at both ends, which no
// glyph does (a 16-pt "l" is ≈4 mm). A free vertical line must be longer
// than any glyph.
const (
	minHRule     = 200
	minVRule     = 50
	minFreeVRule = 160
	maxThick     = 8 // thicker runs are rules drawn bold, or solid shapes
	gapBridge    = 2 // JPEG noise breaks a line into runs this far apart
	meetTol      = 6 // a vertical rule meets a horizontal one within this
	widen        = 2 // verticalRuns widens each pixel column this much either side
)

// FindRulings returns the ruling lines of g, a page at about 300 dpi.
func FindRulings(g *image.Gray) Rulings {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	if w < minHRule || h < minVRule {
		return Rulings{}
	}
	ink := inkMask(g)
	var rl Rulings
	rl.H = thin(mergeRuns(horizontalRuns(ink, w, h), true), ink, w, h)
	if len(rl.H) < 2 {
		return rl // no cell without two horizontal rules: spare the columns' pass
	}
	rl.V = thin(verticalRules(verticalRuns(ink, w, h), rl.H), ink, w, h)
	return rl
}

// thin keeps the segments with paper either side: a line, not a slice
// through a line of bold text or a filled shape.
func thin(segs []Segment, ink []bool, w, h int) []Segment {
	var out []Segment
	for _, s := range segs {
		n, on := 0, 0
		probe := func(x, y int) {
			if x >= 0 && y >= 0 && x < w && y < h {
				n++
				if ink[y*w+x] {
					on++
				}
			}
		}
		if s.Y0 == s.Y1 {
			for x := s.X0; x < s.X1; x += 2 {
				probe(x, s.Y0-s.Thick/2-4)
				probe(x, s.Y0+s.Thick/2+4)
			}
		} else {
			for y := s.Y0; y < s.Y1; y += 2 {
				probe(s.X0-s.Thick/2-4, y)
				probe(s.X0+s.Thick/2+4, y)
			}
		}
		if n > 0 && on*10 < n*3 {
			out = append(out, s)
		}
	}
	return out
}

// CellOf is the grid cell holding (x, y): the nearest rules to its left,
// right, above and below that pass beside it; false when one is missing.
func (r Rulings) CellOf(x, y int) (image.Rectangle, bool) {
	l, rt := bracket(r.V, x, y, func(s Segment) (int, int, int) { return s.X0, s.Y0, s.Y1 })
	t, b := bracket(r.H, y, x, func(s Segment) (int, int, int) { return s.Y0, s.X0, s.X1 })
	if l < 0 || rt < 0 || t < 0 || b < 0 {
		return image.Rectangle{}, false
	}
	return image.Rect(l, t, rt, b), true
}

// bracket returns the positions of the nearest segments at or before and
// after p among those spanning q (-1 for none); at gives a segment's
// position and the span it covers.
func bracket(segs []Segment, p, q int, at func(Segment) (pos, from, to int)) (lo, hi int) {
	lo, hi = -1, -1
	for _, s := range segs {
		pos, from, to := at(s)
		if q < from || q > to {
			continue
		}
		if pos <= p && (lo < 0 || pos > lo) {
			lo = pos
		}
		if pos > p && (hi < 0 || pos < hi) {
			hi = pos
		}
	}
	return lo, hi
}

// inkMask marks the pixels darker than 0.72 of their 32×32 block's mean:
// a local threshold, since the lamp-lit side of a photographed page is
// several times brighter than the far side.
func inkMask(g *image.Gray) []bool {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	const bs = 32
	bw, bh := (w+bs-1)/bs, (h+bs-1)/bs
	sums := make([]int, bw*bh)
	counts := make([]int, bw*bh)
	for y := range h {
		row := g.Pix[y*g.Stride : y*g.Stride+w]
		base := (y / bs) * bw
		for x0 := 0; x0 < w; x0 += bs {
			sum := 0
			for _, v := range row[x0:min(x0+bs, w)] {
				sum += int(v)
			}
			sums[base+x0/bs] += sum
			counts[base+x0/bs] += min(x0+bs, w) - x0
		}
	}
	thr := make([]uint8, bw*bh)
	for i := range thr {
		thr[i] = uint8(sums[i] * 72 / (100 * max(1, counts[i])))
	}
	ink := make([]bool, w*h)
	for y := range h {
		row := g.Pix[y*g.Stride : y*g.Stride+w]
		out := ink[y*w : (y+1)*w]
		base := (y / bs) * bw
		for x0 := 0; x0 < w; x0 += bs {
			t := thr[base+x0/bs]
			for x := x0; x < min(x0+bs, w); x++ {
				out[x] = row[x] < t
			}
		}
	}
	return ink
}

// horizontalRuns are the runs of ink on each pixel row at least minHRule
// long, bridging gaps of gapBridge pixels: {x0, x1, y}.
func horizontalRuns(ink []bool, w, h int) [][3]int {
	var out [][3]int
	for y := range h {
		row := ink[y*w : (y+1)*w]
		start, last := -1, -10
		for x := 0; x <= w; x++ {
			on := x < w && row[x]
			if on {
				if start < 0 || x-last > gapBridge+1 {
					if start >= 0 && last-start+1 >= minHRule {
						out = append(out, [3]int{start, last + 1, y})
					}
					start = x
				}
				last = x
			}
		}
		if start >= 0 && last-start+1 >= minHRule {
			out = append(out, [3]int{start, last + 1, y})
		}
	}
	return out
}

// verticalRuns are the runs of ink down each pixel column, the column
// widened by two pixels either side so that a line a degree or two off
// vertical still runs on for a hundred rows: {y0, y1, x}.
func verticalRuns(ink []bool, w, h int) [][3]int {
	start := make([]int, w)
	last := make([]int, w)
	for x := range start {
		start[x], last[x] = -1, -10
	}
	var out [][3]int
	wide := make([]bool, w)
	flush := func(x int) {
		if start[x] >= 0 && last[x]-start[x]+1 >= minVRule {
			out = append(out, [3]int{start[x], last[x] + 1, x})
		}
	}
	for y := range h {
		row := ink[y*w : (y+1)*w]
		clear(wide)
		for x, on := range row {
			if on {
				for k := max(0, x-widen); k <= min(w-1, x+widen); k++ {
					wide[k] = true
				}
			}
		}
		for x, on := range wide {
			if !on {
				continue
			}
			if start[x] < 0 || y-last[x] > 2*gapBridge+1 {
				flush(x)
				start[x] = y
			}
			last[x] = y
		}
	}
	for x := range w {
		flush(x)
	}
	return out
}

// mergeRuns joins runs on neighbouring pixel rows (or columns) that
// overlap into one segment each, and drops stacks thicker than maxThick
// (a bar, a block of shading).
func mergeRuns(runs [][3]int, horizontal bool) []Segment {
	limit := maxThick
	if !horizontal {
		// verticalRuns widened every column: a 5-pixel rule of a scan
		// stacks 9 columns, and was lost with the cells it closes
		limit += 2 * widen
	}
	type seg struct {
		a, b, c0, c1 int // extent along the line, and across it
	}
	rs := slices.Clone(runs)
	slices.SortFunc(rs, func(p, q [3]int) int { return p[2] - q[2] })
	var segs []*seg
	for _, r := range rs {
		var hit *seg
		for i := len(segs) - 1; i >= 0; i-- {
			s := segs[i]
			if r[2]-s.c1 > 1 {
				if r[2]-s.c1 > limit+2 {
					break
				}
				continue
			}
			if r[0] < s.b && s.a < r[1] {
				hit = s
				break
			}
		}
		if hit == nil {
			segs = append(segs, &seg{a: r[0], b: r[1], c0: r[2], c1: r[2]})
			continue
		}
		hit.a, hit.b, hit.c1 = min(hit.a, r[0]), max(hit.b, r[1]), r[2]
	}
	var out []Segment
	for _, s := range segs {
		if s.c1-s.c0+1 > limit {
			continue
		}
		mid, th := (s.c0+s.c1)/2, s.c1-s.c0+1
		if horizontal {
			out = append(out, Segment{X0: s.a, Y0: mid, X1: s.b, Y1: mid, Thick: th})
		} else {
			out = append(out, Segment{X0: mid, Y0: s.a, X1: mid, Y1: s.b, Thick: th})
		}
	}
	return out
}

// verticalRules keeps the vertical segments that meet a horizontal rule
// at both ends, or are longer than any glyph.
func verticalRules(runs [][3]int, hs []Segment) []Segment {
	var keep []Segment
	for _, s := range mergeRuns(runs, false) {
		if s.Y1-s.Y0 >= minFreeVRule || meets(hs, s.X0, s.Y0) && meets(hs, s.X0, s.Y1) {
			keep = append(keep, s)
		}
	}
	return keep
}

// meets reports whether a horizontal segment passes within meetTol of
// (x, y).
func meets(hs []Segment, x, y int) bool {
	for _, h := range hs {
		if abs(h.Y0-y) <= meetTol && x >= h.X0-meetTol && x <= h.X1+meetTol {
			return true
		}
	}
	return false
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
