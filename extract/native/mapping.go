package native

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/beevik/etree"
	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"go.yaml.in/yaml/v3"

	"github.com/labrelay/labrelay"
)

// Formats a mapping reads.
const (
	FormatXML  = "xml"
	FormatJSON = "json"
)

// DefaultConfidence is given to a value read from structured data when the
// mapping does not say otherwise.
const DefaultConfidence = 0.99

// Mapping is one lab format's mapping file.
type Mapping struct {
	// Name identifies the mapping; it becomes Extraction.RulePack. It
	// defaults to the file name without its extension.
	Name string `yaml:"name"`
	// Version becomes Extraction.RulesVersion as "name@version".
	Version     string `yaml:"version"`
	Description string `yaml:"description"`
	// Format is "xml" or "json".
	Format string `yaml:"format"`
	Match  Match  `yaml:"match"`
	// Namespaces binds the prefixes used in XML paths to namespace URIs;
	// documents may use any prefix of their own.
	Namespaces map[string]string `yaml:"namespaces"`
	// DayFirst says how all-numeric dates (09/05/2026) are read.
	DayFirst bool `yaml:"day_first"`
	// Confidence is given to every value read (default 0.99).
	Confidence float64         `yaml:"confidence"`
	Fields     map[string]Rule `yaml:"fields"`
	Results    *Results        `yaml:"results"`

	file string
}

// Match says which documents a mapping applies to. Every condition given
// must hold.
type Match struct {
	// Root is the local name of the XML root element.
	Root string `yaml:"root"`
	// Namespace is the namespace URI of the XML root element.
	Namespace string `yaml:"namespace"`
	// Path must select something: an XML path or a JSON pointer.
	Path string `yaml:"path"`
	// Equals, if set, is the value Path must hold.
	Equals string `yaml:"equals"`

	path *locator
}

// Rule says where one value lives and how to normalise it. In YAML a plain
// string is short for {path: …}.
type Rule struct {
	// Path is an XML path (relative to the root element, or to the row in
	// a results column; "@attr" reads an attribute) or a JSON pointer
	// (relative to the document, or to the row).
	Path string `yaml:"path"`
	// Expr is an expr-lang expression computing the value from doc (the
	// decoded JSON document), row (the JSON row) and value (what Path
	// found). nil or "" means not found.
	Expr string `yaml:"expr"`
	// Value is a constant.
	Value string `yaml:"value"`
	// Normalize is one of space (default), date, lab, category, verdict,
	// enum, integer or none.
	Normalize string `yaml:"normalize"`
	// DayFirst overrides the mapping's day_first for this date.
	DayFirst *bool `yaml:"day_first"`
	// Enum maps printed values (compared without case) to canonical ones,
	// for normalize: enum.
	Enum map[string]string `yaml:"enum"`
	// Split cuts one printed string into a list (test_standards).
	Split string `yaml:"split"`
	// Confidence overrides the mapping's confidence.
	Confidence float64 `yaml:"confidence"`

	loc  *locator
	prog *vm.Program
}

// Results maps the result table: Rows selects one node per row (an XML
// path, or a JSON pointer or expression giving an array) and Columns reads
// each row field relative to it.
type Results struct {
	Rows    Rule            `yaml:"rows"`
	Columns map[string]Rule `yaml:"columns"`
}

// UnmarshalYAML accepts a plain string as a path.
func (r *Rule) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		r.Path = n.Value
		return nil
	}
	type plain Rule
	return n.Decode((*plain)(r))
}

var normalizers = map[string]bool{
	"": true, "space": true, "date": true, "lab": true, "category": true,
	"verdict": true, "enum": true, "integer": true, "none": true,
}

var columns = map[string]bool{
	"item": true, "method": true, "unit": true, "mdl": true, "limit": true,
	"value": true, "verdict": true,
}

