package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
)

// A pack that knows the layout reads nothing under a caption the lexicon
// lacks ("Manufacturing Site"); the generic reader's weak reading is offered for
// review, under the threshold, rather than dropped.
func TestWeakCaptionOfferedUnderAPack(t *testing.T) {
	e, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	l := synth(
		row(tcell{40, "Report No. .............. : AB-1234"}),
		row(tcell{40, "Applicant ............... : ACME Trading Co., Ltd."}),
		row(tcell{40, "Manufacturing Site ...... : Fairway Fastener Co., Ltd."}),
	)
	x, err := e.Analyze(t.Context(), l)
	if err != nil {
		t.Fatal(err)
	}
	if x.RulePack != "dotted" {
		t.Fatalf("pack %q, want dotted (the test needs a pack that knows the layout)", x.RulePack)
	}
	if got := x.Fields.ManufacturerName; got != "Fairway Fastener Co., Ltd." {
		t.Errorf("manufacturer_name = %q", got)
	}
	if c := x.Confidence["manufacturer_name"]; c > confWeakOnly {
		t.Errorf("confidence %.2f, want at most %.2f", c, confWeakOnly)
	}
}

// The generic reader reads a field twice, differently, a few lines apart
// (two captions of it, each with its own value, as a value wrapped beside
// a caption and its translation reads): a pack rule that reads one of
// them finds no second reading in it, and the record goes to review.
func TestConflictingGenericReadingsAreNoAgreement(t *testing.T) {
	dir := t.TempDir()
	pack := `name: own
version: "1"
extends: generic
priority: 50
max_confidence: 0.99
match: ['Zeta Analytics']
fields:
  applicant_name:
    - label: ['Submitted by']
      where: right
`
	if err := os.WriteFile(filepath.Join(dir, "own.yaml"), []byte(pack), 0o644); err != nil {
		t.Fatal(err)
	}
	packs, err := Load("", dir)
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(packs)
	if err != nil {
		t.Fatal(err)
	}
	l := synth(
		row(tcell{40, "Zeta Analytics"}),
		row(tcell{40, "Submitted by"}, tcell{200, "Goldpath Automotive Systems"}),
		row(),
		row(tcell{40, "Auftraggeber"}, tcell{200, "Hamburg Metal Works GmbH"}),
	)
	x, err := e.Analyze(t.Context(), l)
	if err != nil {
		t.Fatal(err)
	}
	if x.RulePack != "own" {
		t.Fatalf("pack %q", x.RulePack)
	}
	if c := x.Confidence["applicant_name"]; c >= 0.9 || !x.Review.Required {
		t.Errorf("applicant_name %q at %.2f, review %v", x.Fields.ApplicantName, c, x.Review.Required)
	}
}

// A legal form read on the line below counts as read already when the
// value ends with its letters, as OCR may misread its periods.
func TestLetterKeyLegalForm(t *testing.T) {
	for _, c := range []struct {
		value, tail string
		want        bool
	}{
		{"Brightwave Optoelectronics S.A. de C.V.", "CV,", true},
		{"Ruifeng Components S.A. de", "C.V.", false},
		{"Acme Co., Ltd.", "Ltd", true},
	} {
		if got := strings.HasSuffix(letterKey(c.value), letterKey(c.tail)); got != c.want {
			t.Errorf("%q ends with %q: %v, want %v", c.value, c.tail, got, c.want)
		}
	}
}

// Off a scan, a pack value that is a caption with its other language
// garbled ("P.O. Number (36EBS)", read below "Sample Name" whose value
// stood right of its East Asian half) is a caption: dropped, the generic
// reader's value stands.
func TestScanPackValueGarbledCaption(t *testing.T) {
	x := AnalyzeDefault(t, ocrPage(
		row(tcell{180, "Sample Name"}, tcell{420, "试料名:"}, tcell{760, "Paper cup 8 oz"}),
		row(tcell{180, "P.O. Number (36EBS)"}, tcell{760, "4500528700"}),
	))
	if got := x.Fields.ProductName; got != "Paper cup 8 oz" {
		t.Errorf("product_name = %q (pack %s)", got, x.RulePack)
	}
}

