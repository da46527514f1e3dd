package rules

import (
	"slices"
	"testing"

	"github.com/labrelay/labrelay"
)

// OCR's misreads of substance words and symbols are respelled; names
// that are right, abbreviations and words no known word is one confusion
// away from are left as read.
func TestRespellItem(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Specific migration of tead", "Specific migration of lead"},
		{"Overall migration, 10% athanal", "Overall migration, 10% ethanol"}, {"B r", "Br"}, {"C l", "Cl"}, {"X y", "X y"},
		{"Quecksilber Mercury (Hag)", "Quecksilber Mercury (Hg)"}, {"Mercury (Hgx)", "Mercury (Hgx)"},
		{"総溶出量 (オリープ油) Overall migration, olive oil", "総溶出量 (オリーブ油) Overall migration, olive oil"},
		{"8Bis(2-ethylhexyl) phthalate (DEHP)", "Bis(2-ethylhexyl) phthalate (DEHP)"}, {".Hexavalent Chromium (Cr(VI))", "Hexavalent Chromium (Cr(VI))"}, {"2-Naphthylamine", "2-Naphthylamine"},
		{"cadmio Cadmium (Cd)", "Cadmio Cadmium (Cd)"}, {"n-Hexane", "n-Hexane"}, {"total Chromium", "total Chromium"},
		{"cadmium (Cd)", "Cadmium (Cd)"}, {"CrlVh", "Cr(VI)"}, {"CrlV", "Cr(VI)"}, {"crv)", "Cr(VI)"}, {"CrIV", "CrIV"},
		{"Hexavalent Chromium (Ce(VI))", "Hexavalent Chromium (Cr(VI))"}, {"Hexavalent Chromium (Cri(VI))", "Hexavalent Chromium (Cr(VI))"},
		{"Hexavalent Chromium (Cr(V0))", "Hexavalent Chromium (Cr(VI))"}, {"Chrom(vi) Hexavalent Chromium (Cr(VI))", "Chrom(VI) Hexavalent Chromium (Cr(VI))"},
		{"Overall) migration, 3% acetic acid", "Overall migration, 3% acetic acid"}, {"Dibutyl ohthalate (DBP)", "Dibutyl phthalate (DBP)"}, {"Formaldehyde:", "Formaldehyde"},
		{"cd", "Cd"}, {"BeP-", "BeP"}, {"BaA ti", "BaA"}, {"Pb in", "Pb in"}, {"Hexavalent Chromium (CrCVI", "Hexavalent Chromium (Cr(VI))"},
		{"Bis(2-ethylhexyl|) phthalate (DEHP)", "Bis(2-ethylhexyl) phthalate (DEHP)"}, {"Specific migration of cadmium.", "Specific migration of cadmium"},
		{"Sum approx.", "Sum approx."}, {"Gesamtmigration, Olivendl", "Gesamtmigration, Olivenöl"},
		{"Hexavalent Chromium (CMVD)", "Hexavalent Chromium (Cr(VI))"}, {"Chromium (III)", "Chromium (III)"},
		{"Overall 4 migration, 10% ethanol", "Overall migration, 10% ethanol"}, {"Sum of 4 PAHs", "Sum of 4 PAHs"},
		{"Overall migration, 2 3% acetic acid", "Overall migration, 3% acetic acid"}, {"Overall migration, 3% 6 acetic acid", "Overall migration, 3% acetic acid"},
		{"Specific migration of 2 cadmium", "Specific migration of cadmium"}, {"Overall migration, 10 % ethanol", "Overall migration, 10 % ethanol"},
		// a German name's words run together, one glyph confused
		{"Benzylbutyiphthalat Butyl benzyl phthalate (BBP)", "Benzylbutylphthalat Butyl benzyl phthalate (BBP)"}, {"Diisobutylpnthalat", "Diisobutylphthalat"},
		{"Dibutylphthalat", "Dibutylphthalat"}, {"Gesamtmigration", "Gesamtmigration"},
		// an accent a speck put on a vowel; a Spanish word keeps its own
		{"Primary aromatic amínes", "Primary aromatic amines"}, {"Migración global", "Migración global"},
		{"Gesamtmigration, Olivend", "Gesamtmigration, Olivenöl"}, {"Hexavalent Chromium (Cr(VID))", "Hexavalent Chromium (Cr(VI))"},
		{"Specific j migration. of cadmium", "Specific migration of cadmium"},
		{"Overall. migration, 10% ethanol", "Overall migration, 10% ethanol"},
		{"Sum approx. of nine", "Sum approx. of nine"}, {"Benzo a pyrene", "Benzo a pyrene"},
		{"Migracién global, etanoi 10%", "Migración global, etanol 10%"},
		{"Migración especifica de cadmio", "Migración específica de cadmio"},
		{"Migración global, acido acético 3%", "Migración global, ácido acético 3%"},
		{"Chram(VII) Hexavalent Chromium (Cr(Vt))", "Chrom(VI) Hexavalent Chromium (Cr(VI))"},
		{"Bis(2-ethylhexyl)phthafat Bis(2-ethylhexyl) phthalate (DEHP)", "Bis(2-ethylhexyl)phthalat Bis(2-ethylhexyl) phthalate (DEHP)"},
		{"Dibenzola.hjanthracene (DBahA)", "Dibenzo[a,h]anthracene (DBahA)"},
		{"Benzof{aJanthracene (BaA)", "Benzo[a]anthracene (BaA)"},
		{"Gesamtmigration, Oliven6l Overall migration, olive oil", "Gesamtmigration, Olivenöl Overall migration, olive oil"},
		{"Overali migration, 3% acetic acid", "Overall migration, 3% acetic acid"},
		{"Overall migration, olive oi)", "Overall migration, olive oil"},
		{"Bromine (8r)", "Bromine (Br)"},
		{"Ha", "Hg"},
		{"cl", "Cl"},
		{"Chlorine (cl)", "Chlorine (Cl)"},
		{"TEAD", "LEAD"},
		{"Heavy metals (as Pb)", "Heavy metals (as Pb)"},
		{"Overall migration, olive.oil", "Overall migration, olive oil"},
		{"Gesamtmigration, 3% Essigsaure Overall migration, 3% acetic acid", "Gesamtmigration, 3% Essigsäure Overall migration, 3% acetic acid"},
		{"Gesamtmigration, Olivenol", "Gesamtmigration, Olivenöl"}, {"Primare aromatische Amine", "Primäre aromatische Amine"},
		{"铅迁 移 量 Specific migration of lead", "铅迁移量 Specific migration of lead"}, {"镉 迁移量", "镉迁移量"},
		{"总迁移量 (10% 乙醇 ) Overall migration, 10% ethanol", "总迁移量 (10%乙醇) Overall migration, 10% ethanol"},
		{"重金属 ( 以 Pb 计 ) Heavy metals (as Pb)", "重金属 (以Pb计) Heavy metals (as Pb)"},
		{"Sum of PBBs (PBBs)", "Sum of PBBs (PBBs)"},
		{"Bis(2-ethylhexyl) phthalate (DEHP)", "Bis(2-ethylhexyl) phthalate (DEHP)"},
		{"Diisobutyl phthalate (DIBP)", "Diisobutyl phthalate (DIBP)"},
		{"Benzo[a]pyrene (BaP)", "Benzo[a]pyrene (BaP)"},
		{"Nickel release", "Nickel release"},
		{"Hexavalent Chromium (crivy)", "Hexavalent Chromium (Cr(VI))"},
		{"Crisp", "Crisp"},
		{"CrVI", "CrVI"},
		{"Cr1VI1", "Cr(VI)"},
		{"Ha Noi plant", "Ha Noi plant"}, // a symbol only where it stands alone
		{"Cr(VI)", "Cr(VI)"},
		{"Overall migration, olive oil)", "Overall migration, olive oil"},
		{"Heavy metals {as Pb)", "Heavy metals (as Pb)"},
		{"Hexavalent Chromium (Cr(vi))", "Hexavalent Chromium (Cr(VI))"},
		{"Cr(VD)", "Cr(VI)"},
		{"Hexavalent Chromium (Cr(VII))", "Hexavalent Chromium (Cr(VI))"},
		{"Cr(V1)", "Cr(VI)"},
		{"Chromium (Cr(III))", "Chromium (Cr(III))"},
		{"Primary aromiatic amines", "Primary aromatic amines"},
		{"Diisobutyli phthalate", "Diisobutyl phthalate"},
		// a bracket of words closed by a symbol lost at the cell's edge
		{"Metales pesados (como Pb", "Metales pesados (como Pb)"},
		{"Metales pesados (como", "Metales pesados (como"},
		// a speck between a short word and a capital
		{"Sum of.PBDEs (PBDEs)", "Sum of PBDEs (PBDEs)"},
		{"Migraci6n global, ácido acético 3%", "Migración global, ácido acético 3%"},
		{"Formaldehfdo Formaldehyde", "Formaldehído Formaldehyde"},
		{"Schwermetaile (als Pb)", "Schwermetalle (als Pb)"},
		{"Schwermetatie (als Pb)", "Schwermetalle (als Pb)"},
		{"Gesamtmigration; 3% Essigsäure", "Gesamtmigration, 3% Essigsäure"},
		{"Ftalato de benciio y butilo", "Ftalato de bencilo y butilo"},
		{"Specific migration offead", "Specific migration of lead"},
		{"Hexavalent: Chromium (Cr(VI))", "Hexavalent Chromium (Cr(VI))"},
		{"Bis(2-ethylhexyl() phthalate (DEHP)", "Bis(2-ethylhexyl) phthalate (DEHP)"},
		{"Hexavalent Chromium (Cr((V1))", "Hexavalent Chromium (Cr(VI))"}, {"CrtV1", "Cr(VI)"},
		{"Hexavalent. Chromium", "Hexavalent Chromium"}, {"Method: Lead", "Method: Lead"},
		{"Ftalato de bis(2- etilhexilo)", "Ftalato de bis(2-etilhexilo)"},
		{"Tin", "Tin"},
		{"Mercury {Hg}", "Mercury (Hg)"}, {"Lead (Pbj", "Lead (Pb)"}, {"Chlorine (Ci", "Chlorine (Cl)"}, {"Crl(Vi)", "Cr(VI)"}, {"Overall-migration, 3% acetic acid", "Overall migration, 3% acetic acid"}, {"Specific migration of.lead", "Specific migration of lead"}, {"Bis(2-ethylhexyl) phthalate (DEHP)", "Bis(2-ethylhexyl) phthalate (DEHP)"}, {"锅迁移量 Specific migration of cadmium", "镉迁移量 Specific migration of cadmium"}, {"Hexavalent Chromium (CrtVI)", "Hexavalent Chromium (Cr(VI))"}, {"Hexavalent Chromium (Cr(V3))", "Hexavalent Chromium (Cr(VI))"}, {"CriV)", "Cr(VI)"}, {"Cr(v)", "Cr(VI)"}, {"Hexavalent Chromium (Cr((VI))", "Hexavalent Chromium (Cr(VI))"}, {"Hexavalent Chromium (Cr({VI))", "Hexavalent Chromium (Cr(VI))"}, {"Hexavalent Chromium (Cr(VIU)", "Hexavalent Chromium (Cr(VI))"}, {`Hexavalent Chromium (Cr(V\\1))`, "Hexavalent Chromium (Cr(VI))"}, {"Chromium (Cr(IV))", "Chromium (Cr(IV))"}, {"Dibenzo(a, hJanthracene (DBahA)", "Dibenzo[a,h]anthracene (DBahA)"}, {"Benzoibjfluoranthene (BbFA)", "Benzo[b]fluoranthene (BbFA)"}, {"Benzoic acid", "Benzoic acid"}, {"Trivalent chromium (Cr(III))", "Trivalent chromium (Cr(III))"}, {"Chlorine (C!)", "Chlorine (Cl)"}, {"Sum of PBDEs.(PBDEs)", "Sum of PBDEs (PBDEs)"}, {`Hexavalent Chromium (Cr(V\\))`, "Hexavalent Chromium (Cr(VI))"}, {`Hexavalent Chromium (Cr(V\))`, "Hexavalent Chromium (Cr(VI))"}, {"Hexavalent Chromium (Cr(VJ))", "Hexavalent Chromium (Cr(VI))"}, {"Benzo[a]Janthracene (BaA)", "Benzo[a]anthracene (BaA)"}, {"Specific migration oflead", "Specific migration of lead"}, {"Specific migrationof cadmium", "Specific migration of cadmium"}, {"Aminas aromaticas primarias", "Aminas aromáticas primarias"}, {"Overall migration, olive oil", "Overall migration, olive oil"}, {"Overall migration, clive oif", "Overall migration, olive oil"}, {"Specific migration of yead", "Specific migration of lead"}, {"Bramine (Br)", "Bromine (Br)"}, {"Overall migration, olive 一 1 一 oil", "Overall migration, olive oil"}, {"Sum of PBBs / PBDEs", "Sum of PBBs / PBDEs"}, {"Overall migration, - 10% ethanol", "Overall migration, 10% ethanol"}, {"Specific migration of lead ©", "Specific migration of lead"}, {"多溴联苯 一 Sum of PBBs", "多溴联苯 一 Sum of PBBs"}, {"Diisobutyl phthalate (DIBP", "Diisobutyl phthalate (DIBP)"}, {"Hexavalent Chromium (Cr(VI)", "Hexavalent Chromium (Cr(VI))"},
		{"Cromo hexavalente Hexavalent Chromium (Cr(VI)})", "Cromo hexavalente Hexavalent Chromium (Cr(VI))"},
		{"Hexavalent Chromium (Cr(VI})", "Hexavalent Chromium (Cr(VI))"},
		{"フタル酸ジイソプチル Diisobutyl phthalate (DIBP)", "フタル酸ジイソブチル Diisobutyl phthalate (DIBP)"},
		{"フタル酸プチルペンジル", "フタル酸ブチルベンジル"}, {"フタル酸ジィソブチル", "フタル酸ジイソブチル"},
		{"Cr(Vb)", "Cr(VI)"}, {"_Bis(2-ethylhexyl) phthalate (DEHP)", "Bis(2-ethylhexyl) phthalate (DEHP)"},
		{"-Butyl benzyl phthalate (BBP)", "Butyl benzyl phthalate (BBP)"}, {"OIBP", "DIBP"}, {"-1", "-1"},
		{"Overall migration; olive oil", "Overall migration, olive oil"},
		{"Benz[ajantnracen Benzo[a]anthracene (BaA)", "Benz[a]anthracen Benzo[a]anthracene (BaA)"},
		{"Dibenz[a,hJanthracen Dibenzo[a,h]anthracene (DBahA)", "Dibenz[a,h]anthracen Dibenzo[a,h]anthracene (DBahA)"},
		{"Bis(2-ethy(hexyl) phthalate (DEHP)", "Bis(2-ethylhexyl) phthalate (DEHP)"}, {"Sum of (PBBs)", "Sum of (PBBs)"}, {"Hexavalent Chromium (Cr(VU)", "Hexavalent Chromium (Cr(VI))"},
		{`Chrom(V\\) Hexavalent Chromium (Cr(VI))`, "Chrom(VI) Hexavalent Chromium (Cr(VI))"},
		{"Benzoje]pyrene (BeP)", "Benzo[e]pyrene (BeP)"},
		{"Dibenzoja,hJanthracene (DBahA)", "Dibenzo[a,h]anthracene (DBahA)"},
		{"BenzofaJanthracene (BaA)", "Benzo[a]anthracene (BaA)"},
		{"Dibenzof[a,hJanthracene (DBahA)", "Dibenzo[a,h]anthracene (DBahA)"},
		{"Bis(2-ethylhexyl). phthalate (DEHP)", "Bis(2-ethylhexyl) phthalate (DEHP)"},
		{"Chiorine (CU", "Chlorine (Cl)"}, {`Chlorine (C\)`, "Chlorine (Cl)"}, {"Chlorine (C|)", "Chlorine (Cl)"},
		{"Hexavalent Chromium (CriVq)", "Hexavalent Chromium (Cr(VI))"}, {"Cr(Vh", "Cr(VI)"}, {"Hexavalent Chromium (Cr{v}))", "Hexavalent Chromium (Cr(VI))"},
		{"Bis(2-ethylhexyl phthalate (DEHP)", "Bis(2-ethylhexyl) phthalate (DEHP)"}, {"Bis(2-ethylhexyl phthalate (DEHP", "Bis(2-ethylhexyl) phthalate (DEHP)"}, {"Tris(2-chloroethyl) phosphate (TCEP)", "Tris(2-chloroethyl) phosphate (TCEP)"},
		{"crtVI)", "Cr(VI)"}, {"Hexavalent Chromium (CrV)", "Hexavalent Chromium (Cr(VI))"}, {"CrtVD", "Cr(VI)"}, {"Chromium (Cr(III)) content", "Chromium (Cr(III)) content"},
		{"CrfV)", "Cr(VI)"}, {"Hexavalent Chromium (CrVD)", "Hexavalent Chromium (Cr(VI))"}, {"Cr(V)", "Cr(VI)"}, {"Cr(vl)", "Cr(VI)"}, {"Chromium (Cr(III))", "Chromium (Cr(III))"},
		{"Hexavalent Chromiurn (Cr(VI))", "Hexavalent Chromium (Cr(VI))"},
		{"Dibutyl pnthalate (DBP)", "Dibutyl phthalate (DBP)"},
		{"Benzofuran", "Benzofuran"},
		{"Ftalato de bencilo y butilo Butyl benzyl phthalate (BBP),", "Ftalato de bencilo y butilo Butyl benzyl phthalate (BBP)"},
		{"Cloro Chlorine (Cl).", "Cloro Chlorine (Cl)"}, {"‘Chlorine (Cl)", "Chlorine (Cl)"},
		{"Diisobutyl phthalate. (DIBP)", "Diisobutyl phthalate (DIBP)"},
		{"Ftalato de dibutilo Dibutyl phthalate 《DBP", "Ftalato de dibutilo Dibutyl phthalate (DBP)"},
		{"Lead (Pb)", "Lead (Pb)"},
		{"Benzolalpyrene (BaP)", "Benzo[a]pyrene (BaP)"},
		{"Benzo[aJanthracene (BaA)", "Benzo[a]anthracene (BaA)"},
		{"Benzole}pyrene (BeP)", "Benzo[e]pyrene (BeP)"},
		{"Benzo[bjfluoranthene (BbFA)", "Benzo[b]fluoranthene (BbFA)"},
		{"Dibenzo[a,hJanthracene", "Dibenzo[a,h]anthracene"},
		{"Benzo[a]pyrene (BaP)", "Benzo[a]pyrene (BaP)"},
		{"Benzoic acid", "Benzoic acid"},
		{"Bis(2-ethylhexyl]) phthalate (DEHP)", "Bis(2-ethylhexyl) phthalate (DEHP)"},
		{"Mercury (Hg) 2", "Mercury (Hg)"},
		{"Mercury (Hg):", "Mercury (Hg)"},
		{"Dibutyl phthalate (DBP) 3 ae", "Dibutyl phthalate (DBP)"},
		{"Hexavalent Chromium (Cr(VI)) 8", "Hexavalent Chromium (Cr(VI))"},
		{"Lead (Pb) in", "Lead (Pb) in"},
		{"Lead (Pb) in paint", "Lead (Pb) in paint"},
		{"Cadmium (Ca)", "Cadmium (Cd)"},
		{"Lead (Pd)", "Lead (Pb)"},
		// a rarer element's own symbol is no misread commoner one's
		{"Cerium (Ce)", "Cerium (Ce)"}, {"Neodymium (Nd)", "Neodymium (Nd)"}, {"Cerium (Co)", "Cerium (Co)"},
		{"Lead (XY)", "Lead (XY)"},
		{"Sum of PBBs (PBBs) 1000 mg", "Sum of PBBs (PBBs) 1000 mg"},
		{"Lead (Pb) 100 mg", "Lead (Pb) 100 mg"},
		{"Benzo[k]fluoranthene (BKFA)", "Benzo[k]fluoranthene (BkFA)"},
		{"BkEA", "BkFA"}, {"Benzo[k]fluoranthene (BkKFA)", "Benzo[k]fluoranthene (BkFA)"},
		// a PAH's name a few glyphs off, its abbreviation after it
		{"Benzala]pyrene (BaP)", "Benzo[a]pyrene (BaP)"}, {"Benzo[kifluorantnene (BkFA)", "Benzo[k]fluoranthene (BkFA)"},
		{"Benzo[a]pyren Benzo[Al]pyrene (BaP)", "Benzo[a]pyren Benzo[a]pyrene (BaP)"},
		// a German name is no misread English one; another PAH's name stays
		{"Benzo[a]pyren (BaP)", "Benzo[a]pyren (BaP)"}, {"Benz[a]anthracen (BaA)", "Benz[a]anthracen (BaA)"},
		{"Chrysene (BaP)", "Chrysene (BaP)"}, {"Specific migration of ‘lead", "Specific migration of lead"},
		{"Bis(2-ethyllhexy) phthalate (DEHP)", "Bis(2-ethylhexyl) phthalate (DEHP)"}, {"Dibutylphthalat (DBP)", "Dibutylphthalat (DBP)"},
		{"CHR", "CHR"},
		{"Sum of PBDEs (PBDES)", "Sum of PBDEs (PBDEs)"},
		{"DEHP", "DEHP"},
		{"CAT", "CAT"},
	}
	for _, c := range cases {
		got, changed := respellItem(c.in)
		if got != c.want || changed != (c.in != c.want) {
			t.Errorf("respellItem(%q) = %q, %v; want %q", c.in, got, changed, c.want)
		}
	}
}

