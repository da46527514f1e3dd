package rules

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/normalize"
)

// The values of Pack.Overall.
const (
	// OverallResults: the layout prints no overall result and the one a
	// person approved was the verdict of the result rows.
	OverallResults = "results"
	// OverallNone: the layout prints no overall result and the approved
	// record had none.
	OverallNone = "none"
)

// StandardsMethods is the value of Pack.Standards for a layout that lists
// its standards only in its result table's method column.
const StandardsMethods = "methods"

// overallAsTaught gives a report that prints no conclusion the verdict of
// its rows (overallFromRows), as the pack says. A pack taught that its
// layout's approved verdict is the rows' one trusts it as far as the rows
// it comes from; one taught that the record has none derives none. Either
// replaces what only the generic rules read: a person took that reading
// out of the record the pack was taught from.
func overallAsTaught(p *Pack, got map[string]*found, x *labrelay.Extraction) {
	const f = labrelay.FieldOverallResult
	var generic string
	if fd := got[f]; fd != nil && !fd.own && p.Overall != "" {
		generic, _ = fd.value.(string)
		delete(got, f)
	}
	if p.Overall == OverallNone || got[f] != nil {
		return
	}
	overallFromRows(got, x)
	fd := got[f]
	if fd == nil || p.Overall != OverallResults {
		return
	}
	fd.conf = math.Min(x.Confidence[labrelay.FieldResults], confTable)
	fd.rule = "result rows: no conclusion printed, as taught"
	fd.own = true
	if generic != "" && generic != fd.value {
		fd.conf = math.Min(fd.conf, confDisagree)
		x.RequireReview(fmt.Sprintf("%s: the rows give %q, the generic reader %q", f, fd.value, generic))
	}
}

// ocrSwaps are the glyphs OCR confuses, each with what it may have been
// printed as: a learned identifier's shape says which one fits.
var ocrSwaps = map[rune]string{
	'0': "O", 'O': "0", 'o': "0", 'D': "0", 'Q': "0",
	'1': "Il", 'I': "1", 'l': "1I", '|': "1I",
	'5': "S", 'S': "5", '8': "B", 'B': "8", '2': "Z", 'Z': "2",
}

// confOCRFit caps a value a learned pattern matched only once a glyph or
// two OCR confuses was swapped: a person checks it.
const confOCRFit = 0.8

// fitPattern swaps at most two glyphs OCR confuses (0/O, 1/I/l, 5/S, 8/B,
// 2/Z) in s so that it matches pattern, and returns the result when one
// and only one value does with the fewest swaps.
func fitPattern(pattern *regexp.Regexp, s string) (string, bool) {
	rs := []rune(s)
	var at []int
	for i, r := range rs {
		if ocrSwaps[r] != "" {
			at = append(at, i)
		}
	}
	if len(at) == 0 || len(at) > 12 {
		return "", false
	}
	for n := 1; n <= 2; n++ {
		fits := map[string]bool{}
		swapN(rs, at, n, func(t []rune) {
			if pattern.MatchString(string(t)) {
				fits[string(t)] = true
			}
		})
		switch len(fits) {
		case 0:
			continue
		case 1:
			for t := range fits {
				return t, true
			}
		}
		return "", false // two readings fit: no telling which was printed
	}
	return "", false
}

// swapN calls try with every way of swapping n of the runes at positions
// at for what OCR may have misread them as.
func swapN(rs []rune, at []int, n int, try func([]rune)) {
	if n == 0 {
		try(rs)
		return
	}
	for k, i := range at {
		orig := rs[i]
		for _, alt := range ocrSwaps[orig] {
			rs[i] = alt
			swapN(rs, at[k+1:], n-1, try)
		}
		rs[i] = orig
	}
}

// OCRNear reports whether OCR text a may be a reading of printed text b:
// the same after case, spacing and the glyphs OCR confuses, but for a
// few characters (one per twelve, at least one) misread, lost or added.
func OCRNear(a, b string) bool {
	fa, fb := ocrFold(a), ocrFold(b)
	if string(fa) == string(fb) {
		return true
	}
	n := max(len(fa), len(fb))
	if len(fb) < 4 || abs(len(fa)-len(fb)) > 1+n/12 {
		return false
	}
	return editDistance(fa, fb) <= 1+n/12
}

