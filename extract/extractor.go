package extract

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/native"
	"github.com/labrelay/labrelay/schema"
	"github.com/labrelay/labrelay/sign/labsig"
)

// DefaultMaxSize bounds an input file when Extractor.MaxSize is zero.
const DefaultMaxSize = 50 << 20

// Extractor reads one file into an Extraction. The zero value reads native
// XML and JSON with the shipped mappings; PDF and image inputs need PDF or
// Image and Rules. It is safe for concurrent use if its readers are.
type Extractor struct {
	// MaxSize bounds the input in bytes (DefaultMaxSize when zero).
	MaxSize int64
	// Native reads XML and JSON (native.DefaultSet() when nil).
	Native *native.Set
	// PDF reads PDFs and Image reads PNG, JPEG and TIFF into layouts;
	// Rules finds the record in a layout. Without them such inputs are
	// refused as unsupported by this build.
	PDF, Image LayoutReader
	Rules      Analyzer
	// Version is written as extractor_version ("dev" when empty).
	Version string
}

func (x *Extractor) maxSize() int64 {
	if x.MaxSize > 0 {
		return x.MaxSize
	}
	return DefaultMaxSize
}

// ExtractFile reads the file at path, checking its size before reading so
// a huge file is never loaded. Missing, unreadable and oversize files are
// *labrelay.InputError.
func (x *Extractor) ExtractFile(ctx context.Context, path string) (*labrelay.Extraction, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, &labrelay.InputError{Reason: "cannot read " + filepath.Base(path) + ": " + errText(err), Err: err}
	}
	if !fi.Mode().IsRegular() {
		return nil, labrelay.Inputf("%s is not a regular file", filepath.Base(path))
	}
	if err := x.checkSize(fi.Size()); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, &labrelay.InputError{Reason: "cannot read " + filepath.Base(path) + ": " + errText(err), Err: err}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, x.maxSize()+1))
	if err != nil {
		return nil, &labrelay.InputError{Reason: "cannot read " + filepath.Base(path) + ": " + errText(err), Err: err}
	}
	return x.Extract(ctx, path, data)
}

func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func (x *Extractor) checkSize(n int64) error {
	if max := x.maxSize(); n > max {
		return labrelay.Inputf("file is %s, over the %s limit", size(n), size(max))
	}
	return nil
}

