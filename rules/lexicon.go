package rules

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"unicode"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/text"
)

// The caption lexicon of the generic reader: the ways report layouts
// caption each field, in English, Chinese, Japanese, German and Spanish.
// Entries are compared after capKey (case, width, punctuation folded), so
// "REPORT NO.:", "Report No" and "ＲＥＰＯＲＴ　ＮＯ" are one entry. A
// "~" prefix marks a weak caption: one that names the field only in
// context ("Date" near a report number), so a value under it earns less.
var fieldLexicon = map[string]string{
	"report_number": `report no|report number|report num|report #|report ref|report reference|report reference no|
		report ref no|reference no|reference number|ref no|our ref|our reference|test report no|test report number|
		test report|certificate no|certificate number|cert no|certificate #|certificate ref|certificate reference|
		reference test report|based on test report|test report ref|certificate of analysis no|coa no|analysis report no|
		lab report no|laboratory report no|file no|document no|serial no of report|report id|
		~no|~number|
		报告编号|报告号|报告号码|报告编号 no|证书号码|证书号|检测报告编号|证书编号|报告书编号|编号|檢測報告編號|報告編號|
		報告書番号|報告番号|試験報告書番号|成績書番号|証明書番号|
		berichtsnummer|bericht nr|prüfbericht nr|prüfberichtsnummer|zertifikat nr|zertifikatsnummer|bescheinigung nr|
		número de informe|numero de informe|n de informe|nº de informe|informe n|informe no|número de certificado|no de informe|certificado no|no de certificado`,
	"issue_date": `date of issue|issue date|issued date|date issued|issued on|issued|report date|date of report|
		issuing date|date of report issue|report issue date|issue date of report|report issued date|release date|
		date of certificate|certificate date|date reported|reported date|date of reporting|reported on|
		~date|~dated|~datum|~fecha|~日期|~日付|
		签发日期|发证日期|报告日期|出具日期|发布日期|簽發日期|報告日期|
		発行日|報告日|発行年月日|報告書発行日|
		ausstellungsdatum|datum des berichts|berichtsdatum|ausgabedatum|datum der ausstellung|
		fecha de emisión|fecha de emision|fecha del informe|fecha de expedición|fecha de expedicion`,
	"received_date": `recepción de muestra|recepcion de muestra|recepción de la muestra|fecha de entrada|fecha de recepción de muestra|eingang|probeneingangsdatum|sample receiving date|sample received date|sample receipt date|sample receipt|date of receipt|
		receipt date|date received|received date|received on|receiving date|date sample received|
		date of sample receipt|sample received on|date of receipt of test item|sample received|received|
		样品接收日期|收样日期|接收日期|到样日期|来样日期|收样时间|樣品接收日期|
		受付日|試料受付日|受領日|受入日|
		probeneingang|eingangsdatum|datum des probeneingangs|eingang der probe|
		fecha de recepción|fecha de recepcion|fecha de recepción de la muestra|recibido`,
	"test_period": `testing period|test period|period of testing|testing date|testing dates|test date|test dates|
		date of test|date of testing|dates of testing|analysis date|analysis dates|date of analysis|analysis period|
		analysed on|analyzed on|date tested|tested on|test duration|date(s) of performance of tests|
		testing performed|test performed|performance of tests|
		检测日期|测试日期|检验日期|检测期间|检测时间|测试时间|试验日期|檢測日期|
		試験期間|試験日|分析日|測定日|試験実施日|
		prüfzeitraum|prüfdatum|analysedatum|datum der prüfung|untersuchungszeitraum|
		fecha de ensayo|fecha del ensayo|periodo de ensayo|periodo de análisis|periodo de analisis|fechas de ensayo|fecha de análisis|fecha de analisis`,
	"test_start_date": `inicio del ensayo|inicio de ensayo|fecha de inicio del ensayo|prüfbeginn am|beginn der prüfung|analysis started|test start date|testing start date|start of testing|date test started|testing started|
		analysis start|start date|检测开始日期|开始日期|試験開始日|prüfbeginn|fecha de inicio`,
	"test_end_date": `fin del ensayo|fin de ensayo|fecha de finalización del ensayo|ende der prüfung|analysis end|analysis finished|test end date|testing end date|end of testing|date test completed|testing completed|
		test completion date|completion date|analysis completed|end date|检测结束日期|完成日期|结束日期|
		試験終了日|prüfende|fecha de finalización|fecha de finalizacion|fecha de término`,
	"applicant_name": `applicant|applicant name|name of applicant|applicant's name|client|client name|
		customer|customer name|requested by|request by|requester|submitted by|prepared for|issued to|
		company name|test requested by|sponsor|ordered by|
		申请单位|委托单位|申请人|委托方|委托人|客户名称|申请者|申請人|委託單位|
		依頼者|依頼者名|申請者|委託者|顧客名|
		auftraggeber|antragsteller|kunde|besteller|
		solicitante|cliente|nombre del cliente|peticionario|依頼元`,
	"applicant_address": `domicilio del solicitante|dirección del cliente|applicant address|address of applicant|applicant's address|client address|
		customer address|address of client|requester address|
		申请单位地址|委托单位地址|委托方地址|申请人地址|客户地址|
		依頼者住所|申請者住所|
		anschrift des auftraggebers|adresse des auftraggebers|auftraggeber adresse|
		dirección del solicitante|direccion del solicitante|dirección del cliente|direccion del cliente`,
	"manufacturer_name": `manufacturer|manufacturer name|name of manufacturer|manufacturer's name|maker|
		factory|factory name|~supplier|~supplier name|~vendor|~vendor name|producer|made by|production plant|
		vendor/manufacturer|manufacturer/factory|
		生产单位|制造商|生产商|生产厂家|生产企业|制造单位|供应商|工厂名称|製造商|
		製造者|製造元|メーカー|供給者|
		hersteller|herstellername|lieferant|produzent|
		fabricante|proveedor|nombre del fabricante|fabricado por|productor|herstellerfirma|製造業者`,
	"product_name": `nombre del artículo|nombre del articulo|descripción del artículo|descripcion del articulo|artículo|articulo|bezeichnung|sample name|product name|name of sample|name of product|sample description|
		description of sample|product description|test item description|item description|item name|
		article name|article description|part name|part description|sample|product|test sample|
		description|material description|goods|commodity|sample identification|test item|
		样品名称|产品名称|样品描述|样品|产品|送检样品|樣品名稱|產品名稱|
		試料名|製品名|品名|サンプル名|試験品名|
		probenbezeichnung|produktbezeichnung|produkt|probe|artikelbezeichnung|muster|
		nombre de la muestra|descripción de la muestra|descripcion de la muestra|producto|muestra|nombre del producto|prüfgegenstand|article`,
	"model_number": `no de pieza|n o de pieza|número de pieza|numero de pieza|n de pieza|referencia del artículo|código de artículo|codigo de articulo|model|model no|model number|model name|model(s)|type|type/model|model/type|
		model/type reference|style no|style number|style|item no|item number|article no|article number|
		article code|part no|part number|part code|product code|product no|sku|catalogue no|catalog no|
		reference|type reference|
		型号|规格型号|型号规格|款号|货号|产品型号|型號|
		型式|型番|品番|モデル|
		modell|modellnummer|typ|artikelnummer|artikel nr|teilenummer|
		modelo|referencia|número de artículo|numero de articulo|código de producto|codigo de producto`,
	"batch_number": `batch no|batch number|batch|lot no|lot number|lot|lot/batch no|batch/lot no|lot/batch|
		batch/lot|heat no|heat number|lot/heat no|production lot|production batch|
		批号|生产批号|批次|批次号|批號|
		ロット番号|ロット|製造番号|
		chargennummer|charge|chargen nr|los nr|losnummer|
		número de lote|numero de lote|lote|n de lote|no de lote|バッチ番号`,
	"po_number": `po|po no|po nos|po number|p o no|p o nos|p o number|purchase order|purchase order no|purchase order number|
		order no|order number|customer po|client po|po #|
		订单号|采购订单号|订单编号|注文番号|発注番号|bestellnummer|auftragsnummer|
		número de pedido|numero de pedido|orden de compra|pedido|pedido no|bestell nr|buyer po|合同号`,
	"lab_name": `testing laboratory|test laboratory|laboratory|lab name|laboratory name|name of laboratory|
		testing lab|lab performing tests|performed by|issued by|testing organization|signed for and on behalf of|
		检测机构|检验机构|检测单位|试验机构|試験機関|試験所|prüflabor|prüfstelle|laboratorio|laboratorio de ensayo`,
	"signatory_name": `approved by|authorised by|authorized by|authorised signatory|authorized signatory|
		approved signatory|signatory|signed by|signed for and on behalf of|reviewed and approved by|
		released by|certified by|laboratory director|lab director|technical manager|technical director|
		quality manager|laboratory manager|lab manager|general manager|head of laboratory|head of testing|
		certification manager|managing director|
		批准|批准人|授权签字人|签发人|审批|承認|承認者|認証者|genehmigt von|freigegeben von|unterschrift|
		aprobado por|autorizado por|firmado por|firma autorizada|genehmigt|責任者`,
	"overall_result": `overall result|overall conclusion|disposition|final disposition|conclusion|test conclusion|final conclusion|
		overall assessment|assessment|final result|overall verdict|verdict|overall|summary|summary of results|
		overall test result|test result summary|result summary|overall evaluation|evaluation|judgement|
		judgment|overall judgement|~result|~results|~test result|
		结论|检验结论|检测结论|总结论|综合判定|判定|总体结论|結論|
		総合判定|総合評価|判定結果|
		gesamtergebnis|gesamtbewertung|ergebnis|bewertung|fazit|beurteilung|
		conclusión|conclusion general|resultado global|resultado general|dictamen|evaluación|resultado`,
	"test_standards": `normas aplicadas|norma aplicada|métodos aplicados|angewandte normen|angewandte verfahren|test method|test methods|test standard|test standards|standard|standards|
		test specification|test specifications|applicable standard|applicable standards|test basis|
		test requirement|test requirements|method|methods|specification|reference standard|test procedure|
		~requirement|~requirements|~in accordance with|标准|
		检测依据|检验依据|测试标准|检测标准|检测方法|测试方法|试验方法|依据标准|
		試験方法|試験規格|適用規格|準拠規格|prüfgrundlage|prüfnorm|prüfverfahren|prüfmethode|norm|normen|
		norma|normas|norma de ensayo|método de ensayo|metodo de ensayo|métodos de ensayo|applied standards|standards applied`,
	"lab_accreditation": `accreditation no|accreditation number|accreditation|cnas no|lab code|
		认可编号|認定番号|akkreditierung|acreditación|acreditacion`,
}

