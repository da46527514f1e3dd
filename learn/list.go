package learn

import (
	"fmt"
	"strings"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/rules"
)

// learnStandards finds a list rule reading the approved test standards:
// a caption near the first standard, the items picked by the standards
// pattern of the generic pack (the same everywhere: a standard's code).
func learnStandards(exs []*example, itemPattern string) (*learned, string) {
	first := exs[0]
	list := first.rec.TestStandards
	var tried int
	seen := map[string]bool{}
	for i, ln := range first.lines {
		for k, c := range ln.Cells {
			if !strings.Contains(fold(c.Text), fold(list[0])) {
				continue
			}
			caps := []place{{caption: beforeSep(c.Text)}}
			if k > 0 {
				caps = append(caps, place{caption: ln.Cells[k-1].Text})
			}
			caps = append(caps, place{caption: near(first.lines, i, c, -1), where: "below"})
			caps = append(caps, captionsBelow(first.lines, i, c)...)
			for _, pl := range caps {
				pl.caption = cleanCaption(pl.caption)
				key := fmt.Sprint(pl)
				if seen[key] || !captionOK(pl.caption, &first.rec) {
					continue
				}
				seen[key] = true
				for _, multi := range []bool{true, false} {
					tried++
					r := rules.Rule{Label: []string{pl.caption}, Where: pl.where, Type: "list", Multiline: multi, Pattern: itemPattern, Above: pl.above}
					if listsAll(exs, r) {
						note := fmt.Sprintf("caption %q, the standards after it", pl.caption)
						if pl.above > 0 {
							note = fmt.Sprintf("caption %q, the standards centred on it from %d line(s) over it", pl.caption, pl.above)
						}
						return &learned{field: labrelay.FieldTestStandards, rules: []rules.Rule{r}, captions: []string{pl.caption}, note: note}, ""
					}
				}
			}
		}
	}
	return nil, fmt.Sprintf("no caption near %q reads the list (%d rules tried)", list[0], tried)
}

func listsAll(exs []*example, r rules.Rule) bool {
	for _, ex := range exs {
		if len(ex.rec.TestStandards) == 0 {
			continue
		}
		v, _, err := ex.doc.Probe(labrelay.FieldTestStandards, r)
		got, ok := v.([]string)
		if err != nil || !ok || strings.Join(got, "\n") != strings.Join(ex.rec.TestStandards, "\n") {
			return false
		}
	}
	return true
}

// place is where a list's caption may stand: its text, the rule's where,
// and how many lines over the caption's line the list starts.
type place struct {
	caption, where string
	above          int
}

// captionsBelow returns the captions on the next lines of c's page of a
// list centred on them, starting at c: a cell left of c (the caption
// alone in its column), or one spanning c's x with its caption before a
// separator (the list inline after it, wrapped under its value). Each is
// tried as is and as starting the list the lines over it.
func captionsBelow(lines []rules.Line, i int, c rules.Cell) []place {
	var out []place
	for j := i + 1; j < len(lines) && j <= i+3 && lines[j].Page == lines[i].Page; j++ {
		for _, o := range lines[j].Cells {
			switch {
			case o.Box.X+o.Box.W < c.Box.X:
				out = append(out, place{caption: o.Text}, place{caption: o.Text, above: j - i})
			case o.Box.X < c.Box.X-3 && o.Box.X+o.Box.W > c.Box.X && beforeSep(o.Text) != "":
				out = append(out, place{caption: beforeSep(o.Text), above: j - i})
			}
		}
	}
	return out
}
