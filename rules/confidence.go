package rules

// Confidence levels and adjustments shared by the engine. A field's
// confidence is meant as the probability that its value is right; the
// review threshold (pack.Threshold, 0.9) is the line under which a person
// checks it.
const (
	// confAgree is added when a second rule of the same pack reads the
	// same value: two captions saying the same is mild evidence.
	confAgree = 0.02
	// confDisagree caps a field two readings disagree on: one of them is
	// wrong, so neither may be auto-accepted.
	confDisagree = 0.6
	// confFailedCheck caps a field a cross-field check found inconsistent.
	confFailedCheck = 0.5
	// confOffLine scales a value read above or below its caption rather
	// than beside it: the pairing is less certain.
	confOffLine = 0.97
	// confAmbiguousDate scales a numeric date whose day/month order the
	// document does not settle (04/05/2026).
	confAmbiguousDate = 0.9
	// confPackLab is what naming the lab family from the pack's match
	// earns: the keywords matched, but the lab's name was not read.
	confPackLab = 0.95
	// confTable is a result table read cleanly from a known header row.
	confTable = 0.95
	// confTableDoubt caps a table with a row that could not be placed.
	confTableDoubt = 0.6
	// confTableBad caps a table with rows that contradict themselves.
	confTableBad = 0.5
)

// confRival: a rule disagreeing with the one used counts when its own
// confidence comes within this share of the threshold.
const confRival = 0.9
