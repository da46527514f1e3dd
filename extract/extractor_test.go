package extract_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract"
	"github.com/labrelay/labrelay/extract/native"
	"github.com/labrelay/labrelay/fixtures"
	"github.com/labrelay/labrelay/schema"
)

// TestGoldenNative extracts every native fixture and compares the fields
// with the generator's expected record.
func TestGoldenNative(t *testing.T) {
	x := &extract.Extractor{Version: "test"}
	for _, f := range fixtures.NativeFiles(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			want, err := fixtures.LoadExpected(fixtures.ExpectedPath(f))
			if err != nil {
				t.Fatal(err)
			}
			got, err := x.ExtractFile(t.Context(), f)
			if err != nil {
				t.Fatalf("ExtractFile: %v", err)
			}
			if diff := cmp.Diff(want, got.Fields); diff != "" {
				t.Errorf("fields differ (-want +got):\n%s", diff)
			}
			if got.Review.Required {
				t.Errorf("review required for a clean native report: %v", got.Review.Reasons)
			}
			wantPath, wantMedia, wantPack := labrelay.PathNativeXML, extract.MediaXML, "sgs-xml"
			if strings.HasSuffix(f, ".json") {
				wantPath, wantMedia, wantPack = labrelay.PathNativeJSON, extract.MediaJSON, "bv-json"
			}
			if got.Path != wantPath || got.Source.MediaType != wantMedia || got.RulePack != wantPack {
				t.Errorf("path, media type, rule pack = %s, %s, %s; want %s, %s, %s",
					got.Path, got.Source.MediaType, got.RulePack, wantPath, wantMedia, wantPack)
			}
			if got.Source.File != filepath.Base(f) || len(got.Source.SHA256) != 64 || got.ExtractorVersion != "test" {
				t.Errorf("source = %+v, extractor_version = %q", got.Source, got.ExtractorVersion)
			}
			present := got.Fields.Present()
			if len(got.Confidence) != len(present) {
				t.Errorf("confidence has %d keys for %d fields", len(got.Confidence), len(present))
			}
			for _, name := range present {
				if c := got.Confidence[name]; c < 0.9 || c > 1 {
					t.Errorf("confidence[%s] = %v, want high", name, c)
				}
			}
			out, _ := json.Marshal(got)
			if err := schema.ValidateExtraction(out); err != nil {
				t.Errorf("output fails the schema: %v", err)
			}
		})
	}
}

func billionLaughs() string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">`)
	prev := "lol"
	for i := 1; i <= 9; i++ {
		name := "lol" + string(rune('0'+i))
		b.WriteString(`<!ENTITY ` + name + ` "` + strings.Repeat("&"+prev+";", 10) + `">`)
		prev = name
	}
	b.WriteString(`]><lolz>&lol9;</lolz>`)
	return b.String()
}

// TestHostile feeds hostile and unreadable inputs: each must fail fast
// with an InputError whose reason is one line, and leak nothing.
func TestHostile(t *testing.T) {
	zip := append([]byte("PK\x03\x04\x14\x00\x00\x00"), bytes.Repeat([]byte{0}, 40)...)
	tests := []struct {
		name   string
		data   string
		reason string // substring of the reason
	}{
		{"xxe", `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` +
			`<sgs:TestReport xmlns:sgs="urn:sgs:report:2"><sgs:Header><sgs:ReportNo>&xxe;</sgs:ReportNo></sgs:Header></sgs:TestReport>`, "DOCTYPE"},
		{"xxe parameter entity", `<!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]><r/>`, "DOCTYPE"},
		{"billion laughs", billionLaughs(), "DOCTYPE"},
		{"undefined entity", `<sgs:TestReport xmlns:sgs="urn:sgs:report:2"><sgs:Header><sgs:ReportNo>&xxe;</sgs:ReportNo></sgs:Header></sgs:TestReport>`, "malformed XML"},
		{"deep xml", strings.Repeat("<a>", 100000) + strings.Repeat("</a>", 100000), "deeper than 256"},
		{"deep json", strings.Repeat("[", 100000) + strings.Repeat("]", 100000), "deeper than 256"},
		{"deep json objects", strings.Repeat(`{"a":`, 100000) + "1" + strings.Repeat("}", 100000), "deeper than 256"},
		{"zero bytes", "", "empty file"},
		{"whitespace only", "  \n\t ", "unsupported file type"},
		{"elf", "\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00", "ELF executable"},
		{"zip", string(zip), "ZIP archive"},
		{"plain text", "Report No. 123\nPass\n", "plain text"},
		{"truncated xml", `<sgs:TestReport xmlns:sgs="urn:sgs:report:2"><sgs:Header>`, "malformed XML"},
		{"two roots", `<a/><b/>`, "more than one root"},
		{"truncated json", `{"bvReport": {"schema": "bv-cps-report/3"`, "malformed JSON"},
		{"two json values", `{} {}`, "more than one top-level value"},
		{"latin-1 xml", `<?xml version="1.0" encoding="ISO-8859-1"?><a/>`, "encoding"},
		{"unmapped xml", `<Report xmlns="urn:unknown"><No>1</No></Report>`, "no mapping"},
		{"unmapped json", `{"report": {"no": "1"}}`, "no mapping"},
		{"pdf without reader", "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "PDF reports are not supported"},
		{"png without reader", "\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", "not supported by this build"},
	}
	x := &extract.Extractor{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			got, err := x.Extract(t.Context(), "input", []byte(tt.data))
			if elapsed := time.Since(start); elapsed > time.Second {
				t.Errorf("took %v, want under 1 s", elapsed)
			}
			if err == nil {
				t.Fatalf("Extract succeeded: %+v", got.Fields)
			}
			var ie *labrelay.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v (%T) is not an InputError", err, err)
			}
			if !strings.Contains(ie.Error(), tt.reason) {
				t.Errorf("reason %q does not mention %q", ie.Error(), tt.reason)
			}
			if strings.ContainsAny(ie.Error(), "\n\r") {
				t.Errorf("reason %q is not one line", ie.Error())
			}
			if strings.Contains(err.Error(), "root:") {
				t.Errorf("reason leaks /etc/passwd: %q", err.Error())
			}
		})
	}
}

