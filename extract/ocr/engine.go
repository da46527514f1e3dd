package ocr

/*
#include <malloc.h>

// trimHeap hands the free pages of every glibc malloc arena back to the
// OS. Not a Tesseract call: glibc's allocator, see engine.recognize.
static void trimHeap(void) { malloc_trim(0); }

// cHeapInUse is the C heap in use across all arenas (allocated chunks and
// mmapped blocks), for the per-page debug line.
static long long cHeapInUse(void) {
	struct mallinfo2 m = mallinfo2();
	return (long long)(m.uordblks + m.hblkhd);
}
*/
import "C"

import (
	"fmt"
	"image"
	"strconv"
	"strings"
	"sync"

	"github.com/otiai10/gosseract/v2"
)

// initMu serialises Tesseract initialisation process-wide: gosseract's Init
// redirects the process's stderr while it loads models, and two at once
// left stderr pointing at /dev/null for good (dependencies.md).
var initMu sync.Mutex

// recycleAfter is the number of pages after which a worker's gosseract
// client is closed and a new one created. gosseract's GetBoundingBoxes
// never frees its result iterator nor the word strings: measured 14 kB a
// page of 87 words (≈165 B a word, TestMeasureClientLeak), so ≈40 kB for a
// dense 250-word page — 4 MB over 100 pages, but without bound in a
// long-running service. A fresh client every 500 pages caps it at ≈20 MB a
// worker for one model load (≈0.5 s, under 0.1% of 500 pages' time).
const recycleAfter = 500

// engine is one worker's Tesseract: a gosseract client for recognition and
// an OSD handle for orientation. Never shared across goroutines.
type engine struct {
	langs        []string
	thresholding string
	client       *gosseract.Client
	pages        int    // recognised by client
	pgm          []byte // the page as a binary PGM, reused across pages
	osd          *osd   // nil when osd.traineddata is missing
}

// newEngine creates and initialises an engine.
func newEngine(langs []string, thresholding string) (*engine, error) {
	e := &engine{langs: langs, thresholding: thresholding}
	c, err := e.newClient()
	if err != nil {
		return nil, err
	}
	e.client = c
	if o, err := newOSD(); err == nil {
		e.osd = o
	}
	return e, nil
}

// newClient creates and initialises a gosseract client. Initialisation
// happens here, under initMu, not lazily on the first page: gosseract
// initialises on the first Text/GetBoundingBoxes call, so a tiny blank
// image is recognised once.
func (e *engine) newClient() (*gosseract.Client, error) {
	initMu.Lock()
	defer initMu.Unlock()
	c := gosseract.NewClient()
	if err := c.SetLanguage(e.langs...); err != nil {
		c.Close()
		return nil, fmt.Errorf("tesseract languages %v: %w", e.langs, err)
	}
	// SetPageSegMode before the first recognition is silently ignored by
	// gosseract; the variable works (dependencies.md).
	for _, kv := range [][2]string{
		{"tessedit_pageseg_mode", "3"},
		{"user_defined_dpi", "300"},
		{"debug_file", "/dev/null"}, // "Estimating resolution…" chatter on stderr
		{"thresholding_method", e.thresholding},
	} {
		if err := c.SetVariable(gosseract.SettableVariable(kv[0]), kv[1]); err != nil {
			c.Close()
			return nil, fmt.Errorf("tesseract variable %s: %w", kv[0], err)
		}
	}
	if err := c.SetImageFromBytes(blankPGM); err != nil {
		c.Close()
		return nil, fmt.Errorf("tesseract warm-up image: %w", err)
	}
	if _, err := c.Text(); err != nil {
		c.Close()
		if strings.Contains(err.Error(), "initialize") {
			return nil, fmt.Errorf("%w: %v", ErrTesseract, err)
		}
		return nil, fmt.Errorf("tesseract init: %w", err)
	}
	return c, nil
}

// blankPGM is a white 32×32 page: the warm-up image, and the image a
// client is left holding between pages.
var blankPGM = func() []byte {
	b := []byte("P5\n32 32\n255\n")
	for range 32 * 32 {
		b = append(b, 255)
	}
	return b
}()

// tessWord is one recognised word: its box in image pixels and Tesseract's
// confidence in [0,100].
type tessWord struct {
	Text string
	Box  image.Rectangle
	Conf float64
}

// recognize runs OCR on g at dpi and returns its words.
func (e *engine) recognize(g *image.Gray, dpi float64) ([]tessWord, error) {
	if g.Rect.Dx() < 1 || g.Rect.Dy() < 1 {
		return nil, nil
	}
	if e.client == nil || e.pages >= recycleAfter {
		if err := e.recycle(); err != nil {
			return nil, err
		}
	}
	c := e.client
	if err := c.SetVariable("user_defined_dpi", strconv.Itoa(int(dpi+0.5))); err != nil {
		return nil, fmt.Errorf("tesseract dpi: %w", err)
	}
	// A PGM is the cheapest image Leptonica reads (a header and the raw
	// rows); Leptonica copies it into its own Pix, so the buffer is reused.
	e.pgm = appendPGM(e.pgm[:0], g)
	err := c.SetImageFromBytes(e.pgm)
	if cap(e.pgm) > 16<<20 { // an unusually large page: do not keep it
		e.pgm = nil
	}
	if err != nil {
		return nil, fmt.Errorf("tesseract image: %w", err)
	}
	boxes, err := c.GetBoundingBoxes(gosseract.RIL_WORD)
	e.pages++
	// Drop the page's Leptonica image now instead of at the next page: the
	// client keeps the last image it was given.
	_ = c.SetImageFromBytes(blankPGM)
	// Tesseract's page memory is freed into whichever malloc arena the
	// calling thread had, and cgo calls land on any thread: without the
	// trim the free pages of every arena stayed resident (C heap of two
	// eng+chi_sim engines grew from 180 MB to 460 MB over 100 pages).
	C.trimHeap()
	if err != nil {
		return nil, fmt.Errorf("tesseract recognize: %w", err)
	}
	out := make([]tessWord, 0, len(boxes))
	for _, b := range boxes {
		out = append(out, tessWord{Text: b.Word, Box: b.Box, Conf: b.Confidence})
	}
	return out, nil
}

// recycle replaces the client with a new one (see recycleAfter).
func (e *engine) recycle() error {
	if e.client != nil {
		e.client.Close()
		e.client = nil
	}
	c, err := e.newClient()
	if err != nil {
		return err
	}
	e.client, e.pages = c, 0
	return nil
}

// appendPGM appends g to b as a binary PGM.
func appendPGM(b []byte, g *image.Gray) []byte {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	b = fmt.Appendf(b, "P5\n%d %d\n255\n", w, h)
	for y := range h {
		o := g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y+y)
		b = append(b, g.Pix[o:o+w]...)
	}
	return b
}

// cHeapMB is the C heap in use, in MB.
func cHeapMB() float64 { return float64(C.cHeapInUse()) / (1 << 20) }

func (e *engine) close() {
	if e.client != nil {
		e.client.Close()
		e.client = nil
	}
	e.osd.close()
}
