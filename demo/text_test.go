package demo_test

import (
	"testing"
	"unicode/utf8"

	"github.com/labrelay/labrelay/demo"
)

func TestTruncate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly10!", 10, "exactly10!"},
		{"eleven char", 10, "eleven ..."},
		{"检测报告检测报告", 6, "检测报..."},
		{"abc", 2, ".."},
	} {
		got := demo.Truncate(tc.in, tc.n)
		if got != tc.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
		if !utf8.ValidString(got) || utf8.RuneCountInString(got) > tc.n {
			t.Errorf("Truncate(%q, %d) = %q: invalid UTF-8 or too long", tc.in, tc.n, got)
		}
	}
}

func TestPrintable(t *testing.T) {
	for in, want := range map[string]string{
		"sgs-1.xml":              "sgs-1.xml",
		"报告 1.pdf":               "报告 1.pdf",
		"evil\x1b[2J.pdf":        `evil\x1b[2J.pdf`,
		"line\r\nbreak":          `line\x0d\x0abreak`,
		"bad\xffutf8":            `bad\xffutf8`,
		"rtl\u202egnp.exe":       `rtl\u202egnp.exe`,
		"c1\u0085control":        `c1\u0085control`,
		"tab\tinside is escaped": `tab\x09inside is escaped`,
	} {
		if got := demo.Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}
