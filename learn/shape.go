package learn

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/labrelay/labrelay"
)

// Shape kinds: how a field's value is generalised into a pattern.
const (
	kindID      = "id"      // report, model, batch, PO numbers: letters/digits/separators
	kindDate    = "date"    // a printed date
	kindName    = "name"    // a person: letters only
	kindText    = "text"    // a company, product or address
	kindVerdict = "verdict" // the rule type says enough
)

func fieldKind(f string) string {
	switch f {
	case labrelay.FieldReportNumber, labrelay.FieldModelNumber, labrelay.FieldBatchNumber,
		labrelay.FieldPONumber, labrelay.FieldLabAccreditation, labrelay.FieldSupersedes:
		return kindID
	case labrelay.FieldIssueDate, labrelay.FieldReceivedDate, labrelay.FieldTestStartDate, labrelay.FieldTestEndDate:
		return kindDate
	case labrelay.FieldSignatoryName:
		return kindName
	case labrelay.FieldOverallResult:
		return kindVerdict
	}
	return kindText
}

// shape returns a pattern (for the whole value) that the value matches
// and that the same field of another report of the layout should match:
// runs of letters and digits become classes, separators stay.
func shape(kind, v string) string {
	switch kind {
	case kindID:
		return runs(v, class, idRun)
	case kindDate:
		return runs(v, letterClass, dateRun)
	case kindName:
		return `\p{L}[\p{L}\p{M} .'’-]{0,80}`
	case kindText:
		return `[^:：]{0,300}[\p{L}\p{N}][^:：]{0,300}`
	}
	return ""
}

// runs builds a pattern from the runs of one class of v.
func runs(v string, class func(rune) rune, run func(class rune, n int, text string) string) string {
	var b strings.Builder
	rs := []rune(v)
	for i := 0; i < len(rs); {
		c := class(rs[i])
		j := i
		for j < len(rs) && class(rs[j]) == c && (c != 0 || rs[j] == rs[i]) {
			j++
		}
		b.WriteString(run(c, j-i, string(rs[i:j])))
		i = j
	}
	return b.String()
}

// class of a rune: 'A' upper-case Latin, 'a' lower-case Latin, 'L' any
// other letter, '9' a digit, ' ' space, 0 anything else.
func class(r rune) rune {
	switch {
	case r >= 'A' && r <= 'Z':
		return 'A'
	case r >= 'a' && r <= 'z':
		return 'a'
	case r >= '0' && r <= '9':
		return '9'
	case unicode.IsSpace(r):
		return ' '
	case unicode.IsLetter(r) && !unicode.Is(unicode.Han, r):
		return 'L'
	}
	return 0
}

// letterClass is class with every letter one class: a month name.
func letterClass(r rune) rune {
	if c := class(r); c == 'a' || c == 'L' {
		return 'A'
	} else {
		return c
	}
}

// count is a repetition: exact for short runs, ±1 for long ones (a
// sequence number that gained a digit).
func count(n int) string {
	if n <= 3 {
		return "{" + strconv.Itoa(n) + "}"
	}
	return "{" + strconv.Itoa(n-1) + "," + strconv.Itoa(n+1) + "}"
}

func idRun(c rune, n int, text string) string {
	switch c {
	case 'A':
		return "[A-Z]" + count(n)
	case 'a':
		return "[a-z]" + count(n)
	case 'L':
		return `\p{L}` + count(n)
	case '9':
		return `\d` + count(n)
	case ' ':
		return `\s+`
	}
	return regexp.QuoteMeta(text)
}

func dateRun(c rune, n int, text string) string {
	switch c {
	case 'A', 'a', 'L':
		return `\p{L}+`
	case '9':
		if n <= 2 {
			return `\d{1,2}`
		}
		return `\d{` + strconv.Itoa(n) + "}"
	case ' ':
		return `\s*`
	}
	return regexp.QuoteMeta(text)
}
