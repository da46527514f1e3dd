package rules

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// The generic reader's result-table header lexicon, by column kind, in
// the order of the col* constants. Headers are compared by headerKey.
var tableLexicon = [...]string{
	colItem: `item|items|test item|test items|tested item|analyte|analytes|parameter|parameters|test parameter|
		characteristic|characteristics|substance|substances|element|elements|compound|test|tests|test name|
		determinand|component|property|properties|test description|
		检测项目|测试项目|项目|检验项目|试验项目|檢測項目|試験項目|項目|分析項目|測定項目|
		prüfparameter|prüfpunkt|merkmal|stoff|prüfgegenstand|analyt|
		ensayo|parámetro|parametro|analito|característica|caracteristica|sustancia`,
	colMethod: `reference|ref|ref method|method ref|norm ref|test method reference|method|methods|test method|test methods|standard|test standard|procedure|test procedure|
		method reference|reference method|analytical method|
		检测方法|测试方法|方法|试验方法|检验方法|試験方法|分析方法|
		prüfverfahren|methode|norm|prüfmethode|verfahren|método|metodo|norma|procedimiento|método de ensayo`,
	colUnit: `unit|units|uom|einh|einheit|unid|unit of measure|unit of measurement|units of measure|单位|単位|einheit|einheiten|unidad|unidades`,
	colMDL: `mdl|rl|loq|lor|lod|mrl|dl|ld|lc|lq|bg|ng|mql|quantification limit|reporting limit|detection limit|limit of detection|
		limit of quantification|limit of quantitation|method detection limit|quantitation limit|
		检出限|方法检出限|定量限|报告限|检测限|検出限界|定量下限|報告下限|
		nachweisgrenze|bestimmungsgrenze|límite de detección|limite de deteccion|límite de cuantificación|limite de cuantificacion`,
	colLimit: `valor máximo|valor maximo|máximo|maximo|máx|max limit value|limit value|höchstgehalt|zulässig|limit|limits|requirement|requirements|specification|specifications|spec|maximum permitted|
		max permitted|max limit|maximum limit|permissible limit|permitted limit|criterion|criteria|
		regulatory limit|limit value|max|maximum|acceptance criteria|max allowed|maximum allowed|
		限值|标准要求|技术要求|要求|限量|标准限值|规定值|規格値|基準値|限度値|要求事項|規格|
		grenzwert|anforderung|anforderungen|höchstwert|höchstgehalt|
		límite|limite|requisito|requisitos|especificación|especificacion|valor límite|valor limite`,
	colValue: `result|results|value|found|measured|measured value|test result|test results|result value|
		sample|sample id|reading|observed|observation|concentration|content|
		结果|检测结果|测试结果|实测值|测定值|检验结果|結果|測定値|試験結果|分析結果|
		ergebnis|ergebnisse|messwert|befund|prüfergebnis|resultado|resultados|valor|valor medido`,
	colVerdict: `verdict|conclusion|complies|compliance|status|pass/fail|pass fail|judgement|judgment|
		assessment|evaluation|rating|pass or fail|p/f|
		判定|结论|评价|单项判定|单项结论|判定結果|評価|合否|
		bewertung|beurteilung|konformität|konformitat|urteil|entspricht|
		conformidad|dictamen|evaluación|evaluacion|cumple|veredicto`,
	colIgnore: `no|#|s/n|sn|sl no|seq|serial|cas no|cas|cas number|cas-nr|cas nr|序号|番号|nr|lfd nr|nº|n°`,
}

// tableStops end a generic table: footnotes and remarks.
const tableStops = `note|notes|remark|remarks|footnote|abbreviation|abbreviations|legend|key|
	remark:|*|**|※|备注|注|注記|備考|anmerkung|anmerkungen|hinweis|bemerkung|nota|notas|observaciones|
	end of report|end of test report|***end|conclusion|overall result|overall conclusion|overall assessment|summary of results|
	结论|結論|判定|fazit|conclusión`

