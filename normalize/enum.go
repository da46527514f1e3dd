package normalize

import (
	"strings"
	"unicode"

	"github.com/labrelay/labrelay"
)

// key lower-cases s, folds widths and trims surrounding punctuation so that
// "PASS.", " Pass " and "ＰＡＳＳ" compare equal.
func key(s string) string {
	s = strings.ToLower(fold(s))
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsPunct(r) && r != '-' && r != '/' || unicode.IsSpace(r)
	})
}

var verdicts = map[string]string{
	"pass": labrelay.VerdictPass, "passed": labrelay.VerdictPass, "p": labrelay.VerdictPass,
	"comply": labrelay.VerdictPass, "complies": labrelay.VerdictPass, "complied": labrelay.VerdictPass,
	"compliant": labrelay.VerdictPass, "conform": labrelay.VerdictPass, "conforms": labrelay.VerdictPass,
	"conformity": labrelay.VerdictPass, "meets": labrelay.VerdictPass, "meet": labrelay.VerdictPass,
	"meets the requirement": labrelay.VerdictPass, "meets the requirements": labrelay.VerdictPass,
	"satisfactory": labrelay.VerdictPass, "ok": labrelay.VerdictPass, "accepted": labrelay.VerdictPass,
	"合格": labrelay.VerdictPass, "符合": labrelay.VerdictPass, "符合要求": labrelay.VerdictPass,
	"通过": labrelay.VerdictPass, "通過": labrelay.VerdictPass, "pass 通过": labrelay.VerdictPass,

	"fail": labrelay.VerdictFail, "failed": labrelay.VerdictFail, "f": labrelay.VerdictFail,
	"does not comply": labrelay.VerdictFail, "not comply": labrelay.VerdictFail,
	"did not comply": labrelay.VerdictFail, "non-compliant": labrelay.VerdictFail,
	"noncompliant": labrelay.VerdictFail, "not compliant": labrelay.VerdictFail,
	"does not conform": labrelay.VerdictFail, "non-conform": labrelay.VerdictFail,
	"nonconform": labrelay.VerdictFail, "non-conformity": labrelay.VerdictFail,
	"does not meet the requirements": labrelay.VerdictFail, "unsatisfactory": labrelay.VerdictFail,
	"rejected": labrelay.VerdictFail, "reject": labrelay.VerdictFail, "accept": labrelay.VerdictPass,
	"不合格": labrelay.VerdictFail, "不符合": labrelay.VerdictFail, "不通过": labrelay.VerdictFail,
	"不通過": labrelay.VerdictFail, "fail 不通过": labrelay.VerdictFail,

	// marks and words of other languages printed in verdict columns
	"○": labrelay.VerdictPass, "◯": labrelay.VerdictPass, "✓": labrelay.VerdictPass, "✔": labrelay.VerdictPass,
	"yes": labrelay.VerdictPass, "conforme": labrelay.VerdictPass, "cumple": labrelay.VerdictPass,
	"apto": labrelay.VerdictPass, "bestanden": labrelay.VerdictPass, "entspricht": labrelay.VerdictPass,
	"適合": labrelay.VerdictPass, "适合": labrelay.VerdictPass, "合格 pass": labrelay.VerdictPass,
	"×": labrelay.VerdictFail, "✗": labrelay.VerdictFail, "✘": labrelay.VerdictFail,
	"no conforme": labrelay.VerdictFail, "no cumple": labrelay.VerdictFail, "no apto": labrelay.VerdictFail,
	"nicht bestanden": labrelay.VerdictFail, "entspricht nicht": labrelay.VerdictFail, "不適合": labrelay.VerdictFail,
	"不适合": labrelay.VerdictFail, "ng": labrelay.VerdictFail, // "no good", beside "OK"

	"inconclusive": labrelay.VerdictInconclusive, "indeterminate": labrelay.VerdictInconclusive,
	"undetermined": labrelay.VerdictInconclusive, "不确定": labrelay.VerdictInconclusive,
}

// none are printed marks that mean "no verdict / no limit".
var none = map[string]bool{
	"": true, "-": true, "--": true, "—": true, "–": true, "/": true, "n/a": true, "na": true,
	"not applicable": true, "not regulated": true, "none": true,
}

// Verdict maps a printed verdict word (PASS, Pass, Complies, 合格, 符合,
// Fail, 不合格, Does not comply, Inconclusive…) to "pass", "fail" or
// "inconclusive". A printed "no verdict" mark (-, /, N/A) gives ("", true).
// Anything else, such as "See Results", gives ("", false): the caller must
// not guess.
func Verdict(s string) (string, bool) {
	k := key(s)
	if none[k] {
		return "", true
	}
	v, ok := verdicts[k]
	if !ok {
		// A bilingual verdict, "合格 Pass": both halves must agree.
		if i := strings.IndexFunc(k, func(r rune) bool { return r < 0x2E80 && unicode.IsLetter(r) }); i > 0 {
			a, b := strings.TrimSpace(k[:i]), strings.TrimSpace(k[i:])
			va, oka := verdicts[a]
			vb, okb := verdicts[b]
			if oka && okb && va == vb {
				return va, true
			}
		}
	}
	return v, ok
}

// Lab maps an issuing lab as printed ("SGS-CSTC Standards Technical
// Services Co., Ltd.", "Bureau Veritas Consumer Products Services", "BV")
// to its family: "SGS", "BV" or "OTHER"; "" for an empty string.
func Lab(s string) string {
	k := key(s)
	if k == "" {
		return ""
	}
	if strings.Contains(k, "bureau veritas") {
		return labrelay.LabBV
	}
	for _, w := range strings.FieldsFunc(k, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		switch {
		case w == "sgs":
			return labrelay.LabSGS
		case w == "bv", strings.HasPrefix(w, "bvcps"):
			return labrelay.LabBV
		}
	}
	return labrelay.LabOther
}

var categories = []struct {
	words []string
	value string
}{
	{[]string{"electronic_components", "electronic components", "electronic component", "electronics",
		"electronic", "electrical and electronic equipment", "eee", "electrical", "rohs"}, labrelay.CategoryElectronic},
	{[]string{"automotive_parts", "automotive parts", "automotive part", "automotive", "auto parts",
		"vehicle parts", "vehicle components"}, labrelay.CategoryAutomotive},
	{[]string{"food_packaging", "food packaging", "food contact", "food contact material",
		"food contact materials", "food-contact", "fcm", "food_contact"}, labrelay.CategoryFood},
}

// Category maps a printed product category to the DSP category
// ("electronic_components", "automotive_parts", "food_packaging"); false
// when the word is not one it knows.
func Category(s string) (string, bool) {
	k := key(s)
	for _, c := range categories {
		for _, w := range c.words {
			if k == w {
				return c.value, true
			}
		}
	}
	return "", false
}
