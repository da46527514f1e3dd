package rules

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/expr-lang/expr/vm"
	"go.yaml.in/yaml/v3"

	"github.com/labrelay/labrelay"
)

//go:embed packs/*.yaml
var embedded embed.FS

// GenericPack is the name of the fallback pack, used when no other pack's
// match keywords all appear in the document.
const GenericPack = "generic"

// Pack is one rule pack: how to read one lab family or layout. See
// docs/rules.md for the YAML form.
type Pack struct {
	Name    string `yaml:"name"`
	Version string `yaml:"version"`
	// Extends names a pack whose fields, table and checks this one
	// inherits; its own entries replace the parent's field by field.
	Extends string `yaml:"extends"`
	// Match keywords must all occur in the document text (case-insensitive);
	// "re:" starts a regular expression.
	Match    []string `yaml:"match"`
	Priority int      `yaml:"priority"`
	// Lab is the lab family the pack stands for ("" for generic).
	Lab string `yaml:"lab"`
	// DayFirst reads 09/05/2026 as 9 May.
	DayFirst bool `yaml:"day_first"`
	// Threshold is the confidence under which a field needs review.
	Threshold float64 `yaml:"threshold"`
	// MaxConfidence caps every field: a pack for unknown layouts sets it
	// below Threshold so nothing it finds is auto-accepted.
	MaxConfidence float64           `yaml:"max_confidence"`
	Fields        map[string][]Rule `yaml:"fields"`
	Table         *Table            `yaml:"table"`
	Checks        []Check           `yaml:"checks"`
	// Required are the fields without which a record needs review.
	Required []string `yaml:"required"`
	// Verdicts maps verdict words the pack's layout prints ("Yes", "OK",
	// "Conforme") to pass, fail or inconclusive, for its result table.
	Verdicts map[string]string `yaml:"verdicts"`
	// Learned marks a pack written by the learner from approved reports
	// (learn/): its values are trusted only as taught (see Engine).
	Learned bool `yaml:"learned"`
	// Overall says what a learned pack's layout does without a printed
	// overall result: OverallResults (the approved one was the result
	// rows' verdict) or OverallNone (the approved record had none).
	Overall string `yaml:"overall"`
	// Standards is StandardsMethods when a learned pack's layout lists its
	// standards only in its result table's method column: the list derived
	// from the rows is then as trusted as the rows.
	Standards string `yaml:"standards"`
	// Terms are what a learned pack's result rows printed per column: a
	// scan's reading a glyph or two away is read as the taught text.
	Terms *Terms `yaml:"terms"`
	// NotFields are, per field, captions a learned pack's approved record
	// says do not print that field on this layout (a lab's job reference
	// the generic reader takes for a PO number): the generic reader's
	// reading beside one is dropped.
	NotFields map[string][]string `yaml:"not_fields"`

	file    string
	line    int
	matchRe []*regexp.Regexp
	hash    string
}

