package ocr

import (
	"context"
	"errors"
	"image"
	"math"
	"slices"
	"strings"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
	"github.com/labrelay/labrelay/internal/text"
)

// Text in a box. Tesseract's page segmentation takes a short line framed
// by a ruled box (an accreditation number under the letterhead, "IAS
// TL-176") for a picture now and then, and reads nothing of it, though
// the same crop read alone reads plainly. A small closed box the page
// reading left without a word but with ink inside is read once more, as
// a block; its one line joins the page at most at rereadTextConf.

const (
	// boxMinW is the least width of a box's edge, over the line height.
	boxMinW = 3.0
	// boxMinH and boxMaxH bound its height, over the line height.
	boxMinH, boxMaxH = 1.2, 3.5
	// boxInk is the least share of an edge's pixels that are ink.
	boxInk = 0.85
	// boxFill is the most share of ink inside: a filled box is a logo.
	boxFill = 0.3
	// boxReadConf is the least confidence of a box's reading: Tesseract
	// is unsure of short codes read alone ("IAS TL-176" at 0.22), and
	// the reading joins the page far under the threshold.
	boxReadConf = 0.15
	// maxRuns bounds the edges looked at on a page.
	maxRuns = 2000
)

// lostBoxes returns the inner rectangles of g's small ruled boxes that
// hold ink and none of words.
func lostBoxes(g *image.Gray, words []labrelay.Word, lineH float64) []image.Rectangle {
	if g == nil || lineH <= 0 {
		return nil
	}
	dark := func(x, y int) bool { return g.Pix[g.PixOffset(x, y)] < 128 }
	minW := int(boxMinW * lineH)
	// horizontal runs of ink, one per edge: the first row of each
	type run struct{ y, x0, x1 int }
	var runs []run
	b := g.Rect
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := g.Pix[g.PixOffset(b.Min.X, y):][:b.Dx()]
		for i := 0; i < len(row); {
			if row[i] >= 128 {
				i++
				continue
			}
			i0 := i
			for i < len(row) && row[i] < 128 {
				i++
			}
			x0, x := b.Min.X+i0, b.Min.X+i
			// an edge is a rule a few pixels thick: a run with ink
			// six rows under its middle and its quarters is a fill
			if x-x0 < minW || x-x0 > b.Dx()/2 || y+6 < b.Max.Y && dark((x0+x)/2, y+6) && dark((3*x0+x)/4, y+6) && dark((x0+3*x)/4, y+6) {
				continue
			}
			if !slices.ContainsFunc(runs, func(r run) bool {
				return y-r.y <= 4 && abs(r.x0-x0) <= 3 && abs(r.x1-x) <= 3
			}) {
				runs = append(runs, run{y, x0, x})
			}
		}
		if len(runs) > maxRuns {
			return nil // a page of rules or dark ground: no small boxes to find
		}
	}
	var out []image.Rectangle
	for i, top := range runs {
		for _, bot := range runs[i+1:] {
			h := float64(bot.y - top.y)
			if h < boxMinH*lineH || h > boxMaxH*lineH || abs(bot.x0-top.x0) > 3 || abs(bot.x1-top.x1) > 3 {
				continue
			}
			if !edgeColumn(g, top.x0+1, top.y, bot.y, dark) || !edgeColumn(g, top.x1-2, top.y, bot.y, dark) {
				continue
			}
			pad := int(0.25 * lineH)
			in := image.Rect(top.x0+pad, top.y+pad, top.x1-pad, bot.y).Intersect(b)
			if in.Dx() < minW/2 || in.Dy() < int(0.5*lineH) || wordIn(words, in) {
				continue
			}
			if share := inkShare(g, in); share*float64(in.Dx()*in.Dy()) < 20 || share > boxFill {
				continue
			}
			out = append(out, in)
			break
		}
	}
	return out
}

// edgeColumn reports a vertical edge near x from y0 to y1: boxInk of its
// rows inked within two pixels of x.
func edgeColumn(g *image.Gray, x, y0, y1 int, dark func(x, y int) bool) bool {
	n := 0
	for y := y0; y < y1; y++ {
		for dx := -2; dx <= 2; dx++ {
			if xx := x + dx; xx >= g.Rect.Min.X && xx < g.Rect.Max.X && dark(xx, y) {
				n++
				break
			}
		}
	}
	return float64(n) >= boxInk*float64(y1-y0)
}

// wordIn reports a word of words overlapping r.
func wordIn(words []labrelay.Word, r image.Rectangle) bool {
	return slices.ContainsFunc(words, func(w labrelay.Word) bool {
		return rect(w.Box).Overlaps(r)
	})
}

// inkShare is the share of r's pixels that are ink.
func inkShare(g *image.Gray, r image.Rectangle) float64 {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for _, v := range g.Pix[g.PixOffset(r.Min.X, y):][:r.Dx()] {
			if v < 128 {
				n++
			}
		}
	}
	return float64(n) / float64(max(r.Dx()*r.Dy(), 1))
}

// readLostBoxes reads the lost boxes of the page as lines and returns
// words with their text added.
func (r *Reader) readLostBoxes(ctx context.Context, g *image.Gray, dpi float64, num int, words []labrelay.Word) ([]labrelay.Word, error) {
	boxes := lostBoxes(g, words, lineHeight(words))
	if len(boxes) == 0 {
		return words, nil
	}
	cells := make([]ocrproto.Cell, len(boxes))
	for i, b := range boxes {
		cells[i] = cellOf(b)
	}
	// as a block: read as one scaled line, a hyphen comes out a quote
	reads, err := r.readBoxes(ctx, g, dpi, num, ocrproto.Request{Block: true}, cells)
	if errors.Is(err, ErrTesseract) {
		return words, nil
	}
	if err != nil {
		return nil, err
	}
	for i, b := range boxes {
		if i >= len(reads) {
			break
		}
		t, conf := strings.TrimSpace(reads[i].Text), reads[i].Conf/100
		r.log().Debug("ocr boxed text", "page", num, "box", b, "read", t, "conf", conf)
		if alnum([]ocrproto.Word{{Text: t}}) < 3 || text.Letters(t) == 0 || strings.Contains(t, "\n") || conf < boxReadConf {
			continue
		}
		box := labrelay.Box{X: float64(b.Min.X), Y: float64(b.Min.Y), W: float64(b.Dx()), H: float64(b.Dy())}
		if ls := reads[i].Lines; len(ls) == 1 {
			box = labrelay.Box{X: float64(ls[0].X), Y: float64(ls[0].Y), W: float64(ls[0].W), H: float64(ls[0].H)} // the line's ink
		}
		words = append(words, labrelay.Word{Text: t, Conf: math.Min(conf, rereadTextConf), Box: box})
	}
	return words, nil
}
