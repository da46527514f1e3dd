package learn

import (
	"fmt"
	"sort"
	"strings"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/rules"
)

// q quotes s as a single-quoted YAML scalar.
func q(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func qList(l []string) string {
	out := make([]string, len(l))
	for i, s := range l {
		out[i] = q(s)
	}
	return "[" + strings.Join(out, ", ") + "]"
}

// writePack renders the learned pack as commented YAML.
func writePack(name string, sources []string, match, required []string, ls []*learned, tab *tableSpec, terms *rules.Terms, overall, standards string, notLearned map[string]string) []byte {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("# %s: learned by `labrelay rules learn` from %s.\n", name, strings.Join(sources, ", "))
	w("# Edit freely; docs/rules.md, \"Learning a layout\", says what each key means.\n")
	w("# A learned pack's values are auto-accepted only when its rule fires as\n")
	w("# taught, the value has the learned shape and the generic reader does not\n")
	w("# read something else.\n")
	w("name: %s\nversion: \"1\"\nlearned: true\nextends: generic\n", q(name))
	w("# after the built-in packs; a pack with more keywords is tried first\npriority: %d\n", 20+len(match))
	w("# printed in every report taught and in none of their values: letterhead,\n# captions, table headers\nmatch:\n")
	for _, m := range match {
		w("  - %s\n", q(m))
	}
	w("# the fields of the approved record: a report of this layout without one\n# goes to review (one the record lacks is not required)\nrequired: %s\n", qList(required))
	if tab != nil && len(tab.verdicts) > 0 {
		w("# verdict words the result table prints\nverdicts:\n")
		for _, k := range sortedKeys(tab.verdicts) {
			w("  %s: %s\n", q(k), tab.verdicts[k])
		}
	}
	switch overall {
	case rules.OverallNone:
		w("# the report prints no overall result and the approved record has none:\n# none is derived from the result rows\noverall: none\n")
	case rules.OverallResults:
		w("# the report prints no overall result; the approved one is the result\n# rows' verdict (fail when a row fails, pass when all pass)\noverall: results\n")
	}
	if standards == rules.StandardsMethods {
		w("# the report lists its standards only in the result table's method\n# column: test_standards are the standards of the rows read\nstandards: methods\n")
	}
	if len(ls) > 0 {
		w("fields:\n")
	}
	for _, l := range ls {
		w("  %s:\n", l.field)
		for _, r := range l.rules {
			w("    # %s\n", l.note)
			writeRule(&b, r)
		}
	}
	if tab != nil {
		writeTable(&b, &tab.table)
	}
	writeTerms(&b, terms)
	for _, l := range ls {
		if l.field == labrelay.FieldReportNumber && len(l.rules) > 0 && l.rules[0].Pattern != "" {
			// replaces the generic pack's check of the same name
			w("checks:\n  - name: report_number_plain\n    expr: %s\n    message: \"report number does not have the learned shape\"\n",
				q(`report_number == "" || report_number matches "^(?:`+strings.ReplaceAll(l.rules[0].Pattern, `\`, `\\`)+`)$"`))
		}
	}
	if len(notLearned) > 0 {
		w("# not learned (read by the generic rules, checked by a person):\n")
		for _, f := range sortedKeys(notLearned) {
			w("#   %s: %s\n", f, notLearned[f])
		}
	}
	return []byte(b.String())
}

// writeNotFields writes the captions that do not print a field
// (rules.Pack.NotFields).
func writeNotFields(nf map[string][]string) []byte {
	if len(nf) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString("# the generic reader reads these fields beside these captions on the reports\n# taught, whose approved records have no such field: a reading there is dropped\nnot_fields:\n")
	fields := make([]string, 0, len(nf))
	for f := range nf {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		fmt.Fprintf(&b, "  %s: %s\n", f, qList(nf[f]))
	}
	return []byte(b.String())
}

func writeRule(b *strings.Builder, r rules.Rule) {
	first := true
	w := func(key, val string) {
		lead := "      "
		if first {
			lead, first = "    - ", false
		}
		fmt.Fprintf(b, "%s%s: %s\n", lead, key, val)
	}
	switch {
	case len(r.Label) > 0:
		w("label", qList(r.Label))
		if r.Where != "" {
			w("where", r.Where)
		}
	case r.Find != "":
		w("find", q(r.Find))
	case r.Expr != "":
		w("expr", q(r.Expr))
	}
	if r.Type != "" {
		w("type", r.Type)
	}
	if r.Scope != "" {
		w("scope", r.Scope)
	}
	if r.Lines != 0 {
		w("lines", fmt.Sprint(r.Lines))
	}
	if r.Pages != 0 {
		w("pages", fmt.Sprint(r.Pages))
	}
	if r.Multiline {
		w("multiline", "true")
	}
	if r.Gap > 0 {
		w("gap", fmt.Sprint(r.Gap))
	}
	if r.Above > 0 {
		w("above", fmt.Sprint(r.Above))
	}
	if len(r.Span) == 2 {
		w("span", fmt.Sprintf("[%d, %d]", r.Span[0], r.Span[1]))
	}
	if r.FewerLines {
		w("fewer_lines", "true")
	}
	if r.Pattern != "" {
		w("pattern", q(r.Pattern))
	}
	if r.Confidence > 0 {
		w("confidence", fmt.Sprint(r.Confidence))
	}
}

func writeTable(b *strings.Builder, t *rules.Table) {
	if t.Lexicon {
		b.WriteString("# result table: read with the generic header lexicon, checked to read the\n# taught reports as approved\ntable:\n  lexicon: true\n")
		return
	}
	b.WriteString("# result table: header names per column (cells under other headers are\n# ignored)\ntable:\n")
	for _, c := range []struct {
		key  string
		list []string
	}{{"item", t.Item}, {"method", t.Method}, {"unit", t.Unit}, {"mdl", t.MDL}, {"limit", t.Limit},
		{"value", t.Value}, {"verdict", t.Verdict}, {"ignore", t.Ignore}, {"stop", t.Stop}} {
		if len(c.list) > 0 {
			fmt.Fprintf(b, "  %s: %s\n", c.key, qList(c.list))
		}
	}
}

func sortedKeys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// fieldOrder sorts learned fields in spec order.
func fieldOrder(ls []*learned) {
	idx := map[string]int{}
	for i, f := range labrelay.FieldNames {
		idx[f] = i
	}
	sort.SliceStable(ls, func(i, j int) bool { return idx[ls[i].field] < idx[ls[j].field] })
}

// writeTerms writes the texts the taught rows print per column.
func writeTerms(b *strings.Builder, t *rules.Terms) {
	if t == nil {
		return
	}
	b.WriteString("# what the taught result rows print per column: on a scan, a cell OCR read\n# a glyph or two off one of them (the same digits) is read as it\nterms:\n")
	for _, c := range []struct {
		key  string
		list []string
	}{{"item", t.Item}, {"method", t.Method}, {"unit", t.Unit}, {"mdl", t.MDL}, {"limit", t.Limit}} {
		if len(c.list) > 0 {
			fmt.Fprintf(b, "  %s: %s\n", c.key, qList(c.list))
		}
	}
}
