package tess

import (
	"fmt"
	"image"
	"math"
	"strconv"
	"strings"

	"github.com/otiai10/gosseract/v2"

	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
	"github.com/labrelay/labrelay/extract/pageimage"
)

// CellHeight is the height in pixels a cell's box is scaled to before it
// is re-read. Measured on cells of scanned tables: "< 1" read as "<1" at
// 32 px and as nothing at 48 px; Tesseract's LSTM wants small text,
// and a word box holds ascenders and descenders too.
const CellHeight = 32

// ReadCells re-reads boxes of page g one at a time as single text lines
// (page segmentation 7), each cropped with a white margin and scaled to
// CellHeight, with whitelist as the allowed characters. The engine's page
// settings are restored afterwards.
// With block set each box is read as a block of lines (segmentation 6),
// unscaled and with any character, its lines returned in page pixels.
// With gray set each box is read as one line, unscaled and in its grey
// levels (ocrproto.Request.Gray).
func (e *Engine) ReadCells(g *image.Gray, dpi int, cells []ocrproto.Cell, whitelist string, block, gray bool) ([]ocrproto.CellText, error) {
	if e.client == nil || e.pages >= RecycleAfter {
		if err := e.recycle(); err != nil {
			return nil, err
		}
	}
	c := e.client
	set := func(kv ...string) error {
		for i := 0; i+1 < len(kv); i += 2 {
			if err := c.SetVariable(gosseract.SettableVariable(kv[i]), kv[i+1]); err != nil {
				return fmt.Errorf("tesseract variable %s: %w", kv[i], err)
			}
		}
		return nil
	}
	psm := "7"
	if block {
		psm, whitelist = "6", ""
	}
	if err := set("tessedit_pageseg_mode", psm, "tessedit_char_whitelist", whitelist); err != nil {
		return nil, err
	}
	defer func() {
		_ = set("tessedit_pageseg_mode", "3", "tessedit_char_whitelist", "")
		_ = c.SetImageFromBytes(blankPGM)
		TrimHeap()
	}()
	out := make([]ocrproto.CellText, len(cells))
	for i, cell := range cells {
		crop, f := cellImage(g, cell, !block && !gray, gray)
		if crop == nil {
			continue
		}
		if err := set("user_defined_dpi", strconv.Itoa(int(float64(dpi)*f+0.5))); err != nil {
			return nil, err
		}
		if err := c.SetImageFromBytes(encodeBMP(crop)); err != nil {
			return nil, fmt.Errorf("tesseract cell image: %w", err)
		}
		boxes, err := c.GetBoundingBoxes(gosseract.RIL_WORD)
		if err != nil {
			return nil, fmt.Errorf("tesseract cell: %w", err)
		}
		out[i] = joinWords(boxes)
		if block {
			out[i].Lines = pageLines(boxes, cell, g, f)
		}
	}
	// gosseract leaks per word read (RecycleAfter): count cells as pages
	// of a few words.
	e.pages += len(cells) / 50
	return out, nil
}

// cellImage is the cell's box of g on a white margin of half its height
// (of a line's, 16 px, unscaled), scaled so the box is CellHeight tall
// when scale is set (never down by more than half), and the scale
// factor; nil for a box outside g. It is bilevel, at the cell's own
// threshold, unless gray is set: then its margin is its paper's grey.
func cellImage(g *image.Gray, c ocrproto.Cell, scale, gray bool) (*image.Gray, float64) {
	r := image.Rect(c.X, c.Y, c.X+c.W, c.Y+c.H).Intersect(g.Rect)
	if r.Dx() < 2 || r.Dy() < 2 {
		return nil, 0
	}
	m := max(4, r.Dy()/2)
	if !scale {
		m = 16
	}
	// The threshold is the cell's own: with the white margin in, Otsu
	// split margin from paper, and a photo's grey paper went black.
	t := cellThreshold(g.SubImage(r).(*image.Gray))
	out := image.NewGray(image.Rect(0, 0, r.Dx()+2*m, r.Dy()+2*m))
	paper := uint8(255)
	if gray {
		paper = paperLevel(g.SubImage(r).(*image.Gray), t)
	}
	for i := range out.Pix {
		out.Pix[i] = paper
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		copy(out.Pix[(y-r.Min.Y+m)*out.Stride+m:], g.Pix[g.PixOffset(r.Min.X, y):g.PixOffset(r.Max.X, y)])
	}
	f := math.Max(0.5, math.Min(4, float64(CellHeight)/float64(r.Dy())))
	if !scale {
		f = 1
	}
	if math.Abs(f-1) >= 0.1 {
		out = pageimage.Scale(out, f)
	} else {
		f = 1
	}
	if gray {
		return out, f
	}
	// Bilevel: on gray crops of JPEG scans "< 1" read as nothing or "<<"
	// at confidence 0, thresholded as "<1" at 70–90.
	for i, v := range out.Pix {
		if v < t {
			out.Pix[i] = 0
		} else {
			out.Pix[i] = 255
		}
	}
	return out, f
}

