package ocr

import (
	"image"
	"image/draw"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"

	"github.com/labrelay/labrelay"
)

// A Han word read without its space ("佐藤健" for the name 佐藤 健) gets it
// back where its ink has one wide gap; a word set solid, or letter-spaced
// evenly, stays as read.
func TestSpaceHanWords(t *testing.T) {
	face := face300(t, cjkFont, "fonts-droid-fallback")
	defer face.Close()
	for _, c := range []struct{ printed, read, want string }{
		{"佐藤 健", "佐藤健", "佐藤 健"},
		{"田中 恵子", "田中恵子", "田中 恵子"},
		{"检测结果", "检测结果", "检测结果"},
		{"检 测 结 果", "检测结果", "检测结果"},
		{"李建国", "李建国", "李建国"},
	} {
		g := image.NewGray(image.Rect(0, 0, 600, 120))
		draw.Draw(g, g.Rect, image.White, image.Point{}, draw.Src)
		d := font.Drawer{Dst: g, Src: image.Black, Face: face, Dot: fixed.P(40, 80)}
		bounds, _ := d.BoundString(c.printed)
		d.DrawString(c.printed)
		b := labrelay.Box{X: float64(bounds.Min.X.Floor()), Y: float64(bounds.Min.Y.Floor()),
			W: float64((bounds.Max.X - bounds.Min.X).Ceil()), H: float64((bounds.Max.Y - bounds.Min.Y).Ceil())}
		rows := []labrelay.Row{{Words: []labrelay.Word{{Text: c.read, Box: b, Conf: 0.9}}}}
		spaceHanWords(g, rows)
		if got := rows[0].Words[0].Text; got != c.want {
			t.Errorf("printed %q read %q: %q, want %q", c.printed, c.read, got, c.want)
		}
	}
}
