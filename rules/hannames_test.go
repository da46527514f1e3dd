package rules

import (
	"slices"
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
)

// In a bilingual item column that reads two Chinese names or more near
// their English ones, a misread Chinese name (Han or junk) is put right
// from its English, and a Japanese column's from the Japanese names; one
// with too few names to tell, and English alone, stay.
func TestHanItemNames(t *testing.T) {
	run := func(items ...string) (int, string) {
		rows := itemRows(items...)
		n := hanItemNames(rows)
		return n, strings.Join(itemsOf(rows), "|")
	}
	for _, c := range []struct {
		items []string
		n     int
		want  string
	}{
		{[]string{"名 Cadmium (Cd)", "#4 Lead (Pb)", "多省二葵醚总和 Sum of PBDEs (PBDEs)", "邻茶二甲酸丁茶酯 Butyl benzyl phthalate (BBP)", "Specific migration of lead"}, 4,
			"镉 Cadmium (Cd)|铅 Lead (Pb)|多溴二苯醚总和 Sum of PBDEs (PBDEs)|邻苯二甲酸丁苄酯 Butyl benzyl phthalate (BBP)|Specific migration of lead"},
		{[]string{"鉛 Lead (Pb)", "名 Cadmium (Cd)", "六价铬 Hexavalent Chromium (Cr(VI))", "多溴联苯总和 Sum of PBBs (PBBs)"}, 0,
			"鉛 Lead (Pb)|名 Cadmium (Cd)|六价铬 Hexavalent Chromium (Cr(VI))|多溴联苯总和 Sum of PBBs (PBBs)"},
		{[]string{"名 Cadmium (Cd)", "#4 Lead (Pb)", "六价铬 Hexavalent Chromium (Cr(VI))"}, 0,
			"名 Cadmium (Cd)|#4 Lead (Pb)|六价铬 Hexavalent Chromium (Cr(VI))"},
		// no name read right, but something before every English one: a
		// Chinese column misread throughout; a speck before one English
		// name in four is no Chinese column
		{[]string{"% Cadmium (Cd)", "#4 Lead (Pb)", "% Mercury (Hg)", "@ Chlorine (Cl)", "7AM Hexavalent Chromium (Cr(VI))"}, 5,
			"镉 Cadmium (Cd)|铅 Lead (Pb)|汞 Mercury (Hg)|氯 Chlorine (Cl)|六价铬 Hexavalent Chromium (Cr(VI))"},
		{[]string{"| Cadmium (Cd)", "Lead (Pb)", "Mercury (Hg)", "Chlorine (Cl)", "Hexavalent Chromium (Cr(VI))"}, 0,
			"| Cadmium (Cd)|Lead (Pb)|Mercury (Hg)|Chlorine (Cl)|Hexavalent Chromium (Cr(VI))"},
		{[]string{"总迁移量 Overall migration, olive oil", "铅迁移量 Specific migration of lead", "锡迁移量 Specific migration of cadmium"}, 1,
			"总迁移量 Overall migration, olive oil|铅迁移量 Specific migration of lead|镉迁移量 Specific migration of cadmium"},
		// a name printed with a space before its bracket is the name
		{[]string{"总迁移量 Overall migration, olive oil", "铅迁移量 Specific migration of lead", "重金属 (以Pb计) Heavy metals (as Pb)"}, 0,
			"总迁移量 Overall migration, olive oil|铅迁移量 Specific migration of lead|重金属 (以Pb计) Heavy metals (as Pb)"},
		// a name misread before its simulant in brackets: the name only
		{[]string{"総浴出量 (4%酢酸) Overall migration, 3% acetic acid", "総溶出量 (10%エタノール) Overall migration, 10% ethanol", "鉛溶出量 Specific migration of lead"}, 1,
			"総溶出量 (4%酢酸) Overall migration, 3% acetic acid|総溶出量 (10%エタノール) Overall migration, 10% ethanol|鉛溶出量 Specific migration of lead"},
		// the simulant in brackets misread: put right from the English,
		// at the strength the bracket reads (a Japanese 4% acetic acid is
		// the English 3%), with the space the column prints before it;
		// one read too far off its name stays
		{[]string{"総溶出量 (AU ーブ油) Overall migration, olive oil", "総溶出量 (4%矯酸) Overall migration, 3% acetic acid", "総溶出量(109%エタノール) Overall migration, 10% ethanol", "鉛溶出量 Specific migration of lead"}, 3,
			"総溶出量 (オリーブ油) Overall migration, olive oil|総溶出量 (4%酢酸) Overall migration, 3% acetic acid|総溶出量 (10%エタノール) Overall migration, 10% ethanol|鉛溶出量 Specific migration of lead"},
		// katakana read as Han of their shape ("工夕/ —" for エタノー)
		{[]string{"総溶出量 (10%工夕/ —J)L) Overall migration, 10% ethanol", "総溶出量 (7 U一了油) Overall migration, olive oil", "鉛溶出量 Specific migration of lead"}, 2,
			"総溶出量 (10%エタノール) Overall migration, 10% ethanol|総溶出量 (オリーブ油) Overall migration, olive oil|鉛溶出量 Specific migration of lead"},
		{[]string{"总迁移量 (10%Z BF) Overall migration, 10% ethanol", "总迁移量 (HR) Overall migration, olive oil", "铅迁移量 Specific migration of lead"}, 1,
			"总迁移量 (10%乙醇) Overall migration, 10% ethanol|总迁移量 (HR) Overall migration, olive oil|铅迁移量 Specific migration of lead"},
		// a Japanese column is put right from the Japanese names; a
		// Chinese name in it is a name, not a misreading
		{[]string{"#8 Lead (Pb)", "PBB#8 Sum of PBBs (PBBs)", "六価クロム Hexavalent Chromium (Cr(VI))", "フタル酸ジブチル Dibutyl phthalate (DBP)", "カドミ ULBWB Specific migration of cadmium", "汞 Mercury (Hg)"}, 3,
			"鉛 Lead (Pb)|PBB類 Sum of PBBs (PBBs)|六価クロム Hexavalent Chromium (Cr(VI))|フタル酸ジブチル Dibutyl phthalate (DBP)|カドミウム溶出量 Specific migration of cadmium|汞 Mercury (Hg)"},
		// eng reads a Han character as one or two glyphs: Latin junk up to
		// twice the name's length and one is the name; longer is not
		{[]string{"FARE Formaldehyde", "总迁移量 (10%乙醇) Overall migration, 10% ethanol", "铅迁移量 Specific migration of lead", "Sia BE Sp Potassium permanganate consumption", "Bm AeA SAGE TTR Ko Primary aromatic amines"}, 2,
			"甲醛 Formaldehyde|总迁移量 (10%乙醇) Overall migration, 10% ethanol|铅迁移量 Specific migration of lead|高锰酸钾消耗量 Potassium permanganate consumption|Bm AeA SAGE TTR Ko Primary aromatic amines"},
		// a Japanese column's heavy metals; a name that ends in a bracket
		// keeps the space the reading prints before it, one with a
		// bracket inside does not get one
		{[]string{"BER (Phe UT) Heavy metals (as Pb)", "総溶出量 (4%酢酸) Overall migration, 3% acetic acid", "鉛溶出量 Specific migration of lead", "カドミウム溶出量 Specific migration of cadmium"}, 1,
			"重金属 (Pbとして) Heavy metals (as Pb)|総溶出量 (4%酢酸) Overall migration, 3% acetic acid|鉛溶出量 Specific migration of lead|カドミウム溶出量 Specific migration of cadmium"},
		{[]string{"邻苯二甲酸二 (2-乙基已基 ) 酯 Bis(2-ethylhexyl) phthalate (DEHP)", "铅迁移量 Specific migration of lead", "镉迁移量 Specific migration of cadmium"}, 1,
			"邻苯二甲酸二(2-乙基己基)酯 Bis(2-ethylhexyl) phthalate (DEHP)|铅迁移量 Specific migration of lead|镉迁移量 Specific migration of cadmium"},
		// a Han name with its tail lost is the name it starts; kana may be
		// a shorter print of a long name
		{[]string{"六 Hexavalent Chromium (Cr(VI))", "镉 Cadmium (Cd)", "铅 Lead (Pb)", "高 Potassium permanganate consumption"}, 2,
			"六价铬 Hexavalent Chromium (Cr(VI))|镉 Cadmium (Cd)|铅 Lead (Pb)|高锰酸钾消耗量 Potassium permanganate consumption"},
		{[]string{"フタル酸ビス Bis(2-ethylhexyl) phthalate (DEHP)", "六価クロム Hexavalent Chromium (Cr(VI))", "フタル酸ジブチル Dibutyl phthalate (DBP)"}, 0,
			"フタル酸ビス Bis(2-ethylhexyl) phthalate (DEHP)|六価クロム Hexavalent Chromium (Cr(VI))|フタル酸ジブチル Dibutyl phthalate (DBP)"},
		// the PAHs; a misread name's glyphs read as a short English
		// word ("by") are no English name
		{[]string{"AvViale by Benzo[a]pyrene (BaP)", "ベン Viele by Benzo[e]pyrene (BeP)", "AVYV[alVy トラセン Benzo[a]anthracene (BaA)", "クリセン Chrysene (CHR)", "鉛 Lead (Pb)"}, 3,
			"ベンゾ[a]ピレン Benzo[a]pyrene (BaP)|ベンゾ[e]ピレン Benzo[e]pyrene (BeP)|ベンゾ[a]アントラセン Benzo[a]anthracene (BaA)|クリセン Chrysene (CHR)|鉛 Lead (Pb)"},
	} {
		if n, got := run(c.items...); n != c.n || got != c.want {
			t.Errorf("%d changed: %s\nwant %d: %s", n, got, c.n, c.want)
		}
	}
}

