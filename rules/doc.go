// Package rules reads a canonical record from a positioned layout.
//
// An Engine selects one rule pack (YAML, see docs/rules.md) by its match
// keywords, runs its field rules and table spec over the layout seen as
// lines of cells (view.go), and then:
//
//   - engine.go: selection and the order fields are read in;
//   - apply.go: one rule → candidates → a normalised, validated value;
//   - dates.go: the document's day/month order (parsing is in normalize);
//   - table.go: result tables found by their header row;
//   - validate.go: cross-field checks (dates in order, verdicts agree);
//   - review.go: which records a person must look at;
//   - confidence.go: the named confidence levels and adjustments.
//
// Confidence is meant as the probability that a value is right; a field
// under the pack's threshold sends the record to review.
package rules
