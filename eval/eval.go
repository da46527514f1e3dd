// Package eval scores extractions against hand-labelled truth: per-field
// precision and recall over a corpus, and the count that matters most,
// wrong values that were auto-accepted (review.required false).
//
// A truth file lists only what was labelled: a field missing from it is
// "not labelled", so a value produced for it counts neither right nor
// wrong. Strings are compared after whitespace collapse; lists as sets;
// result tables row by row as a set keyed by item.
package eval

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/internal/text"
	"github.com/labrelay/labrelay/normalize"
)

// Extractor is what eval runs over each file.
type Extractor interface {
	ExtractFile(ctx context.Context, path string) (*labrelay.Extraction, error)
}

// FieldScore counts one field over a corpus. A produced value is TP when
// it equals the truth, FP when it differs (or truth lacks it but was
// labelled as absent — not possible here), FN when truth has it and
// nothing (or something wrong) was produced.
type FieldScore struct {
	TP, FP, FN int
	// Unlabelled counts values produced for fields the truth does not label.
	Unlabelled int
}

// Precision is TP/(TP+FP), 1 when nothing was produced.
func (s FieldScore) Precision() float64 {
	if s.TP+s.FP == 0 {
		return 1
	}
	return float64(s.TP) / float64(s.TP+s.FP)
}

// Recall is TP/(TP+FN), 1 when nothing was labelled.
func (s FieldScore) Recall() float64 {
	if s.TP+s.FN == 0 {
		return 1
	}
	return float64(s.TP) / float64(s.TP+s.FN)
}