// otherCaptions are captions of things the record does not carry; a value
// that is one of them is a neighbouring caption, never a value.
var otherCaptions = `page|tel|telephone|phone|fax|e-mail|email|website|web|signature|sign|date|name|address|
	sample qty|sample quantity|quantity|qty|number of samples|no of samples|sample no|sample number|sample id|
	sample ref|colour|color|material|materials|country of origin|origin|brand|brand name|trademark|buyer|agent|
	contact|contact person|attn|attention|remark|remarks|note|notes|sample status|sample condition|condition|
	test requirement|test requirements|requirement|test method|test methods|method|standard|standards|
	test standard|test standards|test specification|test item(s)|test items|items|item|size|weight|season|
	department|position|title|unit|units|limit|mdl|rl|loq|lod|result|results|value|verdict|remark(s)|
	applicant address|address of manufacturer|manufacturer address|factory address|supplier address|
	description|model|type|grade|age group|end use|intended use|no|number|ref|test|testing|sample|
	date of sample|sample date|sampling date|sampled by|sample source|sample received condition|
	prepared by|checked by|reviewed by|tested by|compiled by|inspector|engineer|technician|
	地址|电话|传真|邮箱|页|页码|日期|名称|数量|样品数量|颜色|材质|商标|备注|检测项目|检测方法|标准|
	住所|電話|数量|備考|ページ|seite|datum|adresse|anschrift|menge|bemerkung|dirección|direccion|
	teléfono|telefono|fecha|cantidad|observaciones|página|pagina|domicilio|nombre|número|numero|nr|datum|
	país de origen|pais de origen|origen|herkunft|herkunftsland|原产国|原産国|产地|原产地|原産地|anzahl|menge|数量|quantity|cantidad|
	serial no|serial number|
	sample state|sample condition|estado de la muestra|zustand|probenzustand|zustand der probe|appearance|aussehen|
	aspecto|样品状态|样品状况|样品外观|外观|状态|試料の状態|試料状態|サンプル状態|外観|状態|tests requested|test requested|依頼試験|expediente|job no|job number|auftrag|marke|marca|color|farbe|
	scope|scope of test|scope of testing|alcance|ensayos solicitados|ensayo solicitado|análisis solicitados|
	analisis solicitados|prüfumfang|pruefumfang|untersuchungsumfang|检测范围|測試範圍|試験範囲|
	trade mark|trade name|warenzeichen|marca comercial|
	valid until|valid till|valid through|validity|expiry|expiry date|date of expiry|expires on|有效期|有效期至|有效期限|截止日期|
	gültig bis|gültigkeit|ablaufdatum|válido hasta|valido hasta|vigencia|fecha de caducidad|有効期限`