// ocrFold lower-cases s, collapses its space and folds the glyphs OCR
// confuses into one.
func ocrFold(s string) []rune {
	var out []rune
	for _, r := range strings.ToLower(normalize.Space(reOCRBound.Replace(s))) {
		switch r {
		case '0':
			r = 'o'
		case '1', 'i', '|':
			r = 'l'
		case '5':
			r = 's'
		case '8':
			r = 'b'
		case '2', '²':
			r = 'z'
		case '³':
			r = '3'
		}
		out = append(out, r)
	}
	// "I)" read as one glyph: "Cr(VI)" as "Cr(VD"
	return []rune(strings.ReplaceAll(string(out), "l)", "d"))
}

// reOCRBound: a bound's sign OCR reads as two characters.
var reOCRBound = strings.NewReplacer("=<", "≤", "<=", "≤", "=>", "≥", ">=", "≥")

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// ocrRefit gives the value of a learned pack's own rule read from an OCR
// line that misses the rule's pattern with the confused glyphs swapped
// to fit it (fitPattern); ok is false when that is not the case or no
// one value fits.
func ocrRefit(r *Rule, df *docFuncs, c candidate) (string, bool) {
	if !r.ocrFit || r.pattern == nil || r.Type == "date_start" || r.Type == "date_end" || c.how == "expr" ||
		c.line < 0 || c.line >= len(df.v.Lines) || df.v.Lines[c.line].Path != labrelay.PathOCR {
		return "", false
	}
	return fitPattern(r.pattern, normalize.Space(c.value))
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// selectOCR is Select for a scan: a learned pack's keyword also matches
// a cell OCR read with a glyph or two misread (matchesOCR).
func (e *Engine) selectOCR(v *view) *Pack {
	var cells []string
	for _, ln := range v.Lines {
		if ln.Path != labrelay.PathOCR {
			continue
		}
		for _, c := range ln.Cells {
			cells = append(cells, c.Text)
		}
	}
	for _, p := range e.packs {
		if p != e.generic && (p.Matches(v.Text) || p.Learned && len(cells) > 0 && p.matchesOCR(v.Text, cells)) {
			return p
		}
	}
	return e.generic
}

// matchesOCR: every keyword is in text, or starts one of the cells as OCR
// may have read it (OCRNear), or is a cell's end after a misread glyph.
func (p *Pack) matchesOCR(text string, cells []string) bool {
	if len(p.Match) == 0 || len(p.matchRe) > 0 {
		return false
	}
	lower := strings.ToLower(text)
	for _, m := range p.Match {
		if !strings.Contains(lower, strings.ToLower(m)) && !nearCell(m, cells) {
			return false
		}
	}
	return true
}

// nearCell: keyword m is, as OCR may have read it, one of cells or the
// start of one (a caption before its value).
func nearCell(m string, cells []string) bool {
	n := len([]rune(m))
	if n < 6 {
		return false // a short word is another word when misread
	}
	for _, c := range cells {
		rs := []rune(c)
		for _, k := range []int{n, n - 1, n + 1} {
			if k <= len(rs) && OCRNear(string(rs[:k]), m) {
				return true
			}
		}
	}
	return false
}

// Terms are the texts of the result rows a learned pack was taught, per
// column (Pack.Terms).
type Terms struct {
	Item   []string `yaml:"item"`
	Method []string `yaml:"method"`
	Unit   []string `yaml:"unit"`
	MDL    []string `yaml:"mdl"`
	Limit  []string `yaml:"limit"`
}

// termsAsTaught reads, on a scan, a result cell OCR misread (a glyph or
// two off one taught text of its column, the same digits) as the taught
// text; the rows are then no surer than confOCRFit.
func termsAsTaught(p *Pack, v *view, x *labrelay.Extraction, tr *Trace) {
	if p.Terms == nil || len(x.Fields.Results) == 0 || !ocrView(v) {
		return
	}
	var fixed []string
	for i := range x.Fields.Results {
		r := &x.Fields.Results[i]
		for _, c := range []struct {
			s     *string
			terms []string
		}{{&r.Item, p.Terms.Item}, {&r.Method, p.Terms.Method}, {&r.Unit, p.Terms.Unit}, {&r.MDL, p.Terms.MDL}, {&r.Limit, p.Terms.Limit}} {
			if t, ok := nearTerm(*c.s, c.terms); ok {
				fixed = append(fixed, fmt.Sprintf("%q as %q", *c.s, t))
				*c.s = t
			}
		}
	}
	if len(fixed) == 0 {
		return
	}
	const f = labrelay.FieldResults
	x.Confidence[f] = math.Min(x.Confidence[f], confOCRFit)
	tr.Rules = append(tr.Rules, TraceEntry{Field: f, Rule: p.Name + "/terms", Outcome: "used", Why: "OCR's reading taken for the taught text: " + strings.Join(fixed, ", ")})
}

// nearTerm returns the one term s may be OCR's reading of; none when s is
// a term itself.
func nearTerm(s string, terms []string) (string, bool) {
	s = normalize.Space(s)
	if s == "" {
		return "", false
	}
	found := ""
	for _, t := range terms {
		switch {
		case t == s:
			return "", false
		case OCRNear(s, t) && digits(s) == digits(t):
			if found != "" {
				return "", false
			}
			found = t
		}
	}
	return found, found != ""
}

// digits are the digits of s, superscripts as digits: a limit or unit
// whose number differs is another one, not a misreading.
func digits(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '²':
			b.WriteRune('2')
		case r == '³':
			b.WriteRune('3')
		}
	}
	return b.String()
}

