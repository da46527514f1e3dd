// Package learn writes a rule pack from reports a person approved: given
// a report's positioned rows and its approved record, it finds, per field,
// the caption and direction (or a find pattern, or the result table's
// header mapping and verdict words) that reproduce the approved value,
// generalises the value's shape into a pattern, and picks match keywords
// from text that is stable across reports of the layout (letterhead,
// captions, table headers), never from the record's values. The pack is
// plain commented YAML (see docs/rules.md, "Learning a layout").
//
// It must not read files, flags or the network: callers hand it layouts
// and records, and write the pack where they want.
package learn
