package main

import (
	"cmp"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"runtime"
	"strings"

	"github.com/labrelay/labrelay/extract"
	"github.com/labrelay/labrelay/extract/native"
	"github.com/labrelay/labrelay/extract/ocr"
	"github.com/labrelay/labrelay/extract/pdf"
	"github.com/labrelay/labrelay/rules"
)

// extractorFlags are the flags of every command that extracts reports.
type extractorFlags struct {
	maxSize  ByteSize
	mappings string
	rules    string // rule pack directory ("" = built-in packs)
	packs    string // extra rule packs, added to those (extract.packs)
	// live is the engine build made when packs is set: run watches it.
	live  *rules.Live
	debug bool // PDF/OCR inputs: positioned rows and rule trace to stderr
	// ocrLang is Tesseract's language list ("eng+chi_sim" when empty);
	// ocrWorkers the pages recognised in parallel (0: defaultOCRWorkers).
	ocrLang    string
	ocrWorkers int
	// trust holds the labs' signing keys (lab_trust in the config);
	// labCerts and labJWKS add keys for any lab (--lab-certs, --lab-jwks).
	trust             map[string]native.Trust
	labCerts, labJWKS string
	log               *slog.Logger // the command's logger; nil: slog.Default()
}

// defaultOCRLang reads English and Simplified Chinese: the labs' two
// languages.
const defaultOCRLang = "eng+chi_sim"

// defaultOCRWorkers is one OCR worker process per core, at most two: each
// holds ~130 MB of eng+chi_sim models, and two cores give 1.76× one.
func defaultOCRWorkers() int { return min(2, runtime.NumCPU()) }

func (f *extractorFlags) register(fs *flag.FlagSet) {
	f.maxSize = extract.DefaultMaxSize
	fs.Var(&f.maxSize, "max-size", "largest input file accepted, e.g. 50MB, 512KB")
	fs.StringVar(&f.mappings, "mappings", "", "directory of extra native mapping files (*.yaml), tried before the built-in ones")
	fs.StringVar(&f.rules, "rules", "", "directory of rule packs (*.yaml) for PDF and OCR inputs, instead of the built-in ones")
	fs.StringVar(&f.packs, "packs", "", "directory of extra rule packs (*.yaml), added to the built-in ones (a pack of the same name replaces a built-in one)")
	fs.BoolVar(&f.debug, "debug", false, "for PDF and image inputs, write the positioned rows and the rule trace to standard error as JSON")
	fs.StringVar(&f.ocrLang, "ocr-lang", defaultOCRLang, "Tesseract languages for scanned reports, joined by +")
	fs.IntVar(&f.ocrWorkers, "ocr-workers", defaultOCRWorkers(), "scanned pages recognised in parallel, one labrelay-ocr worker process (~150 MB) each")
	fs.StringVar(&f.labCerts, "lab-certs", "", "PEM file of the labs' XMLDSig signing certificates: signed XML reports are verified against them")
	fs.StringVar(&f.labJWKS, "lab-jwks", "", "JWK set file of the labs' keys: JSON reports signed as a JWS are verified against them")
}

// build returns the Extractor the flags describe: native XML/JSON with the
// built-in mappings (plus --mappings); PDFs through their text layer, and
// scanned PDFs, scanned pages and PNG/JPEG/TIFF images through OCR; the
// rule packs (built-in or --rules) on both.
func (f *extractorFlags) build() (*extract.Extractor, error) {
	set := native.DefaultSet()
	if f.mappings != "" {
		user, err := native.LoadDir(f.mappings)
		if err != nil {
			return nil, err
		}
		set = native.Combine(user, set)
	}
	trust, err := flagTrust(f.trust, f.labCerts, f.labJWKS)
	if err != nil {
		return nil, err
	}
	set.Trust = trust
	analyzer, err := f.rulesAnalyzer()
	if err != nil {
		return nil, err
	}
	o, err := f.ocrReader()
	if err != nil {
		return nil, err
	}
	return &extract.Extractor{
		MaxSize: int64(f.maxSize),
		Native:  set,
		PDF:     &extract.PDFWithOCR{Text: pdf.NewReader(), OCR: o},
		Image:   o,
		Rules:   analyzer,
		Version: version,
	}, nil
}

// rulesAnalyzer returns the rules engine of --rules and --packs: with
// --packs a rules.Live, kept in f.live so that `run` can watch the
// directory.
func (f *extractorFlags) rulesAnalyzer() (extract.Analyzer, error) {
	var eng *rules.Engine
	var analyzer extract.Analyzer
	if f.packs != "" {
		f.live = &rules.Live{RulesDir: f.rules, Dir: f.packs, Logger: f.log}
		if err := f.live.Load(); err != nil {
			return nil, err
		}
		eng, analyzer = f.live.Engine(), f.live
	} else {
		e, err := rules.FromDir(f.rules)
		if err != nil {
			return nil, err
		}
		eng, analyzer = e, e
	}
	if f.debug {
		analyzer = &debugAnalyzer{eng: eng, w: os.Stderr}
	}
	return analyzer, nil
}

// ocrReader returns an OCR reader for the flags. Its worker processes
// (labrelay-ocr) start on the first scanned page; every command closes its
// Extractor, which ends them.
func (f *extractorFlags) ocrReader() (*ocr.Reader, error) {
	lang := f.ocrLang
	if lang == "" {
		lang = defaultOCRLang
	}
	var langs []string
	for _, l := range strings.Split(lang, "+") {
		if l = strings.TrimSpace(l); l != "" {
			langs = append(langs, l)
		}
	}
	if len(langs) == 0 {
		return nil, fmt.Errorf("--ocr-lang %q: want languages joined by +, e.g. %s", f.ocrLang, defaultOCRLang)
	}
	workers := f.ocrWorkers
	if workers == 0 {
		workers = defaultOCRWorkers()
	}
	if workers < 0 || workers > 64 {
		return nil, fmt.Errorf("--ocr-workers %d: want 1 to 64", workers)
	}
	return &ocr.Reader{Languages: langs, Workers: workers, Logger: cmp.Or(f.log, slog.Default())}, nil
}
