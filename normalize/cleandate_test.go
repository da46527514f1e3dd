package normalize

import "testing"

func TestCleanDateDropsWeekday(t *testing.T) {
	for in, want := range map[string]string{
		"Tuesday, November 10, 2020": "2020-11-10",
		"Tue. 10 Nov 2020":           "2020-11-10",
		"Nov. 10, 2020":              "2020-11-10",
		"Sunday":                     "", // a day's name alone is no date
	} {
		got, err := Date(CleanDate(in), true)
		if want == "" {
			if err == nil {
				t.Errorf("Date(CleanDate(%q)) = %q; want an error", in, got)
			}
			continue
		}
		if err != nil || got != want {
			t.Errorf("Date(CleanDate(%q)) = %q, %v; want %q", in, got, err, want)
		}
	}
}
