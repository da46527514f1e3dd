package publish_test

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/publish"
)

func extraction() labrelay.Extraction {
	return labrelay.Extraction{
		Source: labrelay.Source{File: "r.pdf", SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", MediaType: "application/pdf", Pages: 3},
		Path:   labrelay.PathPDFText,
		Fields: labrelay.Record{
			ReportNumber:  "SHAEC2600123401",
			Lab:           labrelay.LabSGS,
			LabName:       "SGS-CSTC Standards Technical Services Co., Ltd.",
			IssueDate:     "2026-05-09",
			TestStandards: []string{"IEC 62321-5:2013"},
			Results: []labrelay.ResultRow{
				{Item: "Cadmium (Cd)", Unit: "mg/kg", MDL: "2", Limit: "100", Value: "N.D.", Verdict: "pass"},
			},
			OverallResult: labrelay.VerdictPass,
			PageCount:     3,
			Supersedes:    "SHAEC2600123400",
		},
		Confidence:       map[string]float64{"report_number": 0.99},
		RulesVersion:     "sgs-2026.1",
		ExtractorVersion: "dev",
	}
}

func TestDefaultWireMap(t *testing.T) {
	got, err := publish.DefaultWireMap().Apply(extraction())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"wire_version":      "dsp-wire/v1",
		"source_sha256":     "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
		"source_media_type": "application/pdf",
		"report_number":     "SHAEC2600123401",
		"supersedes":        "SHAEC2600123400",
		"extraction_path":   "pdf_text",
		"rules_version":     "sgs-2026.1",
		"extractor_version": "dev",
		"record": map[string]any{
			"report_number":  "SHAEC2600123401",
			"lab":            "SGS",
			"lab_name":       "SGS-CSTC Standards Technical Services Co., Ltd.",
			"issue_date":     "2026-05-09",
			"test_standards": []any{"IEC 62321-5:2013"},
			"results": []any{map[string]any{
				"item": "Cadmium (Cd)", "unit": "mg/kg", "mdl": "2", "limit": "100", "value": "N.D.", "verdict": "pass",
			}},
			"overall_result": "pass",
			"page_count":     float64(3),
			"supersedes":     "SHAEC2600123400",
		},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Apply mismatch (-want +got):\n%s", d)
	}
}

func TestWireMapV2RenamesWithoutCode(t *testing.T) {
	f, err := os.Open("testdata/dsp-wire-v2.yaml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := publish.LoadWireMap(f)
	if err != nil {
		t.Fatal(err)
	}
	x := extraction()
	x.Fields.Lab = ""
	got, err := m.Apply(x)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"wire_version":  "dsp-wire/v2",
		"schema":        "https://dsp.example.org/schema/inspection/2",
		"sourceSha256":  x.Source.SHA256,
		"reportNo":      "SHAEC2600123401",
		"issuer":        map[string]any{"name": "SGS-CSTC Standards Technical Services Co., Ltd.", "family": "OTHER"},
		"issuedOn":      "2026-05-09",
		"passed":        true,
		"standardCount": float64(1),
		"testResults":   []any{map[string]any{"analyte": "Cadmium (Cd)", "result": "N.D.", "verdict": "PASS"}},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Apply mismatch (-want +got):\n%s", d)
	}
}

func TestWireMapApplyToPlainMap(t *testing.T) {
	m, err := publish.LoadWireMap(strings.NewReader(`
version: dsp-wire/test
fields:
  - {to: reportNo, from: report_number}
  - {to: hash, from: source.sha256}
`))
	if err != nil {
		t.Fatal(err)
	}
	got, err := m.Apply(map[string]any{"report_number": "R-1", "source": map[string]string{"sha256": "ab"}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"wire_version": "dsp-wire/test", "reportNo": "R-1", "hash": "ab"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Apply mismatch (-want +got):\n%s", d)
	}
}

func TestWireMapRequire(t *testing.T) {
	x := extraction()
	x.Fields.ReportNumber = ""
	_, err := publish.DefaultWireMap().Apply(x)
	if err == nil || !strings.Contains(err.Error(), "report_number") {
		t.Fatalf("Apply without a report number: err = %v, want one naming report_number", err)
	}
}

func TestLoadWireMapErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"no version", "fields: [{to: a, from: source.sha256}]", "version is required"},
		{"no hash", "version: v\nfields: [{to: a, from: b}]", "source.sha256"},
		{"unknown key", "version: v\nfields: [{to: a, form: source.sha256}]", "form"},
		{"two sources", "version: v\nfields: [{to: h, from: source.sha256}, {to: a, from: b, const: 1}]", "exactly one"},
		{"no source", "version: v\nfields: [{to: h, from: source.sha256}, {to: a}]", "exactly one"},
		{"duplicate target", "version: v\nfields: [{to: h, from: source.sha256}, {to: h, const: 1}]", "written twice"},
		{"bad expr", "version: v\nfields: [{to: h, from: source.sha256}, {to: a, expr: '1 +'}]", "expr"},
		{"writes wire_version", "version: v\nfields: [{to: h, from: source.sha256}, {to: wire_version, const: x}]", "wire_version"},
		{"each without from", "version: v\nfields: [{to: h, from: source.sha256}, {to: a, expr: '1', each: [{to: b, from: c}]}]", "each needs from"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := publish.LoadWireMap(strings.NewReader(tt.yaml))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("LoadWireMap: err = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

func TestIdempotencyKey(t *testing.T) {
	p, err := publish.DefaultWireMap().Apply(extraction())
	if err != nil {
		t.Fatal(err)
	}
	key := func() string {
		t.Helper()
		k, err := publish.IdempotencyKey("ab", p)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	k1, k2 := key(), key()
	p["report_number"] = "other"
	k3 := key()
	if k1 != k2 || k1 == k3 || !strings.HasPrefix(k1, "lr1-") {
		t.Errorf("keys %s, %s, %s: want the first two equal, the third different", k1, k2, k3)
	}
}
