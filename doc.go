// Package labrelay holds the domain of the labrelay service: the canonical
// inspection-report record, the extraction result that every path (native
// XML/JSON, PDF text, OCR) produces, the document state machine and the
// error type that separates bad input from internal faults.
//
// It imports only the standard library; every outside technology lives in
// its own package (extract, rules, sign, ingest, publish, sqlite, postgres…)
// and the command in cmd/labrelay wires them together.
package labrelay
