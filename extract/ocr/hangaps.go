package ocr

import (
	"image"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/pageimage"
)

// Spaces in Han words. A Japanese name prints a space between family and
// given name ("佐藤 健", "田中 恵子"); Tesseract's Han models, and the Han
// re-reads that drop their spaces, read it as one word. A Han word of
// three to six characters whose ink has one gap far wider than the
// others gets its space back where the gap stands.

const (
	// hanGapMin is the least gap, over the word's height, read as a space.
	hanGapMin = 0.3
	// hanGapOver is how much wider than every other gap that one must be.
	hanGapOver = 1.5
)

// spaceHanWords puts the space of a wide gap into the Han words of rows.
func spaceHanWords(g *image.Gray, rows []labrelay.Row) {
	for ri := range rows {
		if resultLike(rows[ri]) {
			continue
		}
		for wi := range rows[ri].Words {
			w := &rows[ri].Words[wi]
			n := utf8.RuneCountInString(w.Text)
			if n < 3 || n > 6 || !allHan(w.Text) || strings.Contains(w.Text, " ") {
				continue
			}
			if at, ok := hanGap(g, w.Box, n); ok {
				rs := []rune(w.Text)
				w.Text = string(rs[:at]) + " " + string(rs[at:])
			}
		}
	}
}

// hanGap returns after how many of the word's n characters its one wide
// gap of ink stands (see hanGapMin, hanGapOver); ok is false when it has
// none, or several.
func hanGap(g *image.Gray, b labrelay.Box, n int) (int, bool) {
	if g == nil {
		return 0, false
	}
	r := image.Rect(int(b.X), int(b.Y), int(b.X+b.W+0.5), int(b.Y+b.H+0.5)).Intersect(g.Rect)
	if r.Dx() < 4 || r.Dy() < 8 {
		return 0, false
	}
	t := min(pageimage.Otsu(g.SubImage(r).(*image.Gray)), 128)
	type run struct{ x0, x1 int }
	var gaps []run
	start, seen := -1, false
	for x := r.Min.X; x < r.Max.X; x++ {
		ink := false
		for y := r.Min.Y; y < r.Max.Y && !ink; y++ {
			ink = g.Pix[g.PixOffset(x, y)] < t
		}
		switch {
		case ink && start >= 0:
			gaps = append(gaps, run{start, x})
			start = -1
		case !ink && seen && start < 0:
			start = x
		}
		seen = seen || ink
	}
	if len(gaps) == 0 {
		return 0, false
	}
	widths := make([]int, len(gaps))
	for i, gp := range gaps {
		widths[i] = gp.x1 - gp.x0
	}
	k := slices.Index(widths, slices.Max(widths))
	second := 0
	for i, wd := range widths {
		if i != k {
			second = max(second, wd)
		}
	}
	wide := gaps[k]
	if float64(widths[k]) < hanGapMin*float64(r.Dy()) || float64(widths[k]) < hanGapOver*float64(second) {
		return 0, false
	}
	// characters are as wide as one another: the gap's place among them
	per := float64(r.Dx()-widths[k]) / float64(n)
	at := int(float64(wide.x0-r.Min.X)/per + 0.5)
	if at < 1 || at >= n {
		return 0, false
	}
	return at, true
}

// A Han name and its bracket. "総溶出量 (10%エタノール)" prints a space
// before its bracket; Tesseract's Han models read the name and the
// bracket as one word and drop it. The print's space is an ink gap half
// a character wide, where a Han character's sides leave an eighth: a word
// of Han characters and a bracket whose gap before the bracket is that
// wide gets its space back. A print with no space keeps none.

// reHanBracket is a word of two Han characters or more and a bracket.
var reHanBracket = regexp.MustCompile(`^(\p{Han}{2,})\(`)

// spaceHanBrackets puts back the space before the bracket of Han words.
func spaceHanBrackets(g *image.Gray, rows []labrelay.Row) {
	for ri := range rows {
		for wi := range rows[ri].Words {
			w := &rows[ri].Words[wi]
			m := reHanBracket.FindStringSubmatch(w.Text)
			if m == nil {
				continue
			}
			if bracketGap(g, w.Box, utf8.RuneCountInString(m[1])) {
				w.Text = m[1] + " " + w.Text[len(m[1]):]
			}
		}
	}
}

// bracketGap reports whether the ink of a word of n Han characters and a
// bracket after them has a space's gap before the bracket: bracketGapMin
// of a character's width at least, and twice any gap between the
// characters.
func bracketGap(g *image.Gray, b labrelay.Box, n int) bool {
	if g == nil {
		return false
	}
	r := rect(b).Intersect(g.Rect)
	if r.Dx() < 4 || r.Dy() < 8 {
		return false
	}
	runs := inkRunsBelow(g, r, min(pageimage.Otsu(g.SubImage(r).(*image.Gray)), 128))
	if len(runs) <= n {
		return false
	}
	widths := make([]int, n)
	for i, ru := range runs[:n] {
		widths[i] = ru[1] - ru[0]
	}
	slices.Sort(widths)
	em := float64(widths[n/2]) // a Han character's width
	// the bracket: the first narrow run past the characters' place
	for j := 1; j < len(runs); j++ {
		if float64(runs[j][0]-r.Min.X) < (float64(n)-0.5)*em || float64(runs[j][1]-runs[j][0]) > 0.5*em {
			continue
		}
		inside := 0
		for k := 1; k < j; k++ {
			inside = max(inside, runs[k][0]-runs[k-1][1])
		}
		gap := runs[j][0] - runs[j-1][1]
		return float64(gap) >= bracketGapMin*em && gap >= 2*inside
	}
	return false
}

// bracketGapMin is the least gap before a bracket, over a Han
// character's width, read as a space: a Han character's side and a Latin
// font's bracket leave 0.15 or so, a Han font's half-width bracket 0.37
// to 0.43; a space adds 0.3 (scans: 0.47 to 0.53).
const bracketGapMin = 0.45
