package normalize_test

import (
	"testing"

	"github.com/labrelay/labrelay/normalize"
)

func TestDate(t *testing.T) {
	tests := []struct {
		in       string
		dayFirst bool
		want     string // "" means an error is expected
	}{
		// The acceptance list of spec §1.
		{"2026-05-09", false, "2026-05-09"},
		{"09 May 2026", false, "2026-05-09"},
		{"May 9, 2026", false, "2026-05-09"},
		{"2026年5月9日", false, "2026-05-09"},
		{"2026/05/09", false, "2026-05-09"},
		{"09/05/2026", true, "2026-05-09"},
		{"09/05/2026", false, "2026-09-05"},
		{"09.05.2026", false, "2026-05-09"},
		{"09.05.2026", true, "2026-05-09"},
		// Common lab forms.
		{"Nov. 10, 2020", false, "2020-11-10"},
		{"Sep. 18, 2018", false, "2018-09-18"},
		{"Sept 18, 2018", false, "2018-09-18"},
		{"2024.01.05", false, "2024-01-05"},
		{"5-May-2026", false, "2026-05-05"},
		{"2026-Dec-17", false, "2026-12-17"},
		{"2026 December 17th", false, "2026-12-17"},
		{"17/Dec/2026", false, "2026-12-17"},
		{"2026-Foo-17", false, ""},
		{"05-May-2026", true, "2026-05-05"},
		{"2026-5-9", false, "2026-05-09"},
		{"9th May 2026", false, "2026-05-09"},
		{"May 9th, 2026", false, "2026-05-09"},
		{"MARCH 6, 2024", false, "2024-03-06"},
		{"06 march 2024", false, "2024-03-06"},
		{"  2026年 5月 9日 ", false, "2026-05-09"},
		{"２０２６年５月９日", false, "2026-05-09"},
		{"2026\u3000年5月9日", false, "2026-05-09"},
		{"2026-05-09T10:30:00Z", false, "2026-05-09"},
		{"29/02/2024", true, "2024-02-29"},
		{"12-31-2025", false, "2025-12-31"},
		// Errors: ambiguous, impossible or unreadable.
		{"13/13/2026", true, ""},
		{"13/13/2026", false, ""},
		{"25/05/2026", false, ""},
		{"05/25/2026", true, ""},
		{"30/02/2026", true, ""},
		{"Feb 30, 2026", false, ""},
		{"29 Feb 2025", false, ""},
		{"2026-02-30", false, ""},
		{"2026-13-01", false, ""},
		{"31.04.2026", false, ""},
		{"2026/05-09", false, ""},
		{"Foo 9, 2026", false, ""},
		{"9 Mayo 2026", false, ""},
		{"", false, ""},
		{"soon", false, ""},
		{"09/05/26", true, ""},
		{"0001-01-01", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := normalize.Date(tt.in, tt.dayFirst)
			if tt.want == "" {
				if err == nil {
					t.Fatalf("Date(%q, %v) = %q, want an error", tt.in, tt.dayFirst, got)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Fatalf("Date(%q, %v) = %q, %v; want %q", tt.in, tt.dayFirst, got, err, tt.want)
			}
		})
	}
}

