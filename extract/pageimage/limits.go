package pageimage

import (
	"fmt"

	"github.com/labrelay/labrelay"
)

// Default limits, chosen for real lab reports: an A4 page at 600 dpi is
// 35 million pixels, and a report rarely has more than a hundred pages.
const (
	DefaultMaxPixels = 50_000_000
	DefaultMaxPages  = 300
)

// Limits bound what a Source accepts. Zero values mean the defaults.
type Limits struct {
	MaxPixels int64 // per page image
	MaxPages  int   // per document
}

func (l Limits) maxPixels() int64 {
	if l.MaxPixels <= 0 {
		return DefaultMaxPixels
	}
	return l.MaxPixels
}

func (l Limits) maxPages() int {
	if l.MaxPages <= 0 {
		return DefaultMaxPages
	}
	return l.MaxPages
}

// checkPixels refuses an image whose pixel count exceeds the limit, before
// any pixel is decoded.
// CheckPixels refuses, with an InputError, a w×h image above the pixel
// limit: for callers holding an image decoded elsewhere.
func (l Limits) CheckPixels(w, h int) error { return l.checkPixels(w, h) }

func (l Limits) checkPixels(w, h int) error {
	if w <= 0 || h <= 0 {
		return labrelay.Inputf("image has invalid dimensions %d×%d", w, h)
	}
	if int64(w)*int64(h) > l.maxPixels() {
		return labrelay.Inputf("image too large: %d×%d pixels exceeds the limit of %d pixels; rescan at 300 dpi", w, h, l.maxPixels())
	}
	return nil
}

// checkPages refuses a document with more pages than the limit; exact is
// false when the count stopped early at limit+1.
func (l Limits) checkPages(n int, exact bool) error {
	if n <= l.maxPages() {
		return nil
	}
	count := fmt.Sprint(n)
	if !exact {
		count = "more than " + fmt.Sprint(l.maxPages())
	}
	return labrelay.Inputf("too many pages: %s pages exceeds the limit of %d; split the document and resubmit", count, l.maxPages())
}
