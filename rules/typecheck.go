package rules

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/text"
	"github.com/labrelay/labrelay/normalize"
)

var (
	// reIdent: 2 to 49 letters, digits and a few marks, counted apart: a
	// counted repetition ({1,48}) of a Unicode class compiles to 48 copies
	// of it, 6 ms at the start of every process.
	reIdent       = runeBounded{lazyRegexp(`^[\p{L}\p{N}][\p{L}\p{N}_\-/.()#: ]+$`), 2, 49}
	reBareNumber  = lazyRegexp(`^[\d\s.,:/\-+%()]+$`)
	reAddressWord = lazyRegexp(`(?i)\b(?:road|rd|street|st|avenue|ave|blvd|boulevard|lane|drive|way|district|city|province|zone|park|building|bldg|floor|room|suite|industrial|town|village|county|state|str|straße|strasse|weg|platz|calle|avenida|av|carrera|polígono|poligono|p\.?o\.? box|no\.)\b|\b(?:unit|flat|tower|block)\s+(?-i:\d+[A-Z]?|[A-Z])\b|[路号區区市省镇街道楼室県都府丁目番地]`)
	reTitleWord   = lazyRegexp(`(?i)\b(?:engineer|manager|director|signatory|supervisor|officer|chemist|technician|head|representative|inspector|analyst|president|lead|leader|specialist|coordinator|assistant|department|laboratory|lab|ltd|co|inc|limited|gmbh|company|report|page|date|signature)\b|工程师|经理|主管|主任|签字|部长|課長|部長`)
	reOrg         = lazyRegexp(`(?i)\b(?:ltd|limited|inc|co|corp|corporation|gmbh|ag|llc|s\.?a|s\.?l|b\.?v|kk|k\.k|plc|laborator(?:y|ies|io|ium|ien)|labs?|testing|centre|center|institute|services|labor|prüf\w*)\b|公司|中心|研究院|研究所|株式会社|試験所|検査`)
	// reOrgEnd: a legal entity's name ends with its form (a letterhead's
	// tagline "Accredited testing laboratory" does not).
	reOrgEnd    = lazyRegexp(`(?i)(?:\b(?:` + legalForms + `)\.?|公司|株式会社)\)?$`)
	reTitleTail = lazyRegexp(`\s*(?:[(（][^)）]*[)）]|[,，/]\s*[^,，/]*)$`)
	reStandard  = lazyRegexp(`(?:ISO/IEC|IEC/EN|EN/IEC|IEC|EN|ISO|ASTM|GB/T|GB|CEN/TS|US EPA|EPA|DIN EN|DIN|AfPS GS|BS EN|BS|JIS|ANSI|UL|SN/T|AATCC|CPSC-CH-[A-Z]\d+)[ ]?[A-Z]?[0-9][0-9A-Za-z.\-]*(?:(?:-|: ?)(?:19|20)\d\d)?(?:\+A(?:MD)?\d+: ?(?:19|20)\d\d)*(?::\d\d PAK)?`)
	reHasLetter = lazyRegexp(`\p{L}`)
	reHasDigit  = lazyRegexp(`\p{N}`)
)

// legalForms are the legal forms a company's name ends with.
const legalForms = `ltd|limited|inc|co|corp|corporation|gmbh|ag|llc|s\.?a|s\.?l|b\.?v|kk|k\.k|plc`

// runeBounded is a regexp whose match must also be min to max runes long.
type runeBounded struct {
	re       *lazyRE
	min, max int
}

func (b runeBounded) MatchString(s string) bool {
	n := utf8.RuneCountInString(s)
	return n >= b.min && n <= b.max && b.re.MatchString(s)
}

// reOpenTail is a bracket left open at a text's end, with what follows
// it: a caption's translation cut off ("Lab Job No. (委托").
var reOpenTail = lazyRegexp(`\s*[(（][^)）]*$`)

// codeLike reports one token of letters and two digits or more, no
// space: a code ("JQb-2291"), no party's name.
func codeLike(s string) bool {
	s = strings.TrimSpace(s)
	if strings.ContainsAny(s, " \t") || !reHasLetter.MatchString(s) {
		return false
	}
	n := 0
	for _, c := range s {
		if unicode.IsDigit(c) {
			n++
		}
	}
	return n >= 2
}

