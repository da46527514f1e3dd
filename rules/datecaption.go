package rules

import (
	"strings"

	"github.com/labrelay/labrelay/internal/text"
)

// A date caption the lexicon does not list is read from its words: a
// word that says "date" or "period" and words that say which date
// ("Date Testing Began", "Analysenzeitraum", "检测周期", "Fecha de
// recepción de la muestra"). Labs word these freely; the words are few.

// dateKinds are the word stems of each kind of date, Latin stems matched
// at the start of a word, East Asian ones anywhere in the caption.
var dateKinds = []struct {
	kind  byte
	latin []string
	cjk   []string
}{
	{'D', []string{"date", "dated", "datum", "fecha", "period", "periodo", "période", "zeitraum", "dauer", "duration", "data"},
		[]string{"日期", "期间", "期間", "周期", "时间", "時間", "年月日", "日"}},
	{'R', []string{"receipt", "receiv", "arriv", "eingang", "empfang", "recep", "recib", "entrada", "réception", "reçu", "intake"},
		[]string{"收样", "来样", "接收", "到样", "收到", "受付", "受領", "受入", "入荷", "受理"}},
	{'I', []string{"issu", "report", "releas", "ausstell", "bericht", "ausgabe", "emisi", "expedi", "informe", "émission", "certificat"},
		[]string{"签发", "出具", "发布", "报告", "發行", "発行", "報告", "簽發", "发证"}},
	{'S', []string{"start", "began", "begin", "commenc", "beginn", "inicio", "début", "debut", "from"},
		[]string{"开始", "開始", "起始"}},
	{'E', []string{"end", "complet", "finish", "ende", "abschluss", "fin", "finaliz", "término", "termin", "until"},
		[]string{"结束", "終了", "完成", "完了", "结束"}},
	{'T', []string{"test", "analy", "prüf", "pruef", "untersuch", "ensayo", "análisis", "essai", "measur", "inspect", "examin"},
		[]string{"检测", "测试", "检验", "试验", "試験", "分析", "測定", "检查", "檢測"}},
}

// dateCaption returns the date fields a caption key names by its words;
// nil when it names none or more than one kind of date.
func dateCaption(k string) []lexEntry {
	if k == "" || reHasDigit.MatchString(k) || len(strings.Fields(k)) > 7 {
		return nil
	}
	has := map[byte]bool{}
	for _, w := range strings.Fields(k) {
		for _, dk := range dateKinds {
			for _, st := range dk.latin {
				if strings.HasPrefix(w, st) || dk.kind == 'D' && len(w) > len(st)+2 && strings.HasSuffix(w, st) {
					has[dk.kind] = true
				}
			}
		}
	}
	if strings.IndexFunc(k, text.IsCJK) >= 0 {
		for _, dk := range dateKinds {
			for _, st := range dk.cjk {
				has[dk.kind] = has[dk.kind] || strings.Contains(k, st)
			}
		}
	}
	n := 0
	for _, c := range []byte("RISE") {
		if has[c] {
			n++
		}
	}
	switch {
	case n > 1 && !(has['S'] && has['E']):
		return nil // "Received / Start": two dates in one caption
	case has['S'] && has['E'] || has['T'] && has['D'] && n == 0:
		return []lexEntry{{field: "test_start_date", period: true}, {field: "test_end_date", period: true}}
	case has['R'] && (has['D'] || !has['T'] && receivedAlone(k)):
		return []lexEntry{{field: "received_date"}}
	case has['I'] && has['D'] && !has['T']:
		return []lexEntry{{field: "issue_date"}}
	case has['S'] && (has['D'] || has['T']):
		return []lexEntry{{field: "test_start_date"}}
	case has['E'] && (has['D'] || has['T']):
		return []lexEntry{{field: "test_end_date"}}
	}
	return nil
}

// receivedAlone reports a receipt word with at most a preposition or
// "sample" beside it: "Received on", "Recibido el", "Eingang am".
func receivedAlone(k string) bool {
	ws := strings.Fields(k)
	if len(ws) > 3 {
		return false
	}
	for _, w := range ws {
		if !receiptFillers[w] && !strings.HasPrefix(w, "rec") && !strings.HasPrefix(w, "eingang") && !strings.HasPrefix(w, "empfang") && !strings.HasPrefix(w, "arriv") {
			return false
		}
	}
	return true
}

var receiptFillers = map[string]bool{"on": true, "el": true, "am": true, "le": true, "de": true, "of": true, "the": true,
	"sample": true, "samples": true, "der": true, "probe": true, "muestra": true, "la": true}
