package rules

import (
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
)

// Chinese names of a bilingual item column, read off a scan. An item
// cell prints the substance's Chinese name before its English one ("镉
// Cadmium (Cd)"); OCR reads the English well and the Chinese badly ("名",
// "#4", "多省二葵醚总和"): one wrong character is the difference between
// two real names (镉 and 铅, 溴 and 氯), so the Han alone cannot be
// mended. The English can name the substance, and the standard Chinese
// names of the domain's substances are few: in a column where two rows
// or more read the Chinese name of their English one, or near it, a
// row's misread Chinese (Han or junk about as long) is put right from its
// English, in doubt. A column that reads Japanese (kana, or forms
// Chinese does not print) is put right from the Japanese names alike.

// hanSubstanceNames are the Chinese names (GB standards' wording) of the
// substances and tests result tables name, by their English name in
// lower case; some have two forms, with and without "总和" (sum).
var hanSubstanceNames = map[string][]string{
	"cadmium":                            {"镉"},
	"lead":                               {"铅"},
	"mercury":                            {"汞"},
	"hexavalent chromium":                {"六价铬"},
	"chlorine":                           {"氯"},
	"bromine":                            {"溴"},
	"sum of pbbs":                        {"多溴联苯总和", "多溴联苯"},
	"sum of pbdes":                       {"多溴二苯醚总和", "多溴二苯醚"},
	"polybrominated biphenyls":           {"多溴联苯"},
	"polybrominated diphenyl ethers":     {"多溴二苯醚"},
	"bis(2-ethylhexyl) phthalate":        {"邻苯二甲酸二(2-乙基己基)酯"},
	"butyl benzyl phthalate":             {"邻苯二甲酸丁苄酯"},
	"dibutyl phthalate":                  {"邻苯二甲酸二丁酯"},
	"diisobutyl phthalate":               {"邻苯二甲酸二异丁酯"},
	"overall migration":                  {"总迁移量"},
	"specific migration of lead":         {"铅迁移量"},
	"specific migration of cadmium":      {"镉迁移量"},
	"formaldehyde":                       {"甲醛"},
	"potassium permanganate consumption": {"高锰酸钾消耗量"},
	"heavy metals (as pb)":               {"重金属(以Pb计)"},
	"primary aromatic amines":            {"芳香族伯胺", "初级芳香胺"},
	// the PAHs of AfPS GS 2019:01 and REACH entry 50
	"benzo[a]pyrene":         {"苯并[a]芘"},
	"benzo[e]pyrene":         {"苯并[e]芘"},
	"benzo[a]anthracene":     {"苯并[a]蒽"},
	"chrysene":               {"䓛", "屈"},
	"benzo[b]fluoranthene":   {"苯并[b]荧蒽"},
	"benzo[j]fluoranthene":   {"苯并[j]荧蒽"},
	"benzo[k]fluoranthene":   {"苯并[k]荧蒽"},
	"dibenzo[a,h]anthracene": {"二苯并[a,h]蒽"},
}

// japaneseSubstanceNames are the Japanese names of the same substances
// and tests, by their English name in lower case: a column that reads
// Japanese (kana, or forms Chinese does not print) is put right from
// these, as a Chinese one is from hanSubstanceNames.
var japaneseSubstanceNames = map[string][]string{
	"cadmium":                            {"カドミウム"},
	"lead":                               {"鉛"},
	"mercury":                            {"水銀"},
	"hexavalent chromium":                {"六価クロム"},
	"chlorine":                           {"塩素"},
	"bromine":                            {"臭素"},
	"sum of pbbs":                        {"PBB類", "ポリ臭化ビフェニル"},
	"sum of pbdes":                       {"PBDE類", "ポリ臭化ジフェニルエーテル"},
	"polybrominated biphenyls":           {"ポリ臭化ビフェニル"},
	"polybrominated diphenyl ethers":     {"ポリ臭化ジフェニルエーテル"},
	"bis(2-ethylhexyl) phthalate":        {"フタル酸ビス(2-エチルヘキシル)"},
	"butyl benzyl phthalate":             {"フタル酸ブチルベンジル"},
	"dibutyl phthalate":                  {"フタル酸ジブチル"},
	"diisobutyl phthalate":               {"フタル酸ジイソブチル"},
	"overall migration":                  {"総溶出量"},
	"specific migration of lead":         {"鉛溶出量"},
	"specific migration of cadmium":      {"カドミウム溶出量"},
	"formaldehyde":                       {"ホルムアルデヒド"},
	"potassium permanganate consumption": {"過マンガン酸カリウム消費量"},
	"heavy metals (as pb)":               {"重金属(Pbとして)"},
	"primary aromatic amines":            {"一級芳香族アミン"},
	"benzo[a]pyrene":                     {"ベンゾ[a]ピレン"},
	"benzo[e]pyrene":                     {"ベンゾ[e]ピレン"},
	"benzo[a]anthracene":                 {"ベンゾ[a]アントラセン"},
	"chrysene":                           {"クリセン"},
	"benzo[b]fluoranthene":               {"ベンゾ[b]フルオランテン"},
	"benzo[j]fluoranthene":               {"ベンゾ[j]フルオランテン"},
	"benzo[k]fluoranthene":               {"ベンゾ[k]フルオランテン"},
	"dibenzo[a,h]anthracene":             {"ジベンゾ[a,h]アントラセン"},
}