// In a result table read by OCR the item is respelled and the table kept
// at correctedConf; a text layer's item is taken as printed.
func TestRespellOnlyOCRTables(t *testing.T) {
	for _, path := range []string{labrelay.PathOCR, labrelay.PathPDFText} {
		l := synth(
			row(tcell{50, "Item"}, tcell{300, "Result"}, tcell{400, "Unit"}),
			row(tcell{50, "Specific migration of tead"}, tcell{300, "ND"}, tcell{400, "mg/kg"}),
			row(tcell{50, "Formaldehyde"}, tcell{300, "5"}, tcell{400, "mg/kg"}),
		)
		l.Pages[0].Path = path
		res := readTables(newView(l), genericTable)
		if len(res.rows) != 2 {
			t.Fatalf("%s: rows %+v; issues %v", path, res.rows, res.issues)
		}
		want := "Specific migration of tead"
		if path == labrelay.PathOCR {
			want = "Specific migration of lead"
			if res.conf > correctedConf {
				t.Errorf("OCR: table confidence %.2f above %.2f", res.conf, correctedConf)
			}
		}
		if res.rows[0].Item != want {
			t.Errorf("%s: item %q; want %q", path, res.rows[0].Item, want)
		}
	}
}

// A limit cell OCR read as "sl", "s2", "=i": its sign is "≤", a letter
// for a stroke is "1"; a limit that reads as one is left alone.
func TestMendLimit(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"sl", "≤1"}, {"si", "≤1"}, {"s2", "≤2"}, {"$100", "≤100"}, {"$ 1000", "≤1000"}, {"=i", "≤1"}, {"s 0.5", "≤0.5"}, {"<s1000", "≤1000"}, {"<s 1", "≤1"}, {"Max.0.2.", "Max.0.2"}, {"Max. 10", "Max. 10"}, {"Max: 1", "Max. 1"}, {"Max.-1", "Max. 1"}, {"‘1000", "1000"}, {"-'1000", "1000"}, {"=< ≤ 1000", "≤ 1000"}, {"<l0", "<l0"}, {"'", "'"},
		{"≤1", "≤1"}, {"1000", "1000"}, {"see note", "see note"}, {"s", "s"}, {"5", "5"},
		{"— ≤ 1", "≤ 1"}, {"-Max. 1000", "Max. 1000"}, {"Max.. 1000", "Max. 1000"}, {"Max...100", "Max. 100"}, {"Max, 1000", "Max. 1000"}, {"Max.: 10", "Max. 10"}, {"<=1000", "≤1000"}, {"≤ 1.", "≤ 1"}, {"≤ 900°", "≤ 900"}, {"< 0.2", "< 0.2"},
		{"-5", "-5"}, {"- 0.5", "- 0.5"}, {"Max. 100", "Max. 100"}, {"Maximum 5", "Maximum 5"},
		{"uy 10", "10"}, {"max 10", "max 10"}, {"mg 10", "mg 10"},
	} {
		got, changed := mendLimit(c.in)
		if got != c.want || changed != (c.in != c.want) {
			t.Errorf("mendLimit(%q) = %q, %v; want %q", c.in, got, changed, c.want)
		}
	}
}

