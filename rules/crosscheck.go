package rules

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/text"
)

// crossChecked are the fields the generic reader reads and the engine
// cross-checks; the others are lists, tables or derived.
var crossChecked = []string{
	labrelay.FieldReportNumber, labrelay.FieldIssueDate, labrelay.FieldReceivedDate,
	labrelay.FieldTestStartDate, labrelay.FieldTestEndDate, labrelay.FieldApplicantName,
	labrelay.FieldApplicantAddress, labrelay.FieldManufacturerName, labrelay.FieldProductName,
	labrelay.FieldModelNumber, labrelay.FieldBatchNumber, labrelay.FieldPONumber,
	labrelay.FieldLabName, labrelay.FieldSignatoryName, labrelay.FieldOverallResult,
}

// crossCheck runs the generic reader and sets it against the pack's
// reading: a pack value that is a caption is dropped; the generic reader
// fills what the pack left empty; agreement raises confidence,
// disagreement sends the field to review. A lab-family pack whose own
// layout rules did not fire does not know this layout: its values earn
// no more than the generic reader's.
func crossCheck(p *Pack, v *view, df *docFuncs, got map[string]*found, x *labrelay.Extraction, tr *Trace) (known bool) {
	g := screenGeneric(p, v, readGeneric(v, df), got)
	tr.Generic = g.trace
	known = packRecognises(p, got)
	if !known {
		x.RequireReview(fmt.Sprintf("pack %s matched the lab's name but not its layout; its values are checked like the generic reader's", p.Name))
	}
	fillStandards(p, v, got, g)
	for _, f := range crossChecked {
		pf, gr := screenPackValue(v, f, got, known, x, tr), g.fields[f]
		switch {
		case gr == nil && pf != nil && (!pf.own || p.Name == GenericPack) && pf.cand.how != "expr" && !typeOKValue(f, pf.value, df):
			// a caption rule of the generic kind read what is no such
			// value, and nothing else read the field: offered, no more
			pf.conf = math.Min(pf.conf, confWeakOnly)
			tr.Rules = append(tr.Rules, TraceEntry{Field: f, Rule: pf.rule, Outcome: "capped", Value: show(pf.value), Why: "not a value of the field's type"})
			continue
		case gr == nil && pf != nil && !pf.own && pf.cand.how != "expr" && p.Name != GenericPack:
			// an inherited caption rule alone is the generic kind of
			// evidence: it earns what the generic reader would
			pf.conf = math.Min(pf.conf, confGenericMax)
			tr.Rules = append(tr.Rules, TraceEntry{Field: f, Rule: pf.rule, Outcome: "capped", Value: show(pf.value), Why: "an inherited rule with no second reading"})
			continue
		case gr == nil:
			continue
		case pf == nil && gr.weak && p.Name != GenericPack:
			// a pack that knows the layout read nothing under a strong
			// caption; a weak one ("Supplier", a caption the lexicon
			// lacks) is offered to the reviewer, no more
			got[f] = &found{cand: gr.cand, conf: math.Min(gr.conf, confWeakOnly), rule: "generic reader, a weak caption the pack does not read: " + gr.why, value: gr.value}
			continue
		case pf == nil:
			got[f] = &found{cand: gr.cand, conf: gr.conf, rule: "generic reader: " + gr.why, value: gr.value}
			if c, ok := g.conflict[f]; ok {
				got[f].conf = math.Min(got[f].conf, confDisagree)
				x.RequireReview(fmt.Sprintf("%s: the document prints different values (%s)", f, c))
			}
			continue
		}
		ps, _ := pf.value.(string)
		if c, ok := g.conflict[f]; ok && g.split[f] && sameValue(ps, gr.value) && !g.translated[f] {
			// the generic reader read the field twice, differently, a few
			// lines apart (a value wrapped beside a caption's two lines):
			// its agreement with one of them is no evidence
			pf.conf = math.Min(pf.conf, confDisagree)
			x.RequireReview(fmt.Sprintf("%s: the document prints different values (%s)", f, c))
			tr.Rules = append(tr.Rules, TraceEntry{Field: f, Rule: "generic reader", Outcome: "two readings", Value: gr.value, Why: c})
			continue
		}
		switch {
		case sameValue(ps, gr.value) && (!known || !pf.own && ocrSameCell(v, pf.cand, gr.cand)):
			// the family pack's rule likely read the very caption the
			// generic reader did: not independent evidence
			pf.conf = math.Min(pf.conf, gr.conf)
		case sameValue(ps, gr.value):
			pf.conf = math.Max(pf.conf, math.Min(confCrossMax, math.Max(pf.conf, gr.conf)+confCrossAgree))
			tr.Rules = append(tr.Rules, TraceEntry{Field: f, Rule: "generic reader", Outcome: "agrees", Value: gr.value, Why: gr.why})
		case p.Learned && nested(ps, gr.value):
			// a learned rule reads one place as taught: the generic
			// reader finding more or less there (a value that wrapped
			// this time) is a contradiction, not a suffix
			pf.conf = math.Min(pf.conf, confGenericMax)
			x.RequireReview(fmt.Sprintf("%s: the learned rule read %q, the generic reader %q", f, ps, gr.value))
		case p.Name == GenericPack && wrapsField[f] && wrapsOn(ps, gr.value) ||
			(p.Name == GenericPack || !pf.own) && (wrapsField[f] || f == labrelay.FieldApplicantAddress) && skipsCells(ps, gr.value) ||
			(p.Name == GenericPack || !pf.own) && listField[f] && nested(ps, gr.value) && len(gr.value) > len(ps):
			// the generic pack's caption rule (an address's inherited
			// one too: "委托单位地址 ¦ Valencia, Spain" is a wrapped
			// caption's second half beside the value's last line) stops
			// at the line's end (or starts at a wrapped caption's second
			// line, or takes a scan's first cell and the next line); the
			// generic reader followed the value over its cells and lines
			tr.Rules = append(tr.Rules, TraceEntry{Field: f, Rule: "generic reader", Outcome: "reads on", Value: gr.value, Why: gr.why})
			pf.value, pf.cand, pf.rule = gr.value, gr.cand, "generic reader: "+gr.why
			pf.conf = math.Min(pf.conf, gr.conf)
		case translation(pf.cand, gr.cand) && eastAsian(ps) && !p.Learned:
			// the two languages of one name: the record keeps the Latin
			// one (a learned pack reads the language it was taught)
			tr.Rules = append(tr.Rules, TraceEntry{Field: f, Rule: "generic reader", Outcome: "the other language, preferred", Value: gr.value, Why: gr.why})
			pf.value, pf.cand, pf.rule = gr.value, gr.cand, "generic reader: "+gr.why
			pf.conf = math.Min(pf.conf, gr.conf)
		case p.Name == GenericPack && mendedOf(v, f, pf.cand, ps) == gr.value:
			// the generic reader read the same words and put right what
			// OCR misread in them ("(ndustrial" for "Industrial")
			tr.Rules = append(tr.Rules, TraceEntry{Field: f, Rule: "generic reader", Outcome: "mended", Value: gr.value, Why: gr.why})
			pf.value, pf.cand, pf.rule = gr.value, gr.cand, "generic reader: "+gr.why
			pf.conf = math.Min(pf.conf, gr.conf)
		case wrapsField[f] && wrapsOn(ps, gr.value):
			// the generic reader read the value on over the next line
			// ("… Connector Technology" / "Factory"): the pack's may be a
			// wrapped name's first line, or the generic reader took the
			// next pair's value; either way in doubt
			pf.conf = math.Min(pf.conf, confDisagree)
			tr.Rules = append(tr.Rules, TraceEntry{Field: f, Rule: "generic reader", Outcome: "reads on", Value: gr.value, Why: gr.why})
			x.RequireReview(fmt.Sprintf("%s: the pack's rules read %q, the generic reader read on: %q", f, ps, gr.value))
		case nested(ps, gr.value) || eastAsian(ps) != eastAsian(gr.value):
			// one reading holds the other (a wrapped line, a suffix), or
			// they are the two languages of one name: no evidence either way
		case p.Name == GenericPack && captionRead(v, gr):
			// two generic readings disagree: the geometric one knows
			// wrapped captions and grids, the caption rule does not
			tr.Rules = append(tr.Rules, TraceEntry{Field: f, Rule: "generic reader", Outcome: "disagrees, preferred", Value: gr.value, Why: gr.why})
			x.RequireReview(fmt.Sprintf("%s: the generic pack's rules read %q, the generic reader %q", f, ps, gr.value))
			pf.value, pf.cand, pf.rule = gr.value, gr.cand, "generic reader: "+gr.why
			pf.conf = math.Min(gr.conf, confDisagree)
		case (p.Name == GenericPack || !pf.own) && !typeOK(f, ps, df):
			// the generic kind of rule read what is no such value (an
			// address of one glyph, a seal's speck under its caption):
			// the generic reader's reading, which is, in doubt
			tr.Rules = append(tr.Rules, TraceEntry{Field: f, Rule: "generic reader", Outcome: "disagrees, preferred", Value: gr.value, Why: gr.why})
			x.RequireReview(fmt.Sprintf("%s: the pack's rules read %q, the generic reader %q", f, ps, gr.value))
			pf.value, pf.cand, pf.rule = gr.value, gr.cand, "generic reader: "+gr.why
			pf.conf = math.Min(gr.conf, confDisagree)
		default:
			pf.conf = math.Min(pf.conf, confDisagree)
			tr.Rules = append(tr.Rules, TraceEntry{Field: f, Rule: "generic reader", Outcome: "disagrees", Value: gr.value, Why: gr.why})
			x.RequireReview(fmt.Sprintf("%s: the pack's rules read %q, the generic reader %q", f, ps, gr.value))
		}
	}
	if got[labrelay.FieldReportNumber] == nil {
		if r := runningHeaderNumber(v, df); r != nil {
			got[labrelay.FieldReportNumber] = &found{cand: r.cand, conf: r.conf, rule: "generic reader: " + r.why, value: r.value}
		}
	}
	if got[labrelay.FieldReportNumber] == nil {
		if r := numberOfUnreadCaption(v, df, got); r != nil {
			got[labrelay.FieldReportNumber] = &found{cand: r.cand, conf: r.conf, rule: "generic reader: " + r.why, value: r.value}
		}
	}
	if got[labrelay.FieldIssueDate] == nil {
		if r := dateOfUnreadCaption(v, df, got); r != nil {
			got[labrelay.FieldIssueDate] = &found{cand: r.cand, conf: r.conf, rule: "generic reader: " + r.why, value: r.value}
		}
	}
	// a company's name after a caption OCR garbled: the applicant, every
	// report's party, or with the applicant read, the manufacturer
	for _, f := range []string{labrelay.FieldApplicantName, labrelay.FieldManufacturerName} {
		if got[f] != nil {
			continue
		}
		if r := nameOfUnreadCaption(v, df, got); r != nil {
			got[f] = &found{cand: r.cand, conf: r.conf, rule: "generic reader: " + r.why, value: r.value}
		}
		break
	}
	if got[labrelay.FieldApplicantAddress] == nil {
		if r := addressOfUnreadCaption(v, df, got); r != nil {
			got[labrelay.FieldApplicantAddress] = &found{cand: r.cand, conf: r.conf, rule: "generic reader: " + r.why, value: r.value}
		}
	}
	if got[labrelay.FieldTestStartDate] == nil && got[labrelay.FieldTestEndDate] == nil {
		if a, b := periodOfUnreadCaption(v, df, got); a != nil {
			got[labrelay.FieldTestStartDate] = &found{cand: a.cand, conf: a.conf, rule: "generic reader: " + a.why, value: a.value}
			got[labrelay.FieldTestEndDate] = &found{cand: b.cand, conf: b.conf, rule: "generic reader: " + b.why, value: b.value}
		}
	}
	if got[labrelay.FieldLabAccreditation] == nil {
		if r := ocrAccreditation(v); r != nil {
			got[labrelay.FieldLabAccreditation] = &found{cand: r.cand, conf: r.conf, rule: "generic reader: " + r.why, value: r.value}
		}
	}
	for f := range wrapsField {
		if pf := got[f]; pf != nil {
			nameGoesOn(v, f, pf, x, tr)
		}
	}
	return known
}

