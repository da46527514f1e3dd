package review_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/labrelay/labrelay/review"
)

// confOf returns the colour class of a field's confidence on the document
// page.
func confOf(t *testing.T, body, field string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)id="f-` + field + `".*?<td class="conf ([a-z-]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no confidence cell for %s", field)
	}
	return m[1]
}

// The queue says per document, in one line, how many fields to check and
// how many are missing; the reasons stay on the document page, whose
// colours follow the review threshold.
func TestQueueLineAndConfidenceColours(t *testing.T) {
	r := newRig(t)
	doc := r.seedPDF(t) // batch_number 0.41, po_number 0.72, the rest 0.97
	b := r.client(t)
	b.login("alice")
	q := b.get("")
	if !strings.Contains(q.Body, "2 fields to check, 0 missing") {
		t.Errorf("queue line missing:\n%s", q.Body)
	}
	if strings.Contains(q.Body, "below threshold") {
		t.Errorf("the queue lists the reasons; they belong on the document page")
	}
	d := b.get(fmt.Sprintf("doc/%d", doc.ID))
	if !strings.Contains(d.Body, "batch_number below threshold 0.9") {
		t.Errorf("the document page lost its reasons")
	}
	for field, want := range map[string]string{"batch_number": "conf-low", "po_number": "conf-mid", "report_number": "conf-high"} {
		if got := confOf(t, d.Body, field); got != want {
			t.Errorf("%s: class %s, want %s", field, got, want)
		}
	}
}

// A pack with a higher threshold: 0.97 is below it, so never green, and
// the queue counts it.
func TestConfidenceColourFollowsPackThreshold(t *testing.T) {
	r := newRig(t, func(o *review.Options) { o.Threshold = func(string) float64 { return 0.98 } })
	doc := r.seedPDF(t)
	b := r.client(t)
	b.login("alice")
	d := b.get(fmt.Sprintf("doc/%d", doc.ID))
	if got := confOf(t, d.Body, "report_number"); got != "conf-mid" {
		t.Errorf("report_number at 0.97 under threshold 0.98: class %s", got)
	}
	if q := b.get(""); strings.Contains(q.Body, "2 fields to check") || !strings.Contains(q.Body, "fields to check, 0 missing") {
		t.Errorf("queue line should count every field under 0.98:\n%s", q.Body)
	}
}