// reDashNumber starts a value with a dash against a digit.
var reDashNumber = lazyRegexp(`^[-–—]\d`)

// typeCheck normalises a value for its field and says whether it is the
// kind of thing the field holds; factor (≤ 1) is the doubt left, as for a
// date whose day/month order nothing settles.
func typeCheck(e lexEntry, s string, df *docFuncs) (string, float64, bool) {
	field := e.field
	raw := s
	// a speck read as a dash before the value ("- Kevin Walker") is no part of it
	s = normalize.Space(strings.TrimLeft(s, ":：.… -–—"))
	if s == "" || notValue(s) {
		return "", 0, false
	}
	switch field {
	case labrelay.FieldIssueDate, labrelay.FieldReceivedDate:
		t, junk := trimDateLead(s)
		v, f, ok := checkDate(t, df)
		if m := reLetterLead.FindStringSubmatch(s); !ok && m != nil {
			// a speck read as a letter before a month's name ("j Jul
			// 9, 2024")
			if v, f, ok = checkDate(m[1], df); ok {
				junk = correctedConf
			}
		}
		if m := reYearSplit.FindStringSubmatch(t); !ok && m != nil {
			// "17-Aug-202 5": OCR parted the year's last digit
			if v, f, ok = checkDate(m[1]+m[2], df); ok {
				junk = correctedConf
			}
		}
		if !ok && reDoubleStop.MatchString(t) {
			// "February 19,.2025": a speck beside the comma
			if v, f, ok = checkDate(reDoubleStop.ReplaceAllString(t, ", "), df); ok {
				junk = correctedConf
			}
		}
		if !ok && reHanDayLost.MatchString(t) {
			// "2025年2月14": the day's 日 lost at the cell's end
			if v, f, ok = checkDate(t+"日", df); ok {
				junk = correctedConf
			}
		}
		if !ok {
			if m, mok := misreadMonth(t); mok {
				if v, f, ok = checkDate(m, df); ok {
					junk = correctedConf
				}
			}
		}
		if !ok {
			if m, mok := farMonth(t); mok {
				if v, f, ok = checkDate(m, df); ok {
					junk = confWeakOnly
				}
			}
		}
		return v, f * junk, ok
	case labrelay.FieldTestStartDate, labrelay.FieldTestEndDate:
		s, junk := trimDateLead(s)
		s = normalize.TrimPeriodOpen(s)
		a, b, ok := normalize.SplitRange(s)
		if !ok {
			a, b, ok = splitPeriod(s, df)
		}
		factor := junk
		if !ok {
			if a, b, ok = splitMisread(s, df); ok {
				factor = correctedConf
			}
		}
		if t := reGluedConnector.ReplaceAllString(reGluedAfter.ReplaceAllString(s, "$1 $2 "), "$1 $2"); !ok && t != s {
			// the connector glued to the end date by a speck read as a
			// stop ("03/14/2026 bis.03/17/2026")
			if a, b, ok = splitPeriod(t, df); ok {
				factor = correctedConf
			}
		}
		if !ok {
			if e.period && field == labrelay.FieldTestEndDate {
				return "", 0, false // one date under "Test Date" may be either end
			}
			a, b = s, s
		}
		if field == labrelay.FieldTestEndDate {
			a = b
		}
		a, junk = trimDateLead(a)
		v, f, ok := checkDate(a, df)
		if !ok {
			if m, mok := misreadMonth(a); mok {
				v, f, ok = checkDate(m, df)
				junk = correctedConf
			}
		}
		f *= junk
		return v, f * factor, ok
	case labrelay.FieldOverallResult:
		return checkVerdict(s)
	case labrelay.FieldReportNumber, labrelay.FieldPONumber, labrelay.FieldBatchNumber:
		ok := reIdent.MatchString(s) && reHasDigit.MatchString(s) && strings.Count(s, " ") <= 4 && !isDate(s, df) && !rePageOf.MatchString(s)
		return s, 1, ok
	case labrelay.FieldModelNumber:
		ok := len([]rune(s)) <= 48 && len(strings.Fields(s)) <= 5 && !isDate(s, df) && !reBareNumber.MatchString(s) || reIdent.MatchString(s) && reHasDigit.MatchString(s) && !isDate(s, df)
		// three words and no digit are a sentence ("See the table
		// below"), not a model's name; a test standard ("EN 1186-9:2002"
		// under a table's "Reference") is none either
		return s, 1, ok && (reHasDigit.MatchString(s) || len(strings.Fields(s)) < 3) && !datedStandard(s)
	case labrelay.FieldApplicantAddress:
		ok := len([]rune(s)) >= 8 && len([]rune(s)) <= 300 && (reAddressWord.MatchString(s) || reHasDigit.MatchString(s) && strings.Contains(s, ","))
		if reDashNumber.MatchString(strings.TrimSpace(raw)) {
			// a dash against a number at the start ("-3 Hondqiao Road"
			// of "279-3 Hongqiao Road") is the rest of a number OCR lost
			return s, confWeakOnly, ok && !isDate(s, df)
		}
		return s, 1, ok && !isDate(s, df)
	case labrelay.FieldSignatoryName:
		if t := strings.TrimSpace(reNameQuote.ReplaceAllString(reStops.ReplaceAllString(s, "."), "${1}${2}")); t != s && personLike(t) {
			// "Peter Ortega’", "Kevin' Schmidt": a pen's tick read as a
			// quote mark at a word's edge ("O'Brien" keeps its own);
			// "Dr.. Katrin Vogel": a speck read as a second period
			return t, correctedConf, true
		}
		if m := reNameMarks.FindStringSubmatch(s); m != nil && personLike(m[1]) {
			// "Kevin Ortega =.": a pen's stroke read as marks after it
			return m[1], correctedConf, true
		}
		if t := reNamePeriod.ReplaceAllString(s, "$1 $2"); t != s && personLike(t) {
			// "Thomas. Wong": a speck read after a given name; a title's
			// or an initial's period is shorter ("Dra.", "J.")
			return t, correctedConf, true
		}
		if personLike(s) {
			return s, 1, true
		}
		// "Patrick Ng (Technical Manager)", "Tony Qian, Lab Manager"
		t := strings.TrimSpace(reTitleTail.ReplaceAllString(s, ""))
		return t, confTitleCut, t != s && personLike(t)
	case labrelay.FieldLabName:
		return s, 1, reOrg.MatchString(s) && !isDate(s, df) && len([]rune(s)) <= 150
	case labrelay.FieldTestStandards:
		// a column of methods names a standard once per row: the list
		// names it once
		codes := MethodStandards([]labrelay.ResultRow{{Method: s}})
		return strings.Join(codes, "; "), 1, len(codes) > 0
	case labrelay.FieldLabAccreditation:
		return s, 1, reHasDigit.MatchString(s) && len([]rune(s)) <= 40
	}
	// names: product, applicant, manufacturer, lab
	ok := reHasLetter.MatchString(s) && !reBareNumber.MatchString(s) && !anyOrderDate(s) && len([]rune(s)) <= 150
	if field == labrelay.FieldApplicantName || field == labrelay.FieldManufacturerName {
		// the packs' refusals (noPartyName), and a caption, a mark or a
		// quantity at the start
		ok = ok && noPartyName(s) == "" && !startsWithAddressCaption(s) && !markLead(s) && !reQuantity.MatchString(s) && !phraseOfWords(s) &&
			!codeLike(s) && !notValue(reOpenTail.ReplaceAllString(s, ""))
	}
	if utf8.RuneCountInString(strings.TrimSpace(s)) == 1 && text.IsCJK(firstRune(strings.TrimSpace(s))) {
		ok = false // one Han letter ("片"): a longer word's part, no name
	}
	factor := 1.0
	if (field == labrelay.FieldApplicantName || field == labrelay.FieldManufacturerName) && oneCommonWord(s) {
		// "Manufacturing": a name's last word read alone may be all of
		// a name, or a line of one the reading lost
		factor = confWeakOnly
	}
	if field == labrelay.FieldProductName {
		// a result table's first item under "Test items": a substance
		// named whole or by its symbol ("Cd")
		t := strings.TrimSpace(s)
		ok = ok && !substanceName(s) && !elementSymbols[t] && !abbreviations[t] && !sentenceMiddle(t) && !conditionWords[strings.ToLower(t)] && !modelCode(t) && !columnCaption(t)
		// nor a method's standard ("EN 1186-9:2002, gravimetry")
		if m := reStandard.FindStringIndex(t); m != nil && m[0] == 0 {
			ok = false
		}
	}
	return s, factor, ok && !garbled(s)
}