// ocrView: the document has a page read by OCR.
func ocrView(v *view) bool {
	for _, ln := range v.Lines {
		if ln.Path == labrelay.PathOCR {
			return true
		}
	}
	return false
}

// ocrCapped are the fields whose OCR reading no glyph confidence vouches
// for: a scan loses accents ("Martín" read "Martin") and the line a name
// wrapped onto with every word sure.
var ocrCapped = []string{
	labrelay.FieldApplicantName, labrelay.FieldApplicantAddress, labrelay.FieldManufacturerName,
	labrelay.FieldProductName, labrelay.FieldLabName, labrelay.FieldSignatoryName,
}

// capLearned caps what a learned pack vouches for no more than the
// generic reader: what it was not taught, and on a scan its names.
func capLearned(p *Pack, v *view, got map[string]*found, tr *Trace) {
	if p.Learned {
		notFieldsAsTaught(p, v, got, tr)
		capUntaught(got)
		capOCRText(v, got)
		capGluedWrap(v, got)
	}
}

// capOCRText keeps a learned pack's names and addresses read from a scan
// under the threshold: a person checks them.
func capOCRText(v *view, got map[string]*found) {
	if !ocrView(v) {
		return
	}
	for _, f := range ocrCapped {
		if fd := got[f]; fd != nil {
			fd.conf = math.Min(fd.conf, confGenericMax)
		}
	}
}

// captionsAsTaught rewrites, on a scan read with a learned pack, a cell
// that prints one of the pack's own captions with its other script
// misread ("Factory Name (#ia##)" for "Factory Name (製造業者)", "Address
// (itt):" for "Address (地址"): the Latin words agree, the rest is
// brackets or another script OCR reads differently every time.
func captionsAsTaught(p *Pack, v *view) {
	if !p.Learned || !ocrView(v) {
		return
	}
	mendCells(v)
	var labels []string
	for _, rs := range p.Fields {
		for _, r := range rs {
			if r.pack == p.Name {
				labels = append(labels, r.Label...)
			}
		}
	}
	for i := range v.Lines {
		ln := &v.Lines[i]
		if ln.Path != labrelay.PathOCR {
			continue
		}
		changed := false
		for k := range ln.Cells {
			if l, ok := taughtCaption(ln.Cells[k].Text, labels); ok {
				ln.Cells[k].Text, ln.Cells[k].words = l, nil
				changed = true
			}
		}
		if changed {
			parts := make([]string, len(ln.Cells))
			for k, c := range ln.Cells {
				parts[k] = c.Text
			}
			ln.Text = strings.Join(parts, "  ")
		}
	}
}

