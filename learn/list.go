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
			type place struct{ caption, where string }
			caps := []place{{beforeSep(c.Text), ""}}
			if k > 0 {
				caps = append(caps, place{ln.Cells[k-1].Text, ""})
			}
			caps = append(caps, place{near(first.lines, i, c, -1), "below"})
			for _, t := range leftBelow(first.lines, i, c) {
				caps = append(caps, place{t, ""}) // a list centred on its caption
			}
			for _, pl := range caps {
				cp := cleanCaption(pl.caption)
				if seen[cp+pl.where] || !captionOK(cp, &first.rec) {
					continue
				}
				seen[cp+pl.where] = true
				for _, multi := range []bool{true, false} {
					tried++
					r := rules.Rule{Label: []string{cp}, Where: pl.where, Type: "list", Multiline: multi, Pattern: itemPattern}
					if listsAll(exs, r) {
						return &learned{field: labrelay.FieldTestStandards, rules: []rules.Rule{r}, captions: []string{cp},
							note: fmt.Sprintf("caption %q, the standards after it", cp)}, ""
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

// leftBelow returns the cells left of c on the next lines of its page: the
// caption of a list centred on it starts below the list's first line.
func leftBelow(lines []rules.Line, i int, c rules.Cell) []string {
	var out []string
	for j := i + 1; j < len(lines) && j <= i+3 && lines[j].Page == lines[i].Page; j++ {
		for _, o := range lines[j].Cells {
			if o.Box.X+o.Box.W < c.Box.X {
				out = append(out, o.Text)
			}
		}
	}
	return out
}