// hanItemAgree is how many rows of a column must print the Chinese name
// of their English one, or a name of three characters or more misread
// in half its characters at most: OCR reads few Chinese names whole.
const hanItemAgree = 2

// hanItemPrefixed is how many rows of a column, three in four of those
// with an English name at least, must print something before it for a
// column that reads no Chinese name right to be taken for a bilingual one.
const hanItemPrefixed = 4

// japaneseHan are forms Japanese prints and Chinese does not (鉛 for
// 铅); with kana, they mark a Japanese column, whose names these are not.
const japaneseHan = "鉛銀類価検測試験"

// hanItemNames puts right the misread Chinese or Japanese names of a
// bilingual item column (see above) and returns how many rows it changed.
func hanItemNames(rows []labrelay.ResultRow) int {
	type split struct {
		prefix, tail string // the name read, a bracket after it
		names        []string
		ok           bool
	}
	table, japanese := hanSubstanceNames, false
	for _, r := range rows {
		if p, _, _ := hanItemParts(r.Item, hanSubstanceNames); strings.ContainsAny(p, japaneseHan) || strings.ContainsFunc(p, kana) {
			table, japanese = japaneseSubstanceNames, true
			break
		}
	}
	parts := make([]split, len(rows))
	agree, named, prefixed := 0, 0, 0
	for i, r := range rows {
		p, names, ok := hanItemParts(r.Item, table)
		if ok {
			named++
			if strings.TrimSpace(p) != "" {
				prefixed++
			}
		}
		tail := ""
		if m := reHanNameBracket.FindStringSubmatch(p); m != nil && !slices.ContainsFunc(names, func(n string) bool { return strings.ContainsAny(n, "(（") }) {
			// "総浴出量 (4%酢酸)": the name, and its simulant in brackets
			p, tail = m[1], m[2]
		}
		parts[i] = split{p, tail, names, ok}
		if !ok {
			continue
		}
		if name := nearestHanName(p, names, true); namedAs(names, p) || name != "" && utf8.RuneCountInString(name) >= 3 {
			agree++
		}
	}
	if agree < hanItemAgree && (prefixed < hanItemPrefixed || 4*prefixed < 3*named) {
		// nor does the column print something before nearly every
		// English name it knows: a column of Chinese names misread
		// one and all ("%", "#4", "@", "7AM")
		return 0
	}
	// OCR drops the space before a bracket now and then: the column's
	// other rows say whether it prints one
	spaced := 0
	for _, s := range parts {
		if strings.HasPrefix(s.tail, " ") {
			spaced++
		} else if s.tail != "" {
			spaced--
		}
	}
	n := 0
	for i := range rows {
		s := parts[i]
		if !s.ok || s.prefix == "" {
			continue
		}
		prefix, tail, rest := s.prefix, s.tail, rows[i].Item[len(s.prefix)+len(s.tail):]
		if t, ok := simulantTail(tail, rest, japanese); ok {
			tail = t
		}
		if spaced > 0 && tail != "" && !strings.HasPrefix(tail, " ") {
			tail = " " + tail
		}
		if !namedAs(s.names, s.prefix) && !hanName(s.prefix) {
			if name := nearestHanName(s.prefix, s.names, false); name != "" {
				prefix = name
				if strings.HasSuffix(name, ")") && strings.Contains(s.prefix, " (") {
					// a name ending in a bracket ("重金属(Pbとして)"),
					// printed with a space before it
					prefix = strings.Replace(name, "(", " (", 1)
				}
			}
		}
		if prefix != s.prefix || tail != s.tail {
			rows[i].Item = prefix + tail + rest
			n++
		}
	}
	return n
}