// screenPackValue drops a pack's value that is a caption or no name
// anyone printed, and caps one read on a layout the pack does not know.
func screenPackValue(v *view, f string, got map[string]*found, known bool, x *labrelay.Extraction, tr *Trace) *found {
	pf := got[f]
	if pf == nil {
		return nil
	}
	s, ok := pf.value.(string)
	// off a scan, a caption's other language may be garbled ("P.O.
	// Number (36EBS)"): still a caption
	ocr := pf.cand.line >= 0 && pf.cand.line < len(v.Lines) && v.Lines[pf.cand.line].Path == labrelay.PathOCR
	switch {
	case ok && (notValue(s) || ocr && wholeCaption(s)):
		tr.Rules = append(tr.Rules, TraceEntry{Field: f, Rule: pf.rule, Outcome: "rejected", Value: s, Why: "the value is a caption"})
	case ok && wrapsField[f] && garbled(s):
		tr.Rules = append(tr.Rules, TraceEntry{Field: f, Rule: pf.rule, Outcome: "rejected", Value: s, Why: "the value is not a name anyone printed (a leader, repeated letters)"})
		x.RequireReview(fmt.Sprintf("%s: %q read and rejected: not a name", f, s))
	default:
		if !known {
			pf.conf = math.Min(pf.conf, confGenericMax)
		}
		if ok && f == labrelay.FieldApplicantAddress && reDashNumber.MatchString(strings.TrimSpace(s)) {
			pf.conf = math.Min(pf.conf, confWeakOnly)
			x.RequireReview(fmt.Sprintf("%s: %q starts with a dash against a number: the number before it may be lost", f, s))
		}
		return pf
	}
	delete(got, f)
	return nil
}

