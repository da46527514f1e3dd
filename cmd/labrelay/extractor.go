package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/labrelay/labrelay/extract"
	"github.com/labrelay/labrelay/extract/native"
)

// extractorFlags are the flags of every command that extracts reports.
type extractorFlags struct {
	maxSize  byteSize
	mappings string
	rules    string // rule pack directory ("" = built-in packs)
	debug    bool   // PDF/OCR inputs: positioned rows and rule trace to stderr
}

func (f *extractorFlags) register(fs *flag.FlagSet) {
	f.maxSize = extract.DefaultMaxSize
	fs.Var(&f.maxSize, "max-size", "largest input file accepted, e.g. 50MB, 512KB")
	fs.StringVar(&f.mappings, "mappings", "", "directory of extra native mapping files (*.yaml), tried before the built-in ones")
	fs.StringVar(&f.rules, "rules", "", "directory of rule packs (*.yaml) for PDF and OCR inputs, instead of the built-in ones")
	fs.BoolVar(&f.debug, "debug", false, "for PDF and image inputs, write the positioned rows and the rule trace to standard error as JSON")
}

// build returns the Extractor the flags describe: native XML/JSON with the
// built-in mappings (plus --mappings). PDF and image readers and the rules
// engine are plugged in here.
func (f *extractorFlags) build() (*extract.Extractor, error) {
	set := native.DefaultSet()
	if f.mappings != "" {
		user, err := native.LoadDir(f.mappings)
		if err != nil {
			return nil, err
		}
		set = native.Combine(user, set)
	}
	eng, err := rulesEngine(f.rules)
	if err != nil {
		return nil, err
	}
	var analyzer extract.Analyzer = eng
	if f.debug {
		analyzer = &debugAnalyzer{eng: eng, w: os.Stderr}
	}
	return &extract.Extractor{
		MaxSize: int64(f.maxSize),
		Native:  set,
		PDF:     pdfReader(),
		Rules:   analyzer,
		Version: version,
	}, nil
}

// byteSize is a flag value such as 50MB, 512KB, 1GB or 1048576 (bytes);
// units are binary (1MB = 1048576 bytes).
type byteSize int64

func (b *byteSize) String() string {
	n := int64(*b)
	switch {
	case n > 0 && n%(1<<30) == 0:
		return fmt.Sprintf("%dGB", n>>30)
	case n > 0 && n%(1<<20) == 0:
		return fmt.Sprintf("%dMB", n>>20)
	case n > 0 && n%(1<<10) == 0:
		return fmt.Sprintf("%dKB", n>>10)
	}
	return strconv.FormatInt(n, 10)
}

func (b *byteSize) Set(s string) error {
	u := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, unit := range []struct {
		suffix string
		mult   int64
	}{{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(u, unit.suffix) {
			u, mult = strings.TrimSpace(strings.TrimSuffix(u, unit.suffix)), unit.mult
			break
		}
	}
	n, err := strconv.ParseInt(u, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return fmt.Errorf("size %q: want a positive number with an optional KB, MB or GB", s)
	}
	*b = byteSize(n * mult)
	return nil
}
