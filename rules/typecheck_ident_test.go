package rules

import (
	"regexp"
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
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

// A phrase of small words is no party's name, nor one Han letter a
// product's; a company's name with its particles and a person's are.
func TestPartyNamePhrase(t *testing.T) {
	for _, c := range []struct {
		field, in string
		ok        bool
	}{
		{labrelay.FieldApplicantName, "Selected tests as requested", false},
		{labrelay.FieldManufacturerName, "As agreed with the client", false},
		{labrelay.FieldApplicantName, "Fabrica de Plasticos del Norte", true},
		{labrelay.FieldApplicantName, "Ningbo Goldpath Rubber & Plastics Co., Ltd.", true},
		{labrelay.FieldManufacturerName, "Monterrey Oakridge Silicone Products S.A. de C.V.", true},
		{labrelay.FieldApplicantName, "Laboratorio di prova srl", true},
		{labrelay.FieldProductName, "片", false},
		{labrelay.FieldProductName, "贴片电感", true},
		{labrelay.FieldApplicantName, "日", false},
	} {
		if _, _, ok := typeCheck(lexEntry{field: c.field}, c.in, &docFuncs{}); ok != c.ok {
			t.Errorf("%s %q: ok %v, want %v", c.field, c.in, ok, c.ok)
		}
	}
}

// A party's value of one dictionary word is in doubt: a name's last word
// read alone as often as a name.
func TestPartyNameOneWordInDoubt(t *testing.T) {
	for in, doubt := range map[string]bool{"Manufacturing": true, "Technology": true, "Hengtai": false, "Fairway Housewares LLC": false, "Intertek": false} {
		_, f, ok := typeCheck(lexEntry{field: labrelay.FieldManufacturerName}, in, &docFuncs{})
		if !ok || (f < 1) != doubt {
			t.Errorf("%q: ok %v factor %.2f, want in doubt %v", in, ok, f, doubt)
		}
	}
}
