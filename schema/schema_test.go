package schema_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/schema"
)

func TestValidateRecord(t *testing.T) {
	tests := []struct {
		name string
		json string
		ok   bool
	}{
		{"empty", `{}`, true},
		{"full", `{"report_number":"SZXEC24000437505","lab":"SGS","issue_date":"2024-03-06",
			"category":"electronic_components","test_standards":["IEC 62321-5:2013"],
			"results":[{"item":"Lead (Pb)","unit":"mg/kg","mdl":"2","limit":"1000","value":"66","verdict":"pass"},
			{"item":"Cr(VI)","limit":"-","value":"ND","verdict":""}],
			"overall_result":"pass","page_count":5}`, true},
		{"unknown field", `{"report_no":"X"}`, false},
		{"date form", `{"issue_date":"06/03/2024"}`, false},
		{"lab enum", `{"lab":"Intertek"}`, false},
		{"category enum", `{"category":"toys"}`, false},
		{"overall enum", `{"overall_result":"Pass"}`, false},
		{"row verdict enum", `{"results":[{"item":"Pb","value":"1","verdict":"inconclusive"}]}`, false},
		{"row missing verdict", `{"results":[{"item":"Pb","value":"1"}]}`, false},
		{"row extra key", `{"results":[{"item":"Pb","value":"1","verdict":"","note":"x"}]}`, false},
		{"page_count zero", `{"page_count":0}`, false},
		{"page_count fraction", `{"page_count":1.5}`, false},
		{"standards not strings", `{"test_standards":[1]}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := schema.ValidateRecord([]byte(tt.json))
			if (err == nil) != tt.ok {
				t.Fatalf("ValidateRecord(%s) = %v, want ok %v", tt.json, err, tt.ok)
			}
		})
	}
}

func TestValidateRecordStruct(t *testing.T) {
	r := labrelay.Record{ReportNumber: "A1", IssueDate: "2026-05-09", Lab: labrelay.LabBV,
		Results: []labrelay.ResultRow{{Item: "Pb", Value: "N.D.", Limit: "-"}}}
	if err := schema.ValidateRecord(r); err != nil {
		t.Fatalf("ValidateRecord(%+v) = %v", r, err)
	}
	r.IssueDate = "9 May 2026"
	if err := schema.ValidateRecord(&r); err == nil {
		t.Fatal("ValidateRecord accepted a non-ISO issue_date")
	}
}

func TestValidateExtraction(t *testing.T) {
	good := labrelay.Extraction{
		Source:     labrelay.Source{File: "r.xml", SHA256: strings.Repeat("a", 64), MediaType: "application/xml"},
		Path:       labrelay.PathNativeXML,
		Fields:     labrelay.Record{ReportNumber: "A1"},
		Confidence: map[string]float64{"report_number": 0.99},
		Review:     labrelay.Review{Reasons: []string{}},
		RulePack:   "sgs-xml",
		LabSignature: &labrelay.LabSignature{Status: labrelay.SignatureModified, Signer: "SGS Document Signing",
			SignedAt: time.Date(2024, 3, 6, 2, 55, 22, 0, time.UTC), Covers: labrelay.CoversPartial, Reason: "page content differs"},
	}
	if err := schema.ValidateExtraction(&good); err != nil {
		t.Fatalf("ValidateExtraction(good) = %v", err)
	}
	mutate := []struct {
		name string
		f    func(m map[string]any)
	}{
		{"confidence over 1", func(m map[string]any) { m["confidence"].(map[string]any)["report_number"] = 1.5 }},
		{"bad path", func(m map[string]any) { m["path"] = "magic" }},
		{"bad sha", func(m map[string]any) { m["source"].(map[string]any)["sha256"] = "xyz" }},
		{"bad media type", func(m map[string]any) { m["source"].(map[string]any)["media_type"] = "text/plain" }},
		{"null reasons", func(m map[string]any) { m["review"].(map[string]any)["reasons"] = nil }},
		{"bad field", func(m map[string]any) { m["fields"].(map[string]any)["lab"] = "sgs" }},
		{"missing review", func(m map[string]any) { delete(m, "review") }},
		{"bad signature status", func(m map[string]any) { m["lab_signature"].(map[string]any)["status"] = "ok" }},
		{"bad signature coverage", func(m map[string]any) { m["lab_signature"].(map[string]any)["covers"] = "most" }},
		{"signature without status", func(m map[string]any) { delete(m["lab_signature"].(map[string]any), "status") }},
	}
	for _, tt := range mutate {
		t.Run(tt.name, func(t *testing.T) {
			b, _ := json.Marshal(good)
			var m map[string]any
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			tt.f(m)
			if err := schema.ValidateExtraction(m); err == nil {
				t.Fatalf("ValidateExtraction accepted %v", m)
			}
		})
	}
	// Additional top-level keys are allowed.
	b, err := json.Marshal(good)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	m["x_extra"] = true
	if err := schema.ValidateExtraction(m); err != nil {
		t.Fatalf("extra top-level key refused: %v", err)
	}
}