func TestMendNumberAndUnit(t *testing.T) {
	for _, c := range []struct {
		mend     func(string) (string, bool)
		in, want string
	}{
		{mendNumber, "2:", "2"}, {mendNumber, "41.", "41"}, {mendNumber, "41", "41"}, {mendNumber, "0.5", "0.5"},
		{mendNumber, "N.D.", "N.D."}, {mendNumber, "n.d.", "n.d."}, {mendNumber, "<2.", "<2."}, {mendNumber, "0.", "0"},
		{mendNumber, "n.d. ag", "n.d."}, {mendNumber, "加 4", "4"}, {mendNumber, "<8 fe:", "<8"}, {mendNumber, "Sake 1", "1"},
		{mendNumber, "IEC 253", "253"}, {mendNumber, "2 区", "2"}, {mendNumber, "0.005 I my", "0.005"},
		{mendNumber, "N.D、", "N.D."}, {mendNumber, "ll", "11"}, {mendNumber, "1l0", "110"}, {mendNumber, "l0", "l0"}, {mendNumber, "5l", "5l"}, {mendNumber, "1|", "1|"}, {mendNumber, "<l", "<l"}, {mendNumber, "|", "|"},
		{mendNumber, "Not Detected", "Not Detected"}, {mendNumber, "< 0.2", "< 0.2"}, {mendNumber, "N.D. N.D.", "N.D. N.D."},
		{mendNumber, "1 000", "1 000"}, {mendNumber, "< 10 < 10", "< 10 < 10"}, {mendNumber, "Pass", "Pass"}, {mendNumber, "see note", "see note"},
		{mendNumber, "- 5", "- 5"}, {mendNumber, "Not .Detected", "Not Detected"}, {mendNumber, "Not Detsceted", "Not Detected"}, {mendNumber, "not Detectad", "not Detected"}, {mendNumber, "Not Deleted", "Not Deleted"},
		{mendNumber, "Not 4 Detected", "Not Detected"}, {mendNumber, "8 一 8", "8"}, {mendNumber, "8 一 9", "8 一 9"}, {mendNumber, "Not 让 letected", "Not Detected"}, {mendNumber, "Not Detectei d", "Not Detected"},
		{mendNumber, "4 Detected", "4 Detected"}, {mendNumber, "Not 45 Detected", "Not 45 Detected"}, {mendNumber, "Not a Deleted", "Not a Deleted"}, {mendNumber, "Not x Deleted", "Not x Deleted"}, {mendNumber, "Not Tested", "Not Tested"}, {mendNumber, "ond.", "n.d."}, {mendNumber, "ond:", "n.d."}, {mendNumber, "on.d.", "n.d."}, {mendNumber, "od.", "od."}, {mendNumber, "and.", "and."},
		{mendMethod, "fe IEC 62321-5:2013", "IEC 62321-5:2013"}, {mendMethod, "IEC 62321-4:20134AMD1:2017", "IEC 62321-4:2013+AMD1:2017"}, {mendMethod, "HEC 62321-4:20134+AM01:2017", "IEC 62321-4:2013+AMD1:2017"}, {mendMethod, "IEC 62321-4:2013+AMD1:2017", "IEC 62321-4:2013+AMD1:2017"}, {mendMethod, "IEC 62321:20134", "IEC 62321:20134"}, {mendMethod, "” IEC 62321-4:2013+AMD1:2017", "IEC 62321-4:2013+AMD1:2017"},
		{mendMethod, "EN 13130-1:2004, 、 ICP-MS", "EN 13130-1:2004, ICP-MS"}, {mendMethod, "IEC 62321-8:2017 / GC-MS", "IEC 62321-8:2017 / GC-MS"},
		{mendMethod, "In-house method", "In-house method"}, {mendMethod, "(EC 62321-4:2013+AMD1:2017", "IEC 62321-4:2013+AMD1:2017"}, {mendMethod, "Regulation (EC 1935/2004", "Regulation (EC 1935/2004"}, {mendMethod, "IEC 62321-5:2013; IEC 62321-7- 2:2017", "IEC 62321-5:2013; IEC 62321-7-2:2017"}, {mendMethod, "pages 12- 3:2015", "pages 12- 3:2015"}, {mendMethod, "EN 1186. 9:2002, gravimetry", "EN 1186-9:2002, gravimetry"}, {mendMethod, "IEC. 62321-8:2017, GC-MS", "IEC 62321-8:2017, GC-MS"}, {mendMethod, "IEC 62321-8:2017. GC-MS (pyrolysis)", "IEC 62321-8:2017 GC-MS (pyrolysis)"}, {mendMethod, "GB 31604.9-2016, (CP-MS", "GB 31604.9-2016, ICP-MS"}, {mendMethod, "EN 13130-1:2004, ICP-MS", "EN 13130-1:2004, ICP-MS"}, {mendMethod, "EN 1186-9:2002", "EN 1186-9:2002"}, {mendMethod, "GB 31604,2-2016 / titration", "GB 31604.2-2016 / titration"}, {mendMethod, "iEC 62321-5:2013, iCP-OES/AAS", "IEC 62321-5:2013, ICP-OES/AAS"}, {mendMethod, "UV-ViS spectrophotometry", "UV-VIS spectrophotometry"}, {mendMethod, "EN 1186-9:2002 gravimetry {article filling)", "EN 1186-9:2002 gravimetry (article filling)"}, {mendMethod, "AfPS GS:2019:01 PAK", "AfPS GS 2019:01 PAK"}, {mendMethod, "IEC 62321-8:2017 (GC-MS}", "IEC 62321-8:2017 (GC-MS)"}, {mendMethod, "in-house", "in-house"}, {mendMethod, "EN 13130-1:2004 h ICP-MS", "EN 13130-1:2004 ICP-MS"}, {mendMethod, "EN 1186-9:2002 a gravimetry", "EN 1186-9:2002 a gravimetry"}, {mendMethod, "4EC 62321-5:2013", "IEC 62321-5:2013"}, {mendMethod, "‘EC 62321-8:2017", "IEC 62321-8:2017"}, {mendMethod, "IEC 62321-5:2013; JEC 62321-4:2013+AMD1:2017", "IEC 62321-5:2013; IEC 62321-4:2013+AMD1:2017"}, {mendMethod, "tEC 62321-5:2013, ICP-OES/AAS", "IEC 62321-5:2013, ICP-OES/AAS"}, {mendMethod, "Regulation (EC) No 1935/2004", "Regulation (EC) No 1935/2004"}, {mendMethod, "EC 1935/2004", "EC 1935/2004"}, {mendMethod, "Ec 62321-6:2015 GC-MS", "IEC 62321-6:2015 GC-MS"}, {mendNumber, "_", "-"}, {mendNumber, "-ND", "ND"}, {mendNumber, "-5", "-5"}, {mendLimit, "< 1000-", "< 1000"}, {mendLimit, "<I", "<1"}, {mendLimit, "<i", "<1"}, {mendLimit, "1.", "1"}, {mendLimit, "≤ l", "≤ 1"}, {mendMethod, "AfPS.GS 2019:01 PAK", "AfPS GS 2019:01 PAK"}, {mendMethod, "EN 14582:2016 combustion.ion chromatography", "EN 14582:2016 combustion ion chromatography"}, {mendMethod, "EN.ISO 6486", "EN ISO 6486"}, {mendMethod, "see www.iec.ch", "see www.iec.ch"}, {mendMethod, "IEC 62321-7-2:2017 (Cr(VI))", "IEC 62321-7-2:2017 (Cr(VI))"}, {mendMethod, "EN 1186-9:2002 / gravimetry (article filling)", "EN 1186-9:2002 / gravimetry (article filling)"}, {mendMethod, "EN 71-3:2019, 2021", "EN 71-3:2019, 2021"}, {mendNumber, "N.D..", "N.D."}, {mendNumber, "NLD.", "N.D."}, {mendNumber, "NID.", "N.D."}, {mendLimit, "100°", "100"}, {mendLimit, "Max. 10 aL", "Max. 10"}, {mendLimit, "\"Max. 1000", "Max. 1000"}, {mendMethod, "AfPS GS 2019:01. PAK", "AfPS GS 2019:01 PAK"}, {mendLimit, "Max. 1000 Be", "Max. 1000"}, {mendLimit, "< 1000 吧", "< 1000"}, {mendLimit, "10 Be", "10"}, {mendLimit, "=1000 Zs", "=1000"}, {mendLimit, "10 mg", "10 mg"}, {mendLimit, "≤ 5 ng", "≤ 5 ng"}, {mendLimit, "Max. 10 ppm", "Max. 10 ppm"}, {mendLimit, "≤ 900°", "≤ 900"}, {mendMethod, "EN 14582:2016.", "EN 14582:2016"}, {mendMethod, "“IEC 62321-7-2:2017", "IEC 62321-7-2:2017"}, {mendMethod, "“In-house”", "“In-house”"}, {mendMethod, "AfPS GS 2019:01 PAK.", "AfPS GS 2019:01 PAK"}, {mendMethod, "EPA 3052 mod.", "EPA 3052 mod."}, {mendNumber, "0.2.", "0.2"}, {mendLimit, "£1000", "≤1000"}, {mendLimit, ".Max. 1000", "Max. 1000"}, {mendLimit, "， 0.07", "0.07"}, {mendLimit, ". 15", "15"}, {mendLimit, ".5", ".5"}, {mendLimit, "0.5", "0.5"}, {mendLimit, "#1000", "≤1000"}, {mendNumber, "41.", "41"}, {mendNumber, "n.d.-", "n.d."}, {mendNumber, "Not Detected.", "Not Detected"}, {mendNumber, "~N.D", "N.D"}, {mendNumber, "_N.D", "N.D"}, {mendNumber, "_n.d.", "n.d."}, {mendNumber, "-5", "-5"}, {mendNumber, "Not. Detected", "Not Detected"}, {mendNumber, "nd.", "n.d."}, {mendNumber, "ND.", "N.D."}, {mendNumber, ":57", "57"}, {mendNumber, ":", ":"}, {mendMethod, "IEC 62321-5:2013 7", "IEC 62321-5:2013"}, {mendMethod, "EN 13130-1:2004 3", "EN 13130-1:2004"}, {mendMethod, "GB 31604.2-2016 3", "GB 31604.2-2016"}, {mendMethod, "EN 71-3:2019, 2021", "EN 71-3:2019, 2021"}, {mendMethod, "IEC 62321 5", "IEC 62321 5"}, {mendNumber, "0:01", "0.01"}, {mendLimit, "< 工", "< 1"}, {mendMethod, "GB 31604.9-2016 JCP-MS", "GB 31604.9-2016 ICP-MS"},
		// a method's words respelled by their glyph confusions
		{mendMethod, "EN 13130-23:2005, UV-VIS spectrophatometry", "EN 13130-23:2005, UV-VIS spectrophotometry"},
		{mendMethod, "AfPS GS 2019:01 PAK / GC-MS isotope ditution", "AfPS GS 2019:01 PAK / GC-MS isotope dilution"},
		{mendMethod, "AfPS GS 2019:01 PAK / GC-MS isotape dilution", "AfPS GS 2019:01 PAK / GC-MS isotope dilution"},
		{mendMethod, "EN 1186-9:2002 gravimetry (articie filling)", "EN 1186-9:2002 gravimetry (article filling)"},
		{mendMethod, "EN 13130-23:2005, UV-VIS s pectrophatometry", "EN 13130-23:2005, UV-VIS spectrophotometry"},
		{mendMethod, "AfPS G5 2019:01 PAK / GC-MS isotope dilution", "AfPS GS 2019:01 PAK / GC-MS isotope dilution"},
		{mendMethod, "i 62321-7-2:2017 UV-VIS spectrophotometry", "IEC 62321-7-2:2017 UV-VIS spectrophotometry"},
		// IEC read "EC", "=C", "1EC." or lost before 62321, a number only IEC gives
		{mendMethod, "1EC.62321-8:2017", "IEC 62321-8:2017"}, {mendMethod, "EC 62321-4:2013+AMD1:2017", "IEC 62321-4:2013+AMD1:2017"},
		{mendMethod, "=C 62321-7-2:2017, UV-VIS", "IEC 62321-7-2:2017, UV-VIS"}, {mendMethod, "62321-4:2013+AMD1:2017, CV-AAS/ICP-OES", "IEC 62321-4:2013+AMD1:2017, CV-AAS/ICP-OES"},
		{mendMethod, "EN 62321-1", "EN 62321-1"},
		// a lone digit beside a not-detected mark; not beside a number
		{mendNumber, "4 N.D.", "N.D."}, {mendNumber, "N.D 3", "N.D"}, {mendNumber, "5 Not Detected", "Not Detected"}, {mendNumber, "389 3", "389 3"}, {mendNumber, "1 N.D. 2", "1 N.D. 2"},
		{mendMethod, "/})JEC 62321-7-2:2017", "IEC 62321-7-2:2017"}, {mendMethod, "-IEC 62321-8:2017", "IEC 62321-8:2017"}, {mendMethod, "- in-house", "- in-house"},
		{mendMethod, "EN 1186-9:2002 a gravimetry", "EN 1186-9:2002 a gravimetry"}, {mendMethod, "(EC 62321-5:2013", "IEC 62321-5:2013"},
		{mendMethod, "In-house method", "In-house method"}, {mendNumber, "<0:005", "<0.005"}, {mendNumber, "Nat Detected", "Not Detected"}, {mendNumber, "ND:", "N.D."}, {mendNumber, "N.D:", "N.D."}, {mendNumber, "N.D.", "N.D."}, {mendNumber, "Net detected", "Not detected"}, {mendLimit, "≤1000 1", "≤1000"}, {mendLimit, "1000 1", "1000 1"}, {mendLimit, "0.2 eee:", "0.2"}, {mendLimit, "10 ppm", "10 ppm"}, {mendLimit, "Max. 5 min", "Max. 5 min"}, {mendNumber, "85 -", "85"}, {mendNumber, "“2", "2"}, {mendNumber, "“NO", "NO"}, {mendNumber, "“N.D:", "N.D."}, {mendNumber, "“", "“"}, {mendNumber, ".Not Detected", "Not Detected"}, {mendNumber, ".0.002", "0.002"}, {mendNumber, ".5", ".5"}, {mendNumber, ".N.D.", "N.D."}, {mendNumber, ".5", ".5"},
		{mendLimit, "1000 ©", "1000"}, {mendMethod, "VEC 62321-8:2017", "IEC 62321-8:2017"}, {mendMethod, "VEC 1234", "VEC 1234"}, {mendMethod, "en 13130-1:2004", "EN 13130-1:2004"}, {mendMethod, "see en route", "see en route"},
		{mendMethod, "EN 14582:2016./ combustion ion chromatography", "EN 14582:2016 / combustion ion chromatography"}, {mendNumber, "< 0.2 —", "< 0.2"}, {mendNumber, "- 85", "- 85"}, {mendNumber, "85 - 85", "85 - 85"}, {mendNumber, "10:30", "10:30"}, {mendNumber, "1:2", "1:2"},
		// an acronym's hyphen spaced, ICP's I lost or read as a brace, a
		// method word's first letter lost, quotes before the body or
		// after a slash
		{mendMethod, "IEC 62321-4:2013+AMD1:2017 / CV- AAS/ICP- OES", "IEC 62321-4:2013+AMD1:2017 / CV-AAS/ICP-OES"},
		{mendMethod, "IEC 62321-5:2013, }CP-OES/AAS", "IEC 62321-5:2013, ICP-OES/AAS"}, {mendMethod, "IEC 62321-5:2013 CP-OES/AAS", "IEC 62321-5:2013 ICP-OES/AAS"},
		{mendMethod, "IEC 62321-7-2:2017, UV-VIS pectrophotometry", "IEC 62321-7-2:2017, UV-VIS spectrophotometry"}, {mendMethod, "EN 14582:2016 ion chromatograph", "EN 14582:2016 ion chromatograph"},
		{mendMethod, "”|IEC 62321-5:2013, ICP-OES/AAS", "IEC 62321-5:2013, ICP-OES/AAS"}, {mendMethod, "IEC 62321-6:2015 /'GC-MS", "IEC 62321-6:2015 / GC-MS"},
		{mendMethod, "SOP- A12", "SOP- A12"}, {mendMethod, "see CP-3", "see CP-3"}, {mendMethod, "{EC 62321-4:2013+AMD1:2017", "IEC 62321-4:2013+AMD1:2017"}, {mendMethod, "[EC 62321-6:2015", "IEC 62321-6:2015"},
		{mendUnit, "了 mg/dm²", "mg/dm²"}, {mendUnit, "mg/kg.", "mg/kg"}, {mendUnit, "mg/kg _mg/kg", "mg/kg"}, {mendUnit, "mg/dm?2", "mg/dm²"},
		{mendUnit, "mg/kg 9 9", "mg/kg"}, {mendUnit, "mg/kg mg/dm²", "mg/kg mg/dm²"}, {mendUnit, "mg/kg per item", "mg/kg per item"},
		{mendUnit, "- mg/dm²", "mg/dm²"}, {mendUnit, "mg/ka", "mg/kg"}, {mendUnit, "mo/dm?", "mg/dm²"}, {mendUnit, "mg/am?", "mg/dm²"},
		{mendUnit, "mg/dm²", "mg/dm²"}, {mendUnit, "mg/m³", "mg/m³"}, {mendUnit, "g/kg", "g/kg"}, {mendUnit, "mg/l", "mg/l"}, {mendUnit, "Bq/kg", "Bq/kg"}, {mendUnit, "—%", "%"}, {mendUnit, "mg/kg", "mg/kg"}, {mendUnit, "-", "-"},
	} {
		got, changed := c.mend(c.in)
		if got != c.want || changed != (c.in != c.want) {
			t.Errorf("mend(%q) = %q, %v; want %q", c.in, got, changed, c.want)
		}
	}
}