// oneCommonWord reports a value of one word of the dictionary in Latin
// letters ("Manufacturing", "Technology"), no company form.
func oneCommonWord(s string) bool {
	f := strings.Fields(s)
	return len(f) == 1 && !reOrg.MatchString(s) && asciiLetters(f[0]) && inDict(strings.ToLower(f[0]))
}

// phraseOfWords reports a party's value that is a phrase, not a name:
// three words or more, most after the first in small letters and no
// name's particles ("Selected tests as requested"), no company's form.
func phraseOfWords(s string) bool {
	f := strings.Fields(s)
	if len(f) < 3 || reOrg.MatchString(s) {
		return false
	}
	small := 0
	for _, w := range f[1:] {
		if r := firstRune(w); unicode.IsLower(r) && !nameParticles[w] {
			small++
		}
	}
	return small >= 2 && 2*small > len(f)-1
}

// nameParticles are the small words of a party's or a person's name.
var nameParticles = wordSet("de del la las los el y e da do dos das du des der den van von zu und and of the & et")

// sentenceMiddle reports a value that starts with a verb in small
// letters ("was tested"): a sentence read from its middle ("The sample
// was tested as received"), no product's name.
func sentenceMiddle(s string) bool {
	f := strings.Fields(s)
	return len(f) > 0 && auxiliaries[f[0]]
}