// reLegalFormOnly is a cell that is nothing but a company's legal form,
// the end of a name that wrapped: "GmbH", "Co., Ltd.", "GmbH & Co. KG", "S.A. de C.V.".
var reLegalFormOnly = lazyRegexp(`(?i)^(?:(?:` + legalForms + `|kg|company|incorporated|llp|s\.?a\.?s|n\.?v|pte|pvt|private|srl|s\.r\.l|spa|s\.p\.a|oy|ab|sarl|s\.a\.r\.l|de|c\.?v)\.?[\s,&]*)+$|^(?:股份)?有限(?:责任)?公司$|^株式会社$`)

// nameGoesOn: the cell under a name's value, at its left edge, is only a
// legal form the value lacks. Both readers can stop at the line's end
// (the generic one refuses a wrapped line beside another caption), so
// the value is read on and the field goes to review.
func nameGoesOn(v *view, field string, pf *found, x *labrelay.Extraction, tr *Trace) {
	s, ok := pf.value.(string)
	c := pf.cand
	if !ok || (c.how != "inline" && c.how != "right" && c.how != "below") || c.line < 0 || c.line+1 >= len(v.Lines) ||
		reOrgEnd.MatchString(strings.TrimSpace(s)) {
		return
	}
	cur, next := v.Lines[c.line], v.Lines[c.line+1]
	h := math.Max(cur.Box.H, 4)
	if next.Page != cur.Page || next.Box.Y-(cur.Box.Y+cur.Box.H) > h {
		return
	}
	for _, cl := range next.Cells {
		// an inline value starts inside its caption's cell
		under := math.Abs(cl.Box.X-c.box.X) <= h || c.how == "inline" && cl.Box.X > c.box.X && cl.Box.X < c.box.X+c.box.W
		if !under || !reLegalFormOnly.MatchString(strings.TrimSpace(cl.Text)) {
			continue
		}
		tail := strings.TrimSpace(cl.Text)
		if strings.HasSuffix(letterKey(s), letterKey(tail)) {
			return // read on already ("S.A. de" / "C.V."; "C.V." / "CV,")
		}
		if eastAsian(tail) && eastAsian(s) {
			pf.value = s + tail
		} else {
			pf.value = s + " " + tail
		}
		pf.conf = math.Min(pf.conf, confGenericMax)
		tr.Rules = append(tr.Rules, TraceEntry{Field: field, Rule: pf.rule, Outcome: "reads on", Value: show(pf.value), Why: "the line below holds the name's legal form"})
		x.RequireReview(fmt.Sprintf("%s: the name's legal form %q is on the next line; check the name was read whole", field, tail))
		return
	}
}

