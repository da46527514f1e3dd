package pageimage

import (
	"image"
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
)

func TestSafeDecodeContainsPanics(t *testing.T) {
	_, err := safeDecode(MediaTIFF, func() (image.Image, error) {
		var s []int
		_ = s[3] // what a decoder bug on hostile bytes looks like
		return nil, nil
	})
	if !labrelay.IsInputError(err) {
		t.Fatalf("got %v, want an InputError", err)
	}
	if got := err.Error(); !strings.Contains(got, "decoder failed on malformed data") {
		t.Errorf("got reason %q", got)
	}
}
