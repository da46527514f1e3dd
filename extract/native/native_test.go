package native_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/native"
	"github.com/labrelay/labrelay/fixtures"
	"github.com/labrelay/labrelay/schema"
)

func TestDefaultSet(t *testing.T) {
	s := native.DefaultSet()
	var names []string
	for _, m := range s.Mappings {
		names = append(names, m.Name)
	}
	if got := strings.Join(names, ","); got != "bv-json,sgs-xml" {
		t.Errorf("default mappings = %s, want bv-json,sgs-xml", got)
	}
}

func TestParseMappingErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"bad format", "format: csv\nmatch: {path: /a}\nfields: {report_number: /a}", "format must be xml or json"},
		{"no match", "format: json\nfields: {report_number: /a}", "would match every document"},
		{"unknown field", "format: json\nmatch: {path: /a}\nfields: {report_no: /a}", `"report_no" is not a canonical field`},
		{"results in fields", "format: json\nmatch: {path: /a}\nfields: {results: /a}", "results section"},
		{"unknown key", "format: json\nmatch: {path: /a}\nfeilds: {report_number: /a}", "feilds"},
		{"bad normaliser", "format: json\nmatch: {path: /a}\nfields: {issue_date: {path: /a, normalize: iso}}", `unknown normalize "iso"`},
		{"enum without table", "format: json\nmatch: {path: /a}\nfields: {category: {path: /a, normalize: enum}}", "enum table"},
		{"bad pointer", "format: json\nmatch: {path: /a}\nfields: {report_number: a/b}", "must start with /"},
		{"unknown prefix", "format: xml\nmatch: {root: R}\nfields: {report_number: x:No}", `prefix "x"`},
		{"bad xml path", "format: xml\nmatch: {root: R}\nfields: {report_number: \"No[\"}", "path"},
		{"bad expr", "format: json\nmatch: {path: /a}\nfields: {report_number: {expr: \"doc.(\"}}", "expr"},
		{"undefined name in expr", "format: json\nmatch: {path: /a}\nfields: {report_number: {expr: \"docs.a\"}}", "expr"},
		{"value and path", "format: json\nmatch: {path: /a}\nfields: {lab: {value: SGS, path: /a}}", "constant"},
		{"row column unknown", "format: json\nmatch: {path: /a}\nresults: {rows: /t, columns: {item: /i, value: /v, result: /r}}", `"result" is not a result-row field`},
		{"row without value", "format: json\nmatch: {path: /a}\nresults: {rows: /t, columns: {item: /i}}", "value is required"},
		{"root in json", "format: json\nmatch: {root: R}\nfields: {report_number: /a}", "for xml mappings"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := native.ParseMapping("m.yaml", []byte(tt.yaml))
			if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "m.yaml") {
				t.Fatalf("ParseMapping = %v, want an error naming m.yaml and %q", err, tt.want)
			}
		})
	}
}

const reviewMapping = `
name: review
format: json
match: {path: /r}
fields:
  report_number: /r/no
  issue_date: /r/date
  received_date: {path: /r/received, day_first: true}
  category: /r/cat
  overall_result: /r/overall
  page_count: /r/pages
  product_name: /r/names
results:
  rows: /r/rows
  columns:
    item: /i
    limit: /l
    value: /v
    verdict: /p
`

