package rules

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
)

// A small layout shuffler for the generic reader's geometry: the same
// particulars placed every way the reader claims to handle. (The project's
// layout randomiser in fixtures/ is the real measure; this one checks the
// pairing logic in isolation.)

type particular struct {
	field, caption, printed, want string
}

func particulars(r *rand.Rand) []particular {
	n := r.IntN(9000) + 1000
	return []particular{
		{labrelay.FieldReportNumber, pick(r, "Report No.", "Certificate Number", "Test Report No.", "Reference No."), fmt.Sprintf("TR-%d-%02d", n, r.IntN(99)), fmt.Sprintf("TR-%d-%02d", n, 0)},
		{labrelay.FieldIssueDate, pick(r, "Date of Issue", "Issue Date", "Date Issued", "Report Date"), "", "2025-07-14"},
		{labrelay.FieldApplicantName, pick(r, "Applicant", "Client", "Customer", "Requested by"), "Harbor Lights Trading Co., Ltd.", "Harbor Lights Trading Co., Ltd."},
		{labrelay.FieldProductName, pick(r, "Sample Description", "Product Name", "Item Name", "Article Name"), "Ceramic mug, glazed", "Ceramic mug, glazed"},
		{labrelay.FieldModelNumber, pick(r, "Model No.", "Style No.", "Article No.", "Part Number"), "CM-350-W", "CM-350-W"},
		{labrelay.FieldBatchNumber, pick(r, "Batch No.", "Lot No.", "Lot Number"), "L2407-118", "L2407-118"},
		{labrelay.FieldReceivedDate, pick(r, "Date Received", "Sample Receipt Date", "Received Date"), "", "2025-07-02"},
	}
}

func pick(r *rand.Rand, s ...string) string { return s[r.IntN(len(s))] }

func printDate(r *rand.Rand, iso string) string {
	var y, m, d int
	fmt.Sscanf(iso, "%d-%d-%d", &y, &m, &d)
	months := []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	switch r.IntN(4) {
	case 0:
		return iso
	case 1:
		return fmt.Sprintf("%d %s %d", d, months[m-1], y)
	case 2:
		return fmt.Sprintf("%s %d, %d", months[m-1][:3], d, y)
	}
	return fmt.Sprintf("%d年%d月%d日", y, m, d)
}

// shuffled lays particulars out in one of the placements.
func shuffled(r *rand.Rand, ps []particular) (*labrelay.Layout, string) {
	upper := r.IntN(3) == 0
	capt := func(s string) string {
		if upper {
			return strings.ToUpper(s)
		}
		return s
	}
	var rows [][]tcell
	kind := r.IntN(5)
	switch kind {
	case 0, 1, 2: // one pair a row: colon in the cell, no colon, leaders
		for _, p := range ps {
			switch kind {
			case 0:
				rows = append(rows, row(tcell{50, capt(p.caption) + ": " + p.printed}))
			case 1:
				rows = append(rows, row(tcell{50, capt(p.caption)}, tcell{230, p.printed}))
			case 2:
				rows = append(rows, row(tcell{50, capt(p.caption) + " " + strings.Repeat(".", 30-len(p.caption)) + ":"}, tcell{300, p.printed}))
			}
		}
	case 3: // grid: captions above values, 2 or 3 a row
		per := 2 + r.IntN(2)
		for k := 0; k < len(ps); k += per {
			var cr, vr []tcell
			for j := k; j < len(ps) && j < k+per; j++ {
				x := 50 + float64(j-k)*(500/float64(per))
				cr = append(cr, tcell{x, capt(ps[j].caption)})
				vr = append(vr, tcell{x, ps[j].printed})
			}
			rows = append(rows, cr, vr, nil)
		}
	case 4: // a four-column caption/value table
		for k := 0; k < len(ps); k += 2 {
			cs := []tcell{{50, capt(ps[k].caption)}, {150, ps[k].printed}}
			if k+1 < len(ps) {
				cs = append(cs, tcell{400, capt(ps[k+1].caption)}, tcell{500, ps[k+1].printed})
			}
			rows = append(rows, cs)
		}
	}
	return synth(rows...), []string{"colon", "no colon", "leaders", "grid", "4-column"}[kind]
}