var auxiliaries = wordSet("was were is are be been being has have had")

// modelCode reports one token of capitals, dashes and three digits or
// more: a model's or order's code ("TP-691H-60"), no product's name.
func modelCode(t string) bool {
	digits, letters := 0, 0
	for _, r := range t {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r >= 'A' && r <= 'Z':
			letters++
		case r != '-' && r != '/':
			return false
		}
	}
	return digits >= 3 && letters >= 1
}

// columnCaption reports a result table's column caption other than the
// item's ("方法", "Result"): a row of captions read across, no product.
func columnCaption(t string) bool {
	switch strictCaption(t) {
	case colMethod, colUnit, colMDL, colLimit, colValue, colVerdict:
		return true
	}
	return false
}

// conditionWords are a sample's condition alone ("Estado de la muestra/
// Sample Condition: Intact"), no product's name.
var conditionWords = wordSet("intact normal good damaged undamaged acceptable satisfactory unopened")

// reStops is a run of periods.
var reStops = lazyRegexp(`\.{2,}`)

// reNameQuote is a quote mark at a word's edge.
var reNameQuote = lazyRegexp("(^|\\s)[’'‘\"“”`]+|[’'‘\"“”`]+(\\s|$)")

// reNameMarks is a name and, after a space, one to three marks: no
// letter, no digit.
var reNameMarks = lazyRegexp(`^(.*\pL)\s+[^\pL\pN\s]{1,3}$`)

// reNamePeriod is a period after a name's word of five letters or more,
// another capitalised word after it.
var reNamePeriod = lazyRegexp(`\b(\p{Lu}\p{Ll}{4,})\. (\p{Lu}\p{Ll}+)`)

// startsWithAddressCaption reports a value that opens with an address's
// caption ("POSTAL ADDRESS (MEE AT Room 1904"): a row of captions read
// across, no party's name.
func startsWithAddressCaption(s string) bool {
	if reOrg.MatchString(s) {
		return false // a company's name, whatever its first word
	}
	ws := strings.Fields(s)
	for n := 1; n <= 2 && n < len(ws); n++ {
		if isAddressCaption(strings.Join(ws[:n], " ")) {
			return true
		}
	}
	return false
}

