package pageimage

import (
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"io"

	"golang.org/x/image/tiff"

	"github.com/labrelay/labrelay"
)

// tiffSource is a multi-page TIFF. golang.org/x/image/tiff decodes only the
// first IFD, so page n is decoded through a view of the file whose header
// points at the n-th IFD instead — no copy of the file per page.
type tiffSource struct {
	data  []byte
	order binary.ByteOrder
	ifds  []uint32
	dpi   []float64
	lim   Limits
}

// TIFF tags read during the page walk.
const (
	tagImageWidth     = 256
	tagImageLength    = 257
	tagXResolution    = 282
	tagResolutionUnit = 296
)

// openTIFF walks the IFD chain — bounded by the page limit, loop-safe and
// without decoding any strip — and checks every page's dimensions, so a
// file claiming 10,000 pages or a 30000×30000 page is refused in
// microseconds.
func openTIFF(data []byte, lim Limits) (Source, error) {
	if len(data) < 8 {
		return nil, labrelay.Inputf("TIFF image is truncated: %d bytes", len(data))
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if data[0] == 'M' {
		bo = binary.BigEndian
	}
	if bo.Uint16(data[2:]) == 43 {
		return nil, labrelay.Inputf("BigTIFF images are not supported; save the scan as a standard TIFF, PDF or PNG")
	}
	s := &tiffSource{data: data, order: bo, lim: lim}
	seen := map[uint32]bool{}
	off := bo.Uint32(data[4:])
	for off != 0 {
		if len(s.ifds) >= lim.maxPages() {
			return nil, lim.checkPages(len(s.ifds)+1, false)
		}
		if seen[off] {
			return nil, labrelay.Inputf("TIFF image is corrupt: its page chain loops back to offset %d", off)
		}
		seen[off] = true
		if int64(off)+2 > int64(len(data)) {
			return nil, labrelay.Inputf("TIFF image is truncated: page %d starts beyond the end of the file", len(s.ifds)+1)
		}
		n := int64(bo.Uint16(data[off:]))
		end := int64(off) + 2 + 12*n
		if end+4 > int64(len(data)) {
			return nil, labrelay.Inputf("TIFF image is truncated: page %d's directory runs past the end of the file", len(s.ifds)+1)
		}
		w, h, dpi := s.ifdInfo(off, int(n))
		if err := lim.checkPixels(w, h); err != nil {
			return nil, fmt.Errorf("page %d: %w", len(s.ifds)+1, err)
		}
		s.ifds = append(s.ifds, off)
		s.dpi = append(s.dpi, dpi)
		off = bo.Uint32(data[end:])
	}
	if len(s.ifds) == 0 {
		return nil, labrelay.Inputf("TIFF image has no pages")
	}
	return s, nil
}

func (s *tiffSource) ifdInfo(off uint32, n int) (w, h int, dpi float64) {
	bo, d := s.order, s.data
	unit := 2
	var xres float64
	for k := 0; k < n; k++ {
		e := int(off) + 2 + 12*k
		tag, typ := bo.Uint16(d[e:]), bo.Uint16(d[e+2:])
		val := func() int {
			if typ == 3 {
				return int(bo.Uint16(d[e+8:]))
			}
			return int(bo.Uint32(d[e+8:]))
		}
		switch tag {
		case tagImageWidth:
			w = val()
		case tagImageLength:
			h = val()
		case tagResolutionUnit:
			unit = val()
		case tagXResolution:
			vo := int64(bo.Uint32(d[e+8:]))
			if typ == 5 && vo+8 <= int64(len(d)) {
				num, den := bo.Uint32(d[vo:]), bo.Uint32(d[vo+4:])
				if den != 0 {
					xres = float64(num) / float64(den)
				}
			}
		}
	}
	switch unit {
	case 2:
		dpi = xres
	case 3:
		dpi = xres * 2.54
	}
	return w, h, dpi
}

func (s *tiffSource) Pages() int   { return len(s.ifds) }
func (s *tiffSource) Close() error { return nil }

func (s *tiffSource) Page(ctx context.Context, n int) (*Page, error) {
	if n < 1 || n > len(s.ifds) {
		return nil, fmt.Errorf("page %d of a %d-page TIFF", n, len(s.ifds))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	v := &ifdView{data: s.data}
	copy(v.head[:], s.data[:8])
	s.order.PutUint32(v.head[4:], s.ifds[n-1])
	cfg, err := tiffConfig(v)
	if err != nil {
		return nil, fmt.Errorf("page %d: %w", n, err)
	}
	if err := s.lim.checkPixels(cfg.Width, cfg.Height); err != nil {
		return nil, fmt.Errorf("page %d: %w", n, err)
	}
	var g *image.Gray
	if s.isJPEGTIFF(s.ifds[n-1]) {
		g, err = s.decodeJPEGTIFF(s.ifds[n-1])
	} else {
		var img image.Image
		if img, err = decodeTIFF(&ifdView{data: s.data, head: v.head}); err == nil {
			g = ToGray(img)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("page %d: %w", n, err)
	}
	dpi := s.dpi[n-1]
	if dpi < 50 || dpi > 2400 {
		dpi = guessDPI(g.Rect.Dx(), g.Rect.Dy())
	}
	return &Page{Number: n, Image: g, DPI: dpi, Origin: "tiff"}, nil
}

func tiffConfig(r io.Reader) (cfg tiffCfg, err error) {
	defer recoverInput(&err, "read TIFF header")
	c, err := tiff.DecodeConfig(r)
	if err != nil {
		return cfg, corrupt(MediaTIFF, err)
	}
	return tiffCfg{c.Width, c.Height}, nil
}

type tiffCfg struct{ Width, Height int }

// ifdView reads data with its 8-byte header replaced by head.
type ifdView struct {
	data []byte
	head [8]byte
	pos  int64
}

func (v *ifdView) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, fmt.Errorf("negative offset")
	}
	if off >= int64(len(v.data)) {
		return 0, io.EOF
	}
	n := copy(p, v.data[off:])
	for i := off; i < 8 && i < off+int64(n); i++ {
		p[i-off] = v.head[i]
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (v *ifdView) Read(p []byte) (int, error) {
	n, err := v.ReadAt(p, v.pos)
	v.pos += int64(n)
	return n, err
}

var _ io.ReaderAt = (*ifdView)(nil)