// genericTable is the table spec of the generic reader; its headers are
// matched by key, may carry a unit ("Result (mg/kg)") and may wrap onto a
// second line.
var genericTable, genericHeaders = buildTableLexicon()

func buildTableLexicon() (*Table, map[string]int) {
	keys := map[string]int{}
	for kind, list := range tableLexicon {
		for _, s := range strings.Split(list, "|") {
			if k := headerKey(strings.TrimSpace(s)); k != "" {
				if _, dup := keys[k]; !dup {
					keys[k] = kind
				}
			} else if t := strings.TrimSpace(s); t == "#" {
				keys["#"] = kind
			}
		}
	}
	t := &Table{}
	for _, s := range strings.Split(tableStops, "|") {
		t.Stop = append(t.Stop, strings.TrimSpace(s))
	}
	return t, keys
}

// reFootnote starts a footnote under a table: "ND = not detected",
// "* see method", "(1) ...", "注：", a quoted mark ("“-” not regulated").
var reFootnote = regexp.MustCompile(`^(?:\S{1,12}\s*=\s|"[^"]{1,6}"\s*=|["“”'‘’][^"“”'‘’\pL\d]{1,3}["“”'‘’]\s|[*※†‡]|\(\d\)|\d\)\s|注[:：]?)`)

var reSampleTail = regexp.MustCompile(`^(.+?)\s+((?:sample|specimen|test sample|probe|muestra|样品|試料)\s*\S*\s*\S*)$`)

var reSampleCol = regexp.MustCompile(`^(?:sample|specimen|test sample|probe|muestra|样品|試料)\s*(?:no\s*)?(?:\d{1,2}|[a-z]\d?)$`)

// A speck or dot after the bracket is scan noise: "Limit (mg/kg).".
var reHeaderUnit = regexp.MustCompile(`^(.*?)\s*[(\[（]\s*([^()\[\]（）]{1,16}?)\s*[)\]）][.,'’]?$`)

// genericHeaderKind is headerKind for the generic lexicon; unit is a unit
// printed in the header cell ("Result (mg/kg)", "Limit [%]").
func genericHeaderKind(text string) (kind int, unit string) { return headerKindOf(text, true) }

// headerKindOf is genericHeaderKind; loose also names a header by a run
// of its words (subphraseKind). Joining wrapped header lines counts only
// strict names, or a data row would join its header ("Test Item Lead").
func headerKindOf(text string, loose bool) (kind int, unit string) {
	key := headerKey(text)
	if k, ok := genericHeaders[key]; ok {
		return k, ""
	}
	if m := reHeaderUnit.FindStringSubmatch(text); m != nil {
		if k, _ := headerKindOf(m[1], loose); k != colUnknown {
			if u, ok := bracketUnitOf("(" + m[2] + ")"); ok {
				return k, u
			}
		}
	}
	if k := halvesKind(key); k != colUnknown {
		return k, ""
	}
	if k := nearKind(key); k != colUnknown {
		return k, ""
	}
	if k := nearAbbrevKind(key); k != colUnknown {
		return k, ""
	}
	if k := hanNearKind(key); k != colUnknown {
		return k, ""
	}
	if k := subphraseKind(key); loose && k != colUnknown {
		return k, ""
	}
	if reSampleCol.MatchString(capKey(text)) {
		return colValue, "" // "Sample 1", "Sample A", "#1": a result per sample
	}
	// a result caption over a sample's name: "Valor Sample 1"
	if m := reSampleTail.FindStringSubmatch(capKey(text)); m != nil && reSampleCol.MatchString(m[2]) {
		if k, _ := headerKindOf(m[1], false); k == colValue {
			return colValue, ""
		}
	}
	// bilingual header "检测项目 Test Item": the halves it knows agree
	parts := scriptRuns(capKey(text))
	if len(parts) < 2 {
		return colUnknown, ""
	}
	kind, unit = colUnknown, ""
	for _, p := range parts {
		k, u := headerKindOf(p, loose)
		if k == colUnknown {
			continue
		}
		if kind != colUnknown && k != kind {
			return colUnknown, ""
		}
		kind = k
		if u != "" {
			unit = u
		}
	}
	return kind, unit
}

