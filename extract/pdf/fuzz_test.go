package pdf_test

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/pdf"
)

// FuzzReadLayout: any bytes give layout or an InputError, never a panic.
//
// When fuzzing (-fuzz), the seeds are small uncompressed PDFs (about 1 KB):
// the fuzzer minimises every new interesting input, one run per byte
// removed, and with the 40–70 KB fixtures as seeds that took minutes per
// input while reporting 0 execs/sec. As a plain test the fixtures are
// seeds too.
func FuzzReadLayout(f *testing.F) {
	for _, s := range smallPDFs(f) {
		f.Add(s)
	}
	f.Add([]byte("%PDF-1.4\n%%EOF\n"))
	if !fuzzing() {
		names, _ := filepath.Glob(filepath.Join(fixtureDir, "*.pdf"))
		for i, n := range names {
			if i >= 4 {
				break
			}
			if data, err := os.ReadFile(n); err == nil {
				f.Add(data)
			}
		}
	}
	r := &pdf.Reader{MaxPages: 20, Timeout: 5 * time.Second}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := r.ReadLayout(t.Context(), data, "application/pdf")
		if err != nil {
			if !labrelay.IsInputError(err) {
				t.Fatalf("not an InputError: %v", err)
			}
			return
		}
		if len(l.Pages) == 0 {
			t.Fatal("no error and no pages")
		}
	})
}

func fuzzing() bool {
	fl := flag.Lookup("test.fuzz")
	return fl != nil && fl.Value.String() != ""
}

// smallPDFs returns tiny uncompressed PDFs: a caption and value, a small
// table, two pages.
func smallPDFs(tb testing.TB) [][]byte {
	tb.Helper()
	var out [][]byte
	for _, pages := range [][][]string{
		{{"Report No.: AB-1234", "Date of Issue: 2026-05-09"}},
		{{"Test Item  Unit  MDL  Limit  Result", "Lead (Pb)  mg/kg  2  1000  N.D."}, {"Conclusion: Pass"}},
	} {
		f := fpdf.New("P", "pt", "A4", "")
		f.SetCompression(false)
		f.SetFont("Helvetica", "", 10)
		for _, lines := range pages {
			f.AddPage()
			for i, s := range lines {
				f.Text(40, 60+float64(i)*14, s)
			}
		}
		var b bytes.Buffer
		if err := f.Output(&b); err != nil {
			tb.Fatal(err)
		}
		out = append(out, b.Bytes())
	}
	return out
}
