// Package schema holds the JSON Schemas of the inspection-report record
// (spec §1) and of the output of `labrelay extract` (spec §2), embedded,
// and validates values against them.
//
// The schemas say what forms are allowed; they do not say whether a value
// is right. Extraction output that fails them is a bug in the extractor,
// never the input's fault.
package schema
