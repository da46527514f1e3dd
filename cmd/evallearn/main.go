// Command evallearn measures learning a layout from one report (make
// eval-learn): for each layout of the randomiser (fixtures/layouts), it
// learns a pack from report 0 of the layout, loads the packs of every
// layout together with the built-in ones, reads other reports of each
// layout (fixtures/layouts.Variant) and prints F1, the share of reports
// auto-accepted and the wrong values auto-accepted, beside the same
// reports read by the built-in packs alone. Held-out seeds by default;
// -dev measures development seeds (for tuning).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/eval"
	"github.com/labrelay/labrelay/extract"
	"github.com/labrelay/labrelay/extract/pdf"
	"github.com/labrelay/labrelay/fixtures/layouts"
	"github.com/labrelay/labrelay/learn"
	"github.com/labrelay/labrelay/rules"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "evallearn:", err)
		os.Exit(1)
	}
}

type options struct {
	layouts, reads int
	dev, verbose   bool
	scans          int    // layouts measured on scans too
	worker         string // the labrelay-ocr binary
	cache          string // a directory keeping OCR readings between runs
	keep           string // a directory keeping the learned packs
}

// packDir makes the directory the packs learned for set go to: under
// o.keep when set (kept), else a temporary one (removed by the returned
// function).
func (o options) packDir(set string) (string, func(), error) {
	if o.keep != "" {
		d := filepath.Join(o.keep, set)
		return d, func() {}, os.MkdirAll(d, 0o755)
	}
	d, err := os.MkdirTemp("", "labrelay-evallearn-"+set+"-")
	return d, func() { os.RemoveAll(d) }, err
}

func run(ctx context.Context, args []string, w io.Writer) error {
	fs := flag.NewFlagSet("evallearn", flag.ContinueOnError)
	var o options
	fs.IntVar(&o.layouts, "n", 20, "layouts (seeds)")
	fs.IntVar(&o.reads, "reads", 5, "reports read per layout after learning from one")
	fs.BoolVar(&o.dev, "dev", false, "development seeds instead of held-out ones")
	fs.BoolVar(&o.verbose, "v", false, "print review reasons and wrong values")
	fs.IntVar(&o.scans, "scans", 0, "layouts (the first of the set) also measured as scans: pages rendered at 300 dpi and read by OCR (slow)")
	fs.StringVar(&o.worker, "ocr-worker", "bin/labrelay-ocr", "the labrelay-ocr binary (make build)")
	fs.StringVar(&o.keep, "keep", "", "keep the learned packs (text/ and scan/) and the documents read (docs/: PDF and truth) in this directory")
	fs.StringVar(&o.cache, "ocr-cache", "", "keep OCR readings of the scans in this directory and reuse them (development; stale once OCR changes)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	seeds := layouts.HeldOut(o.layouts)
	set := "HELD-OUT"
	if o.dev {
		seeds, set = layouts.Dev(o.layouts), "DEV"
	}
	dir, done, err := o.packDir("text")
	if err != nil {
		return err
	}
	defer done()
	taught, notLearned, err := teach(ctx, dir, seeds, w, o.verbose)
	if err != nil {
		return err
	}
	learned, err := rules.FromDirs("", dir)
	if err != nil {
		return fmt.Errorf("the learned packs do not load: %w", err)
	}
	builtin, err := rules.Default()
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n===== %s: %d layouts (seeds %d..%d), learned from report 0, %d other reports each read =====\n",
		set, len(seeds), seeds[0], seeds[len(seeds)-1], o.reads)
	fmt.Fprintf(w, "learner: %d fields taught, %d not learned; %d layouts with no pack\n", taught, notLearned[0], notLearned[1])
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "packs\treports\tF1\tprecision\trecall\tauto-accepted\twrong auto-accepted\twrong ≥ threshold\tread by own pack\t")
	for _, e := range []struct {
		name string
		eng  *rules.Engine
	}{{"built-in", builtin}, {"built-in + learned", learned}} {
		keep := ""
		if e.eng == learned {
			keep = o.keep
		}
		rep, own, err := readAll(ctx, e.eng, seeds, o.reads, keep)
		if err != nil {
			return err
		}
		t := rep.Total()
		n := rep.AutoAccepted + rep.Reviewed
		rel := rep.Reliability(nil, e.eng.Threshold)
		fmt.Fprintf(tw, "%s\t%d\t%.3f\t%.3f\t%.3f\t%.1f%%\t%d\t%d\t%d\t\n", e.name, n, t.F1(), t.Precision(), t.Recall(),
			100*float64(rep.AutoAccepted)/float64(max(n, 1)), rep.WrongAccepted, len(rel.WrongAbove), own)
		if o.verbose && e.eng == learned {
			defer reasons(w, rep, rel)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if err := claimed(ctx, w, learned, "fixtures/testdata/pdf"); err != nil {
		return err
	}
	if o.scans > 0 {
		return scans(ctx, w, o, seeds[:min(o.scans, len(seeds))])
	}
	return nil
}

// teach learns a pack from report 0 of each layout into dir; it returns
// the fields taught, and the fields not learned and layouts without a
// pack.
func teach(ctx context.Context, dir string, seeds []uint64, w io.Writer, verbose bool) (int, [2]int, error) {
	var taught int
	var missed [2]int
	for _, s := range seeds {
		d, err := layouts.Variant(s, 0)
		if err != nil {
			return 0, missed, fmt.Errorf("seed %d: %w", s, err)
		}
		l, err := pdf.NewReader().ReadLayout(ctx, d.PDF, "application/pdf")
		if err != nil {
			return 0, missed, fmt.Errorf("seed %d: %w", s, err)
		}
		p, err := learn.Learn(packName(s), []learn.Example{{Name: d.Name, Layout: l, Record: d.Truth}})
		if err != nil {
			missed[1]++
			fmt.Fprintf(w, "%s: no pack: %v\n", d.Name, err)
			continue
		}
		for _, f := range p.Fields {
			taught++
			if !f.Learned {
				missed[0]++
				if verbose {
					fmt.Fprintf(w, "%s %s: not learned: %s\n", d.Name, f.Field, f.Why)
				}
			}
		}
		if err := os.WriteFile(filepath.Join(dir, p.Name+".yaml"), p.YAML, 0o644); err != nil {
			return 0, missed, err
		}
	}
	return taught, missed, nil
}

func packName(seed uint64) string { return fmt.Sprintf("layout-%d", seed) }

// readAll reads reports 1..reads of each layout with eng; own counts the
// reports read by their own layout's pack. With keep set, the reports
// (and report 0, taught) are written to keep/docs for inspection.
func readAll(ctx context.Context, eng *rules.Engine, seeds []uint64, reads int, keep string) (*eval.Report, int, error) {
	ex := &extract.Extractor{PDF: pdf.NewReader(), Rules: eng, Version: "evallearn"}
	rep := eval.NewReport()
	own := 0
	for _, s := range seeds {
		for n := uint64(0); n <= uint64(reads); n++ {
			d, err := layouts.Variant(s, n)
			if err != nil {
				return nil, 0, fmt.Errorf("seed %d report %d: %w", s, n, err)
			}
			if err := keepDoc(keep, d); err != nil || n == 0 {
				if err != nil {
					return nil, 0, err
				}
				continue
			}
			x, err := ex.Extract(ctx, d.Name+".pdf", d.PDF)
			if err != nil {
				rep.Skip(d.Name, err.Error())
				continue
			}
			if x.RulePack == packName(s) {
				own++
			}
			truth := d.Truth
			rep.Add(d.Name, &truth, x)
		}
	}
	return rep, own, nil
}

// keepDoc writes d's PDF and truth into dir/docs (nothing when dir is "").
func keepDoc(dir string, d layouts.Doc) error {
	if dir == "" {
		return nil
	}
	dir = filepath.Join(dir, "docs")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	truth, err := json.MarshalIndent(d.Truth, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, d.Name+".json"), truth, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, d.Name+".pdf"), d.PDF, 0o644)
}

