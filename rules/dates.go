package rules

import (
	"maps"
	"strings"

	"github.com/labrelay/labrelay/normalize"
)

// dateOrder says how to read a numeric date: day first or month first.
// The document settles it when another date in it has a day above 12
// (14/01/2026 proves day-first); otherwise the pack's convention holds,
// and an ambiguous date (both parts ≤ 12) is read with lower confidence.
func (d *docFuncs) dateOrder(s string) (dayFirst bool, factor float64) {
	a, b, ok := normalize.NumericDateParts(s)
	if !ok {
		return d.dayFirst, 1
	}
	if a > 12 || b > 12 {
		return a > 12, 1
	}
	if d.order == 0 && d.v != nil {
		d.order = -1 // unknown
		switch normalize.DocumentDateOrder(d.v.Text, d.letterhead()) {
		case normalize.OrderDayFirst:
			d.order = 1
		case normalize.OrderMonthFirst:
			d.order = 2
		}
	}
	switch d.order {
	case 1:
		return true, 1
	case 2:
		return false, 1
	}
	return d.dayFirst, confAmbiguousDate
}

// letterhead is the text of the first lines of page 1.
func (d *docFuncs) letterhead() string {
	var b strings.Builder
	for i, ln := range d.v.Lines {
		if i >= 5 || ln.Page != d.v.Lines[0].Page {
			break
		}
		b.WriteString(ln.Text + "\n")
	}
	return b.String()
}

// localMonths are month names of the languages reports are printed in
// besides English, by their English name: "10. Juni 2026", "5 de mayo de
// 2026", "3 août 2026" read as "10 June 2026" and so on, with or
// without their accents.
var localMonths = func() map[string]string {
	en := []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	lists := []string{
		"januar jänner februar märz april mai juni juli august september oktober november dezember",
		"enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
		"janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
		"gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
		"jan jän feb mär apr mai jun jul aug sep okt nov dez",
		"ene feb mar abr may jun jul ago sep oct nov dic",
	}
	m := map[string]string{"setiembre": "September", "maerz": "March"}
	for _, e := range en {
		m[strings.ToLower(e)] = e
	}
	for _, l := range lists {
		ws := strings.Fields(l)
		if len(ws) == 13 { // German has two names for January
			ws = append(ws[:1], ws[2:]...)
			m["jänner"] = "January"
		}
		for i, w := range ws {
			if _, ok := m[w]; !ok {
				m[w] = en[i]
			}
		}
	}
	// OCR drops accents: "8. Marz 2025", "3 aout 2026"
	for w, e := range maps.Clone(m) {
		if f := strings.Map(foldAccent, w); f != w {
			if _, ok := m[f]; !ok {
				m[f] = e
			}
		}
	}
	return m
}()

// reMonthWord is a word of a printed date, with the bracket or stroke OCR
// reads a capital J as (")ul"), and digits it reads letters as ("0ct").
var reMonthWord = lazyRegexp(`[)\]|]?\p{L}[\p{L}01]+|[01]\p{L}{2,}`)

// misreadMonth puts right a date's month name OCR read a glyph or two off
// ("06-)ul-2024", "3 Juiy 2026", "0ct"): a word no month's name, that is
// one month's name but for glyphs OCR confuses, is that month.
func misreadMonth(s string) (string, bool) {
	return nearMonth(s, func(w string) string {
		if strings.ContainsAny(w[:1], ")]|") {
			return "j" + w[1:]
		}
		return w
	}, func(w, k string) bool { return w == k || confusable(w, k) })
}

// farMonth puts right a date's month name OCR misread two letters off
// under a seal ("14 Jurte 2026"): a word of five letters or more, no
// month's name, within two edits of one month's full name only; or a
// three-letter word one letter off one month's short name after its
// first ("Apt 13, 2024"). What it reads is a guess, for review.
func farMonth(s string) (string, bool) {
	return nearMonth(s, func(w string) string { return w }, func(w, k string) bool {
		rw, rk := []rune(w), []rune(k)
		if len(rw) == 3 && len(rk) == 3 {
			return rw[0] == rk[0] && editDistance(rw, rk) == 1
		}
		return len(rw) >= 5 && len(rk) >= 4 && editDistance(rw, rk) <= 2
	})
}

// nearMonth replaces each word of s that is no month's name nor a
// filler, read as fix reads it, by the English name of the one month
// whose names it is near; a word near two months' names is left.
func nearMonth(s string, fix func(w string) string, near func(w, k string) bool) (string, bool) {
	changed := false
	out := reMonthWord.ReplaceAllStringFunc(s, func(w string) string {
		lw := strings.ToLower(w)
		if _, ok := localMonths[lw]; ok || dateFillers[lw] {
			return w
		}
		lw = fix(lw)
		found := ""
		for k, en := range localMonths {
			if !near(lw, k) {
				continue
			}
			if found != "" && found != en {
				return w
			}
			found = en
		}
		if found == "" {
			return w
		}
		changed = true
		return found
	})
	return out, changed
}

// reDateWord is a run of letters in a printed date.
var reDateWord = lazyRegexp(`\p{L}+`)

// reDayDot is the German ordinal day: "17. Dezember".
var reDayDot = lazyRegexp(`^(\d{1,2})\.\s*`)

// dateFillers are the words a written date carries besides its month:
// "5 de mayo de 2026", "17th of December", "le 3 août".
var dateFillers = map[string]bool{"de": true, "del": true, "of": true, "le": true, "the": true, "am": true, "den": true}

// localDate rewrites a date with a month name of another language in
// English and drops the filler words around it, for normalize.Date:
// "17 de dic. de 2026" → "17 December. 2026"; text without a month name
// is returned as it is.
func localDate(s string) string {
	s = strings.TrimSpace(s)
	month := false
	out := reDateWord.ReplaceAllStringFunc(s, func(w string) string {
		if en, ok := localMonths[strings.ToLower(w)]; ok {
			month = true
			return en
		}
		return w
	})
	if !month {
		return s
	}
	out = reDayDot.ReplaceAllString(out, "$1 ")
	var keep []string
	for _, w := range strings.Fields(out) {
		if !dateFillers[strings.ToLower(w)] {
			keep = append(keep, w)
		}
	}
	return strings.Join(keep, " ")
}
