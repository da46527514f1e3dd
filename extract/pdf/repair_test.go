package pdf_test

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/pdf"
	"github.com/labrelay/labrelay/extract/pdf/difftest"
)

var reStartxref = regexp.MustCompile(`startxref\s+(\d+)\s*%%EOF\s*$`)

// retail rewrites the tail of a PDF ("startxref N %%EOF") with the given
// separators: after the keyword, after the offset, after %%EOF.
func retail(tb testing.TB, data []byte, afterKey, afterOff, afterEOF string) []byte {
	tb.Helper()
	m := reStartxref.FindSubmatchIndex(data)
	if m == nil {
		tb.Fatal("fixture has no startxref tail")
	}
	out := bytes.Clone(data[:m[0]])
	out = append(out, "startxref"+afterKey...)
	out = append(out, data[m[2]:m[3]]...)
	out = append(out, afterOff+"%%EOF"+afterEOF...)
	return out
}

// TestStartxrefWhiteSpace: white space after the startxref keyword and
// after its offset, with any line ends, as Crystal Reports writes it
// ("startxref \n97760 \n%%EOF\r\n"), is read, and without review.
func TestStartxrefWhiteSpace(t *testing.T) {
	data := mustFixture(t, "sgs-rohs-1.pdf")
	want, err := (&pdf.Reader{}).ReadLayout(t.Context(), data, "application/pdf")
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string][3]string{
		"crystal":    {" \n", " \n", "\r\n"},
		"crlf":       {"\r\n", "\r\n", "\r\n"},
		"cr":         {"\r", "\r", "\r"},
		"tabs":       {" \t\r\n", "\t \r", ""},
		"no eol":     {"\n", "\n", ""},
		"many blank": {"  \n\n", " \n\n\n", "\n\n\n"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			b := retail(t, data, c[0], c[1], c[2])
			l, err := (&pdf.Reader{}).ReadLayout(t.Context(), b, "application/pdf")
			if err != nil {
				t.Fatalf("tail %q: %v", b[len(b)-30:], err)
			}
			if len(l.Pages) != len(want.Pages) {
				t.Fatalf("%d pages, want %d", len(l.Pages), len(want.Pages))
			}
			for i := range l.Pages {
				if l.Pages[i].Path != labrelay.PathPDFText || pageText(l.Pages[i]) != pageText(want.Pages[i]) {
					t.Errorf("page %d: path %s (%s), text differs from the original's", i+1, l.Pages[i].Path, l.Pages[i].Reason)
				}
			}
			if len(l.Review) != 0 {
				t.Errorf("legal white space sent to review: %v", l.Review)
			}
		})
	}
}

// variant returns the named generated variant of data.
func variant(tb testing.TB, data []byte, name string) []byte {
	tb.Helper()
	for _, v := range difftest.Variants(data, "") {
		if v.Name == name {
			if v.Err != nil {
				tb.Fatalf("variant %s: %v", name, v.Err)
			}
			return v.Data
		}
	}
	tb.Fatalf("no variant %s", name)
	return nil
}

// objectStreams re-saves data with object streams and an xref stream.
func objectStreams(tb testing.TB, data []byte) []byte {
	tb.Helper()
	api.DisableConfigDir()
	conf := model.NewDefaultConfiguration()
	conf.WriteObjectStream, conf.WriteXRefStream = true, true
	var b bytes.Buffer
	if err := api.Optimize(bytes.NewReader(data), &b, conf); err != nil {
		tb.Fatal(err)
	}
	if !bytes.Contains(b.Bytes(), []byte("/ObjStm")) {
		tb.Fatal("pdfcpu wrote no object stream")
	}
	return b.Bytes()
}

