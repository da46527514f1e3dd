package rules

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
)

// A grid of caption/value boxes, two pairs a row: values wrap inside
// their boxes beside the other pair's text and the caption's own wrapped
// end.
func TestGridValuesWrapBesideOtherCells(t *testing.T) {
	l := synth(
		row(tcell{40, "CUSTOMER"}, tcell{130, "Columbus Summit Paper Products"}, tcell{330, "POSTAL"}, tcell{420, "390 Industriestrasse, Columbus,"}),
		row(tcell{130, "Factory"}, tcell{330, "ADDRESS"}, tcell{420, "OH 43215, USA"}),
		row(tcell{40, "TEST METHODS"}, tcell{130, "EN 1186-9:2002; EN 1186-2:2002;"}, tcell{330, "CONTACT"}, tcell{420, "Mr. Jonas Berg"}),
		row(tcell{130, "EN 13130-1:2004"}, tcell{330, "PERSON"}),
	)
	wantFields(t, generic(t, l), map[string]string{
		"applicant_name":    "Columbus Summit Paper Products Factory",
		"applicant_address": "390 Industriestrasse, Columbus, OH 43215, USA",
		"test_standards":    "EN 1186-9:2002; EN 1186-2:2002; EN 13130-1:2004",
	})
}

// On a scan a grid's wrapped lines start a few pixels off their
// column's edges, the value's and the caption's.
func TestScanGridValuesWrapOffEdge(t *testing.T) {
	l := ocrPage(
		row(tcell{198, "申请单位"}, tcell{700, "Hamburg Ruifeng Connector"}, tcell{1258, "委托单位地址"}, tcell{1614, "2nd Floor, Plant 4, Innovation"}),
		row(tcell{193, "/COMPANY"}, tcell{696, "Technology Co., Ltd."}, tcell{1256, "/ADDRESS"}, tcell{1615, "Industry Park, Keji Road 73,"}),
		row(tcell{196, "NAME"}, tcell{1615, "22113 Hamburg, Germany"}),
	)
	atY(l, 0, 500, 540, 580) // a grid's lines are set tight
	wantFields(t, generic(t, l), map[string]string{
		"applicant_name":    "Hamburg Ruifeng Connector Technology Co., Ltd.",
		"applicant_address": "2nd Floor, Plant 4, Innovation Industry Park, Keji Road 73, 22113 Hamburg, Germany",
	})
}

// A grid's row of two pairs whose value cells are an address and a
// sentence naming results is no result table's header: its caption
// "Customer" over "Address" reads the address from the first line.
func TestGridRowWithAddressIsNoHeader(t *testing.T) {
	l := ocrPage(
		row(tcell{196, "Report #"}, tcell{552, "ND2603-10147"}, tcell{1258, "Client Name"}, tcell{1615, "Valencia Ruifeng Silicone Products"}),
		row(tcell{196, "Customer"}, tcell{552, "Unit 5, Plant 4, Gewerbepark 118,"}, tcell{1258, "Tests Requested"}, tcell{1615, "Please refer to the result pages"}),
		row(tcell{195, "Address"}, tcell{550, "46015 Valencia, Spain"}),
	)
	wantFields(t, generic(t, l), map[string]string{"applicant_address": "Unit 5, Plant 4, Gewerbepark 118, 46015 Valencia, Spain"})
}

// A list of standards centred on its caption wrapped over three lines
// ("试验规格" / "/Reference" / "Standard") starts above the caption's
// last line, the other column's wrapped caption between its lines.
func TestStandardsCentredOnWrappedCaption(t *testing.T) {
	ys := []float64{1079, 1131, 1159, 1183, 1212, 1235, 1287}
	l := ocrPage(
		row(tcell{1615, "IEC 62321-5:2013"}),
		row(tcell{1260, "试验规格"}, tcell{1615, "IEC 62321-4:2013+AMD1:2017"}),
		row(tcell{197, "Date of"}),
		row(tcell{552, "2026-10-07"}, tcell{1257, "/Reference"}, tcell{1615, "IEC 62321-7-2:2017"}),
		row(tcell{196, "Receipt"}),
		row(tcell{1259, "Standard"}, tcell{1615, "IEC 62321-6:2015"}),
		row(tcell{1615, "IEC 62321-8:2017"}),
	)
	atY(l, 0, ys...)
	wantFields(t, generic(t, l), map[string]string{"test_standards": "IEC 62321-5:2013; IEC 62321-4:2013+AMD1:2017; IEC 62321-7-2:2017; IEC 62321-6:2015; IEC 62321-8:2017"})
}