// Junk before one OCR item of a table of plain names goes; a table of
// bilingual names keeps every prefix.
func TestDropItemJunk(t *testing.T) {
	items := func(res *tableResult) []string {
		var out []string
		for _, r := range res.rows {
			out = append(out, r.Item)
		}
		return out
	}
	res := &tableResult{conf: 1}
	for _, it := range []string{"Cadmium (Cd)", "eerie Mercury (Hg)", "SFP Hexavalent Chromium (Cr(VI))", "Benzo[a]pyrene (BaP)", "Lead (Pb)", "Colour"} {
		res.rows = append(res.rows, labrelay.ResultRow{Item: it})
	}
	dropItemJunk(res, 0)
	want := []string{"Cadmium (Cd)", "Mercury (Hg)", "Hexavalent Chromium (Cr(VI))", "Benzo[a]pyrene (BaP)", "Lead (Pb)", "Colour"}
	if got := items(res); !slices.Equal(got, want) || res.conf > correctedConf {
		t.Errorf("items %q at %.2f, want %q at most %.2f", got, res.conf, want, correctedConf)
	}
	res = &tableResult{conf: 1}
	for _, it := range []string{"Blei Lead (Pb)", "Cadmium Cadmium (Cd)", "Quecksilber Mercury (Hg)", "Summe PBB Sum of PBBs (PBBs)", "Chlor Chlorine (Cl)", "Brom Bromine (Br)", "Cloro Chlorine (Cl)", "Suma de PBB Sum of PBBs (PBBs)"} {
		res.rows = append(res.rows, labrelay.ResultRow{Item: it})
	}
	dropItemJunk(res, 0)
	if got := items(res); got[0] != "Blei Lead (Pb)" || got[2] != "Quecksilber Mercury (Hg)" || got[4] != "Chlor Chlorine (Cl)" || got[7] != "Suma de PBB Sum of PBBs (PBBs)" || res.conf != 1 {
		t.Errorf("bilingual names changed: %q", got)
	}
}