// TestRepairedXref: a file whose cross-reference data is wrong or missing
// is read by rebuilding the table from its objects, with the same text as
// the original, and goes to review saying so on every page.
func TestRepairedXref(t *testing.T) {
	data := mustFixture(t, "sgs-rohs-1.pdf")
	want, err := (&pdf.Reader{}).ReadLayout(t.Context(), data, "application/pdf")
	if err != nil {
		t.Fatal(err)
	}
	objstm := objectStreams(t, data)
	noXref := bytes.Clone(data[:bytes.LastIndex(data, []byte("\nxref"))+1])
	cases := map[string][]byte{
		"startxref wrong":                 variant(t, data, "startxref-wrong"),
		"startxref missing":               variant(t, data, "startxref-missing"),
		"offsets shifted":                 variant(t, data, "offsets-shifted"),
		"no xref, no trailer":             append(noXref, "%%EOF\n"...),
		"object streams, startxref wrong": retailOffset(t, objstm, 31),
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			l, err := (&pdf.Reader{}).ReadLayout(t.Context(), b, "application/pdf")
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(l.Review, pdf.ReasonRepaired) {
				t.Errorf("review %q lacks %q", l.Review, pdf.ReasonRepaired)
			}
			if len(l.Pages) != len(want.Pages) {
				t.Fatalf("%d pages, want %d", len(l.Pages), len(want.Pages))
			}
			for i, p := range l.Pages {
				if !strings.Contains(p.Reason, pdf.ReasonRepaired) {
					t.Errorf("page %d reason %q", i+1, p.Reason)
				}
				if pageText(p) != pageText(want.Pages[i]) {
					t.Errorf("page %d text differs from the original's", i+1)
				}
			}
		})
	}
}

func retailOffset(tb testing.TB, data []byte, delta int) []byte {
	tb.Helper()
	m := reStartxref.FindSubmatchIndex(data)
	if m == nil {
		tb.Fatal("no startxref tail")
	}
	off, _ := strconv.Atoi(string(data[m[2]:m[3]]))
	return append(bytes.Clone(data[:m[0]]), fmt.Sprintf("startxref\n%d\n%%%%EOF\n", off+delta)...)
}

// TestGuardsPassQuirkyFiles: each guard against hostile files lets the
// legitimate oddity it resembles through, unrepaired.
func TestGuardsPassQuirkyFiles(t *testing.T) {
	data := mustFixture(t, "sgs-rohs-1.pdf")
	cases := map[string]struct {
		data []byte
		r    pdf.Reader
	}{
		// /Size guard: a declared size far above the objects, in range.
		"large /Size": {data: bytes.Replace(data, []byte("/Size 23"), []byte("/Size 500000"), 1)},
		// xref subsection guard: an update section numbers two subsections.
		"incremental update": {data: variant(t, data, "incremental-update")},
		// /W guard: an xref stream with object streams.
		"xref stream": {data: objectStreams(t, data)},
		// page guard: exactly the page limit.
		"pages at the limit": {data: data, r: pdf.Reader{MaxPages: 2}},
	}
	if !bytes.Contains(data, []byte("/Size 23")) {
		t.Fatal("fixture trailer changed: update the /Size case")
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			l, err := c.r.ReadLayout(t.Context(), c.data, "application/pdf")
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Review) != 0 || l.Pages[0].Path != labrelay.PathPDFText {
				t.Errorf("review %q, page 1 path %s (%s)", l.Review, l.Pages[0].Path, l.Pages[0].Reason)
			}
		})
	}
}

// TestRebuildHostile: the rebuild is bounded like the parser: object
// numbers beyond the limit, a Flate bomb in an object stream and a file of
// nothing but object headers end in an InputError, not in memory.
func TestRebuildHostile(t *testing.T) {
	var bomb bytes.Buffer
	zw := zlib.NewWriter(&bomb)
	zw.Write([]byte("1 0 2 10 "))
	zw.Write(make([]byte, 200<<20))
	zw.Close()
	cases := map[string][]byte{
		"huge object number": []byte("%PDF-1.4\n8388000 0 obj\n<< /Type /Catalog /Pages 8388001 0 R >>\nendobj\n8388001 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n%%EOF\n"),
		"flate bomb": append([]byte(fmt.Sprintf("%%PDF-1.5\n5 0 obj\n<< /Type /ObjStm /N 2 /First 9 /Filter /FlateDecode /Length %d >>\nstream\n", bomb.Len())),
			append(bomb.Bytes(), "\nendstream\nendobj\n%%EOF\n"...)...),
		"only headers": append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("7 0 obj\n"), 1<<20)...),
	}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := (&pdf.Reader{Timeout: 20 * time.Second}).ReadLayout(t.Context(), b, "application/pdf")
			if !labrelay.IsInputError(err) {
				t.Fatalf("got %v, want an InputError", err)
			}
		})
	}
}
