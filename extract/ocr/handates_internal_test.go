package ocr

import (
	"testing"

	"github.com/labrelay/labrelay"
)

// A doubtful run that starts with a year and is no date as read (年, 月
// and 日 read as digits and junk) is read again; a Latin date, a sure
// word or a bare year is not. A Han date replaces the run only when its
// digits are the run's in order, less some.
func TestHanDates(t *testing.T) {
	rows := []labrelay.Row{
		{Words: []labrelay.Word{han("DATE", 180, 50, 90, 30, 0.97), han("ISSUED", 280, 50, 130, 30, 0.97), han("2024414218", 600, 50, 230, 35, 0.36)}},
		{Words: []labrelay.Word{han("DATE", 180, 100, 90, 30, 0.97), han("‘2025", 600, 100, 102, 30, 0.35), han("2A98", 747, 100, 112, 35, 0.35), han("Tel", 1200, 100, 60, 30, 0.3)}},
		{Words: []labrelay.Word{han("DATE", 180, 150, 90, 30, 0.97), han("2024-01-21", 600, 150, 230, 30, 0.6)}},
		{Words: []labrelay.Word{han("DATE", 180, 200, 90, 30, 0.97), han("20247-15108", 600, 200, 230, 30, 0.95)}},
		{Words: []labrelay.Word{han("YEAR", 180, 250, 90, 30, 0.97), han("2024", 600, 250, 90, 30, 0.5)}},
		{Words: []labrelay.Word{han("DATE", 180, 300, 90, 30, 0.97), han("20247-15108", 600, 300, 230, 30, 0.4)}},
	}
	got := findHanDates(rows, 30)
	if len(got) != 3 || got[0].row != 0 || got[1].row != 1 || got[1].to != 3 || got[2].row != 5 {
		t.Fatalf("runs %+v, want rows 0, 1 (two words) and 5", got)
	}
	applyHanDates(rows, got, [][]hanRead{
		{{"2024年1月21日", 0.55}, {"2025年2月9日", 0.7}, {"2024年9月10日", 0.9}},
		{{"2024年1月21日", 0.8}, {"2025年2月9", 0.9}, {"2024/1/10", 0.9}},
	}, nil)
	if w := rows[0].Words[2]; w.Text != "2024年1月21日" || w.Conf > disagreeConf {
		t.Errorf("row 0: %q at %.2f, want 2024年1月21日 in doubt", w.Text, w.Conf)
	}
	if ws := rows[1].Words; len(ws) != 3 || ws[1].Text != "2025年2月9日" || ws[1].Box.X != 600 || ws[1].Box.W != 259 || ws[2].Text != "Tel" {
		t.Errorf("row 1: %+v, want 2025年2月9日 over both words, then Tel", ws)
	}
	if w := rows[5].Words[1]; w.Text != "20247-15108" {
		t.Errorf("row 5: %q: a 9 the run never had, or no Han date, was taken", w.Text)
	}
}

// A Han date is what a run reads as when its digits stand in place and
// its Han was misread as a glyph or two; a re-read that lost a digit
// ("2024年1月2日" for "202415218", 月 read "5" and 日 "8") is not.
func TestReadsAs(t *testing.T) {
	for _, c := range []struct {
		date, run string
		want      bool
	}{
		{"2024年1月21日", "2024414218", true},
		{"2024年1月21日", "202415218", true},
		{"2024年1月2日", "202415218", false},
		{"2024年1月10日", "20247-15108", true},
		{"2025年2月9日", "‘2025 2A98", true},
		{"2025年10月14日-2025年10月20日", "2025108148-2025108208", true},
		{"2024年9月10日", "20247-15108", false},
		// 日 read as two glyphs after a day of two digits: no digit of
		// the day can have been lost
		{"2025年4月17日", "202547481748", true},
		{"2025年4月7日", "20254481748", false},
	} {
		if got := readsAs(c.date, c.run); got != c.want {
			t.Errorf("readsAs(%q, %q) = %v, want %v", c.date, c.run, got, c.want)
		}
	}
}
