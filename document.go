package labrelay

import (
	"bytes"
	"encoding/json"
	"time"
)

// FieldChange is one field a reviewer changed: Old and New are the field's
// JSON values ("" when absent).
type FieldChange struct {
	Field string `json:"field"`
	Old   string `json:"old,omitempty"`
	New   string `json:"new,omitempty"`
}

// DiffRecords lists the canonical fields whose values differ between old and
// new, in spec order. Stores use it to write the review audit trail.
func DiffRecords(old, new Record) []FieldChange {
	a, b := fieldJSON(old), fieldJSON(new)
	var changes []FieldChange
	for _, name := range FieldNames {
		if !bytes.Equal(a[name], b[name]) {
			changes = append(changes, FieldChange{Field: name, Old: string(a[name]), New: string(b[name])})
		}
	}
	return changes
}

func fieldJSON(r Record) map[string]json.RawMessage {
	m := map[string]json.RawMessage{}
	data, err := json.Marshal(r)
	if err != nil {
		return m // a Record always marshals
	}
	_ = json.Unmarshal(data, &m)
	for k, v := range m {
		var buf bytes.Buffer
		if json.Compact(&buf, v) == nil {
			m[k] = buf.Bytes()
		}
	}
	return m
}

// SetExtraction stores e on the document with the summary columns used by
// filters and reports: Lab (falling back to LabHint), Category, Path and
// RulesVersion.
func (d *Document) SetExtraction(e *Extraction) {
	d.Extraction = e
	if e == nil {
		return
	}
	d.Lab = e.Fields.Lab
	if d.Lab == "" {
		d.Lab = d.LabHint
	}
	d.Category = e.Fields.Category
	d.Path = e.Path
	d.RulesVersion = e.RulesVersion
}

// Stamp records that the document entered state s at t: it sets the stage
// timestamp of s (if it has one) and UpdatedAt.
func (d *Document) Stamp(s State, t time.Time) {
	switch s {
	case StateFetched:
		d.FetchedAt = t
	case StateExtracted:
		d.ExtractedAt = t
	case StateNeedsReview:
		d.NeedsReviewAt = t
	case StateAccepted:
		d.AcceptedAt = t
	case StateSigned:
		d.SignedAt = t
	case StatePublished:
		d.PublishedAt = t
	}
	d.State = s
	d.UpdatedAt = t
}

// passThrough are the states a worker may pass through within one lease:
// a fetch-and-extract worker goes discovered → fetched → extracted.
var passThrough = map[State]bool{StateFetched: true, StateExtracted: true, StateAccepted: true}

// Route returns the states a document goes through from from to to when one
// worker completes several stages at once: the direct move when CheckMove
// allows it, else the shortest path through fetched, extracted and accepted.
// The result ends with to; ok is false when there is no such path.
func Route(from, to State) (steps []State, ok bool) {
	prev := map[State]State{from: ""}
	queue := []State{from}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, next := range transitions[s] {
			if _, seen := prev[next]; seen {
				continue
			}
			prev[next] = s
			if next == to {
				for at := to; at != from; at = prev[at] {
					steps = append([]State{at}, steps...)
				}
				return steps, true
			}
			if passThrough[next] {
				queue = append(queue, next)
			}
		}
	}
	return nil, false
}

// WorkStages are the states Store.Lease hands out work for.
var WorkStages = []State{StateDiscovered, StateFetched, StateExtracted, StateAccepted}

// IsWorkStage reports whether s is one of WorkStages.
func IsWorkStage(s State) bool {
	for _, w := range WorkStages {
		if w == s {
			return true
		}
	}
	return false
}
