package rules

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"

	"github.com/expr-lang/expr"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract"
	"github.com/labrelay/labrelay/normalize"
)

// Engine runs rule packs over a layout. Build it with New; it is safe for
// concurrent use.
type Engine struct {
	packs   []*Pack
	generic *Pack
	version string
}

var _ extract.Analyzer = (*Engine)(nil)

// New returns an engine over compiled packs (from DefaultPacks, LoadDir or
// LoadFS); one must be named "generic".
func New(packs []*Pack) (*Engine, error) {
	e := &Engine{packs: packs}
	h := sha256.New()
	for _, p := range packs {
		if p.Name == GenericPack {
			e.generic = p
		}
		h.Write([]byte(p.VersionString()))
	}
	if e.generic == nil {
		return nil, fmt.Errorf("no %q pack: one is needed as the fallback", GenericPack)
	}
	e.version = "rules-" + hex.EncodeToString(h.Sum(nil))[:12]
	return e, nil
}

// Default returns an engine over the embedded packs.
func Default() (*Engine, error) {
	packs, err := DefaultPacks()
	if err != nil {
		return nil, err
	}
	return New(packs)
}

// Packs returns the engine's packs, most specific first.
func (e *Engine) Packs() []*Pack { return e.packs }

// Version identifies the set of packs (a hash of their contents).
func (e *Engine) Version() string { return e.version }

// Trace says how a record was read: the pack chosen, every rule's outcome
// and the rows seen. It is for people debugging packs.
type Trace struct {
	Pack  string       `json:"pack"`
	Rules []TraceEntry `json:"rules"`
	Table []string     `json:"table,omitempty"`
	Rows  []string     `json:"rows"`
}

// TraceEntry is one rule's outcome.
type TraceEntry struct {
	Field   string `json:"field"`
	Rule    string `json:"rule"`
	Outcome string `json:"outcome"` // "used", "agrees", "disagrees", "rejected", "no match"
	Value   string `json:"value,omitempty"`
	Why     string `json:"why,omitempty"`
}

// Analyze implements extract.Analyzer.
func (e *Engine) Analyze(ctx context.Context, l *labrelay.Layout) (*labrelay.Extraction, error) {
	x, _, err := e.AnalyzeDebug(ctx, l)
	return x, err
}

// Select returns the pack for a document text: the highest-priority pack
// whose keywords all match, else generic.
func (e *Engine) Select(text string) *Pack {
	for _, p := range e.packs {
		if p != e.generic && p.Matches(text) {
			return p
		}
	}
	return e.generic
}

type found struct {
	cand      candidate
	conf      float64
	rule      string
	value     any    // string or []string
	ambiguous string // two different values were printed for the field
}

