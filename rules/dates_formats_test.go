package rules

import (
	"testing"

	"github.com/labrelay/labrelay"
)

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

// A date's month name OCR read a glyph off (")ul", "Juiy", "0ct") is the
// month, with the doubt of a mend; a word two months' names fit, or none,
// leaves the date unread.
func TestMisreadMonthName(t *testing.T) {
	for _, c := range []struct{ field, in, want string }{
		{labrelay.FieldReceivedDate, "06-)ul-2024", "2024-07-06"},
		{labrelay.FieldIssueDate, "3 Juiy 2026", "2026-07-03"},
		{labrelay.FieldIssueDate, "0ct 3, 2026", "2026-10-03"},
		{labrelay.FieldTestEndDate, "Ju1 3, 2026", "2026-07-03"},
		{labrelay.FieldIssueDate, "3 Jxn 2026", ""}, // January or June
		{labrelay.FieldIssueDate, "3 Qwe 2026", ""}, // no month
		{labrelay.FieldIssueDate, "3 July 2026", "2026-07-03"},
	} {
		v, f, ok := typeCheck(lexEntry{field: c.field}, c.in, &docFuncs{})
		if v != c.want || ok != (c.want != "") {
			t.Errorf("%s %q = %q, %v; want %q", c.field, c.in, v, ok, c.want)
		}
		if ok && c.in != "3 July 2026" && f > correctedConf {
			t.Errorf("%q: factor %.2f, want a mend's at most", c.in, f)
		}
	}
}

// A month's name two letters off under a seal ("14 Jurte 2026") reads as
// the one month it can be, in half doubt; so does a short name one
// letter off after its first; a short word, or one as near two months,
// reads none.
func TestFarMonthName(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"14 Jurte 2026", "2026-06-14"},
		{"3 Septenbar 2025", "2025-09-03"},
		{"3 Jne 2026", ""},
		{"3 Junii 2026", ""}, // June or July (Julio)
		// a short month's name one letter off, at its second or third
		{"Apt 13, 2024", "2024-04-13"},
		{"Jum 13, 2024", ""}, // June or July
		{"Mav 13, 2024", ""}, // March or May
		{"Bpr 13, 2024", ""}, // no month starts so
	} {
		v, f, ok := typeCheck(lexEntry{field: labrelay.FieldIssueDate}, c.in, &docFuncs{})
		if v != c.want || ok != (c.want != "") {
			t.Errorf("%q = %q, %v; want %q", c.in, v, ok, c.want)
		}
		if ok && f > confWeakOnly {
			t.Errorf("%q: factor %.2f, want at most %.2f", c.in, f, confWeakOnly)
		}
	}
}

// A party's name is no code ("JQb-2291", a job number beside a garbled
// caption) and no caption whose translation a scan cut off ("Lab Job
// No. (委托"); a name with a digit or a bracket is still one.
func TestPartyNameIsNoCodeNorCaption(t *testing.T) {
	for in, want := range map[string]bool{
		"JQb-2291": false, "Lab Job No. (委托": false,
		"3M": true, "Shenzhen (Asia) Electronics Co., Ltd.": true, "A1 Cable Works Ltd.": true,
	} {
		if _, _, ok := typeCheck(lexEntry{field: labrelay.FieldApplicantName}, in, &docFuncs{}); ok != want {
			t.Errorf("applicant_name %q: ok %v, want %v", in, ok, want)
		}
	}
}

// A model number's caption with a standards list beside it ("Reference")
// reads no model: a dated standard, or a list that starts with one, is
// none; a model named like a standard without a year ("UL1015") is one.
func TestModelIsNoStandardsList(t *testing.T) {
	for in, want := range map[string]bool{
		"IEC 62321-5:2013; JEC": false, "EN 1186-9:2002": false, "UL1015": true, "PI-912J-24": true,
	} {
		if _, _, ok := typeCheck(lexEntry{field: labrelay.FieldModelNumber}, in, &docFuncs{}); ok != want {
			t.Errorf("model %q: %v, want %v", in, ok, want)
		}
	}
}
