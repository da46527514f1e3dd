// Command evallayouts measures extraction on documents of layouts nothing
// was written for: it generates development and held-out reports with
// fixtures/layouts into a temporary directory, extracts each with the same
// extractor as `labrelay extract` (built-in rule packs, the PDF text reader
// with pdftotext as fallback) and scores them with the eval package: per-
// field precision/recall/F1, result rows, auto-accepted counts, the
// reliability table and the wrong values at or above the review threshold.
//
// With -kinds scan,photo it also reads image-only copies of the same
// documents (fixtures/layouts Scan: scanner or phone-photo degradations)
// through the OCR workers and ends with a comparison of the copies: field
// F1, result rows, wrong values at or above the threshold, time per page.
//
//	go run ./cmd/evallayouts [-n 40] [-dev N] [-dev-from S] [-held N] [-keep DIR] [-examples 8] [-rules DIR]
//	        [-kinds text,scan,photo] [-ocr-worker bin/labrelay-ocr] [-ocr-workers 2]
//	        [-ocr-cache DIR] [-misses]
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/eval"
	"github.com/labrelay/labrelay/extract"
	"github.com/labrelay/labrelay/extract/native"
	"github.com/labrelay/labrelay/extract/ocr"
	"github.com/labrelay/labrelay/extract/pdf"
	"github.com/labrelay/labrelay/fixtures/layouts"
	"github.com/labrelay/labrelay/rules"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "evallayouts:", err)
		os.Exit(1)
	}
}

type options struct {
	dev, devFrom, held, examples, workers int
	keep, rules, kinds, worker, cache     string
	noCells, misses                       bool
	thresholding, ocrLang                 string
	noPersp, stamps, domestic, certs      bool
}

// result is one set read as one kind of copy, for the closing comparison.
type result struct {
	set, kind string
	rep       *eval.Report
	pages     int
	took      time.Duration
}