// lexEntry is one caption of one field.
type lexEntry struct {
	field  string
	weak   bool
	period bool // a testing period: its end is only read from a range
}

// The lexicon maps a caption key to what it captions; a key may caption
// several fields ("Testing Period" is both test dates). It is built on
// first use (about 3 ms), not at every process's start.
var lexOnce = sync.OnceValues(buildLexicon)

// lexicon maps a caption key to the fields it names.
func lexicon() map[string][]lexEntry { l, _ := lexOnce(); return l }

// captionKeys holds every caption key, of fields and of other things.
func captionKeys() map[string]bool { _, k := lexOnce(); return k }

func buildLexicon() (map[string][]lexEntry, map[string]bool) {
	lx := map[string][]lexEntry{}
	all := map[string]bool{}
	for f, list := range fieldLexicon {
		for _, s := range strings.Split(list, "|") {
			if ablated(s) {
				continue
			}
			weak := false
			s = strings.TrimSpace(s)
			if rest, ok := strings.CutPrefix(s, "~"); ok {
				s, weak = rest, true
			}
			k := capKey(s)
			if k == "" {
				continue
			}
			fields := []string{f}
			if f == "test_period" {
				fields = []string{"test_start_date", "test_end_date"}
			}
			for _, ff := range fields {
				lx[k] = append(lx[k], lexEntry{field: ff, weak: weak, period: f == "test_period"})
			}
			all[k] = true
		}
	}
	for _, s := range strings.Split(otherCaptions, "|") {
		if k := capKey(s); k != "" {
			all[k] = true
		}
	}
	// a scan's OCR loses accents and umlauts ("PRUFUMFANG", "RECEPCION"):
	// each caption is known without them too
	for k := range all {
		f := strings.Map(foldAccent, k)
		if f == k || all[f] {
			continue
		}
		all[f] = true
		if es, ok := lx[k]; ok {
			lx[f] = slices.Clone(es)
		}
	}
	// a caption of several fields lists them in one order, not the
	// map's: readers take the first that fits
	for _, es := range lx {
		slices.SortStableFunc(es, func(a, b lexEntry) int {
			return cmp.Compare(slices.Index(labrelay.FieldNames, a.field), slices.Index(labrelay.FieldNames, b.field))
		})
	}
	return lx, all
}