// An address wrapped over three lines centred on its caption starts on
// the line above the caption's, alone there in its column; a line of
// another pair above it is not the address's.
func TestAddressCentredOnCaption(t *testing.T) {
	ys := []float64{686, 782, 833, 885}
	l := ocrPage(
		row(tcell{196, "No. of Samples"}, tcell{552, "1 set"}, tcell{1258, "Customer Name"}, tcell{1615, "Fairway Housewares S.A. de C.V."}),
		row(tcell{552, "No. 250 Hongqiao Road,"}),
		row(tcell{196, "Address"}, tcell{552, "Dongguan, Guangdong 523000,"}, tcell{1258, "Product Name"}, tcell{1615, "Stainless steel spoon"}),
		row(tcell{552, "China"}),
	)
	atY(l, 0, ys...)
	wantFields(t, generic(t, l), map[string]string{"applicant_address": "No. 250 Hongqiao Road, Dongguan, Guangdong 523000, China"})
}

// On a scan the other column's row may be set between a name's wrapped
// lines ("Order Ref. ¦ JOB-2291" between "Hamburg Goldpath Cable & Wire"
// and "GmbH"): the name goes on past it.
func TestScanNameWrapsPastOtherColumnLine(t *testing.T) {
	ys := []float64{852, 877, 905}
	l := ocrPage(
		row(tcell{1261, "Factory"}, tcell{1616, "Hamburg Goldpath Cable & Wire"}),
		row(tcell{196, "Order Ref."}, tcell{547, "JOB-2291"}),
		row(tcell{1613, "GmbH"}),
	)
	atY(l, 38, ys...)
	wantFields(t, generic(t, l), map[string]string{"manufacturer_name": "Hamburg Goldpath Cable & Wire GmbH"})
}

// A scan's caption wrapped over three lines whose first two name a
// period ("Prifende/Date" / "Testing", its German half misread) and whose
// third one end of it ("Completed") captions that end: its one date is
// no start.
func TestWrappedCaptionEndOfPeriod(t *testing.T) {
	l := ocrPage(
		row(tcell{196, "Report No."}, tcell{552, "RFO25-2067"}),
		row(tcell{196, "Prifende/Date"}, tcell{552, "20/10/2025"}),
		row(tcell{196, "Testing"}),
		row(tcell{196, "Completed"}),
	)
	wantFields(t, generic(t, l), map[string]string{"test_end_date": "2025-10-20", "test_start_date": ""})
}

// A short value does not take the next row's value: the next line's
// first word would have fitted beside it, so nothing wrapped.
func TestGridShortValueDoesNotGoOn(t *testing.T) {
	l := synth(
		row(tcell{40, "Client"}, tcell{130, "ACME Trading"}, tcell{330, "Brand"}, tcell{420, "N/A"}),
		row(tcell{40, "Lot Qty"}, tcell{130, "5 pcs"}, tcell{330, "Colour"}, tcell{420, "Black"}),
		row(tcell{130, "Plastics"}),
	)
	wantFields(t, generic(t, l), map[string]string{"applicant_name": "ACME Trading"})
}

// The caption "Applicant" wrapped over "Address" reads an address, not a
// name: a street with its number is not a party's name.
func TestApplicantOverAddressIsAnAddress(t *testing.T) {
	l := synth(
		row(tcell{40, "APPLICANT"}, tcell{130, "Columbus Brightwave LLC"}),
		row(tcell{40, "APPLICANT"}, tcell{130, "2020 Technology Park Road,"}),
		row(tcell{40, "ADDRESS"}, tcell{130, "Columbus, OH 43215, USA"}),
	)
	got := generic(t, l)
	wantFields(t, got, map[string]string{"applicant_name": "Columbus Brightwave LLC"})
	if a := got["applicant_address"]; a != "2020 Technology Park Road, Columbus, OH 43215, USA" && a != "Columbus, OH 43215, USA" {
		t.Errorf("applicant_address = %q", a)
	}
}

