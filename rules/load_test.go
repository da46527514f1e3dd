package rules_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/rules"
)

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadAddsAndReplacesPacks(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "acme.yaml"), "name: acme\nversion: \"1\"\nextends: generic\nmatch: [ACME LABS]\npriority: 5\n")
	writeFile(t, filepath.Join(dir, "mine.yaml"), "name: food\nversion: \"9\"\nextends: generic\nmatch: [NEVER PRINTED]\n")
	packs, err := rules.Load("", dir)
	if err != nil {
		t.Fatal(err)
	}
	builtin, err := rules.DefaultPacks()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]*rules.Pack{}
	for _, p := range packs {
		names[p.Name] = p
	}
	if len(packs) != len(builtin)+1 {
		t.Errorf("%d packs, want the %d built-in ones plus acme", len(packs), len(builtin))
	}
	if names["acme"] == nil || names["sgs"] == nil || names["generic"] == nil {
		t.Errorf("packs %v: want acme beside the built-in ones", keys(names))
	}
	if p := names["food"]; p == nil || p.Version != "9" {
		t.Errorf("food = %+v: the extra pack should replace the built-in one", p)
	}
}

func keys(m map[string]*rules.Pack) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestLoadBrokenExtraPackNamesFileRuleLine(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "bad.yaml"), "name: bad\nversion: \"1\"\nextends: generic\nmatch: [X]\nfields:\n  issue_date:\n    - label: [Date]\n      type: dat\n")
	_, err := rules.Load("", dir)
	var pe *rules.PackError
	if !errors.As(err, &pe) {
		t.Fatalf("error %v is not a *PackError", err)
	}
	for _, want := range []string{filepath.Join(dir, "bad.yaml") + ":7", "issue_date[0]", `unknown type "dat"`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	writeFile(t, filepath.Join(dir, "bad.yaml"), "name: bad\nversion: \"1\"\nextends: generic\nmatch: [X]\nverdicts: {Yes: ok}\n")
	if _, err := rules.Load("", dir); err == nil || !strings.Contains(err.Error(), "verdicts") {
		t.Errorf("verdict word mapped to %q: error %v, want one naming verdicts", "ok", err)
	}
}

const foodishPack = `name: foodish
version: "1"
extends: generic
match: ["Food Contact Test Report"]
priority: 5
table:
  item: ["Test Item"]
  limit: ["Limit"]
  unit: ["Unit"]
  value: ["Result"]
  verdict: ["Verdict"]
  stop: ["Overall:"]
`

func foodishLayout() *labrelay.Layout {
	return layout(
		[]cellAt{{30, "Food Contact Test Report"}},
		[]cellAt{{30, "Report No.:"}, {200, "FC2601234"}},
		[]cellAt{{30, "Test Item"}, {250, "Limit"}, {330, "Unit"}, {400, "Result"}, {480, "Verdict"}},
		[]cellAt{{30, "Overall migration (A)"}, {250, "10"}, {330, "mg/dm2"}, {400, "2.1"}, {480, "Y"}},
		[]cellAt{{30, "Lead"}, {250, "0.01"}, {330, "mg/kg"}, {400, "ND"}, {480, "Y"}},
		[]cellAt{{30, "Overall:"}, {400, "Pass"}},
	)
}

func TestPackVerdictsAndStopCaption(t *testing.T) {
	for _, tc := range []struct {
		name     string
		verdicts string
		wantRows int
		verdict  string
		reason   string
	}{
		// Without the pack's words, "Y" is learned from the rows whose
		// values and limits give a verdict (verdictVocabulary).
		{"no verdict words", "", 2, labrelay.VerdictPass, ""},
		{"pack verdict words", "verdicts: {Y: pass, N: fail}\n", 2, labrelay.VerdictPass, ""},
		// The pack's words come before what the rows suggest; the
		// disagreement with the values is a review reason.
		{"pack words first", "verdicts: {Y: fail}\n", 2, labrelay.VerdictFail, "printed verdict fail but value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "foodish.yaml"), foodishPack+tc.verdicts)
			e, err := rules.FromDirs("", dir)
			if err != nil {
				t.Fatal(err)
			}
			x, err := e.Analyze(t.Context(), foodishLayout())
			if err != nil {
				t.Fatal(err)
			}
			if x.RulePack != "foodish" {
				t.Fatalf("pack %s, want foodish", x.RulePack)
			}
			rows := x.Fields.Results
			// "Overall migration (A)" is a data row, not the stop caption
			// "Overall:"; the row "Overall:  Pass" ends the table.
			if len(rows) != tc.wantRows {
				t.Fatalf("%d rows %+v, want %d", len(rows), rows, tc.wantRows)
			}
			if rows[0].Item != "Overall migration (A)" {
				t.Errorf("first row %q", rows[0].Item)
			}
			if tc.verdict != "" {
				for _, r := range rows {
					if r.Verdict != tc.verdict {
						t.Errorf("row %q verdict %q, want %q", r.Item, r.Verdict, tc.verdict)
					}
				}
			}
			if tc.reason != "" && !hasReason(x, tc.reason) {
				t.Errorf("reasons %q lack %q", x.Review.Reasons, tc.reason)
			}
			if tc.reason == "" && hasReason(x, "not understood") {
				t.Errorf("reasons %q: Y should be understood", x.Review.Reasons)
			}
		})
	}
}
