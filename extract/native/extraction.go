package native

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/beevik/etree"
	"github.com/expr-lang/expr"

	"github.com/labrelay/labrelay"
	textutil "github.com/labrelay/labrelay/internal/text"
	"github.com/labrelay/labrelay/normalize"
)

// Core fields: without them a record cannot be published unseen.
var core = []string{labrelay.FieldReportNumber, labrelay.FieldIssueDate, labrelay.FieldOverallResult}

// implicit normalisers for fields whose form the spec fixes, used when a
// rule names none.
var implicit = map[string]string{
	labrelay.FieldLab:           "lab",
	labrelay.FieldCategory:      "category",
	labrelay.FieldOverallResult: "verdict",
	labrelay.FieldIssueDate:     "date",
	labrelay.FieldReceivedDate:  "date",
	labrelay.FieldTestStartDate: "date",
	labrelay.FieldTestEndDate:   "date",
	labrelay.FieldPageCount:     "integer",
	"verdict":                   "verdict",
}

var reISODate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// allowed checks the exact form the spec requires of a field.
func allowed(field, v string) bool {
	switch field {
	case labrelay.FieldLab:
		return v == labrelay.LabSGS || v == labrelay.LabBV || v == labrelay.LabOther
	case labrelay.FieldCategory:
		return v == labrelay.CategoryElectronic || v == labrelay.CategoryAutomotive || v == labrelay.CategoryFood
	case labrelay.FieldOverallResult:
		return v == labrelay.VerdictPass || v == labrelay.VerdictFail || v == labrelay.VerdictInconclusive
	case labrelay.FieldIssueDate, labrelay.FieldReceivedDate, labrelay.FieldTestStartDate, labrelay.FieldTestEndDate:
		return reISODate.MatchString(v)
	case "verdict":
		return v == "" || v == labrelay.VerdictPass || v == labrelay.VerdictFail
	}
	return true
}

// newExtraction returns an empty extraction of a document in format read
// by m (nil: no mapping).
func newExtraction(m *Mapping, format string) *labrelay.Extraction {
	x := &labrelay.Extraction{
		Path:       labrelay.PathNativeJSON,
		Confidence: map[string]float64{},
		Review:     labrelay.Review{Reasons: []string{}},
	}
	if format == FormatXML {
		x.Path = labrelay.PathNativeXML
	}
	if m != nil {
		x.RulePack, x.RulesVersion = m.Name, m.Name
		if m.Version != "" {
			x.RulesVersion = m.Name + "@" + m.Version
		}
	}
	return x
}

func (m *Mapping) extract(ctx context.Context, d *document) (*labrelay.Extraction, error) {
	x := newExtraction(m, d.format)
	for _, name := range labrelay.FieldNames {
		r, ok := m.Fields[name]
		if !ok {
			continue
		}
		conf := m.Confidence
		if r.Confidence > 0 {
			conf = r.Confidence
		}
		vals, err := r.eval(d, d.root(), nil)
		if err != nil {
			x.RequireReview(fmt.Sprintf("%s: %v", name, err))
			continue
		}
		if name == labrelay.FieldTestStandards {
			if list := r.list(vals); len(list) > 0 {
				x.Fields.TestStandards = list
				x.Confidence[name] = conf
			}
			continue
		}
		v, found, err := m.value(name, r, vals)
		switch {
		case err != nil:
			x.RequireReview(fmt.Sprintf("%s: %v", name, err))
			continue
		case !found:
			continue
		}
		if name == labrelay.FieldPageCount {
			x.Fields.PageCount, _ = strconv.Atoi(v)
		} else {
			x.Fields.SetString(name, v)
		}
		x.Confidence[name] = conf
	}
	if m.Results != nil {
		rows, conf, err := m.results(ctx, d, x)
		if err != nil {
			return nil, err
		}
		if len(rows) > 0 {
			x.Fields.Results = rows
			x.Confidence[labrelay.FieldResults] = conf
		}
	}
	for _, name := range core {
		if _, ok := x.Confidence[name]; !ok {
			x.RequireReview(name + " not found")
		}
	}
	if x.Fields.OverallResult == labrelay.VerdictPass {
		n := 0
		for _, row := range x.Fields.Results {
			if row.Verdict == labrelay.VerdictFail {
				n++
			}
		}
		if n > 0 {
			x.RequireReview(fmt.Sprintf("overall_result is pass but %d result rows fail", n))
		}
	}
	return x, nil
}

