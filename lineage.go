package labrelay

import (
	"strings"
	"unicode"
)

// ReportKey is the form in which report numbers are compared for lineage:
// upper case, without spaces, so that "CANHG1716962902 A01" and
// "canhg1716962902a01" name the same report. Stores index it.
func ReportKey(number string) string {
	var b strings.Builder
	for _, r := range number {
		if unicode.IsSpace(r) {
			continue
		}
		b.WriteRune(unicode.ToUpper(r))
	}
	return b.String()
}

// LineageKeys returns the lineage keys of an extraction: its own report
// number and the printed references to the report it supersedes and to its
// other-language twin, as ReportKey. Empty when there is no extraction.
func (d *Document) LineageKeys() (report, supersedes, twinOf string) {
	if d.Extraction == nil {
		return "", "", ""
	}
	f := &d.Extraction.Fields
	return ReportKey(f.ReportNumber), ReportKey(f.Supersedes), ReportKey(f.TwinOf)
}