// ParseMapping reads one mapping file's YAML; file names it in errors and
// gives the default name.
func ParseMapping(file string, data []byte) (*Mapping, error) {
	m := &Mapping{file: file}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(m); err != nil {
		return nil, fmt.Errorf("mapping %s: %w", file, err)
	}
	if m.Name == "" {
		m.Name = strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	}
	if err := m.compile(); err != nil {
		return nil, fmt.Errorf("mapping %s: %w", file, err)
	}
	return m, nil
}

var rePrefix = regexp.MustCompile(`^[A-Za-z_][\w.-]*$`)

func (m *Mapping) compile() error {
	switch m.Format {
	case FormatXML, FormatJSON:
	default:
		return fmt.Errorf("format must be xml or json, not %q", m.Format)
	}
	if m.Confidence == 0 {
		m.Confidence = DefaultConfidence
	}
	if m.Confidence < 0 || m.Confidence > 1 {
		return fmt.Errorf("confidence %v is outside [0,1]", m.Confidence)
	}
	for p := range m.Namespaces {
		if !rePrefix.MatchString(p) {
			return fmt.Errorf("namespaces: bad prefix %q", p)
		}
	}
	mt := &m.Match
	if m.Format == FormatJSON && (mt.Root != "" || mt.Namespace != "") {
		return fmt.Errorf("match: root and namespace are for xml mappings")
	}
	if mt.Root == "" && mt.Namespace == "" && mt.Path == "" {
		return fmt.Errorf("match: give root, namespace or path, or the mapping would match every document")
	}
	if mt.Equals != "" && mt.Path == "" {
		return fmt.Errorf("match: equals needs a path")
	}
	if mt.Path != "" {
		loc, err := m.locator(mt.Path)
		if err != nil {
			return fmt.Errorf("match: %w", err)
		}
		mt.path = loc
	}
	if len(m.Fields) == 0 && m.Results == nil {
		return fmt.Errorf("no fields and no results")
	}
	for name, r := range m.Fields {
		switch {
		case name == labrelay.FieldResults:
			return fmt.Errorf("fields: map results in the results section")
		case !labrelay.IsField(name):
			return fmt.Errorf("fields: %q is not a canonical field", name)
		}
		if err := m.compileRule(&r); err != nil {
			return fmt.Errorf("fields: %s: %w", name, err)
		}
		if name == labrelay.FieldPageCount && r.Normalize != "integer" {
			r.Normalize = "integer"
		}
		m.Fields[name] = r
	}
	if res := m.Results; res != nil {
		if res.Rows.Path == "" && res.Rows.Expr == "" {
			return fmt.Errorf("results: rows needs a path or an expr")
		}
		if err := m.compileRule(&res.Rows); err != nil {
			return fmt.Errorf("results: rows: %w", err)
		}
		if _, ok := res.Columns["item"]; !ok {
			return fmt.Errorf("results: columns: item is required")
		}
		if _, ok := res.Columns["value"]; !ok {
			return fmt.Errorf("results: columns: value is required")
		}
		for name, r := range res.Columns {
			if !columns[name] {
				return fmt.Errorf("results: columns: %q is not a result-row field", name)
			}
			if err := m.compileRule(&r); err != nil {
				return fmt.Errorf("results: columns: %s: %w", name, err)
			}
			res.Columns[name] = r
		}
	}
	return nil
}