// TestReview checks that what cannot be read is left out and flagged, never
// guessed, and that the core fields are required.
func TestReview(t *testing.T) {
	m, err := native.ParseMapping("review.yaml", []byte(reviewMapping))
	if err != nil {
		t.Fatal(err)
	}
	set := &native.Set{Mappings: []*native.Mapping{m}}
	tests := []struct {
		name    string
		doc     string
		reasons []string
		check   func(t *testing.T, x *labrelay.Extraction)
	}{
		{"bad date and category", `{"r":{"no":"A1","date":"31/02/2026","received":"09/05/2026","cat":"Toys","overall":"Pass","pages":3}}`,
			[]string{`issue_date: date "31/02/2026" does not fit the month-first order`, `category: unknown category "Toys"`, "issue_date not found"},
			func(t *testing.T, x *labrelay.Extraction) {
				if x.Fields.IssueDate != "" || x.Fields.Category != "" {
					t.Errorf("bad values kept: %+v", x.Fields)
				}
				if x.Fields.ReceivedDate != "2026-05-09" || x.Fields.PageCount != 3 {
					t.Errorf("received %q, pages %d", x.Fields.ReceivedDate, x.Fields.PageCount)
				}
				if _, ok := x.Confidence["issue_date"]; ok {
					t.Error("confidence kept for a dropped field")
				}
			}},
		{"core missing", `{"r":{"overall":"See results"}}`,
			[]string{`overall_result: cannot read verdict "See results"`, "report_number not found", "issue_date not found", "overall_result not found"}, nil},
		{"conflicting values", `{"r":{"no":"A1","date":"May 9, 2026","overall":"pass","names":["Cup","Mug"]}}`,
			[]string{`product_name: 2 different values found ("Cup", "Mug")`}, nil},
		{"printed verdict disagrees", `{"r":{"no":"A1","date":"May 9, 2026","overall":"pass","rows":[{"i":"Pb","l":"100","v":"150","p":"Pass"},{"i":"Cd","l":"100","v":"N.D."}]}}`,
			[]string{"results row 1 (Pb): printed verdict pass but 150 against limit 100 gives fail"},
			func(t *testing.T, x *labrelay.Extraction) {
				if x.Confidence["results"] > 0.5 {
					t.Errorf("results confidence %v after a conflict", x.Confidence["results"])
				}
				if x.Fields.Results[1].Verdict != "pass" {
					t.Errorf("derived verdict %q, want pass", x.Fields.Results[1].Verdict)
				}
			}},
		{"pass overall with failing row", `{"r":{"no":"A1","date":"May 9, 2026","overall":"Complies","rows":[{"i":"Pb","l":"100","v":"150"}]}}`,
			[]string{"overall_result is pass but 1 result rows fail"}, nil},
		{"clean", `{"r":{"no":" A1 ","date":"2026年5月9日","overall":"合格","pages":"2","rows":[{"i":"Pb","l":"-","v":12}]}}`,
			nil,
			func(t *testing.T, x *labrelay.Extraction) {
				if x.Fields.ReportNumber != "A1" || x.Fields.Results[0].Value != "12" || x.Fields.Results[0].Verdict != "" {
					t.Errorf("fields %+v", x.Fields)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, err := set.Extract(t.Context(), []byte(tt.doc), native.MediaJSON)
			if err != nil {
				t.Fatal(err)
			}
			if got := x.Review.Required; got != (len(tt.reasons) > 0) {
				t.Errorf("review required = %v, reasons %q", got, x.Review.Reasons)
			}
			for _, want := range tt.reasons {
				if !slices.Contains(x.Review.Reasons, want) {
					t.Errorf("reason %q missing from %q", want, x.Review.Reasons)
				}
			}
			for name := range x.Confidence {
				if !labrelay.IsField(name) {
					t.Errorf("confidence for unknown field %q", name)
				}
			}
			if err := schema.ValidateRecord(x.Fields); err != nil {
				t.Errorf("fields fail the schema: %v", err)
			}
			if tt.check != nil {
				tt.check(t, x)
			}
		})
	}
}

func TestByteOrderMark(t *testing.T) {
	for _, p := range fixtures.NativeFiles(t)[:1] {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		media := native.MediaJSON
		if strings.HasSuffix(p, ".xml") {
			media = native.MediaXML
		}
		if _, err := native.DefaultSet().Extract(t.Context(), append([]byte("\xEF\xBB\xBF"), data...), media); err != nil {
			t.Errorf("%s with a byte-order mark: %v", p, err)
		}
	}
	bom := []byte("\xEF\xBB\xBF" + `{"bvReport":{"schema":"bv-cps-report/3","meta":{"reportNumber":"X1"}}}`)
	x, err := native.DefaultSet().Extract(t.Context(), bom, native.MediaJSON)
	if err != nil || x.Fields.ReportNumber != "X1" {
		t.Errorf("JSON with a byte-order mark: %v", err)
	}
}

func TestLimits(t *testing.T) {
	set := &native.Set{Mappings: native.DefaultSet().Mappings, Limits: native.Limits{MaxDepth: 4, MaxNodes: 10}}
	tests := []struct{ name, media, doc, want string }{
		{"xml depth", native.MediaXML, "<a><b><c><d><e/></d></c></b></a>", "deeper than 4"},
		{"xml nodes", native.MediaXML, "<a>" + strings.Repeat("<b/>", 10) + "</a>", "more than 10 elements"},
		{"json depth", native.MediaJSON, `{"a":{"b":{"c":{"d":{}}}}}`, "deeper than 4"},
		{"json nodes", native.MediaJSON, `[1,2,3,4,5,6,7,8,9,10]`, "more than 10 values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := set.Extract(t.Context(), []byte(tt.doc), tt.media)
			if !labrelay.IsInputError(err) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want an InputError with %q", err, tt.want)
			}
		})
	}
}

// FuzzNative feeds mutated fixtures to the shipped mappings: no panics,
// only InputErrors, and any record produced fits the schema.
func FuzzNative(f *testing.F) {
	for _, p := range fixtures.NativeFiles(f) {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data, strings.HasSuffix(p, ".xml"))
	}
	f.Add([]byte(`<!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>`), true)
	f.Add([]byte(`{"bvReport":{"schema":"bv-cps-report/3","tests":[{"result":[1]}]}}`), false)
	set := native.DefaultSet()
	f.Fuzz(func(t *testing.T, data []byte, isXML bool) {
		media := native.MediaJSON
		if isXML {
			media = native.MediaXML
		}
		x, err := set.Extract(t.Context(), data, media)
		if err != nil {
			if !labrelay.IsInputError(err) {
				t.Fatalf("internal error: %v", err)
			}
			return
		}
		if err := schema.ValidateRecord(x.Fields); err != nil {
			t.Fatalf("record fails the schema: %v", err)
		}
		for _, name := range x.Fields.Present() {
			if _, ok := x.Confidence[name]; !ok {
				t.Fatalf("no confidence for %s", name)
			}
		}
	})
}
