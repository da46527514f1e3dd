package rules

import (
	"fmt"
	"math"

	"github.com/labrelay/labrelay"
)

// The values of Pack.Overall.
const (
	// OverallResults: the layout prints no overall result and the one a
	// person approved was the verdict of the result rows.
	OverallResults = "results"
	// OverallNone: the layout prints no overall result and the approved
	// record had none.
	OverallNone = "none"
)

// overallAsTaught gives a report that prints no conclusion the verdict of
// its rows (overallFromRows), as the pack says. A pack taught that its
// layout's approved verdict is the rows' one trusts it as far as the rows
// it comes from; one taught that the record has none derives none. Either
// replaces what only the generic rules read: a person took that reading
// out of the record the pack was taught from.
func overallAsTaught(p *Pack, got map[string]*found, x *labrelay.Extraction) {
	const f = labrelay.FieldOverallResult
	var generic string
	if fd := got[f]; fd != nil && !fd.own && p.Overall != "" {
		generic, _ = fd.value.(string)
		delete(got, f)
	}
	if p.Overall == OverallNone || got[f] != nil {
		return
	}
	overallFromRows(got, x)
	fd := got[f]
	if fd == nil || p.Overall != OverallResults {
		return
	}
	fd.conf = math.Min(x.Confidence[labrelay.FieldResults], confTable)
	fd.rule = "result rows: no conclusion printed, as taught"
	fd.own = true
	if generic != "" && generic != fd.value {
		fd.conf = math.Min(fd.conf, confDisagree)
		x.RequireReview(fmt.Sprintf("%s: the rows give %q, the generic reader %q", f, fd.value, generic))
	}
}