// AnalyzeDebug is Analyze with a trace of how each field was found.
func (e *Engine) AnalyzeDebug(ctx context.Context, l *labrelay.Layout) (*labrelay.Extraction, *Trace, error) {
	if l == nil {
		return nil, nil, fmt.Errorf("no layout")
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	v := newView(l)
	p := e.Select(v.Text)
	tr := &Trace{Pack: p.Name}
	for _, ln := range v.Lines {
		tr.Rows = append(tr.Rows, fmt.Sprintf("p%d y=%.0f | %s", ln.Page, ln.Box.Y, strings.Join(cellTexts(ln), " ¦ ")))
	}
	x := &labrelay.Extraction{
		Confidence:   map[string]float64{},
		Provenance:   map[string]labrelay.Provenance{},
		Review:       labrelay.Review{Reasons: []string{}},
		RulePack:     p.Name,
		RulesVersion: e.version + "/" + p.VersionString(),
	}
	df := &docFuncs{v: v, dayFirst: p.DayFirst}
	got := map[string]*found{}

	// Fields in spec order; category and lab last since they may derive
	// from the others.
	order := append([]string(nil), labrelay.FieldNames...)
	sort.SliceStable(order, func(i, j int) bool { return derived(order[i]) < derived(order[j]) })
	for _, f := range order {
		rules := p.Fields[f]
		if len(rules) == 0 {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		fieldsEnv := envFields(got)
		var best *found
		for i := range rules {
			r := &rules[i]
			name := fmt.Sprintf("%s/%s[%d] line %d", p.Name, f, i, r.Line)
			fd, why := e.apply(r, v, df, fieldsEnv, got)
			switch {
			case fd == nil:
				tr.Rules = append(tr.Rules, TraceEntry{Field: f, Rule: name, Outcome: "no match", Why: why})
				continue
			case best == nil:
				fd.rule = name
				best = fd
				tr.Rules = append(tr.Rules, TraceEntry{Field: f, Rule: name, Outcome: "used", Value: show(fd.value)})
			case same(best.value, fd.value):
				best.conf = math.Min(1, best.conf+0.02)
				tr.Rules = append(tr.Rules, TraceEntry{Field: f, Rule: name, Outcome: "agrees", Value: show(fd.value)})
			default:
				tr.Rules = append(tr.Rules, TraceEntry{Field: f, Rule: name, Outcome: "disagrees", Value: show(fd.value)})
				if fd.conf >= p.Threshold*0.9 {
					best.conf = math.Min(best.conf, 0.6)
					x.RequireReview(fmt.Sprintf("%s: rules disagree (%q vs %q)", f, show(best.value), show(fd.value)))
				}
			}
		}
		if best != nil {
			if best.ambiguous != "" {
				x.RequireReview(fmt.Sprintf("%s: the document prints different values (%s)", f, best.ambiguous))
			}
			got[f] = best
		}
	}

	// Result tables.
	tab := readTables(v, p.Table)
	tr.Table = tab.trace
	if len(tab.rows) > 0 {
		x.Fields.Results = tab.rows
		x.Confidence[labrelay.FieldResults] = tab.conf
		x.Provenance[labrelay.FieldResults] = labrelay.Provenance{Page: tab.page, Box: boxPtr(tab.box), Unit: tab.unit, Rule: p.Name + "/table"}
	}
	for _, is := range tab.issues {
		x.RequireReview(is)
	}

	for f, fd := range got {
		switch val := fd.value.(type) {
		case string:
			if val == "" {
				continue
			}
			x.Fields.SetString(f, val)
		case []string:
			if len(val) == 0 {
				continue
			}
			x.Fields.TestStandards = val
		}
		x.Confidence[f] = math.Min(fd.conf, p.MaxConfidence)
		x.Provenance[f] = labrelay.Provenance{Page: fd.cand.page, Box: boxPtr(fd.cand.box), Unit: fd.cand.unit, Rule: fd.rule}
	}
	if p.Lab != "" && x.Fields.Lab == "" {
		x.Fields.Lab = p.Lab
		x.Confidence[labrelay.FieldLab] = math.Min(0.95, p.MaxConfidence)
		x.Provenance[labrelay.FieldLab] = labrelay.Provenance{Rule: p.Name + "/match"}
	}
	if x.Fields.Lab == "" && x.Fields.LabName != "" {
		// A layout pack (or generic) names no lab family: the lab's own
		// name does; generic caps its confidence below the threshold.
		if lab := normalize.Lab(x.Fields.LabName); lab != "" {
			x.Fields.Lab = lab
			x.Confidence[labrelay.FieldLab] = x.Confidence[labrelay.FieldLabName]
			x.Provenance[labrelay.FieldLab] = x.Provenance[labrelay.FieldLabName]
		}
	}
	if n := len(l.Pages); n > 0 {
		x.Fields.PageCount = n
		x.Confidence[labrelay.FieldPageCount] = 1
	}
	if x.Confidence[labrelay.FieldResults] > 0 {
		x.Confidence[labrelay.FieldResults] = math.Min(x.Confidence[labrelay.FieldResults], p.MaxConfidence)
	}

	e.validate(p, x)
	review(p, x, l)
	return x, tr, nil
}

func derived(f string) int {
	switch f {
	case labrelay.FieldCategory, labrelay.FieldLab, labrelay.FieldOverallResult:
		return 1
	}
	return 0
}

func cellTexts(ln line) []string {
	out := make([]string, len(ln.Cells))
	for i, c := range ln.Cells {
		out[i] = c.Text
	}
	return out
}

func boxPtr(b labrelay.Box) *labrelay.Box {
	if b == (labrelay.Box{}) {
		return nil
	}
	return &b
}

func show(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case []string:
		return strings.Join(t, "; ")
	}
	return fmt.Sprint(v)
}

func same(a, b any) bool { return show(a) == show(b) }

func envFields(got map[string]*found) map[string]any {
	m := map[string]any{}
	for f, fd := range got {
		m[f] = fd.value
	}
	return m
}

// apply runs one rule; it returns nil and why when it found nothing usable.
func (e *Engine) apply(r *Rule, v *view, df *docFuncs, fields map[string]any, got map[string]*found) (*found, string) {
	var cands []candidate
	switch {
	case r.Type == "conclusion":
		cells := columnBelow(v, r.Label)
		val := conclusion(cells)
		if val == "" {
			return nil, fmt.Sprintf("conclusion column %q not found or mixed", cells)
		}
		return &found{value: val, conf: r.Confidence, cand: candidate{how: "column"}}, ""
	case len(r.Label) > 0:
		where := r.Where
		if where == "" {
			where = "any"
		}
		q := labelQuery{labels: r.Label, where: where, maxPage: r.Pages, gap: r.Gap, multi: r.Multiline}
		if ok := lineFilter(v, r, got); ok != nil {
			q.ok = ok
		} else if r.After != "" {
			return nil, "no " + r.After + " to look after"
		}
		if r.Type == "list" {
			// every occurrence of the label contributes
			cands = allLabels(v, r, q.ok)
			if len(cands) == 0 {
				return nil, "label not found"
			}
			break
		}
		all := findLabels(v, q)
		if len(all) == 0 {
			return nil, "label not found"
		}
		return e.pickLabel(r, v, df, fields, all)
	case r.find != nil:
		ok := lineFilter(v, r, got)
		if ok == nil && r.After != "" {
			return nil, "no " + r.After + " to look after"
		}
		for i, ln := range v.Lines {
			if r.Pages > 0 && ln.Page > r.Pages {
				break
			}
			if ok != nil && !ok(i) {
				continue
			}
			texts := []string{ln.Text}
			boxes := []labrelay.Box{ln.Box}
			if r.Scope == "cell" {
				texts, boxes = texts[:0], boxes[:0]
				for ci, c := range ln.Cells {
					if ci > 0 && isLabelish(ln.Cells[ci-1].Text) {
						continue // the value of a caption, not a heading
					}
					texts = append(texts, c.Text)
					boxes = append(boxes, c.Box)
				}
			}
			for k, t := range texts {
				m := r.find.FindStringSubmatch(t)
				if m == nil {
					continue
				}
				val := m[0]
				if len(m) > 1 {
					val = m[1]
				}
				cands = append(cands, candidate{value: normalize.Space(val), page: ln.Page, box: boxes[k], unit: ln.Unit, conf: minConf(ln), how: "find", line: i})
			}
		}
		if r.Repeated {
			cands = onSeveralPages(cands)
		}
		if len(cands) == 0 {
			return nil, "pattern not found"
		}
		if r.Type != "list" {
			return e.pickLabel(r, v, df, fields, cands)
		}
	case r.expr != nil:
		out, err := expr.Run(r.expr, env(df, fields))
		if err != nil {
			return nil, "expression failed: " + err.Error()
		}
		s, _ := out.(string)
		s = normalize.Space(s)
		if s == "" {
			return nil, "expression gave nothing"
		}
		cands = append(cands, candidate{value: s, conf: 1, how: "expr"})
	}
	fd := &found{cand: cands[0], conf: r.Confidence}
	switch r.Type {
	case "list":
		var list []string
		seen := map[string]bool{}
		for _, c := range cands {
			parts := []string{c.value}
			if r.pattern != nil {
				parts = re(r.Pattern).FindAllString(c.value, -1)
			}
			for _, s := range parts {
				s = normalize.Space(strings.TrimRight(s, ",;. "))
				if s != "" && !seen[s] {
					seen[s] = true
					list = append(list, s)
				}
			}
			fd.conf *= c.conf
		}
		if len(list) == 0 {
			return nil, "no list items"
		}
		fd.value = list
		return fd, ""
	}
	return e.finish(r, df, fields, cands[0])
}

func (e *Engine) pickLabel(r *Rule, v *view, df *docFuncs, fields map[string]any, all []candidate) (*found, string) {
	var best *found
	firstWhy := ""
	for _, c := range all {
		fd, why := e.finish(r, df, fields, c)
		if fd == nil {
			if firstWhy == "" {
				firstWhy = why
			}
			continue
		}
		if best == nil {
			best = fd
			continue
		}
		if !same(best.value, fd.value) {
			best.conf = math.Min(best.conf, 0.6)
			best.ambiguous = fmt.Sprintf("%q and %q", show(best.value), show(fd.value))
			break
		}
	}
	if best == nil {
		return nil, firstWhy
	}
	return best, ""
}

// finish normalises and validates one candidate.
func (e *Engine) finish(r *Rule, df *docFuncs, fields map[string]any, c candidate) (*found, string) {
	fd := &found{cand: c, conf: r.Confidence}
	val, factor, why := normalizeValue(r, c.value, df)
	if why != "" {
		return nil, why
	}
	fd.value = val
	fd.conf *= c.conf * factor
	if c.how == "below" || c.how == "above" {
		fd.conf *= 0.97
	}
	if r.valid != nil {
		envm := env(df, fields)
		envm["value"] = val
		ok, err := expr.Run(r.valid, envm)
		if err != nil || ok != true {
			return nil, fmt.Sprintf("value %q fails validation", val)
		}
	}
	return fd, ""
}

// lineFilter returns the rows a rule may read (nil: all), from its Lines
// and After settings; nil with After set means the field it follows was
// not found.
func lineFilter(v *view, r *Rule, got map[string]*found) func(int) bool {
	var first, last map[int]int // page → index of its first and last line
	if r.Lines != 0 {
		first, last = map[int]int{}, map[int]int{}
		for i, ln := range v.Lines {
			if _, ok := first[ln.Page]; !ok {
				first[ln.Page] = i
			}
			last[ln.Page] = i
		}
	}
	after := -1
	if r.After != "" {
		fd := got[r.After]
		if fd == nil || fd.cand.how == "expr" || fd.cand.how == "column" {
			return nil
		}
		after = fd.cand.line
	}
	if first == nil && after < 0 {
		return func(int) bool { return true }
	}
	return func(i int) bool {
		if r.Lines > 0 && i-first[v.Lines[i].Page] >= r.Lines {
			return false
		}
		if r.Lines < 0 && last[v.Lines[i].Page]-i >= -r.Lines {
			return false // not among the page's last -Lines rows (a footer)
		}
		if after >= 0 && (i <= after || i > after+3 || v.Lines[i].Page != v.Lines[after].Page) {
			return false
		}
		return true
	}
}

func allLabels(v *view, r *Rule, ok func(int) bool) []candidate {
	var out []candidate
	for i, ln := range v.Lines {
		if r.Pages > 0 && ln.Page > r.Pages {
			break
		}
		if ok != nil && !ok(i) {
			continue
		}
		for ci, c := range ln.Cells {
			for _, lb := range r.Label {
				rest, ok := cutLabel(c.Text, lb)
				if !ok {
					continue
				}
				cand := valueNear(v, i, ci, rest, "right", r.Gap)
				if cand != nil {
					if r.Multiline {
						continuation(v, cand)
					}
					out = append(out, *cand)
				}
				break
			}
		}
	}
	return out
}

// onSeveralPages keeps the candidates whose value was read on two pages
// or more, in their order.
func onSeveralPages(cands []candidate) []candidate {
	pages := map[string]map[int]bool{}
	for _, c := range cands {
		if pages[c.value] == nil {
			pages[c.value] = map[int]bool{}
		}
		pages[c.value][c.page] = true
	}
	var out []candidate
	for _, c := range cands {
		if len(pages[c.value]) >= 2 {
			out = append(out, c)
		}
	}
	return out
}

func minConf(ln line) float64 {
	m := 1.0
	for _, c := range ln.Cells {
		m = math.Min(m, c.Conf)
	}
	return m
}

// normalizeValue applies the rule's type and pattern; why says what was
// wrong with a value it rejects. factor (≤ 1) lowers the confidence of a
// value read with some doubt: a numeric date such as 04/05/2026 whose
// order nothing in the document settles.
func normalizeValue(r *Rule, s string, df *docFuncs) (string, float64, string) {
	s = normalize.Space(s)
	switch r.Type {
	case "date", "date_start", "date_end":
		part := s
		if r.Type != "date" {
			a, b, ok := splitRange(s)
			if !ok {
				if r.Type == "date_end" {
					return "", 0, fmt.Sprintf("%q is not a date range", s)
				}
				a = s
			}
			if r.Type == "date_start" {
				part = a
			} else {
				part = b
			}
		}
		if r.pattern != nil {
			m := r.pattern.FindStringSubmatch(part)
			if m == nil {
				return "", 0, fmt.Sprintf("%q does not match %s", part, r.Pattern)
			}
		}
		part = cleanDate(part)
		dayFirst, factor := df.dateOrder(part)
		d, err := normalize.Date(part, dayFirst)
		if err != nil {
			return "", 0, err.Error()
		}
		return d, factor, ""
	case "verdict":
		v, ok := normalize.Verdict(s)
		if !ok || v == "" {
			return "", 0, fmt.Sprintf("%q is not a verdict", s)
		}
		return v, 1, ""
	case "conclusion":
		return "", 0, "conclusion needs a label rule reading a column"
	}
	if r.pattern != nil {
		m := r.pattern.FindStringSubmatch(s)
		if m == nil {
			return "", 0, fmt.Sprintf("%q does not match %s", s, r.Pattern)
		}
		if len(m) > 1 && m[1] != "" {
			s = normalize.Space(m[1])
		}
	}
	return s, 1, ""
}

var (
	reNumDate    = regexp.MustCompile(`\b(\d{1,2})([/-])(\d{1,2})([/-])((?:19|20)\d\d)\b`)
	reNumDateAll = regexp.MustCompile(`\b(\d{1,2})[/-](\d{1,2})[/-](?:19|20)\d\d\b`)
)

// dateOrder says how to read a numeric date: day first or month first.
// The document settles it when another date in it has a day above 12
// (14/01/2026 proves day-first); otherwise the pack's convention holds,
// and an ambiguous date (both parts ≤ 12) is read with lower confidence.
func (d *docFuncs) dateOrder(s string) (dayFirst bool, factor float64) {
	m := reNumDate.FindStringSubmatch(s)
	if m == nil {
		return d.dayFirst, 1
	}
	a, b := atoi(m[1]), atoi(m[3])
	if a > 12 || b > 12 {
		return a > 12, 1
	}
	if d.order == 0 && d.v != nil {
		d.order = -1 // unknown
		dayEv, monthEv := false, false
		for _, mm := range reNumDateAll.FindAllStringSubmatch(d.v.Text, -1) {
			x, y := atoi(mm[1]), atoi(mm[2])
			dayEv = dayEv || x > 12 && y <= 12
			monthEv = monthEv || y > 12 && x <= 12
		}
		switch {
		case dayEv && !monthEv:
			d.order = 1
		case monthEv && !dayEv:
			d.order = 2
		case !dayEv && !monthEv && reUSAddress.MatchString(d.letterhead()):
			d.order = 2 // a US lab writes month first
		}
	}
	switch d.order {
	case 1:
		return true, 1
	case 2:
		return false, 1
	}
	return d.dayFirst, 0.9
}

var reUSAddress = regexp.MustCompile(`\b(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[TA]|W[AVIY]) \d{5}(?:-\d{4})?\b`)

// letterhead is the text of the first lines of page 1.
func (d *docFuncs) letterhead() string {
	var b strings.Builder
	for i, ln := range d.v.Lines {
		if i >= 5 || ln.Page != d.v.Lines[0].Page {
			break
		}
		b.WriteString(ln.Text + "\n")
	}
	return b.String()
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

// cleanDate removes what labs print around a date: "Jan.04, 2026" → "Jan
// 04, 2026"; trailing punctuation.
func cleanDate(s string) string {
	s = strings.TrimRight(strings.TrimSpace(s), ".,;")
	if i := strings.Index(s, "."); i > 0 && i < 5 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' && isAlpha(s[:i]) {
		s = s[:i] + " " + s[i+1:]
	}
	return s
}

func isAlpha(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return s != ""
}

// splitRange splits a printed period "A ~ B", "A to B", "A - B", "A 至 B".
func splitRange(s string) (string, string, bool) {
	for _, sep := range []string{" ~ ", "~", " to ", " To ", " TO ", " through ", " until ", "至", " – ", " — ", " - ", "--"} {
		if i := strings.Index(s, sep); i > 0 {
			a, b := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+len(sep):])
			if a != "" && b != "" {
				return a, b, true
			}
		}
	}
	return "", "", false
}

