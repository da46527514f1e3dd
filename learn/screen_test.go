package learn_test

import (
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/learn"
)

// gridReport prints a bilingual grid whose applicant's name wraps its
// last word ("Factory", a manufacturer caption to the generic reader)
// onto the caption's second line, over the next row's value.
func gridReport(number, applicant, last, origin, maker string) *labrelay.Layout {
	l := textPage(
		[][2]any{{40.0, "Shinwa Analysis Center Co., Ltd."}},
		[][2]any{{40.0, "TEST REPORT"}},
		[][2]any{{40.0, "Report Ref. /"}, {130.0, number}},
		[][2]any{{40.0, "Zertifikat-Nr."}},
		[][2]any{{40.0, "Applicant /"}, {130.0, applicant}},
		[][2]any{{40.0, "Antragsteller"}, {130.0, last}},
		[][2]any{{40.0, "Origin /"}, {130.0, origin}, {300.0, "Made by /"}, {385.0, maker}},
		[][2]any{{40.0, "Ursprungsland"}, {300.0, "Hersteller"}},
		[][2]any{{40.0, "This report shall not be reproduced except in full."}},
	)
	// a grid cell's two lines 12pt apart, its rows 18pt
	rows := l.Pages[0].Rows
	for i, y := range []float64{60, 74, 88, 100, 118, 130, 148, 160, 178} {
		rows[i].Box.Y = y
		for k := range rows[i].Words {
			rows[i].Words[k].Box.Y = y
		}
	}
	return l
}

// A generic reading whose caption is a word of another field's value,
// read alike by the learned rule and the generic reader (a name's
// wrapped "Factory"), does not contradict the learned value.
func TestCaptionInsideAgreedValue(t *testing.T) {
	rec := labrelay.Record{ReportNumber: "78/7661/CQH", ApplicantName: "Busan Dinghao Cable & Wire Factory", ManufacturerName: "Qingdao Brightwave Electronics Co., Ltd."}
	p, err := learn.Learn("grid", []learn.Example{{Name: "r0", Layout: gridReport("78/7661/CQH", "Busan Dinghao Cable & Wire", "Factory", "Korea", "Qingdao Brightwave Electronics Co., Ltd."), Record: rec}})
	if err != nil {
		t.Fatal(err)
	}
	e, _ := engineWith(t, p)
	x, err := e.Analyze(t.Context(), gridReport("21/4358/WOQ", "Qingdao Bluecrest Electronics", "Factory", "China", "Silverline Semiconductor Co., Ltd."))
	if err != nil {
		t.Fatal(err)
	}
	if x.Fields.ManufacturerName != "Silverline Semiconductor Co., Ltd." || x.Fields.ApplicantName != "Qingdao Bluecrest Electronics Factory" {
		t.Errorf("read %q, %q (pack %s)", x.Fields.ManufacturerName, x.Fields.ApplicantName, x.RulePack)
	}
	for _, r := range x.Review.Reasons {
		if strings.Contains(r, "manufacturer_name") {
			t.Errorf("review: %s\n%s", r, p.YAML)
		}
	}
}

// bilingualReport prints each caption over two lines, its English part
// ("Article") on the second, right over the next caption.
func bilingualReport(number, product, po string) *labrelay.Layout {
	l := textPage(
		[][2]any{{40.0, "Tianheng Product Testing (Busan) Limited"}},
		[][2]any{{40.0, "ANALYTICAL REPORT"}},
		[][2]any{{40.0, "Número de informe"}, {175.0, number}},
		[][2]any{{40.0, "Certificate No."}},
		[][2]any{{40.0, "Nombre del artículo"}, {175.0, product}},
		[][2]any{{40.0, "Article"}},
		[][2]any{{40.0, "Número de pedido Order"}, {175.0, po}},
		[][2]any{{40.0, "No."}},
		[][2]any{{40.0, "This report shall not be reproduced except in full."}},
	)
	rows := l.Pages[0].Rows
	for i, y := range []float64{60, 74, 88, 101, 118, 131, 148, 161, 178} {
		rows[i].Box.Y = y
		for k := range rows[i].Words {
			rows[i].Words[k].Box.Y = y
		}
	}
	return l
}

