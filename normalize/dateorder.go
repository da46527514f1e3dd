package normalize

import (
	"regexp"
	"strings"
)

// Order is how a document writes all-numeric dates.
type Order int

// The orders a document's dates can prove.
const (
	OrderUnknown Order = iota
	OrderDayFirst
	OrderMonthFirst
)

var (
	reNumDate    = regexp.MustCompile(`\b(\d{1,2})([/-])(\d{1,2})([/-])((?:19|20)\d\d)\b`)
	reNumDateAll = regexp.MustCompile(`\b(\d{1,2})[/-](\d{1,2})[/-](?:19|20)\d\d\b`)
	reUSAddress  = regexp.MustCompile(`\b(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[TA]|W[AVIY]) \d{5}(?:-\d{4})?\b`)
)

// NumericDateParts returns the first two parts of an all-numeric date in
// s (04/05/2026 → 4, 5); ok is false when s holds none.
func NumericDateParts(s string) (a, b int, ok bool) {
	m := reNumDate.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, false
	}
	return atoi(m[1]), atoi(m[3]), true
}

// DocumentDateOrder says what a document's text proves about its numeric
// dates: a date with a day above 12 (14/01/2026) proves day-first, one
// with a second part above 12 proves month-first; evidence both ways or
// none is unknown, except that a US address in the letterhead means
// month first.
func DocumentDateOrder(text, letterhead string) Order {
	dayEv, monthEv := false, false
	for _, mm := range reNumDateAll.FindAllStringSubmatch(text, -1) {
		x, y := atoi(mm[1]), atoi(mm[2])
		dayEv = dayEv || x > 12 && y <= 12
		monthEv = monthEv || y > 12 && x <= 12
	}
	switch {
	case dayEv && !monthEv:
		return OrderDayFirst
	case monthEv && !dayEv:
		return OrderMonthFirst
	case !dayEv && !monthEv && reUSAddress.MatchString(letterhead):
		return OrderMonthFirst // a US lab writes month first
	}
	return OrderUnknown
}

// CleanDate removes what labs print around a date: "Jan.04, 2026" → "Jan
// 04, 2026"; trailing punctuation.
func CleanDate(s string) string {
	s = strings.TrimRight(strings.TrimSpace(s), ".,;")
	if m := reWeekday.FindStringIndex(s); m != nil && m[1] < len(s) {
		s = s[m[1]:] // "Tuesday, November 10, 2020": the day's name adds nothing
	}
	if i := strings.Index(s, "."); i > 0 && i < 5 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' && isAlpha(s[:i]) {
		s = s[:i] + " " + s[i+1:]
	}
	return s
}

var reWeekday = regexp.MustCompile(`(?i)^(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+`)

func isAlpha(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return s != ""
}

// SplitRange splits a printed period "A ~ B", "A to B", "A - B", "A 至 B",
// "A & B" (a test run on two days), after TrimPeriodOpen.
func SplitRange(s string) (string, string, bool) {
	s = TrimPeriodOpen(s)
	for _, sep := range []string{" ~ ", "~", " to ", " To ", " TO ", " through ", " until ", "至", " – ", " — ", " - ", "--", " & ", " and ", " au ", " al "} {
		if i := strings.Index(s, sep); i > 0 {
			a, b := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+len(sep):])
			if a != "" && b != "" {
				return a, b, true
			}
		}
	}
	return "", "", false
}

// rePeriodOpen is the word that opens a printed period: "From A to B",
// "Between A and B", "vom A bis B", "自A至B".
var rePeriodOpen = regexp.MustCompile(`(?i)^(?:from|between|since|von|vom|ab|desde|del|du|自|从|從)(?:\s+|\b)`)

// TrimPeriodOpen drops the word that opens a printed period, so that
// "From 2024-03-07" alone is a start date.
func TrimPeriodOpen(s string) string {
	s = strings.TrimSpace(s)
	if m := rePeriodOpen.FindStringIndex(s); m != nil && m[1] < len(s) {
		return strings.TrimSpace(s[m[1]:])
	}
	return s
}