func run(ctx context.Context, args []string, w io.Writer) error {
	fs := flag.NewFlagSet("evallayouts", flag.ContinueOnError)
	n := fs.Int("n", 40, "documents per set (development and held-out)")
	var o options
	fs.IntVar(&o.dev, "dev", -1, "development documents (default -n)")
	fs.IntVar(&o.devFrom, "dev-from", 1, "first development seed (a second development set: -dev-from 41)")
	fs.IntVar(&o.held, "held", -1, "held-out documents (default -n)")
	fs.IntVar(&o.examples, "examples", 8, "example errors printed per set")
	fs.StringVar(&o.keep, "keep", "", "write the generated PDFs and truth into this directory and keep them")
	fs.StringVar(&o.rules, "rules", "", "rule pack directory (default: the built-in packs)")
	fs.StringVar(&o.kinds, "kinds", "text", "copies read, comma-separated: text (the generated PDF), scan, photo (image-only PDFs of it, read by OCR)")
	fs.StringVar(&o.worker, "ocr-worker", "", "labrelay-ocr binary (default bin/labrelay-ocr when present, else next to this program or on PATH)")
	fs.IntVar(&o.workers, "ocr-workers", 2, "OCR worker processes")
	fs.BoolVar(&o.noCells, "no-cells", false, "OCR: do not re-read numeric table cells (to measure what they bring)")
	fs.BoolVar(&o.noPersp, "no-perspective", false, "OCR: do not undo a photographed page's perspective")
	fs.BoolVar(&o.stamps, "stamps", false, "the same documents with red seals over the issue date and signature and a signature in ink; scans and photos in colour")
	fs.BoolVar(&o.certs, "certificates", false, "certificates of conformity instead of reports: one framed page, no result table, the test report behind it named")
	fs.BoolVar(&o.domestic, "domestic", false, "Chinese labs' reports for Chinese clients: captions in Chinese, lab, parties, addresses and product named in Chinese")
	fs.StringVar(&o.ocrLang, "ocr-lang", "", "OCR: Tesseract languages joined by + (default: the reader's, eng+chi_sim)")
	fs.StringVar(&o.thresholding, "thresholding", "", "OCR: Tesseract thresholding_method (0 Otsu, 1 LeptonicaOtsu, 2 Sauvola)")
	fs.StringVar(&o.cache, "ocr-cache", "", "keep OCR readings in this directory and reuse them (development replays of rule changes; stale once OCR changes)")
	fs.BoolVar(&o.misses, "misses", false, "print every value produced (with its confidence), missed, and every result row missed or extra, per document")
	ablate := fs.Float64("ablate", 0, "leave this share (0-1) of the caption lexicon out, to measure what wording the reader has never seen costs")
	if err := fs.Parse(args); err != nil {
		return err
	}
	rules.AblateLexicon(*ablate)
	if o.dev < 0 {
		o.dev = *n
	}
	if o.held < 0 {
		o.held = *n
	}
	if o.dev > 0 && len(layouts.DevFrom(o.devFrom, o.dev)) == 0 {
		return fmt.Errorf("-dev-from %d: development seeds run from 1 to %d", o.devFrom, layouts.HeldOutBase-1)
	}
	eng, err := rules.FromDir(o.rules)
	if err != nil {
		return err
	}
	if o.worker == "" {
		if _, err := os.Stat("bin/labrelay-ocr"); err == nil {
			o.worker = "bin/labrelay-ocr"
		}
	}
	rd := &ocr.Reader{Workers: o.workers, Worker: o.worker, SkipCells: o.noCells, Thresholding: o.thresholding, SkipPerspective: o.noPersp}
	if o.ocrLang != "" {
		rd.Languages = strings.Split(o.ocrLang, "+")
	}
	defer rd.Close()
	var pageOCR extract.PDFPageOCR = rd
	if o.cache != "" {
		if err := os.MkdirAll(o.cache, 0o755); err != nil {
			return err
		}
		pageOCR = cachedOCR{dir: o.cache, ocr: rd}
	}
	ex := &extract.Extractor{Native: native.DefaultSet(), PDF: &extract.PDFWithOCR{Text: pdf.NewReader(), OCR: pageOCR}, Image: rd, Rules: eng, Version: "evallayouts"}
	dir := o.keep
	if dir == "" {
		if dir, err = os.MkdirTemp("", "labrelay-layouts-*"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	}
	thr := eng.Threshold
	var all []result
	for _, set := range []struct {
		name  string
		seeds []uint64
	}{{"DEV", layouts.DevFrom(o.devFrom, o.dev)}, {"HELD-OUT", layouts.HeldOut(o.held)}} {
		if len(set.seeds) == 0 {
			continue
		}
		for _, kind := range strings.Split(o.kinds, ",") {
			kind = strings.TrimSpace(kind)
			res, err := score(ctx, ex, filepath.Join(dir, set.name, kind), set.seeds, kind, layouts.Options{Stamped: o.stamps, Domestic: o.domestic, Certificate: o.certs})
			if err != nil {
				return err
			}
			res.set = set.name
			res.rep.ThresholdOf = thr
			fmt.Fprintf(w, "\n===== %s %s: %d documents, seeds %d..%d =====\n", set.name, strings.ToUpper(kind), len(set.seeds), set.seeds[0], set.seeds[len(set.seeds)-1])
			summary(w, res.rep, thr, o.examples)
			if o.misses {
				missesOf(w, res.rep)
			}
			all = append(all, res)
		}
	}
	compare(w, all, thr)
	return nil
}

// compare prints one line per set and kind: what issue 15 compares.
func compare(w io.Writer, all []result, thr func(string) float64) {
	if len(all) < 2 {
		return
	}
	fmt.Fprintln(w, "\n===== comparison =====")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "set\tcopy\tfield F1\trows P\trows R\twrong >= thr\tpages\ts/page\t")
	for _, r := range all {
		t := r.rep.Total()
		rel := r.rep.Reliability(nil, thr)
		fmt.Fprintf(tw, "%s\t%s\t%.3f\t%.3f\t%.3f\t%d\t%d\t%.2f\t\n", r.set, r.kind, t.F1(), r.rep.Rows.Precision(), r.rep.Rows.Recall(),
			len(rel.WrongAbove), r.pages, r.took.Seconds()/float64(max(1, r.pages)))
	}
	tw.Flush()
}

// score generates the documents of seeds into dir as kind and scores them.
func score(ctx context.Context, ex *extract.Extractor, dir string, seeds []uint64, kind string, fam layouts.Options) (result, error) {
	res := result{kind: kind}
	docs, truth := filepath.Join(dir, "docs"), filepath.Join(dir, "truth")
	for _, d := range []string{docs, truth} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return res, err
		}
	}
	for _, s := range seeds {
		d, err := layouts.GenerateWith(s, fam)
		if err != nil {
			return res, fmt.Errorf("seed %d: %w", s, err)
		}
		data := d.PDF
		if kind != "text" {
			if data, err = layouts.Scan(d, kind, ""); err != nil {
				return res, fmt.Errorf("seed %d: %w", s, err)
			}
		}
		res.pages += d.Truth.PageCount
		js, err := json.MarshalIndent(d.Truth, "", "  ")
		if err != nil {
			return res, err
		}
		if err := errors.Join(os.WriteFile(filepath.Join(docs, d.Name+".pdf"), data, 0o644),
			os.WriteFile(filepath.Join(truth, d.Name+".json"), js, 0o644)); err != nil {
			return res, err
		}
	}
	start := time.Now()
	// the randomiser's truth holds every field it prints
	rep := eval.NewReport()
	rep.Complete = true
	err := rep.Corpus(ctx, ex, truth, docs)
	res.rep, res.took = rep, time.Since(start)
	return res, err
}

