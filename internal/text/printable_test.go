package text_test

import (
	"testing"

	"github.com/labrelay/labrelay/internal/text"
)

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
		if got := text.Printable(in); got != want {
			t.Errorf("Printable(%q) = %q, want %q", in, got, want)
		}
	}
}