// reQuantity is a sample's quantity ("1 roll", "3 pcs"): no party's name.
var reQuantity = lazyRegexp(`(?i)^\d+\s*(?:pcs?|pieces?|rolls?|sets?|units?|bags?|sheets?|bottles?|pairs?|samples?|boxes?|cartons?)\.?$`)

// formOnly reports a party's name of company words only ("Corporation",
// "Co., Ltd.", "S.A. de C.V.", "Manufacturing LLC"): a name's last line
// read alone, no company.
func formOnly(s string) bool {
	if reFormsOnly.MatchString(s) {
		return true
	}
	if !reOrg.MatchString(s) {
		return false
	}
	// a trade and its form ("Manufacturing LLC", "Industrial Co., Ltd."):
	// the name's first line lost
	for _, w := range strings.FieldsFunc(reOrg.ReplaceAllString(s, ""), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if !tradeWords[strings.ToLower(w)] && !strings.EqualFold(w, "and") {
			return false
		}
	}
	return true
}

// reFormsOnly is legal forms and the words that join them only ("S.A. de
// C.V.", Mexico's).
var reFormsOnly = lazyRegexp(`(?i)^(?:(?:` + legalForms + `|c\.?v|de|r\.?l)\.?[\s,]*)+$`)

// markLead reports a party's name that starts with a mark no company's
// does ("# Rey"): the caption's other language, garbled, read as its value.
func markLead(s string) bool {
	return strings.ContainsRune("#%&*@~^=+|\\/<>§$", firstRune(strings.TrimSpace(s)))
}

// shortHanName reports a party name of Han characters only, too short
// for an organisation's and naming none ("依顿者", a caption misread): a
// Chinese or Japanese company's name runs longer or names its form.
func shortHanName(s string) bool {
	t := strings.ReplaceAll(s, " ", "")
	return hanOnly(t) && utf8.RuneCountInString(t) < 5 && !reOrg.MatchString(s)
}

// garbled reports a name no one printed: a dotted leader read as the
// value ("........:0eeee eee", OCR of a leader line), a letter or two
// repeated, round letters among dots, or more marks than letters and
// digits.
func garbled(s string) bool {
	t := strings.TrimSpace(s)
	if strings.HasPrefix(t, "...") || strings.HasPrefix(t, "…") || strings.HasPrefix(t, "___") || strings.HasPrefix(t, "···") {
		return true
	}
	letters, marks := 0, 0
	distinct := map[rune]bool{}
	for _, r := range t {
		switch {
		case unicode.IsLetter(r):
			letters++
			distinct[unicode.ToLower(r)] = true
		case unicode.IsDigit(r) || unicode.IsSpace(r):
		default:
			marks++
		}
	}
	// a leader's dots read as round letters among dots ("s:..ceseccee.")
	round := true
	for r := range distinct {
		round = round && strings.ContainsRune("aceos", r)
	}
	return letters >= 4 && len(distinct) <= 2 || marks > letters || letters >= 4 && round && strings.Contains(t, "..")
}

// reStreet is a street word next to a house number: "2020 Technology Park
// Road", "Hongqiao Road 293", "No. 12 Xinghu Street".
var reStreet = lazyRegexp(`(?i)(?:^(?:no\.?\s*)?\d[\d-]*[a-z]?\s.*\b|\b)(?:road|rd|street|st|avenue|ave|blvd|boulevard|lane|drive|way|straße|strasse|str|weg|calle|avenida)\b(?:\.?\s*\d|.*,)`)

// streetAddress reports a party's address where its name should be: a
// street with its number (the caption "Applicant" over "Address"), an
// address's last line, a postcode and a country ("Jiangsu 215000,
// China"), or its first, a room, unit or floor.
func streetAddress(s string) bool {
	return reStreet.MatchString(s) && reHasDigit.MatchString(s) || rePostcodeCountry.MatchString(s) ||
		reAddressStart.MatchString(s) || reFloorStart.MatchString(s) ||
		reHanAddress.MatchString(joinEastAsian(s)) && !reHanOrgEnd.MatchString(strings.TrimSpace(s))
}