// The generic pack's caption rule reads "Sample" as the product and takes
// the value beside it, though "SAMPLE" over "CONDITION" captions the
// sample's condition; the generic reader, which sees the wrapped caption,
// is preferred, and the field still goes to review.
func TestWrappedOtherCaptionIsNotTheProduct(t *testing.T) {
	e, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	l := synth(
		row(tcell{40, "REPORT NO."}, tcell{130, "TR-2291-07"}, tcell{330, "SAMPLE"}, tcell{440, "Good"}),
		row(tcell{330, "CONDITION"}),
		row(tcell{40, "APPLICANT"}, tcell{130, "ACME Trading Co., Ltd."}, tcell{330, "DESCRIPTION OF"}, tcell{440, "Stainless steel spoon"}),
		row(tcell{330, "SAMPLE"}),
	)
	x, err := e.Analyze(context.Background(), l)
	if err != nil {
		t.Fatal(err)
	}
	if x.Fields.ProductName != "Stainless steel spoon" {
		t.Errorf("product_name = %q", x.Fields.ProductName)
	}
	if c := x.Confidence[labrelay.FieldProductName]; c >= 0.9 {
		t.Errorf("product_name at %.2f on an unknown layout", c)
	}
}

// A name whose caption is whole ("Applicant Name / Solicitante") does
// not go on with the next line's value when that line's caption is whole
// and names another field ("Applicant Address / Direccién", as a photo
// reads it): a new row.
func TestGridNameStopsAtAnotherWholeCaption(t *testing.T) {
	l := synth(
		row(tcell{40, "Applicant Name / Solicitante"}, tcell{250, "Dongguan Kaida Semiconductor Inc."}),
		row(tcell{40, "Applicant Address / Direccién"}, tcell{250, "Room 721, 18/F, Plant 4, No. 64 Hongqiao Road,"}),
		row(tcell{250, "Dongguan, Guangdong 523000, China"}),
	)
	wantFields(t, generic(t, l), map[string]string{
		"applicant_name":    "Dongguan Kaida Semiconductor Inc.",
		"applicant_address": "Room 721, 18/F, Plant 4, No. 64 Hongqiao Road, Dongguan, Guangdong 523000, China",
	})
}

// atY sets the rows of l's first page at ys (and their height to h when
// h is not 0): a scan's lines as tight or as uneven as OCR found them.
func atY(l *labrelay.Layout, h float64, ys ...float64) {
	for i := range l.Pages[0].Rows {
		r := &l.Pages[0].Rows[i]
		for k := range r.Words {
			r.Words[k].Box.Y = ys[i]
			if h > 0 {
				r.Words[k].Box.H = h
			}
		}
		r.Box.Y = ys[i]
		if h > 0 {
			r.Box.H = h
		}
	}
}

// Under an address whose caption ends with its colon, a scan's next row
// whose caption OCR read as two Han letters ("样品" of "样品名称:") is a
// new row, not the address's second line, though two letters alone are
// dropped as a seal's specks elsewhere.
func TestScanAddressStopsAtShortHanCaption(t *testing.T) {
	l := ocrPage(
		row(tcell{178, "委托单位地址:"}, tcell{534, "No. 106 Binhai 3rd Road, Shenzhen, Guangdong 518000, China"}),
		row(tcell{177, "样品"}, tcell{533, "Door seal, EPDM"}),
		row(tcell{179, "规格型号:"}, tcell{534, "H71DS570"}),
	)
	atY(l, 35, 755, 812, 871)
	x := analyzed(t, l)
	if a := x.Fields.ApplicantAddress; a != "No. 106 Binhai 3rd Road, Shenzhen, Guangdong 518000, China" {
		t.Errorf("applicant_address = %q", a)
	}
}