// Rule finds one field. Exactly one of Label, Find or Expr is set.
type Rule struct {
	// Label synonyms: the value is the rest of the label's cell, the next
	// cell to the right, or the cell below (Where: right, below, any).
	Label []string `yaml:"label"`
	Where string   `yaml:"where"`
	// Multiline appends continuation rows (wrapped addresses).
	Multiline bool `yaml:"multiline"`
	// Find is a regular expression run over each row's text; group 1 (or
	// the whole match) is the value.
	Find string `yaml:"find"`
	// Expr is an expression (expr-lang) returning the value as a string,
	// or "" when not found.
	Expr string `yaml:"expr"`
	// Pattern, when set, must match the whole (trimmed) value.
	Pattern string `yaml:"pattern"`
	// Type normalises the value: text (default), date, date_start,
	// date_end, verdict, list, conclusion.
	Type string `yaml:"type"`
	// Confidence of a value found by this rule (before validation).
	Confidence float64 `yaml:"confidence"`
	// Pages limits the search to the first N pages (0: all).
	Pages int `yaml:"pages"`
	// Validate is an expression over `value` that must be true.
	Validate string `yaml:"validate"`
	// Scope "cell" runs Find over each cell instead of each row.
	Scope string `yaml:"scope"`
	// Lines limits the search to the first N rows of each page (a
	// letterhead), or with -N to the last N rows (a footer).
	Lines int `yaml:"lines"`
	// Repeated keeps only values a Find rule reads on at least two pages:
	// a running letterhead or footer, not a name printed once in a table.
	Repeated bool `yaml:"repeated"`
	// Gap is how far (in line heights) a value may stand below or above
	// its caption (default 2.5): signatures sit under a blank space.
	Gap float64 `yaml:"gap"`
	// After names a field: the caption must stand within three rows after
	// the row that field was read from ("Address" after "Applicant").
	After string `yaml:"after"`
	// Above: a list centred on its caption starts this many lines over
	// the caption's line (the learner saw it there); with fewer such
	// lines the rule reads nothing.
	Above int `yaml:"above"`
	// Span: the value stands on the lines from Span[0] to Span[1],
	// counted from its caption's line (-1 the line over it), in the
	// first column right of the caption: a value centred on a caption of
	// another height, as the learner saw it. A value on more or fewer
	// lines is not read.
	Span []int `yaml:"span,flow"`
	// FewerLines: a Span value may stand on fewer of its lines, the
	// caption's among them (a shorter name), still exactly: nothing
	// aligned on it over or under those.
	FewerLines bool `yaml:"fewer_lines"`

	Line    int `yaml:"-"`
	file    string
	pack    string
	field   string `yaml:"-"`
	index   int
	ocrFit  bool // a learned pack's own rule: OCR's confused glyphs may be swapped to fit its pattern
	find    *regexp.Regexp
	pattern *regexp.Regexp
	expr    *vm.Program
	valid   *vm.Program
}

// UnmarshalYAML records the rule's line for error messages.
func (r *Rule) UnmarshalYAML(n *yaml.Node) error {
	type plain Rule
	if err := n.Decode((*plain)(r)); err != nil {
		return err
	}
	r.Line = n.Line
	return nil
}

// Table says how to recognise result tables by their column headers.
type Table struct {
	Item    []string `yaml:"item"`
	Method  []string `yaml:"method"`
	Unit    []string `yaml:"unit"`
	MDL     []string `yaml:"mdl"`
	Limit   []string `yaml:"limit"`
	Value   []string `yaml:"value"`
	Verdict []string `yaml:"verdict"`
	// Ignore are header cells of columns that carry nothing for the
	// record (e.g. CAS No.).
	Ignore []string `yaml:"ignore"`
	// Stop ends a table at a row whose first cell is one of these
	// captions ("Note", "Remark: …"), not a row that merely starts with
	// the word ("Overall migration" does not stop at "Overall:").
	Stop []string `yaml:"stop"`
	// Lexicon reads the table with the generic reader's header lexicon
	// instead of the names above: the learner sets it for a layout whose
	// table that reader was checked to read as approved.
	Lexicon bool `yaml:"lexicon"`
	Line    int  `yaml:"-"`

	// verdicts are the pack's Verdicts, folded (see Pack.Verdicts).
	verdicts map[string]string
}

// UnmarshalYAML records the table's line.
func (t *Table) UnmarshalYAML(n *yaml.Node) error {
	type plain Table
	if err := n.Decode((*plain)(t)); err != nil {
		return err
	}
	t.Line = n.Line
	return nil
}

// Check is a cross-field validation: Expr over the fields must be true,
// else Message becomes a review reason.
type Check struct {
	Name    string `yaml:"name"`
	Expr    string `yaml:"expr"`
	Message string `yaml:"message"`
	Line    int    `yaml:"-"`
	prog    *vm.Program
}

// UnmarshalYAML records the check's line.
func (c *Check) UnmarshalYAML(n *yaml.Node) error {
	type plain Check
	if err := n.Decode((*plain)(c)); err != nil {
		return err
	}
	c.Line = n.Line
	return nil
}

// PackError names the pack, rule and YAML line of a bad rule.
type PackError struct {
	File string
	Pack string
	Rule string
	Line int
	Err  error
}