func TestOversize(t *testing.T) {
	data, err := os.ReadFile(fixtures.NativeFiles(t)[0])
	if err != nil {
		t.Fatal(err)
	}
	small := &extract.Extractor{MaxSize: 1024}
	if len(data) <= 1024 {
		t.Fatalf("fixture is only %d bytes", len(data))
	}
	if _, err := small.Extract(t.Context(), "r.xml", data); !labrelay.IsInputError(err) || !strings.Contains(err.Error(), "over the 1 KB limit") {
		t.Errorf("Extract of %d bytes with MaxSize 1024: %v", len(data), err)
	}
	// A 1 GB sparse file is refused from its size alone, without reading.
	huge := filepath.Join(t.TempDir(), "huge.pdf")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(1 << 30); err != nil {
		t.Fatal(err)
	}
	f.Close()
	start := time.Now()
	_, err = (&extract.Extractor{}).ExtractFile(t.Context(), huge)
	if !labrelay.IsInputError(err) || !strings.Contains(err.Error(), "over the 50 MB limit") {
		t.Errorf("ExtractFile(1 GB) = %v, want an oversize InputError", err)
	}
	if elapsed := time.Since(start); elapsed > 100*time.Millisecond {
		t.Errorf("oversize check took %v: the file was read", elapsed)
	}
	if _, err := (&extract.Extractor{}).ExtractFile(t.Context(), filepath.Join(t.TempDir(), "missing.xml")); !labrelay.IsInputError(err) {
		t.Errorf("missing file: %v, want an InputError", err)
	}
	if _, err := (&extract.Extractor{}).ExtractFile(t.Context(), t.TempDir()); !labrelay.IsInputError(err) {
		t.Errorf("directory: %v, want an InputError", err)
	}
}

func TestSniff(t *testing.T) {
	tests := map[string]string{
		"%PDF-1.4\n":                          extract.MediaPDF,
		"\xef\xbb\xbf  <?xml version='1.0'?>": extract.MediaXML,
		"<Report/>":                           extract.MediaXML,
		"\n {\"a\":1}":                        extract.MediaJSON,
		"[1]":                                 extract.MediaJSON,
		"\x89PNG\r\n\x1a\nxxxx":               extract.MediaPNG,
		"\xff\xd8\xff\xe0":                    extract.MediaJPEG,
		"II*\x00":                             extract.MediaTIFF,
		"MM\x00*":                             extract.MediaTIFF,
		"\x7fELF":                             "",
		"<3 you":                              "",
		"":                                    "",
	}
	for in, want := range tests {
		if got := extract.Sniff([]byte(in)); got != want {
			t.Errorf("Sniff(%q) = %q, want %q", in, got, want)
		}
	}
}

// layoutFunc and analyzerFunc stand in for the PDF reader and the rules
// engine where a test needs one that misbehaves.
type layoutFunc func(ctx context.Context, data []byte, mt string) (*labrelay.Layout, error)