// A generic reading whose value is one of the learned pack's own captions
// (the PO's caption read under the product caption's second line) is no
// second reading of the field.
func TestValueIsTaughtCaption(t *testing.T) {
	rec := labrelay.Record{ReportNumber: "HWYH3702141541W", ProductName: "Enclosure cover", PONumber: "LS-78-87726"}
	p, err := learn.Learn("bilingual", []learn.Example{{Name: "r0", Layout: bilingualReport("HWYH3702141541W", "Enclosure cover", "LS-78-87726"), Record: rec}})
	if err != nil {
		t.Fatal(err)
	}
	e, _ := engineWith(t, p)
	x, err := e.Analyze(t.Context(), bilingualReport("HWYH3702145512W", "LED module", "LS-12-31877"))
	if err != nil {
		t.Fatal(err)
	}
	if x.Fields.ProductName != "LED module" || x.Confidence[labrelay.FieldProductName] < e.Threshold(x.RulePack) {
		t.Errorf("read %q at %.2f (pack %s)", x.Fields.ProductName, x.Confidence[labrelay.FieldProductName], x.RulePack)
	}
	for _, r := range x.Review.Reasons {
		if strings.Contains(r, "product_name") {
			t.Errorf("review: %s", r)
		}
	}
}

// centredReport prints the maker's name beside its caption, on the
// caption's line alone or over two lines, one over and one under it.
func centredReport(number string, maker ...string) *labrelay.Layout {
	rows := [][][2]any{
		{{40.0, "Costa Verde Inspection & Testing LLC"}},
		{{40.0, "TEST REPORT"}},
		{{40.0, "Our Ref."}, {150.0, number}},
	}
	ys := []float64{60, 80, 100}
	if len(maker) == 2 {
		rows = append(rows, [][2]any{{150.0, maker[0]}}, [][2]any{{40.0, "Made by"}}, [][2]any{{150.0, maker[1]}})
		ys = append(ys, 118, 125, 130)
	} else {
		rows = append(rows, [][2]any{{40.0, "Made by"}, {150.0, maker[0]}})
		ys = append(ys, 124)
	}
	rows = append(rows, [][2]any{{40.0, "Item Description"}, {150.0, "Coin cell holder"}}, [][2]any{{40.0, "This report shall not be reproduced except in full."}})
	ys = append(ys, 148, 170)
	l := textPage(rows...)
	for i, y := range ys {
		r := &l.Pages[0].Rows[i]
		r.Box.Y = y
		for k := range r.Words {
			r.Words[k].Box.Y = y
		}
	}
	return l
}

// A name taught over two lines centred on its caption is read too when
// the next report's fits the caption's line.
func TestCentredNameOnOneLine(t *testing.T) {
	rec := labrelay.Record{ReportNumber: "LY-NT-4617504-71", ManufacturerName: "Kaida Connector Technology Factory", ProductName: "Coin cell holder"}
	p, err := learn.Learn("centred", []learn.Example{{Name: "r0", Layout: centredReport("LY-NT-4617504-71", "Kaida Connector Technology", "Factory"), Record: rec}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(p.YAML), "span: [-1, 1]") {
		t.Fatalf("not learned as centred:\n%s", p.YAML)
	}
	e, _ := engineWith(t, p)
	for _, tc := range []struct {
		maker []string
		want  string
	}{
		{[]string{"Silverline Semiconductor Ltd."}, "Silverline Semiconductor Ltd."},
		{[]string{"Qingdao Brightwave Electronics", "Co., Ltd."}, "Qingdao Brightwave Electronics Co., Ltd."},
	} {
		x, err := e.Analyze(t.Context(), centredReport("LY-NT-5512309-02", tc.maker...))
		if err != nil {
			t.Fatal(err)
		}
		if c := x.Confidence[labrelay.FieldManufacturerName]; x.Fields.ManufacturerName != tc.want || c < e.Threshold(x.RulePack) {
			t.Errorf("read %q at %.2f (pack %s), want %q; %q\n%s", x.Fields.ManufacturerName, c, x.RulePack, tc.want, x.Review.Reasons, p.YAML)
		}
	}
}
