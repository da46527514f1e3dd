package pageimage

import (
	"bytes"
	"encoding/binary"
	"image"
)

type jpegInfo struct {
	dpi         float64
	orientation int // EXIF 1..8, 0 when absent
}

// jpegMeta reads the JFIF density and the EXIF orientation and resolution
// from a JPEG's APP segments, stopping at the first scan. Malformed
// segments are ignored: metadata is a hint, never a reason to refuse.
func jpegMeta(data []byte) (m jpegInfo) {
	i := 2
	for i+4 <= len(data) {
		if data[i] != 0xff {
			return m
		}
		marker := data[i+1]
		if marker == 0xff { // fill byte
			i++
			continue
		}
		if marker == 0xda || marker == 0xd9 { // start of scan, end of image
			return m
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return m
		}
		seg := data[i+4 : i+2+n]
		switch {
		case marker == 0xe0 && bytes.HasPrefix(seg, []byte("JFIF\x00")) && len(seg) >= 12:
			unit, x := seg[7], float64(binary.BigEndian.Uint16(seg[8:]))
			switch unit {
			case 1:
				m.dpi = x
			case 2:
				m.dpi = x * 2.54
			}
		case marker == 0xe1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")):
			o, dpi := exifTIFF(seg[6:])
			if o != 0 {
				m.orientation = o
			}
			if dpi > 0 && m.dpi == 0 {
				m.dpi = dpi
			}
		}
		i += 2 + n
	}
	return m
}

// exifTIFF reads Orientation (0x0112) and XResolution/ResolutionUnit from
// IFD0 of an EXIF TIFF block.
func exifTIFF(b []byte) (orientation int, dpi float64) {
	if len(b) < 8 {
		return 0, 0
	}
	var bo binary.ByteOrder
	switch string(b[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0, 0
	}
	off := int(bo.Uint32(b[4:]))
	if off < 8 || off+2 > len(b) {
		return 0, 0
	}
	count := int(bo.Uint16(b[off:]))
	unit := 2 // inches by default
	var xres float64
	for k := 0; k < count && k < 256; k++ {
		e := off + 2 + 12*k
		if e+12 > len(b) {
			break
		}
		tag, typ := bo.Uint16(b[e:]), bo.Uint16(b[e+2:])
		switch tag {
		case 0x0112:
			if typ == 3 {
				orientation = int(bo.Uint16(b[e+8:]))
			}
		case 0x0128:
			if typ == 3 {
				unit = int(bo.Uint16(b[e+8:]))
			}
		case 0x011a:
			if typ == 5 {
				vo := int(bo.Uint32(b[e+8:]))
				if vo >= 0 && vo+8 <= len(b) {
					num, den := bo.Uint32(b[vo:]), bo.Uint32(b[vo+4:])
					if den != 0 {
						xres = float64(num) / float64(den)
					}
				}
			}
		}
	}
	if orientation < 1 || orientation > 8 {
		orientation = 0
	}
	switch unit {
	case 2:
		dpi = xres
	case 3:
		dpi = xres * 2.54
	}
	return orientation, dpi
}

// pngDPI reads the pHYs chunk (pixels per metre) of a PNG, 0 when absent.
func pngDPI(data []byte) float64 {
	i := 8
	for i+12 <= len(data) {
		n := int(binary.BigEndian.Uint32(data[i:]))
		typ := string(data[i+4 : i+8])
		if n < 0 || i+12+n > len(data) {
			return 0
		}
		switch typ {
		case "pHYs":
			if n >= 9 && data[i+8+8] == 1 {
				return float64(binary.BigEndian.Uint32(data[i+8:])) * 0.0254
			}
			return 0
		case "IDAT", "IEND":
			return 0
		}
		i += 12 + n
	}
	return 0
}

// applyEXIFOrientation turns a decoded JPEG upright per its EXIF
// Orientation tag (phone photos are stored sideways and tagged).
func applyEXIFOrientation(g *image.Gray, o int) *image.Gray {
	switch o {
	case 2:
		return flipH(g)
	case 3:
		return Rotate(g, 180)
	case 4:
		return flipH(Rotate(g, 180))
	case 5:
		return flipH(Rotate(g, 90))
	case 6:
		return Rotate(g, 90)
	case 7:
		return flipH(Rotate(g, 270))
	case 8:
		return Rotate(g, 270)
	}
	return g
}