var reUnit = regexp.MustCompile(`^(?:%|‰|ppm|ppb|mg/kg|mg/l|µg/l|μg/l|ug/l|mg/dm²|mg/dm2|µg/cm²|μg/cm²|ug/cm2|µg/cm2|g/kg|mg|g|kg|µg|μg|ug|ng|mm|cm|m|°c|℃|n|kn|mpa|kpa|pa|h|min|s|v|a|w|db|dba|hz|khz|mhz|mg/m³|wt%|w/w|mg/100g|cfu/g|mg/kg ppm)$`)

func looksUnit(s string) bool { return reUnit.MatchString(strings.ToLower(strings.TrimSpace(s))) }

// subphraseKind names a header by its longest known run of words
// ("Tested Substance" → item, "Method Ref." → method); runs of equal
// length that disagree name nothing.
func subphraseKind(k string) int {
	words := strings.Fields(k)
	for n := len(words) - 1; n >= 1; n-- {
		kind := colUnknown
		for i := 0; i+n <= len(words); i++ {
			got, ok := genericHeaders[strings.Join(words[i:i+n], " ")]
			if !ok || got == colIgnore {
				continue
			}
			if kind != colUnknown && got != kind {
				return colUnknown
			}
			kind = got
		}
		if kind != colUnknown {
			return kind
		}
	}
	return colUnknown
}

// halvesKind names a header printed in two languages of one script
// ("Límite de detección LOR", "Prüfparameter Analyte"): its words split
// in two, each half a known header of the same kind.
func halvesKind(k string) int {
	words := strings.Fields(k)
	if len(words) < 2 || len(words) > 8 {
		return colUnknown
	}
	for n := 1; n < len(words); n++ {
		ha, hb := strings.Join(words[:n], " "), strings.Join(words[n:], " ")
		a, okA := genericHeaders[ha]
		b, okB := genericHeaders[hb]
		switch {
		case okA && okB && a == b:
			return a
		case okA && !okB && oneOff(hb, a), okB && !okA && oneOff(ha, b):
			// one language a letter off, as OCR reads an accent
			// ("Limite de deteccién LOR"): the other names the kind
			if okA {
				return a
			}
			return b
		}
	}
	return colUnknown
}

// nearKind names a caption read a letter off as OCR reads an accent
// ("Limite de deteccién"): the kind of the known captions one edit from
// k, when they agree and k is long enough not to be another word.
func nearKind(k string) int {
	if utf8.RuneCountInString(k) < nearMinRunes {
		return colUnknown
	}
	kind := colUnknown
	for kd := range headersByKind() {
		if !oneOff(k, kd) {
			continue
		}
		if kind != colUnknown {
			return colUnknown
		}
		kind = kd
	}
	return kind
}

// nearAbbrevKind names a three-letter abbreviation read a glyph off
// ("Lop" for LOQ): the kind of the known three-letter captions one
// letter from it, when there are two or more and all agree (LOQ and LOD
// both name the detection limit; one alone may be chance).
func nearAbbrevKind(k string) int {
	if utf8.RuneCountInString(k) != 3 || !lettersOnly(k) {
		return colUnknown
	}
	kind, n := colUnknown, 0
	for h, kd := range genericHeaders {
		if utf8.RuneCountInString(h) != 3 || kd == colIgnore || editDistance([]rune(h), []rune(k)) != 1 {
			continue
		}
		if kind != colUnknown && kd != kind {
			return colUnknown
		}
		kind = kd
		n++
	}
	if n < 2 {
		return colUnknown
	}
	return kind
}