// A report's OCR tables agree together: a table of two misread names on a
// page of its own is put right from the names the next table reads; the
// rows of a text table are not touched.
func TestDocItemNames(t *testing.T) {
	res := &tableResult{conf: confTable, rows: []labrelay.ResultRow{
		{Item: "名 Cadmium (Cd)"}, {Item: "$8 Lead (Pb)"},
		{Item: "六价铬 Hexavalent Chromium (Cr(VI))"}, {Item: "多溴联苯 Sum of PBBs (PBBs)"},
		{Item: "#4 Lead (Pb)"},
	}, ocrRows: []int{0, 1, 2, 3}}
	docItemNames(res)
	var got []string
	for _, r := range res.rows {
		got = append(got, r.Item)
	}
	want := "镉 Cadmium (Cd)|铅 Lead (Pb)|六价铬 Hexavalent Chromium (Cr(VI))|多溴联苯 Sum of PBBs (PBBs)|#4 Lead (Pb)"
	if strings.Join(got, "|") != want || res.conf > correctedConf {
		t.Errorf("got %s at %.2f\nwant %s at most %.2f", strings.Join(got, "|"), res.conf, want, correctedConf)
	}
}

// A column of Chinese names alone, misread a character or two: a long
// name near one of the domain's and nearer it than any other is put
// right; a short one (铅 for 镉 is one character), junk, and a name as
// near two are left; one row alone near a name is no column of them.
func TestHanOnlyNames(t *testing.T) {
	rs := itemRows("i", "#8", "领迁移量", "多省联茶总和", "邻共二甲酸丁共酯", "邻茶二甲酸二丁酯", "邻葵二甲酸二 (2-乙基己基)")
	if n := hanOnlyNames(rs); n != 4 {
		t.Errorf("changed %d: %+v", n, rs)
	}
	got := itemsOf(rs)
	want := []string{"i", "#8", "领迁移量", "多溴联苯总和", "邻苯二甲酸丁苄酯", "邻苯二甲酸二丁酯", "邻苯二甲酸二(2-乙基己基)酯"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
	rs = itemRows("Lead (Pb)", "多省联茶总和")
	if n := hanOnlyNames(rs); n != 0 {
		t.Errorf("one row changed: %+v", rs)
	}
}

// itemRows are result rows of the items given; itemsOf their items.
func itemRows(items ...string) []labrelay.ResultRow {
	rows := make([]labrelay.ResultRow, len(items))
	for i, it := range items {
		rows[i].Item = it
	}
	return rows
}

func itemsOf(rows []labrelay.ResultRow) []string {
	var out []string
	for _, r := range rows {
		out = append(out, r.Item)
	}
	return out
}
