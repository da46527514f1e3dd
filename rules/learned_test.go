package rules_test

import (
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/rules"
)

// A multiline caption rule reads a name wrapped in a grid beside its
// caption, which wrapped too; the next row's caption of another field
// under the caption is not a second line of it.
func TestWrappedBesideWrappedCaption(t *testing.T) {
	r := rules.Rule{Label: []string{"Applicant /"}, Where: "right", Multiline: true}
	for _, tc := range []struct {
		under, next, want string
	}{
		{"Antragsteller", "Ltd.", "Dongguan Yongxin Components Ltd."},
		{"Name", "Ltd.", "Dongguan Yongxin Components Ltd."},
		{"Antragsteller", "Factory", "Dongguan Yongxin Components Factory"}, // a caption word beside the caption's second line
		{"Manufacturer:", "Ningbo Bluecrest", "Dongguan Yongxin Components"},
		{"Antragsteller", "Address:", "Dongguan Yongxin Components"},
	} {
		l := layout(
			[]cellAt{{30, "Test Report"}, {170, "Report No.:"}, {260, "PPAP-2026-0412"}},
			[]cellAt{{50, "Applicant /"}, {150, "Dongguan Yongxin Components"}, {380, "Address /"}, {470, "No. 203 Keji Road,"}},
			[]cellAt{{50, tc.under}, {150, tc.next}, {380, "Adresse"}, {470, "Dongguan"}},
		)
		v, why, err := rules.NewDoc(l).Probe(labrelay.FieldApplicantName, r)
		if err != nil {
			t.Fatal(err)
		}
		if v != tc.want {
			t.Errorf("%s / %s: read %v (%s), want %q", tc.under, tc.next, v, why, tc.want)
		}
	}
}

// A bilingual grid prints each caption and value twice, one language a
// line: the second line is no wrapped part of the first.
func TestBilingualRowIsNoWrap(t *testing.T) {
	r := rules.Rule{Label: []string{"Sample Name:"}, Where: "right", Multiline: true}
	for _, tc := range []struct{ capt, under, next string }{
		{"Sample Name:", "样品名称", "聚合物锂离子电池"},
		{"Sample Name", "样品名称", "聚合物锂离子电池"},
	} {
		r.Label = []string{tc.capt}
		l := layout(
			[]cellAt{{30, "Test Report"}, {170, "Report No.:"}, {260, "PPAP-2026-0412"}},
			[]cellAt{{50, tc.capt}, {150, "Polymer Li-ion Battery"}},
			[]cellAt{{50, tc.under}, {150, tc.next}},
		)
		v, why, err := rules.NewDoc(l).Probe(labrelay.FieldProductName, r)
		if err != nil {
			t.Fatal(err)
		}
		if v != "Polymer Li-ion Battery" {
			t.Errorf("%s / %s: read %v (%s)", tc.capt, tc.under, v, why)
		}
	}
}

// A list in a grid's right column goes on beside the left column's rows
// and beside its caption wrapped over three lines.
func TestListBesideWrappedCaption(t *testing.T) {
	r := rules.Rule{Label: []string{"检测方法"}, Where: "right", Type: "list", Multiline: true, Pattern: `(?:EN|IEC) [0-9][0-9A-Za-z.\-]*(?::\d{4})?`}
	l := layout(
		[]cellAt{{30, "Test Report"}, {170, "Report No.:"}, {260, "PPAP-2026-0412"}},
		[]cellAt{{50, "检测开始日期"}, {150, "8. Juni 2026"}, {300, "检测方法"}, {400, "EN 1186-9:2002"}},
		[]cellAt{{50, "Analysis Start"}, {300, "Standards"}, {400, "EN 1186-2:2002"}},
		[]cellAt{{300, "Applied"}, {400, "EN 13130-1:2004"}},
	)
	v, why, err := rules.NewDoc(l).Probe(labrelay.FieldTestStandards, r)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := v.([]string)
	if want := "EN 1186-9:2002; EN 1186-2:2002; EN 13130-1:2004"; strings.Join(got, "; ") != want {
		t.Errorf("read %v (%s), want %s", v, why, want)
	}
}

// An address in a grid's right column wraps over three lines beside its
// caption's second line ("Address /" over "Adresse"), the third with the
// caption's column empty.
func TestAddressBesideWrappedCaption(t *testing.T) {
	r := rules.Rule{Label: []string{"Address /"}, Where: "right", Multiline: true}
	l := layout(
		[]cellAt{{30, "Test Report"}, {170, "Report No.:"}, {260, "PPAP-2026-0412"}},
		[]cellAt{{50, "Applicant /"}, {150, "Dongguan Yongxin"}, {300, "Address /"}, {400, "No. 203 Keji Road,"}},
		[]cellAt{{50, "Antragsteller"}, {150, "Ltd."}, {300, "Adresse"}, {400, "Dongguan 523000,"}},
		[]cellAt{{400, "China"}},
		[]cellAt{},
		[]cellAt{{50, "Origin /"}, {150, "China"}, {300, "Made by /"}, {400, "Xiamen Bluecrest"}},
	)
	v, why, err := rules.NewDoc(l).Probe(labrelay.FieldApplicantAddress, r)
	if err != nil {
		t.Fatal(err)
	}
	if want := "No. 203 Keji Road, Dongguan 523000, China"; v != want {
		t.Errorf("read %v (%s), want %q", v, why, want)
	}
}

// On a scan, a dotted leader OCR read as text between a caption and its
// value is no cell, and a name split after its "&" is one cell; the text
// layer's cells are as printed.
func TestScanCellsMended(t *testing.T) {
	for _, path := range []string{labrelay.PathOCR, labrelay.PathPDFText} {
		l := layout(
			[]cellAt{{50, "Issued ON"}, {150, ".pe"}, {250, "09/22/2025"}},
			[]cellAt{{50, "Applicant"}, {150, "Goldpath Rubber &"}, {350, "Plastics Co., Ltd."}},
		)
		l.Pages[0].Path = path
		var got []string
		for _, ln := range rules.NewDoc(l).Lines() {
			got = append(got, ln.Text)
		}
		want := []string{"Issued ON  09/22/2025", "Applicant  Goldpath Rubber & Plastics Co., Ltd."}
		if path != labrelay.PathOCR {
			want = []string{"Issued ON  .pe  09/22/2025", "Applicant  Goldpath Rubber &  Plastics Co., Ltd."}
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: lines %q, want %q", path, got, want)
		}
	}
}
