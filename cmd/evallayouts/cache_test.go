package main

import (
	"context"
	"reflect"
	"testing"

	"github.com/labrelay/labrelay"
)

type countingOCR struct{ calls int }

func (c *countingOCR) OCRPDFPages(_ context.Context, _ []byte, pages []int) ([]labrelay.Page, error) {
	c.calls++
	var ps []labrelay.Page
	for _, n := range pages {
		ps = append(ps, labrelay.Page{Number: n, Path: labrelay.PathOCR, Rows: []labrelay.Row{{Words: []labrelay.Word{{Text: "R-1", Conf: 0.9}}}}})
	}
	return ps, nil
}

// A second reading of the same PDF and pages comes from the cache, the same
// pages as the first; other pages or another PDF are read again.
func TestCachedOCRReplays(t *testing.T) {
	ctx := context.Background()
	inner := &countingOCR{}
	c := cachedOCR{dir: t.TempDir(), ocr: inner}
	first, err := c.OCRPDFPages(ctx, []byte("%PDF-a"), []int{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	again, err := c.OCRPDFPages(ctx, []byte("%PDF-a"), []int{1, 2})
	if err != nil {
		t.Fatal(err)
	}
	if inner.calls != 1 {
		t.Fatalf("read %d times, want the second from the cache", inner.calls)
	}
	if !reflect.DeepEqual(first, again) {
		t.Fatalf("cached pages differ:\n%+v\n%+v", first, again)
	}
	c.OCRPDFPages(ctx, []byte("%PDF-a"), []int{2})
	c.OCRPDFPages(ctx, []byte("%PDF-b"), []int{1, 2})
	if inner.calls != 3 {
		t.Fatalf("read %d times, want other pages and another PDF read again", inner.calls)
	}
}