func (f layoutFunc) ReadLayout(ctx context.Context, data []byte, mt string) (*labrelay.Layout, error) {
	return f(ctx, data, mt)
}

type analyzerFunc func(ctx context.Context, l *labrelay.Layout) (*labrelay.Extraction, error)

func (f analyzerFunc) Analyze(ctx context.Context, l *labrelay.Layout) (*labrelay.Extraction, error) {
	return f(ctx, l)
}

const pdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"

func onePage(ctx context.Context, data []byte, mt string) (*labrelay.Layout, error) {
	return &labrelay.Layout{Pages: []labrelay.Page{{Number: 1, Path: labrelay.PathPDFText, Unit: "pt"}}}, nil
}

func TestReaders(t *testing.T) {
	ok := analyzerFunc(func(ctx context.Context, l *labrelay.Layout) (*labrelay.Extraction, error) {
		return &labrelay.Extraction{Fields: labrelay.Record{ReportNumber: "A1"},
			Confidence: map[string]float64{"report_number": 0.95}, RulesVersion: "r1"}, nil
	})
	t.Run("pdf", func(t *testing.T) {
		x := &extract.Extractor{PDF: layoutFunc(onePage), Rules: ok}
		got, err := x.Extract(t.Context(), "/tmp/r.pdf", []byte(pdf))
		if err != nil {
			t.Fatal(err)
		}
		if got.Path != labrelay.PathPDFText || got.Source.Pages != 1 || got.Fields.PageCount != 1 ||
			got.Source.File != "r.pdf" || len(got.Pages) != 1 || got.Review.Reasons == nil {
			t.Errorf("got %+v", got)
		}
	})
	t.Run("panic is an input error", func(t *testing.T) {
		x := &extract.Extractor{PDF: layoutFunc(func(context.Context, []byte, string) (*labrelay.Layout, error) {
			panic("pdf: malformed stream\nat offset 12")
		}), Rules: ok}
		_, err := x.Extract(t.Context(), "r.pdf", []byte(pdf))
		if !labrelay.IsInputError(err) || strings.Contains(err.Error(), "\n") {
			t.Fatalf("err = %q, want a one-line InputError", err)
		}
	})
	t.Run("schema failure is internal", func(t *testing.T) {
		bad := analyzerFunc(func(ctx context.Context, l *labrelay.Layout) (*labrelay.Extraction, error) {
			return &labrelay.Extraction{Fields: labrelay.Record{IssueDate: "9 May 2026"},
				Confidence: map[string]float64{"issue_date": 0.9}}, nil
		})
		x := &extract.Extractor{PDF: layoutFunc(onePage), Rules: bad}
		_, err := x.Extract(t.Context(), "r.pdf", []byte(pdf))
		if err == nil || labrelay.IsInputError(err) {
			t.Fatalf("err = %v, want an internal error", err)
		}
	})
	t.Run("missing confidence is internal", func(t *testing.T) {
		bad := analyzerFunc(func(ctx context.Context, l *labrelay.Layout) (*labrelay.Extraction, error) {
			return &labrelay.Extraction{Fields: labrelay.Record{ReportNumber: "A1"}}, nil
		})
		x := &extract.Extractor{PDF: layoutFunc(onePage), Rules: bad}
		if _, err := x.Extract(t.Context(), "r.pdf", []byte(pdf)); err == nil || labrelay.IsInputError(err) {
			t.Fatalf("err = %v, want an internal error", err)
		}
	})
	t.Run("deadline", func(t *testing.T) {
		release := make(chan struct{})
		defer close(release)
		stuck := layoutFunc(func(context.Context, []byte, string) (*labrelay.Layout, error) {
			<-release // ignores ctx, as a cgo call would
			return nil, errors.New("released")
		})
		x := &extract.Extractor{PDF: stuck, Rules: ok}
		ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := x.Extract(ctx, "r.pdf", []byte(pdf))
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want DeadlineExceeded", err)
		}
		if elapsed := time.Since(start); elapsed > time.Second {
			t.Errorf("returned after %v", elapsed)
		}
	})
}

