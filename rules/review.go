package rules

import (
	"fmt"

	"github.com/labrelay/labrelay"
)

// threshold, any required field missing, pages that were not read.
func review(p *Pack, x *labrelay.Extraction, l *labrelay.Layout) {
	if p.Name == GenericPack {
		x.RequireReview("layout not recognised by any rule pack; read with the generic rules")
	}
	for _, pg := range l.Pages {
		if pg.Path == labrelay.PathOCR && len(pg.Rows) == 0 {
			x.RequireReview(fmt.Sprintf("page %d could not be read (%s)", pg.Number, pg.Reason))
		}
	}
	for _, f := range p.Required {
		if _, ok := x.Confidence[f]; !ok {
			x.RequireReview(f + " not found")
		}
	}
	for _, f := range labrelay.FieldNames {
		c, ok := x.Confidence[f]
		if ok && c < p.Threshold {
			x.RequireReview(fmt.Sprintf("%s below threshold %g", f, p.Threshold))
		}
	}
	// Keep only keys of present fields in Confidence (spec §2).
	present := map[string]bool{}
	for _, f := range x.Fields.Present() {
		present[f] = true
	}
	for f := range x.Confidence {
		if !present[f] {
			delete(x.Confidence, f)
			delete(x.Provenance, f)
		}
	}
}