// taughtCaption returns the caption of labels that cell text t prints
// with its second script misread, with t's closing colon.
func taughtCaption(t string, labels []string) (string, bool) {
	if strings.ContainsAny(strings.TrimRight(t, ":： "), ":：") {
		return "", false // a caption and its value
	}
	found := ""
	for _, l := range labels {
		if strings.HasPrefix(fold(t), fold(l)) {
			return "", false // printed as taught (a value may follow)
		}
		if !sameLatin(t, l) || found == l {
			continue
		}
		if found != "" {
			return "", false // two captions start alike: no telling which
		}
		found = l
	}
	if found == "" {
		return "", false
	}
	if strings.HasSuffix(strings.TrimSpace(t), ":") || strings.HasSuffix(strings.TrimSpace(t), "：") {
		found += ":"
	}
	return found, true
}

// sameLatin: cell text t and caption l, printed in two scripts, have the
// same Latin words (six letters or more) and something else OCR may
// have read differently: after them ("Address (地址" as "Address
// (itt):"), or before them, a word or two ("张行日 Date Issued" as
// "36{7 H Date Issued").
func sameLatin(t, l string) bool {
	if head, tail := latinHead(t); head != "" && tail != "" {
		if lh, lt := latinHead(l); lt != "" && len([]rune(lh)) >= 6 && OCRNear(head, lh) {
			return true
		}
	}
	lw := strings.Fields(l)
	if len(lw) < 2 || !strings.ContainsFunc(lw[0], isOtherScript) || strings.ContainsFunc(strings.Join(lw[1:], ""), isOtherScript) {
		return false
	}
	tail := strings.Join(lw[1:], " ")
	tw := strings.Fields(strings.TrimRight(t, ":： "))
	n := len(lw) - 1
	return len([]rune(tail)) >= 6 && len(tw) > n && len(tw) <= n+2 && OCRNear(strings.Join(tw[len(tw)-n:], " "), tail)
}

func isOtherScript(r rune) bool { return r > 0x2E80 }

// latinHead splits a caption into its leading Latin words and the rest,
// from the first word that opens a bracket or holds another script.
func latinHead(s string) (head, tail string) {
	words := strings.Fields(s)
	for i, w := range words {
		if strings.HasPrefix(w, "(") || strings.HasPrefix(w, "（") || strings.ContainsFunc(w, isOtherScript) {
			return strings.Join(words[:i], " "), strings.Join(words[i:], " ")
		}
	}
	return s, ""
}

// lexiconVerdicts gives a row read by the generic header lexicon for a
// learned table (Table.Lexicon) the verdict its printed word has in the
// table's learned verdict words, when the reader understood no verdict:
// the lexicon's own table knows no layout's words.
func lexiconVerdicts(t *Table, res *tableResult) {
	if len(t.verdicts) == 0 {
		return
	}
	keep := res.issues[:0]
	for _, is := range res.issues {
		m := reNotUnderstood.FindStringSubmatch(is)
		v, ok := "", false
		if m != nil {
			v, ok = t.verdict(m[2])
		}
		for i := range res.rows {
			if ok && res.rows[i].Item == m[1] && res.rows[i].Verdict == "" {
				res.rows[i].Verdict = v
				break
			}
		}
		if !ok {
			keep = append(keep, is)
		}
	}
	res.issues = keep
}

// reNotUnderstood is the table reader's issue of a printed verdict word
// it does not know (resultRow).
var reNotUnderstood = regexp.MustCompile(`^row "(.*)": printed verdict "(.*)" not understood$`)

