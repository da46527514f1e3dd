package labrelay

import "fmt"

// State is where a document is in the pipeline.
//
//	discovered → fetched → extracted → needs_review | accepted → signed → published
//
// and from any state before published: failed (bad input, with a reason) or
// exception (the DSP rejected it, or a reviewer did). superseded marks a
// record that a later revision replaced.
type State string

const (
	StateDiscovered  State = "discovered"
	StateFetched     State = "fetched"
	StateExtracted   State = "extracted"
	StateNeedsReview State = "needs_review"
	StateAccepted    State = "accepted"
	StateSigned      State = "signed"
	StatePublished   State = "published"
	StateFailed      State = "failed"
	StateException   State = "exception"
	StateSuperseded  State = "superseded"
)

var transitions = map[State][]State{
	StateDiscovered:  {StateFetched, StateFailed},
	StateFetched:     {StateExtracted, StateFailed},
	StateExtracted:   {StateNeedsReview, StateAccepted, StateFailed},
	StateNeedsReview: {StateAccepted, StateException, StateSuperseded},
	StateAccepted:    {StateSigned, StateException, StateSuperseded},
	StateSigned:      {StatePublished, StateException, StateSuperseded},
	StatePublished:   {StateException, StateSuperseded},
	StateFailed:      {StateDiscovered},
	StateException:   {StateDiscovered, StateAccepted},
	StateSuperseded:  {},
}

// CanMove reports whether a document may move from one state to another.
func CanMove(from, to State) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// CheckMove returns an error naming both states when the move is not allowed.
func CheckMove(from, to State) error {
	if !CanMove(from, to) {
		return fmt.Errorf("document cannot move from %s to %s", from, to)
	}
	return nil
}

// Terminal reports whether no more work is due for a document in s.
func (s State) Terminal() bool {
	switch s {
	case StatePublished, StateFailed, StateException, StateSuperseded:
		return true
	}
	return false
}