// value turns what a rule found into one normalised string. found is false
// when nothing (or only blanks) was found.
func (m *Mapping) value(field string, r Rule, vals []any) (string, bool, error) {
	var strs []string
	for _, v := range flatten(vals) {
		if s, ok := scalar(v); ok && normalize.Space(s) != "" {
			strs = append(strs, s)
		}
	}
	if len(strs) == 0 {
		return "", false, nil
	}
	for _, s := range strs[1:] {
		if normalize.Space(s) != normalize.Space(strs[0]) {
			return "", false, fmt.Errorf("%d different values found (%q, %q)", len(strs), strs[0], s)
		}
	}
	v, err := m.normalize(field, r, strs[0])
	if err != nil {
		return "", false, err
	}
	if v == "" {
		return "", false, nil
	}
	if !allowed(field, v) {
		return "", false, fmt.Errorf("value %q is not a valid %s", v, field)
	}
	return v, true, nil
}

func (m *Mapping) normalize(field string, r Rule, s string) (string, error) {
	how := r.Normalize
	if how == "" {
		how = implicit[field]
	}
	sp := normalize.Space(s)
	switch how {
	case "", "space":
		return sp, nil
	case "none":
		return strings.TrimSpace(s), nil
	case "date":
		dayFirst := m.DayFirst
		if r.DayFirst != nil {
			dayFirst = *r.DayFirst
		}
		return normalize.Date(sp, dayFirst)
	case "lab":
		return normalize.Lab(sp), nil
	case "category":
		c, ok := normalize.Category(sp)
		if !ok {
			return "", fmt.Errorf("unknown category %q", sp)
		}
		return c, nil
	case "verdict":
		v, ok := normalize.Verdict(sp)
		if !ok {
			return "", fmt.Errorf("cannot read verdict %q", sp)
		}
		return v, nil
	case "enum":
		for k, v := range r.Enum {
			if strings.EqualFold(normalize.Space(k), sp) {
				return v, nil
			}
		}
		return "", fmt.Errorf("value %q is not in the enum table", sp)
	case "integer":
		n, err := strconv.Atoi(sp)
		if err != nil || n < 1 {
			return "", fmt.Errorf("%q is not a positive whole number", sp)
		}
		return strconv.Itoa(n), nil
	}
	return "", fmt.Errorf("unknown normaliser %q", how)
}

