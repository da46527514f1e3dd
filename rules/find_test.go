package rules

import (
	"testing"

	"github.com/labrelay/labrelay"
)

// A verdict column read as the report's: a not-applicable mark is no
// verdict to miss; a cell OCR garbled, or a negation, leaves it unread
// when every row's verdict must be read.
func TestConclusionColumn(t *testing.T) {
	for _, c := range []struct {
		cells []string
		every bool
		want  string
	}{
		{[]string{"Complies", "/", "Complies"}, true, labrelay.VerdictPass},
		{[]string{"Complies", "N/A", "Fail"}, true, labrelay.VerdictFail},
		{[]string{"Complies", "pnt", "Complies"}, true, ""},
		{[]string{"Complies", "pnt", "Complies"}, false, labrelay.VerdictPass},
		{[]string{"Does not", "comply", "Complies"}, false, ""},
		{[]string{"See Results"}, false, ""},
	} {
		if got := conclusion(c.cells, c.every); got != c.want {
			t.Errorf("conclusion(%q, %v) = %q, want %q", c.cells, c.every, got, c.want)
		}
	}
}