func (e *PackError) Error() string {
	where := e.File
	if e.Line > 0 {
		where = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if e.Rule != "" {
		return fmt.Sprintf("rule pack %s (%s), rule %s: %v", e.Pack, where, e.Rule, e.Err)
	}
	return fmt.Sprintf("rule pack %s (%s): %v", e.Pack, where, e.Err)
}

func (e *PackError) Unwrap() error { return e.Err }

// DefaultPacks returns the packs embedded in the binary, compiled.
func DefaultPacks() ([]*Pack, error) {
	sub, err := fs.Sub(embedded, "packs")
	if err != nil {
		return nil, err
	}
	return LoadFS(sub)
}

// LoadDir loads and compiles every *.yaml pack in dir.
func LoadDir(dir string) ([]*Pack, error) {
	return LoadFS(os.DirFS(dir))
}

// LoadFS loads and compiles every *.yaml pack at the root of fsys. Errors
// name the pack, the rule and its line.
func LoadFS(fsys fs.FS) ([]*Pack, error) {
	packs, err := parseFS(fsys, "")
	if err != nil {
		return nil, err
	}
	return build(packs)
}

// Load returns the packs of rulesDir (the embedded packs when it is "")
// with every *.yaml pack of extraDir added ("" adds none): a pack of
// extraDir named like one of the others replaces it. Errors name the
// file, the pack, the rule and its line.
func Load(rulesDir, extraDir string) ([]*Pack, error) {
	var base fs.FS = os.DirFS(rulesDir)
	if rulesDir == "" {
		sub, err := fs.Sub(embedded, "packs")
		if err != nil {
			return nil, err
		}
		base = sub
	}
	packs, err := parseFS(base, "")
	if err != nil {
		return nil, err
	}
	if extraDir == "" {
		return build(packs)
	}
	extra, err := parseFS(os.DirFS(extraDir), extraDir)
	if err != nil {
		return nil, err
	}
	replaced := map[string]bool{}
	for _, p := range extra {
		replaced[p.Name] = true
	}
	kept := extra
	for _, p := range packs {
		if !replaced[p.Name] {
			kept = append(kept, p)
		}
	}
	return build(kept)
}

// parseFS parses every *.yaml pack at the root of fsys, in name order;
// dir prefixes the file names in errors.
func parseFS(fsys fs.FS, dir string) ([]*Pack, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var packs []*Pack
	byName := map[string]*Pack{}
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		file := name
		if dir != "" {
			file = filepath.Join(dir, name)
		}
		p, err := ParsePack(file, data)
		if err != nil {
			return nil, err
		}
		if byName[p.Name] != nil {
			return nil, &PackError{File: file, Pack: p.Name, Err: fmt.Errorf("a pack named %q is already loaded from %s", p.Name, byName[p.Name].file)}
		}
		byName[p.Name] = p
		packs = append(packs, p)
	}
	return packs, nil
}

// build resolves inheritance and compiles parsed packs, most specific
// (highest priority) first.
func build(packs []*Pack) ([]*Pack, error) {
	byName := map[string]*Pack{}
	for _, p := range packs {
		byName[p.Name] = p
	}
	for _, p := range packs {
		if err := resolve(p, byName, 0); err != nil {
			return nil, err
		}
	}
	for _, p := range packs {
		if err := p.compile(); err != nil {
			return nil, err
		}
	}
	if byName[GenericPack] == nil {
		return nil, fmt.Errorf("no %q pack: one is needed as the fallback", GenericPack)
	}
	sort.SliceStable(packs, func(i, j int) bool { return packs[i].Priority > packs[j].Priority })
	return packs, nil
}

// ParsePack decodes one pack without compiling it.
func ParsePack(file string, data []byte) (*Pack, error) {
	var p Pack
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&p); err != nil {
		return nil, &PackError{File: file, Pack: strings.TrimSuffix(path.Base(file), ".yaml"), Err: err}
	}
	p.file = file
	p.line = 1
	for f, rs := range p.Fields {
		for i := range rs {
			rs[i].file, rs[i].pack = file, p.Name
		}
		p.Fields[f] = rs
	}
	if p.Name == "" {
		return nil, &PackError{File: file, Pack: file, Err: fmt.Errorf("the pack has no name")}
	}
	sum := sha256.Sum256(data)
	p.hash = hex.EncodeToString(sum[:])
	return &p, nil
}

