package pageimage

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/jpeg"

	"github.com/labrelay/labrelay"
)

// TIFF tags of a JPEG-compressed ("new-style", compression 7) page, which
// golang.org/x/image/tiff does not decode and scanners write.
const (
	tagCompression     = 259
	tagStripOffsets    = 273
	tagRowsPerStrip    = 278
	tagStripByteCounts = 279
	tagTileWidth       = 322
	tagTileLength      = 323
	tagTileOffsets     = 324
	tagTileByteCounts  = 325
	tagJPEGTables      = 347
	compressionJPEG    = 7
)

// ifdTags reads the SHORT and LONG values of the entries of the IFD at off.
func ifdTags(d []byte, bo binary.ByteOrder, off uint32) map[uint16][]uint32 {
	out := map[uint16][]uint32{}
	n := int(bo.Uint16(d[off:]))
	for k := 0; k < n; k++ {
		e := int(off) + 2 + 12*k
		tag, typ, cnt := bo.Uint16(d[e:]), bo.Uint16(d[e+2:]), int64(bo.Uint32(d[e+4:]))
		size := map[uint16]int64{1: 1, 3: 2, 4: 4, 7: 1}[typ]
		if size == 0 || cnt <= 0 || cnt > 1<<20 {
			continue
		}
		at := int64(e + 8)
		if cnt*size > 4 {
			at = int64(bo.Uint32(d[e+8:]))
		}
		if at+cnt*size > int64(len(d)) {
			continue
		}
		if tag == tagJPEGTables { // bytes: kept as offset and length
			out[tag] = []uint32{uint32(at), uint32(cnt * size)}
			continue
		}
		vals := make([]uint32, cnt)
		for i := range vals {
			p := at + int64(i)*size
			switch size {
			case 1:
				vals[i] = uint32(d[p])
			case 2:
				vals[i] = uint32(bo.Uint16(d[p:]))
			default:
				vals[i] = bo.Uint32(d[p:])
			}
		}
		out[tag] = vals
	}
	return out
}

// isJPEGTIFF reports whether the page at IFD off is JPEG-compressed.
func (s *tiffSource) isJPEGTIFF(off uint32) bool {
	c := ifdTags(s.data, s.order, off)[tagCompression]
	return len(c) == 1 && c[0] == compressionJPEG
}

// decodeJPEGTIFF decodes a JPEG-compressed page: each strip or tile is a
// JPEG stream (its tables possibly shared in JPEGTables) placed on a gray
// page of the IFD's size, already checked against the pixel limit.
func (s *tiffSource) decodeJPEGTIFF(off uint32) (img *image.Gray, err error) {
	defer recoverInput(&err, "decode TIFF image")
	t := ifdTags(s.data, s.order, off)
	w, h, _ := s.ifdInfo(off, int(s.order.Uint16(s.data[off:])))
	offs, counts := t[tagStripOffsets], t[tagStripByteCounts]
	pw, ph := w, h
	if rps := t[tagRowsPerStrip]; len(rps) == 1 && rps[0] > 0 {
		ph = int(min(rps[0], uint32(h)))
	}
	if len(t[tagTileOffsets]) > 0 {
		offs, counts = t[tagTileOffsets], t[tagTileByteCounts]
		if len(t[tagTileWidth]) != 1 || len(t[tagTileLength]) != 1 {
			return nil, labrelay.Inputf("TIFF image is corrupt: tiles without a tile size")
		}
		pw, ph = int(t[tagTileWidth][0]), int(t[tagTileLength][0])
	}
	if w <= 0 || h <= 0 || pw <= 0 || ph <= 0 || len(offs) == 0 || len(offs) != len(counts) {
		return nil, labrelay.Inputf("TIFF image is corrupt: its JPEG strips are not described")
	}
	var tables []byte
	if jt := t[tagJPEGTables]; len(jt) == 2 && jt[1] >= 4 {
		tables = s.data[jt[0] : jt[0]+jt[1]-2] // without its EOI
	}
	out := image.NewGray(image.Rect(0, 0, w, h))
	across := (w + pw - 1) / pw
	for i := range offs {
		if int64(offs[i])+int64(counts[i]) > int64(len(s.data)) || counts[i] < 2 {
			return nil, labrelay.Inputf("TIFF image is truncated: strip %d runs past the end of the file", i+1)
		}
		seg := s.data[offs[i] : offs[i]+counts[i]]
		if tables != nil {
			seg = append(bytes.Clone(tables), seg[2:]...) // one stream: tables, then the strip without its SOI
		}
		// A strip claiming more than its share of the page would decode
		// past the pixel limit checked for the page.
		if cfg, err := jpeg.DecodeConfig(bytes.NewReader(seg)); err != nil {
			return nil, corrupt(MediaTIFF, fmt.Errorf("JPEG strip %d: %w", i+1, err))
		} else if cfg.Width > pw+16 || cfg.Height > ph+16 {
			return nil, labrelay.Inputf("TIFF image is corrupt: JPEG strip %d is %d×%d pixels, larger than its %d×%d", i+1, cfg.Width, cfg.Height, pw, ph)
		}
		piece, err := jpeg.Decode(bytes.NewReader(seg))
		if err != nil {
			return nil, corrupt(MediaTIFF, fmt.Errorf("JPEG strip %d: %w", i+1, err))
		}
		x0, y0 := (i%across)*pw, (i/across)*ph
		g := ToGray(piece)
		for y := 0; y < g.Rect.Dy() && y0+y < h; y++ {
			row := g.Pix[y*g.Stride : y*g.Stride+min(g.Rect.Dx(), w-x0)]
			copy(out.Pix[(y0+y)*out.Stride+x0:], row)
		}
	}
	return out, nil
}
