package pageimage

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"strings"

	"golang.org/x/image/tiff"

	"github.com/labrelay/labrelay"
)

// Media types accepted by OpenImage.
const (
	MediaPNG  = "image/png"
	MediaJPEG = "image/jpeg"
	MediaTIFF = "image/tiff"
)

// Sniff returns the image media type of data from its magic bytes, or "".
func Sniff(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return MediaPNG
	case bytes.HasPrefix(data, []byte{0xff, 0xd8, 0xff}):
		return MediaJPEG
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")),
		bytes.HasPrefix(data, []byte("II+\x00")), bytes.HasPrefix(data, []byte("MM\x00+")):
		return MediaTIFF
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "application/pdf"
	}
	return ""
}

// OpenImage opens a PNG, JPEG or TIFF. The media type is checked against
// the file's magic bytes, which win. Dimensions and, for TIFF, the page
// count are checked here, before any pixel is decoded.
func OpenImage(data []byte, mediaType string, lim Limits) (Source, error) {
	sniffed := Sniff(data)
	if sniffed == "" {
		mt := strings.TrimSpace(strings.SplitN(mediaType, ";", 2)[0])
		if len(data) == 0 {
			return nil, labrelay.Inputf("image is empty")
		}
		return nil, labrelay.Inputf("unsupported or corrupt image: the bytes are not PNG, JPEG or TIFF (declared %q)", mt)
	}
	switch sniffed {
	case MediaTIFF:
		return openTIFF(data, lim)
	case MediaPNG, MediaJPEG:
		cfg, err := decodeConfig(data, sniffed)
		if err != nil {
			return nil, err
		}
		if err := lim.checkPixels(cfg.Width, cfg.Height); err != nil {
			return nil, err
		}
		return &single{data: data, mediaType: sniffed, cfg: cfg}, nil
	}
	return nil, labrelay.Inputf("unsupported image type %s", sniffed)
}

func decodeConfig(data []byte, mediaType string) (cfg image.Config, err error) {
	defer recoverInput(&err, "read image header")
	switch mediaType {
	case MediaPNG:
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
	case MediaJPEG:
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
	}
	if err != nil {
		return cfg, corrupt(mediaType, err)
	}
	return cfg, nil
}

// corrupt turns a decoder error into a plain InputError.
func corrupt(mediaType string, err error) error {
	kind := strings.ToUpper(strings.TrimPrefix(mediaType, "image/"))
	msg := err.Error()
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) ||
		strings.Contains(msg, "short Huffman data") || strings.Contains(msg, "not enough pixel data") {
		return &labrelay.InputError{Reason: fmt.Sprintf("%s image is truncated: the file ends before the image data does", kind), Err: err}
	}
	return &labrelay.InputError{Reason: fmt.Sprintf("%s image is corrupt: %v", kind, err), Err: err}
}

// recoverInput turns a decoder panic into an InputError: decoders of
// outside bytes must never take the process down.
func recoverInput(err *error, what string) {
	if p := recover(); p != nil {
		*err = &labrelay.InputError{Reason: fmt.Sprintf("%s: decoder failed on malformed data (%v)", what, p)}
	}
}

// DecodeImage decodes one PNG, JPEG or TIFF (first page) into gray after
// checking its dimensions against lim. It is the single entry point fuzzed
// by FuzzDecodeImage.
func DecodeImage(data []byte, lim Limits) (*Page, error) {
	src, err := OpenImage(data, "", lim)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	return src.Page(context.Background(), 1)
}

// single is a one-page PNG or JPEG.
type single struct {
	data      []byte
	mediaType string
	cfg       image.Config
}

func (s *single) Pages() int   { return 1 }
func (s *single) Close() error { return nil }

func (s *single) Page(ctx context.Context, n int) (p *Page, err error) {
	if n != 1 {
		return nil, fmt.Errorf("page %d of a 1-page image", n)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	img, err := safeDecode(s.mediaType, func() (image.Image, error) {
		if s.mediaType == MediaPNG {
			return png.Decode(bytes.NewReader(s.data))
		}
		return jpeg.Decode(bytes.NewReader(s.data))
	})
	if err != nil {
		return nil, err
	}
	g := asGray(img)
	if _, gray := img.(*image.Gray); gray {
		dropGraySeals(g)
	} else {
		dropInk(img, g)
	}
	img = nil
	dpi := 0.0
	switch s.mediaType {
	case MediaJPEG:
		meta := jpegMeta(s.data)
		dpi = meta.dpi
		g = applyEXIFOrientation(g, meta.orientation)
	case MediaPNG:
		dpi = pngDPI(s.data)
	}
	if dpi < 50 || dpi > 2400 {
		dpi = guessDPI(g.Rect.Dx(), g.Rect.Dy())
	}
	return &Page{Number: 1, Image: g, DPI: dpi, Origin: "image"}, nil
}

// safeDecode runs a decoder of outside bytes, turning its errors and
// panics into InputErrors.
func safeDecode(mediaType string, decode func() (image.Image, error)) (img image.Image, err error) {
	defer recoverInput(&err, "decode "+strings.ToUpper(strings.TrimPrefix(mediaType, "image/"))+" image")
	img, err = decode()
	if err != nil {
		return nil, corrupt(mediaType, err)
	}
	return img, nil
}

// decodeTIFF decodes a TIFF whose first IFD is the wanted page.
func decodeTIFF(r io.Reader) (image.Image, error) {
	return safeDecode(MediaTIFF, func() (image.Image, error) { return tiff.Decode(r) })
}
