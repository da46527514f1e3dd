package pageimage

import (
	"context"
	"image"
)

// Page is one page image, converted to 8-bit gray.
type Page struct {
	Number int // 1-based
	Image  *image.Gray
	// DPI is the page image's resolution: from the PDF page box, the
	// file's metadata, or guessed from an A4 long side when unknown.
	DPI float64
	// Origin says how the image was obtained: "image", "tiff",
	// "pdf-embedded-jpeg", "pdf-render".
	Origin string
	// Raw holds the embedded image bytes exactly as stored in the PDF when
	// Origin is "pdf-embedded-jpeg"; nil otherwise.
	Raw []byte
}

// Source yields the pages of one document, decoded one at a time on demand.
type Source interface {
	// Pages is the number of pages.
	Pages() int
	// Page decodes page n (1-based). Input faults are *labrelay.InputError.
	Page(ctx context.Context, n int) (*Page, error)
	// Close releases temporary files.
	Close() error
}

// a4LongInches is the long side of A4 in inches, used to guess a
// resolution for images that carry none: most lab reports are A4.
const a4LongInches = 11.69

func guessDPI(w, h int) float64 {
	long := max(w, h)
	return float64(long) / a4LongInches
}

// GuessDPI guesses the resolution of an image without metadata, assuming
// an A4 page.
func GuessDPI(w, h int) float64 { return guessDPI(w, h) }
