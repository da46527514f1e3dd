package report

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/text"
)

// Querier is the part of labrelay.Store the report reads.
type Querier interface {
	Counts(ctx context.Context, from, to time.Time) ([]labrelay.Count, error)
	Latencies(ctx context.Context, from, to time.Time) ([]labrelay.Latency, error)
	Documents(ctx context.Context, q labrelay.DocumentQuery) ([]labrelay.Document, error)
	ReviewQueue(ctx context.Context, f labrelay.ReviewFilter) ([]labrelay.Document, int, error)
}

// MaxListed bounds the failures and exceptions named one by one; the
// counts are always complete.
const MaxListed = 200

// pageSize is how many documents are read at a time.
const pageSize = 500

// Data is everything the daily report shows, computed from the store for
// the documents discovered in [From, To) (latencies: published in it).
type Data struct {
	Title       string    `json:"title"`
	From        time.Time `json:"from"`
	To          time.Time `json:"to"`
	GeneratedAt time.Time `json:"generated_at"`

	// Total documents discovered in the window.
	Total int `json:"total"`
	// Counts is the store's breakdown (Store.Counts) as is.
	Counts     []labrelay.Count `json:"counts"`
	ByLab      []Bar            `json:"by_lab"`
	ByCategory []Bar            `json:"by_category"`
	ByPath     []Bar            `json:"by_path"`
	ByState    []Bar            `json:"by_state"`

	// Routed documents reached the review decision; AutoAccepted of them
	// went to signing without a person. AutoAcceptRate is their ratio
	// (0 when none was routed).
	Routed         int     `json:"routed"`
	AutoAccepted   int     `json:"auto_accepted"`
	AutoAcceptRate float64 `json:"auto_accept_rate"`

	// ReviewBacklog is every document waiting for review now, whenever
	// discovered; OldestReview the age of the oldest.
	ReviewBacklog int           `json:"review_backlog"`
	OldestReview  time.Duration `json:"oldest_review"`
	BacklogAges   []Bar         `json:"backlog_ages"`

	// Published in the window, and their drop-to-publish latency.
	Published        int           `json:"published"`
	LatencyMedian    time.Duration `json:"latency_median"`
	LatencyP95       time.Duration `json:"latency_p95"`
	LatencyHistogram []Bar         `json:"latency_histogram"`

	// Failures (bad input) and Exceptions (refused by the DSP or a
	// reviewer) among the documents discovered in the window, with their
	// reasons; at most MaxListed of each are listed.
	Failures       int       `json:"failures"`
	Exceptions     int       `json:"exceptions"`
	FailureList    []Problem `json:"failure_list"`
	ExceptionList  []Problem `json:"exception_list"`
	FailureReasons []Bar     `json:"failure_reasons"`
}

// Bar is one labelled count, a bar of a chart.
type Bar struct {
	Label string `json:"label"`
	N     int    `json:"n"`
}

// Problem is one failed or exception document.
type Problem struct {
	DocumentID int64          `json:"document_id"`
	Lab        string         `json:"lab"`
	Category   string         `json:"category"`
	Source     string         `json:"source"`
	State      labrelay.State `json:"state"`
	Reason     string         `json:"reason"`
	At         time.Time      `json:"at"`
}

// Build reads the report for [from, to) from the store. now is when it is
// generated (the review backlog's ages are taken from it). It reads the
// documents a page at a time.
func Build(ctx context.Context, q Querier, from, to, now time.Time) (*Data, error) {
	d := &Data{Title: "labrelay daily report", From: from.UTC(), To: to.UTC(), GeneratedAt: now.UTC()}
	counts, err := q.Counts(ctx, from, to)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	d.Counts = counts
	labs, cats, paths, states := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	for _, c := range counts {
		d.Total += c.N
		labs[orNone(c.Lab)] += c.N
		cats[orNone(c.Category)] += c.N
		paths[orNone(c.Path)] += c.N
		states[string(c.State)] += c.N
		switch c.State {
		case labrelay.StateFailed:
			d.Failures += c.N
		case labrelay.StateException:
			d.Exceptions += c.N
		}
	}
	d.ByLab, d.ByCategory, d.ByPath, d.ByState = bars(labs), bars(cats), bars(paths), bars(states)

	reasons := map[string]int{}
	q1 := labrelay.DocumentQuery{From: from, To: to, Limit: pageSize}
	for {
		docs, err := q.Documents(ctx, q1)
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		for _, doc := range docs {
			q1.AfterID = doc.ID
			if !doc.NeedsReviewAt.IsZero() || !doc.AcceptedAt.IsZero() {
				d.Routed++
				if doc.NeedsReviewAt.IsZero() {
					d.AutoAccepted++
				}
			}
			p := Problem{DocumentID: doc.ID, Lab: orLabHint(doc), Category: doc.Category, Source: source(doc), State: doc.State, Reason: doc.Reason, At: doc.UpdatedAt}
			switch doc.State {
			case labrelay.StateFailed:
				reasons[shortReason(doc.Reason)]++
				if len(d.FailureList) < MaxListed {
					d.FailureList = append(d.FailureList, p)
				}
			case labrelay.StateException:
				if len(d.ExceptionList) < MaxListed {
					d.ExceptionList = append(d.ExceptionList, p)
				}
			}
		}
		if len(docs) < pageSize {
			break
		}
	}
	d.FailureReasons = bars(reasons)
	if d.Routed > 0 {
		d.AutoAcceptRate = float64(d.AutoAccepted) / float64(d.Routed)
	}

	if err := d.addBacklog(ctx, q, now); err != nil {
		return nil, err
	}

	lats, err := q.Latencies(ctx, from, to)
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	d.Published = len(lats)
	durs := make([]time.Duration, len(lats))
	hist := make([]int, len(latencyBuckets))
	for i, l := range lats {
		durs[i] = l.Duration
		hist[bucket(latencyBuckets, l.Duration)]++
	}
	d.LatencyMedian, d.LatencyP95 = Percentile(durs, 50), Percentile(durs, 95)
	d.LatencyHistogram = bucketBars(latencyBuckets, hist)
	return d, nil
}

