package pdf

import (
	"math"
	"strings"

	lpdf "github.com/ledongthuc/pdf"
	pdffont "github.com/pdfcpu/pdfcpu/pkg/font"
)

// The content interpreter below replaces ledongthuc's Page.Content, which
// measures every glyph with the width of the n-th byte of the string: for
// two-byte (CID, Identity-H) fonts — what Word emits for CJK and for many
// Latin fonts — glyph positions drift and letters come out of order. It
// also follows Form XObjects, which Page.Content skips.

type matrix [3][3]float64

var ident = matrix{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}

func (x matrix) mul(y matrix) matrix {
	var z matrix
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			for k := 0; k < 3; k++ {
				z[i][j] += x[i][k] * y[k][j]
			}
		}
	}
	return z
}

// font is what showing text needs from a font dictionary.
type font struct {
	enc     lpdf.TextEncoding
	codeLen int
	scale   float64 // glyph space to text space (1/1000, or Type 3's FontMatrix)
	first   int
	widths  []float64
	cid     map[int]float64
	dw      float64
	uni     *toUnicode // ToUnicode of a two-byte font, decoded here
}

func newFont(v lpdf.Value) *font {
	f := &font{codeLen: 1, scale: 0.001}
	lf := lpdf.Font{V: v}
	f.enc = lf.Encoder()
	if f.enc == nil {
		f.enc = nopEnc{}
	}
	switch v.Key("Subtype").Name() {
	case "Type0":
		f.codeLen = 2
		f.uni = parseToUnicode(v.Key("ToUnicode"))
		f.dw = 1000
		d := v.Key("DescendantFonts").Index(0)
		if dw := d.Key("DW"); !dw.IsNull() {
			f.dw = dw.Float64()
		}
		f.cid = map[int]float64{}
		w := d.Key("W")
		for i := 0; i < w.Len() && i < 200000; {
			c := int(w.Index(i).Int64())
			next := w.Index(i + 1)
			if next.Kind() == lpdf.Array {
				for j := 0; j < next.Len() && j < 65536; j++ {
					f.cid[c+j] = next.Index(j).Float64()
				}
				i += 2
				continue
			}
			last := int(next.Int64())
			wd := w.Index(i + 2).Float64()
			for c2 := c; c2 <= last && c2-c < 65536; c2++ {
				f.cid[c2] = wd
			}
			i += 3
		}
	case "Type3":
		if m := v.Key("FontMatrix"); m.Len() == 6 {
			f.scale = math.Abs(m.Index(0).Float64())
		}
		fallthrough
	default:
		f.first = int(v.Key("FirstChar").Int64())
		ws := v.Key("Widths")
		for i := 0; i < ws.Len() && i < 65536; i++ {
			f.widths = append(f.widths, ws.Index(i).Float64())
		}
		if len(f.widths) == 0 {
			f.first, f.widths = 0, standardWidths(v)
		}
	}
	return f
}

// standardWidths gives a simple font written without /Widths (allowed
// for the 14 standard fonts, and done by simple writers for Arial and
// Times New Roman too) the advances of its standard font, by code; other
// fonts get their descriptor's missing or average width. Without them
// every glyph of a line fell on one x and words ran together.
func standardWidths(v lpdf.Value) []float64 {
	out := make([]float64, 256)
	if name, ok := coreFont(v.Key("BaseFont").Name()); ok {
		for c := range out {
			w, _ := pdffont.CharWidth(name, rune(c))
			out[c] = float64(w)
		}
		return out
	}
	d := v.Key("FontDescriptor")
	w := d.Key("MissingWidth").Float64()
	if w <= 0 {
		w = d.Key("AvgWidth").Float64()
	}
	if w <= 0 {
		w = 500
	}
	for c := range out {
		out[c] = w
	}
	return out
}

// coreFont names the standard font whose metrics base (a PDF BaseFont,
// maybe subset-tagged or a Windows name: "ABCDEF+Arial,Bold",
// "TimesNewRomanPS-BoldMT") uses.
func coreFont(base string) (string, bool) {
	if i := strings.IndexByte(base, '+'); i == 6 {
		base = base[i+1:]
	}
	if pdffont.IsCoreFont(base) {
		return base, true
	}
	b := strings.ToLower(base)
	bold := strings.Contains(b, "bold")
	italic := strings.Contains(b, "italic") || strings.Contains(b, "oblique")
	pick := func(regular, boldName, italicName, both string) (string, bool) {
		switch {
		case bold && italic:
			return both, true
		case bold:
			return boldName, true
		case italic:
			return italicName, true
		}
		return regular, true
	}
	switch {
	case strings.HasPrefix(b, "helvetica"), strings.HasPrefix(b, "arial"):
		return pick("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique")
	case strings.HasPrefix(b, "times"):
		return pick("Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic")
	case strings.HasPrefix(b, "courier"):
		return pick("Courier", "Courier-Bold", "Courier-Oblique", "Courier-BoldOblique")
	}
	return "", false
}

// width returns the advance of code in glyph space; 0 when unknown.
func (f *font) width(code int) float64 {
	if f.cid != nil {
		if w, ok := f.cid[code]; ok {
			return w
		}
		return f.dw
	}
	if i := code - f.first; i >= 0 && i < len(f.widths) {
		return f.widths[i]
	}
	return 0
}

type nopEnc struct{}

func (nopEnc) Decode(raw string) string { return raw }

type gstate struct {
	Tc, Tw, Th, Tl, Tfs, Trise float64
	font                       *font
	Tm, Tlm, CTM               matrix
}

// interp walks a page's content streams and collects glyphs.
type interp struct {
	gs    []glyph
	depth int
	limit int // glyph cap, against content bombs
}

const maxGlyphs = 400000

