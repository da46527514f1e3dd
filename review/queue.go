package review

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/labrelay/labrelay"
)

// queueLimit bounds one page of the queue.
const queueLimit = 200

type queueRow struct {
	Doc  labrelay.Document
	File string
	// Summary is the one line saying why the document waits: how many
	// fields to check and how many are missing; the reasons themselves
	// are on the document page.
	Summary   string
	Age       string
	ClaimedBy string
	Mine      bool
}

type facet struct {
	Value string
	N     int
}

type queueData struct {
	Rows       []queueRow
	Total      int
	Shown      int
	Lab        string
	Category   string
	Labs       []facet
	Categories []facet
	All        int
}

func (s *Server) handleQueue(w http.ResponseWriter, r *http.Request, ss session) {
	ctx := r.Context()
	f := labrelay.ReviewFilter{Lab: r.URL.Query().Get("lab"), Category: r.URL.Query().Get("category"), Limit: queueLimit}
	docs, total, err := s.store.ReviewQueue(ctx, f)
	if err != nil {
		s.log.Error("review: queue", "err", err)
		s.fail(w, r, &ss, http.StatusInternalServerError, "The review queue cannot be read right now; the error was logged. Try again in a minute.")
		return
	}
	// Counts per lab and category over the whole queue, for the filters.
	all, n, err := s.store.ReviewQueue(ctx, labrelay.ReviewFilter{})
	if err != nil {
		s.log.Error("review: queue counts", "err", err)
	}
	labs, cats := map[string]int{}, map[string]int{}
	for _, d := range all {
		labs[d.Lab]++
		cats[d.Category]++
	}
	now := s.now()
	claims := s.claims(ctx)
	data := queueData{Total: total, Shown: len(docs), Lab: f.Lab, Category: f.Category, Labs: facets(labs), Categories: facets(cats), All: n}
	for _, d := range docs {
		row := queueRow{Doc: d, File: d.Source.Key, Age: age(now.Sub(d.NeedsReviewAt))}
		if d.Extraction != nil {
			row.Summary = queueSummary(d.Extraction, s.threshold(d.Extraction))
		}
		if c, ok := claims[d.ID]; ok {
			row.ClaimedBy, row.Mine = c.Reviewer, c.Reviewer == ss.user
		}
		data.Rows = append(data.Rows, row)
	}
	v := s.view(r, &ss, "Review queue", data)
	switch r.URL.Query().Get("done") {
	case "approved":
		v.Notice = "Approved. The corrected record is being signed and published."
	case "rejected":
		v.Notice = "Rejected. The document is on the exceptions list with your reason."
	case "released":
		v.Notice = "Released. Another reviewer can take the document now."
	}
	s.render(w, http.StatusOK, "queue", v)
}

func facets(m map[string]int) []facet {
	out := make([]facet, 0, len(m))
	for k, n := range m {
		if k != "" {
			out = append(out, facet{k, n})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Value < out[j].Value })
	return out
}

// age says how long a document has waited, in the largest sensible unit.
func age(d time.Duration) string {
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h", int(d.Hours()))
	}
	return fmt.Sprintf("%d days", int(d.Hours()/24))
}

// claims returns the live claims by document, from the store: whichever
// process (or earlier run) took them. A store error shows no claims; the
// store still refuses a change without the claim.
func (s *Server) claims(ctx context.Context) map[int64]labrelay.Claim {
	cs, err := s.store.Claims(ctx)
	if err != nil {
		s.log.Error("review: claims", "err", err)
	}
	out := make(map[int64]labrelay.Claim, len(cs))
	for _, c := range cs {
		out[c.DocumentID] = c
	}
	return out
}

// queueSummary says in one line what a reviewer has to do: the fields
// read below the review threshold, the required fields not found; a
// document held for another reason only ("page 2 could not be read")
// shows that reason.
func queueSummary(ext *labrelay.Extraction, thr float64) string {
	check, missing := 0, 0
	for _, c := range ext.Confidence {
		if c < thr {
			check++
		}
	}
	for _, r := range ext.Review.Reasons {
		if strings.HasSuffix(r, " not found") {
			missing++
		}
	}
	rs := ext.Review.Reasons
	if check == 0 && missing == 0 && len(rs) > 0 {
		if len(rs) > 1 {
			return fmt.Sprintf("%s (and %d more)", rs[0], len(rs)-1)
		}
		return rs[0]
	}
	fields := "fields"
	if check == 1 {
		fields = "field"
	}
	return fmt.Sprintf("%d %s to check, %d missing", check, fields, missing)
}
