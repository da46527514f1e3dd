package ocr

import (
	"math"
	"regexp"
	"strings"
	"unicode"

	"github.com/labrelay/labrelay"
)

// Han dates on a page read in eng. A date printed "2024年1月21日" beside
// Latin captions comes out of eng+chi_sim as digits and junk
// ("2024414218", "20247-15108", "‘2025 2A98"): the Han between the
// numbers is read as digits. A doubtful run that starts with a year and
// is no date as read is read again as one crop with each CJK model, with
// the Han prefixes. A reading is taken only when it is a Han date whose
// digits are the run's, in place, and its Han what the rest of the run
// was misread from (readsAs); it keeps at most disagreeConf.

var (
	// reYearStart is a word that starts with a year, a stray mark before.
	reYearStart = regexp.MustCompile(`^[^\p{L}\p{N}]?(?:19|20)\d\d`)
	// reLatinDate is a date read as such: the run is no misread.
	reLatinDate = regexp.MustCompile(`^[^\p{L}\p{N}]?(?:19|20)\d\d[-./](?:\d{1,2}|[A-Za-z]{3,9})[-./]\d{1,2}\.?$`)
	// reHanDate is one Han date, or a range of two.
	reHanDate = regexp.MustCompile(`^(?:19|20)\d\d年\d{1,2}月\d{1,2}日(?:[-~–—至]+(?:19|20)\d\d年\d{1,2}月\d{1,2}日)?$`)
)

const (
	// hanDateWords is the most words a run holds.
	hanDateWords = 3
	// hanDateGap is the widest gap, in line heights, within a run: a Han
	// character left out ("‘2025 2A98", 年 lost) is about 1.5.
	hanDateGap = 2.5
)

// findHanDates lists the runs of doubtful words that start with a year,
// have more after it than a year, and are no date as read.
func findHanDates(rows []labrelay.Row, lineH float64) []hanPrefix {
	if lineH <= 0 {
		return nil
	}
	var out []hanPrefix
	for ri, r := range rows {
		ws := r.Words
		for i := 0; i < len(ws); i++ {
			w := ws[i]
			if w.Conf >= hanBelow || !reYearStart.MatchString(w.Text) || strings.Contains(w.Text, " ") || reLatinDate.MatchString(w.Text) {
				continue
			}
			to := i + 1
			for to < len(ws) && to-i < hanDateWords && ws[to].Conf < hanBelow && !strings.Contains(ws[to].Text, " ") &&
				ws[to].Box.X-(ws[to-1].Box.X+ws[to-1].Box.W) < hanDateGap*lineH && strings.ContainsFunc(ws[to].Text, unicode.IsDigit) {
				to++
			}
			run := ""
			for _, o := range ws[i:to] {
				run += o.Text
			}
			if len(digitsOf(run)) < 6 {
				continue // a year and little more: no day and month to mend
			}
			p := hanPrefix{row: ri, from: i, to: to, conf: 1}
			var b labrelay.Box
			for _, o := range ws[i:to] {
				b = b.Union(o.Box)
				p.conf = math.Min(p.conf, o.Conf)
			}
			p.box = cropAround(b, lineH)
			out = append(out, p)
			i = to - 1
		}
	}
	if len(out) > hanMaxCells {
		return nil
	}
	return out
}

// digitsOf is the ASCII digits of s, in order.
func digitsOf(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// readsAs reports whether run, as OCR read it, is the Han date date with
// its Han misread: its digits in place, each 年 or 月 read as up to two
// glyphs, 日 as one at most (two after a day of two digits), a range's
// mark as up to three; a stray mark may stand before it. "2024年1月2日"
// is not "202415218" (2024年1月21日 with 月 read "5" and 日 "8").
func readsAs(date, run string) bool {
	var b strings.Builder
	b.WriteString(`^[^\p{L}\p{N}]?`)
	digits := 0 // the digits just before c
	for _, c := range date {
		switch {
		case c >= '0' && c <= '9':
			b.WriteRune(c)
			digits++
			continue
		case c == '年' || c == '月':
			b.WriteString(`.{0,2}`)
		case c == '日' && digits == 2:
			b.WriteString(`.{0,2}`) // a day of two digits lost none
		case c == '日':
			b.WriteString(`.?`)
		default:
			b.WriteString(`.{0,3}`)
		}
		digits = 0
	}
	b.WriteString(`$`)
	re, err := regexp.Compile(b.String())
	return err == nil && re.MatchString(strings.ReplaceAll(run, " ", ""))
}

// applyHanDates puts in each run's place the surest reading of any model
// that is a Han date the run reads as (readsAs): the Han was misread as
// digits or junk, no digit lost. Rows are
// replaced right to left; rows with skip set are left alone (their words
// have moved).
func applyHanDates(rows []labrelay.Row, ds []hanPrefix, byLang [][]hanRead, skip map[int]bool) {
	for i := len(ds) - 1; i >= 0; i-- {
		p := ds[i]
		if skip[p.row] {
			continue
		}
		run := ""
		for _, w := range rows[p.row].Words[p.from:p.to] {
			run += w.Text
		}
		var best hanRead
		for _, reads := range byLang {
			if i >= len(reads) {
				continue
			}
			rd := reads[i]
			if reHanDate.MatchString(rd.text) && rd.conf >= minReadConf && readsAs(rd.text, run) && rd.conf > best.conf {
				best = rd
			}
		}
		if best.text == "" {
			continue
		}
		replaceRun(rows, p, best.text, best.conf)
	}
}
