package rules

import (
	"reflect"
	"testing"
)

// The script helpers keep their meanings after moving onto internal/text:
// caption keys fold full-width forms, runs split where East Asian text
// (Han, kana, Hangul, half-width katakana) meets Latin, a value counts as
// East Asian by its letters only, and the Chinese half of a bilingual
// caption is Han only (kana starts no such prefix). Two fixes came with
// the move: a half-width sound mark ("ﾟ") no longer splits a katakana run,
// and fold lower-cases full-width letters.
func TestScriptHelpersKeepBehaviour(t *testing.T) {
	keys := map[string]string{
		"ＲＥＰＯＲＴ　ＮＯ．":      "report no",
		"报告编号／Report No.": "报告编号 report no",
		"Nº de informe":   "no de informe",
		"試料名（ｻﾝﾌﾟﾙ）":      "試料名 ｻﾝﾌﾟﾙ",
		"Applicant's":     "applicants",
	}
	for in, want := range keys {
		if got := capKey(in); got != want {
			t.Errorf("capKey(%q) = %q; want %q", in, got, want)
		}
	}
	runs := map[string][]string{
		"报告编号 report no":    {"报告编号", "report no"},
		"サンプル名 sample name": {"サンプル名", "sample name"},
		"시료명 sample":        {"시료명", "sample"},
		"ｻﾝﾌﾟﾙ sample":      {"ｻﾝﾌﾟﾙ", "sample"},
		"report no":         {"report no"},
	}
	for in, want := range runs {
		if got := scriptRuns(in); !reflect.DeepEqual(got, want) {
			t.Errorf("scriptRuns(%q) = %q; want %q", in, got, want)
		}
	}
	ea := map[string]bool{
		"深圳市检测有限公司 Ltd":                true,
		"ＡＢＣ Trading":                  false, // full-width Latin is Latin
		"「ACME」 Trading":               false, // CJK brackets are no letters
		"ｻﾝﾌﾟﾙ":                        true,
		"Acme 株式会社 Testing Laboratory": false,
	}
	for in, want := range ea {
		if got := eastAsian(in); got != want {
			t.Errorf("eastAsian(%q) = %v; want %v", in, got, want)
		}
	}
	prefixes := map[string]string{
		"报告编号 Report No.": "报告编号 ",
		"サンプル名 Sample":    "",
		"Report No.":      "",
	}
	for in, want := range prefixes {
		if got := cjkPrefix(in); got != want {
			t.Errorf("cjkPrefix(%q) = %q; want %q", in, got, want)
		}
	}
	if got := fold("ＲＥＰＯＲＴ　No’s  X"); got != "report no's x" {
		t.Errorf("fold = %q", got)
	}
}