// reHanAddress is a Chinese address: a province then a city at its
// start, or a road's, street's or lane's number ("凤凰路184号").
var reHanAddress = lazyRegexp(`^\p{Han}{1,4}(?:省|自治区)\p{Han}{1,6}市|\p{Han}(?:路|街|道|巷|弄)\s*\d|\d+\s*号`)

// reHanOrgEnd is how a Chinese organisation's name ends.
var reHanOrgEnd = lazyRegexp(`(?:公司|厂|中心|研究院|研究所|商行|经营部)\)?$`)

// reFloorStart is an address's first part, its floor ("2nd Floor,
// Tower A"): no company's name starts so.
var reFloorStart = lazyRegexp(`(?i)^\d{1,3}(?:st|nd|rd|th)\s+floor\b`)

// rePostcodeCountry is a postcode and, last, a country.
var rePostcodeCountry = lazyRegexp(`\b\d{4,6},\s*\p{Lu}[\p{L} ]+\.?$`)

func checkDate(s string, df *docFuncs) (string, float64, bool) {
	part := localDate(normalize.CleanDate(s))
	dayFirst, factor := df.dateOrder(part)
	d, err := normalize.Date(part, dayFirst)
	if err != nil {
		return "", 0, false
	}
	return d, factor, true
}

// anyOrderDate reports a date in either day/month order: a name is
// never one, whatever order the document's other dates use.
func anyOrderDate(s string) bool {
	part := localDate(normalize.CleanDate(s))
	_, e1 := normalize.Date(part, true)
	_, e2 := normalize.Date(part, false)
	return e1 == nil || e2 == nil
}

func isDate(s string, df *docFuncs) bool {
	_, _, ok := checkDate(s, df)
	return ok
}

// checkVerdict reads an overall verdict from a word or a short sentence.
func checkVerdict(s string) (string, float64, bool) {
	if utf8.RuneCountInString(strings.TrimSpace(s)) == 1 {
		return "", 0, false // "P", "F": a table's mark, or a scan's rule read as a letter
	}
	if v, ok := normalize.Verdict(s); ok && v != "" {
		return v, 1, true
	}
	if len([]rune(s)) > 160 {
		return "", 0, false
	}
	// "ACCEPT - all characteristics conform", "PASS, see page 3"
	if i := strings.IndexAny(s, "-–—,;("); i > 0 {
		if v, ok := normalize.Verdict(strings.TrimSpace(s[:i])); ok && v != "" {
			return v, 1, true
		}
	}
	if reConclusionPass.MatchString(s) || strings.Contains(s, "符合") || strings.Contains(s, "合格") ||
		len(strings.Fields(s)) <= 8 && reVerdictVerb.MatchString(s) {
		neg := reConclusionFail.MatchString(s) || strings.Contains(s, "不符合") || strings.Contains(s, "不合格")
		if neg {
			return labrelay.VerdictFail, confSentenceFactor, true
		}
		return labrelay.VerdictPass, confSentenceFactor, true
	}
	return "", 0, false
}

// reVerdictVerb finds a short verdict phrase without a subject: "Meets
// requirements", "Positive (meets requirements)", "Within limits".
var reVerdictVerb = lazyRegexp(`(?i)\b(?:meets?|met|complies|comply|conforms?|fulfils?|fulfills?|satisfies|passed|within (?:the )?limits?)\b`)

// confSentenceFactor: a verdict read from a short sentence beside its
// caption ("Conclusion: the sample complies") is a little less sure than
// a verdict word.
const confSentenceFactor = 0.95

// confTitleCut: a name read after cutting a job title off it.
const confTitleCut = 0.95

