package text_test

import (
	"testing"
	"unicode/utf8"

	"github.com/labrelay/labrelay/internal/text"
)

func TestOneLine(t *testing.T) {
	if got, want := text.OneLine("  parse error:\n\tline 3 \r\n col 4 "), "parse error: line 3 col 4"; got != want {
		t.Errorf("OneLine = %q, want %q", got, want)
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		name, in string
		n        int
		want     string
	}{
		{"short", "abc", 5, "abc"},
		{"exact", "abcde", 5, "abcde"},
		{"ascii", "abcdef", 5, "abcd…"},
		{"chinese", "检测报告编号无效", 4, "检测报…"},
		{"mixed", "Report 报告", 8, "Report …"},
		{"zero", "abc", 0, ""},
		{"one", "检测", 1, "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := text.Truncate(tt.in, tt.n)
			if got != tt.want {
				t.Errorf("Truncate(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
			}
			if !utf8.ValidString(got) || utf8.RuneCountInString(got) > max(tt.n, 0) {
				t.Errorf("Truncate(%q, %d) = %q: invalid or too long", tt.in, tt.n, got)
			}
		})
	}
}

func TestIsCJK(t *testing.T) {
	for _, r := range "检かカ한、（Ａー・" {
		if !text.IsCJK(r) {
			t.Errorf("IsCJK(%q) = false", r)
		}
	}
	for _, r := range "Aé1-Ω" {
		if text.IsCJK(r) {
			t.Errorf("IsCJK(%q) = true", r)
		}
	}
}

func TestFoldWidth(t *testing.T) {
	if got, want := text.FoldWidth("２０２６／０５／０９\u3000ＳＧＳ：ok"), "2026/05/09 SGS:ok"; got != want {
		t.Errorf("FoldWidth = %q, want %q", got, want)
	}
}

func TestLetters(t *testing.T) {
	for s, want := range map[string]int{"": 0, "Lead (Pb)": 6, "镉 Cd 12": 3, "4 KS9L": 3} {
		if got := text.Letters(s); got != want {
			t.Errorf("Letters(%q) = %d, want %d", s, got, want)
		}
	}
}