// simulants are the food simulants a migration test names in brackets
// after its Chinese or Japanese name ("総溶出量 (4%酢酸)"), by their
// English name in lower case: Chinese, then Japanese.
var simulants = [][3]string{
	{"ethanol", "乙醇", "エタノール"},
	{"acetic acid", "乙酸", "酢酸"},
	{"olive oil", "橄榄油", "オリーブ油"},
	{"vegetable oil", "植物油", "植物油"},
	{"heptane", "正庚烷", "ヘプタン"},
	{"isooctane", "异辛烷", "イソオクタン"},
}

// rePercent is a simulant's strength, "10%".
var rePercent = lazyRegexp(`(\d{1,3})\s*[%％]`)

// simulantTail puts right the simulant in brackets after a migration
// test's name, misread ("(AU ーブ油)"), from the simulant its English
// name rest ends in: the bracket as printed, the strength it reads (the
// English one when it reads none that can be, a Japanese report may
// print 4% acetic acid for the English 3%), the simulant's name; only a
// bracket within half its characters of that.
func simulantTail(tail, rest string, japanese bool) (string, bool) {
	t := strings.TrimLeft(tail, " ")
	if t == "" {
		return "", false
	}
	en := strings.ToLower(rest)
	name := ""
	for _, s := range simulants {
		if strings.Contains(en, s[0]) {
			name = s[1]
			if japanese {
				name = s[2]
			}
			break
		}
	}
	if name == "" {
		return "", false
	}
	pct := ""
	if m := rePercent.FindStringSubmatch(t); m != nil && len(m[1]) <= 2 {
		pct = m[1] + "%"
	} else if m := rePercent.FindStringSubmatch(en); m != nil {
		pct = m[1] + "%"
	}
	open, closing := "(", ")"
	if strings.HasPrefix(t, "（") {
		open, closing = "（", "）"
	}
	want := open + pct + name + closing
	got := []rune(strings.ReplaceAll(t, " ", ""))
	if string(got) == want || 2*editDistance([]rune(kanaLookalikes.Replace(string(got))), []rune(want)) > utf8.RuneCountInString(want) {
		return "", false
	}
	return tail[:len(tail)-len(t)] + want, true
}

// kanaLookalikes are the Han characters and marks OCR reads katakana
// as, by their shape ("工夕/ —" for エタノー): a misread simulant is
// measured against its name through them.
var kanaLookalikes = strings.NewReplacer("工", "エ", "夕", "タ", "/", "ノ", "—", "ー", "一", "ー", "力", "カ", "口", "ロ", "卜", "ト", "二", "ニ", "八", "ハ", "才", "オ")

// reHanNameBracket is a Han name and a bracket after it.
var reHanNameBracket = lazyRegexp(`^([^\s(（]*\p{Han}[^\s(（]*)(\s?[(（].*)$`)

// namedAs reports whether p is one of names, spaces aside: a print sets
// "重金属 (以Pb计)" or "重金属(以Pb计)", and the page's reading is kept.
func namedAs(names []string, p string) bool {
	k := strings.ReplaceAll(p, " ", "")
	return slices.ContainsFunc(names, func(n string) bool { return strings.ReplaceAll(n, " ", "") == k })
}

func kana(r rune) bool { return unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) }

// hanItemParts splits an item cell into what stands before its English
// name and the Chinese names of that English name; ok is false when no
// known English name ends the cell after a prefix.
func hanItemParts(item string, table map[string][]string) (prefix string, names []string, ok bool) {
	for i, r := range item {
		if i == 0 || r != ' ' {
			continue
		}
		en := strings.ToLower(strings.TrimSpace(item[i:]))
		for key, ns := range table {
			rest, found := strings.CutPrefix(en, key)
			if !found || rest != "" && !strings.HasPrefix(rest, ",") && !strings.HasPrefix(rest, " (") {
				continue
			}
			if latinWords(item[:i]) {
				return "", nil, false // "Specific migration of" before "lead"
			}
			return item[:i], ns, true
		}
	}
	return "", nil, false
}

