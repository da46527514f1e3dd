package publish

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"go.yaml.in/yaml/v3"
)

// WireVersionKey is the top-level payload key that Apply always sets to
// the map's version, so the DSP and any later reader know which mapping
// produced a payload.
const WireVersionKey = "wire_version"

// SourceSHA256Path is the input path of the source document's SHA-256.
// Every map must read it: whatever the wire payload, the signed record
// carries the hash of the exact file the lab delivered (spec §3).
const SourceSHA256Path = "source.sha256"

//go:embed wiremap/dsp-wire-v1.yaml
var defaultWireMap []byte

// WireMap maps a document (the extraction after review) to the DSP's wire
// payload. It is configuration, not code, because the DSP's field list will
// change: a new DSP version is a new YAML file. A WireMap is immutable and
// safe for concurrent use.
type WireMap struct {
	// Version names the mapping, e.g. "dsp-wire/v1".
	Version string
	require []string
	rules   []rule
}

type rule struct {
	to      []string
	from    []string
	def     any
	hasDef  bool
	konst   any
	isConst bool
	prog    *vm.Program
	each    []rule
}

// wireMapFile is the YAML form.
type wireMapFile struct {
	Version string     `yaml:"version"`
	Require []string   `yaml:"require"`
	Fields  []ruleFile `yaml:"fields"`
}

type ruleFile struct {
	To      string     `yaml:"to"`
	From    string     `yaml:"from"`
	Const   yaml.Node  `yaml:"const"`
	Expr    string     `yaml:"expr"`
	Default yaml.Node  `yaml:"default"`
	Each    []ruleFile `yaml:"each"`
}

// DefaultWireMap returns the embedded dsp-wire/v1 map: the canonical record
// under "record", with source_sha256, report_number, supersedes and the
// versions of the extractor and rules beside it.
func DefaultWireMap() *WireMap {
	m, err := LoadWireMap(bytes.NewReader(defaultWireMap))
	if err != nil {
		panic("publish: embedded wire map: " + err.Error())
	}
	return m
}

// LoadWireMap reads a YAML wire map. Errors name the offending rule.
func LoadWireMap(r io.Reader) (*WireMap, error) {
	dec := yaml.NewDecoder(r)
	dec.KnownFields(true)
	var f wireMapFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("wire map: %w", err)
	}
	if strings.TrimSpace(f.Version) == "" {
		return nil, errors.New("wire map: version is required, e.g. dsp-wire/v1")
	}
	if len(f.Fields) == 0 {
		return nil, fmt.Errorf("wire map %s: fields is empty", f.Version)
	}
	rules, err := compileRules(f.Fields, "fields")
	if err != nil {
		return nil, fmt.Errorf("wire map %s: %w", f.Version, err)
	}
	readsHash := false
	for _, r := range f.Fields {
		if r.From == SourceSHA256Path {
			readsHash = true
		}
		if r.To == WireVersionKey {
			return nil, fmt.Errorf("wire map %s: %q is set from version; no rule may write it", f.Version, WireVersionKey)
		}
	}
	if !readsHash {
		return nil, fmt.Errorf("wire map %s: no rule reads %s; the payload must carry the source document's SHA-256", f.Version, SourceSHA256Path)
	}
	return &WireMap{Version: f.Version, require: f.Require, rules: rules}, nil
}

func compileRules(fs []ruleFile, where string) ([]rule, error) {
	seen := map[string]bool{}
	var rules []rule
	for i, f := range fs {
		at := fmt.Sprintf("%s[%d]", where, i)
		if f.To == "" {
			return nil, fmt.Errorf("%s: to is required", at)
		}
		at = fmt.Sprintf("%s (to %s)", at, f.To)
		if seen[f.To] {
			return nil, fmt.Errorf("%s: written twice", at)
		}
		seen[f.To] = true
		r := rule{to: strings.Split(f.To, ".")}
		n := 0
		if f.From != "" {
			n++
			r.from = strings.Split(f.From, ".")
		}
		if !f.Const.IsZero() {
			n++
			r.isConst = true
			if err := f.Const.Decode(&r.konst); err != nil {
				return nil, fmt.Errorf("%s: const: %w", at, err)
			}
			r.konst = jsonable(r.konst)
		}
		if f.Expr != "" {
			n++
			prog, err := expr.Compile(f.Expr, expr.AllowUndefinedVariables())
			if err != nil {
				return nil, fmt.Errorf("%s: expr: %w", at, err)
			}
			r.prog = prog
		}
		if n != 1 {
			return nil, fmt.Errorf("%s: give exactly one of from, const or expr", at)
		}
		if !f.Default.IsZero() {
			if f.From == "" {
				return nil, fmt.Errorf("%s: default needs from", at)
			}
			r.hasDef = true
			if err := f.Default.Decode(&r.def); err != nil {
				return nil, fmt.Errorf("%s: default: %w", at, err)
			}
			r.def = jsonable(r.def)
		}
		if len(f.Each) > 0 {
			if f.From == "" {
				return nil, fmt.Errorf("%s: each needs from", at)
			}
			each, err := compileRules(f.Each, at+".each")
			if err != nil {
				return nil, err
			}
			r.each = each
		}
		rules = append(rules, r)
	}
	return rules, nil
}

