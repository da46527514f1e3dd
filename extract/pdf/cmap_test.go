package pdf_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labrelay/labrelay/extract/pdf"
)

// TestTwoByteToUnicode: a Type0 font whose ToUnicode is one identity
// bfrange "<0000> <FFFF> <0000>" decodes CJK, not Latin-1 letters.
func TestTwoByteToUnicode(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(fixtureDir, "bilingual-rohs-1.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	l, err := (&pdf.Reader{}).ReadLayout(t.Context(), data, "application/pdf")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, r := range l.Pages[0].Rows {
		for _, w := range r.Words {
			b.WriteString(w.Text + " ")
		}
	}
	for _, want := range []string{"报告编号", "签发日期", "2026年11月20日"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("page 1 text lacks %q", want)
		}
	}
}

// TestDamagedXrefIsAnInputError: cross-reference numbers out of range are
// refused before the parser sizes its table from them (it ran out of
// memory).
func TestDamagedXrefIsAnInputError(t *testing.T) {
	for name, tail := range map[string]string{
		"subsection": "xref\n4900000000 3\n0000000000 65535 f \ntrailer\n<</Size 3>>\nstartxref\n9\n%%EOF\n",
		"size":       "xref\n0 1\n0000000000 65535 f \ntrailer\n<</Size 99999999999>>\nstartxref\n9\n%%EOF\n",
	} {
		data := []byte("%PDF-1.4\n1 0 obj\n<</Type /Catalog>>\nendobj\n" + tail)
		_, err := (&pdf.Reader{}).ReadLayout(t.Context(), data, "application/pdf")
		if err == nil || !strings.Contains(err.Error(), "damaged") {
			t.Errorf("%s: err %v, want an input error about a damaged PDF", name, err)
		}
	}
}