// F1 is the harmonic mean of precision and recall.
func (s FieldScore) F1() float64 {
	p, r := s.Precision(), s.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// Diff is one field of one file that did not match.
type Diff struct {
	Field    string `json:"field"`
	Want     string `json:"want"`
	Got      string `json:"got"`
	Accepted bool   `json:"accepted"` // produced wrong and not sent to review
}

// FileResult is one file's outcome.
type FileResult struct {
	File    string   `json:"file"`
	Pack    string   `json:"pack,omitempty"`
	Review  bool     `json:"review"`
	Skipped string   `json:"skipped,omitempty"` // why the file produced no record
	Diffs   []Diff   `json:"diffs,omitempty"`
	Reasons []string `json:"reasons,omitempty"`
	// RowDiffs lists result rows missing ("-") or extra ("+").
	RowDiffs []string `json:"row_diffs,omitempty"`
}

// Report is a corpus's score.
type Report struct {
	Fields        map[string]*FieldScore `json:"fields"`
	Rows          FieldScore             `json:"rows"`
	Files         []FileResult           `json:"files"`
	WrongAccepted int                    `json:"wrong_accepted"`
	Reviewed      int                    `json:"reviewed"`
	AutoAccepted  int                    `json:"auto_accepted"`
	// Observations are the produced values of labelled fields with their
	// confidence (see Reliability).
	Observations []Observation `json:"observations,omitempty"`
	// ThresholdOf, when set, gives a rule pack's review threshold, so that
	// Print can count wrong values at or above it.
	ThresholdOf func(pack string) float64 `json:"-"`
	// Complete says the truth lists every field the documents print (as
	// the layout randomiser's does), so a value for a field the truth
	// lacks is invented: scored wrong, not unlabelled.
	Complete bool `json:"complete,omitempty"`
}

// NewReport returns an empty report.
func NewReport() *Report { return &Report{Fields: map[string]*FieldScore{}} }

// Total sums the per-field scores.
func (r *Report) Total() FieldScore {
	var t FieldScore
	for _, s := range r.Fields {
		t.TP += s.TP
		t.FP += s.FP
		t.FN += s.FN
		t.Unlabelled += s.Unlabelled
	}
	return t
}

// Add scores one extraction against its truth and records the result.
func (r *Report) Add(file string, truth *labrelay.Record, x *labrelay.Extraction) FileResult {
	fr := FileResult{File: file, Pack: x.RulePack, Review: x.Review.Required, Reasons: x.Review.Reasons}
	if x.Review.Required {
		r.Reviewed++
	} else {
		r.AutoAccepted++
	}
	got := &x.Fields
	for _, f := range labrelay.FieldNames {
		s := r.Fields[f]
		if s == nil {
			s = &FieldScore{}
			r.Fields[f] = s
		}
		want, labelled := value(truth, f)
		have, produced := value(got, f)
		switch {
		case !labelled && produced && r.Complete && !derived[f]:
			s.FP++
			d := Diff{Field: f, Got: have, Accepted: !x.Review.Required}
			if d.Accepted {
				r.WrongAccepted++
			}
			fr.Diffs = append(fr.Diffs, d)
		case !labelled && produced:
			s.Unlabelled++
		case !labelled:
		case !produced:
			s.FN++
			fr.Diffs = append(fr.Diffs, Diff{Field: f, Want: want, Got: ""})
		case equal(truth, got, f):
			s.TP++
		default:
			s.FP++
			s.FN++
			d := Diff{Field: f, Want: want, Got: have, Accepted: !x.Review.Required}
			if d.Accepted {
				r.WrongAccepted++
			}
			fr.Diffs = append(fr.Diffs, d)
		}
	}
	r.observe(file, truth, x)
	if len(truth.Results) > 0 {
		tp, fp, fn := compareRows(truth.Results, got.Results)
		r.Rows.TP += tp
		r.Rows.FP += fp
		r.Rows.FN += fn
		fr.RowDiffs = rowDiffs(truth.Results, got.Results)
	}
	r.Files = append(r.Files, fr)
	return fr
}

// derived fields are inferred, never printed: complete truth need not
// hold them.
var derived = map[string]bool{labrelay.FieldCategory: true}

// Skip records a file that produced no record.
func (r *Report) Skip(file, why string) {
	r.Files = append(r.Files, FileResult{File: file, Skipped: why})
}

func value(rec *labrelay.Record, f string) (string, bool) {
	switch f {
	case labrelay.FieldTestStandards:
		return strings.Join(rec.TestStandards, "; "), len(rec.TestStandards) > 0
	case labrelay.FieldResults:
		return fmt.Sprintf("%d rows", len(rec.Results)), len(rec.Results) > 0
	case labrelay.FieldPageCount:
		return fmt.Sprint(rec.PageCount), rec.PageCount != 0
	}
	s, _ := rec.String(f)
	return s, s != ""
}

func equal(a, b *labrelay.Record, f string) bool {
	switch f {
	case labrelay.FieldTestStandards:
		return sameSet(a.TestStandards, b.TestStandards)
	case labrelay.FieldResults:
		_, fp, fn := compareRows(a.Results, b.Results)
		return fp == 0 && fn == 0
	case labrelay.FieldPageCount:
		return a.PageCount == b.PageCount
	}
	x, _ := a.String(f)
	y, _ := b.String(f)
	return normalize.Space(x) == normalize.Space(y)
}

func sameSet(a, b []string) bool {
	m := map[string]int{}
	for _, s := range a {
		m[normalize.Space(s)]++
	}
	for _, s := range b {
		m[normalize.Space(s)]--
	}
	for _, n := range m {
		if n != 0 {
			return false
		}
	}
	return true
}

func rowKey(r labrelay.ResultRow) string {
	return strings.Join([]string{normalize.Space(r.Item), normalize.Space(r.Method), normalize.Space(r.Unit),
		normalize.Space(r.MDL), normalize.Space(r.Limit), normalize.Space(r.Value), r.Verdict}, "\x1f")
}

// rowDiffs lists the truth rows not produced ("-") and the produced rows
// not in the truth ("+").
func rowDiffs(want, got []labrelay.ResultRow) []string {
	m := map[string]int{}
	for _, r := range got {
		m[rowKey(r)]++
	}
	var out []string
	for _, r := range want {
		if m[rowKey(r)] > 0 {
			m[rowKey(r)]--
			continue
		}
		out = append(out, "- "+showRow(r))
	}
	for _, r := range got {
		if m[rowKey(r)] > 0 {
			m[rowKey(r)]--
			out = append(out, "+ "+showRow(r))
		}
	}
	return out
}

func showRow(r labrelay.ResultRow) string {
	return fmt.Sprintf("%q | %q | %q | %q | %q | %q | %q", r.Item, r.Method, r.Unit, r.MDL, r.Limit, r.Value, r.Verdict)
}

// compareRows matches rows as a multiset: a produced row is right when an
// identical truth row (same item, method, unit, MDL, limit, value,
// verdict) exists.
func compareRows(want, got []labrelay.ResultRow) (tp, fp, fn int) {
	m := map[string]int{}
	for _, r := range want {
		m[rowKey(r)]++
	}
	for _, r := range got {
		if m[rowKey(r)] > 0 {
			m[rowKey(r)]--
			tp++
		} else {
			fp++
		}
	}
	for _, n := range m {
		fn += n
	}
	return tp, fp, fn
}

// Corpus runs ex over every file in dir that has a truth file
// (truthDir/<name without extension>.json). Files ex cannot read are
// recorded as skipped, not fatal.
func Corpus(ctx context.Context, ex Extractor, truthDir, dir string) (*Report, error) {
	r := NewReport()
	return r, r.Corpus(ctx, ex, truthDir, dir)
}

// Corpus is the package's Corpus adding to r, for a report whose options
// (Complete) are set first.
func (r *Report) Corpus(ctx context.Context, ex Extractor, truthDir, dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		ext := filepath.Ext(e.Name())
		switch strings.ToLower(ext) {
		case ".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".xml", ".json":
		default:
			continue
		}
		base := strings.TrimSuffix(e.Name(), ext)
		truth, err := ReadTruth(filepath.Join(truthDir, base+".json"))
		if err != nil {
			if os.IsNotExist(err) {
				continue
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		x, err := ex.ExtractFile(ctx, filepath.Join(dir, e.Name()))
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			r.Skip(e.Name(), text.OneLine(err.Error()))
			continue
		}
		r.Add(e.Name(), truth, x)
	}
	return nil
}

// ReadTruth reads a truth file: a JSON record in the spec §1 form.
func ReadTruth(path string) (*labrelay.Record, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var rec labrelay.Record
	if err := json.Unmarshal(data, &rec); err != nil {
		return nil, fmt.Errorf("truth %s: %w", filepath.Base(path), err)
	}
	return &rec, nil
}

// Print writes the per-field table, the per-file outcome and the totals.
func (r *Report) Print(w io.Writer, verbose bool) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "field\tTP\tFP\tFN\tunlabelled\tprecision\trecall\t")
	for _, f := range labrelay.FieldNames {
		s := r.Fields[f]
		if s == nil || s.TP+s.FP+s.FN+s.Unlabelled == 0 {
			continue
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\t%s\t\n", f, s.TP, s.FP, s.FN, s.Unlabelled, ratio(s.TP, s.TP+s.FP), ratio(s.TP, s.TP+s.FN))
	}
	t := r.Total()
	fmt.Fprintf(tw, "ALL FIELDS\t%d\t%d\t%d\t%d\t%.3f\t%.3f\t\n", t.TP, t.FP, t.FN, t.Unlabelled, t.Precision(), t.Recall())
	fmt.Fprintf(tw, "result rows\t%d\t%d\t%d\t\t%.3f\t%.3f\t\n", r.Rows.TP, r.Rows.FP, r.Rows.FN, r.Rows.Precision(), r.Rows.Recall())
	tw.Flush()
	fmt.Fprintln(w)
	files := append([]FileResult(nil), r.Files...)
	sort.Slice(files, func(i, j int) bool { return files[i].File < files[j].File })
	skipped := 0
	for _, f := range files {
		switch {
		case f.Skipped != "":
			skipped++
			fmt.Fprintf(w, "%-45s SKIPPED: %s\n", f.File, f.Skipped)
			continue
		case f.Review:
			fmt.Fprintf(w, "%-45s review   pack=%s wrong/missing=%d\n", f.File, f.Pack, len(f.Diffs))
		default:
			fmt.Fprintf(w, "%-45s ACCEPTED pack=%s wrong/missing=%d\n", f.File, f.Pack, len(f.Diffs))
		}
		if verbose {
			for _, d := range f.Diffs {
				flag := ""
				if d.Accepted {
					flag = "  <-- WRONG AND AUTO-ACCEPTED"
				}
				fmt.Fprintf(w, "    %-18s want %q\n    %-18s got  %q%s\n", d.Field, d.Want, "", d.Got, flag)
			}
			for _, d := range f.RowDiffs {
				fmt.Fprintf(w, "    row %s\n", d)
			}
			for _, reason := range f.Reasons {
				fmt.Fprintf(w, "    review: %s\n", reason)
			}
		}
	}
	fmt.Fprintf(w, "\nfiles: %d scored (%d auto-accepted, %d to review), %d skipped\n", r.AutoAccepted+r.Reviewed, r.AutoAccepted, r.Reviewed, skipped)
	fmt.Fprintf(w, "wrong values auto-accepted: %d\n", r.WrongAccepted)
	if len(r.Observations) > 0 {
		fmt.Fprintln(w, "\nreliability (labelled fields with a value):")
		r.Reliability(nil, r.ThresholdOf).Print(w)
	}
}

// ratio prints n/d with three decimals, or "-" when nothing was counted:
// a field never labelled nor produced has no precision to speak of.
func ratio(n, d int) string {
	if d == 0 {
		return "-"
	}
	return fmt.Sprintf("%.3f", float64(n)/float64(d))
}