// An OCR item name that lost its bracketed abbreviation takes the one its
// substance is named with, where the table's other rows print theirs; a
// table that prints none, or a name no table knows, is left.
func TestColumnAbbreviations(t *testing.T) {
	rows := func(items ...string) []labrelay.ResultRow {
		return rowsOf(func(s string) labrelay.ResultRow { return labrelay.ResultRow{Item: s} }, items...)
	}
	rs := rows("Lead (Pb)", "Cadmium (Cd)", "Dibutyl phthalate", "Mercury (Hg)", "Diisobutyl phthalate (DIBP)", "Hexavalent Chromium")
	if n := columnAbbreviations(rs); n != 2 || rs[2].Item != "Dibutyl phthalate (DBP)" || rs[5].Item != "Hexavalent Chromium (Cr(VI))" {
		t.Errorf("changed %d: %+v", n, rs)
	}
	rs = rows("Lead", "Cadmium", "Dibutyl phthalate", "Mercury (Hg)")
	if n := columnAbbreviations(rs); n != 0 {
		t.Errorf("a table of bare names changed: %+v", rs)
	}
	rs = rows("Lead (Pb)", "Cadmium (Cd)", "Mercury (Hg)", "Nickel release")
	if n := columnAbbreviations(rs); n != 0 {
		t.Errorf("a name with no abbreviation changed: %+v", rs)
	}
	// an abbreviation a glyph off its name's is that name's; another stays
	rs = rows("Lead (Pb)", "Cadmium (Cd)", "Mercury (Hg)", "Bis(2-ethylhexyl) phthalate (DEH?)", "Dibutyl phthalate (DINP)")
	if n := columnAbbreviations(rs); n != 1 || rs[3].Item != "Bis(2-ethylhexyl) phthalate (DEHP)" {
		t.Errorf("changed %d: %+v", n, rs)
	}
	// a symbol a glyph lost or added is its name's, whatever the rows
	// around print: "(C)" is carbon's, but the name is chlorine
	rs = rows("Chlorine (C)", "镉 Cadmium (Cdd)", "Bromine (Br)", "Chromium (Cr)", "Nickel (Co)")
	if n := columnAbbreviations(rs); n != 2 || rs[0].Item != "Chlorine (Cl)" || rs[1].Item != "镉 Cadmium (Cd)" || rs[4].Item != "Nickel (Co)" {
		t.Errorf("changed %d: %+v", n, rs)
	}
}