// mendCells mends two ways OCR splits a scan's lines into cells where the
// text layer has none: the reading of a dotted leader between a caption
// and its value (".pe", "......eee", "........:0eeee eee") is dropped, so
// the value is the cell right of its caption; a name split after its
// "&" ("Goldpath Rubber &" | "Plastics Co., Ltd."), the ampersand's
// spacing read as a column gap, is joined.
func mendCells(v *view) {
	for i := range v.Lines {
		ln := &v.Lines[i]
		if ln.Path != labrelay.PathOCR || len(ln.Cells) < 2 {
			continue
		}
		var keep []cell
		for k, c := range ln.Cells {
			last := len(keep) - 1
			switch {
			case k > 0 && k < len(ln.Cells)-1 && leaderish(c.Text):
				continue
			case last >= 0 && strings.HasSuffix(keep[last].Text, " &"):
				keep[last].Text += " " + c.Text
				keep[last].Box = keep[last].Box.Union(c.Box)
				keep[last].Conf = math.Min(keep[last].Conf, c.Conf)
				keep[last].words = append(keep[last].words, c.words...)
				continue
			}
			keep = append(keep, c)
		}
		if len(keep) == len(ln.Cells) {
			continue
		}
		ln.Cells = keep
		parts := make([]string, len(keep))
		for k, c := range keep {
			parts[k] = c.Text
		}
		ln.Text = strings.Join(parts, "  ")
	}
}

// leaderish: OCR text of a dotted leader: it opens with a dot or comma, or
// holds a run of dots.
func leaderish(t string) bool {
	t = strings.TrimSpace(t)
	return strings.HasPrefix(t, ".") || strings.HasPrefix(t, ",") || strings.HasPrefix(t, "…") || strings.Contains(t, "..")
}

// listAbove prepends to cand, the list read beside the caption at cell ci
// of line i, the n lines over the caption's line where a list centred on
// its caption starts (Rule.Above): each must print one cell right of the
// caption's start (or, between, none: a line of the columns to the
// left), aligned on the list's items (those beside and under
// the caption: the value cell, or an inline value's wrapped lines), and
// no caption. It reports false, cand unchanged, when a line does not.
//
// The list must start where taught: a longer list this time, centred,
// starts higher up (an item, by the rule's pattern, on the line over
// those; another field's value may stand there), and is not read.
// One the centred reading read already must start there too.
func listAbove(v *view, r *Rule, i, ci int, cand *candidate) bool {
	n := r.Above
	if cand.how == "centred" {
		return cand.line == i-n
	}
	capCell := v.Lines[i].Cells[ci]
	x, ok := listX(v, i, capCell, cand)
	if !ok {
		return false
	}
	if k := i - n - 1; k >= 0 && v.Lines[k].Page == v.Lines[i].Page && tight(v.Lines[k], v.Lines[k+1]) {
		for _, c := range rightOf(v.Lines[k].Cells, capCell.Box.X+3) {
			if math.Abs(c.Box.X-x) <= 3 && (r.Pattern == "" || re(r.Pattern).MatchString(c.Text)) {
				return false // the list goes on over the lines taught
			}
		}
	}
	var items []string
	box := cand.box
	for j := i - 1; j >= i-n; j-- {
		if j < 0 || v.Lines[j].Page != v.Lines[i].Page {
			return false
		}
		if !tight(v.Lines[j], v.Lines[j+1]) {
			return false
		}
		// the caption's own other lines stand at its x, not right of it
		cells := rightOf(v.Lines[j].Cells, capCell.Box.X+3)
		if len(cells) == 0 && j > i-n {
			continue // a line of the columns to the left only
		}
		if len(cells) != 1 || math.Abs(cells[0].Box.X-x) > 3 || isLabelish(cells[0].Text) || startsWithCaption(cells[0].Text) {
			return false
		}
		items = append([]string{cells[0].Text}, items...)
		box = unionBox(box, cells[0].Box)
		cand.conf = math.Min(cand.conf, cells[0].Conf)
	}
	cand.value = strings.Join(append(items, cand.value), " ")
	cand.box, cand.line = box, i-n
	return true
}

// listX is the x the items of a list read beside its caption start at:
// the value cell's, or for a value inline in the caption's cell that of
// its wrapped line under it.
func listX(v *view, i int, capCell cell, cand *candidate) (float64, bool) {
	if cand.how != "inline" {
		return cand.box.X, true
	}
	if i+1 >= len(v.Lines) || v.Lines[i+1].Page != v.Lines[i].Page {
		return 0, false
	}
	for _, c := range v.Lines[i+1].Cells {
		if c.Box.X > capCell.Box.X+3 && c.Box.X < capCell.Box.X+capCell.Box.W {
			return c.Box.X, true
		}
	}
	return 0, false
}

