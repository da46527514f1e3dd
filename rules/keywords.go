package rules

import (
	"hash/fnv"
	"strings"

	"github.com/labrelay/labrelay"
)

// Keyword captions: a caption the lexicon does not list ("Date Sample
// Arrived", "Client Company") still names its field by a word a person
// skimming would go by. Such a caption is weak (its value earns
// confWeakCaption) and is tried only on a text layer, for a cell that is
// not the value of the caption before it.

// keywordRules map words of a caption key to fields, most specific
// first: an address before a party, a date before an identifier.
var keywordRules = []struct {
	re     *lazyRE
	fields []string
	period bool
}{
	{lazyRegexp(`\b(?:address|addr|anschrift|adresse|direcci[oó]n|domicilio)\b|地址|住所`), []string{labrelay.FieldApplicantAddress}, false},
	{lazyRegexp(`\b(?:receiv\w*|receipt|arriv\w*|intake|eingang\w*|recep\w*|recibid\w*)\b|接收|收样|受付|受領`), []string{labrelay.FieldReceivedDate}, false},
	{lazyRegexp(`\b(?:test\w*|analys\w*|analyz\w*|inspect\w*|prüf\w*|ensayo\w*|an[aá]lisis)\b.*\b(?:period|dates|duration|zeitraum|periodo|fechas)\b|检测期间|试验期间|試験期間`), []string{labrelay.FieldTestStartDate, labrelay.FieldTestEndDate}, true},
	// before the issue date's: "Released by" captions a person
	{lazyRegexp(`\b(?:authori[sz]\w*|approv\w*|released|signed|signatory|freigegeben|genehmigt|unterzeichnet|autorizad\w*|aprobad\w*|firmado)\b|批准|授权|签字|签发人|承認|署名`), []string{labrelay.FieldSignatoryName}, false},
	{lazyRegexp(`\b(?:issu\w*|release\w*|reported|ausstellung\w*|emisi[oó]n|expedici[oó]n)\b|签发|出具|発行`), []string{labrelay.FieldIssueDate}, false},
	// "requested" captions the applicant only as "requested by": "Tests
	// requested" captions the scope
	{lazyRegexp(`\b(?:applicant|client|customer|requester|requestor|sponsor|auftraggeber|antragsteller|kunde|solicitante|peticionario|cliente)\b|\b(?:requested|ordered|submitted)\s+(?:by|from)\b|委托|申请|申請|依頼`), []string{labrelay.FieldApplicantName}, false},
	{lazyRegexp(`\b(?:manufactur\w*|factory|maker|producer|hersteller\w*|fabricante|fabricado)\b|生产|制造|製造`), []string{labrelay.FieldManufacturerName}, false},
	{lazyRegexp(`\b(?:batch|lot|heat|charge|chargen\w*|lote)\b|批号|批次|ロット`), []string{labrelay.FieldBatchNumber}, false},
	{lazyRegexp(`\b(?:purchase|order|po|bestell\w*|pedido|compra)\b|订单|注文|発注`), []string{labrelay.FieldPONumber}, false},
	{lazyRegexp(`\b(?:model|style|part|product|item|article|sku|catalog\w*|catalogue|type|artikelnummer|teilenummer|modelo|pieza)\b.*\b(?:no|nr|number|num|code|ref\w*)\b|^(?:model|style|sku|type|typ|modell|modelo)$|型号|款号|货号|料号|型番|品番|型式`), []string{labrelay.FieldModelNumber}, false},
	{lazyRegexp(`\b(?:report|certificate|cert|bericht\w*|zertifikat|informe|certificado)\b.*\b(?:no|nr|number|num|id|code|ref\w*|nummer|n[uú]mero)\b|报告.*号|報告.*番号`), []string{labrelay.FieldReportNumber}, false},
	{lazyRegexp(`\b(?:sample|product|item|article|goods|specimen|probe|produkt|muestra|producto|art[ií]culo)\b.*\b(?:name|description|descr|designation|identification|bezeichnung|nombre|descripci[oó]n)\b|\b(?:description|designation|bezeichnung|descripci[oó]n)\b.*\b(?:sample|product|item|article|goods|muestra|producto)\b|样品|産品|试料|試料`), []string{labrelay.FieldProductName}, false},
	{lazyRegexp(`\b(?:standards?|methods?|specifications?|norms?|normen|normas?|procedures?|verfahren|m[eé]todos?)\b|标准|依据|方法|規格`), []string{labrelay.FieldTestStandards}, false},
}

// keywordCaption reads a cell as a weak caption of the field one of its
// words names: a short cell without digits that the lexicon does not
// list, alone or before a colon or leader.
func keywordCaption(t string) (capHit, bool) {
	if a, ok := keywordMemo.get(t); ok {
		return a.hit, a.ok
	}
	h, ok := keywordCaptionText(t)
	keywordMemo.put(t, captionAnswer{h, ok})
	return h, ok
}