// personLike reports whether s reads as a person's name: two to five
// words with capitals, or two to four Han characters; not a job title, a
// company or a caption.
func personLike(s string) bool {
	if reTitleWord.MatchString(s) || reHasDigit.MatchString(s) || reOrg.MatchString(s) {
		return false
	}
	rs := []rune(strings.ReplaceAll(s, " ", ""))
	han := 0
	for _, r := range rs {
		if unicode.Is(unicode.Han, r) {
			han++
		}
	}
	if han > 0 {
		return han == len(rs) && han >= 2 && han <= 4
	}
	ws := strings.Fields(s)
	if len(ws) < 2 || len(ws) > 5 {
		return false
	}
	for _, w := range ws {
		r := []rune(w)[0]
		if !unicode.IsUpper(r) && w != "van" && w != "de" && w != "von" && w != "der" && w != "del" {
			return false
		}
	}
	return true
}

// reDateLead is what a scan sets before a date: a caption's other half,
// misread, bare or in an unclosed bracket ("(开始日 04/14/2026",
// "检测日期 “ 13/11/2025"), a rule read as "|", quotes, a speck read as
// "<".
var reDateLead = lazyRegexp(`^(?:[(（][^)）\d]{1,12}?\s+|\p{Han}{1,8}\s+)?[^\p{L}\p{N}]*`)

// reLetterLead is one letter, then a word of letters and more.
var reLetterLead = lazyRegexp(`^\p{L}\s+(\p{L}{3,}.*)$`)

// trimDateLead is s without reDateLead when a digit follows it, and the
// doubt that leaves: a speck before a day may be a digit's remains
// ("<8" for "18").
func trimDateLead(s string) (string, float64) {
	loc := reDateLead.FindStringIndex(s)
	if loc == nil || loc[1] == 0 || loc[1] >= len(s) {
		return s, 1
	}
	if r, _ := utf8.DecodeRuneInString(s[loc[1]:]); !unicode.IsDigit(r) {
		return s, 1
	}
	return s[loc[1]:], correctedConf
}

// rePageOf is a page number and count, "Seite 2 von 2", "2/2", "Page 1
// of 3": printed where a report number stands on later pages, and no
// identifier.
var rePageOf = lazyRegexp(`(?i)^(?:(?:page|seite|p[aá]gina|pag\.?|p\.)?\s*\d{1,3}\s*(?:of|von|de)\s*\d{1,3}|\d{1,2}\s*[/／]\s*\d{1,2})$`)

// reYearEnd is a date's four-digit year at the end of a string.
var reYearEnd = lazyRegexp(`[^\d]\d{4}$`)

// splitMisread splits two dates of one shape joined by one mark OCR
// misread, glued or lost ("12/13/2024312/15/2024", "2026/02/04
// #2026/02/09", "5. Juli 2025211. Juli 2025", "2024年9月1日 2024年9月4日":
// "至" read by a Latin model or not at all).
func splitMisread(s string, df *docFuncs) (string, string, bool) {
	if len(s) > 40 {
		return "", "", false
	}
	// a mark of no digit first: "2026-12-10#2026-12-16" is not
	// "2026-12-1", "0#", "2026-12-16"
	for _, digits := range []bool{false, true} {
		for i, r := range s {
			if i == 0 {
				continue
			}
			// the mark is one rune, or up to three of no letter, digits
			// only after a year or beside a symbol ("#%", "4%" for "至")
			end := i + utf8.RuneLen(r)
			for n := 1; n <= 3 && end <= len(s); n++ {
				a, b := strings.TrimSpace(s[:i]), strings.TrimSpace(s[end:])
				if dateShape(a) == dateShape(b) && isDate(a, df) && isDate(b, df) {
					return a, b, true
				}
				next, k := utf8.DecodeRuneInString(s[end:])
				if end == len(s) || unicode.IsLetter(next) || unicode.IsLetter(r) {
					break
				}
				if (unicode.IsDigit(next) || unicode.IsDigit(r)) &&
					(!digits || !reYearEnd.MatchString(s[:i]) && !strings.ContainsAny(s[i:min(i+4, len(s))], "%#~*")) {
					// a mark of digits only after a year's four ("~"
					// read "242" in "13.04.202624216.04.2026") or with a
					// symbol ("至" read "4%")
					break
				}
				end += k
			}
		}
	}
	return "", "", false
}