// spanLabels returns the values of the labels of q standing alone in
// their cells that Rule.Span places on lines from..to of each caption's
// line (spanValue); with fewer set, on any of those lines holding the
// caption's (Rule.FewerLines), the taught lines first.
func spanLabels(v *view, q labelQuery, from, to int, fewer bool) []candidate {
	spans := [][2]int{{from, to}}
	if fewer {
		for a := from; a <= 0; a++ {
			for b := to; b >= 0; b-- {
				if a != from || b != to {
					spans = append(spans, [2]int{a, b})
				}
			}
		}
	}
	var out []candidate
	q.eachLabel(v, func(i, ci int, rest string, _ bool) bool {
		if rest != "" {
			return false
		}
		for k, s := range spans {
			if cand := spanValue(v, i, ci, s[0], s[1]); cand != nil && (k == 0 || !nearerAround(v, i, ci, s, cand.box.X)) {
				out = append(out, *cand)
			}
		}
		return true
	})
	return out
}

// nearerAround: a line tight over or under lines i+s[0]..i+s[1] holds a
// cell between the caption (cell ci of line i) and x, the value's left
// edge: the value's column is that nearer one, and a cell at x on the
// caption's line is another column's.
func nearerAround(v *view, i, ci int, s [2]int, x float64) bool {
	capCell := v.Lines[i].Cells[ci]
	right := capCell.Box.X + capCell.Box.W
	a, b := i+s[0], i+s[1]
	for _, j := range [][2]int{{a - 1, a}, {b + 1, b}} {
		o, n := j[0], j[1]
		if o < 0 || o >= len(v.Lines) || v.Lines[o].Page != v.Lines[n].Page || !tight(v.Lines[min(o, n)], v.Lines[max(o, n)]) {
			continue
		}
		for _, c := range v.Lines[o].Cells {
			if c.Box.X > right && c.Box.X < x-3 {
				return true
			}
		}
	}
	return false
}

// spanValue reads the value of the caption at cell ci of line i on lines
// i+from to i+to: its first cell right of the caption on the first, the
// cells aligned on it on the next (a line between may print none: the
// caption's own, another column's), the lines tight on one page. The
// lines just over and under must not go on with it.
func spanValue(v *view, i, ci, from, to int) *candidate {
	a, b := i+from, i+to
	if a < 0 || b >= len(v.Lines) {
		return nil
	}
	capCell := v.Lines[i].Cells[ci]
	right := capCell.Box.X + capCell.Box.W
	var first *cell
	for k := range v.Lines[a].Cells {
		if c := &v.Lines[a].Cells[k]; c.Box.X > right {
			first = c
			break
		}
	}
	if first == nil {
		return nil
	}
	x := first.Box.X
	cand := &candidate{page: v.Lines[a].Page, box: first.Box, unit: v.Lines[a].Unit, conf: 1, how: "centred", line: a}
	var parts []string
	for j := a; j <= b; j++ {
		if v.Lines[j].Page != v.Lines[i].Page || j > a && !tight(v.Lines[j-1], v.Lines[j]) {
			return nil
		}
		c := alignedCell(v.Lines[j], x, right)
		if c == nil && (j == a || j == b) || c != nil && (isLabelish(c.Text) || startsWithCaption(c.Text)) {
			return nil
		}
		if c != nil {
			parts = append(parts, c.Text)
			cand.box = unionBox(cand.box, c.Box)
			cand.conf = math.Min(cand.conf, c.Conf)
		}
	}
	if a > 0 && tight(v.Lines[a-1], v.Lines[a]) && alignedCell(v.Lines[a-1], x, right) != nil ||
		b+1 < len(v.Lines) && tight(v.Lines[b], v.Lines[b+1]) && alignedCell(v.Lines[b+1], x, right) != nil {
		return nil // the value goes on: wrapped otherwise than taught
	}
	cand.value = normalize.Space(strings.Join(parts, " "))
	return cand
}