// capKey folds a caption for lookup: lower case, full-width folded, every
// run of punctuation or space one space, "(s)" dropped, ordinal marks
// ("Nº", "n°") read as "no".
func capKey(s string) string {
	s = strings.ReplaceAll(s, "(s)", "")
	s = strings.ReplaceAll(s, "(S)", "")
	if strings.Contains(s, ".") {
		s = reOrdinalNo.ReplaceAllString(s, "no")
	}
	var b strings.Builder
	space := true
	for _, r := range joinEastAsian(foldWidth(s)) {
		switch {
		case r == 'º' || r == '°' || r == '№':
			r = 'o'
		case r == '#':
			// "PO #" keeps the mark: it is a caption's "number".
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'':
		default:
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		if r == '\'' {
			continue // "applicant's" = "applicants"
		}
		b.WriteRune(unicode.ToLower(r))
		space = false
	}
	return strings.TrimSpace(b.String())
}

// joinEastAsian drops the spaces between two East Asian letters: letter
// spacing ("委托 单位"), not a word break.
func joinEastAsian(s string) string {
	if !strings.Contains(s, " ") {
		return s
	}
	rs := []rune(s)
	out := rs[:0:0]
	for i, r := range rs {
		if r == ' ' && i > 0 && i+1 < len(rs) && eaLetter(rs[i-1]) && eaLetter(rs[i+1]) {
			continue
		}
		out = append(out, r)
	}
	return string(out)
}

// reOrdinalNo is "number" written with a period before the ordinal mark:
// "N.º", "n.°".
var reOrdinalNo = lazyRegexp(`\b[Nn]\.\s?[º°o]`)

// captionFields returns the fields a caption key names. A bilingual key
// ("报告编号 report no", "report no 报告编号") names a field when every
// script run of it that is a caption names it.
func captionFields(k string) []lexEntry {
	if es, ok := lexicon()[k]; ok {
		return es
	}
	parts := scriptRuns(k)
	if es := partsFields(parts); len(es) > 0 {
		return es
	}
	if es := eastAsianSuffix(k); len(es) > 0 {
		return es
	}
	return dateCaption(k)
}

// eastAsianSuffix reads a caption written without spaces as a known
// caption of three or more characters after a short qualifier ("测试" +
// "开始日期"): East Asian captions compose that way.
func eastAsianSuffix(k string) []lexEntry {
	rs := []rune(k)
	if len(rs) < 5 || len(rs) > 10 {
		return nil
	}
	for _, r := range rs {
		if !text.IsCJK(r) {
			return nil
		}
	}
	for i := 1; i <= 3 && len(rs)-i >= 3; i++ {
		es, ok := lexicon()[string(rs[i:])]
		if !ok || es[0].weak {
			continue
		}
		if pre, ok := lexicon()[string(rs[:i])]; ok && len(intersect(pre, es)) == 0 {
			return nil // two captions of different fields
		}
		return es
	}
	return nil
}

// reDatePart is a date's digits, "04/14", "14.11", "2025-11".
var reDatePart = lazyRegexp(`\d[/.\-]\d`)

// compoundFields reads a caption made of captions: "Style/Item No.",
// "Lot/Heat No.", "Order no. (PO)": the parts split at slashes and
// brackets must all be captions, and name a field.
func compoundFields(caption string) []lexEntry {
	parts := strings.FieldsFunc(caption, func(r rune) bool { return strings.ContainsRune("/／()（）[]|", r) })
	if len(parts) < 2 || reDatePart.MatchString(caption) {
		// "Testing Started (开始日 04/14/2026": a date after the
		// caption, no part of it ("(3878)" is a translation misread)
		return nil
	}
	var keys []string
	for _, p := range parts {
		if k := capKey(p); k != "" {
			keys = append(keys, k)
		}
	}
	var out []lexEntry
	address := false
	for _, k := range keys {
		if neutralCaptions[k] {
			continue
		}
		if addressCaptions[k] {
			address = true // "Anschrift/Applicant Address": the word again
			continue
		}
		es := captionFields(k)
		if len(es) == 0 {
			if captionKeys()[k] {
				return nil // "Intended use (client)": a caption of something else
			}
			continue // a word the lexicon does not know: a translation
		}
		if out == nil {
			out = es
			continue
		}
		if out = intersect(out, es); len(out) == 0 {
			return nil
		}
	}
	if address {
		// an address of whom the other part names: the applicant's only
		return intersect(out, []lexEntry{{field: "applicant_address"}})
	}
	return out
}

func partsFields(parts []string) []lexEntry {
	if len(parts) < 2 {
		return nil
	}
	var out []lexEntry
	for i, p := range parts {
		es, ok := lexicon()[p]
		if !ok {
			if captionKeys()[p] {
				continue
			}
			return nil
		}
		if i == 0 || out == nil {
			out = es
			continue
		}
		out = intersect(out, es)
	}
	return out
}

func intersect(a, b []lexEntry) []lexEntry {
	var out []lexEntry
	for _, x := range a {
		for _, y := range b {
			if x.field == y.field {
				out = append(out, lexEntry{field: x.field, weak: x.weak && y.weak, period: x.period})
				break
			}
		}
	}
	return out
}

// scriptRuns splits a key where East Asian text meets Latin text.
func scriptRuns(k string) []string {
	var out []string
	start, prevEA := 0, false
	first := true
	for i, r := range k {
		if r == ' ' {
			continue
		}
		ea := text.IsCJK(r)
		if !first && ea != prevEA {
			out = append(out, strings.TrimSpace(k[start:i]))
			start = i
		}
		prevEA, first = ea, false
	}
	out = append(out, strings.TrimSpace(k[start:]))
	return out
}

// isCaptionText reports whether a printed cell is a caption of any field
// or of anything else a report captions, in any language the lexicon
// knows: such a cell is never a value.
func isCaptionText(t string) bool {
	t = strings.TrimSpace(t)
	if t == "" {
		return false
	}
	k := capKey(t)
	if k == "" {
		return false
	}
	if captionKeys()[k] || dateCaption(k) != nil {
		return true
	}
	if compoundCaption(t) || twoCaptions(t) {
		return true
	}
	parts := scriptRuns(k)
	if len(parts) < 2 {
		return false
	}
	known := false // a run that is a caption, of a field or another
	for _, p := range parts {
		known = known || len(captionFields(p)) > 0 || captionKeys()[p]
	}
	for _, p := range parts {
		// an unknown East Asian run beside a caption is its
		// translation ("バッチ番号 Heat No.", "COLOUR 色")
		if !captionKeys()[p] && !(known && eastAsianRun(p)) {
			return false
		}
	}
	return true
}

// eastAsianRun reports a short run of East Asian letters only.
func eastAsianRun(p string) bool {
	rs := []rune(p)
	if len(rs) == 0 || len(rs) > 8 {
		return false
	}
	for _, r := range rs {
		if !text.IsCJK(r) {
			return false
		}
	}
	return true
}

// hasCaptionWord reports whether a word of s is a caption by itself
// ("BUYER PO"): not a person's name.
func hasCaptionWord(s string) bool {
	for _, w := range strings.Fields(s) {
		if captionKeys()[capKey(w)] {
			return true
		}
	}
	return false
}

// fuzzyMin is the shortest caption matched with one character wrong:
// shorter ones ("lot", "date") would match other words.
const fuzzyMin = 7

// fuzzyKeys are the field captions long enough for fuzzy matching, by
// length in runes.
var fuzzyKeys = sync.OnceValue(func() map[int][]string {
	m := map[int][]string{}
	for k := range lexicon() {
		if n := len([]rune(k)); n >= fuzzyMin {
			m[n] = append(m[n], k)
		}
	}
	for _, ks := range m {
		slices.Sort(ks) // fuzzyCaption keeps the last of two near captions of one field
	}
	return m
})

// glyphCaptionMin is the shortest caption matched with one confused
// glyph (glyphPairs: "Ctient" for Client), under fuzzyMin: a confusion
// of Tesseract's, not any letter, makes a short word safe.
const glyphCaptionMin = 5

// glyphCaption returns the fields of the one caption of glyphCaptionMin
// to fuzzyMin-1 letters (or of another thing) that k reads as with one
// glyph confused; nil when none, or when that caption is something
// else's, or two fields' captions are as near.
func glyphCaption(k string) []lexEntry {
	n := len([]rune(k))
	if n < glyphCaptionMin || n >= fuzzyMin || captionKeys()[k] {
		return nil
	}
	hit := ""
	for c := range captionKeys() {
		if len([]rune(c)) != n || !confusable(k, c) || diffCount(k, c) != 1 {
			continue
		}
		if hit != "" || len(lexicon()[c]) == 0 {
			return nil // near two captions, or one of something else
		}
		hit = c
	}
	if hit == "" {
		return nil
	}
	return lexicon()[hit]
}

// diffCount counts the positions where a and b, as long, differ.
func diffCount(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	n := 0
	for i := range ra {
		if i < len(rb) && ra[i] != rb[i] {
			n++
		}
	}
	return n
}

// hanFuzzyMin is the shortest Han caption matched with one character
// wrong: four characters are as telling as seven letters.
const hanFuzzyMin = 4

// hanFuzzyKeys are the captions (of fields and of other things) of
// hanFuzzyMin East Asian characters or more, by length.
var hanFuzzyKeys = sync.OnceValue(func() map[int][]string {
	m := map[int][]string{}
	for k := range captionKeys() {
		if n := len([]rune(k)); n >= hanFuzzyMin && eastAsianRun(k) {
			m[n] = append(m[n], k)
		}
	}
	for _, ks := range m {
		slices.Sort(ks)
	}
	return m
})

// fuzzyCaption returns the fields of the one caption within one edit of
// k; none when no caption or more than one field's caption is that near.
func fuzzyCaption(k string) []lexEntry {
	rk := []rune(k)
	if len(rk) == hanFuzzyMin-1 && eastAsianRun(k) {
		return hanHeadLost(k)
	}
	han := len(rk) >= hanFuzzyMin && eastAsianRun(k)
	if len(rk) < fuzzyMin && !han {
		return nil
	}
	var found []lexEntry
	hit := ""
	for n := len(rk) - 1; n <= len(rk)+1; n++ {
		keys := fuzzyKeys()[n]
		if han {
			// a Han caption: one character misread ("检测中期" for
			// 检测日期), none lost or added
			keys = nil
			if n == len(rk) {
				keys = hanFuzzyKeys()[n]
			}
		}
		for _, c := range keys {
			if !within1(rk, []rune(c)) {
				continue
			}
			if len(lexicon()[c]) == 0 {
				return nil // near a caption of something else
			}
			if hit != "" && lexicon()[hit][0].field != lexicon()[c][0].field {
				return nil // near two fields' captions: do not guess
			}
			hit, found = c, lexicon()[c]
		}
	}
	if found == nil && !han && len(rk) >= fuzzy2Min {
		found = fuzzy2Caption(k)
	}
	if found == nil && !han && len(rk) >= latinTailMin {
		found = latinTailLost(k)
	}
	if found == nil && han && len(rk) >= hanTailMin {
		return hanTailLost(k)
	}
	return found
}

// hanTailMin is the shortest Han caption read with its last character
// lost: four characters before it tell one caption from another.
const hanTailMin = 5

// hanTailLost reads a Han caption as the one a character longer it
// starts, its last character lost to the value beside it ("委托单位地"
// for 委托单位地址, 址 read into the address's first word), when one
// caption only starts so.
func hanTailLost(k string) []lexEntry { return hanOneLost(k, strings.HasPrefix) }

// hanHeadLost reads a Han caption of three characters as the one of four
// it ends, its first character lost at a cell's edge ("告号码" for 报告号码),
// when one caption only ends so.
func hanHeadLost(k string) []lexEntry { return hanOneLost(k, strings.HasSuffix) }

// hanOneLost is the fields of the one Han caption a character longer
// than k that holds k as holds says (at its start or its end); none when
// no caption or more than one does.
func hanOneLost(k string, holds func(c, k string) bool) []lexEntry {
	hit := ""
	for _, c := range hanFuzzyKeys()[len([]rune(k))+1] {
		if holds(c, k) {
			if hit != "" {
				return nil
			}
			hit = c
		}
	}
	if hit == "" {
		return nil
	}
	return lexicon()[hit]
}

// latinTailMin is the shortest Latin caption read with its end lost (a
// seal over "Ausstellungsdatum" read "Ausstellungsda"): ten letters tell
// one caption from another.
const latinTailMin = 10

// latinTailMax is the most letters a caption may have lost at its end.
const latinTailMax = 5

// latinTailLost is the fields of the captions k is the start of, their
// last word up to latinTailMax letters short, when they name one field and none is a
// caption of something else.
func latinTailLost(k string) []lexEntry {
	n := len([]rune(k))
	var found []lexEntry
	for c := range captionKeys() {
		if m := len([]rune(c)); m <= n || m > n+latinTailMax || !strings.HasPrefix(c, k) || strings.ContainsFunc(c[len(k):], func(r rune) bool { return !unicode.IsLetter(r) }) {
			continue // (the end of a word lost, not a word: "Authorized" is not "Authorized by")
		}
		es := lexicon()[c]
		if len(es) == 0 || found != nil && found[0].field != es[0].field {
			return nil
		}
		found = es
	}
	return found
}

// fuzzy2Min is the length from which a caption may be two edits off: a
// scan's light print misreads two letters of a long word
// ("Maraufacturer").
const fuzzy2Min = 12

// fuzzy2Caption is the field of the captions within two edits of k, when
// they name one field and no caption of something else is as near.
func fuzzy2Caption(k string) []lexEntry {
	rk := []rune(k)
	var found []lexEntry
	for c := range captionKeys() {
		rc := []rune(c)
		if len(rc) < len(rk)-2 || len(rc) > len(rk)+2 || editDistance(rk, rc) > 2 {
			continue
		}
		es := lexicon()[c]
		if len(es) == 0 || found != nil && found[0].field != es[0].field {
			return nil // near a caption of something else, or of two fields
		}
		found = es
	}
	return found
}

// within1 reports whether a and b differ by at most one insertion,
// deletion or substitution.
func within1(a, b []rune) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) == len(b) {
		return string(a[i+min(1, len(a)-i):]) == string(b[i+min(1, len(b)-i):])
	}
	return string(a[i:]) == string(b[i+1:])
}

