package eval

import (
	"fmt"
	"io"
	"sort"
	"text/tabwriter"

	"github.com/labrelay/labrelay"
)

// Observation is one produced value of a labelled field with the
// confidence the extractor gave it: the raw material of a reliability
// table.
type Observation struct {
	File       string  `json:"file"`
	Pack       string  `json:"pack,omitempty"`
	Field      string  `json:"field"`
	Confidence float64 `json:"confidence"`
	Correct    bool    `json:"correct"`
	Want       string  `json:"want,omitempty"`
	Got        string  `json:"got,omitempty"`
}

// observe records the produced values of labelled fields.
func (r *Report) observe(file string, truth *labrelay.Record, x *labrelay.Extraction) {
	for _, f := range labrelay.FieldNames {
		want, labelled := value(truth, f)
		got, produced := value(&x.Fields, f)
		if !produced || !labelled && (!r.Complete || derived[f]) {
			continue
		}
		r.Observations = append(r.Observations, Observation{File: file, Pack: x.RulePack, Field: f,
			Confidence: x.Confidence[f], Correct: labelled && equal(truth, &x.Fields, f), Want: want, Got: got})
	}
}

// DefaultBins are the lower edges of the reliability table's bins; the
// last bin runs to 1 inclusive.
var DefaultBins = []float64{0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.99}

// Bin is one confidence bin: [Lo, Hi), the last one closed.
type Bin struct {
	Lo, Hi         float64
	Count, Correct int
}

// Accuracy is Correct/Count (0 for an empty bin).
func (b Bin) Accuracy() float64 {
	if b.Count == 0 {
		return 0
	}
	return float64(b.Correct) / float64(b.Count)
}

// Reliability says how often values at each confidence were right, and
// which wrong values carried a confidence at or above the review
// threshold of their rule pack.
type Reliability struct {
	Bins []Bin `json:"bins"`
	// Above counts values at or above their threshold; Known is false when
	// no threshold was given.
	Known        bool          `json:"known"`
	Above        Bin           `json:"above"`
	WrongAbove   []Observation `json:"wrong_above,omitempty"`
	MeanConf     float64       `json:"mean_confidence"`
	MeanAccuracy float64       `json:"mean_accuracy"`
}

// Reliability bins the report's observations at the lower edges (sorted,
// within [0,1]; DefaultBins when nil). thresholdOf gives a pack's review
// threshold; nil leaves the above-threshold counts unknown.
func (r *Report) Reliability(edges []float64, thresholdOf func(pack string) float64) Reliability {
	if edges == nil {
		edges = DefaultBins
	}
	rel := Reliability{Known: thresholdOf != nil}
	for i, lo := range edges {
		hi := 1.0
		if i+1 < len(edges) {
			hi = edges[i+1]
		}
		rel.Bins = append(rel.Bins, Bin{Lo: lo, Hi: hi})
	}
	sumConf, right := 0.0, 0
	for _, o := range r.Observations {
		i := sort.Search(len(edges), func(i int) bool { return edges[i] > o.Confidence }) - 1
		i = max(i, 0)
		rel.Bins[i].Count++
		sumConf += o.Confidence
		if o.Correct {
			rel.Bins[i].Correct++
			right++
		}
		if thresholdOf == nil || o.Confidence < thresholdOf(o.Pack) {
			continue
		}
		rel.Above.Count++
		if o.Correct {
			rel.Above.Correct++
		} else {
			rel.WrongAbove = append(rel.WrongAbove, o)
		}
	}
	if n := len(r.Observations); n > 0 {
		rel.MeanConf, rel.MeanAccuracy = sumConf/float64(n), float64(right)/float64(n)
	}
	return rel
}

// Print writes the reliability table.
func (rel Reliability) Print(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "confidence\tvalues\tright\taccuracy\t")
	for i, b := range rel.Bins {
		closing := ")"
		if i == len(rel.Bins)-1 {
			closing = "]"
		}
		fmt.Fprintf(tw, "[%.2f, %.2f%s\t%d\t%d\t%s\t\n", b.Lo, b.Hi, closing, b.Count, b.Correct, ratio(b.Correct, b.Count))
	}
	tw.Flush()
	fmt.Fprintf(w, "mean confidence %.3f, observed accuracy %.3f\n", rel.MeanConf, rel.MeanAccuracy)
	if !rel.Known {
		return
	}
	fmt.Fprintf(w, "values at or above the review threshold: %d, accuracy %s; WRONG values at or above the threshold: %d\n",
		rel.Above.Count, ratio(rel.Above.Correct, rel.Above.Count), len(rel.WrongAbove))
}