// Off a scan that parted an address line in three cells, the generic
// pack's rule takes the first cell and the next line; the generic reader
// reads the cells between: its reading, holding the pack's start and end,
// is the value.
func TestScanAddressCellsBetween(t *testing.T) {
	x := AnalyzeDefault(t, ocrPage(
		row(tcell{180, "Customer"}, tcell{760, "Xiamen Oakridge Automotive Systems Co., Ltd."}),
		row(tcell{180, "Customer Address"}, tcell{760, "5th Floor, No."}, tcell{1070, "2 Workshop, Longgang District, Xiamen,"}),
		row(tcell{760, "Fujian 361000, China"}),
		row(tcell{180, "Attention"}, tcell{760, "Li Wei"}),
	))
	if got, want := x.Fields.ApplicantAddress, "5th Floor, No. 2 Workshop, Longgang District, Xiamen, Fujian 361000, China"; got != want {
		t.Errorf("applicant_address = %q, want %q", got, want)
	}
	if !skipsCells("a b e", "a b c d e") || skipsCells("a c", "a b c d") || skipsCells("a", "a b") {
		t.Error("skipsCells")
	}
}

// Off a scan, with the applicant read, the one company's name after a
// caption OCR garbled is the manufacturer, offered for review.
func TestScanManufacturerOfUnreadCaption(t *testing.T) {
	x := AnalyzeDefault(t, ocrPage(
		row(tcell{180, "Applicant"}, tcell{900, "Ningbo Kaida Circuit Co., Ltd."}),
		row(tcell{180, "PAGEORY AT ADIICAUO"}, tcell{900, "Hengtai Cable & Wire Inc."}),
		row(tcell{180, "Sample Name"}, tcell{900, "Enclosure cover"}),
	))
	if got := x.Fields.ManufacturerName; got != "Hengtai Cable & Wire Inc." || x.Confidence["manufacturer_name"] > confWeakOnly {
		t.Errorf("manufacturer_name %q at %.2f", got, x.Confidence["manufacturer_name"])
	}
	if got := x.Fields.ApplicantName; got != "Ningbo Kaida Circuit Co., Ltd." {
		t.Errorf("applicant_name %q", got)
	}
}

// A scan's report number printed twice, read a glyph apart (the cover's
// caption and the next page's running header): the reading OCR was surer
// of is the report's, in doubt; the same code read alike stays.
func TestCodeReadTwice(t *testing.T) {
	e, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	page := func(n int, rows ...[]labrelay.Word) labrelay.Page {
		pg := labrelay.Page{Number: n, Width: 2480, Height: 3508, Unit: "px", Path: labrelay.PathOCR}
		for _, ws := range rows {
			pg.Rows = append(pg.Rows, labrelay.Row{Words: ws, Box: labrelay.WordsBox(ws)})
		}
		return pg
	}
	word := func(t string, x, y, conf float64) labrelay.Word {
		return labrelay.Word{Text: t, Box: labrelay.Box{X: x, Y: y, W: 18 * float64(len(t)), H: 30}, Conf: conf}
	}
	for _, c := range []struct {
		cover, header string
		coverConf     float64
		want          string
		samePage      bool
	}{
		{"LFIM2428544225Y", "LFJM2428544225Y", 0.80, "LFJM2428544225Y", false},
		{"LFJM2428544225Y", "LFIM2428544225Y", 0.90, "LFJM2428544225Y", false},
		{"LFJM2428544225Y", "LFJM2428544225Y", 0.80, "LFJM2428544225Y", false},
		{"R-2024-0012", "R-2024-0013", 0.80, "R-2024-0012", false},            // two numbers, not one misread
		{"LFIM2428544225Y", "LFJM2428544225Y", 0.80, "LFIM2428544225Y", true}, // on one page, another code
	} {
		headerPage := 2
		if c.samePage {
			headerPage = 1
		}
		l := &labrelay.Layout{Pages: []labrelay.Page{
			page(1,
				[]labrelay.Word{word("Test", 190, 480, 0.95), word("Report", 290, 480, 0.95)},
				[]labrelay.Word{word("Certificate", 190, 575, 0.95), word("Number:", 400, 575, 0.95), word(c.cover, 900, 575, c.coverConf)},
				[]labrelay.Word{word("Applicant:", 190, 650, 0.95), word("Anke", 900, 650, 0.95), word("Ltd.", 1000, 650, 0.95)}),
			page(headerPage,
				[]labrelay.Word{word(c.header, 190, 221, 0.88), word("Page", 1900, 221, 0.95), word("2", 2000, 221, 0.95), word("of", 2040, 221, 0.95), word("2", 2090, 221, 0.95)}),
		}}
		x, err := e.Analyze(t.Context(), l)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := x.Fields.String(labrelay.FieldReportNumber)
		if got != c.want {
			t.Errorf("cover %q, header %q: report number %q, want %q", c.cover, c.header, got, c.want)
		}
		if c.cover != c.header && x.Confidence[labrelay.FieldReportNumber] > correctedConf {
			t.Errorf("cover %q, header %q: confidence %.2f above %.2f", c.cover, c.header, x.Confidence[labrelay.FieldReportNumber], correctedConf)
		}
	}
}