// idSuffix are the neutral captions that make an identifier's caption of
// what they follow.
var idSuffix = map[string]bool{"no": true, "number": true, "nr": true, "número": true, "numero": true,
	"n o": true, "nº": true, "#": true, "ref": true, "番号": true, "编号": true, "code": true, "id": true, "num": true}

func anyIDField(es []lexEntry) bool {
	for _, e := range es {
		if idField[e.field] {
			return true
		}
	}
	return false
}

// neutralCaptions name nothing by themselves: the second language of a
// caption often says only "date" or "number" ("Date Reported (Fecha)").
var neutralCaptions = map[string]bool{"date": true, "fecha": true, "datum": true, "日期": true, "日付": true,
	"no": true, "number": true, "nr": true, "número": true, "numero": true, "name": true, "nombre": true,
	"n o": true, "nº": true, "#": true, "ref": true, "名称": true, "番号": true, "编号": true}

// splitCaption reads a caption printed in two languages of one script
// without a separator ("FECHA ISSUED ON", "NÚMERO DE INFORME CERTIFICATE
// NUMBER"): the words split in two, each half a caption, the halves
// naming the same field or one of them naming nothing in particular.
func splitCaption(words []string) []lexEntry {
	if len(words) < 2 || len(words) > 10 {
		return nil
	}
	// an unknown first half is taken for a translation only in a caption
	// set in capitals, as bilingual captions are
	joined := strings.Join(words, " ")
	upper := strings.ToUpper(joined) == joined
	for k := 1; k < len(words); k++ {
		a, b := capKey(strings.Join(words[:k], " ")), capKey(strings.Join(words[k:], " "))
		ea, eb := captionFields(a), captionFields(b)
		switch {
		case len(ea) > 0 && len(eb) > 0:
			if out := intersect(ea, eb); len(out) > 0 {
				return out
			}
		case len(ea) > 0 && neutralCaptions[b] && (!idSuffix[b] || anyIDField(ea)):
			// "Product No." is the product's number, not its name
			return ea
		case len(eb) > 0 && neutralCaptions[a]:
			return eb
		case isAddressCaption(a) && hasField(eb, labrelay.FieldApplicantAddress):
			// "Anschrift Applicant Address": the word in another
			// language, maybe qualified ("Dirección del cliente Postal
			// Address")
			return eb
		case isAddressCaption(b) && hasField(ea, labrelay.FieldApplicantAddress):
			return ea
		case len(eb) > 0 && k <= 4 && !captionKeys()[a] && upper:
			// "DOMICILIO CUSTOMER ADDRESS": an unknown translation first;
			// a value never stands before its caption
			return eb
		}
	}
	return nil
}

