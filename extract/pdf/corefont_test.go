package pdf_test

import (
	"bytes"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/labrelay/labrelay/extract/pdf"
)

// corePDF is one page of text in standard fonts with no /Widths, as
// simple PDF writers (fpdf and the like) set them: the advances come from
// the fonts' standard metrics.
func corePDF() []byte {
	content := "BT /F1 11 Tf 72 700 Td (Sample Quantity: 400 pcs) Tj ET\n" +
		"BT /F2 11 Tf 72 680 Td (Applicant: Kowloon Trading Ltd.) Tj ET\n" +
		"BT /F3 11 Tf 72 660 Td (Issue Date: 2026-03-14) Tj ET"
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Count 1 /Kids [3 0 R] >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R /F2 6 0 R /F3 7 0 R >> >> /Contents 4 0 R >>",
		"<< /Length " + strconv.Itoa(len(content)) + " >>\nstream\n" + content + "\nendstream",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		"<< /Type /Font /Subtype /TrueType /BaseFont /Arial,Bold /Encoding /WinAnsiEncoding >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	var offs []int
	for i, o := range objs {
		offs = append(offs, b.Len())
		b.WriteString(strconv.Itoa(i+1) + " 0 obj\n" + o + "\nendobj\n")
	}
	x := b.Len()
	b.WriteString("xref\n0 " + strconv.Itoa(len(objs)+1) + "\n0000000000 65535 f \n")
	for _, o := range offs {
		s := strconv.Itoa(o)
		b.WriteString(strings.Repeat("0", 10-len(s)) + s + " 00000 n \n")
	}
	b.WriteString("trailer\n<< /Size " + strconv.Itoa(len(objs)+1) + " /Root 1 0 R >>\nstartxref\n" + strconv.Itoa(x) + "\n%%EOF\n")
	return b.Bytes()
}

// TestStandardFontsWithoutWidths: words of the standard fonts land where
// poppler puts them (within a point), so "400" is not read as "40" with
// every glyph at one x.
func TestStandardFontsWithoutWidths(t *testing.T) {
	bin := pdftotext(t)
	data := corePDF()
	l, err := (&pdf.Reader{}).ReadLayout(t.Context(), data, "application/pdf")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "core.pdf")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-bbox", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{}
	for _, m := range regexp.MustCompile(`<word xMin="([\d.]+)"[^>]*>([^<]*)</word>`).FindAllStringSubmatch(string(out), -1) {
		want[m[2]], _ = strconv.ParseFloat(m[1], 64)
	}
	if len(want) < 10 {
		t.Fatalf("pdftotext gave %d words:\n%s", len(want), out)
	}
	got := 0
	for _, p := range l.Pages {
		for _, r := range p.Rows {
			for _, w := range r.Words {
				x, ok := want[w.Text]
				if !ok {
					t.Errorf("word %q is not one of poppler's (row %q)", w.Text, r.Text())
					continue
				}
				got++
				if math.Abs(w.Box.X-x) > 1 {
					t.Errorf("word %q at x %.1f, poppler %.1f", w.Text, w.Box.X, x)
				}
			}
		}
	}
	if got != len(want) {
		t.Errorf("%d words matched of poppler's %d", got, len(want))
	}
}