// On a scan the generic pack's caption rule and the generic reader read
// the same words; the reader's, with what OCR misread put right
// ("(ndustrial"), is the value.
func TestGenericReaderMendsPackReading(t *testing.T) {
	x := AnalyzeDefault(t, ocrPage(
		row(tcell{180, "Applicant Name:"}, tcell{760, "Anke Auto Parts (ndustrial Co., Ltd."}),
		row(tcell{180, "Address:"}, tcell{760, "No. 12 Keji Road, Suzhou, Jiangsu 215000, China"}),
	))
	if got, want := x.Fields.ApplicantName, "Anke Auto Parts Industrial Co., Ltd."; got != want {
		t.Errorf("applicant_name = %q, want %q", got, want)
	}
}

// AnalyzeDefault reads l with the shipped packs: for this package's
// tests and, exported from a test file, for rules_test's.
func AnalyzeDefault(t *testing.T, l *labrelay.Layout) *labrelay.Extraction {
	t.Helper()
	e, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	x, err := e.Analyze(t.Context(), l)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// A wrapped bilingual caption's second half beside an address's last line
// ("委托单位地址 ¦ Valencia, Spain"): a pack's inherited caption rule reads
// only that line, the generic reader the whole address. The longer
// reading is the record's value; the fragment is never published.
func TestInheritedAddressRuleReadsAFragment(t *testing.T) {
	l := ocrWords([][]ocrWord{
		{{"检测报告", 177, 500, 248, 72}, {"Laboratory", 432, 511, 331, 57}, {"Test", 783, 514, 132, 43}, {"Report", 938, 513, 201, 54}},
		{{"REPORT", 194, 623, 148, 27}, {"NO. / 报告编号", 356, 615, 234, 46}, {"TO-HY-2592563-01", 724, 618, 356, 32}},
		{{"CUSTOMER", 194, 696, 205, 28}, {"/ 委托单位", 412, 690, 155, 47}, {"Valencia Ruifeng Connector Technology", 725, 692, 747, 40}, {"Ltd.", 1488, 692, 65, 33}},
		{{"ADDRESS", 191, 769, 177, 29}, {"OF APPLICANT /", 382, 769, 295, 31}, {"Room 1622, 9/F, Tower A, Export Processing Zone, Calle de la Industria 29, 46015", 726, 766, 1537, 39}},
		{{"委托单位地址", 194, 821, 195, 33}, {"Valencia, Spain", 723, 818, 286, 41}},
	})
	x := AnalyzeDefault(t, l)
	want := "Room 1622, 9/F, Tower A, Export Processing Zone, Calle de la Industria 29, 46015 Valencia, Spain"
	if got, conf := x.Fields.ApplicantAddress, x.Confidence[labrelay.FieldApplicantAddress]; got != want || conf >= 0.9 {
		t.Errorf("applicant_address = %q at %.2f; want the whole address below the threshold (pack %s)", got, conf, x.RulePack)
	}
}

// An address read inline that OCR parted at a wide word space ("… Export
// ¦ Processing Zone, …") goes on in the next cell before the next line; a
// rule that skips the cell to read on in the next line reads it in doubt.
func TestScanInlineAddressPartedCell(t *testing.T) {
	first := "Customer Address: Room 1521, 8/F, No. 2 Workshop, Export"
	end := 180.0 - 14
	for _, w := range strings.Fields(first) {
		end += 18*float64(len([]rune(w))) + 14
	}
	x := AnalyzeDefault(t, ocrPage(
		row(tcell{180, "Applicant: Busan Summit Semiconductor LLC"}),
		row(tcell{180, first}, tcell{end + 40, "Processing Zone, Xiangzhou District,"}),
		row(tcell{520, "239-19 Avenida del Puerto, Busan 48058, Korea"}),
		row(tcell{180, "Factory: Xiamen Summit Components LLC"}),
	))
	if got, want := x.Fields.ApplicantAddress, "Room 1521, 8/F, No. 2 Workshop, Export Processing Zone, Xiangzhou District, 239-19 Avenida del Puerto, Busan 48058, Korea"; got != want {
		t.Errorf("applicant_address = %q, want %q", got, want)
	}
	v := newView(ocrPage(
		row(tcell{180, first}, tcell{end + 40, "Processing Zone, Xiangzhou District,"}),
		row(tcell{520, "239-19 Avenida del Puerto, Busan 48058, Korea"}),
	))
	c := candidate{value: "Room 1521, 8/F, No. 2 Workshop, Export", page: 1, box: v.Lines[0].Cells[0].Box, conf: 0.95, how: "inline", line: 0}
	continuationOf(v, &c, "")
	if c.value != "Room 1521, 8/F, No. 2 Workshop, Export 239-19 Avenida del Puerto, Busan 48058, Korea" || c.conf > confWeakOnly {
		t.Errorf("read on past a parted cell: %q at %.2f, want the next line in doubt", c.value, c.conf)
	}
}

// A caption rule of the generic kind that read a seal's speck beside a
// stacked caption ("委托单位地址 ¦ 呈") loses to the generic reader's address
// under it, in doubt.
func TestPackValueOfNoTypeLoses(t *testing.T) {
	x := AnalyzeDefault(t, ocrWords([][]ocrWord{
		{{"CERTIFICATE", 800, 700, 300, 40}, {"OF", 1120, 700, 60, 40}, {"CONFORMITY", 1200, 700, 300, 40}},
		{{"申请人", 1197, 967, 89, 62}},
		{{"宁波市春源餐具有限责任公司", 957, 1022, 563, 62}},
		{{"委托单位地址", 1150, 1088, 182, 62}, {"呈", 1528, 1116, 40, 70}},
		{{"浙江省宁波市鄞州区创业路204号", 930, 1160, 620, 62}},
	}))
	if got := x.Fields.ApplicantAddress; got != "浙江省宁波市鄞州区创业路204号" || x.Confidence["applicant_address"] > confDisagree {
		t.Errorf("applicant_address %q at %.2f", got, x.Confidence["applicant_address"])
	}
	// nothing else read: the speck is offered, no more
	x = AnalyzeDefault(t, ocrWords([][]ocrWord{
		{{"CERTIFICATE", 800, 700, 300, 40}, {"OF", 1120, 700, 60, 40}, {"CONFORMITY", 1200, 700, 300, 40}},
		{{"申请人", 1197, 967, 89, 62}},
		{{"宁波市春源餐具有限责任公司", 957, 1022, 563, 62}},
		{{"委托单位地址", 1150, 1088, 182, 62}, {"呈", 1528, 1116, 40, 70}},
	}))
	if c := x.Confidence["applicant_address"]; x.Fields.ApplicantAddress != "" && c > confWeakOnly {
		t.Errorf("applicant_address %q at %.2f", x.Fields.ApplicantAddress, c)
	}
}

// A pack's inherited caption rule that read a wrapped name's first line,
// the generic reader reading on over the next ("… Connector Technology" /
// "Factory"), is in doubt; and the two reading one scanned cell alike
// are one reading, not two: what OCR misread in it ("Mark Ki", the m
// under a signature) both read.
func TestInheritedRuleReadingsInDoubt(t *testing.T) {
	x := AnalyzeDefault(t, synth(
		row(mid("CERTIFICATE OF CONFORMITY")),
		row(tcell{200, "Certificate No.: COC-2024-0117"}),
		row(tcell{50, "Applicant:"}, tcell{160, "Osaka Anke Connector Technology"}),
		row(tcell{160, "Factory"}),
		row(tcell{50, "Product:"}, tcell{160, "LED driver"}),
	))
	if c := x.Confidence["applicant_name"]; c >= 0.9 {
		t.Errorf("applicant_name %q at %.2f: a wrapped name's first line", x.Fields.ApplicantName, c)
	}
	x = AnalyzeDefault(t, ocrPage(
		row(tcell{900, "CERTIFICATE OF CONFORMITY"}),
		row(tcell{180, "Certificate No.: COC-2024-0117"}),
		row(tcell{180, "Applicant: Northwind Trading Co., Ltd."}),
		row(tcell{180, "Product: LED driver"}),
		row(tcell{180, "The product listed above conforms to RoHS 2011/65/EU."}),
		row(tcell{180, "Authorized Signatory: Mark Ki"}),
	))
	for _, f := range []string{"applicant_name", "signatory_name"} {
		if c := x.Confidence[f]; c >= 0.9 {
			t.Errorf("%s at %.2f: one scanned cell read twice", f, c)
		}
	}
}
