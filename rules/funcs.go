package rules

import (
	"reflect"
	"regexp"
	"strings"
	"sync"

	"github.com/expr-lang/expr"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/normalize"
)

const reflectString = reflect.String

// The function library of rule expressions (documented in docs/rules.md).
// Functions are pure over their arguments, except label, lines and column,
// which read the document being analysed.

var reCache sync.Map

func re(pattern string) *regexp.Regexp {
	if r, ok := reCache.Load(pattern); ok {
		return r.(*regexp.Regexp)
	}
	r, err := regexp.Compile(pattern)
	if err != nil {
		r = regexp.MustCompile(`$^`) // never matches
	}
	reCache.Store(pattern, r)
	return r
}

func fnFind(s, pattern string) string {
	m := re(pattern).FindStringSubmatch(s)
	switch {
	case m == nil:
		return ""
	case len(m) > 1:
		return normalize.Space(m[1])
	}
	return normalize.Space(m[0])
}

func fnFindAll(s, pattern string) []string {
	var out []string
	for _, m := range re(pattern).FindAllStringSubmatch(s, -1) {
		v := m[0]
		if len(m) > 1 {
			v = m[1]
		}
		out = append(out, normalize.Space(v))
	}
	return out
}

func fnNum(s string) float64 {
	v, err := normalize.ParseValue(s)
	if err != nil || v.Kind != normalize.Number {
		return 0
	}
	return v.Num
}

func fnIsNum(s string) bool {
	v, err := normalize.ParseValue(s)
	return err == nil && v.Kind == normalize.Number
}

func fnLookup(m map[string]any, key string, def any) any {
	if v, ok := m[key]; ok {
		return v
	}
	return def
}

// fnMentions reports whether any of the strings contains any of the words
// (case-insensitive).
func fnMentions(list []string, words ...string) bool {
	for _, s := range list {
		ls := strings.ToLower(s)
		for _, w := range words {
			if strings.Contains(ls, strings.ToLower(w)) {
				return true
			}
		}
	}
	return false
}

// docFuncs are bound to one document at run time.
type docFuncs struct {
	v        *view
	dayFirst bool
	order    int // numeric date order the document shows: 0 not looked, -1 unknown, 1 day first, 2 month first
}

// date reads a date as the field readers do: local month names ("9. Juli
// 2024") and a cell's stray marks are understood.
func (d *docFuncs) date(s string) string {
	out, err := normalize.Date(localDate(normalize.CleanDate(s)), d.dayFirst)
	if err != nil {
		return ""
	}
	return out
}

func (d *docFuncs) label(names ...string) string {
	if d == nil || d.v == nil {
		return ""
	}
	c, _ := findLabel(d.v, names, "any", 0)
	if c == nil {
		return ""
	}
	return c.value
}

func (d *docFuncs) lines() []string {
	if d == nil || d.v == nil {
		return nil
	}
	out := make([]string, len(d.v.Lines))
	for i, l := range d.v.Lines {
		out[i] = l.Text
	}
	return out
}

func (d *docFuncs) column(names ...string) []string {
	if d == nil || d.v == nil {
		return nil
	}
	return columnBelow(d.v, names)
}

func env(d *docFuncs, fields map[string]any) map[string]any {
	e := map[string]any{
		"find":     fnFind,
		"findAll":  fnFindAll,
		"num":      fnNum,
		"isNum":    fnIsNum,
		"lookup":   fnLookup,
		"mentions": fnMentions,
		"date":     d.date,
		"label":    d.label,
		"lines":    d.lines,
		"column":   d.column,
		"verdict": func(s string) string {
			v, _ := normalize.Verdict(s)
			return v
		},
		"rowVerdict": normalize.RowVerdict,
		"text":       "",
		"value":      "",
		"pack":       "",
		"results":    []map[string]any{},
	}
	for _, f := range labrelay.FieldNames {
		switch f {
		case labrelay.FieldTestStandards:
			e[f] = []string{}
		case labrelay.FieldResults:
			e[f] = []map[string]any{}
		case labrelay.FieldPageCount:
			e[f] = 0
		default:
			e[f] = ""
		}
	}
	if d.v != nil {
		e["text"] = d.v.Text
	}
	for k, v := range fields {
		e[k] = v
	}
	return e
}

// exprOptions type-checks expressions against the environment every rule
// and check runs in.
func exprOptions() []expr.Option {
	return []expr.Option{expr.Env(env(&docFuncs{}, nil))}
}