// run interprets strm with resources res starting from graphics state g.
func (in *interp) run(strm, res lpdf.Value, g gstate) {
	var stack []gstate
	fonts := map[string]*font{}
	show := func(raw string) {
		f := g.font
		if f == nil {
			return
		}
		n := f.codeLen
		for i := 0; i+n <= len(raw); i += n {
			code := raw[i : i+n]
			c := 0
			for j := 0; j < n; j++ {
				c = c<<8 | int(code[j])
			}
			w0 := f.width(c)
			trm := matrix{{g.Tfs * g.Th, 0, 0}, {0, g.Tfs, 0}, {0, g.Trise, 1}}.mul(g.Tm).mul(g.CTM)
			var s string
			if f.uni != nil {
				s, _ = f.uni.decode(c)
			} else {
				s = f.enc.Decode(code)
			}
			fs := math.Hypot(trm[1][0], trm[1][1])
			rotated := math.Abs(trm[0][1]) > 0.1*math.Abs(trm[0][0]) || trm[0][0] <= 0
			if s != "" && !rotated && len(in.gs) < in.limit {
				in.gs = append(in.gs, glyph{x: trm[2][0], base: trm[2][1], w: w0 * f.scale * trm[0][0], fs: fs, s: s,
					space: strings.TrimSpace(s) == ""})
			}
			tx := w0*f.scale*g.Tfs + g.Tc
			if n == 1 && c == 32 {
				tx += g.Tw
			}
			tx *= g.Th
			g.Tm = matrix{{1, 0, 0}, {0, 1, 0}, {tx, 0, 1}}.mul(g.Tm)
		}
	}
	lpdf.Interpret(strm, func(stk *lpdf.Stack, op string) {
		n := stk.Len()
		args := make([]lpdf.Value, n)
		for i := n - 1; i >= 0; i-- {
			args[i] = stk.Pop()
		}
		num := func(i int) float64 {
			if i < len(args) {
				return args[i].Float64()
			}
			return 0
		}
		switch op {
		case "q":
			if len(stack) < 256 {
				stack = append(stack, g)
			}
		case "Q":
			if len(stack) > 0 {
				g = stack[len(stack)-1]
				stack = stack[:len(stack)-1]
			}
		case "cm":
			if len(args) == 6 {
				m := matrix{{num(0), num(1), 0}, {num(2), num(3), 0}, {num(4), num(5), 1}}
				g.CTM = m.mul(g.CTM)
			}
		case "BT":
			g.Tm, g.Tlm = ident, ident
		case "Tc":
			g.Tc = num(0)
		case "Tw":
			g.Tw = num(0)
		case "Tz":
			g.Th = num(0) / 100
		case "TL":
			g.Tl = num(0)
		case "Ts":
			g.Trise = num(0)
		case "Tf":
			if len(args) == 2 {
				name := args[0].Name()
				f, ok := fonts[name]
				if !ok {
					f = newFont(res.Key("Font").Key(name))
					fonts[name] = f
				}
				g.font = f
				g.Tfs = num(1)
			}
		case "Td", "TD":
			if len(args) == 2 {
				if op == "TD" {
					g.Tl = -num(1)
				}
				g.Tlm = matrix{{1, 0, 0}, {0, 1, 0}, {num(0), num(1), 1}}.mul(g.Tlm)
				g.Tm = g.Tlm
			}
		case "Tm":
			if len(args) == 6 {
				g.Tlm = matrix{{num(0), num(1), 0}, {num(2), num(3), 0}, {num(4), num(5), 1}}
				g.Tm = g.Tlm
			}
		case "T*":
			g.Tlm = matrix{{1, 0, 0}, {0, 1, 0}, {0, -g.Tl, 1}}.mul(g.Tlm)
			g.Tm = g.Tlm
		case "Tj", "'", "\"":
			if op != "Tj" {
				if op == "\"" && len(args) == 3 {
					g.Tw, g.Tc = num(0), num(1)
				}
				g.Tlm = matrix{{1, 0, 0}, {0, 1, 0}, {0, -g.Tl, 1}}.mul(g.Tlm)
				g.Tm = g.Tlm
			}
			if len(args) > 0 {
				show(args[len(args)-1].RawString())
			}
		case "TJ":
			if len(args) == 1 {
				v := args[0]
				for i := 0; i < v.Len(); i++ {
					x := v.Index(i)
					if x.Kind() == lpdf.String {
						show(x.RawString())
					} else {
						tx := -x.Float64() / 1000 * g.Tfs * g.Th
						g.Tm = matrix{{1, 0, 0}, {0, 1, 0}, {tx, 0, 1}}.mul(g.Tm)
					}
				}
			}
		case "Do":
			if len(args) != 1 || in.depth >= 8 {
				return
			}
			x := res.Key("XObject").Key(args[0].Name())
			if x.Key("Subtype").Name() != "Form" {
				return
			}
			sub := g
			if m := x.Key("Matrix"); m.Len() == 6 {
				mm := matrix{{m.Index(0).Float64(), m.Index(1).Float64(), 0}, {m.Index(2).Float64(), m.Index(3).Float64(), 0}, {m.Index(4).Float64(), m.Index(5).Float64(), 1}}
				sub.CTM = mm.mul(g.CTM)
			}
			r := x.Key("Resources")
			if r.IsNull() {
				r = res
			}
			in.depth++
			in.run(x, r, sub)
			in.depth--
		}
	})
}

// pageGlyphs returns the glyphs of a page, positions in default user space.
func pageGlyphs(pg lpdf.Page) []glyph {
	in := &interp{limit: maxGlyphs}
	in.run(pg.V.Key("Contents"), inherited(pg.V, "Resources"), gstate{Th: 1, CTM: ident, Tm: ident, Tlm: ident})
	return in.gs
}