// alignedCell returns the cell of ln right of x0 starting at x (±3).
func alignedCell(ln line, x, x0 float64) *cell {
	for k := range ln.Cells {
		if c := &ln.Cells[k]; c.Box.X > x0 && math.Abs(c.Box.X-x) <= 3 {
			return c
		}
	}
	return nil
}

// wrapFields are the names and texts a learned find rule over a cell may
// read (a name glued to its caption): they may wrap.
var wrapFields = []string{labrelay.FieldApplicantName, labrelay.FieldApplicantAddress, labrelay.FieldManufacturerName, labrelay.FieldProductName}

// capGluedWrap keeps under the threshold a name a learned pack's own find
// rule read from a cell when the next line goes on under it (a cell
// starting inside the cell's width, tight under it): the value may have
// wrapped there this time, and the find read its first line only.
func capGluedWrap(v *view, got map[string]*found) {
	for _, f := range wrapFields {
		fd := got[f]
		if fd == nil || !fd.own || fd.cand.how != "find" {
			continue
		}
		j, b := fd.cand.line+1, fd.cand.box
		if j >= len(v.Lines) || v.Lines[j].Page != v.Lines[j-1].Page || !tight(v.Lines[j-1], v.Lines[j]) {
			continue
		}
		for _, c := range v.Lines[j].Cells {
			if c.Box.X > b.X+3 && c.Box.X < b.X+b.W && !isLabelish(c.Text) {
				fd.conf = math.Min(fd.conf, confGenericMax)
				break
			}
		}
	}
}

// notFieldsAsTaught drops a value an inherited rule read beside a
// caption the pack was taught does not print that field (Pack.NotFields):
// the approved record of the layout had no such field although the
// generic reader read one there (screenGeneric drops its readings).
func notFieldsAsTaught(p *Pack, v *view, got map[string]*found, tr *Trace) {
	for f := range p.NotFields {
		fd := got[f]
		if fd == nil || fd.own {
			continue
		}
		if c := readCaption(v, fd.cand); p.notField(f, c) {
			tr.Rules = append(tr.Rules, TraceEntry{Field: f, Rule: p.Name + "/not_fields", Outcome: "rejected", Value: show(fd.value), Why: fmt.Sprintf("caption %q does not print %s on this layout, as taught", c, f)})
			delete(got, f)
		}
	}
}

// notField: caption c is one the pack was taught does not print field f.
func (p *Pack) notField(f, c string) bool {
	if c == "" {
		return false
	}
	for _, t := range p.NotFields[f] {
		if capKey(c) == capKey(t) {
			return true
		}
	}
	return false
}

// genericCaption is the caption a generic reading was read by: its cell
// (the first line of a wrapped one), the text before the value of one
// read inline; "" when read without one.
func genericCaption(v *view, gr *gread) string {
	if gr.at == nil {
		return ""
	}
	if strings.HasPrefix(gr.cand.how, "inline") {
		return readCaption(v, gr.cand)
	}
	return v.Lines[gr.at[0]].Cells[gr.at[1]].Text
}

// readCaption is the caption a value read beside one was read by: the
// cell left of a value read right of its caption, the text before a
// value read inline; "" for another placement (under, centred on it).
func readCaption(v *view, c candidate) string {
	if c.line < 0 || c.line >= len(v.Lines) {
		return ""
	}
	cells := v.Lines[c.line].Cells
	for k, cl := range cells {
		if cl.Box != c.box {
			continue
		}
		switch {
		case strings.HasPrefix(c.how, "inline") && c.value != "":
			if i := strings.LastIndex(cl.Text, c.value); i > 0 {
				return strings.TrimSpace(cl.Text[:i])
			}
		case c.how == "right" && k > 0:
			if isSeparator(cells[k-1].Text) && k > 1 {
				return cells[k-2].Text
			}
			return cells[k-1].Text
		}
		return ""
	}
	return ""
}

// fieldReading is one reading of the generic reader, of one field.
type fieldReading struct {
	field string
	r     *gread
}

