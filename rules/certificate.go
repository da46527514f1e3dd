package rules

import (
	"fmt"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
)

// reCertificateTitle is a certificate's title: the record's number on a
// certificate is the certificate's, and a test report it names is the
// evidence behind it.
var reCertificateTitle = lazyRegexp(`(?i)\b(?:certificate|certification|verification|attestation|declaration)\s+of\s+(?:conformity|compliance)\b|\b(?:conformity|compliance|rohs)\s+certificate\b|符合性证书|合格证书|检测证书|適合証明書|適合性証明書|konformitätsbescheinigung|konformitätszertifikat|\bcertificado\s+de\s+(?:conformidad|cumplimiento)\b`)

// reCertCaption names a certificate; reReportCaption a report.
var (
	reCertCaption   = lazyRegexp(`(?i)\bcert(?:ificate|ification)?\b|证书|証明書|zertifikat|bescheinigung|certificad`)
	reReportCaption = lazyRegexp(`(?i)\breport\b|报告|報告|bericht|informe`)
)

// isCertificate reports a document titled a certificate of conformity
// in its first lines.
func isCertificate(v *view) bool {
	for i, ln := range v.Lines {
		if ln.Page != 1 || i >= 20 {
			break
		}
		// a title, not a sentence naming a certificate
		if m := reCertificateTitle.FindStringIndex(ln.Text); m != nil && utf8.RuneCountInString(ln.Text)-utf8.RuneCountInString(ln.Text[m[0]:m[1]]) <= 16 {
			return true
		}
	}
	return false
}

// certificateNumber keeps, on a certificate, the number captioned as the
// certificate's (or by a bare "No.") over one captioned as a test
// report's: that is the report behind the certificate, not the record's
// number, and is dropped when nothing else was read.
func (g *genericReading) certificateNumber(v *view) {
	f := labrelay.FieldReportNumber
	rn := g.fields[f]
	if rn == nil || rn.at == nil || !isCertificate(v) {
		return
	}
	caption := func(r *gread) string {
		t := v.Lines[r.at[0]].Cells[r.at[1]].Text
		if (r.cand.how == "below" || r.cand.how == "stacked") && r.cand.line > r.at[0]+1 {
			// a caption wrapped over lines: its last line is over the value
			t += " " + v.Lines[r.cand.line-1].Text
		}
		return t
	}
	report := func(r *gread) bool {
		c := caption(r)
		return reReportCaption.MatchString(c) && !reCertCaption.MatchString(c)
	}
	if !report(rn) {
		return
	}
	var best *gread
	for _, fr := range g.all {
		if fr.field != f || fr.r.at == nil || report(fr.r) || sameValue(fr.r.value, rn.value) {
			continue
		}
		if best == nil || fr.r.conf > best.conf {
			best = fr.r
		}
	}
	if best == nil {
		delete(g.fields, f)
		delete(g.conflict, f)
		delete(g.split, f)
		g.trace = append(g.trace, fmt.Sprintf("report_number %q: a test report's number on a certificate, not its own", rn.value))
		return
	}
	r := *best
	g.fields[f] = &r
	delete(g.conflict, f)
	delete(g.split, f)
	g.trace = append(g.trace, fmt.Sprintf("report_number = %q: the certificate's number, not the test report's %q", r.value, rn.value))
}
