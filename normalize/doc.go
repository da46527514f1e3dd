// Package normalize turns values as a lab prints them into the canonical
// forms of the inspection-report record: ISO dates, collapsed whitespace,
// the lab / category / verdict enums, and comparable result values.
//
// Every extraction path (native mappings, the rules engine for PDF text and
// OCR) uses it, so one printed form always gives one canonical value. It
// never guesses: a value it cannot read with certainty is an error (or
// false), and the caller leaves the field out and asks for review.
package normalize