// otherInTwoScripts reports a caption printed in two scripts of which
// one is a known caption of something else ("样品状态 Sample Condition"):
// a keyword in the other ("sample") does not make it a field's.
func otherInTwoScripts(k string) bool {
	runs := scriptRuns(k)
	if len(runs) < 2 {
		return false
	}
	for _, r := range runs {
		if captionKeys()[r] && len(lexicon()[r]) == 0 {
			return true
		}
	}
	return false
}

// keywordMemo remembers keywordCaption's results (see captionMemo).
var keywordMemo = &memo[string, captionAnswer]{m: map[string]captionAnswer{}}

func keywordCaptionText(t string) (capHit, bool) {
	head, rest, sep := t, "", false
	if m := reCapSep.FindStringSubmatch(t); m != nil {
		head, rest, sep = m[1], strings.TrimSpace(m[2]), true
	}
	k := capKey(head)
	if k == "" || reHasDigit.MatchString(head) || len(strings.Fields(k)) > 6 || tooShort(k) || captionKeys()[k] || isLabelish(head) || otherInTwoScripts(k) {
		return capHit{}, false
	}
	if companyName(head) {
		return capHit{}, false
	}
	if es := keywordFields(k); es != nil {
		return capHit{entries: es, rest: rest, sep: sep}, true
	}
	// a caption in two or three forms ("Modell/Type/Model"): one form
	// names the field
	if parts := strings.FieldsFunc(head, func(r rune) bool { return r == '/' || r == '／' }); len(parts) > 1 {
		for _, p := range parts {
			if pk := capKey(p); !tooShort(pk) {
				if es := keywordFields(pk); es != nil {
					return capHit{entries: es, rest: rest, sep: sep}, true
				}
			}
		}
	}
	return capHit{}, false
}

// reWorksEnd: a name that ends in what it is ("Kaida Optoelectronics
// Factory"), not a caption that names one.
var reWorksEnd = lazyRegexp(`^(?:(?:\p{Lu}[\p{L}&.-]*|&)\s+){2,}(?:Factory|Works|Plant|Manufactory|Fabrik|Werk)$`)

// companyName reports a head that is a company's name, not a caption: in
// title case ending in "Factory" or "Works", or ending in a legal form
// ("… Manufacturing LLC").
func companyName(head string) bool {
	h := strings.TrimSpace(head)
	return reWorksEnd.MatchString(h) || len(strings.Fields(h)) >= 2 && reOrgEnd.MatchString(h)
}

// keywordFields returns the weak entries of the first keyword rule that
// key k matches, nil for none.
func keywordFields(k string) []lexEntry {
	for _, r := range keywordRules {
		if !r.re.MatchString(k) {
			continue
		}
		var es []lexEntry
		for _, f := range r.fields {
			es = append(es, lexEntry{field: f, weak: true, period: r.period})
		}
		return es
	}
	return nil
}

// tooShort reports a key too short to be a caption by its words: under
// three letters, or under two Han characters.
func tooShort(k string) bool {
	n := len([]rune(k))
	if eastAsian(k) {
		return n < 2
	}
	return n < 3
}

// ablate is the share of the lexicon's field captions left out, to
// measure how the reader copes with captions it has never seen (see
// AblateLexicon).
var ablate float64

// AblateLexicon leaves a share (0 to 1) of the caption lexicon's field
// captions out, chosen by a hash of each caption: an evaluation knob
// (evallayouts -ablate) that shows on known layouts what unseen wording
// costs. Call it before the first document is read.
func AblateLexicon(share float64) { ablate = share }

func ablated(caption string) bool {
	if ablate <= 0 {
		return false
	}
	h := fnv.New32a()
	h.Write([]byte(strings.TrimSpace(caption)))
	return float64(h.Sum32()%1000) < ablate*1000
}

// reCaptionEnd is how a caption ends and a name or a product rarely
// does: "Order No.", "Factory Name", "Part Number", "委托单位地址".
var reCaptionEnd = lazyRegexp(`\b(?:no|nr|number|num|name|date|dates|by|code|ref|reference|description|address|period|po|id)$|[号名期址称者]$`)

// keywordCaptionValue reports a cell that reads as a caption the lexicon
// does not list, so it is no value: a keyword caption that ends like one
// ("ORDER NO.", "PRODUCT CODE (型番)"), or one with its own value after a
// colon ("Our Ref.: XD2444-21721").
func keywordCaptionValue(t string) bool {
	h, ok := keywordCaption(t)
	if !ok {
		return false
	}
	if h.sep {
		return true
	}
	return reCaptionEnd.MatchString(capKey(t))
}