// dateShape is s with a day's or month's one or two digits as 9, a
// year's four as 9999 and a word as a: "5. Juli 2025" and "11. Juli 2025"
// have one shape, "2026/02/04" and "9/2/2026" two.
func dateShape(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); {
		j := i
		switch {
		case unicode.IsDigit(rs[i]):
			for j < len(rs) && unicode.IsDigit(rs[j]) {
				j++
			}
			if j-i > 2 {
				b.WriteString("9999")
			} else {
				b.WriteByte('9')
			}
		case unicode.IsLetter(rs[i]) && !text.IsCJK(rs[i]):
			for j < len(rs) && unicode.IsLetter(rs[j]) && !text.IsCJK(rs[j]) {
				j++
			}
			b.WriteByte('a')
		default:
			b.WriteRune(rs[i])
			j++
		}
		i = j
	}
	return b.String()
}

// reGluedConnector is a short word glued by a stop or comma to the digits
// after it.
var reGluedConnector = lazyRegexp(`(\s\p{L}{1,6})[.,;:](\d)`)

// reGluedAfter is a short word glued by a hyphen or a stop to the date
// before it ("February 7, 2024-to February 8, 2024").
var reGluedAfter = lazyRegexp(`(\d)[-.,](\p{L}{1,6})\s`)

// splitPeriod splits a period whose connector SplitRange does not know
// ("05-Sep-2024 a 07-Sep-2024", "3. Mai bis 5. Mai"): a date, one short
// word, a date.
func splitPeriod(s string, df *docFuncs) (string, string, bool) {
	ws := strings.Fields(s)
	if len(ws) < 3 || len(ws) > 12 {
		return "", "", false
	}
	for k := 1; k+1 < len(ws); k++ {
		if len([]rune(ws[k])) > 6 || reHasDigit.MatchString(ws[k]) {
			continue
		}
		a, b := strings.Join(ws[:k], " "), strings.Join(ws[k+1:], " ")
		if isDate(a, df) && isDate(b, df) {
			return a, b, true
		}
	}
	return "", "", false
}

// reDoubleStop is a comma and a period side by side between a date's
// parts ("19,.2025"): one of them a speck.
var reDoubleStop = lazyRegexp(`\s*(?:,\s*\.|\.\s*,)\s*`)

// reYearSplit is a date whose year's last digit stands apart.
var reYearSplit = lazyRegexp(`^(.*\D(?:19|20)\d) (\d)$`)

// reHanDayLost is a Han date whose last character, 日, is lost.
var reHanDayLost = lazyRegexp(`^\d{4}\s?年\s?\d{1,2}\s?月\s?\d{1,2}$`)

// reStandardYear is a standard's year after its number.
var reStandardYear = lazyRegexp(`[:-](?:19|20)\d\d\b`)

// datedStandard reports a value that is a test standard with its year
// ("EN 1186-9:2002"), or a list that starts with one, not a model's name
// ("UL1015").
func datedStandard(s string) bool {
	s = strings.TrimSpace(s)
	if f := reStandard.FindString(s); f != "" && f != s && strings.HasPrefix(s, f+";") {
		s = f // a list of them ("IEC 62321-5:2013; JEC"): no model either
	}
	return reStandard.FindString(s) == s && reStandardYear.MatchString(s)
}

// reNameSymbol is a name and its symbol or abbreviation in brackets.
var reNameSymbol = lazyRegexp(`^([\p{L} ]+?)\s*\(([A-Za-z]{1,6}|Cr\(VI\))\)$`)

// substanceName reports a substance's name as a result row names it
// ("Cadmium (Cd)", "Dibutyl phthalate (DBP)"): no product's.
func substanceName(s string) bool {
	m := reNameSymbol.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil || !(elementSymbols[m[2]] || abbreviations[m[2]] || m[2] == "Cr(VI)") {
		return false
	}
	for _, w := range strings.Fields(m[1]) {
		if !substanceWords[strings.ToLower(w)] {
			return false
		}
	}
	return true
}