// twoCaptions reports a caption printed in two languages joined by a
// space, each half one the lexicon knows ("Marke Brand Name").
func twoCaptions(t string) bool {
	t = strings.TrimSpace(t)
	if n := strings.Count(t, " "); n < 1 || n > 7 || reHasDigit.MatchString(t) {
		return false
	}
	for i, r := range t {
		// split at each space: capKey folds the spaces either side
		if r == ' ' && captionKeys()[capKey(t[:i])] && captionKeys()[capKey(t[i+1:])] {
			return true
		}
	}
	return false
}

// hasField reports whether es names field.
func hasField(es []lexEntry, field string) bool {
	return slices.ContainsFunc(es, func(e lexEntry) bool { return e.field == field })
}

// compoundCaption reports a caption printed in two forms ("Anzahl/
// Quantity", "Sample State / Estado de la muestra", "住所/POSTAL ADDRESS"):
// short, no digit, and a part split at slashes or brackets is a caption.
func compoundCaption(t string) bool {
	if !strings.ContainsAny(t, "/／(（") || len(strings.Fields(t)) > 8 || strings.ContainsAny(t, "0123456789") {
		return false
	}
	found := false
	for _, p := range strings.FieldsFunc(t, func(r rune) bool { return strings.ContainsRune("/／()（）", r) }) {
		k := capKey(p)
		if captionKeys()[k] || eastAsianCaptionEnd(k) {
			found = true
			continue
		}
		if personLike(strings.TrimSpace(p)) && !hasCaptionWord(p) || reOrg.MatchString(p) && len(strings.Fields(p)) >= 2 {
			return false // "Patrick Ng (Technical Manager)": a name and a title
		}
		for _, r := range scriptRuns(k) {
			found = found || captionKeys()[r] && len(lexicon()[r]) > 0
		}
	}
	return found
}

// eastAsianCaptionEnd reports an East Asian key that ends in a caption
// of two or more characters ("设备名称" ends in "名称"): a caption, not a
// person's name of the same length.
func eastAsianCaptionEnd(k string) bool {
	rs := []rune(k)
	for _, r := range rs {
		if !text.IsCJK(r) {
			return false
		}
	}
	for i := 1; i+2 <= len(rs); i++ {
		if captionKeys()[string(rs[i:])] {
			return true
		}
	}
	return false
}

func eaLetter(r rune) bool { return unicode.IsLetter(r) && text.IsCJK(r) }
