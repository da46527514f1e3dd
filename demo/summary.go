package demo

import (
	"fmt"
	"io"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/text"
)

// Row is one line of the summary table.
type Row struct {
	Kind    string // published, review, failed, exception or pending
	Path    string // extraction path
	Fields  string // fields present
	Outcome string
	Latency string // drop to publish
}

// outcomeWidth bounds the outcome column, in characters.
const outcomeWidth = 90

// NewRow describes what became of f: d is its document (found false when
// there is none yet); held maps an idempotency key to the DSP's record ID
// for what this run published (nil: none known).
func NewRow(f *File, d labrelay.Document, found bool, held map[string]string) Row {
	r := Row{Kind: "pending", Path: "-", Fields: "-", Outcome: "not found yet", Latency: "-"}
	if !found {
		return r
	}
	if d.Extraction != nil {
		r.Path = d.Extraction.Path
		r.Fields = fmt.Sprint(len(d.Extraction.Fields.Present()))
	}
	switch d.State {
	case labrelay.StatePublished:
		r.Kind, r.Outcome = "published", "published"
		if id, ok := held[d.IdempotencyKey]; ok {
			r.Outcome += " as " + id
		} else {
			r.Outcome += " (earlier run)"
		}
		from := d.DiscoveredAt
		if !f.Dropped.IsZero() {
			from = f.Dropped
		}
		r.Latency = d.PublishedAt.Sub(from).Round(time.Millisecond).String()
	case labrelay.StateNeedsReview:
		r.Kind, r.Outcome = "review", "needs review"
		if d.Extraction != nil && len(d.Extraction.Review.Reasons) > 0 {
			r.Outcome += ": " + d.Extraction.Review.Reasons[0]
		}
	case labrelay.StateFailed:
		r.Kind, r.Outcome = "failed", "failed: "+d.Reason
	case labrelay.StateException:
		r.Kind, r.Outcome = "exception", "exception: "+d.Reason
	default:
		r.Outcome = string(d.State)
	}
	r.Outcome = text.Truncate(text.Printable(r.Outcome), outcomeWidth)
	return r
}

// Summary writes the table of what became of each file, and the counts.
func Summary(w io.Writer, files []*File, docs map[string]labrelay.Document, held map[string]string) {
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "OBJECT\tPATH\tFIELDS\tOUTCOME\tDROP→PUBLISH")
	sorted := append([]*File(nil), files...)
	sort.Slice(sorted, func(i, j int) bool {
		return sorted[i].Bucket+"/"+sorted[i].Key < sorted[j].Bucket+"/"+sorted[j].Key
	})
	counts := map[string]int{}
	for _, f := range sorted {
		d, ok := docs[f.Bucket+"/"+f.Key]
		row := NewRow(f, d, ok, held)
		counts[row.Kind]++
		fmt.Fprintf(tw, "s3://%s/%s\t%s\t%s\t%s\t%s\n", text.Printable(f.Bucket), text.Printable(f.Key), row.Path, row.Fields, row.Outcome, row.Latency)
	}
	tw.Flush()
	fmt.Fprintf(w, "\n%d published, %d for review, %d failed, %d exceptions, %d pending\n",
		counts["published"], counts["review"], counts["failed"], counts["exception"], counts["pending"])
}
