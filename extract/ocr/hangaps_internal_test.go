package ocr

import (
	"testing"

	"github.com/labrelay/labrelay"
)

// A Han word read without its space ("佐藤健" for the name 佐藤 健) gets it
// back where its ink has one wide gap; a word set solid, or letter-spaced
// evenly, stays as read.
func TestSpaceHanWords(t *testing.T) {
	for _, c := range []struct{ printed, read, want string }{
		{"佐藤 健", "佐藤健", "佐藤 健"},
		{"田中 恵子", "田中恵子", "田中 恵子"},
		{"检测结果", "检测结果", "检测结果"},
		{"检 测 结 果", "检测结果", "检测结果"},
		{"李建国", "李建国", "李建国"},
	} {
		g, b := renderText(t, cjkFont, "fonts-droid-fallback", c.printed)
		rows := []labrelay.Row{{Words: []labrelay.Word{{Text: c.read, Box: b, Conf: 0.9}}}}
		spaceHanWords(g, rows)
		if got := rows[0].Words[0].Text; got != c.want {
			t.Errorf("printed %q read %q: %q, want %q", c.printed, c.read, got, c.want)
		}
	}
}
