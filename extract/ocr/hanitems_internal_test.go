package ocr

import (
	"slices"
	"testing"

	"github.com/labrelay/labrelay"
)

// A result row's first cell read as Latin or a number where the item
// column starts with Han (a scan's words) is read again; a Latin group
// heading, a row of a page with no sure Han, and a column of more such
// cells than Han ones are not.
func TestFindHanItems(t *testing.T) {
	rows := hanItemRowsOfScan()
	var got []string
	for _, p := range findHanItems(rows, 32) {
		got = append(got, rows[p.row].Words[p.from].Text)
		if p.to != 1 {
			t.Errorf("row %d: run of %d words, want 1", p.row, p.to)
		}
	}
	if want := []string{"48", "4", "Sha — AT AE", "m"}; !slices.Equal(got, want) {
		t.Errorf("runs %q, want %q", got, want)
	}
	// no sure Han on the page: the Han read is in doubt
	plain := hanItemRowsOfScan()
	for i := range plain {
		for j := range plain[i].Words {
			plain[i].Words[j].Conf = min(plain[i].Words[j].Conf, 0.8)
		}
	}
	if got := findHanItems(plain, 32); len(got) != 0 {
		t.Errorf("page with no sure Han: %d runs", len(got))
	}
	// more Latin first cells than Han ones: a Latin column
	latin := hanItemRowsOfScan()
	for _, i := range []int{1, 4, 5, 6, 7, 9, 10} {
		latin[i].Words[0].Text = "Zn"
	}
	if got := findHanItems(latin, 32); len(got) != 0 {
		t.Errorf("Latin column: %d runs", len(got))
	}
}

// The chi_sim reading replaces a run when mostly CJK and surer; jpn's is
// not taken on a page with no kana, however sure.
func TestApplyHanItems(t *testing.T) {
	rows := hanItemRowsOfScan()
	is := findHanItems(rows, 32)
	applyHanItems(rows, is, [][]hanRead{
		{{"に", 0.9}, {"衆", 0.9}, {"二二", 0.9}, {"ビ", 0.9}},
		{{"铅", 0.63}, {"了汞", 0}, {"上有于不辣", 0.3}, {"溴", 0.65}},
	}, []string{"jpn", "chi_sim"}, nil)
	var got []string
	for _, p := range is {
		w := rows[p.row].Words[0]
		got = append(got, w.Text)
		if w.Text == "铅" && w.Conf > disagreeConf {
			t.Errorf("%q at %.2f, want %.2f at most", w.Text, w.Conf, disagreeConf)
		}
	}
	// 溴 at 0.65 is no surer than m at 0.70
	if want := []string{"铅", "4", "Sha — AT AE", "m"}; !slices.Equal(got, want) {
		t.Errorf("cells %q, want %q", got, want)
	}
}

// hanItemRowsOfScan are the result rows of a scanned Chinese RoHS table
// as eng+chi_sim read them (300 dpi).
func hanItemRowsOfScan() []labrelay.Row {
	return []labrelay.Row{
		{Words: []labrelay.Word{han("检测项目", 194, 1507, 128, 31, 0.88), han("单位", 1905, 1507, 63, 31, 0.95), han("要求", 2067, 1507, 64, 31, 0.92), han("结果", 2212, 1507, 64, 31, 0.97)}},
		{Words: []labrelay.Word{han("锅", 194, 1573, 33, 32, 0.68), han("mg/kg", 1883, 1574, 107, 36, 0.65), han("|", 2014, 1560, 18, 54, 0.92), han("≤ 100", 2048, 1574, 103, 29, 0.85), han("NLD.", 2209, 1576, 70, 27, 0.55)}},
		{Words: []labrelay.Word{han("48", 194, 1637, 32, 32, 0.60), han("mg/kg", 1884, 1639, 106, 36, 0.96), han("≤ 1000", 2037, 1639, 127, 28, 0.60), han("165", 2213, 1639, 63, 28, 0.97)}},
		{Words: []labrelay.Word{han("4", 195, 1705, 31, 30, 0.43), han("mg/kg", 1883, 1705, 106, 36, 0.96), han("≤ 1000", 2036, 1705, 127, 28, 0.85), han("N.D.", 2209, 1706, 69, 27, 0.91)}},
		{Words: []labrelay.Word{han("六价铬", 194, 1768, 103, 33, 0.63), han("mg/kg", 1883, 1769, 107, 36, 0.83), han("≤ 1000", 2036, 1770, 127, 28, 0.80), han("N.D.", 2209, 1771, 70, 27, 0.85)}},
		{Words: []labrelay.Word{han("多澳联葵总和", 195, 1832, 207, 33, 0.27), han("mg/kg", 1884, 1834, 106, 36, 0.92), han("≤ 1000", 2037, 1834, 127, 28, 0.85), han("N.D.", 2209, 1836, 70, 26, 0.91)}},
		{Words: []labrelay.Word{han("多省 二 茶醚总和", 195, 1898, 244, 33, 0.48), han("mg/kg", 1883, 1900, 106, 36, 0.96), han("≤ 1000", 2036, 1900, 127, 29, 0.60), han("N.D.", 2209, 1902, 69, 26, 0.92)}},
		{Words: []labrelay.Word{han("邻茶二甲酸二 (2-", 195, 1959, 257, 49, 0.85), han("乙基已基 ) 酯", 469, 1963, 174, 33, 0.48), han("mg/kg", 1883, 1961, 107, 39, 0.91), han("≤ 1000", 2036, 1965, 127, 28, 0.60), han("260", 2212, 1965, 63, 28, 0.95)}},
		{Words: []labrelay.Word{han("Sha — AT AE", 194, 2023, 282, 52, 0.36), han("mg/kg", 1884, 2029, 106, 36, 0.92), han("≤ 1000", 2037, 2029, 127, 28, 0.66), han("N.D.", 2209, 2031, 70, 26, 0.91)}},
		{Words: []labrelay.Word{han("邻 茶 二 甲酸二 丁 酯", 196, 2088, 280, 51, 0.45), han("mg/kg", 1883, 2094, 106, 35, 0.95), han("≤ 1000", 2036, 2094, 127, 28, 0.51), han("N.D.", 2209, 2095, 69, 27, 0.60)}},
		{Words: []labrelay.Word{han("邻 茶 二 甲酸 一 异 丁 酯", 195, 2154, 314, 51, 0.48), han("mg/kg", 1883, 2160, 107, 35, 0.95), han("≤ 1000", 2036, 2160, 127, 28, 0.85), han("N.D.", 2209, 2161, 70, 27, 0.88)}},
		{Words: []labrelay.Word{han("Halogens", 194, 2221, 182, 35, 0.90)}},
		{Words: []labrelay.Word{han("氢", 194, 2284, 33, 32, 0.47), han("mg/kg", 1883, 2286, 106, 35, 0.96), han("≤ 900", 2048, 2285, 103, 29, 0.60), han("113", 2214, 2286, 62, 28, 0.96)}},
		{Words: []labrelay.Word{han("m", 193, 2349, 33, 32, 0.70), han("mg/kg", 1883, 2350, 107, 36, 0.95), han("≤ 900", 2048, 2350, 103, 28, 0.63), han("N.D.", 2209, 2351, 69, 27, 0.91)}},
	}
}
