package normalize

import "testing"

func TestSplitRange(t *testing.T) {
	for _, c := range []struct{ in, a, b string }{
		{"2024-03-07 to 2024-04-24", "2024-03-07", "2024-04-24"},
		{"From 2024-03-07 to 2024-04-24", "2024-03-07", "2024-04-24"},
		{"Between 3 May 2024 and 7 May 2024", "3 May 2024", "7 May 2024"},
		{"04/30/2018 & 05/01/2018", "04/30/2018", "05/01/2018"},
		{"自2024年3月7日至2024年4月24日", "2024年3月7日", "2024年4月24日"},
		{"vom 3.5.2024 bis 7.5.2024", "", ""}, // "bis" is splitPeriod's (rules)
		{"2024-03-07", "", ""},
	} {
		a, b, ok := SplitRange(c.in)
		if ok != (c.a != "") || a != c.a || b != c.b {
			t.Errorf("SplitRange(%q) = %q, %q, %v; want %q, %q", c.in, a, b, ok, c.a, c.b)
		}
	}
}

func TestTrimPeriodOpen(t *testing.T) {
	for in, want := range map[string]string{
		"From 2024-03-07": "2024-03-07",
		"自2024年3月7日":      "2024年3月7日",
		"Delivered":       "Delivered", // a word that starts like one is kept
		"about 3 days":    "about 3 days",
		"From":            "From",
	} {
		if got := TrimPeriodOpen(in); got != want {
			t.Errorf("TrimPeriodOpen(%q) = %q; want %q", in, got, want)
		}
	}
}
