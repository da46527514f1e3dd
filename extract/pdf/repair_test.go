package pdf_test

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/pdf"
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
