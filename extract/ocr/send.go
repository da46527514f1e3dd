package ocr

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"image"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
)

// send runs req on g in a worker. A page that kills two workers or runs
// over the page time limit is an *labrelay.InputError naming the page.
func (r *Reader) send(ctx context.Context, req *ocrproto.Request, g *image.Gray, num int) (*ocrproto.Response, error) {
	p, err := r.pool()
	if err != nil {
		return nil, err
	}
	if len(req.Languages) == 0 {
		req.Languages = r.languages()
	}
	req.Thresholding = cmp.Or(req.Thresholding, r.Thresholding, "0")
	req.Width, req.Height = g.Rect.Dx(), g.Rect.Dy()
	var body [][]byte
	if req.Op == ocrproto.OpRecognize {
		// handed to Tesseract as it comes (ocrproto.BMP)
		req.Format, body = ocrproto.FormatBMP, ocrproto.BMP(g)
	} else {
		req.Format, body = ocrproto.FormatPGM, pgm(g)
	}
	resp, err := p.do(ctx, req, body)
	var ce *crashError
	switch {
	case errors.As(err, &ce):
		return nil, &labrelay.InputError{Reason: fmt.Sprintf("OCR worker crashed twice on %s (%s)", pageName(num), ce.Error()), Err: err}
	case errors.Is(err, errPageTimeout):
		return nil, &labrelay.InputError{Reason: fmt.Sprintf("OCR of %s took longer than the limit of %s; its worker was stopped", pageName(num), p.pageTimeout), Err: err}
	case err != nil:
		return nil, err
	case resp.Install:
		return nil, fmt.Errorf("%w: %s", ErrTesseract, resp.Error)
	case resp.Error != "":
		return nil, errors.New(resp.Error)
	}
	return resp, nil
}

func pageName(num int) string {
	if num <= 0 {
		return "a page"
	}
	return fmt.Sprintf("page %d", num)
}

// orientation asks a worker for Tesseract's orientation of g.
func (r *Reader) orientation(ctx context.Context, g *image.Gray, dpi float64, num int) (ocrproto.OSD, error) {
	if g.Rect.Dx() < 16 || g.Rect.Dy() < 16 {
		return ocrproto.OSD{}, nil
	}
	resp, err := r.send(ctx, &ocrproto.Request{Op: ocrproto.OpOSD, DPI: int(dpi + 0.5)}, g, num)
	if err != nil || resp.OSD == nil {
		return ocrproto.OSD{}, err
	}
	return *resp.OSD, nil
}

// pgm is g as a binary PGM in pieces: its header, then its rows. A page
// whose rows are contiguous (every working image) is sent from its own
// pixels: a 300-dpi A4 page is 8.7 MB, not copied.
func pgm(g *image.Gray) [][]byte {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := [][]byte{fmt.Appendf(nil, "P5\n%d %d\n255\n", w, h)}
	if g.Stride == w {
		o := g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y)
		return append(out, g.Pix[o:o+w*h])
	}
	for y := range h {
		o := g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y)
		out = append(out, g.Pix[o:o+w])
	}
	return out
}

// cellOf is the request cell of box b.
func cellOf(b image.Rectangle) ocrproto.Cell {
	return ocrproto.Cell{X: b.Min.X, Y: b.Min.Y, W: b.Dx(), H: b.Dy()}
}

// readBoxes reads each of boxes of g again, one at a time, as req asks
// (its languages, whitelist or block reading), and returns the readings
// in the boxes' order. A worker may answer fewer than asked.
//
// Only the part of g the boxes cover is sent: a worker reads a cell's
// pixels alone, and the whole page, 8.7 MB at 300 dpi, cost 10–20 ms a
// request in the pipe, several requests a page.
func (r *Reader) readBoxes(ctx context.Context, g *image.Gray, dpi float64, num int, req ocrproto.Request, boxes []ocrproto.Cell) ([]ocrproto.CellText, error) {
	var u image.Rectangle
	for _, b := range boxes {
		u = u.Union(image.Rect(b.X, b.Y, b.X+b.W, b.Y+b.H))
	}
	u = u.Intersect(g.Rect)
	if u.Empty() {
		u = image.Rect(0, 0, 1, 1).Add(g.Rect.Min) // nothing to read: a pixel for the reply
	}
	shifted := make([]ocrproto.Cell, len(boxes))
	for i, b := range boxes {
		b.X, b.Y = b.X-u.Min.X, b.Y-u.Min.Y
		shifted[i] = b
	}
	req.Op, req.DPI, req.Cells = ocrproto.OpCells, int(dpi+0.5), shifted
	resp, err := r.send(ctx, &req, g.SubImage(u).(*image.Gray), num)
	if err != nil {
		return nil, err
	}
	for i := range resp.Cells {
		for k := range resp.Cells[i].Lines {
			l := &resp.Cells[i].Lines[k]
			l.X, l.Y = l.X+u.Min.X, l.Y+u.Min.Y
		}
	}
	return resp.Cells, nil
}