// A method that lost the slash between its standard and its technique
// gets it back where its column prints one three times or more.
func TestMethodSeparators(t *testing.T) {
	methods := func(ms ...string) []labrelay.ResultRow {
		return rowsOf(func(s string) labrelay.ResultRow { return labrelay.ResultRow{Method: s} }, ms...)
	}
	rs := methods("IEC 62321-5:2013 ICP-OES/AAS", "IEC 62321-5:2013 / ICP-OES/AAS", "IEC 62321-6:2015 / GC-MS",
		"IEC 62321-7-2:2017 UV-VIS spectrophotometry", "EN 14582:2016 / combustion ion chromatography", "In-house method")
	if n := methodSeparators(rs); n != 2 || rs[0].Method != "IEC 62321-5:2013 / ICP-OES/AAS" || rs[3].Method != "IEC 62321-7-2:2017 / UV-VIS spectrophotometry" || rs[5].Method != "In-house method" {
		t.Errorf("changed %d: %+v", n, rs)
	}
	rs = methods("IEC 62321-5:2013 ICP-OES/AAS", "IEC 62321-6:2015 / GC-MS", "IEC 62321-8:2017 / GC-MS")
	if n := methodSeparators(rs); n != 0 {
		t.Errorf("two slashes are no column's style: %+v", rs)
	}
}

