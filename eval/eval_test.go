package eval_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/eval"
	"github.com/labrelay/labrelay/extract"
	"github.com/labrelay/labrelay/extract/pdf"
	"github.com/labrelay/labrelay/internal/testenv"
	"github.com/labrelay/labrelay/rules"
)

func extractor(tb testing.TB) *extract.Extractor {
	tb.Helper()
	eng, err := rules.Default()
	if err != nil {
		tb.Fatal(err)
	}
	r := &pdf.Reader{}
	if p, err := exec.LookPath("pdftotext"); err == nil {
		r.Pdftotext = p
	}
	return &extract.Extractor{PDF: r, Rules: eng}
}

func TestCompare(t *testing.T) {
	truth := &labrelay.Record{ReportNumber: "A-1", IssueDate: "2026-05-09", TestStandards: []string{"IEC 62321-5:2013", "IEC 62321-4:2013"},
		Results: []labrelay.ResultRow{{Item: "Lead (Pb)", Value: "ND", Limit: "1000", Verdict: "pass"}}}
	cases := []struct {
		name          string
		got           labrelay.Record
		review        bool
		complete      bool
		tp, fp, fn    int
		wrongAccepted int
	}{
		{"all right", labrelay.Record{ReportNumber: "A-1", IssueDate: "2026-05-09", TestStandards: []string{"IEC 62321-4:2013", "IEC  62321-5:2013"},
			Results: []labrelay.ResultRow{{Item: "Lead  (Pb)", Value: "ND", Limit: "1000", Verdict: "pass"}}}, false, false, 4, 0, 0, 0},
		{"wrong, reviewed", labrelay.Record{ReportNumber: "A-2", IssueDate: "2026-05-09"}, true, false, 1, 1, 3, 0},
		{"wrong, accepted", labrelay.Record{ReportNumber: "A-2"}, false, false, 0, 1, 4, 1},
		{"unlabelled value is neither", labrelay.Record{ReportNumber: "A-1", PONumber: "PO-9"}, false, false, 1, 0, 3, 0},
		{"complete truth: an unprinted field's value is wrong", labrelay.Record{ReportNumber: "A-1", PONumber: "PO-9"}, false, true, 1, 1, 3, 1},
		{"complete truth: a derived field is not", labrelay.Record{ReportNumber: "A-1", Category: labrelay.CategoryFood}, false, true, 1, 0, 3, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := eval.NewReport()
			r.Complete = tc.complete
			r.Add("f.pdf", truth, &labrelay.Extraction{Fields: tc.got, Review: labrelay.Review{Required: tc.review}})
			tot := r.Total()
			if tot.TP != tc.tp || tot.FP != tc.fp || tot.FN != tc.fn || r.WrongAccepted != tc.wrongAccepted {
				t.Errorf("got TP %d FP %d FN %d wrong-accepted %d; want %d %d %d %d", tot.TP, tot.FP, tot.FN, r.WrongAccepted, tc.tp, tc.fp, tc.fn, tc.wrongAccepted)
			}
		})
	}
}

// TestFixtures runs the shipped packs over the generated text-PDF fixtures.
// No wrong value may be auto-accepted. The F1 floor records where the packs
// stand (target 0.98, see the issue); raise it as they improve.
func TestFixtures(t *testing.T) {
	dir := "../fixtures/testdata/pdf"
	names, _ := filepath.Glob(filepath.Join(dir, "*.expected.json"))
	if len(names) == 0 {
		testenv.SkipOrFail(t, "no fixtures in "+dir)
	}
	ex := extractor(t)
	rep := eval.NewReport()
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		var exp struct {
			Fields *labrelay.Record `json:"fields"`
		}
		if err := json.Unmarshal(data, &exp); err != nil || exp.Fields == nil {
			var rec labrelay.Record
			if err := json.Unmarshal(data, &rec); err != nil {
				t.Fatal(err)
			}
			exp.Fields = &rec
		}
		file := strings.TrimSuffix(n, ".expected.json") + ".pdf"
		x, err := ex.ExtractFile(t.Context(), file)
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(file), err)
			continue
		}
		rep.Add(filepath.Base(file), exp.Fields, x)
	}
	var b strings.Builder
	rep.Print(&b, true)
	if rep.WrongAccepted != 0 {
		t.Errorf("%d wrong values auto-accepted:\n%s", rep.WrongAccepted, b.String())
	}
	if os.Getenv("LABRELAY_EVAL_REPORT") != "" {
		t.Log("\n" + b.String())
	}
	f1 := rep.Total().F1()
	t.Logf("fixtures: field F1 %.3f, precision %.3f, recall %.3f", f1, rep.Total().Precision(), rep.Total().Recall())
	if f1 < 0.98 {
		t.Errorf("field F1 %.3f fell below the recorded floor 0.98:\n%s", f1, b.String())
	}
	// The packs were written for these layouts: a report they read right
	// goes to review only when one of them stops being sure (a blanket
	// cap once sent 18 of 24 there).
	if rep.AutoAccepted < len(names)-1 {
		t.Errorf("%d of %d fixtures auto-accepted, want at least %d:\n%s", rep.AutoAccepted, len(names), len(names)-1, b.String())
	}
}

// TestRealCorpus: over the real lab reports, nothing wrong is auto-accepted.
func TestRealCorpus(t *testing.T) {
	dir := "../../shared/corpus/real"
	if _, err := os.Stat(filepath.Join(dir, "truth")); err != nil {
		testenv.SkipOrFail(t, "real corpus not present")
	}
	if testing.Short() {
		t.Skip("short")
	}
	rep, err := eval.Corpus(t.Context(), extractor(t), filepath.Join(dir, "truth"), dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	rep.Print(&b, true)
	if rep.WrongAccepted != 0 {
		t.Errorf("%d wrong values auto-accepted:\n%s", rep.WrongAccepted, b.String())
	}
	if os.Getenv("LABRELAY_EVAL_REPORT") != "" {
		t.Log("\n" + b.String())
	}
	t.Logf("real corpus: field precision %.3f recall %.3f, %d files scored", rep.Total().Precision(), rep.Total().Recall(), rep.AutoAccepted+rep.Reviewed)
}