func (m *Mapping) compileRule(r *Rule) error {
	n := 0
	for _, s := range []string{r.Path, r.Value} {
		if s != "" {
			n++
		}
	}
	if r.Value != "" && (r.Path != "" || r.Expr != "") {
		return fmt.Errorf("value is a constant: give it without path or expr")
	}
	if n == 0 && r.Expr == "" {
		return fmt.Errorf("give a path, an expr or a value")
	}
	if !normalizers[r.Normalize] {
		return fmt.Errorf("unknown normalize %q (space, date, lab, category, verdict, enum, integer, none)", r.Normalize)
	}
	if r.Normalize == "enum" && len(r.Enum) == 0 {
		return fmt.Errorf("normalize: enum needs an enum table")
	}
	if r.Confidence < 0 || r.Confidence > 1 {
		return fmt.Errorf("confidence %v is outside [0,1]", r.Confidence)
	}
	if r.Path != "" {
		loc, err := m.locator(r.Path)
		if err != nil {
			return err
		}
		r.loc = loc
	}
	if r.Expr != "" {
		prog, err := expr.Compile(r.Expr, expr.Env(exprEnv{}))
		if err != nil {
			return fmt.Errorf("expr: %s", strings.Join(strings.Fields(err.Error()), " "))
		}
		r.prog = prog
	}
	return nil
}

// exprEnv is what an expression sees.
type exprEnv struct {
	Doc   any `expr:"doc"`
	Row   any `expr:"row"`
	Value any `expr:"value"`
}

// locator is a compiled path: an etree path plus an optional attribute,
// or a JSON pointer.
type locator struct {
	raw     string
	xml     etree.Path
	attr    string
	self    bool
	pointer []string
}

func (m *Mapping) locator(p string) (*locator, error) {
	loc := &locator{raw: p}
	if m.Format == FormatJSON {
		ptr, err := parsePointer(p)
		if err != nil {
			return nil, err
		}
		loc.pointer = ptr
		return loc, nil
	}
	elem := p
	if i := strings.LastIndex(p, "@"); i >= 0 && !strings.ContainsAny(p[i:], "[]/='\"") {
		loc.attr = p[i+1:]
		elem = strings.TrimSuffix(p[:i], "/")
		if loc.attr == "" {
			return nil, fmt.Errorf("path %q: empty attribute name", p)
		}
	}
	if elem == "" || elem == "." {
		loc.self = true
		return loc, nil
	}
	translated, err := translate(elem, m.Namespaces)
	if err != nil {
		return nil, fmt.Errorf("path %q: %w", p, err)
	}
	xp, err := etree.CompilePath(translated)
	if err != nil {
		return nil, fmt.Errorf("path %q: %w", p, err)
	}
	loc.xml = xp
	return loc, nil
}

// translate rewrites prefixed steps (sgs:Header) as namespace-URI filters
// (Header[namespace-uri()='urn:…']) so a document's own prefixes do not
// matter. An unprefixed step matches the local name in any namespace.
func translate(p string, ns map[string]string) (string, error) {
	var out []string
	for _, step := range splitSteps(p) {
		name, rest := step, ""
		if i := strings.IndexByte(step, '['); i >= 0 {
			name, rest = step[:i], step[i:]
		}
		if prefix, local, ok := strings.Cut(name, ":"); ok {
			uri, known := ns[prefix]
			if !known {
				return "", fmt.Errorf("prefix %q is not in namespaces", prefix)
			}
			if strings.ContainsAny(uri, "'") {
				return "", fmt.Errorf("namespace %q holds a quote", uri)
			}
			step = local + "[namespace-uri()='" + uri + "']" + rest
		}
		out = append(out, step)
	}
	return strings.Join(out, "/"), nil
}

// splitSteps splits a path on slashes outside brackets and quotes.
func splitSteps(p string) []string {
	var steps []string
	depth, quote, start := 0, byte(0), 0
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == '/' && depth == 0:
			steps = append(steps, p[start:i])
			start = i + 1
		}
	}
	return append(steps, p[start:])
}

// parsePointer reads an RFC 6901 JSON pointer ("" is the whole value).
func parsePointer(p string) ([]string, error) {
	if p == "" {
		return nil, nil
	}
	if !strings.HasPrefix(p, "/") {
		return nil, fmt.Errorf("JSON pointer %q must start with /", p)
	}
	parts := strings.Split(p[1:], "/")
	for i, s := range parts {
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
	}
	return parts, nil
}