// screenGeneric is, for a learned pack, the generic reader's reading
// without the readings built on a cell the pack knows for something
// else: a caption it was taught does not print the field (NotFields), a
// value that is one of the pack's own captions ("Número de
// pedido Order" read under the line over it), a caption inside another
// field's value that the pack's own rule and the generic reader read
// alike (a name's wrapped last word "Factory"). The other readings are
// added again in their order, as if those had not been read.
func screenGeneric(p *Pack, v *view, g *genericReading, got map[string]*found) *genericReading {
	if !p.Learned {
		return g
	}
	labels := ownLabels(p)
	agreed := agreedBoxes(g, got)
	var keep []fieldReading
	var dropped []string
	for _, fr := range g.all {
		switch {
		case p.notField(fr.field, genericCaption(v, fr.r)):
			dropped = append(dropped, fmt.Sprintf("%s = %q dropped: its caption does not print the field on the learned layout", fr.field, fr.r.value))
		case labels[capKey(fr.r.value)]:
			dropped = append(dropped, fmt.Sprintf("%s = %q dropped: a caption of the learned layout", fr.field, fr.r.value))
		case fr.r.at != nil && inAgreed(v, *fr.r.at, fr.field, agreed):
			dropped = append(dropped, fmt.Sprintf("%s = %q dropped: its caption %q is part of a value the pack and the generic reader read alike", fr.field, fr.r.value, v.Lines[fr.r.at[0]].Cells[fr.r.at[1]].Text))
		default:
			keep = append(keep, fr)
		}
	}
	if len(dropped) == 0 {
		return g
	}
	out := &genericReading{fields: map[string]*gread{}, conflict: map[string]string{}, translated: map[string]bool{}, split: map[string]bool{}}
	for _, fr := range keep {
		out.add(fr.field, fr.r)
	}
	out.trace = append(g.trace, dropped...)
	return out
}

// ownLabels are the capKeys of the captions of a pack's own rules.
func ownLabels(p *Pack) map[string]bool {
	out := map[string]bool{}
	for _, rs := range p.Fields {
		for _, r := range rs {
			if r.pack != p.Name {
				continue
			}
			for _, l := range r.Label {
				if k := capKey(l); k != "" {
					out[k] = true
				}
			}
		}
	}
	return out
}

// agreedValue is where a value the pack's own rule and a generic
// reading read alike stands.
type agreedValue struct {
	field string
	page  int
	box   labrelay.Box
}

// agreedBoxes are the values the pack's own rules read that a generic
// reading reads alike.
func agreedBoxes(g *genericReading, got map[string]*found) []agreedValue {
	var out []agreedValue
	for _, fr := range g.all {
		fd := got[fr.field]
		if fd == nil || !fd.own {
			continue
		}
		if s, ok := fd.value.(string); ok && s != "" && sameValue(s, fr.r.value) && fr.r.cand.page > 0 {
			out = append(out, agreedValue{fr.field, fr.r.cand.page, fr.r.cand.box})
		}
	}
	return out
}

// inAgreed: the caption at (line, cell) lies inside a value of another
// field the two readers agree on.
func inAgreed(v *view, at [2]int, field string, agreed []agreedValue) bool {
	ln := v.Lines[at[0]]
	c := ln.Cells[at[1]].Box
	for _, a := range agreed {
		b := a.box
		if a.field != field && a.page == ln.Page && c.X >= b.X-1 && c.Y >= b.Y-1 && c.X+c.W <= b.X+b.W+1 && c.Y+c.H <= b.Y+b.H+1 {
			return true
		}
	}
	return false
}

// methodsAsTaught: a pack taught that its layout lists its standards in
// the method column (standards: methods) takes the methods' list over a
// list it was not taught to read (an inherited caption rule reading part
// of a list wrapped beside its caption) when every standard of that one
// is a method's; one naming another standard stands (and goes to review).
func methodsAsTaught(p *Pack, fd *found, methods []string) bool {
	if p.Standards != StandardsMethods || fd.own {
		return false
	}
	read, _ := fd.value.([]string)
	for _, s := range read {
		if !slices.ContainsFunc(methods, func(m string) bool { return sameValue(m, s) }) {
			return false
		}
	}
	return true
}