func TestSpace(t *testing.T) {
	tests := map[string]string{
		"  SGS-CSTC\tStandards \n Technical ": "SGS-CSTC Standards Technical",
		"深圳市\u3000精密\u3000电子":                 "深圳市 精密 电子",
		"A\u00a0B\u200bC":                     "A BC",
		"":                                    "",
		" \t\n ":                              "",
		"A08，A06":                             "A08，A06",
	}
	for in, want := range tests {
		if got := normalize.Space(in); got != want {
			t.Errorf("Space(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestVerdict(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"PASS", "pass", true}, {"Pass", "pass", true}, {"pass.", "pass", true},
		{"合格", "pass", true}, {"符合", "pass", true}, {"Comply", "pass", true},
		{"Complies", "pass", true}, {"Fail", "fail", true}, {"FAILED", "fail", true},
		{"不合格", "fail", true}, {"Does not comply", "fail", true},
		{"Inconclusive", "inconclusive", true}, {"ＰＡＳＳ", "pass", true},
		{"-", "", true}, {"N/A", "", true}, {"", "", true},
		{"See Results", "", false}, {"Passive", "", false}, {"maybe", "", false},
		{"○", "pass", true}, {"✓", "pass", true}, {"Yes", "pass", true}, {"Conforme", "pass", true},
		{"×", "fail", true}, {"No cumple", "fail", true}, {"nicht bestanden", "fail", true},
		{"适合", "pass", true}, {"不适合", "fail", true}, {"OK", "pass", true}, {"NG", "fail", true},
	}
	for _, tt := range tests {
		got, ok := normalize.Verdict(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Verdict(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestLab(t *testing.T) {
	tests := map[string]string{
		"SGS-CSTC Standards Technical Services Co., Ltd. Shenzhen Branch": "SGS",
		"SGS": "SGS",
		"Bureau Veritas Consumer Products Services": "BV",
		"BV":               "BV",
		"BVCPS (Shenzhen)": "BV",
		"Shenzhen CTB Testing Technology Co., Ltd.": "OTHER",
		"ABVX Labs": "OTHER",
		"Intertek":  "OTHER",
		"":          "",
	}
	for in, want := range tests {
		if got := normalize.Lab(in); got != want {
			t.Errorf("Lab(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCategory(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"Electronic Components", "electronic_components", true},
		{"electronic_components", "electronic_components", true},
		{"RoHS", "electronic_components", true},
		{"Automotive", "automotive_parts", true},
		{"Food Contact Material", "food_packaging", true},
		{"food packaging", "food_packaging", true},
		{"Toys", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := normalize.Category(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Category(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseValue(t *testing.T) {
	tests := []struct {
		in   string
		want normalize.Value
		err  bool
	}{
		{"N.D.", normalize.Value{Kind: normalize.NotDetected}, false},
		{"N.D", normalize.Value{Kind: normalize.NotDetected}, false},
		{"ND", normalize.Value{Kind: normalize.NotDetected}, false},
		{"n.d.", normalize.Value{Kind: normalize.NotDetected}, false},
		{"Not Detected", normalize.Value{Kind: normalize.NotDetected}, false},
		{"未检出", normalize.Value{Kind: normalize.NotDetected}, false},
		{"<2", normalize.Value{Kind: normalize.Less, Num: 2, Strict: true}, false},
		{"< 2", normalize.Value{Kind: normalize.Less, Num: 2, Strict: true}, false},
		{"＜2", normalize.Value{Kind: normalize.Less, Num: 2, Strict: true}, false},
		{"≤10", normalize.Value{Kind: normalize.Less, Num: 10}, false},
		{"<=10", normalize.Value{Kind: normalize.Less, Num: 10}, false},
		{">100", normalize.Value{Kind: normalize.Greater, Num: 100, Strict: true}, false},
		{"≥ 5", normalize.Value{Kind: normalize.Greater, Num: 5}, false},
		{"12", normalize.Value{Kind: normalize.Number, Num: 12}, false},
		{"0.8", normalize.Value{Kind: normalize.Number, Num: 0.8}, false},
		{"12,5", normalize.Value{Kind: normalize.Number, Num: 12.5}, false},
		{"1,000", normalize.Value{Kind: normalize.Number, Num: 1000}, false},
		{"1,000.5", normalize.Value{Kind: normalize.Number, Num: 1000.5}, false},
		{"1.000,5", normalize.Value{Kind: normalize.Number, Num: 1000.5}, false},
		{"0,05", normalize.Value{Kind: normalize.Number, Num: 0.05}, false},
		{"Negative", normalize.Value{}, true},
		{"12 mg/kg", normalize.Value{}, true},
		{"", normalize.Value{}, true},
		{"<", normalize.Value{}, true},
	}
	for _, tt := range tests {
		got, err := normalize.ParseValue(tt.in)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("ParseValue(%q) = %+v, %v; want %+v, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestRowVerdict(t *testing.T) {
	tests := []struct{ value, limit, want string }{
		{"N.D.", "1000", "pass"},
		{"ND", "100", "pass"},
		{"N.D", "10", "pass"},
		{"66", "1000", "pass"},
		{"1000", "1000", "pass"},
		{"1250", "1000", "fail"},
		{"12,5", "10", "fail"},
		{"<2", "10", "pass"},
		{"<20", "10", ""},
		{">2000", "1000", "fail"},
		{"9", "≤10", "pass"},
		{"10", "<10", "fail"},
		{"ND", "-", ""},
		{"66", "-", ""},
		{"66", "", ""},
		{"66", "/", ""},
		{"66", "Not regulated", ""},
		{"Negative", "1000", ""},
		{"ND", "Absent", ""},
		{"150", "≥100", "pass"},
		{"80", "≥100", "fail"},
		{"N.D.", "≥100", "fail"},
	}
	for _, tt := range tests {
		if got := normalize.RowVerdict(tt.value, tt.limit); got != tt.want {
			t.Errorf("RowVerdict(%q, %q) = %q, want %q", tt.value, tt.limit, got, tt.want)
		}
	}
}

func TestVerdictBilingualAndDisposition(t *testing.T) {
	for in, want := range map[string]string{"合格 Pass": "pass", "不合格 Fail": "fail", "ACCEPT": "pass", "REJECT": "fail"} {
		if got, ok := normalize.Verdict(in); !ok || got != want {
			t.Errorf("Verdict(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if got, ok := normalize.Verdict("合格 Fail"); ok || got != "" {
		t.Errorf("halves that disagree gave %q, %v", got, ok)
	}
}
