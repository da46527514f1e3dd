package rules

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

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

// FromDir returns an engine over the packs of dir, or over the embedded
// packs when dir is "".
func FromDir(dir string) (*Engine, error) {
	return FromDirs(dir, "")
}

// FromDirs returns an engine over the packs of rulesDir (the embedded
// ones when "") plus those of extraDir (see Load).
func FromDirs(rulesDir, extraDir string) (*Engine, error) {
	packs, err := Load(rulesDir, extraDir)
	if err != nil {
		return nil, err
	}
	return New(packs)
}

// Threshold returns the review threshold of the named pack; a name the
// engine does not know (a native mapping) gets the lowest of its packs,
// the strictest reading for an evaluation.
func (e *Engine) Threshold(pack string) float64 {
	low := 1.0
	for _, p := range e.packs {
		if p.Name == pack {
			return p.Threshold
		}
		low = min(low, p.Threshold)
	}
	return low
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
	// Generic is what the generic reader read, for the cross-check.
	Generic []string `json:"generic,omitempty"`
	Rows    []string `json:"rows"`
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

// AnalyzeDebug is Analyze with a trace of how each field was found.
func (e *Engine) AnalyzeDebug(ctx context.Context, l *labrelay.Layout) (*labrelay.Extraction, *Trace, error) {
	if l == nil {
		return nil, nil, fmt.Errorf("no layout")
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	v := newView(l)
	p := e.selectOCR(v)
	captionsAsTaught(p, v)
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
	got, err := e.readFields(ctx, p, v, df, x, tr)
	if err != nil {
		return nil, nil, err
	}

	known := crossCheck(p, v, df, got, x, tr)
	codeReadTwice(v, got, tr)
	capLearned(p, v, got, tr)
	mt := readResults(p, v, x, tr)
	termsAsTaught(p, v, x, tr)
	standardsFromMethods(p, got, x, mt)
	overallAsTaught(p, got, x)

	for f, fd := range got {
		switch val := fd.value.(type) {
		case string:
			if val == "" {
				continue
			}
			val = closeHanSpaces(f, val)
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
		x.Confidence[labrelay.FieldLab] = math.Min(confPackLab, p.MaxConfidence)
		if !known {
			x.Confidence[labrelay.FieldLab] = math.Min(x.Confidence[labrelay.FieldLab], confGenericMax)
		}
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

// readFields runs the pack's field rules, in spec order, and records each
// rule's outcome in the trace.
func (e *Engine) readFields(ctx context.Context, p *Pack, v *view, df *docFuncs, x *labrelay.Extraction, tr *Trace) (map[string]*found, error) {
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
			return nil, err
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
				fd.own = r.pack == p.Name
				best = fd
				tr.Rules = append(tr.Rules, TraceEntry{Field: f, Rule: name, Outcome: "used", Value: show(fd.value)})
			case same(best.value, fd.value):
				best.conf = math.Min(1, best.conf+confAgree)
				tr.Rules = append(tr.Rules, TraceEntry{Field: f, Rule: name, Outcome: "agrees", Value: show(fd.value)})
			default:
				tr.Rules = append(tr.Rules, TraceEntry{Field: f, Rule: name, Outcome: "disagrees", Value: show(fd.value)})
				if spacedOut(best.value, fd.value) {
					// a text layer drops the space between two words
					// more often than it invents one
					best.value, best.cand = fd.value, fd.cand
				}
				if fd.conf >= p.Threshold*confRival {
					best.conf = math.Min(best.conf, confDisagree)
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
	return got, nil
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

// capUntaught caps what a learned pack was not taught: it vouches only
// for its own rules. An inherited caption agreeing with the generic
// reader is the same caption read twice. The category, derived from the
// other fields by the generic pack's expressions, is not a reading.
func capUntaught(got map[string]*found) {
	for f, fd := range got {
		if !fd.own && f != labrelay.FieldCategory {
			fd.conf = math.Min(fd.conf, confGenericMax)
		}
	}
}

// spacedOut reports whether b is a with spaces between words a printed
// glued ("ZhongjianNanfang" and "Zhongjian Nanfang").
func spacedOut(a, b any) bool {
	as, ok1 := a.(string)
	bs, ok2 := b.(string)
	if !ok1 || !ok2 {
		return false
	}
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
	return squeeze(as) == squeeze(bs) && len(strings.Fields(bs)) > len(strings.Fields(as))
}

// hanSpaced are the fields whose Chinese values OCR and text layers part
// with spaces Chinese does not print ("厦门 市 通达 电子 有 限 公司",
// "高新大道26 号10 栋4楼").
var hanSpaced = map[string]bool{
	labrelay.FieldApplicantName: true, labrelay.FieldApplicantAddress: true, labrelay.FieldManufacturerName: true,
	labrelay.FieldProductName: true, labrelay.FieldLabName: true, labrelay.FieldSignatoryName: true,
}

// closeHanSpaces drops from a mostly Chinese value of field the spaces
// between two Chinese characters and between one and a digit. A
// signatory's name keeps a space beside a part of two characters or more:
// a Japanese name prints one ("高橋 誠"); a Chinese name parted into
// single characters ("刘 芳") is closed. A quote mark that opens the value
// and is closed nowhere (a ruling chi_sim read as ”) goes too.
func closeHanSpaces(field, val string) string {
	if !hanSpaced[field] || !strings.ContainsAny(val, " ”“") {
		return val
	}
	han, latin := 0, 0
	for _, r := range val {
		switch {
		case eaLetter(r):
			han++
		case unicode.IsLetter(r):
			latin++
		}
	}
	if han <= latin {
		return val
	}
	if r, n := utf8.DecodeRuneInString(val); (r == '”' || r == '“') && !strings.ContainsAny(val[n:], "”“") {
		val = strings.TrimSpace(val[n:])
	}
	if field == labrelay.FieldSignatoryName {
		for _, w := range strings.Fields(val) {
			if utf8.RuneCountInString(w) > 1 {
				return val
			}
		}
	}
	rs := []rune(val)
	out := rs[:0:0]
	for i, r := range rs {
		if r == ' ' && i > 0 && i+1 < len(rs) {
			a, b := rs[i-1], rs[i+1]
			if eaLetter(a) && (eaLetter(b) || unicode.IsDigit(b)) || unicode.IsDigit(a) && eaLetter(b) {
				continue
			}
		}
		out = append(out, r)
	}
	return string(out)
}
