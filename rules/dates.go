package rules

import (
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
