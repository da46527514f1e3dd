package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/text"
)

// pageTimeout bounds one pdftotext run.
const pageTimeout = 20 * time.Second

// fallback runs poppler's pdftotext on single pages of one document; the
// document is written to a temporary file once, on first use.
type fallback struct {
	bin  string
	data []byte
	path string
	err  error
}

func (f *fallback) close() {
	if f.path != "" {
		os.Remove(f.path)
	}
}

func (f *fallback) file() (string, error) {
	if f.path != "" || f.err != nil {
		return f.path, f.err
	}
	tmp, err := os.CreateTemp("", "labrelay-*.pdf")
	if err != nil {
		f.err = err
		return "", err
	}
	f.path = tmp.Name()
	if _, err := tmp.Write(f.data); err != nil {
		tmp.Close()
		f.err = err
		return "", err
	}
	f.err = tmp.Close()
	return f.path, f.err
}

// page runs `pdftotext -bbox` on page i and turns its words, at the
// positions poppler gives them, into rows as the text layer's glyphs are.
func (f *fallback) page(ctx context.Context, i int, w, h float64) (*labrelay.Page, error) {
	path, err := f.file()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, pageTimeout)
	defer cancel()
	n := strconv.Itoa(i)
	cmd := exec.CommandContext(ctx, f.bin, "-q", "-bbox", "-enc", "UTF-8", "-f", n, "-l", n, path, "-")
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, errors.New("timed out")
		}
		return nil, fmt.Errorf("%v %s", err, text.OneLine(stderr.String()))
	}
	pages := bboxPages(out.String(), fontSizes(ctx, f.bin, path, i, i), rawWords(ctx, f.bin, path, i, i))
	if len(pages) == 0 {
		return nil, errors.New("pdftotext gave no page")
	}
	p := pages[0]
	p.Number = i
	if p.Width <= 0 || p.Height <= 0 {
		p.Width, p.Height = w, h
	}
	return p, nil
}

// sizedBox is a run of text that pdftohtml placed, with its font size;
// trail: its text ends in a space, a space glyph the text layer has after
// the run's last word (Word writes one after every line of a cell).
type sizedBox struct {
	x0, y0, x1, y1, size float64
	trail, lead          bool
	family               string
}

var (
	reHTMLPage = regexp.MustCompile(`<page number="\d+"`)
	reHTMLFont = regexp.MustCompile(`<fontspec id="(\d+)" size="([\d.]+)" family="([^"]*)"`)
	reHTMLText = regexp.MustCompile(`<text top="(-?\d+)" left="(-?\d+)" width="(\d+)" height="(\d+)" font="(\d+)">(.*)</text>`)
	reHTMLTag  = regexp.MustCompile(`<[^>]*>`)
)

// fontSizes runs `pdftohtml -xml` (poppler, next to pdftotext) on pages
// first..last of path and returns, per page, its text runs with their
// font sizes; nil when pdftohtml is missing or fails (sizes are then
// estimated from the word boxes).
func fontSizes(ctx context.Context, pdftotext, path string, first, last int) [][]sizedBox {
	bin := "pdftohtml"
	if filepath.IsAbs(pdftotext) {
		bin = filepath.Join(filepath.Dir(pdftotext), bin)
	}
	if _, err := exec.LookPath(bin); err != nil {
		return nil
	}
	out, err := exec.CommandContext(ctx, bin, "-q", "-nodrm", "-xml", "-i", "-zoom", "1", "-f", strconv.Itoa(first), "-l", strconv.Itoa(last),
		"-stdout", path).Output()
	if err != nil {
		return nil
	}
	text := string(out)
	fonts, family := map[string]float64{}, map[string]string{}
	for _, m := range reHTMLFont.FindAllStringSubmatch(text, -1) {
		fonts[m[1]], _ = strconv.ParseFloat(m[2], 64)
		family[m[1]] = m[3]
	}
	var pages [][]sizedBox
	locs := reHTMLPage.FindAllStringIndex(text, -1)
	for k, loc := range locs {
		end := len(text)
		if k+1 < len(locs) {
			end = locs[k+1][0]
		}
		var boxes []sizedBox
		for _, m := range reHTMLText.FindAllStringSubmatch(text[loc[1]:end], -1) {
			var v [4]float64
			for j := range v {
				v[j], _ = strconv.ParseFloat(m[j+1], 64)
			}
			s := html.UnescapeString(reHTMLTag.ReplaceAllString(m[6], ""))
			boxes = append(boxes, sizedBox{x0: v[1], y0: v[0], x1: v[1] + v[2], y1: v[0] + v[3], size: fonts[m[5]], family: family[m[5]],
				trail: strings.HasSuffix(s, " "), lead: strings.HasPrefix(s, " ")})
		}
		pages = append(pages, boxes)
	}
	return pages
}

