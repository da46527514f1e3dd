package ocr

/*
#cgo LDFLAGS: -ltesseract
#include <stdlib.h>
#include <malloc.h>
#include <tesseract/capi.h>

typedef struct {
	char* text;
	int x1, y1, x2, y2;
	float conf;
} lr_word;

static TessBaseAPI* lr_new(const char* langs, int* rc) {
	TessBaseAPI* h = TessBaseAPICreate();
	*rc = TessBaseAPIInit3(h, NULL, langs);
	if (*rc != 0) {
		TessBaseAPIDelete(h);
		return NULL;
	}
	return h;
}

// lr_recognize recognises one 8-bit gray image (Tesseract copies the
// pixels) and returns its words in a malloc'd array for lr_free_words. It
// clears the page from the engine before returning: the image, its
// thresholded copies and the page results (tens of megabytes) would stay
// otherwise until the next page.
static int lr_recognize(TessBaseAPI* h, const unsigned char* px, int w, int ht, int stride, int dpi, lr_word** out, int* n) {
	*out = NULL;
	*n = 0;
	TessBaseAPISetImage(h, px, w, ht, 1, stride);
	TessBaseAPISetSourceResolution(h, dpi);
	if (TessBaseAPIRecognize(h, NULL) != 0) {
		TessBaseAPIClear(h);
		return -1;
	}
	TessResultIterator* it = TessBaseAPIGetIterator(h);
	int cap = 0, len = 0;
	lr_word* ws = NULL;
	if (it != NULL) {
		const TessPageIterator* pi = TessResultIteratorGetPageIteratorConst(it);
		do {
			char* t = TessResultIteratorGetUTF8Text(it, RIL_WORD);
			if (t == NULL) {
				continue;
			}
			if (len == cap) {
				cap = cap ? 2 * cap : 512;
				lr_word* nws = realloc(ws, cap * sizeof(lr_word));
				if (nws == NULL) {
					TessDeleteText(t);
					break;
				}
				ws = nws;
			}
			lr_word* wd = &ws[len++];
			wd->text = t;
			TessPageIteratorBoundingBox(pi, RIL_WORD, &wd->x1, &wd->y1, &wd->x2, &wd->y2);
			wd->conf = TessResultIteratorConfidence(it, RIL_WORD);
		} while (TessResultIteratorNext(it, RIL_WORD));
		TessResultIteratorDelete(it);
	}
	TessBaseAPIClear(h);
	// Tesseract's page memory is freed into whichever malloc arena the
	// calling thread had, and cgo calls land on any thread: without the
	// trim the free pages of every arena stayed resident (C heap of two
	// eng+chi_sim engines grew from 180 MB to 460 MB over 100 pages).
	malloc_trim(0);
	*out = ws;
	*n = len;
	return 0;
}

static void lr_free_words(lr_word* ws, int n) {
	for (int i = 0; i < n; i++) {
		TessDeleteText(ws[i].text);
	}
	free(ws);
}

static void lr_free(TessBaseAPI* h) {
	TessBaseAPIEnd(h);
	TessBaseAPIDelete(h);
}
*/
import "C"

import (
	"fmt"
	"image"
	"strconv"
	"strings"
	"sync"
	"unsafe"
)

// initMu serialises Tesseract initialisation process-wide: loading models
// is memory-bound, and two engines loading at once only delays the first.
var initMu sync.Mutex

// engine is one worker's Tesseract: a recognition handle and an OSD handle
// for orientation, both through Tesseract's C API. Never shared across
// goroutines.
//
// Choice: the C API instead of a gosseract client. gosseract takes an
// encoded image (a PGM copy of the page in Go, decoded again into a
// Leptonica Pix it keeps until the next page), never clears the page from
// Tesseract between pages, and leaks its result iterator and word strings.
// Here Tesseract copies the gray pixels once and the page is cleared as
// soon as its words are read.
type engine struct {
	h   *C.TessBaseAPI
	osd *osd // nil when osd.traineddata is missing
}

// tessWord is one recognised word: its box in image pixels and Tesseract's
// confidence in [0,100].
type tessWord struct {
	Text string
	Box  image.Rectangle
	Conf float64
}

// newEngine creates and initialises an engine.
func newEngine(langs []string, thresholding string) (*engine, error) {
	initMu.Lock()
	defer initMu.Unlock()
	cl := C.CString(strings.Join(langs, "+"))
	defer C.free(unsafe.Pointer(cl))
	var rc C.int
	h := C.lr_new(cl, &rc)
	if h == nil {
		return nil, fmt.Errorf("%w: cannot load language models %v (code %d)", ErrTesseract, langs, int(rc))
	}
	e := &engine{h: h}
	for _, kv := range [][2]string{
		{"tessedit_pageseg_mode", "3"},
		{"user_defined_dpi", "300"},
		{"debug_file", "/dev/null"}, // "Estimating resolution…" chatter on stderr
		{"thresholding_method", thresholding},
	} {
		if err := e.set(kv[0], kv[1]); err != nil {
			e.close()
			return nil, err
		}
	}
	if o, err := newOSD(); err == nil {
		e.osd = o
	}
	return e, nil
}

func (e *engine) set(name, value string) error {
	cn, cv := C.CString(name), C.CString(value)
	defer C.free(unsafe.Pointer(cn))
	defer C.free(unsafe.Pointer(cv))
	if C.TessBaseAPISetVariable(e.h, cn, cv) == 0 {
		return fmt.Errorf("tesseract variable %s=%q refused", name, value)
	}
	return nil
}

// recognize runs OCR on g at dpi and returns its words.
func (e *engine) recognize(g *image.Gray, dpi float64) ([]tessWord, error) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	if w < 1 || h < 1 {
		return nil, nil
	}
	d := int(dpi + 0.5)
	if err := e.set("user_defined_dpi", strconv.Itoa(d)); err != nil {
		return nil, err
	}
	var cw *C.lr_word
	var n C.int
	px := (*C.uchar)(unsafe.Pointer(&g.Pix[g.PixOffset(g.Rect.Min.X, g.Rect.Min.Y)]))
	if C.lr_recognize(e.h, px, C.int(w), C.int(h), C.int(g.Stride), C.int(d), &cw, &n) != 0 {
		return nil, fmt.Errorf("tesseract recognize: failed on a %d×%d page", w, h)
	}
	defer C.lr_free_words(cw, n)
	out := make([]tessWord, 0, int(n))
	for _, c := range unsafe.Slice(cw, int(n)) {
		out = append(out, tessWord{
			Text: C.GoString(c.text),
			Box:  image.Rect(int(c.x1), int(c.y1), int(c.x2), int(c.y2)),
			Conf: float64(c.conf),
		})
	}
	return out, nil
}

func (e *engine) close() {
	if e.h != nil {
		C.lr_free(e.h)
		e.h = nil
	}
	e.osd.close()
}
