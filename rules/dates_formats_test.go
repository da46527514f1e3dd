package rules

import "testing"

// TestCheckDateFormats: the ways a person reads a date without thinking,
// in the languages reports are printed in.
func TestCheckDateFormats(t *testing.T) {
	df := &docFuncs{}
	for _, s := range []string{
		"2026-12-17", "2026/12/17", "2026.12.17", "2026/12/17 10:30", "17.12.2026", "17/12/2026", "12/17/2026", "17-12-2026",
		"17-Dec-2026", "17 Dec 2026", "17 DEC 2026", "Dec 17, 2026", "Dec. 17, 2026", "Dec. 17th, 2026", "December 17th 2026",
		"17th December 2026", "17th of December 2026", "17 December, 2026", "2026-Dec-17", "2026 December 17",
		"2026年12月17日", "2026 年 12 月 17 日", "２０２６年１２月１７日", "2026/12/17.", "Dec-17-2026",
		"17. Dezember 2026", "17. Dez. 2026", "17 de diciembre de 2026", "17 diciembre 2026", "17 décembre 2026", "le 17 décembre 2026",
		"17 dicembre 2026", "17-dic-2026", "17/dic/2026", "17 de dic. de 2026", "Dezember 17, 2026", "diciembre 17, 2026",
	} {
		got, _, ok := checkDate(s, df)
		if !ok || got != "2026-12-17" {
			t.Errorf("checkDate(%q) = %q, %v; want 2026-12-17", s, got, ok)
		}
	}
	for _, s := range []string{"2026-13-17", "31.02.2026", "17 Foo 2026", "12.2026", "TR 2026 12 17"} {
		if got, _, ok := checkDate(s, df); ok {
			t.Errorf("checkDate(%q) = %q, want no date", s, got)
		}
	}
}