// minInkContrast is the least difference, in grey levels, between the
// mean of a cell's dark and light pixels for the dark ones to be ink: less,
// the cell is blank paper and Otsu would split its noise.
const minInkContrast = 40

// cellThreshold is the Otsu threshold of the cell's pixels, 0 (all white)
// for a cell without ink.
func cellThreshold(g *image.Gray) uint8 {
	t := pageimage.Otsu(g)
	var sum [2]float64
	var n [2]int
	for y := range g.Rect.Dy() {
		o := g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y)
		for _, v := range g.Pix[o : o+g.Rect.Dx()] {
			k := 0
			if v >= t {
				k = 1
			}
			sum[k] += float64(v)
			n[k]++
		}
	}
	if n[0] == 0 || n[1] == 0 || sum[1]/float64(n[1])-sum[0]/float64(n[0]) < minInkContrast {
		return 0
	}
	return t
}

// paperLevel is the mean grey level of g's pixels at threshold t or
// lighter: its paper, which a margin of white would make Tesseract's
// own threshold split from the ink's background.
func paperLevel(g *image.Gray, t uint8) uint8 {
	sum, n := 0, 0
	for y := range g.Rect.Dy() {
		o := g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y)
		for _, v := range g.Pix[o : o+g.Rect.Dx()] {
			if v >= t {
				sum += int(v)
				n++
			}
		}
	}
	if n == 0 {
		return 255
	}
	return uint8(sum / n)
}

// joinWords is the words of one line read, joined by spaces, with the
// lowest confidence.
func joinWords(boxes []gosseract.BoundingBox) ocrproto.CellText {
	var parts []string
	conf := 100.0
	for _, b := range boxes {
		if t := strings.TrimSpace(b.Word); t != "" {
			parts = append(parts, t)
			conf = math.Min(conf, b.Confidence)
		}
	}
	if len(parts) == 0 {
		return ocrproto.CellText{}
	}
	return ocrproto.CellText{Text: strings.Join(parts, " "), Conf: conf}
}

// cellGap is the widest gap, in word heights, between two words of one
// cell: wider, a block that took in two cells of a line (an unruled
// table) keeps them apart, as the page reading does.
const cellGap = 0.8

// pageLines is a block read's lines, the words of each cell of a line
// joined, with their boxes in page pixels (the union of the words'): the
// crop had a 16-px margin and was scaled by f. Words come in reading
// order; one that starts left of the word before it starts a line
// (GetBoundingBoxes leaves the line numbers unset).
func pageLines(boxes []gosseract.BoundingBox, c ocrproto.Cell, g *image.Gray, f float64) []ocrproto.Word {
	r := image.Rect(c.X, c.Y, c.X+c.W, c.Y+c.H).Intersect(g.Rect)
	var out []ocrproto.Word
	var boxOf []image.Rectangle
	for _, b := range boxes {
		t := strings.TrimSpace(b.Word)
		if t == "" {
			continue
		}
		bb := image.Rect(int(float64(b.Box.Min.X)/f), int(float64(b.Box.Min.Y)/f), int(float64(b.Box.Max.X)/f+0.5), int(float64(b.Box.Max.Y)/f+0.5)).
			Add(r.Min.Sub(image.Pt(16, 16)))
		n := len(out) - 1
		if n < 0 || bb.Min.X < boxOf[n].Max.X-bb.Dy()/2 || bb.Min.Y >= boxOf[n].Max.Y ||
			float64(bb.Min.X-boxOf[n].Max.X) > cellGap*float64(bb.Dy()) {
			out = append(out, ocrproto.Word{Text: t, Conf: b.Confidence})
			boxOf = append(boxOf, bb)
			continue
		}
		out[n].Text += " " + t
		out[n].Conf = math.Min(out[n].Conf, b.Confidence)
		boxOf[n] = boxOf[n].Union(bb)
	}
	for i, b := range boxOf {
		out[i].X, out[i].Y, out[i].W, out[i].H = b.Min.X, b.Min.Y, b.Dx(), b.Dy()
	}
	return out
}