// reasons prints why reports went to review (most frequent first) and the
// wrong values at or above the threshold.
func reasons(w io.Writer, rep *eval.Report, rel eval.Reliability) {
	count := map[string]int{}
	for _, f := range rep.Files {
		for _, r := range f.Reasons {
			count[reDigits.ReplaceAllString(r, "#")]++
		}
	}
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return count[keys[i]] > count[keys[j]] })
	fmt.Fprintln(w, "\nreview reasons (learned packs):")
	for i, k := range keys {
		if i == 25 {
			break
		}
		fmt.Fprintf(w, "  %4d  %s\n", count[k], k)
	}
	fmt.Fprintln(w, "reports to review (learned packs):")
	for _, f := range rep.Files {
		if f.Review {
			fmt.Fprintf(w, "  %s: %s\n", f.File, strings.Join(f.Reasons, "; "))
		}
	}
	fmt.Fprintln(w, "fields (F1 < 1):")
	for _, f := range labrelay.FieldNames {
		if sc := rep.Fields[f]; sc != nil && sc.TP+sc.FP+sc.FN > 0 && sc.F1() < 1 {
			fmt.Fprintf(w, "  %-18s TP %3d FP %3d FN %3d F1 %.3f\n", f, sc.TP, sc.FP, sc.FN, sc.F1())
		}
	}
	fmt.Fprintln(w, "wrong values at or above the threshold:")
	for _, o := range rel.WrongAbove {
		fmt.Fprintf(w, "  %s %s: want %q got %q conf %.2f (pack %s)\n", o.File, o.Field, o.Want, o.Got, o.Confidence, o.Pack)
	}
}

var reDigits = regexp.MustCompile(`"[^"]*"|\d+`)

// claimed reads the project's own PDF fixtures (other layouts) with the
// learned packs loaded: none should be read by a learned pack.
func claimed(ctx context.Context, w io.Writer, eng *rules.Engine, dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.pdf"))
	if err != nil || len(files) == 0 {
		return err
	}
	by, err := readByLearned(ctx, eng, files, func(f string) (*labrelay.Layout, error) {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		return pdf.NewReader().ReadLayout(ctx, data, "application/pdf")
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "the project's own fixtures (%s): %d of %d read by a learned pack %v\n", dir, len(by), len(files), by)
	return nil
}

// readByLearned reads every file (one that cannot be read is skipped)
// with eng and says which a learned pack read, as "file by pack".
func readByLearned(ctx context.Context, eng *rules.Engine, files []string, read func(string) (*labrelay.Layout, error)) ([]string, error) {
	var by []string
	for _, f := range files {
		l, err := read(f)
		if err != nil {
			continue
		}
		x, err := eng.Analyze(ctx, l)
		if err != nil {
			return nil, err
		}
		if strings.HasPrefix(x.RulePack, "layout-") {
			by = append(by, filepath.Base(f)+" by "+x.RulePack)
		}
	}
	return by, nil
}
