package tess

/*
#include <malloc.h>

// trimHeap hands the free pages of every glibc malloc arena back to the
// OS. Not a Tesseract call: glibc's allocator, see Engine.Recognize.
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
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/otiai10/gosseract/v2"

	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
)

// ErrInstall reports that Tesseract or its language models are missing:
// an installation fault, not the page's.
var ErrInstall = errors.New("tesseract unavailable")

// RecycleAfter is the number of pages after which a worker's gosseract
// client leaks enough to be replaced; the labrelay side replaces the whole
// worker process after that many pages. gosseract's GetBoundingBoxes
// never frees its result iterator nor the word strings: measured 14 kB a
// page of 87 words (≈165 B a word, TestMeasureClientLeak), so ≈40 kB for a
// dense 250-word page — 4 MB over 100 pages, but without bound in a
// long-running service. A fresh client every 500 pages caps it at ≈20 MB
// a worker for one model load (≈0.5 s, under 0.1% of 500 pages' time).
const RecycleAfter = 500

// Engine is one worker's Tesseract: a gosseract client for recognition and
// an OSD handle for orientation. Never shared across goroutines.
type Engine struct {
	langs        []string
	thresholding string
	client       *gosseract.Client
	pages        int  // recognised by client
	osd          *osd // nil until first asked for, or when osd.traineddata is missing
	osdTried     bool
}

// NewEngine creates and initialises an engine for the languages and
// Tesseract's thresholding_method ("0" Otsu).
func NewEngine(langs []string, thresholding string) (*Engine, error) {
	e := &Engine{langs: langs, thresholding: thresholding}
	c, err := e.newClient()
	if err != nil {
		return nil, err
	}
	e.client = c
	return e, nil
}

// Is reports whether the engine was made for langs.
func (e *Engine) Is(langs []string) bool {
	return strings.Join(e.langs, "+") == strings.Join(langs, "+")
}

// SetThresholding sets Tesseract's thresholding_method for the next pages;
// a variable of the loaded client, so no model is loaded again.
func (e *Engine) SetThresholding(thr string) error {
	if thr == e.thresholding || e.client == nil {
		e.thresholding = thr
		return nil
	}
	if err := e.client.SetVariable("thresholding_method", thr); err != nil {
		return fmt.Errorf("tesseract variable thresholding_method: %w", err)
	}
	e.thresholding = thr
	return nil
}

// newClient creates and initialises a gosseract client. Initialisation
// happens here, not lazily on the first page: gosseract initialises on the
// first Text/GetBoundingBoxes call, so a tiny blank image is recognised
// once. One client at a time: gosseract's Init redirects the process's
// stderr while it loads models, and two at once left stderr pointing at
// /dev/null for good (dependencies.md); a worker has one engine.
func (e *Engine) newClient() (*gosseract.Client, error) {
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
			return nil, fmt.Errorf("%w: %v", ErrInstall, err)
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

// Recognize runs OCR on img, an encoded page image Leptonica reads (a
// gray BMP is the cheapest, ocrproto.BMP), at dpi, and returns its words.
func (e *Engine) Recognize(img []byte, dpi int) ([]ocrproto.Word, error) {
	if e.client == nil || e.pages >= RecycleAfter {
		if err := e.recycle(); err != nil {
			return nil, err
		}
	}
	c := e.client
	if err := c.SetVariable("user_defined_dpi", strconv.Itoa(dpi)); err != nil {
		return nil, fmt.Errorf("tesseract dpi: %w", err)
	}
	// Leptonica copies the image into its own Pix: the caller may reuse img.
	if err := c.SetImageFromBytes(img); err != nil {
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
	TrimHeap()
	if err != nil {
		return nil, fmt.Errorf("tesseract recognize: %w", err)
	}
	out := make([]ocrproto.Word, 0, len(boxes))
	for _, b := range boxes {
		out = append(out, ocrproto.Word{Text: b.Word, X: b.Box.Min.X, Y: b.Box.Min.Y, W: b.Box.Dx(), H: b.Box.Dy(), Conf: b.Confidence})
	}
	return out, nil
}

// TrimHeap hands the free pages of every malloc arena back to the OS.
func TrimHeap() { C.trimHeap() }

// recycle replaces the client with a new one (see RecycleAfter).
func (e *Engine) recycle() error {
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

// CHeapMB is the C heap in use, in MB.
func CHeapMB() float64 { return float64(C.cHeapInUse()) / (1 << 20) }

// Close frees the engine's Tesseract handles.
func (e *Engine) Close() {
	if e.client != nil {
		e.client.Close()
		e.client = nil
	}
	e.osd.close()
}
