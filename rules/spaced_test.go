package rules

import "testing"

func TestSpacedOut(t *testing.T) {
	cases := []struct {
		a, b any
		want bool
	}{
		{"Shenzhen ZhongjianNanfang Testing", "Shenzhen Zhongjian Nanfang Testing", true},
		{"Shenzhen Zhongjian Nanfang Testing", "Shenzhen ZhongjianNanfang Testing", false},
		{"ACME Ltd", "ACME Ltd", false},
		{"ACME Ltd", "ACME Ltd.", false},
		{"AB12", []string{"AB 12"}, false},
	}
	for _, c := range cases {
		if got := spacedOut(c.a, c.b); got != c.want {
			t.Errorf("spacedOut(%q, %q) = %v", c.a, c.b, got)
		}
	}
}
