package rules

import (
	"regexp"
	"strings"
	"testing"
)

// reIdent counts its length apart from the regexp; it must accept exactly
// what the counted form accepts.
func TestReIdentSameAsCounted(t *testing.T) {
	counted := regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N}_\-/.()#: ]{1,48}$`)
	cases := []string{"", "A", "A1", "SHAEC2400123401", "报告编号12", "-A1", "A1 ", "A1\n", "A1\nB",
		"A" + strings.Repeat("1", 47), "A" + strings.Repeat("1", 48), "A" + strings.Repeat("1", 49),
		"报" + strings.Repeat("告", 48), "报" + strings.Repeat("告", 49), "No. 12/34 (rev.#2)", "a,b", "Ü9"}
	for _, s := range cases {
		if got, want := reIdent.MatchString(s), counted.MatchString(s); got != want {
			t.Errorf("reIdent.MatchString(%q) = %v, the counted form says %v", s, got, want)
		}
	}
}