// addBacklog reads the review queue a page at a time: its size, oldest
// entry and ages.
func (d *Data) addBacklog(ctx context.Context, q Querier, now time.Time) error {
	ages := make([]int, len(ageBuckets))
	for off := 0; ; off += pageSize {
		docs, total, err := q.ReviewQueue(ctx, labrelay.ReviewFilter{Limit: pageSize, Offset: off})
		if err != nil {
			return fmt.Errorf("report: %w", err)
		}
		d.ReviewBacklog = total
		for _, doc := range docs {
			since := doc.NeedsReviewAt
			if since.IsZero() {
				since = doc.UpdatedAt
			}
			age := now.Sub(since)
			if age > d.OldestReview {
				d.OldestReview = age
			}
			ages[bucket(ageBuckets, age)]++
		}
		if len(docs) == 0 || off+len(docs) >= total {
			break
		}
	}
	d.BacklogAges = bucketBars(ageBuckets, ages)
	return nil
}

// Percentile returns the p-th percentile (nearest rank) of ds, 0 for none.
// ds is sorted in place.
func Percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	sort.Slice(ds, func(a, b int) bool { return ds[a] < ds[b] })
	rank := int(p/100*float64(len(ds)) + 0.9999999)
	if rank < 1 {
		rank = 1
	}
	if rank > len(ds) {
		rank = len(ds)
	}
	return ds[rank-1]
}

// limit is one histogram bucket: durations below Max (0: no bound).
type limit struct {
	Label string
	Max   time.Duration
}

var latencyBuckets = []limit{
	{"< 10 s", 10 * time.Second},
	{"10 s – 1 min", time.Minute},
	{"1–5 min", 5 * time.Minute},
	{"5–15 min", 15 * time.Minute},
	{"15–60 min", time.Hour},
	{"1–4 h", 4 * time.Hour},
	{"4–24 h", 24 * time.Hour},
	{"> 24 h", 0},
}

var ageBuckets = []limit{
	{"< 1 h", time.Hour},
	{"1–4 h", 4 * time.Hour},
	{"4–24 h", 24 * time.Hour},
	{"1–3 days", 72 * time.Hour},
	{"> 3 days", 0},
}

func bucket(ls []limit, d time.Duration) int {
	for i, l := range ls {
		if l.Max == 0 || d < l.Max {
			return i
		}
	}
	return len(ls) - 1
}

func bucketBars(ls []limit, ns []int) []Bar {
	out := make([]Bar, len(ls))
	for i, l := range ls {
		out[i] = Bar{Label: l.Label, N: ns[i]}
	}
	return out
}

// bars sorts a tally by count (largest first), then label.
func bars(m map[string]int) []Bar {
	out := make([]Bar, 0, len(m))
	for k, v := range m {
		out = append(out, Bar{Label: k, N: v})
	}
	sort.Slice(out, func(a, b int) bool {
		if out[a].N != out[b].N {
			return out[a].N > out[b].N
		}
		return out[a].Label < out[b].Label
	})
	return out
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func orLabHint(d labrelay.Document) string {
	if d.Lab != "" {
		return d.Lab
	}
	return d.LabHint
}

func source(d labrelay.Document) string {
	if d.Source.Bucket == "" {
		return d.Source.Key
	}
	return "s3://" + d.Source.Bucket + "/" + d.Source.Key
}

// shortReason groups failure reasons: the first sentence, at most 80
// characters.
func shortReason(r string) string {
	if r == "" {
		return "(no reason)"
	}
	for i, c := range r {
		if c == '.' || c == ':' {
			r = r[:i]
			break
		}
	}
	// 80 runes and the ellipsis.
	return text.Truncate(r, 81)
}
