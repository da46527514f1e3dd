package pdf_test

import (
	"bytes"
	"context"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/pdf"
)

// TestPdftotextGeometry: the pdftotext path places poppler's words where
// the text layer has them (word boxes from -bbox, sizes from pdftohtml),
// so on every fixture page the two readings have the same rows, text and
// positions; a character grid had neither. Spaces may differ next to CJK
// text: poppler splits there at gaps where no space glyph was written.
func TestPdftotextGeometry(t *testing.T) {
	bin := pdftotext(t)
	for _, name := range fixtures(t) {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		ours, err := (&pdf.Reader{}).ReadLayout(context.Background(), data, "application/pdf")
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := pdf.PdftotextLayout(context.Background(), bin, data, pdf.DefaultMaxPages)
		if err != nil {
			t.Fatal(err)
		}
		if len(ours.Pages) != len(theirs.Pages) {
			t.Fatalf("%s: %d pages vs %d from pdftotext", name, len(ours.Pages), len(theirs.Pages))
		}
		for i, p := range ours.Pages {
			q := theirs.Pages[i]
			if len(p.Rows) != len(q.Rows) {
				t.Errorf("%s p%d: %d rows vs %d from pdftotext", name, i+1, len(p.Rows), len(q.Rows))
				continue
			}
			for j, r := range p.Rows {
				s := q.Rows[j]
				if nospace(r.Text()) != nospace(s.Text()) || math.Abs(r.Box.X-s.Box.X) > 1 || math.Abs(r.Box.Y-s.Box.Y) > 2 {
					t.Errorf("%s p%d row %d:\n ours %q at %.1f,%.1f\n pdftotext %q at %.1f,%.1f", name, i+1, j,
						r.Text(), r.Box.X, r.Box.Y, s.Text(), s.Box.X, s.Box.Y)
				}
			}
		}
	}
}

func nospace(s string) string { return strings.Join(strings.Fields(s), "") }

// TestPdftotextCopyProtected: a PDF whose permissions forbid copying
// text (what many labs set) is read by the pdftotext path as the same
// file unprotected: pdftohtml, which gives the font sizes, refuses such
// a file unless told to ignore the flag, and sizes guessed from poppler's
// word boxes put words at other heights and baselines.
func TestPdftotextCopyProtected(t *testing.T) {
	bin := pdftotext(t)
	data := mustFixture(t, "sgs-rohs-1.pdf")
	api.DisableConfigDir()
	conf := model.NewAESConfiguration("", "owner", 256)
	conf.Permissions = model.PermissionsPrint
	var enc bytes.Buffer
	if err := api.Encrypt(bytes.NewReader(data), &enc, conf); err != nil {
		t.Fatalf("encrypt: %v", err)
	}
	plain, err := pdf.PdftotextLayout(t.Context(), bin, data, pdf.DefaultMaxPages)
	if err != nil {
		t.Fatal(err)
	}
	prot, err := pdf.PdftotextLayout(t.Context(), bin, enc.Bytes(), pdf.DefaultMaxPages)
	if err != nil {
		t.Fatal(err)
	}
	if len(plain.Pages) != len(prot.Pages) {
		t.Fatalf("%d pages, %d when copy-protected", len(plain.Pages), len(prot.Pages))
	}
	for i, p := range plain.Pages {
		q := prot.Pages[i]
		if len(p.Rows) != len(q.Rows) {
			t.Errorf("p%d: %d rows, %d when copy-protected", i+1, len(p.Rows), len(q.Rows))
			continue
		}
		for j, r := range p.Rows {
			if s := q.Rows[j]; r.Text() != s.Text() || r.Box != s.Box {
				t.Errorf("p%d row %d:\n plain %q at %+v\n protected %q at %+v", i+1, j, r.Text(), r.Box, s.Text(), s.Box)
			}
		}
	}
}