// validate runs the built-in and the pack's cross-field checks.
func (e *Engine) validate(p *Pack, x *labrelay.Extraction) {
	f := &x.Fields
	lower := func(field string, reason string) {
		if _, ok := x.Confidence[field]; ok {
			x.Confidence[field] = math.Min(x.Confidence[field], 0.5)
		}
		x.RequireReview(reason)
	}
	if f.IssueDate != "" && f.TestEndDate != "" && f.IssueDate < f.TestEndDate {
		lower(labrelay.FieldIssueDate, fmt.Sprintf("issue date %s is before the end of testing %s", f.IssueDate, f.TestEndDate))
	}
	if f.ReceivedDate != "" && f.TestStartDate != "" && f.ReceivedDate > f.TestStartDate {
		lower(labrelay.FieldReceivedDate, fmt.Sprintf("sample received %s after testing started %s", f.ReceivedDate, f.TestStartDate))
	}
	if f.TestStartDate != "" && f.TestEndDate != "" && f.TestStartDate > f.TestEndDate {
		lower(labrelay.FieldTestEndDate, fmt.Sprintf("testing ends %s before it starts %s", f.TestEndDate, f.TestStartDate))
		lower(labrelay.FieldTestStartDate, "testing period is reversed")
	}
	if f.OverallResult == labrelay.VerdictPass {
		for _, r := range f.Results {
			if r.Verdict == labrelay.VerdictFail {
				lower(labrelay.FieldOverallResult, fmt.Sprintf("overall result is pass but %s fails", r.Item))
				break
			}
		}
	}
	if f.OverallResult == labrelay.VerdictFail && len(f.Results) > 0 {
		passes := 0
		for _, r := range f.Results {
			if r.Verdict == labrelay.VerdictPass {
				passes++
			}
		}
		if passes == len(f.Results) {
			lower(labrelay.FieldOverallResult, "overall result is fail but every result row passes")
		}
	}
	if f.Lab != "" && f.LabName != "" {
		if fam := normalize.Lab(f.LabName); fam != f.Lab && (fam != labrelay.LabOther || p.Lab != "") {
			lower(labrelay.FieldLab, fmt.Sprintf("lab %s does not match the lab name %q", f.Lab, f.LabName))
		}
	}
	if len(p.Checks) == 0 {
		return
	}
	envm := env(&docFuncs{dayFirst: p.DayFirst}, recordEnv(f))
	envm["pack"] = p.Name
	for _, c := range p.Checks {
		out, err := expr.Run(c.prog, envm)
		if err != nil {
			x.RequireReview(fmt.Sprintf("check %s could not run: %v", c.Name, err))
			continue
		}
		if out != true {
			msg := c.Message
			if msg == "" {
				msg = "check " + c.Name + " failed"
			}
			x.RequireReview(msg)
		}
	}
}