// hanNearKind names a Han caption of two to four characters with one
// misread ("限什" for 限值): the kind of the known Han captions of its
// length that differ from it in that one character only, when they
// agree ("结X" may be 结果 or 结论: no kind). One of three characters that
// is a known header of four with one lost ("检测结", 检测结果) is that
// header's kind first.
func hanNearKind(k string) int {
	rk := []rune(k)
	if len(rk) < 2 || len(rk) > 4 || !hanOnly(k) {
		return colUnknown
	}
	// every character read and one lost is likelier than one misread:
	// "检测结" is 检测结果, not 检测限
	if kd, ok := hanHeaderDrops()[k]; ok {
		return kd
	}
	kind := colUnknown
	for i := range rk {
		if kd, ok := hanHeaderMasks()[maskRune(rk, i)]; ok {
			if kd == colUnknown || kind != colUnknown && kind != kd {
				return colUnknown
			}
			kind = kd
		}
	}
	return kind
}

// hanHeaderDrops maps each known Han header of four or five characters,
// one character left out, to its kind; to colUnknown where headers of two
// kinds, or a known header, read so.
var hanHeaderDrops = sync.OnceValue(func() map[string]int {
	m := map[string]int{}
	for key, kind := range genericHeaders {
		rk := []rune(key)
		if len(rk) != 4 && len(rk) != 5 || !hanOnly(key) {
			continue
		}
		for i := range rk {
			d, kd := string(slices.Delete(slices.Clone(rk), i, i+1)), kind
			if old, ok := m[d]; ok && old != kd {
				kd = colUnknown
			}
			if _, known := genericHeaders[d]; known {
				kd = colUnknown
			}
			m[d] = kd
		}
	}
	return m
})

// hanHeaderMasks maps each known Han header of two to four characters,
// one character masked at a time, to its kind; to colUnknown where headers
// of two kinds share the mask. Built once: hanNearKind is asked for every
// unknown Han cell a header line is tried with.
var hanHeaderMasks = sync.OnceValue(func() map[string]int { return maskKinds(genericHeaders) })

// maskKinds is hanHeaderMasks of headers. A clash on one mask leaves the
// header's other masks its kind: the map's order must not decide them.
func maskKinds(headers map[string]int) map[string]int {
	m := map[string]int{}
	for key, kind := range headers {
		rk := []rune(key)
		if len(rk) < 2 || len(rk) > 4 || !hanOnly(key) {
			continue
		}
		for i := range rk {
			mk, kd := maskRune(rk, i), kind
			if old, ok := m[mk]; ok && old != kd {
				kd = colUnknown
			}
			m[mk] = kd
		}
	}
	return m
}

// maskRune is rs with the rune at i replaced by a mask.
func maskRune(rs []rune, i int) string {
	m := slices.Clone(rs)
	m[i] = 0
	return string(m)
}

// nearMinRunes is the shortest caption nearKind names.
const nearMinRunes = 10

// oneOff reports a header key of eight letters or more one edit from a
// known header of the given kind.
func oneOff(k string, kind int) bool {
	if utf8.RuneCountInString(k) < 8 {
		return false
	}
	rk := []rune(k)
	for _, key := range headersByKind()[kind] {
		if d := len(key) - len(rk); d >= -1 && d <= 1 && editDistance(rk, key) == 1 {
			return true
		}
	}
	return false
}

// headersByKind lists the generic header keys of each kind as runes,
// built once.
var headersByKind = sync.OnceValue(func() map[int][][]rune {
	m := map[int][][]rune{}
	for key, kind := range genericHeaders {
		m[kind] = append(m[kind], []rune(key))
	}
	return m
})

// accentless maps accented Latin letters to their base: OCR drops
// accents ("Limite de deteccion" for "Límite de detección"), and a
// header caption means the same without them.
var accentless = func() map[rune]rune {
	m := map[rune]rune{}
	for base, list := range map[rune]string{'a': "àáâãäå", 'c': "ç", 'e': "èéêë", 'i': "ìíîï", 'n': "ñ", 'o': "òóôõö", 'u': "ùúûü", 'y': "ýÿ"} {
		for _, r := range list {
			m[r] = base
		}
	}
	return m
}()

func foldAccent(r rune) rune {
	if b, ok := accentless[r]; ok {
		return b
	}
	return r
}

// headerKey is capKey for the table header lexicon, accents folded.
func headerKey(s string) string {
	return strings.Map(foldAccent, capKey(s))
}