// size prints a byte count for people: 52428800 → "50 MB".
func size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// Extract reads one file's bytes; name is used only for Source.File. It
// returns *labrelay.InputError for input it cannot read (empty, oversize,
// unsupported, hostile, corrupt) and other errors for internal faults,
// including output that does not fit the schema. It returns when ctx is
// done even if a reader does not.
func (x *Extractor) Extract(ctx context.Context, name string, data []byte) (*labrelay.Extraction, error) {
	if err := x.checkSize(int64(len(data))); err != nil {
		return nil, err
	}
	if len(data) == 0 {
		return nil, labrelay.Inputf("empty file (0 bytes): ask the lab to upload it again")
	}
	mt := Sniff(data)
	if mt == "" && labsig.IsJWS(data) {
		mt = MediaJSON // a JSON report signed by its lab, compact serialization
	}
	if mt == "" {
		return nil, labrelay.Inputf("%s", Unsupported(data))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	type result struct {
		x     *labrelay.Extraction
		pages int
		err   error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		defer func() {
			if p := recover(); p != nil {
				r = result{err: x.panicked(mt, p)}
			}
			done <- r
		}()
		r.x, r.pages, r.err = x.dispatch(ctx, mt, data)
	}()
	var r result
	select {
	case <-ctx.Done():
		return nil, fmt.Errorf("extract %s: %w", filepath.Base(name), ctx.Err())
	case r = <-done:
	}
	if r.err != nil {
		return nil, r.err
	}
	if r.x == nil {
		return nil, fmt.Errorf("extract %s: reader returned no extraction", filepath.Base(name))
	}
	sum := sha256.Sum256(data)
	e := r.x
	e.Source = labrelay.Source{File: filepath.Base(name), SHA256: hex.EncodeToString(sum[:]), MediaType: mt, Pages: r.pages}
	if ls := e.LabSignature; ls != nil && ls.Status == labrelay.SignatureInvalid && !e.Review.Required {
		e.RequireReview("the lab's signature is invalid: " + ls.Reason) // never auto-accepted, whatever the reader said
	}
	e.ExtractorVersion = x.Version
	if e.ExtractorVersion == "" {
		e.ExtractorVersion = "dev"
	}
	if err := check(e); err != nil {
		return nil, fmt.Errorf("extract %s: %w", filepath.Base(name), err)
	}
	return e, nil
}

// panicked turns a reader's panic into an error: for PDFs and images it is
// the file's fault (corrupt streams make PDF libraries panic); for native
// XML/JSON it is ours.
func (x *Extractor) panicked(mt string, p any) error {
	msg := strings.Join(strings.Fields(fmt.Sprint(p)), " ")
	if r := []rune(msg); len(r) > 200 {
		msg = string(r[:200]) + "…" // by rune: a person reads it, keep it valid UTF-8
	}
	switch mt {
	case MediaXML, MediaJSON:
		return fmt.Errorf("native reader failed: %s", msg)
	}
	return labrelay.Inputf("corrupt file: the %s reader failed (%s)", kind(mt), msg)
}

func kind(mt string) string {
	if mt == MediaPDF {
		return "PDF"
	}
	return "image"
}

func (x *Extractor) dispatch(ctx context.Context, mt string, data []byte) (*labrelay.Extraction, int, error) {
	switch mt {
	case MediaXML, MediaJSON:
		set := x.Native
		if set == nil {
			set = native.DefaultSet()
		}
		e, err := set.Extract(ctx, data, mt)
		return e, 0, err
	}
	reader := x.Image
	if mt == MediaPDF {
		reader = x.PDF
	}
	if reader == nil || x.Rules == nil {
		if mt == MediaPDF {
			return nil, 0, labrelay.Inputf("PDF reports are not supported by this build")
		}
		return nil, 0, labrelay.Inputf("image reports (%s) are not supported by this build", mt)
	}
	sig, data := x.checkPDFSignature(mt, data) // the lab's PDF signature, before anything is read
	layout, err := reader.ReadLayout(ctx, data, mt)
	if err != nil {
		return nil, 0, err
	}
	if layout == nil || len(layout.Pages) == 0 {
		return nil, 0, labrelay.Inputf("the %s has no pages", kind(mt))
	}
	e, err := x.Rules.Analyze(ctx, layout)
	if err != nil {
		return nil, 0, err
	}
	if e == nil {
		return nil, 0, fmt.Errorf("rules returned no extraction")
	}
	for _, why := range layout.Review { // e.g. a repaired file: never auto-accepted
		e.RequireReview(why)
	}
	e.Path = labrelay.PathOCR
	e.Pages = e.Pages[:0]
	for _, p := range layout.Pages {
		e.Pages = append(e.Pages, labrelay.PageInfo{Page: p.Number, Path: p.Path, Reason: p.Reason})
		if p.Path != labrelay.PathOCR {
			e.Path = labrelay.PathPDFText
		}
	}
	if e.Fields.PageCount == 0 && mt == MediaPDF {
		e.Fields.PageCount = len(layout.Pages)
		if e.Confidence == nil {
			e.Confidence = map[string]float64{}
		}
		e.Confidence[labrelay.FieldPageCount] = 1
	}
	x.applyPDFSignature(e, sig)
	return e, len(layout.Pages), nil
}

// check enforces what the schema cannot say (a confidence for every field)
// and then the schema itself. A failure is a bug in a reader or the rules.
func check(e *labrelay.Extraction) error {
	if e.Review.Reasons == nil {
		e.Review.Reasons = []string{}
	}
	if e.Confidence == nil {
		e.Confidence = map[string]float64{}
	}
	for _, f := range e.Fields.Present() {
		if _, ok := e.Confidence[f]; !ok {
			return fmt.Errorf("field %s has no confidence", f)
		}
	}
	if err := schema.ValidateExtraction(e); err != nil {
		return fmt.Errorf("output does not fit the extract schema: %w", err)
	}
	return nil
}