func resolve(p *Pack, byName map[string]*Pack, depth int) error {
	if p.Extends == "" {
		return nil
	}
	if depth > 8 {
		return &PackError{File: p.file, Pack: p.Name, Err: fmt.Errorf("extends chain too long")}
	}
	parent := byName[p.Extends]
	if parent == nil || parent == p {
		return &PackError{File: p.file, Pack: p.Name, Err: fmt.Errorf("extends unknown pack %q", p.Extends)}
	}
	if err := resolve(parent, byName, depth+1); err != nil {
		return err
	}
	if p.Fields == nil {
		p.Fields = map[string][]Rule{}
	}
	for f, rs := range parent.Fields {
		if _, ok := p.Fields[f]; !ok {
			p.Fields[f] = rs
		}
	}
	if p.Table == nil {
		p.Table = parent.Table
	}
	have := map[string]bool{}
	for _, c := range p.Checks {
		have[c.Name] = true
	}
	for _, c := range parent.Checks {
		if !have[c.Name] {
			p.Checks = append(p.Checks, c)
		}
	}
	if p.Required == nil {
		p.Required = parent.Required
	}
	if p.Threshold == 0 {
		p.Threshold = parent.Threshold
	}
	p.hash = p.hash + parent.hash
	p.Extends = ""
	return nil
}

var ruleTypes = map[string]bool{"": true, "text": true, "date": true, "date_start": true, "date_end": true,
	"verdict": true, "list": true, "conclusion": true}

func (p *Pack) compile() error {
	if p.Threshold == 0 {
		p.Threshold = 0.9
	}
	if p.MaxConfidence == 0 {
		p.MaxConfidence = 0.99
	}
	for _, m := range p.Match {
		if rest, ok := strings.CutPrefix(m, "re:"); ok {
			re, err := regexp.Compile(rest)
			if err != nil {
				return &PackError{File: p.file, Pack: p.Name, Rule: "match", Err: err}
			}
			p.matchRe = append(p.matchRe, re)
		}
	}
	if err := p.compileVerdicts(); err != nil {
		return err
	}
	if p.Standards != "" && p.Standards != StandardsMethods {
		return &PackError{File: p.file, Pack: p.Name, Rule: "standards", Err: fmt.Errorf("%q is not %s", p.Standards, StandardsMethods)}
	}
	if p.Overall != "" && p.Overall != OverallResults && p.Overall != OverallNone {
		return &PackError{File: p.file, Pack: p.Name, Rule: "overall", Err: fmt.Errorf("%q is not %s or %s", p.Overall, OverallResults, OverallNone)}
	}
	for f := range p.NotFields {
		if !labrelay.IsField(f) {
			return &PackError{File: p.file, Pack: p.Name, Rule: "not_fields", Err: fmt.Errorf("unknown field %q", f)}
		}
	}
	for _, f := range p.Required {
		if !labrelay.IsField(f) {
			return &PackError{File: p.file, Pack: p.Name, Rule: "required", Err: fmt.Errorf("unknown field %q", f)}
		}
	}
	names := make([]string, 0, len(p.Fields))
	for f := range p.Fields {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		if !labrelay.IsField(f) {
			line := 0
			if rs := p.Fields[f]; len(rs) > 0 {
				line = rs[0].Line
			}
			return &PackError{File: p.file, Pack: p.Name, Rule: f, Line: line, Err: fmt.Errorf("unknown field %q", f)}
		}
		rs := p.Fields[f]
		out := make([]Rule, len(rs))
		for i, r := range rs {
			r.field, r.index = f, i
			r.ocrFit = p.Learned && r.pack == p.Name
			if err := r.compile(); err != nil {
				file, pack := p.file, p.Name
				if r.file != "" && r.file != p.file {
					file, pack = r.file, r.pack+" (inherited by "+p.Name+")"
				}
				return &PackError{File: file, Pack: pack, Rule: fmt.Sprintf("%s[%d]", f, i), Line: r.Line, Err: err}
			}
			out[i] = r
		}
		p.Fields[f] = out
	}
	for i := range p.Checks {
		c := &p.Checks[i]
		prog, err := compileExpr(c.Expr, true)
		if err != nil {
			return &PackError{File: p.file, Pack: p.Name, Rule: "check " + c.Name, Line: c.Line, Err: err}
		}
		c.prog = prog
	}
	return nil
}