func TestGenericShuffledLayouts(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 13))
	right, total := 0, 0
	for i := 0; i < 300; i++ {
		ps := particulars(r)
		for k := range ps {
			if ps[k].printed == "" {
				ps[k].printed = printDate(r, ps[k].want)
			}
			if ps[k].field == labrelay.FieldReportNumber {
				ps[k].want = ps[k].printed
			}
		}
		l, kind := shuffled(r, ps)
		v := newView(l)
		g := readGeneric(v, &docFuncs{v: v})
		for _, p := range ps {
			total++
			got := g.fields[p.field]
			switch {
			case got == nil:
				t.Logf("%s (%s): %s not read", kind, p.caption, p.field)
			case got.value != p.want:
				t.Errorf("%s (%s): %s = %q; want %q", kind, p.caption, p.field, got.value, p.want)
			default:
				right++
			}
		}
	}
	if rate := float64(right) / float64(total); rate < 0.97 {
		t.Errorf("read %d of %d (%.3f); want ≥ 0.97", right, total, rate)
	}
}

func TestGenericShuffledTables(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	type col struct {
		kind    int
		headers []string
	}
	cols := []col{
		{colItem, []string{"Test Item", "Analyte", "Parameter", "Substance", "Characteristic", "检测项目"}},
		{colMethod, []string{"Method", "Test Method", "Standard", "Procedure"}},
		{colUnit, []string{"Unit", "Units"}},
		{colMDL, []string{"MDL", "RL", "LOQ", "Reporting Limit", "Detection Limit"}},
		{colLimit, []string{"Limit", "Requirement", "Specification", "Maximum Permitted"}},
		{colValue, []string{"Result", "Value", "Found", "Measured"}},
		{colVerdict, []string{"Verdict", "Conclusion", "Status", "Pass/Fail", "判定"}},
	}
	items := []string{"Lead (Pb)", "Cadmium (Cd)", "Mercury (Hg)", "Chromium VI"}
	read, want := 0, 0
	for n := 0; n < 200; n++ {
		order := r.Perm(len(cols) - 1)
		// the item column first, the others shuffled
		var use []col
		use = append(use, cols[0])
		for _, k := range order {
			if r.IntN(4) > 0 || cols[k+1].kind == colValue {
				use = append(use, cols[k+1])
			}
		}
		unitInHeader := r.IntN(2) == 0
		var hdr []tcell
		for k, c := range use {
			h := c.headers[r.IntN(len(c.headers))]
			if c.kind == colValue && unitInHeader {
				h += " (mg/kg)"
			}
			hdr = append(hdr, tcell{50 + 110*float64(k), h})
		}
		rows := [][]tcell{row(tcell{50, "Test results"}), hdr}
		for _, it := range items {
			var cs []tcell
			for k, c := range use {
				s := map[int]string{colItem: it, colMethod: "IEC 62321", colUnit: "mg/kg", colMDL: "2", colLimit: "100", colValue: "ND", colVerdict: pick(r, "Pass", "Complies", "OK", "○", "合格", "✓")}[c.kind]
				cs = append(cs, tcell{50 + 110*float64(k), s})
			}
			rows = append(rows, cs)
		}
		rows = append(rows, row(tcell{50, "Note: ND = not detected; MDL = method detection limit"}))
		res := readTables(newView(synth(rows...)), genericTable)
		wantVerdict := ""
		for _, c := range use {
			if c.kind == colVerdict || c.kind == colLimit {
				wantVerdict = labrelay.VerdictPass
			}
		}
		want += len(items)
		for i, got := range res.rows {
			if i >= len(items) || got.Item != items[i] || got.Value != "ND" || got.Verdict != wantVerdict {
				t.Errorf("headers %v: row %d = %+v", hdr, i, got)
				continue
			}
			read++
		}
		if len(res.rows) == 0 {
			t.Logf("headers %v: no rows (%v)", hdr, res.trace)
		}
	}
	if rate := float64(read) / float64(want); rate < 0.97 {
		t.Errorf("read %d of %d rows (%.3f); want ≥ 0.97", read, want, rate)
	}
}