// letterKey is s's letters, in lower case: a legal form as OCR reads it
// ("CV,") against the one a value ends with ("C.V.").
func letterKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// wrapsOn reports whether long is short followed by more words: a value
// read on past its line's end.
func wrapsOn(short, long string) bool {
	ks, kl := capKey(short), capKey(long)
	return ks != "" && len(kl) > len(ks) && strings.HasPrefix(kl, ks+" ")
}

// skipsCells reports whether short is long without words in its middle:
// the start of a value and its end, the cells between left out ("5th
// Floor, No." "Fujian 361000, China" of a line OCR parted in three).
func skipsCells(short, long string) bool {
	ws, wl := strings.Fields(capKey(short)), strings.Fields(capKey(long))
	if len(ws) < 2 || len(wl) <= len(ws) {
		return false
	}
	for k := 1; k < len(ws); k++ {
		if slices.Equal(ws[:k], wl[:k]) && slices.Equal(ws[k:], wl[len(wl)-(len(ws)-k):]) {
			return true
		}
	}
	return false
}

// nested reports whether one printed value contains the other.
func nested(a, b string) bool {
	ka, kb := capKey(a), capKey(b)
	if ka == "" || kb == "" {
		return false
	}
	return len(ka) > len(kb) && contains(ka, kb) || len(kb) > len(ka) && contains(kb, ka)
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// packRecognises reports whether the chosen pack knows the layout: when
// rules of its own (not inherited from generic), other than the lab's
// name, read at least minOwnRules fields. Match keywords alone (a lab's
// name) do not tell a template. Layout packs, whose keywords are the
// layout's own, rely on inherited rules and count as recognising it.
func packRecognises(p *Pack, got map[string]*found) bool {
	if p.Lab == "" {
		return true // layout packs match layout keywords; generic is capped anyway
	}
	n := 0
	for f, fd := range got {
		if fd.own && f != labrelay.FieldLabName && f != labrelay.FieldLab && fd.cand.how != "expr" {
			n++
		}
	}
	return n >= minOwnRules
}

// minOwnRules: two layout-specific captions read are a layout recognised;
// one may be a caption every template of the lab shares.
const minOwnRules = 2

// readResults reads the result tables with the pack's header names, and
// with the generic header lexicon when those find none. It returns what
// tables of items and methods without results (readMethods) gave.
func readResults(p *Pack, v *view, x *labrelay.Extraction, tr *Trace) *tableResult {
	methods := &tableResult{}
	tab, rule := readTables(v, p.Table), p.Name+"/table"
	if p.Table != nil && p.Table.Lexicon {
		tab, rule = readTables(v, genericTable), p.Name+"/table (header lexicon)"
		lexiconVerdicts(p.Table, tab)
	}
	if p.Name == GenericPack {
		// the generic pack's table spec is a small header list; the
		// lexicon reads more, and better, when it reads anything
		tab = &tableResult{conf: confTable}
	}
	keepMethods(methods, tab)
	if len(tab.rows) == 0 {
		gt := readTables(v, genericTable)
		keepMethods(methods, gt)
		for _, t := range gt.trace {
			tab.trace = append(tab.trace, "generic reader: "+t)
		}
		if len(gt.rows) > 0 {
			gt.conf = math.Min(gt.conf, confGenericMax)
			gt.trace = tab.trace
			gt.issues = append(tab.issues, gt.issues...)
			tab, rule = gt, "generic reader/table"
		} else if p.Name == GenericPack {
			tab = readTables(v, p.Table)
		}
	}
	if len(methods.methods) == 0 && p.Standards == StandardsMethods && len(tab.rows) > 0 {
		// taught that a methods table lists the standards, which the
		// pack's own header names may not read
		keepMethods(methods, readTables(v, genericTable))
	}
	tr.Table = tab.trace
	if len(tab.rows) > 0 {
		x.Fields.Results = tab.rows
		x.Confidence[labrelay.FieldResults] = tab.conf
		x.Provenance[labrelay.FieldResults] = labrelay.Provenance{Page: tab.page, Box: boxPtr(tab.box), Unit: tab.unit, Rule: rule}
		checkNumbers(x)
	}
	for _, is := range tab.issues {
		x.RequireReview(is)
	}
	return methods
}

// keepMethods keeps the first methods tables read into into.
func keepMethods(into, t *tableResult) {
	if len(into.methods) == 0 && len(t.methods) > 0 {
		into.methods, into.mpage, into.mbox = t.methods, t.mpage, t.mbox
	}
}

// eastAsian reports whether most letters of s are Han, kana or Hangul;
// full-width Latin counts as Latin.
func eastAsian(s string) bool {
	ea, other := 0, 0
	for _, r := range text.FoldWidth(s) {
		switch {
		case !unicode.IsLetter(r):
		case text.IsCJK(r):
			ea++
		default:
			other++
		}
	}
	return ea > other
}

// fillStandards fills the test standards from the generic reader when the
// pack read none. Agreement with the generic reader raises a list, except
// one read by a rule inherited from the generic pack that may have lost
// items both readers lost alike (listMayGoOn): that one is capped like the
// generic reader's.
func fillStandards(p *Pack, v *view, got map[string]*found, g *genericReading) {
	pf := got[labrelay.FieldTestStandards]
	capped := false
	if pf != nil && !pf.own && pf.cand.how != "expr" && p.Name != GenericPack && listMayGoOn(v, pf) {
		pf.conf = math.Min(pf.conf, confGenericMax)
		capped = true
	}
	gr := g.fields[labrelay.FieldTestStandards]
	if gr == nil {
		return
	}
	list := strings.Split(gr.value, "; ")
	if pf == nil {
		got[labrelay.FieldTestStandards] = &found{cand: gr.cand, conf: gr.conf, rule: "generic reader: " + gr.why, value: list}
		return
	}
	if !capped && same(pf.value, list) {
		pf.conf = math.Max(pf.conf, math.Min(confCrossMax, math.Max(pf.conf, gr.conf)+confCrossAgree))
		return
	}
	if pl, ok := pf.value.([]string); ok && len(list) > len(pl) && subset(pl, list) {
		// the pack's rule stopped early (a list starting on the
		// caption's line, a wrapped caption): the longer reading holds
		// it, and is only as sure as the less sure of the two
		pf.value, pf.cand = list, gr.cand
		pf.conf = math.Min(pf.conf, gr.conf)
	}
}

// listMayGoOn reports whether a standards list read by a rule inherited
// from generic may have lost items that the generic reader, starting at
// the same caption, lost too: on an OCR page (an item misread is dropped
// by both), or when the lines of standards codes from the caption on hold
// more codes than the list has items.
func listMayGoOn(v *view, pf *found) bool {
	list, ok := pf.value.([]string)
	l := pf.cand.line
	if !ok || l < 0 || l >= len(v.Lines) || v.Lines[l].Path == labrelay.PathOCR {
		return true
	}
	codes := 0
	for j := l; j < len(v.Lines) && j <= l+20 && v.Lines[j].Page == v.Lines[l].Page; j++ {
		n := len(reStandard.FindAllString(v.Lines[j].Text, -1))
		if n == 0 && j > l {
			break
		}
		codes += n
	}
	return codes > len(list)
}

// subset reports whether every item of a is in b.
func subset(a, b []string) bool {
	for _, x := range a {
		found := false
		for _, y := range b {
			found = found || sameValue(x, y)
		}
		if !found {
			return false
		}
	}
	return true
}

// overallFromRows gives a report that prints no conclusion the verdict
// of its result rows: fail when a row fails, pass when every row passes.
// A verdict no one printed is a reviewer's reading, not the lab's: it
// stays well under the threshold (confFromRows).
func overallFromRows(got map[string]*found, x *labrelay.Extraction) {
	if got[labrelay.FieldOverallResult] != nil || len(x.Fields.Results) == 0 {
		return
	}
	verdict := labrelay.VerdictPass
	for _, r := range x.Fields.Results {
		switch r.Verdict {
		case labrelay.VerdictFail:
			verdict = labrelay.VerdictFail
		case labrelay.VerdictPass:
		default:
			if verdict != labrelay.VerdictFail {
				verdict = ""
			}
		}
	}
	if verdict == "" {
		return
	}
	pr := x.Provenance[labrelay.FieldResults]
	box := labrelay.Box{}
	if pr.Box != nil {
		box = *pr.Box
	}
	got[labrelay.FieldOverallResult] = &found{value: verdict, conf: confFromRows, rule: "result rows: no conclusion printed",
		cand: candidate{value: verdict, page: pr.Page, box: box, unit: pr.Unit, how: "expr"}}
}

// captionRead reports a generic reading paired with its caption on a
// text layer: not guessed from a letterhead or a sentence, nor from an
// OCR line, whose short cells are often specks.
func captionRead(v *view, gr *gread) bool {
	switch gr.cand.how {
	case "right", "below", "inline", "inline-nosep", "centred":
	default:
		return false
	}
	return gr.cand.line >= 0 && gr.cand.line < len(v.Lines) && v.Lines[gr.cand.line].Path != labrelay.PathOCR
}

// MethodStandards is the standards named in rows' method cells, in
// order, each once: the test standards of a report that lists them only
// in its result table (Pack.Standards = StandardsMethods).
func MethodStandards(rows []labrelay.ResultRow) []string {
	var list []string
	seen := map[string]bool{}
	for _, r := range rows {
		for _, s := range reStandard.FindAllString(r.Method, -1) {
			if k := capKey(s); !seen[k] {
				seen[k] = true
				list = append(list, s)
			}
		}
	}
	return list
}

// standardsFromMethods lists the standards of the result rows' method
// cells, in order, when no caption listed the report's standards: a
// report whose methods are only in its table lists them there. The list is
// as good as the rows but, unless a learned pack was taught that its
// layout lists them there, never better than a generic reading. A list
// read elsewhere that is part of the table's is widened (partOfMethods);
// with neither, a methods table's are taken.
func standardsFromMethods(p *Pack, got map[string]*found, x *labrelay.Extraction, mt *tableResult) {
	list := MethodStandards(x.Fields.Results)
	pv, rule, conf := x.Provenance[labrelay.FieldResults], "the result table's method column", x.Confidence[labrelay.FieldResults]
	if len(list) == 0 && p.Standards == StandardsMethods {
		// taught on a layout whose methods table lists them
		list, rule, conf = MethodStandards(mt.methods), "the methods table's method column", confTable
		pv = labrelay.Provenance{Page: mt.mpage, Box: boxPtr(mt.mbox)}
	}
	if pf := got[labrelay.FieldTestStandards]; pf != nil && !methodsAsTaught(p, pf, list) {
		if partOfMethods(pf, list, x.Provenance[labrelay.FieldResults]) && p.Standards == StandardsMethods && !pf.own {
			// taught: the rows' methods and a note under the table
			pf.own, pf.conf, pf.rule = true, conf, pf.rule+", as taught"
		}
		return
	}
	if len(list) == 0 {
		if got[labrelay.FieldTestStandards] == nil {
			standardsFromMethodsTable(got, mt)
		}
		return
	}
	c := candidate{value: strings.Join(list, "; "), page: pv.Page, unit: pv.Unit, how: "methods", line: -1}
	if pv.Box != nil {
		c.box = *pv.Box
	}
	fd := &found{cand: c, value: list, rule: rule, conf: conf}
	if p.Standards == StandardsMethods {
		fd.own, fd.rule = true, fd.rule+", as taught"
	} else {
		fd.conf = math.Min(fd.conf, confGenericMax)
	}
	got[labrelay.FieldTestStandards] = fd
}

// standardsFromMethodsTable lists the standards of a table of items and
// methods without results ("Test Content"), when neither a caption nor
// the result table named any: a generic reading, reviewed.
func standardsFromMethodsTable(got map[string]*found, mt *tableResult) {
	list := MethodStandards(mt.methods)
	if len(list) == 0 {
		return
	}
	c := candidate{value: strings.Join(list, "; "), page: mt.mpage, box: mt.mbox, how: "methods", line: -1}
	got[labrelay.FieldTestStandards] = &found{cand: c, value: list, rule: "the methods table's method column", conf: confGenericMax}
}

// partOfMethods widens a standards list that names only some of the
// result table's methods to the table's: the report applied them all. A
// list printed under the table's header is a note on some of its rows
// ("Test method: IEC 62321-8, analysis by GC-MS" under phthalates whose
// method cells are blank): the report's list is the table's and the
// note's. The wider list is a guess, reviewed (unless taught); it reports
// whether it widened.
func partOfMethods(pf *found, methods []string, res labrelay.Provenance) bool {
	pl, ok := pf.value.([]string)
	if !ok || len(methods) == 0 {
		return false
	}
	under := res.Box != nil && (pf.cand.page > res.Page || pf.cand.page == res.Page && pf.cand.box.Y > res.Box.Y)
	wide := methods
	if under {
		for _, s := range pl {
			if !subset([]string{s}, wide) {
				wide = append(slices.Clone(wide), s)
			}
		}
	}
	if len(wide) <= len(pl) || !subset(pl, wide) {
		return false
	}
	pf.value = wide
	pf.cand.value = strings.Join(wide, "; ")
	pf.conf = math.Min(pf.conf, confGenericMax)
	pf.rule += "; widened to the result table's methods"
	return true
}

// codeReadTwice puts right a scan's report number that the document
// prints again a glyph apart (a page's running header, the cover's
// caption: "LFIM2428544225Y" and "LFJM2428544225Y"): the word OCR was
// surer of is taken, in doubt. On the development scans, of two such
// words the surer one was the printed one each time (4 of 4).
func codeReadTwice(v *view, got map[string]*found, tr *Trace) {
	const f = labrelay.FieldReportNumber
	fd := got[f]
	if fd == nil || fd.cand.line < 0 || fd.cand.line >= len(v.Lines) || v.Lines[fd.cand.line].Path != labrelay.PathOCR {
		return
	}
	val, _ := fd.value.(string)
	if val == "" || strings.ContainsRune(val, ' ') {
		return
	}
	rv := []rune(val)
	own, best, bestConf := -1.0, "", -1.0
	// two numbers a digit apart are two numbers (a report's and its
	// sample's, a page's): OCR's confusions are a letter's
	// the number again is on another page (a running header, the
	// cover): on one page a code a glyph apart is another code
	page := fd.cand.page
	for _, ln := range v.Lines {
		if ln.Path != labrelay.PathOCR {
			continue
		}
		for _, c := range ln.Cells {
			for _, w := range c.words {
				t := tidyFieldCode(f, strings.Trim(w.Text, ".,:;"))
				rt := []rune(t)
				switch {
				case t == val:
					own = math.Max(own, w.Conf)
				case ln.Page != page && len(rt) == len(rv) && editDistance(rt, rv) == 1 && !digitApart(rt, rv) && reHasDigit.MatchString(t) && w.Conf > bestConf:
					best, bestConf = t, w.Conf
				}
			}
		}
	}
	if best == "" || own < 0 || bestConf < own+codeReadMargin {
		return
	}
	tr.Rules = append(tr.Rules, TraceEntry{Field: f, Rule: "the code read twice", Outcome: "mended", Value: best, Why: fmt.Sprintf("%q read at %.2f, %q at %.2f", val, own, best, bestConf)})
	fd.value, fd.cand.value = best, best
	fd.conf = math.Min(fd.conf, correctedConf)
}

// digitApart reports two codes of one length that differ in a digit for
// a digit.
func digitApart(a, b []rune) bool {
	for i := range a {
		if a[i] != b[i] {
			return unicode.IsDigit(a[i]) && unicode.IsDigit(b[i])
		}
	}
	return false
}

// codeReadMargin is how much surer OCR must be of the other reading of a
// code for it to replace the one read.
const codeReadMargin = 0.03

// mendedOf is a pack's value as the generic reader mends an OCR reading
// of the field; "" when it mends nothing.
func mendedOf(v *view, f string, c candidate, val string) string {
	if c.line < 0 || c.line >= len(v.Lines) {
		return ""
	}
	c.value = val
	mendOCRCandidate(v, f, &c)
	if c.value == val {
		return ""
	}
	return c.value
}

// typeOK reports whether s is a value of field's type.
func typeOK(field, s string, df *docFuncs) bool {
	_, _, ok := typeCheck(lexEntry{field: field}, s, df)
	return ok
}

// typeOKValue is typeOK for a text value; a value of another kind (a
// list) is not checked here.
func typeOKValue(field string, v any, df *docFuncs) bool {
	s, ok := v.(string)
	return !ok || typeOK(field, s, df)
}

// ocrSameCell reports two readings of one OCR cell: an inherited caption
// rule and the generic reader reading the same scanned words is one
// reading, whatever OCR misread in them ("Mark Ki" for "Mark Kim" under
// a signature).
func ocrSameCell(v *view, a, b candidate) bool {
	return a.line >= 0 && a.line < len(v.Lines) && v.Lines[a.line].Path == labrelay.PathOCR &&
		a.line == b.line && a.box.X < b.box.X+b.box.W && b.box.X < a.box.X+a.box.W
}