// runAt is the index of the text run around (x, y), -1 if none; runs
// are rounded to whole points, so a point of slack.
func runAt(boxes []sizedBox, x, y float64) int {
	for i, b := range boxes {
		if x >= b.x0-1 && x <= b.x1+1 && y >= b.y0-1 && y <= b.y1+2 {
			return i
		}
	}
	return -1
}

// wordBreak reports whether poppler's words a and b, in its reading order,
// are neighbours on one line to be kept apart by a space, as the text
// layer's space glyphs keep words apart: b starts right of a, leaving a
// space's gap (poppler also ends a word where the font changes: "U" and
// a subscript "op" are one word to the text layer), and their boxes
// overlap (a raised "st" and the word after it). Next to CJK text poppler
// splits at small gaps where no space is written ("航空路 30 号"): there
// the gap rules of lineRow decide, as for the text layer.
func wordBreak(a, b glyph) bool {
	top := math.Max(a.base-0.8*a.fs, b.base-0.8*b.fs)
	bottom := math.Min(a.base+0.2*a.fs, b.base+0.2*b.fs)
	fs := math.Min(a.fs, b.fs)
	resized := math.Abs(a.fs-b.fs) > 0.05*math.Max(a.fs, b.fs)
	if (resized && b.x-(a.x+a.w) < 0.1*fs) || bottom-top < 0.5*fs {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(a.s)
	first, _ := utf8.DecodeRuneInString(b.s)
	return !wide(last) && !wide(first)
}

var (
	reBBoxPage = regexp.MustCompile(`<page width="([-\d.]+)" height="([-\d.]+)">`)
	reBBoxWord = regexp.MustCompile(`<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)</word>`)
)

// bboxPages reads the pages of `pdftotext -bbox` output into rows, as
// rows groups a text layer's glyphs, so the rules see the same geometry
// either way.
func bboxPages(out string, sizes [][]sizedBox, raws [][]wordBox) []*labrelay.Page {
	var pages []*labrelay.Page
	locs := reBBoxPage.FindAllStringSubmatchIndex(out, -1)
	for k, loc := range locs {
		end := len(out)
		if k+1 < len(locs) {
			end = locs[k+1][0]
		}
		w, _ := strconv.ParseFloat(out[loc[2]:loc[3]], 64)
		h, _ := strconv.ParseFloat(out[loc[4]:loc[5]], 64)
		var sz []sizedBox
		if k < len(sizes) {
			sz = sizes[k]
		}
		var raw []wordBox
		if k < len(raws) {
			raw = raws[k]
		}
		pages = append(pages, &labrelay.Page{Number: k + 1, Width: w, Height: h, Unit: "pt",
			Path: labrelay.PathPdftotext, Rows: rows(wordGlyphs(out[loc[1]:end], sz, raw))})
	}
	return pages
}

// wordGlyphs turns one page of poppler's words into glyphs: a glyph per
// character of each word (size from pdftohtml's run around it, else from
// the box's height; the baseline 0.77 of the box down, where poppler's
// ascent-to-descent box has it for the fonts of real reports: the
// bottom's distance varies more, with the font's descent), with a space
// glyph between neighbours on a line.
func wordGlyphs(page string, sizes []sizedBox, raw []wordBox) []glyph {
	var gs []glyph
	last := map[int]int{} // run -> its rightmost word's last glyph
	// A page whose runs never start or end with a space has no space
	// glyphs (some writers place every word): lineRow's gap rules part
	// its words, as they part the text layer's.
	spaced := sizes == nil || slices.ContainsFunc(sizes, func(b sizedBox) bool { return b.trail || b.lead })
	ratio := heightRatios(page, sizes)
	for _, m := range reBBoxWord.FindAllStringSubmatch(page, -1) {
		var v [4]float64
		for j := range v {
			v[j], _ = strconv.ParseFloat(m[j+1], 64)
		}
		text := html.UnescapeString(m[5])
		// poppler's box spans the font's ascent to descent, about 1.2
		// times its size for Latin fonts, more for CJK ones: the size
		// pdftohtml gives the text is taken when there is one.
		fs := (v[3] - v[1]) / 1.2
		run, sz := runAt(sizes, (v[0]+v[2])/2, (v[1]+v[3])/2), 0.0
		if run >= 0 {
			sz = sizes[run].size
		}
		if sz > 0 {
			fs = sz
			// pdftohtml rounds sizes to whole points (6.5 is 7): the
			// box's height over its font's ratio says which fraction.
			if k := ratio[sizes[run].family]; k > 0 {
				fs = min(max((v[3]-v[1])/k, sz-0.5), sz+0.5)
			}
		}
		if text == "" || fs <= 0 || v[2] < v[0] || (sz == 0 && sideways(text, v[2]-v[0], v[3]-v[1])) {
			continue
		}
		g := glyph{x: v[0], base: v[1] + 0.77*(v[3]-v[1]), w: v[2] - v[0], fs: fs, s: text}
		if n := len(gs); n > 0 && spaced && wordBreak(gs[n-1], g) {
			prev, big := gs[n-1], gs[n-1]
			if g.fs > big.fs {
				big = g
			}
			gs = append(gs, glyph{x: prev.x + prev.w, base: big.base, w: max(g.x-prev.x-prev.w, 0), fs: big.fs, s: " ", space: true})
		}
		gs = append(gs, pieces(g, raw)...)
		if run >= 0 && sizes[run].trail {
			if j, ok := last[run]; !ok || gs[j].x+gs[j].w < g.x+g.w {
				last[run] = len(gs) - 1
			}
		}
	}
	// The space after a run's last word, where pdftohtml has one.
	for _, j := range last {
		e := gs[j]
		gs = append(gs, glyph{x: e.x + e.w, base: e.base, w: 0.25 * e.fs, fs: e.fs, s: " ", space: true})
	}
	return unwritten(gs)
}

// unwritten drops the space glyphs put over a written one: poppler reads
// a raised "st" after the words of its line, so the space between "1" and
// "+" spans it, and would split it.
func unwritten(gs []glyph) []glyph {
	out := gs[:0:0]
	for _, s := range gs {
		if s.space && slices.ContainsFunc(gs, func(g glyph) bool {
			return !g.space && g.x < s.x+s.w-0.01 && g.x+g.w > s.x+0.01 &&
				math.Min(g.base+0.2*g.fs, s.base+0.2*s.fs)-math.Max(g.base-0.8*g.fs, s.base-0.8*s.fs) > 0.3*math.Min(g.fs, s.fs)
		}) {
			continue
		}
		out = append(out, s)
	}
	return out
}

// sideways reports whether a word poppler boxed w by h is set running up
// or down the page (an axis title): the text layer drops such glyphs.
// poppler's box of a turned word is a line's height wide and its letters'
// advances tall. pdftohtml places no upright run over it, which a short
// upright word ("1.", taller than wide) has.
func sideways(s string, w, h float64) bool {
	return utf8.RuneCountInString(s) >= 2 && h > 1.3*w
}

// heightRatios is, per font family on the page, the height of poppler's
// word boxes over the size pdftohtml gives them, taken at the family's
// largest size, where rounding the size errs least.
func heightRatios(page string, sizes []sizedBox) map[string]float64 {
	type acc struct {
		size float64
		rs   []float64
	}
	fam := map[string]*acc{}
	for _, m := range reBBoxWord.FindAllStringSubmatch(page, -1) {
		var v [4]float64
		for j := range v {
			v[j], _ = strconv.ParseFloat(m[j+1], 64)
		}
		run := runAt(sizes, (v[0]+v[2])/2, (v[1]+v[3])/2)
		if run < 0 || sizes[run].size <= 0 || v[3] <= v[1] {
			continue
		}
		b := sizes[run]
		a := fam[b.family]
		if a == nil || b.size > a.size {
			a = &acc{size: b.size}
			fam[b.family] = a
		}
		if b.size == a.size {
			a.rs = append(a.rs, (v[3]-v[1])/b.size)
		}
	}
	out := map[string]float64{}
	for f, a := range fam {
		slices.Sort(a.rs)
		out[f] = a.rs[len(a.rs)/2]
	}
	return out
}

// wordBox is a word of `pdftotext -raw -bbox`.
type wordBox struct {
	x0, y0, x1, y1 float64
	s              string
}

// rawWords runs `pdftotext -raw -bbox` on pages first..last of path: in
// content order poppler does not join words, so a word of its usual
// output ("<1") may be several here, with the gap between them that the
// text layer has ("<" and "1", 0.3 of the size apart, two words there).
// nil when it fails.
func rawWords(ctx context.Context, bin, path string, first, last int) [][]wordBox {
	out, err := exec.CommandContext(ctx, bin, "-q", "-raw", "-bbox", "-enc", "UTF-8", "-f", strconv.Itoa(first), "-l", strconv.Itoa(last),
		path, "-").Output()
	if err != nil {
		return nil
	}
	text := string(out)
	var pages [][]wordBox
	locs := reBBoxPage.FindAllStringIndex(text, -1)
	for k, loc := range locs {
		end := len(text)
		if k+1 < len(locs) {
			end = locs[k+1][0]
		}
		var ws []wordBox
		for _, m := range reBBoxWord.FindAllStringSubmatch(text[loc[1]:end], -1) {
			var v [4]float64
			for j := range v {
				v[j], _ = strconv.ParseFloat(m[j+1], 64)
			}
			ws = append(ws, wordBox{v[0], v[1], v[2], v[3], html.UnescapeString(m[5])})
		}
		pages = append(pages, ws)
	}
	return pages
}

// pieces splits a word's glyph into a glyph per character, placed by the
// raw words it was joined from when they spell it.
func pieces(g glyph, raw []wordBox) []glyph {
	var in []wordBox
	for _, r := range raw {
		if cy := (r.y0 + r.y1) / 2; r.x0 >= g.x-0.5 && r.x1 <= g.x+g.w+0.5 && cy > g.base-0.8*g.fs && cy < g.base+0.2*g.fs {
			in = append(in, r)
		}
	}
	if len(in) < 2 {
		return letters(g)
	}
	sort.Slice(in, func(i, j int) bool { return in[i].x0 < in[j].x0 })
	var b strings.Builder
	for _, r := range in {
		b.WriteString(r.s)
	}
	if b.String() != g.s {
		return letters(g)
	}
	var out []glyph
	for _, r := range in {
		out = append(out, letters(glyph{x: r.x0, base: g.base, w: r.x1 - r.x0, fs: g.fs, s: r.s})...)
	}
	return out
}

// letters splits a word's glyph into one glyph per character, sharing its
// width evenly, as a text layer shows it: rows counts glyphs (a line of
// three is a footnote mark to merge into its neighbour), and a two-word
// caption is no mark.
func letters(g glyph) []glyph {
	n := utf8.RuneCountInString(g.s)
	if n <= 1 {
		return []glyph{g}
	}
	out := make([]glyph, 0, n)
	w := g.w / float64(n)
	for i, r := range []rune(g.s) {
		out = append(out, glyph{x: g.x + float64(i)*w, base: g.base, w: w, fs: g.fs, s: string(r)})
	}
	return out
}

// docTimeout bounds the one pdftotext run over a whole document.
const docTimeout = 40 * time.Second

// PdftotextLayout reads every page of the PDF in data (at most maxPages)
// with `pdftotext -bbox` alone, into rows as bboxPages builds them. Pages with no
// text come back with Path PathOCR, no rows and a Reason. It is the last
// resort of a file whose structure labrelay cannot parse, and the
// reference that the differential test against poppler compares with.
func PdftotextLayout(ctx context.Context, bin string, data []byte, maxPages int) (*labrelay.Layout, error) {
	fb := &fallback{bin: bin, data: data}
	defer fb.close()
	path, err := fb.file()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, docTimeout)
	defer cancel()
	last := strconv.Itoa(maxPages + 1) // enough to tell a file over the limit
	cmd := exec.CommandContext(ctx, bin, "-q", "-bbox", "-enc", "UTF-8", "-l", last, path, "-")
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, errors.New("pdftotext timed out")
		}
		return nil, fmt.Errorf("pdftotext: %v %s", err, text.OneLine(stderr.String()))
	}
	pages := bboxPages(out.String(), fontSizes(ctx, bin, path, 1, maxPages+1), rawWords(ctx, bin, path, 1, maxPages+1))
	if len(pages) == 0 {
		return nil, errors.New("pdftotext found no pages")
	}
	if len(pages) > maxPages {
		return nil, labrelay.Inputf("the PDF has more than the %d pages this service reads", maxPages)
	}
	l := &labrelay.Layout{Pages: make([]labrelay.Page, 0, len(pages))}
	for _, p := range pages {
		if why := unusable(p); why != "" {
			p = &labrelay.Page{Number: p.Number, Width: p.Width, Height: p.Height, Unit: "pt", Path: labrelay.PathOCR,
				Reason: "pdftotext: " + why, Rows: []labrelay.Row{}}
		}
		l.Pages = append(l.Pages, *p)
	}
	return l, nil
}

// popplerDoc reads with pdftotext (then the OCR hook for pages without
// text) a file whose structure could not be parsed, even repaired; cause
// is why. Every page and the review say so.
func (r *Reader) popplerDoc(ctx context.Context, data []byte, maxPages int, cause error) (*labrelay.Layout, error) {
	l, err := PdftotextLayout(ctx, r.Pdftotext, data, maxPages)
	if err != nil {
		return nil, err
	}
	why := "read by poppler's pdftotext: the file's structure could not be parsed (" + cause.Error() + ")"
	for i := range l.Pages {
		p := &l.Pages[i]
		if p.Path == labrelay.PathOCR && r.OCR != nil {
			if op, oerr := r.ocr(ctx, data, p.Number); oerr == nil && op != nil {
				op.Number, op.Reason = p.Number, joinReason(p.Reason, op.Reason)
				*p = *op
			} else if oerr != nil {
				p.Reason += "; OCR: " + oerr.Error()
			}
		}
		p.Reason = joinReason(why, p.Reason)
	}
	l.Review = append(l.Review, why)
	return l, nil
}