// rowsOf is a result row for each of vs, made by mk.
func rowsOf(mk func(string) labrelay.ResultRow, vs ...string) []labrelay.ResultRow {
	var rs []labrelay.ResultRow
	for _, v := range vs {
		rs = append(rs, mk(v))
	}
	return rs
}

// An OCR item name that lost its first word is given the one two rows or
// more of its table print before the same start ("migration," after
// "Overall", "migration of" after "Specific"); one row is not enough, and
// a start two words precede stays.
func TestColumnLostWord(t *testing.T) {
	items := []string{"migration, 10% ethanol", "Overall migration, 3% acetic acid", "Overall migration, olive oil",
		"Specific migration of lead", "migration of cadmium", "Specific migration of tin", "consumption", "Potassium permanganate consumption"}
	rows := itemRows(items...)
	n := columnLostWord(rows)
	got := itemsOf(rows)
	want := []string{"Overall migration, 10% ethanol", "Overall migration, 3% acetic acid", "Overall migration, olive oil",
		"Specific migration of lead", "Specific migration of cadmium", "Specific migration of tin", "consumption", "Potassium permanganate consumption"}
	if n != 2 || !slices.Equal(got, want) {
		t.Errorf("%d changed: %q\nwant 2: %q", n, got, want)
	}
	rows = []labrelay.ResultRow{{Item: "migration, olive oil"}, {Item: "Overall migration, 3% acetic acid"}, {Item: "Global migration, 10% ethanol"}, {Item: "Overall migration, 95% ethanol"}, {Item: "Global migration, 3%"}}
	if n := columnLostWord(rows); n != 0 {
		t.Errorf("two heads before \"migration,\": %d changed", n)
	}
}