func (r *Rule) compile() error {
	set := 0
	for _, b := range []bool{len(r.Label) > 0, r.Find != "", r.Expr != ""} {
		if b {
			set++
		}
	}
	if set != 1 {
		return fmt.Errorf("a rule needs exactly one of label, find or expr")
	}
	if !ruleTypes[r.Type] {
		return fmt.Errorf("unknown type %q", r.Type)
	}
	switch r.Scope {
	case "", "line", "cell":
	default:
		return fmt.Errorf("scope must be line or cell, not %q", r.Scope)
	}
	if r.Repeated && r.Find == "" {
		return fmt.Errorf("repeated needs a find rule")
	}
	if r.After != "" && !labrelay.IsField(r.After) {
		return fmt.Errorf("after: unknown field %q", r.After)
	}
	if r.Gap < 0 || r.Gap > 20 {
		return fmt.Errorf("gap %v is not in [0,20]", r.Gap)
	}
	if r.Above < 0 || r.Above > 5 || r.Above > 0 && (r.Type != "list" || len(r.Label) == 0) {
		return fmt.Errorf("above %d: a list's lines over its caption, 0 to 5, for a label rule of type list", r.Above)
	}
	if len(r.Span) > 0 && (len(r.Span) != 2 || r.Span[0] > r.Span[1] || r.Span[0] < -5 || r.Span[1] > 5 ||
		len(r.Label) == 0 || r.Type == "list" || r.Multiline || r.Where != "right") {
		return fmt.Errorf("span %v: two line offsets from -5 to 5, for a label rule reading right, not a list, not multiline", r.Span)
	}
	if r.FewerLines && (len(r.Span) != 2 || r.Span[0] > 0 || r.Span[1] < 0) {
		return fmt.Errorf("fewer_lines: for a span that holds the caption's line (from ≤ 0 ≤ to)")
	}
	switch r.Where {
	case "", "any", "right", "below", "above":
	default:
		return fmt.Errorf("where must be right, below, above or any, not %q", r.Where)
	}
	if r.Confidence == 0 {
		switch {
		case len(r.Label) > 0:
			r.Confidence = 0.95
		default:
			r.Confidence = 0.8
		}
	}
	if r.Confidence < 0 || r.Confidence > 1 {
		return fmt.Errorf("confidence %v is not in [0,1]", r.Confidence)
	}
	var err error
	if r.Find != "" {
		if r.find, err = compileRe(r.Find); err != nil {
			return err
		}
	}
	if r.Pattern != "" {
		if r.pattern, err = compileRe(`^(?:` + r.Pattern + `)$`); err != nil {
			return err
		}
	}
	if r.Expr != "" {
		if r.expr, err = compileExpr(r.Expr, false); err != nil {
			return err
		}
	}
	if r.Validate != "" {
		if r.valid, err = compileExpr(r.Validate, true); err != nil {
			return err
		}
	}
	return nil
}

// Matches reports whether every match keyword of the pack occurs in text.
func (p *Pack) Matches(text string) bool {
	if len(p.Match) == 0 {
		return false
	}
	lower := strings.ToLower(text)
	ri := 0
	for _, m := range p.Match {
		if strings.HasPrefix(m, "re:") {
			if !p.matchRe[ri].MatchString(text) {
				return false
			}
			ri++
			continue
		}
		if !strings.Contains(lower, strings.ToLower(m)) {
			return false
		}
	}
	return true
}

// Version returns the pack's version and a short hash of its contents.
func (p *Pack) VersionString() string {
	sum := sha256.Sum256([]byte(p.hash))
	return p.Name + "@" + p.Version + "+" + hex.EncodeToString(sum[:4])
}

// compileVerdicts checks the pack's verdict words and gives them to its
// own copy of the table (a parent's table is shared).
func (p *Pack) compileVerdicts() error {
	if len(p.Verdicts) == 0 {
		return nil
	}
	m := map[string]string{}
	for word, v := range p.Verdicts {
		switch v {
		case labrelay.VerdictPass, labrelay.VerdictFail, labrelay.VerdictInconclusive:
		default:
			return &PackError{File: p.file, Pack: p.Name, Rule: "verdicts", Err: fmt.Errorf("%q: %q is not pass, fail or inconclusive", word, v)}
		}
		m[fold(strings.TrimSpace(word))] = v
	}
	if p.Table == nil {
		return &PackError{File: p.file, Pack: p.Name, Rule: "verdicts", Err: fmt.Errorf("verdicts need a table (its own or inherited)")}
	}
	t := *p.Table
	t.verdicts = m
	p.Table = &t
	return nil
}

// verdict reads a printed verdict word: the pack's own words first.
func (t *Table) verdict(s string) (string, bool) {
	if v, ok := t.verdicts[fold(strings.TrimSpace(s))]; ok {
		return v, true
	}
	return verdictWord(s)
}
