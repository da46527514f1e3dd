package publish_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/labrelay/labrelay/publish"
)

// FuzzLoadWireMap: no map text may panic the loader or Apply.
func FuzzLoadWireMap(f *testing.F) {
	for _, p := range []string{"wiremap/dsp-wire-v1.yaml", "testdata/dsp-wire-v2.yaml"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	x := extraction()
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := publish.LoadWireMap(bytes.NewReader(b))
		if err != nil {
			return
		}
		_, _ = m.Apply(x)
	})
}