// intertekMapping onboards an Intertek-like XML format (intertekCoA).
const intertekMapping = `
name: intertek-coa
version: "0.1"
format: xml
match:
  root: CertificateOfAnalysis
  namespace: http://www.intertek.com/schemas/coa/1.0
namespaces:
  itk: http://www.intertek.com/schemas/coa/1.0
fields:
  report_number: itk:Document/@number
  issue_date: itk:Document/@issued
  lab: {path: itk:Document/itk:IssuedBy, normalize: lab}
  lab_name: itk:Document/itk:IssuedBy
  applicant_name: itk:Customer/itk:CompanyName
  product_name: itk:Item/@desc
  model_number: itk:Item/@model
  category: {value: Electronics, normalize: category}
  test_standards: {path: itk:Document/itk:Basis, split: ";"}
  overall_result: itk:Overall
results:
  rows: itk:Tests/itk:Test
  columns:
    item: itk:Parameter
    unit: itk:Units
    limit: itk:MaxAllowed
    value: itk:Found
`

// intertekCoA is a certificate of analysis in that format.
const intertekCoA = `<?xml version="1.0" encoding="UTF-8"?>
<ITK:CertificateOfAnalysis xmlns:ITK="http://www.intertek.com/schemas/coa/1.0" version="1.0">
  <ITK:Document number="SHIN26-001234" issued="2026年5月9日">
    <ITK:IssuedBy>Intertek Testing Services Shanghai</ITK:IssuedBy>
    <ITK:Basis>IEC 62321-5:2013; IEC 62321-4:2013+AMD1:2017</ITK:Basis>
  </ITK:Document>
  <ITK:Customer><ITK:CompanyName>Kunshan  Fine Wire Co., Ltd.</ITK:CompanyName></ITK:Customer>
  <ITK:Item desc="Enamelled copper wire 0.2 mm" model="ECW-020"/>
  <ITK:Tests>
    <ITK:Test><ITK:Parameter>Lead</ITK:Parameter><ITK:Found>ND</ITK:Found><ITK:MaxAllowed>1000</ITK:MaxAllowed><ITK:Units>ppm</ITK:Units></ITK:Test>
    <ITK:Test><ITK:Parameter>Cadmium</ITK:Parameter><ITK:Found>12</ITK:Found><ITK:MaxAllowed>100</ITK:MaxAllowed><ITK:Units>ppm</ITK:Units></ITK:Test>
    <ITK:Test><ITK:Parameter>Antimony</ITK:Parameter><ITK:Found>35</ITK:Found><ITK:MaxAllowed>-</ITK:MaxAllowed><ITK:Units>ppm</ITK:Units></ITK:Test>
  </ITK:Tests>
  <ITK:Overall>合格</ITK:Overall>
</ITK:CertificateOfAnalysis>
`

// TestOnboardNewLab onboards an Intertek-like XML format with a mapping
// file alone.
func TestOnboardNewLab(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "intertek.yaml"), []byte(intertekMapping), 0o644); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(dir, "coa.xml")
	if err := os.WriteFile(report, []byte(intertekCoA), 0o644); err != nil {
		t.Fatal(err)
	}
	user, err := native.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	x := &extract.Extractor{Native: native.Combine(user, native.DefaultSet())}
	got, err := x.ExtractFile(t.Context(), report)
	if err != nil {
		t.Fatal(err)
	}
	want := labrelay.Record{
		ReportNumber: "SHIN26-001234", Lab: "OTHER", LabName: "Intertek Testing Services Shanghai",
		IssueDate: "2026-05-09", ApplicantName: "Kunshan Fine Wire Co., Ltd.",
		ProductName: "Enamelled copper wire 0.2 mm", ModelNumber: "ECW-020",
		Category: "electronic_components", OverallResult: "pass",
		TestStandards: []string{"IEC 62321-5:2013", "IEC 62321-4:2013+AMD1:2017"},
		Results: []labrelay.ResultRow{
			{Item: "Lead", Unit: "ppm", Limit: "1000", Value: "ND", Verdict: "pass"},
			{Item: "Cadmium", Unit: "ppm", Limit: "100", Value: "12", Verdict: "pass"},
			{Item: "Antimony", Unit: "ppm", Limit: "-", Value: "35", Verdict: ""},
		},
	}
	if diff := cmp.Diff(want, got.Fields); diff != "" {
		t.Errorf("fields differ (-want +got):\n%s", diff)
	}
	if got.RulePack != "intertek-coa" || got.RulesVersion != "intertek-coa@0.1" || got.Review.Required {
		t.Errorf("rule pack %q, rules version %q, review %+v", got.RulePack, got.RulesVersion, got.Review)
	}
	// The shipped formats still read through the combined set.
	if _, err := x.ExtractFile(t.Context(), fixtures.NativeFiles(t)[0]); err != nil {
		t.Errorf("shipped format through the combined set: %v", err)
	}
}
