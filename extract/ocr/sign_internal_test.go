package ocr

import (
	"image"
	"testing"

	"github.com/labrelay/labrelay"
)

// glyphs draws, from rows of '#' and '.', a cell at (10, 10) of a white
// page: a sign, a space, and a "1".
func glyphs(rows ...string) (*image.Gray, labrelay.Box) {
	g := image.NewGray(image.Rect(0, 0, 80, 60))
	for i := range g.Pix {
		g.Pix[i] = 240
	}
	for y, r := range rows {
		for x, c := range r + ".....####" {
			if c == '#' {
				g.Pix[(10+y)*g.Stride+10+x] = 30
			}
		}
	}
	return g, labrelay.Box{X: 10, Y: 10, W: float64(len(rows[0]) + 9), H: float64(len(rows))}
}

func TestSignAt(t *testing.T) {
	less := []string{
		"......##",
		"....###.",
		"..###...",
		"###.....",
		"..###...",
		"....###.",
		"......##",
	}
	bar := "########"
	cases := []struct {
		name string
		rows []string
		want rune
	}{
		{"<", less, '<'},
		{"≤", append(append(append([]string{}, less...), "........"), bar, bar), '≤'},
		{"=", []string{bar, bar, "........", "........", "........", bar, bar}, '='},
		{">", []string{"##......", ".###....", "...###..", ".....###", "...###..", ".###....", "##......"}, '>'},
		{"digit", []string{"...##...", "..###...", ".####...", "...##...", "...##...", "...##...", ".######."}, 0},
	}
	for _, c := range cases {
		g, b := glyphs(c.rows...)
		if got := signAt(g, b); got != c.want {
			t.Errorf("%s: signAt = %q, want %q", c.name, got, c.want)
		}
	}
	// a table rule under the cell is not the bar of "≤"
	g, b := glyphs(append(append([]string{}, less...), "........", "........")...)
	for x := range g.Rect.Dx() {
		g.Pix[(10+len(less)+1)*g.Stride+x] = 30
	}
	if got := signAt(g, b); got != '<' {
		t.Errorf("'<' over a table rule: signAt = %q", got)
	}
}

func TestFixSigns(t *testing.T) {
	rows := []string{
		"......##",
		"....###.",
		"..###...",
		"###.....",
		"..###...",
		"....###.",
		"......##",
		"........",
		"########",
	}
	g, b := glyphs(rows...)
	r := []labrelay.Row{{Words: []labrelay.Word{{Text: "= 1", Box: b, Conf: 0.95}}}}
	fixSigns(g, r)
	if w := r[0].Words[0]; w.Text != "≤ 1" || w.Conf > spacingConf {
		t.Errorf("got %q conf %.2f, want \"≤ 1\" at most %.2f", w.Text, w.Conf, spacingConf)
	}
}
