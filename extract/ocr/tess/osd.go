package tess

/*
#cgo LDFLAGS: -ltesseract -lgomp
#include <stdlib.h>
#include <tesseract/capi.h>

extern int omp_get_thread_limit(void);

static TessBaseAPI* osd_new(const char* datapath, int* rc) {
	TessBaseAPI* h = TessBaseAPICreate();
	*rc = TessBaseAPIInit3(h, datapath, "osd");
	if (*rc != 0) {
		TessBaseAPIDelete(h);
		return NULL;
	}
	TessBaseAPISetPageSegMode(h, PSM_OSD_ONLY);
	return h;
}

static int osd_detect(TessBaseAPI* h, const unsigned char* px, int w, int ht, int stride, int dpi, int* deg, float* conf) {
	TessBaseAPISetImage(h, px, w, ht, 1, stride);
	TessBaseAPISetSourceResolution(h, dpi);
	const char* script = NULL;
	float sconf = 0;
	int ok = TessBaseAPIDetectOrientationScript(h, deg, conf, &script, &sconf);
	TessBaseAPIClear(h);
	return ok;
}

static void osd_free(TessBaseAPI* h) {
	TessBaseAPIEnd(h);
	TessBaseAPIDelete(h);
}
*/
import "C"

import (
	"errors"
	"image"
	"unsafe"
)

// ThreadLimit is OpenMP's thread limit in this process. Tesseract's OpenMP
// parallelism thrashes on shared cores (a page took 17 s instead of 2.2 s
// on two cores); the Reader's workers are the parallelism, so it should
// be 1. libgomp reads OMP_THREAD_LIMIT once, when the library loads, before
// any Go code runs: os.Setenv cannot change it (measured: the thread count
// was the same with and without an in-process Setenv). labrelay starts its
// workers with it in their environment (ocrproto.WorkerEnv).
func ThreadLimit() int { return int(C.omp_get_thread_limit()) }

// osd is Tesseract's orientation and script detector (osd.traineddata),
// a second Tesseract handle initialised with the osd model. It is reached
// through Tesseract's C API because gosseract has no orientation detection
// (no DetectOrientationScript, no psm 0 result): this file is the only
// place that calls Tesseract directly, and only for that; recognition goes
// through gosseract (engine.go). Like a gosseract client, one osd belongs
// to one worker.
type osd struct{ h *C.TessBaseAPI }

var errNoOSD = errors.New("tesseract osd.traineddata not available")

func newOSD() (*osd, error) {
	var rc C.int
	h := C.osd_new(nil, &rc)
	if h == nil {
		return nil, errNoOSD
	}
	return &osd{h: h}, nil
}

// detect returns the clockwise rotation in degrees (0, 90, 180, 270) that
// turns g upright, and Tesseract's confidence in it. ok is false when the
// page has too little text to decide.
func (o *osd) detect(g *image.Gray, dpi int) (rotate int, conf float64, ok bool) {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	if w < 16 || h < 16 {
		return 0, 0, false
	}
	var deg C.int
	var c C.float
	r := C.osd_detect(o.h, (*C.uchar)(unsafe.Pointer(&g.Pix[0])), C.int(w), C.int(h), C.int(g.Stride), C.int(dpi), &deg, &c)
	if r == 0 {
		return 0, 0, false
	}
	// Tesseract reports the orientation of the text (orient_deg, counter-
	// clockwise); turning the image upright is the opposite rotation.
	return (360 - int(deg)) % 360, float64(c), true
}

// DetectOrientation runs OSD on g at dpi: the clockwise rotation that turns
// it upright and the confidence; ok is false without OSD or when the page
// has too little text to decide.
func (e *Engine) DetectOrientation(g *image.Gray, dpi int) (rotate int, conf float64, ok bool) {
	if e.osd == nil && !e.osdTried {
		// Loaded on first use: most pages read upright and never ask,
		// and the osd model is resident memory in every worker.
		e.osdTried = true
		if o, err := newOSD(); err == nil {
			e.osd = o
		}
	}
	if e.osd == nil {
		return 0, 0, false
	}
	return e.osd.detect(g, dpi)
}

func (o *osd) close() {
	if o != nil && o.h != nil {
		C.osd_free(o.h)
		o.h = nil
	}
}
