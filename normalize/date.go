package normalize

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

var months = map[string]int{
	"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
	"apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
	"aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
	"oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}

var (
	// 2026-05-09, 2026-5-9, 2026/05/09, 2026.01.05, optionally with a time.
	reYMD = regexp.MustCompile(`^(\d{4})\s*([-/.])\s*(\d{1,2})\s*([-/.])\s*(\d{1,2})(?:[T ]\d{1,2}:\d{2}\S*)?$`)
	// 2026年5月9日
	reCJK = regexp.MustCompile(`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$`)
	// 09/05/2026, 09-05-2026, 09.05.2026
	reNum = regexp.MustCompile(`^(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*([-/.])\s*(\d{4})$`)
	// 09 May 2026, 9-May-2026, 9th May 2026, 09 May, 2026
	reDMY = regexp.MustCompile(`^(\d{1,2})(?:st|nd|rd|th)?[\s/-]*([A-Za-z]+)\.?[\s,/-]*(\d{4})$`)
	// May 9, 2026, Nov. 10, 2020, May 9th 2026
	reMDY = regexp.MustCompile(`^([A-Za-z]+)\.?[\s/-]*(\d{1,2})(?:st|nd|rd|th)?[\s,/-]*(\d{4})$`)
	// 2026-Dec-17, 2026 December 17
	reYMonD = regexp.MustCompile(`^(\d{4})[\s,/-]*([A-Za-z]+)\.?[\s/-]*(\d{1,2})(?:st|nd|rd|th)?$`)
)

// Date returns the ISO 8601 form (YYYY-MM-DD) of a printed date. It reads
// 2026-05-09, 2026-5-9, 2026/05/09, 2026.01.05, 2026年5月9日, 09 May 2026,
// 5-May-2026, May 9, 2026, Nov. 10, 2020, 2026-May-09 and all-numeric day/month forms:
// 09.05.2026 is always day-first (the European dotted form); 09/05/2026
// and 09-05-2026 are day-first when dayFirst is set (the lab's known
// convention), else month-first (US). A form it cannot read, a date that
// does not exist (Feb 30) or one that does not fit the convention is an
// error: a wrong date must never be produced.
func Date(s string, dayFirst bool) (string, error) {
	in := fold(s)
	var y, m, d int
	switch {
	case in == "":
		return "", fmt.Errorf("empty date")
	case reYMD.MatchString(in):
		p := reYMD.FindStringSubmatch(in)
		if p[2] != p[4] {
			return "", fmt.Errorf("date %q mixes separators", s)
		}
		y, m, d = atoi(p[1]), atoi(p[3]), atoi(p[5])
	case reCJK.MatchString(in):
		p := reCJK.FindStringSubmatch(in)
		y, m, d = atoi(p[1]), atoi(p[2]), atoi(p[3])
	case reNum.MatchString(in):
		p := reNum.FindStringSubmatch(in)
		if p[2] != p[4] {
			return "", fmt.Errorf("date %q mixes separators", s)
		}
		a, b := atoi(p[1]), atoi(p[3])
		y = atoi(p[5])
		switch {
		case p[2] == "." || dayFirst:
			d, m = a, b
		default:
			m, d = a, b
		}
		if m > 12 {
			order := "month-first"
			if d == a {
				order = "day-first"
			}
			return "", fmt.Errorf("date %q does not fit the %s order", s, order)
		}
	case reDMY.MatchString(in):
		p := reDMY.FindStringSubmatch(in)
		mm, ok := months[strings.ToLower(p[2])]
		if !ok {
			return "", fmt.Errorf("date %q: unknown month %q", s, p[2])
		}
		y, m, d = atoi(p[3]), mm, atoi(p[1])
	case reMDY.MatchString(in):
		p := reMDY.FindStringSubmatch(in)
		mm, ok := months[strings.ToLower(p[1])]
		if !ok {
			return "", fmt.Errorf("date %q: unknown month %q", s, p[1])
		}
		y, m, d = atoi(p[3]), mm, atoi(p[2])
	case reYMonD.MatchString(in):
		p := reYMonD.FindStringSubmatch(in)
		mm, ok := months[strings.ToLower(p[2])]
		if !ok {
			return "", fmt.Errorf("date %q: unknown month %q", s, p[2])
		}
		y, m, d = atoi(p[1]), mm, atoi(p[3])
	default:
		return "", fmt.Errorf("cannot read date %q", s)
	}
	if y < 1900 || y > 2199 {
		return "", fmt.Errorf("date %q: year %d out of range", s, y)
	}
	if m < 1 || m > 12 {
		return "", fmt.Errorf("date %q: month %d does not exist", s, m)
	}
	if d < 1 || d > daysIn(y, m) {
		return "", fmt.Errorf("date %q: day %d does not exist in %d-%02d", s, d, y, m)
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d), nil
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
