package ocr

import (
	"image"
	"image/draw"
	"testing"

	"github.com/labrelay/labrelay"
)

// A reading with marks where eng read plain letters, a digit or another
// accent puts its marks in; any other difference, or none, is refused.
func TestWithAccents(t *testing.T) {
	for _, c := range []struct{ was, re, want string }{
		{"Sanchez", "Sánchez", "Sánchez"},
		{"Sanchez", "sánchez", "Sánchez"},
		{"LOpez", "López", "López"},
		{"Migraci6n", "Migración", "Migración"},
		{"Migracién", "Migración", "Migración"},
		{"Kruger", "Krüger", "Krüger"},
		{"Prufer", "Prüfer:", "Prüfer"},
		{"Garcia,", "García", "García,"},
		{"Kruger", "Kruger", ""},
		{"Kruger", "Krugen", ""},
		{"Schmidt", "Schmídts", ""},
		{"Schmidt", "Schmídt,", "Schmídt"}, // the marks seen decide
		{"Migracién", "Migracion", ""},
	} {
		got, ok := withAccents(c.was, c.re)
		if !ok {
			got = ""
		}
		if got != c.want {
			t.Errorf("withAccents(%q, %q) = %q; want %q", c.was, c.re, got, c.want)
		}
	}
}

func TestMarksOf(t *testing.T) {
	for in, want := range map[string]marks{
		"Schmidt": {1, 0}, "Sánchez": {0, 1}, "Krüger": {2, 0}, "María": {0, 1},
		"Migración": {2, 1}, "Peña": {0, 1}, "Konformität": {3, 0},
	} {
		if got := marksOf(in); got != want {
			t.Errorf("marksOf(%q) = %+v; want %+v", in, got, want)
		}
	}
}

// Blobs over the letters' body are marks: a filled one a dot, a slanted
// stroke an accent. Ink reaching into the body (an ascender) and a piece
// cut by the search's top edge (the line above) are not.
func TestMarksAbove(t *testing.T) {
	g := image.NewGray(image.Rect(0, 0, 200, 100))
	draw.Draw(g, g.Rect, image.White, image.Point{}, draw.Src)
	fill := func(x0, y0, x1, y1 int) {
		draw.Draw(g, image.Rect(x0, y0, x1, y1), image.Black, image.Point{}, draw.Src)
	}
	// six letters 14 wide, the body from y 50 to 70; an ascender on the
	// first
	for k := range 6 {
		fill(20+k*18, 50, 34+k*18, 70)
	}
	fill(20, 38, 24, 50)
	fill(40, 40, 45, 45) // a dot over the second letter
	for d := range 8 {   // an acute over the fourth: a slanted stroke
		fill(76+d, 45-d, 79+d, 47-d)
	}
	fill(93, 42, 97, 46) // an umlaut over the fifth
	fill(100, 42, 104, 46)
	fill(60, 44, 61, 45)   // a speck over the third
	fill(110, 20, 116, 30) // over the sixth, cut by the search's top edge (y 25)
	b := labrelay.Box{X: 18, Y: 38, W: 112, H: 32}
	if got, pairs := marksAbove(g, b); got != (marks{dots: 3, strokes: 1}) || pairs != 1 {
		t.Errorf("marksAbove = %+v, %d pairs; want three dots, two of them a pair, and a stroke", got, pairs)
	}
	rows := []labrelay.Row{{Words: []labrelay.Word{{Text: "Niaeza", Box: b, Conf: 0.95}, {Text: "Hi", Box: b, Conf: 0.95}}}}
	got := findAccentWords(g, rows)
	if len(got) != 1 || got[0].word != 0 {
		t.Errorf("findAccentWords = %+v; want the first word only (the second is too short)", got)
	}
}