func recordEnv(f *labrelay.Record) map[string]any {
	m := map[string]any{}
	for _, name := range labrelay.FieldNames {
		if s, ok := f.String(name); ok {
			m[name] = s
		}
	}
	m[labrelay.FieldTestStandards] = append([]string{}, f.TestStandards...)
	m[labrelay.FieldPageCount] = f.PageCount
	rows := make([]map[string]any, len(f.Results))
	for i, r := range f.Results {
		rows[i] = map[string]any{"item": r.Item, "method": r.Method, "unit": r.Unit, "mdl": r.MDL,
			"limit": r.Limit, "value": r.Value, "verdict": r.Verdict}
	}
	m[labrelay.FieldResults] = rows
	return m
}

// review decides whether a person must look: any field under the pack's
// threshold, any required field missing, pages that were not read.
func review(p *Pack, x *labrelay.Extraction, l *labrelay.Layout) {
	if p.Name == GenericPack {
		x.RequireReview("layout not recognised by any rule pack; read with the generic rules")
	}
	for _, pg := range l.Pages {
		if pg.Path == labrelay.PathOCR && len(pg.Rows) == 0 {
			x.RequireReview(fmt.Sprintf("page %d could not be read (%s)", pg.Number, pg.Reason))
		}
	}
	for _, f := range p.Required {
		if _, ok := x.Confidence[f]; !ok {
			x.RequireReview(f + " not found")
		}
	}
	for _, f := range labrelay.FieldNames {
		c, ok := x.Confidence[f]
		if ok && c < p.Threshold {
			x.RequireReview(fmt.Sprintf("%s below threshold %g", f, p.Threshold))
		}
	}
	// Keep only keys of present fields in Confidence (spec §2).
	present := map[string]bool{}
	for _, f := range x.Fields.Present() {
		present[f] = true
	}
	for f := range x.Confidence {
		if !present[f] {
			delete(x.Confidence, f)
			delete(x.Provenance, f)
		}
	}
}
