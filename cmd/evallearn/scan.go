package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/eval"
	"github.com/labrelay/labrelay/extract/ocr"
	"github.com/labrelay/labrelay/fixtures/layouts"
	"github.com/labrelay/labrelay/learn"
	"github.com/labrelay/labrelay/rules"
)

// scans measures learning from a scan and reading scans: every report of
// the layouts is rendered page by page at 300 dpi and read by OCR (a
// clean scan: no skew, noise or blur), the pack learned from report 0's
// scan, the others read with every learned pack loaded.
func scans(ctx context.Context, w io.Writer, o options, seeds []uint64) error {
	r := &ocr.Reader{Worker: o.worker, Workers: 2}
	defer r.Close()
	dir, done, err := o.packDir("scan")
	if err != nil {
		return err
	}
	defer done()
	for _, s := range seeds {
		d, l, err := scanned(ctx, r, o.cache, s, 0)
		if err != nil {
			return err
		}
		p, err := learn.Learn(packName(s), []learn.Example{{Name: d.Name, Layout: l, Record: d.Truth}})
		if err != nil {
			fmt.Fprintf(w, "%s (scan): no pack: %v\n", d.Name, err)
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, p.Name+".yaml"), p.YAML, 0o644); err != nil {
			return err
		}
	}
	eng, err := rules.FromDirs("", dir)
	if err != nil {
		return fmt.Errorf("the packs learned from scans do not load: %w", err)
	}
	rep, own := eval.NewReport(), 0
	for _, s := range seeds {
		for n := uint64(1); n <= uint64(o.reads); n++ {
			d, l, err := scanned(ctx, r, o.cache, s, n)
			if err != nil {
				return err
			}
			x, err := eng.Analyze(ctx, l)
			if err != nil {
				return err
			}
			if x.RulePack == packName(s) {
				own++
			}
			truth := d.Truth
			fr := rep.Add(d.Name, &truth, x)
			if o.verbose {
				misses(w, d.Name, x, fr)
			}
		}
	}
	t := rep.Total()
	n := rep.AutoAccepted + rep.Reviewed
	rel := rep.Reliability(nil, eng.Threshold)
	fmt.Fprintf(w, "\nSCANS (clean, 300 dpi, OCR): %d layouts, learned from report 0's scan, %d reports read: F1 %.3f (precision %.3f, recall %.3f), auto-accepted %.1f%%, wrong auto-accepted %d, wrong ≥ threshold %d, read by own pack %d\n",
		len(seeds), n, t.F1(), t.Precision(), t.Recall(), 100*float64(rep.AutoAccepted)/float64(max(n, 1)), rep.WrongAccepted, len(rel.WrongAbove), own)
	if o.verbose {
		reasons(w, rep, rel)
	}
	return claimedScans(ctx, w, r, eng, o.cache, "fixtures/testdata/scan")
}

// claimedScans reads the project's own scan and photo fixtures (other
// layouts) by OCR with the packs learned from scans loaded: none should
// be read by a learned pack, keywords matched as OCR may misread them
// included.
func claimedScans(ctx context.Context, w io.Writer, r *ocr.Reader, eng *rules.Engine, cache, dir string) error {
	types := map[string]string{".pdf": "application/pdf", ".jpg": "image/jpeg", ".png": "image/png", ".tiff": "image/tiff"}
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		return err
	}
	var scans []string
	for _, f := range files {
		if types[filepath.Ext(f)] != "" {
			scans = append(scans, f)
		}
	}
	by, err := readByLearned(ctx, eng, scans, func(f string) (*labrelay.Layout, error) {
		return readScan(ctx, r, cache, f, types[filepath.Ext(f)])
	})
	if err != nil {
		return err
	}
	n := len(scans)
	fmt.Fprintf(w, "the project's own scans (%s): %d of %d read by a pack learned from a scan %v\n", dir, len(by), n, by)
	return nil
}

// readScan reads file f by OCR, through the cache when there is one.
func readScan(ctx context.Context, r *ocr.Reader, cache, f, mediaType string) (*labrelay.Layout, error) {
	data, err := os.ReadFile(f)
	if err != nil {
		return nil, err
	}
	var file string
	if cache != "" {
		sum := sha256.Sum256(data)
		file = filepath.Join(cache, "fixture-"+hex.EncodeToString(sum[:8])+".json")
		if b, err := os.ReadFile(file); err == nil {
			var l labrelay.Layout
			if json.Unmarshal(b, &l) == nil {
				return &l, nil
			}
		}
	}
	l, err := r.ReadLayout(ctx, data, mediaType)
	if err != nil || file == "" {
		return l, err
	}
	b, err := json.Marshal(l)
	if err != nil {
		return nil, err
	}
	return l, os.WriteFile(file, b, 0o644)
}

// scanned renders report n of layout seed and reads it by OCR; with a
// cache directory, an OCR reading of the same PDF is read back from it
// (for development runs: OCR is slow; a stale cache hides OCR changes).
func scanned(ctx context.Context, r *ocr.Reader, cache string, seed, n uint64) (layouts.Doc, *labrelay.Layout, error) {
	d, err := layouts.Variant(seed, n)
	if err != nil {
		return d, nil, err
	}
	var file string
	if cache != "" {
		sum := sha256.Sum256(d.PDF)
		file = filepath.Join(cache, fmt.Sprintf("%d-%d-%s.json", seed, n, hex.EncodeToString(sum[:6])))
		if b, err := os.ReadFile(file); err == nil {
			var l labrelay.Layout
			if err := json.Unmarshal(b, &l); err == nil {
				return d, &l, nil
			}
		}
	}
	pages := make([]int, d.Truth.PageCount)
	for i := range pages {
		pages[i] = i + 1
	}
	ps, err := r.OCRPDFPages(ctx, d.PDF, pages)
	if err != nil {
		return d, nil, fmt.Errorf("%s: OCR: %w", d.Name, err)
	}
	l := &labrelay.Layout{Pages: ps}
	if file != "" {
		b, err := json.Marshal(l)
		if err == nil {
			err = os.WriteFile(file, b, 0o644)
		}
		if err != nil {
			return d, nil, err
		}
	}
	return d, l, nil
}

// misses prints, per report, the fields read wrong or not at all, with
// the rule that read them and its confidence.
func misses(w io.Writer, name string, x *labrelay.Extraction, fr eval.FileResult) {
	for _, df := range fr.Diffs {
		fmt.Fprintf(w, "  %s %s: want %q got %q conf %.2f rule %s\n", name, df.Field, df.Want, df.Got,
			x.Confidence[df.Field], x.Provenance[df.Field].Rule)
	}
	for _, rd := range fr.RowDiffs {
		fmt.Fprintf(w, "  %s results: %s\n", name, rd)
	}
}