// list turns what a rule found into a list of strings (test_standards).
func (r Rule) list(vals []any) []string {
	var out []string
	seen := map[string]bool{}
	for _, v := range flatten(vals) {
		s, ok := scalar(v)
		if !ok {
			continue
		}
		parts := []string{s}
		if r.Split != "" {
			parts = strings.Split(s, r.Split)
		}
		for _, p := range parts {
			p = normalize.Space(p)
			if p != "" && !seen[p] {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

func (m *Mapping) results(ctx context.Context, d *document, x *labrelay.Extraction) ([]labrelay.ResultRow, float64, error) {
	res := m.Results
	conf := m.Confidence
	if res.Rows.Confidence > 0 {
		conf = res.Rows.Confidence
	}
	found, err := res.Rows.eval(d, d.root(), nil)
	if err != nil {
		x.RequireReview(fmt.Sprintf("results: %v", err))
		return nil, 0, nil
	}
	var rows []labrelay.ResultRow
	doubtful := false
	for i, node := range flatten(found) {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		n := i + 1
		var row labrelay.ResultRow
		cols := map[string]string{}
		for name, r := range res.Columns {
			vals, err := r.eval(d, node, node)
			if err != nil {
				x.RequireReview(fmt.Sprintf("results row %d: %s: %v", n, name, err))
				doubtful = true
				continue
			}
			v, ok, err := m.value(name, r, vals)
			if err != nil {
				x.RequireReview(fmt.Sprintf("results row %d: %s: %v", n, name, err))
				doubtful = true
				continue
			}
			if ok {
				cols[name] = v
			}
		}
		row.Item, row.Method, row.Unit = cols["item"], cols["method"], cols["unit"]
		row.MDL, row.Limit, row.Value = cols["mdl"], cols["limit"], cols["value"]
		if row.Item == "" && row.Value == "" {
			continue
		}
		if row.Item == "" || row.Value == "" {
			x.RequireReview(fmt.Sprintf("results row %d has no item or no value", n))
			doubtful = true
		}
		derived := normalize.RowVerdict(row.Value, row.Limit)
		printed, hasPrinted := cols["verdict"]
		switch {
		case !hasPrinted:
			row.Verdict = derived
		case derived != "" && printed != derived:
			row.Verdict = printed
			x.RequireReview(fmt.Sprintf("results row %d (%s): printed verdict %s but %s against limit %s gives %s",
				n, row.Item, printed, row.Value, row.Limit, derived))
			doubtful = true
		default:
			row.Verdict = printed
		}
		rows = append(rows, row)
	}
	if doubtful {
		conf = min(conf, 0.5)
	}
	return rows, conf, nil
}

// eval runs a rule against a context node (the root, or a row).
func (r Rule) eval(d *document, node any, row any) ([]any, error) {
	if r.Value != "" {
		return []any{r.Value}, nil
	}
	var vals []any
	if r.loc != nil {
		vals = r.loc.find(d, node)
	}
	if r.prog == nil {
		return vals, nil
	}
	env := exprEnv{Doc: d.json}
	if d.format == FormatJSON {
		env.Row = row
	}
	switch len(vals) {
	case 0:
	case 1:
		env.Value = plain(vals[0])
	default:
		list := make([]any, len(vals))
		for i, v := range vals {
			list[i] = plain(v)
		}
		env.Value = list
	}
	out, err := expr.Run(r.prog, env)
	if err != nil {
		return nil, fmt.Errorf("expression failed: %s", textutil.OneLine(err.Error()))
	}
	if out == nil {
		return nil, nil
	}
	return []any{out}, nil
}

// plain gives expressions strings for XML elements.
func plain(v any) any {
	if e, ok := v.(*etree.Element); ok {
		return text(e)
	}
	return v
}

// find returns what a locator selects from node: elements or attribute
// values (XML), or the value at the pointer (JSON).
func (l *locator) find(d *document, node any) []any {
	if d.format == FormatXML {
		e, ok := node.(*etree.Element)
		if !ok {
			return nil
		}
		elems := []*etree.Element{e}
		if !l.self {
			elems = e.FindElementsPath(l.xml)
		}
		out := make([]any, 0, len(elems))
		for _, el := range elems {
			if l.attr == "" {
				out = append(out, el)
			} else if a := el.SelectAttr(l.attr); a != nil {
				out = append(out, a.Value)
			}
		}
		return out
	}
	v := node
	for _, tok := range l.pointer {
		switch t := v.(type) {
		case map[string]any:
			next, ok := t[tok]
			if !ok {
				return nil
			}
			v = next
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(t) {
				return nil
			}
			v = t[i]
		default:
			return nil
		}
	}
	if v == nil {
		return nil
	}
	return []any{v}
}

// flatten expands JSON arrays into their items.
func flatten(vals []any) []any {
	var out []any
	for _, v := range vals {
		if list, ok := v.([]any); ok {
			out = append(out, flatten(list)...)
			continue
		}
		if list, ok := v.([]string); ok {
			for _, s := range list {
				out = append(out, s)
			}
			continue
		}
		out = append(out, v)
	}
	return out
}

// scalar returns the printed form of a found value; false for objects.
func scalar(v any) (string, bool) {
	switch t := v.(type) {
	case string:
		return t, true
	case *etree.Element:
		return text(t), true
	case json.Number:
		return t.String(), true
	case bool:
		return strconv.FormatBool(t), true
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64), true
	case int:
		return strconv.Itoa(t), true
	case int64:
		return strconv.FormatInt(t, 10), true
	}
	return "", false
}

// text is all character data inside an element, in document order.
func text(e *etree.Element) string {
	var b strings.Builder
	var walk func(*etree.Element)
	walk = func(e *etree.Element) {
		for _, t := range e.Child {
			switch c := t.(type) {
			case *etree.CharData:
				b.WriteString(c.Data)
			case *etree.Element:
				walk(c)
			}
		}
	}
	walk(e)
	return b.String()
}
