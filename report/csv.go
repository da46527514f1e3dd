package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"
)

// CSVHeader is the first line of the CSV report. Every row has a kind:
// "documents" (one per lab, category, path and state, value = count),
// "metric" (one per figure, named in name), "latency_histogram" (one per
// bucket), "failure" and
// "exception" (one per listed document, with its reason).
var CSVHeader = []string{"kind", "name", "lab", "category", "path", "state", "document_id", "value", "reason"}

// WriteCSV writes the report's numbers as CSV: the same counts, rates,
// latencies and problem lists as the HTML page.
func WriteCSV(w io.Writer, d *Data) error {
	cw := csv.NewWriter(w)
	rows := [][]string{CSVHeader}
	for _, c := range d.Counts {
		rows = append(rows, []string{"documents", "", c.Lab, c.Category, c.Path, string(c.State), "", strconv.Itoa(c.N), ""})
	}
	metric := func(name, value string) {
		rows = append(rows, []string{"metric", name, "", "", "", "", "", value, ""})
	}
	secs := func(t time.Duration) string { return strconv.FormatFloat(t.Seconds(), 'f', 3, 64) }
	metric("window_from", d.From.Format(time.RFC3339))
	metric("window_to", d.To.Format(time.RFC3339))
	metric("documents", strconv.Itoa(d.Total))
	metric("routed", strconv.Itoa(d.Routed))
	metric("auto_accepted", strconv.Itoa(d.AutoAccepted))
	metric("auto_accept_rate", strconv.FormatFloat(d.AutoAcceptRate, 'f', 4, 64))
	metric("review_backlog", strconv.Itoa(d.ReviewBacklog))
	metric("review_oldest_seconds", secs(d.OldestReview))
	metric("published", strconv.Itoa(d.Published))
	metric("latency_median_seconds", secs(d.LatencyMedian))
	metric("latency_p95_seconds", secs(d.LatencyP95))
	metric("failures", strconv.Itoa(d.Failures))
	metric("exceptions", strconv.Itoa(d.Exceptions))
	for _, b := range d.LatencyHistogram {
		rows = append(rows, []string{"latency_histogram", b.Label, "", "", "", "", "", strconv.Itoa(b.N), ""})
	}
	for _, p := range d.FailureList {
		rows = append(rows, []string{"failure", "", p.Lab, p.Category, "", string(p.State), strconv.FormatInt(p.DocumentID, 10), "", csvSafe(p.Reason)})
	}
	for _, p := range d.ExceptionList {
		rows = append(rows, []string{"exception", "", p.Lab, p.Category, "", string(p.State), strconv.FormatInt(p.DocumentID, 10), "", csvSafe(p.Reason)})
	}
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("report: write CSV: %w", err)
	}
	return nil
}

// csvSafe keeps a spreadsheet from running document-derived text as a
// formula.
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}