// nearestHanName returns the name of names a misread prefix stands for,
// the nearest by edit distance: strict, a Han prefix within half the
// name's characters of it; else any prefix about as long as the name
// (half as long again, or one rune, at most), Han the name starts with
// (not kana: a shorter print, "フタル酸ビス"), or Latin junk of half to
// twice the name's characters and one (eng reads a Han character as one
// or two glyphs: "FARE" for 甲醛, "#8" for 铅); "" when none.
func nearestHanName(prefix string, names []string, strict bool) string {
	p := []rune(strings.ReplaceAll(prefix, " ", ""))
	latin := !strings.ContainsFunc(prefix, cjkRune)
	best, bestD := "", 1<<30
	for _, name := range names {
		c := []rune(name)
		d := editDistance(p, c)
		near := abs(len(p)-len(c)) <= max(1, len(c)/2) || latin && 2*len(p) >= len(c) && len(p) <= 2*len(c)+1 ||
			!strings.ContainsFunc(string(p), kana) && !latin && strings.HasPrefix(name, string(p)) // its tail lost ("六" for 六价铬)
		if strict && (2*d > len(c)+1 || latin) || !strict && !near {
			continue
		}
		if d < bestD {
			best, bestD = name, d
		}
	}
	return best
}

// latinWords reports a prefix that holds a word of the substances'
// vocabulary: English, not a misread Chinese name.
func latinWords(p string) bool {
	for _, f := range strings.FieldsFunc(strings.ToLower(p), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if substanceWords[f] && !linkWords[f] {
			return true
		}
	}
	return false
}

// linkWords are the substance vocabulary's short words that join names
// ("of", "as"): a misread Han name's glyphs can read as one ("by").
var linkWords = wordSet("of as in and by the or on per with")

func cjkRune(r rune) bool { return isHan(r) || kana(r) }

// hanName reports a prefix that is a name of either table as printed: a
// Chinese name in a Japanese column is a name, not a misreading.
func hanName(p string) bool {
	for _, t := range []map[string][]string{hanSubstanceNames, japaneseSubstanceNames} {
		for _, ns := range t {
			if slices.Contains(ns, p) {
				return true
			}
		}
	}
	return false
}

// hanOnlyNames puts right the misread names of an item column that
// prints them in Chinese or Japanese alone ("多省联茶总和"), where no
// English name says which substance a row is: only a name of five
// characters or more, within a third of its characters of one name of
// the domain's and nearer it than any other, and only where two rows of
// the column read a name so or whole. One character tells 镉 from 铅, so
// short names stay as read. It returns how many rows it changed.
func hanOnlyNames(rows []labrelay.ResultRow) int {
	fix := map[int]string{}
	agree := 0
	for i, r := range rows {
		p := strings.ReplaceAll(r.Item, " ", "")
		if hanName(p) {
			agree++
			continue
		}
		core := strings.Map(func(r rune) rune {
			if strings.ContainsRune("()（）[]-,0123456789", r) {
				return -1
			}
			return r
		}, p)
		if core == "" || strings.ContainsFunc(core, func(r rune) bool { return !cjkRune(r) }) {
			continue
		}
		best, bestD, second := "", 1<<30, 1<<30
		for _, name := range allHanNames() {
			switch d := editDistance([]rune(p), []rune(name)); {
			case d < bestD:
				best, bestD, second = name, d, bestD
			case d < second && name != best:
				second = d
			}
		}
		if c := utf8.RuneCountInString(best); c >= 5 && 3*bestD <= c && second > bestD {
			fix[i] = best
			agree++
		}
	}
	if agree < hanItemAgree {
		return 0
	}
	for i, name := range fix {
		rows[i].Item = name
	}
	return len(fix)
}

// allHanNames are the names of hanSubstanceNames and
// japaneseSubstanceNames, sorted.
var allHanNames = sync.OnceValue(func() []string {
	var all []string
	for _, t := range []map[string][]string{hanSubstanceNames, japaneseSubstanceNames} {
		for _, ns := range t {
			all = append(all, ns...)
		}
	}
	slices.Sort(all)
	return slices.Compact(all)
})