// Apply maps doc — a labrelay.Extraction, or any value or map of the same
// JSON shape — to the wire payload. A "from" path missing in doc leaves the
// key out (or writes its default); an expression yielding nil likewise.
// Apply fails when a required output key ends up empty.
func (m *WireMap) Apply(doc any) (map[string]any, error) {
	in, err := toJSONMap(doc)
	if err != nil {
		return nil, fmt.Errorf("wire map %s: %w", m.Version, err)
	}
	out, err := applyRules(m.rules, in)
	if err != nil {
		return nil, fmt.Errorf("wire map %s: %w", m.Version, err)
	}
	out[WireVersionKey] = m.Version
	var missing []string
	for _, k := range m.require {
		if v, ok := lookup(out, strings.Split(k, ".")); !ok || isEmpty(v) {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("wire map %s: payload lacks required %s", m.Version, strings.Join(missing, ", "))
	}
	return out, nil
}

func applyRules(rules []rule, in map[string]any) (map[string]any, error) {
	out := map[string]any{}
	for _, r := range rules {
		var v any
		var ok bool
		switch {
		case r.isConst:
			v, ok = r.konst, true
		case r.prog != nil:
			res, err := expr.Run(r.prog, in)
			if err != nil {
				return nil, fmt.Errorf("%s: expr: %w", strings.Join(r.to, "."), err)
			}
			v, ok = jsonable(res), res != nil
		default:
			v, ok = lookup(in, r.from)
			if !ok && r.hasDef {
				v, ok = r.def, true
			}
			if ok && len(r.each) > 0 {
				var err error
				if v, err = applyEach(r, v); err != nil {
					return nil, err
				}
			}
		}
		if ok {
			set(out, r.to, v)
		}
	}
	return out, nil
}

func applyEach(r rule, v any) (any, error) {
	name := strings.Join(r.to, ".")
	switch v := v.(type) {
	case map[string]any:
		return applyRules(r.each, v)
	case []any:
		rows := make([]any, 0, len(v))
		for i, e := range v {
			em, ok := e.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("%s[%d]: each needs objects, got %T", name, i, e)
			}
			row, err := applyRules(r.each, em)
			if err != nil {
				return nil, fmt.Errorf("%s[%d]: %w", name, i, err)
			}
			rows = append(rows, row)
		}
		return rows, nil
	}
	return nil, fmt.Errorf("%s: each needs an object or a list, got %T", name, v)
}

func lookup(m map[string]any, path []string) (any, bool) {
	var cur any = m
	for _, p := range path {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = mm[p]; !ok {
			return nil, false
		}
	}
	return cur, cur != nil
}

func set(m map[string]any, path []string, v any) {
	for _, p := range path[:len(path)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	m[path[len(path)-1]] = v
}

func isEmpty(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case string:
		return v == ""
	case []any:
		return len(v) == 0
	case map[string]any:
		return len(v) == 0
	}
	return false
}

func toJSONMap(doc any) (map[string]any, error) {
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("encode document: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("document is not a JSON object: %w", err)
	}
	if m == nil {
		return nil, errors.New("document is null")
	}
	return m, nil
}

// jsonable turns YAML-decoded and expression values into the shapes of
// encoding/json (map[string]any, []any) by a JSON round trip.
func jsonable(v any) any {
	switch v.(type) {
	case nil, string, bool, float64:
		return v
	}
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out any
	if json.Unmarshal(b, &out) != nil {
		return v
	}
	return out
}

// IdempotencyKey derives the Idempotency-Key of a submission from the source
// document's SHA-256 and the wire payload: stable for the same document and
// content (encoding/json writes map keys sorted), different as soon as
// either changes.
func IdempotencyKey(sourceSHA256 string, payload map[string]any) (string, error) {
	b, err := json.Marshal(payload)
	if err != nil {
		return "", fmt.Errorf("idempotency key: %w", err)
	}
	h := sha256.New()
	h.Write([]byte(sourceSHA256))
	h.Write([]byte{'\n'})
	h.Write(b)
	return "lr1-" + hex.EncodeToString(h.Sum(nil)), nil
}