// A scan's name OCR parted at a wide word space goes on in the cell that
// starts as its rest ("& Wire Manufacturing LLC"), whether its caption's
// rows are read as a block or one by one; an ampersand alone (a
// signature's stroke) is no rest.
func TestScanNameGoesOnFromAmpersand(t *testing.T) {
	l := ocrPage(
		row(tcell{177, "CERTIFICATE NO. (ZERTIFIKAT-NR.):"}, tcell{900, "RJ-TU-2553078-01"}),
		row(tcell{177, "DATE OF ISSUE (BERICHTSDATUM):"}, tcell{900, "14. Mai 2025"}),
		row(tcell{177, "CLIENT (KUNDE):"}, tcell{900, "Monterrey Silverline Cable"}, tcell{1420, "& Wire Manufacturing LLC"}),
		row(tcell{177, "PART NAME (PRODUKT):"}, tcell{900, "Ferrite bead"}),
		row(tcell{177, "APPROVED BY:"}, tcell{900, "Anna Kim"}, tcell{1100, "&"}),
	)
	x := analyzed(t, l)
	if a := x.Fields.ApplicantName; a != "Monterrey Silverline Cable & Wire Manufacturing LLC" {
		t.Errorf("applicant_name = %q", a)
	}
	if s := x.Fields.SignatoryName; s != "Anna Kim" {
		t.Errorf("signatory_name = %q", s)
	}
	wantFields(t, generic(t, l), map[string]string{"applicant_name": "Monterrey Silverline Cable & Wire Manufacturing LLC"})
}

// A scan's date caption garbled under a seal ("Ausstellungsda", its end
// lost) beside junk with no digit ("pate *", the caption's other half)
// captions the date below it, in doubt.
func TestScanDateBelowGarbledCaption(t *testing.T) {
	l := ocrPage(
		row(tcell{176, "Berichtsnummer Report No."}),
		row(tcell{203, "R-2025-628"}),
		row(tcell{176, "Ausstellungsda"}, tcell{463, "pate *"}, tcell{700, "S"}),
		row(tcell{203, "17.11.2025"}),
	)
	atY(l, 36, 586, 626, 689, 729)
	x := generic(t, l)
	wantFields(t, x, map[string]string{"issue_date": "2025-11-17"})
}

// An address that starts with a dash against a number ("-3 Hondqiao
// Road" of "279-3 Hongqiao Road", a photo's first part lost) goes to
// review well under the threshold, and says why.
func TestAddressCutAtDashNumberIsDoubted(t *testing.T) {
	l := ocrPage(
		row(tcell{178, "委托单位:"}, tcell{534, "Busan Jinlong Paper Products Co., Ltd."}),
		row(tcell{178, "委托单位地址:"}, tcell{534, "-3 Hondqiao Road, Busan 48058, Korea"}),
		row(tcell{179, "样品名称:"}, tcell{534, "Cling film"}),
	)
	x := analyzed(t, l)
	if c := x.Confidence[labrelay.FieldApplicantAddress]; x.Fields.ApplicantAddress == "" || c > 0.6 {
		t.Errorf("applicant_address %q at %.2f, want it read in doubt", x.Fields.ApplicantAddress, c)
	}
	if !slices.ContainsFunc(x.Review.Reasons, func(r string) bool { return strings.Contains(r, "dash against a number") }) {
		t.Errorf("reasons %v, want the cut number named", x.Review.Reasons)
	}
}

// A scan's value that starts well right of the edge its neighbours'
// values start at, its caption ending before that edge ("fibre bowl" for
// "Bamboo fibre bowl", the caption printed into its first word), is read
// in more doubt than the same value at the edge.
func TestScanValueOffItsColumnIsDoubted(t *testing.T) {
	conf := func(x float64) float64 {
		t.Helper()
		l := ocrPage(
			row(tcell{195, "Antragsteller"}, tcell{550, "Yongxin Tableware Corporation"}),
			row(tcell{197, "Prüfumfang"}, tcell{551, "Selected tests as requested"}),
			row(tcell{195, "Artikelbezeichnur"}, tcell{x, "fibre bowl"}),
			row(tcell{196, "Los-Nr."}, tcell{550, "L7200-71"}),
		)
		v := newView(l)
		r := readGeneric(v, &docFuncs{v: v}).fields[labrelay.FieldProductName]
		if r == nil || r.value != "fibre bowl" {
			t.Fatalf("product_name %+v, want fibre bowl", r)
		}
		return r.conf
	}
	at, off := conf(550), conf(717)
	if off > 0.8*at+1e-9 {
		t.Errorf("off its column: %.2f, at its edge %.2f; want it in more doubt", off, at)
	}
}

// analyzed is l read by the default packs.
func analyzed(t *testing.T, l *labrelay.Layout) *labrelay.Extraction {
	t.Helper()
	e, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	x, err := e.Analyze(context.Background(), l)
	if err != nil {
		t.Fatal(err)
	}
	return x
}
