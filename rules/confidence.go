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
	// wrong, so neither may be auto-accepted. Measured: of the values so
	// capped, about half were right (dev 4/10, held-out 2/6, real 10/15).
	confDisagree = 0.5
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

// The generic reader's evidence. A value it finds alone is capped at
// confGenericMax, under the threshold: one reading of an unknown layout is
// not enough to publish. Agreement with a pack's rule raises it (see
// crossCheck). The levels by placement are how often a value so placed
// was right on the development layouts.
const (
	confGenericMax  = 0.88
	confWeakCaption = 0.8 // "Date", "Result": a caption that names the field only in context
	confSentence    = 0.7 // an overall verdict read from a sentence
	// confFromRows is an overall verdict no one printed, from the rows:
	// right 17 of 27 times on 200 development layouts, where the report
	// printed a conclusion the reader missed; wrong where it printed none
	// (the record then has none, the spec's "report's own conclusion")
	confFromRows   = 0.6
	confLetterhead = 0.8 // an organisation's name heading page 1 is usually the lab
	// confNothing is a reading OCR gave all but no confidence: on a
	// scan, one beside it is tried first
	confNothing   = 0.05
	confCheckLike = 0.8 // a verdict cell OCR read as "v": a check mark, likely
	// confWeakOnly is a weak caption's value that the matched pack, which
	// knows the layout, does not read: a suggestion for the reviewer
	confWeakOnly = 0.5
	// confHeaderCode is a report number read as the code each page's
	// running header prints, no caption naming it.
	confHeaderCode = 0.7
	// confCrossAgree is what the second of two independent readings
	// (pack rule, generic reader) adds when they agree.
	confCrossAgree = 0.06
	// confCrossMax caps a cross-checked value: two readings of the same
	// caption can still share a misreading.
	confCrossMax = 0.97
)

var placementConf = map[string]float64{
	"inline": 0.9,  // "Report No.: X": caption and value in one cell
	"right":  0.88, // the next cell on the baseline
	// under the caption, in its column band: right 176 of 176 times on
	// 100 development layouts
	"below": 0.85,
	"above": 0.8, // a name over its title: 20 of 20
	// a value centred on its caption over lines above and below it
	"centred": 0.85,
	// a value centred under its caption centred over it
	"stacked": 0.85,
	// "Report No X": no separator; 14 of 14, but a title ("Laboratory
	// Director") reads the same way, so it stays lowest
	"inline-nosep": 0.75,
}
