// Package report builds labrelay's daily report from the store: counts by
// lab, category and extraction path, the auto-accept rate, the review
// backlog and its age, drop-to-publish latency (median, p95, histogram),
// and the failures and exceptions with their reasons. It writes one
// self-contained HTML page (inline CSS and SVG charts, no script, no
// external asset; every document-derived text escaped by html/template)
// and a CSV with the same numbers.
//
// It reads documents a page at a time. It only reads the store; where the
// report is written (a file, a bucket) is the command's business.
package report
