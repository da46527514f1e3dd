package pdf_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/pdf"
)

// FuzzReadLayout: any bytes give layout or an InputError, never a panic.
func FuzzReadLayout(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join(fixtureDir, "*.pdf"))
	for i, n := range names {
		if i >= 4 {
			break
		}
		if data, err := os.ReadFile(n); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("%PDF-1.4\n%%EOF\n"))
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
