package difftest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/labrelay/labrelay/extract/pageimage"
)

// ImageVariant is one ImageMagick re-encoding of an image: the arguments
// between the input and the output, and the output's extension.
type ImageVariant struct {
	Name string
	Args []string
	Ext  string
}

// ImageVariants are the encodings scanners and phones write that the
// fixtures lack.
var ImageVariants = []ImageVariant{
	{"progressive-jpeg", []string{"-interlace", "JPEG", "-quality", "85"}, "jpg"},
	{"cmyk-jpeg", []string{"-colorspace", "CMYK", "-quality", "85"}, "jpg"},
	{"gray-jpeg", []string{"-colorspace", "Gray"}, "jpg"},
	{"png-16-bit", []string{"-depth", "16"}, "png48"},
	{"png-palette", []string{"-colors", "16"}, "png8"},
	{"png-rgba", []string{"-alpha", "on"}, "png32"},
	{"tiff-big-endian", []string{"-define", "tiff:endian=msb", "-compress", "LZW"}, "tiff"},
	{"tiff-multi-page", []string{"(", "+clone", ")", "-compress", "LZW"}, "tiff"},
	{"tiff-group4", []string{"-monochrome", "-compress", "Group4"}, "tiff"},
	{"tiff-packbits", []string{"-compress", "RLE"}, "tiff"},
	{"tiff-jpeg", []string{"-compress", "JPEG"}, "tiff"},
	{"tiff-jpeg-tiled", []string{"-compress", "JPEG", "-define", "tiff:tile-geometry=256x256"}, "tiff"},
	{"tiff-rgb-deflate", []string{"-type", "TrueColor", "-compress", "Zip"}, "tiff"},
}

// MakeImage writes the variant of src (a file) into dir and returns its
// path. convert is ImageMagick's convert.
func MakeImage(convert, src, dir string, v ImageVariant) (string, error) {
	ext, prefix := v.Ext, ""
	switch v.Ext {
	case "png48", "png8", "png32":
		ext, prefix = "png", strings.ToUpper(v.Ext)+":"
	}
	out := filepath.Join(dir, strings.TrimSuffix(filepath.Base(src), filepath.Ext(src))+"."+v.Name+"."+ext)
	args := append([]string{src, "-resize", "50%"}, v.Args...)
	args = append(args, prefix+out)
	if msg, err := exec.Command(convert, args...).CombinedOutput(); err != nil {
		return "", fmt.Errorf("convert %s: %v %s", v.Name, err, bytes.TrimSpace(msg))
	}
	return out, nil
}

// CheckImage reports whether Tesseract (Leptonica) reads the image at
// path, and whether labrelay decodes every page of it, with its reason.
func CheckImage(ctx context.Context, tesseract, path string) Row {
	row := Row{File: path, Variant: filepath.Ext(path)}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, tesseract, path, "-", "--psm", "0")
	cmd.Stderr = &stderr
	row.PopplerOK = cmd.Run() == nil && !strings.Contains(stderr.String(), "cannot be read")
	data, err := os.ReadFile(path)
	if err == nil {
		err = decodeAll(ctx, data)
	}
	row.LabrelayOK = err == nil
	if err != nil {
		row.Note = "labrelay: " + err.Error()
	}
	if !row.PopplerOK {
		row.Note = strings.TrimSpace(row.Note + " tesseract: " + lastLine(stderr.String()))
	}
	return row
}

func decodeAll(ctx context.Context, data []byte) error {
	src, err := pageimage.OpenImage(data, "", pageimage.Limits{})
	if err != nil {
		return err
	}
	defer src.Close()
	for n := 1; n <= src.Pages(); n++ {
		if _, err := src.Page(ctx, n); err != nil {
			return fmt.Errorf("page %d: %w", n, err)
		}
	}
	return nil
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
