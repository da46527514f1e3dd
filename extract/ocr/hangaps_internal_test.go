package ocr

import (
	"image"
	"image/draw"
	"strings"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"

	"github.com/labrelay/labrelay"
)

// A Han word read without its space ("佐藤健" for the name 佐藤 健) gets it
// back where its ink has one wide gap; a word set solid, or letter-spaced
// evenly, stays as read.
func TestSpaceHanWords(t *testing.T) {
	for _, c := range []struct{ printed, read, want string }{
		{"佐藤 健", "佐藤健", "佐藤 健"},
		{"田中 恵子", "田中恵子", "田中 恵子"},
		{"检测结果", "检测结果", "检测结果"},
		{"检 测 结 果", "检测结果", "检测结果"},
		{"李建国", "李建国", "李建国"},
	} {
		g, b := renderText(t, cjkFont, "fonts-droid-fallback", c.printed)
		rows := []labrelay.Row{{Words: []labrelay.Word{{Text: c.read, Box: b, Conf: 0.9}}}}
		spaceHanWords(g, rows)
		if got := rows[0].Words[0].Text; got != c.want {
			t.Errorf("printed %q read %q: %q, want %q", c.printed, c.read, got, c.want)
		}
	}
}

// A Han name and its bracket read as one word ("総溶出量(10%エタノール)")
// get the space the print has before the bracket back, the bracket set
// in a Latin font or in the Han font; a print with no space keeps none.
func TestSpaceHanBrackets(t *testing.T) {
	for _, c := range []struct {
		han, rest   string
		mixed, want bool
	}{
		{"総溶出量", " (10%エタノール)", true, true},
		{"总迁移量", " (4%乙酸)", true, true},
		{"总迁移量", "(4%乙酸)", true, false},
		{"重金属", "(以Pb计)", true, false},
		{"総溶出量", " (10%エタノール)", false, true},
		{"总迁移量", "(4%乙酸)", false, false},
		{"重金属", "(以Pb计)", false, false},
	} {
		g, b := renderHanThen(t, c.han, c.rest, c.mixed)
		read := c.han + strings.TrimSpace(c.rest)
		rows := []labrelay.Row{{Words: []labrelay.Word{{Text: read, Box: b, Conf: 0.9}}}}
		spaceHanBrackets(g, rows)
		if got := rows[0].Words[0].Text; got != read != c.want {
			t.Errorf("printed %q%q (Latin font %v) read %q: %q", c.han, c.rest, c.mixed, read, got)
		}
	}
}

// renderHanThen draws han in the CJK font and rest after it, in the Latin
// font when mixed (as the generator's PDFs and most reports set brackets
// and digits), at 10 pt and 300 dpi; it returns the page and the ink's box.
func renderHanThen(t *testing.T, han, rest string, mixed bool) (*image.Gray, labrelay.Box) {
	t.Helper()
	cjk := face300(t, cjkFont, "fonts-droid-fallback")
	defer cjk.Close()
	latin := cjk
	if mixed {
		latin = face300(t, "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "fonts-dejavu-core")
		defer latin.Close()
	}
	g := image.NewGray(image.Rect(0, 0, 700, 120))
	draw.Draw(g, g.Rect, image.White, image.Point{}, draw.Src)
	d := font.Drawer{Dst: g, Src: image.Black, Face: cjk, Dot: fixed.P(40, 80)}
	b1, _ := d.BoundString(han)
	d.DrawString(han)
	d.Face = latin
	b2, _ := d.BoundString(rest)
	d.DrawString(rest)
	u := b1.Union(b2)
	return g, labrelay.Box{X: float64(u.Min.X.Floor()) - 2, Y: float64(u.Min.Y.Floor()) - 2,
		W: float64((u.Max.X - u.Min.X).Ceil()) + 4, H: float64((u.Max.Y - u.Min.Y).Ceil()) + 4}
}
