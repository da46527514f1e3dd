package extract_test

import (
	"os"
	"testing"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract"
	"github.com/labrelay/labrelay/fixtures"
)

// FuzzSniff checks that sniffing and the whole native extract never panic
// and that every failure on outside bytes is either an InputError or a
// schema-valid record.
func FuzzSniff(f *testing.F) {
	for _, p := range fixtures.NativeFiles(f) {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{"%PDF-1.7", "\x89PNG\r\n\x1a\n", "\xff\xd8\xff", "II*\x00", "\x7fELF", "PK\x03\x04", "", "<", "{", "[["} {
		f.Add([]byte(s))
	}
	x := &extract.Extractor{}
	f.Fuzz(func(t *testing.T, data []byte) {
		mt := extract.Sniff(data)
		if mt == "" && extract.Unsupported(data) == "" {
			t.Fatal("unsupported input without a reason")
		}
		_, err := x.Extract(t.Context(), "fuzz", data)
		if err != nil && !labrelay.IsInputError(err) {
			t.Fatalf("internal error on outside bytes: %v", err)
		}
	})
}
