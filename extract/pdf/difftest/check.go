package difftest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract"
	"github.com/labrelay/labrelay/extract/pdf"
)

// Checker compares poppler and `labrelay extract` on PDFs.
type Checker struct {
	Labrelay  string // the labrelay binary
	Pdftotext string
	Rules     extract.Analyzer
	Dir       string // temporary files
}

// Row is one line of the agreement table.
type Row struct {
	File, Variant string
	PopplerOK     bool
	LabrelayOK    bool
	// Fields: "same", "differ", "n/a" (not both read) or "no text"
	// (compared with the original's record: poppler has no text layer
	// to take the fields from).
	Fields string
	Note   string
	// Beyond: poppler refuses the file and labrelay reads it only by
	// rebuilding its cross-reference table (poppler's reconstruction
	// misses objects in object streams), and sends it to review.
	Beyond bool
	// Known is why this disagreement is expected (known.txt); it does
	// not fail the run.
	Known string
}

// Known is a disagreement looked at and explained in known.txt: a file
// (as the table names it), a variant ("*": any) and why.
type Known struct{ File, Variant, Why string }

// ParseKnown reads known.txt: one "FILE VARIANT WHY…" per line, # comments.
func ParseKnown(b []byte) ([]Known, error) {
	var out []Known
	for n, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 3 {
			return nil, fmt.Errorf("line %d: want FILE VARIANT WHY, got %q", n+1, line)
		}
		out = append(out, Known{File: f[0], Variant: f[1], Why: strings.Join(f[2:], " ")})
	}
	return out, nil
}

// MarkKnown sets Known on each disagreeing row that ks explains, and
// returns the entries that matched some row yet found every one of those
// rows agreeing: stale, to be removed.
func MarkKnown(rows []Row, ks []Known) (stale []Known) {
	for _, k := range ks {
		matched, disagreed := false, false
		for i := range rows {
			r := &rows[i]
			if r.File != k.File || (k.Variant != "*" && r.Variant != k.Variant) {
				continue
			}
			matched = true
			if !r.Agree() {
				r.Known, disagreed = k.Why, true
			}
		}
		if matched && !disagreed {
			stale = append(stale, k)
		}
	}
	return stale
}

// Agree reports whether the row is an agreement. A read beyond poppler
// counts as one: the repaired record never skips review.
func (r Row) Agree() bool {
	if r.Beyond {
		return true
	}
	return r.PopplerOK == r.LabrelayOK && r.Fields != "differ" && !strings.HasPrefix(r.Note, "labrelay crashed")
}

// Check runs poppler and labrelay on one variant. orig is the labrelay
// fields of the file's original (nil for the original itself): the
// reference of files with no text layer.
func (c *Checker) Check(ctx context.Context, file string, v Variant, orig map[string]any) (Row, map[string]any) {
	row := Row{File: file, Variant: v.Name}
	path := filepath.Join(c.Dir, fmt.Sprintf("%s.%s.pdf", strings.ReplaceAll(file, "/", "_"), v.Name))
	if err := os.WriteFile(path, v.Data, 0o600); err != nil {
		row.Note = err.Error()
		return row, nil
	}
	defer os.Remove(path)
	row.PopplerOK = exec.CommandContext(ctx, c.Pdftotext, "-q", path, os.DevNull).Run() == nil
	got, review, reason, code := c.extract(ctx, path)
	row.LabrelayOK = code == 0
	switch {
	case code == 2:
		row.Note = "refused: " + reason
		if reason == "" {
			row.Note = "refused without a reason"
			row.Fields = "differ"
		}
		return row, nil
	case code != 0:
		row.Note = "labrelay crashed: " + reason
		return row, nil
	}
	if !row.PopplerOK {
		row.Fields = "n/a"
		if slices.Contains(review, pdf.ReasonRepaired) {
			row.Beyond, row.Note = true, "beyond poppler: read after repairing the xref, sent to review"
		}
		return row, got
	}
	ref, err := c.reference(ctx, v.Data)
	switch {
	case errors.Is(err, errNoText) && orig == nil:
		row.Fields = "no text"
		return row, got
	case errors.Is(err, errNoText):
		row.Fields, ref = "no text", orig
	case err != nil:
		row.Fields, row.Note = "differ", "reference: "+err.Error()
		return row, got
	}
	if diff := differ(got, ref); len(diff) > 0 {
		row.Fields = "differ"
		row.Note = "fields differ: " + strings.Join(diff, ", ")
	} else if row.Fields == "" {
		row.Fields = "same"
	}
	return row, got
}

// extract runs `labrelay extract FILE`: its fields, its refusal reason
// and its exit code.
func (c *Checker) extract(ctx context.Context, path string) (fields map[string]any, review []string, reason string, code int) {
	cmd := exec.CommandContext(ctx, c.Labrelay, "extract", "--ocr-workers", "1", path)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return nil, nil, strings.TrimSpace(stderr.String()), ee.ExitCode()
	}
	if err != nil {
		return nil, nil, err.Error(), -1
	}
	var rec struct {
		Fields map[string]any `json:"fields"`
		Review struct {
			Reasons []string `json:"reasons"`
		} `json:"review"`
	}
	if err := json.Unmarshal(out.Bytes(), &rec); err != nil {
		return nil, nil, "output is not JSON: " + err.Error(), -1
	}
	return rec.Fields, rec.Review.Reasons, "", 0
}

var errNoText = errors.New("pdftotext finds no text")

// reference extracts the fields from the text pdftotext gives.
func (c *Checker) reference(ctx context.Context, data []byte) (map[string]any, error) {
	x := &extract.Extractor{PDF: popplerReader{c.Pdftotext}, Rules: c.Rules}
	e, err := x.Extract(ctx, "reference.pdf", data)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(e.Fields)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	return m, json.Unmarshal(b, &m)
}

// popplerReader takes every page's text from pdftotext alone.
type popplerReader struct{ bin string }

func (p popplerReader) ReadLayout(ctx context.Context, data []byte, _ string) (*labrelay.Layout, error) {
	l, err := pdf.PdftotextLayout(ctx, p.bin, data, pdf.DefaultMaxPages)
	if err != nil {
		return nil, err
	}
	for _, pg := range l.Pages {
		if pg.Path == labrelay.PathOCR {
			return nil, errNoText
		}
	}
	return l, nil
}

// differ lists the fields whose values differ.
func differ(a, b map[string]any) []string {
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	var out []string
	for k := range keys {
		if !reflect.DeepEqual(a[k], b[k]) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

// Table prints the rows and returns the number of disagreements not
// explained by known.txt.
func Table(w *bytes.Buffer, rows []Row) int {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "FILE\tVARIANT\tPOPPLER\tLABRELAY\tFIELDS\tAGREE\tNOTE")
	bad, beyond, known := 0, 0, 0
	yes := func(b bool) string {
		if b {
			return "ok"
		}
		return "refused"
	}
	for _, r := range rows {
		agree := "yes"
		if r.Beyond {
			beyond++
		}
		note := r.Note
		switch {
		case r.Agree():
		case r.Known != "":
			agree, known, note = "known", known+1, "known: "+r.Known+"; "+note
		default:
			agree, bad = "NO", bad+1
		}
		if rs := []rune(note); len(rs) > 110 {
			note = string(rs[:110]) + "…"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.File, r.Variant, yes(r.PopplerOK), yes(r.LabrelayOK), r.Fields, agree, note)
	}
	tw.Flush()
	fmt.Fprintf(w, "%d rows, %d disagreements, %d known (known.txt), %d read beyond poppler (repaired, to review)\n", len(rows), bad, known, beyond)
	return bad
}
