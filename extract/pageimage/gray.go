package pageimage

import (
	"image"
	"image/color"
	"math"
)

// ToGray converts img to 8-bit gray. A YCbCr (JPEG) image gives its luma
// plane without arithmetic; other models go through color.GrayModel.
func ToGray(img image.Image) *image.Gray {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	g := image.NewGray(image.Rect(0, 0, w, h))
	switch src := img.(type) {
	case *image.Gray:
		for y := 0; y < h; y++ {
			off := src.PixOffset(b.Min.X, b.Min.Y+y)
			copy(g.Pix[y*g.Stride:y*g.Stride+w], src.Pix[off:off+w])
		}
	case *image.YCbCr:
		for y := 0; y < h; y++ {
			off := src.YOffset(b.Min.X, b.Min.Y+y)
			copy(g.Pix[y*g.Stride:y*g.Stride+w], src.Y[off:off+w])
		}
	case *image.Gray16:
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				g.Pix[y*g.Stride+x] = src.Pix[src.PixOffset(b.Min.X+x, b.Min.Y+y)]
			}
		}
	case *image.RGBA:
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				i := src.PixOffset(b.Min.X+x, b.Min.Y+y)
				g.Pix[y*g.Stride+x] = luma(src.Pix[i], src.Pix[i+1], src.Pix[i+2])
			}
		}
	case *image.NRGBA:
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				i := src.PixOffset(b.Min.X+x, b.Min.Y+y)
				a := src.Pix[i+3]
				// composite on white: transparent areas of a scan are paper
				r := uint8((uint32(src.Pix[i])*uint32(a) + 255*(255-uint32(a))) / 255)
				gg := uint8((uint32(src.Pix[i+1])*uint32(a) + 255*(255-uint32(a))) / 255)
				bb := uint8((uint32(src.Pix[i+2])*uint32(a) + 255*(255-uint32(a))) / 255)
				g.Pix[y*g.Stride+x] = luma(r, gg, bb)
			}
		}
	default:
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				g.Pix[y*g.Stride+x] = color.GrayModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.Gray).Y
			}
		}
	}
	return g
}

// asGray is ToGray for an image this package just decoded and owns: a
// compact gray image (a gray PNG, a gray JPEG whose width is a multiple of
// 8) is used as it is instead of copied, one page-sized buffer (8.7 MB at
// 300 dpi A4) less per page. Pages keep Stride == width: callers index Pix
// as rows of the image's width.
func asGray(img image.Image) *image.Gray {
	if g, ok := img.(*image.Gray); ok && g.Rect.Min == (image.Point{}) && g.Stride == g.Rect.Dx() && len(g.Pix) == g.Stride*g.Rect.Dy() {
		return g
	}
	return ToGray(img)
}

func luma(r, g, b uint8) uint8 {
	return uint8((19595*uint32(r) + 38470*uint32(g) + 7471*uint32(b) + 1<<15) >> 16)
}

// Rotate turns g clockwise by a multiple of 90 degrees.
func Rotate(g *image.Gray, degrees int) *image.Gray {
	degrees = ((degrees % 360) + 360) % 360
	w, h := g.Rect.Dx(), g.Rect.Dy()
	switch degrees {
	case 90:
		out := image.NewGray(image.Rect(0, 0, h, w))
		for y := 0; y < h; y++ {
			row := g.Pix[y*g.Stride : y*g.Stride+w]
			nx := h - 1 - y
			for x, v := range row {
				out.Pix[x*out.Stride+nx] = v
			}
		}
		return out
	case 180:
		out := image.NewGray(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			row := g.Pix[y*g.Stride : y*g.Stride+w]
			dst := out.Pix[(h-1-y)*out.Stride:]
			for x, v := range row {
				dst[w-1-x] = v
			}
		}
		return out
	case 270:
		out := image.NewGray(image.Rect(0, 0, h, w))
		for y := 0; y < h; y++ {
			row := g.Pix[y*g.Stride : y*g.Stride+w]
			for x, v := range row {
				out.Pix[(w-1-x)*out.Stride+y] = v
			}
		}
		return out
	}
	return g
}

func flipH(g *image.Gray) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	out := image.NewGray(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		row := g.Pix[y*g.Stride : y*g.Stride+w]
		dst := out.Pix[y*out.Stride:]
		for x, v := range row {
			dst[w-1-x] = v
		}
	}
	return out
}

// Scale resizes g by factor with an area average when shrinking and
// bilinear interpolation when enlarging.
func Scale(g *image.Gray, factor float64) *image.Gray {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	nw, nh := int(math.Round(float64(w)*factor)), int(math.Round(float64(h)*factor))
	if nw < 1 || nh < 1 || (nw == w && nh == h) {
		return g
	}
	out := image.NewGray(image.Rect(0, 0, nw, nh))
	if factor < 1 {
		// box filter: each output pixel averages the source pixels it covers
		inv := 1 / factor
		for oy := 0; oy < nh; oy++ {
			y0, y1 := int(float64(oy)*inv), int(float64(oy+1)*inv)
			y1 = min(max(y1, y0+1), h)
			for ox := 0; ox < nw; ox++ {
				x0, x1 := int(float64(ox)*inv), int(float64(ox+1)*inv)
				x1 = min(max(x1, x0+1), w)
				sum, n := 0, 0
				for y := y0; y < y1; y++ {
					row := g.Pix[y*g.Stride:]
					for x := x0; x < x1; x++ {
						sum += int(row[x])
					}
					n += x1 - x0
				}
				out.Pix[oy*out.Stride+ox] = uint8(sum / n)
			}
		}
		return out
	}
	for oy := 0; oy < nh; oy++ {
		sy := (float64(oy)+0.5)/factor - 0.5
		y0 := int(math.Floor(sy))
		fy := sy - float64(y0)
		y0c, y1c := clamp(y0, h), clamp(y0+1, h)
		for ox := 0; ox < nw; ox++ {
			sx := (float64(ox)+0.5)/factor - 0.5
			x0 := int(math.Floor(sx))
			fx := sx - float64(x0)
			x0c, x1c := clamp(x0, w), clamp(x0+1, w)
			a := float64(g.Pix[y0c*g.Stride+x0c])*(1-fx) + float64(g.Pix[y0c*g.Stride+x1c])*fx
			b := float64(g.Pix[y1c*g.Stride+x0c])*(1-fx) + float64(g.Pix[y1c*g.Stride+x1c])*fx
			out.Pix[oy*out.Stride+ox] = uint8(a*(1-fy) + b*fy + 0.5)
		}
	}
	return out
}

func clamp(v, n int) int {
	if v < 0 {
		return 0
	}
	if v >= n {
		return n - 1
	}
	return v
}