// textLayerCases are generated pages whose shape once made the pdftotext
// path group words otherwise than the text layer (fixture generators).
func textLayerCases() map[string]func(f *fpdf.Fpdf) {
	return map[string]func(f *fpdf.Fpdf){
		// A two-word caption with its value set 5 pt lower, beside a
		// smaller line: poppler's two words are no footnote mark to
		// merge into the value's row.
		"caption above its value": func(f *fpdf.Fpdf) {
			f.SetFont("Sans", "B", 11)
			f.Text(38, 450.7, "Prepared for:")
			f.Text(182, 455.6, "Saul Kohen")
			f.Text(182, 468.8, "Inter Asia Sourcing, Inc.")
			f.SetFont("Sans", "B", 10)
			f.Text(408, 457.4, "Revision Date:")
		},
		// A chart's axis title runs up the page beside its tick labels:
		// the text layer drops turned glyphs, so must poppler's side.
		"axis title beside tick labels": func(f *fpdf.Fpdf) {
			f.SetFont("Sans", "", 9)
			for i, v := range []string{"400", "350", "300", "250", "200"} {
				f.Text(62, 230+float64(i)*18, v)
			}
			f.SetFont("Sans", "B", 10)
			f.TransformBegin()
			f.TransformRotate(90, 53, 320)
			f.Text(53, 320, "Temperature (°C)")
			f.TransformEnd()
			f.Text(100, 400, "Sample Notes")
		},
		// A cell's value centred beside a caption's second line: the
		// space Word writes after it makes it no footnote mark.
		"value beside a caption's second line": func(f *fpdf.Fpdf) {
			f.SetFont("Sans", "", 10)
			f.Text(61, 365, "PS1: Other data output ports ")
			f.Text(61, 376.4, "(accessible ports) ")
			f.Text(359, 370.7, "N/A ")
		},
		// A subscript is part of its word; the space after it parts it
		// from the next.
		"subscripts": func(f *fpdf.Fpdf) {
			x := 60.0
			for _, run := range []struct {
				s       string
				size    float64
				lowered float64
			}{{"Rated voltage U", 10, 0}, {"op", 6.5, 2}, {" (V) ..... : 250", 10, 0}} {
				f.SetFont("Sans", "", run.size)
				f.Text(x, 300+run.lowered, run.s)
				x += f.GetStringWidth(run.s)
			}
		},
		// Small type: pdftohtml rounds 6.5 pt to 7; the word boxes'
		// heights tell, against the same font's at a larger size.
		"small type": func(f *fpdf.Fpdf) {
			f.SetFont("Sans", "", 14)
			f.Text(48, 100, "Test report")
			f.SetFont("Sans", "", 6.5)
			f.Text(48, 780, "Any alteration of this report is unlawful.")
		},
		// A writer that places every word and writes no spaces: a
		// "<" 0.3 of the size before its "1" is two words (poppler
		// joins them into one; its -raw words keep them apart).
		"words placed, no spaces": func(f *fpdf.Fpdf) {
			f.SetFont("Sans", "", 10)
			for _, w := range []struct {
				x float64
				s string
			}{{48, "Naphthalene"}, {298, "N.D"}, {470, "0.2"}, {524.6, "<"}} {
				f.Text(w.x, 345, w.s)
			}
			f.Text(524.6+f.GetStringWidth("<")+3, 345, "1")
		},
	}
}

// TestPdftotextLikeTextLayer: on each of textLayerCases both readings
// must give the same rows.
func TestPdftotextLikeTextLayer(t *testing.T) {
	bin := pdftotext(t)
	cases := textLayerCases()
	for name, draw := range cases {
		t.Run(name, func(t *testing.T) {
			f := fpdf.New("P", "pt", "Letter", "")
			for style, file := range map[string]string{"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"} {
				b, err := os.ReadFile("/usr/share/fonts/truetype/dejavu/" + file)
				if err != nil {
					t.Skipf("font: %v", err)
				}
				f.AddUTF8FontFromBytes("Sans", style, b)
			}
			f.AddPage()
			draw(f)
			var b bytes.Buffer
			if err := f.Output(&b); err != nil {
				t.Fatal(err)
			}
			ours, err := (&pdf.Reader{}).ReadLayout(t.Context(), b.Bytes(), "application/pdf")
			if err != nil {
				t.Fatal(err)
			}
			theirs, err := pdf.PdftotextLayout(t.Context(), bin, b.Bytes(), pdf.DefaultMaxPages)
			if err != nil {
				t.Fatal(err)
			}
			if a, b := rowTexts(ours.Pages[0]), rowTexts(theirs.Pages[0]); !slices.Equal(a, b) {
				t.Errorf("rows differ:\n text layer %q\n pdftotext  %q", a, b)
			}
			for i, r := range ours.Pages[0].Rows {
				if i < len(theirs.Pages[0].Rows) && math.Abs(r.Box.H-theirs.Pages[0].Rows[i].Box.H) > 0.15 {
					t.Errorf("row %q: %.2f high, %.2f from pdftotext", r.Text(), r.Box.H, theirs.Pages[0].Rows[i].Box.H)
				}
			}
		})
	}
}

func rowTexts(p labrelay.Page) []string {
	var out []string
	for _, r := range p.Rows {
		out = append(out, r.Text())
	}
	return out
}