// summary prints the per-field table with F1, rows, acceptance, the
// reliability table and example errors.
func summary(w io.Writer, rep *eval.Report, thr func(string) float64, examples int) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "field\tTP\tFP\tFN\tprecision\trecall\tF1\t")
	for _, f := range labrelay.FieldNames {
		s := rep.Fields[f]
		if s == nil || s.TP+s.FP+s.FN == 0 {
			continue
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t\n", f, s.TP, s.FP, s.FN, s.Precision(), s.Recall(), s.F1())
	}
	t := rep.Total()
	fmt.Fprintf(tw, "ALL FIELDS\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t\n", t.TP, t.FP, t.FN, t.Precision(), t.Recall(), t.F1())
	fmt.Fprintf(tw, "result rows\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t\n", rep.Rows.TP, rep.Rows.FP, rep.Rows.FN, rep.Rows.Precision(), rep.Rows.Recall(), rep.Rows.F1())
	tw.Flush()
	skipped := 0
	for _, f := range rep.Files {
		if f.Skipped != "" {
			skipped++
		}
	}
	fmt.Fprintf(w, "documents: %d auto-accepted, %d to review, %d skipped; wrong values auto-accepted: %d\n",
		rep.AutoAccepted, rep.Reviewed, skipped, rep.WrongAccepted)
	fmt.Fprintln(w, "\nreliability (every value produced; one for a field the document does not print counts as wrong):")
	rel := rep.Reliability(nil, thr)
	rel.Print(w)
	for i, o := range rel.WrongAbove {
		if i == examples {
			fmt.Fprintf(w, "  … %d more\n", len(rel.WrongAbove)-i)
			break
		}
		fmt.Fprintf(w, "  %s %s: want %q got %q conf %.2f (pack %s)\n", o.File, o.Field, o.Want, o.Got, o.Confidence, o.Pack)
	}
	examplesOf(w, rep, examples)
}

// examplesOf prints a few wrong and missing values, spread over files.
func examplesOf(w io.Writer, rep *eval.Report, n int) {
	var wrong, missing []eval.Observation
	for _, o := range rep.Observations {
		if !o.Correct {
			wrong = append(wrong, o)
		}
	}
	for _, f := range rep.Files {
		for _, d := range f.Diffs {
			if d.Got == "" {
				missing = append(missing, eval.Observation{File: f.File, Field: d.Field, Want: d.Want})
			}
		}
	}
	sort.SliceStable(wrong, func(i, j int) bool { return wrong[i].Confidence > wrong[j].Confidence })
	fmt.Fprintf(w, "\nexample wrong values (%d in all, most confident first):\n", len(wrong))
	for i, o := range spread(wrong, n) {
		_ = i
		fmt.Fprintf(w, "  %s %s: want %q got %q conf %.2f\n", o.File, o.Field, o.Want, o.Got, o.Confidence)
	}
	fmt.Fprintf(w, "example missing values (%d in all):\n", len(missing))
	for _, o := range spread(missing, n) {
		fmt.Fprintf(w, "  %s %s: want %q\n", o.File, o.Field, o.Want)
	}
}

// spread picks up to n observations, at most one per field first.
func spread(os []eval.Observation, n int) []eval.Observation {
	var out []eval.Observation
	seen := map[string]bool{}
	for _, o := range os {
		if len(out) < n && !seen[o.Field] {
			seen[o.Field] = true
			out = append(out, o)
		}
	}
	for _, o := range os {
		if len(out) >= n {
			break
		}
		if seen[o.Field] && !contains(out, o) {
			out = append(out, o)
		}
	}
	return out
}

func contains(xs []eval.Observation, o eval.Observation) bool {
	for _, x := range xs {
		if x == o {
			return true
		}
	}
	return false
}

// missesOf prints every value produced (ok or wrong, with its confidence),
// every value missed and every result row missed or extra, one per line
// and document by document, for comparing two development runs.
func missesOf(w io.Writer, rep *eval.Report) {
	fmt.Fprintln(w, "\nevery value (ok/wrong/miss/row):")
	obs := map[string][]eval.Observation{}
	for _, o := range rep.Observations {
		obs[o.File] = append(obs[o.File], o)
	}
	for _, f := range rep.Files {
		for _, o := range obs[f.File] {
			tag := "wrong"
			if o.Correct {
				tag = "ok"
			}
			fmt.Fprintf(w, "  %s %s %s conf %.2f got %q want %q\n", tag, f.File, o.Field, o.Confidence, o.Got, o.Want)
		}
		for _, d := range f.Diffs {
			if d.Got == "" {
				fmt.Fprintf(w, "  miss %s %s want %q\n", f.File, d.Field, d.Want)
			}
		}
		for _, r := range f.RowDiffs {
			fmt.Fprintf(w, "  row %s %s\n", f.File, r)
		}
	}
}
