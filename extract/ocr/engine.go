package ocr

import (
	"fmt"
	"image"
	"strconv"
	"strings"
	"sync"

	"github.com/otiai10/gosseract/v2"

	"github.com/labrelay/labrelay/extract/pageimage"
)

// initMu serialises Tesseract initialisation process-wide: gosseract's Init
// redirects the process's stderr while it loads models, and two at once
// left stderr pointing at /dev/null for good (dependencies.md).
var initMu sync.Mutex

// engine is one worker's Tesseract: a gosseract client for recognition and
// an OSD handle for orientation. Never shared across goroutines.
type engine struct {
	client *gosseract.Client
	osd    *osd // nil when osd.traineddata is missing
}

// newEngine creates and initialises an engine. Initialisation happens here,
// under initMu, not lazily on the first page: gosseract initialises on the
// first Text/GetBoundingBoxes call, so a tiny blank image is recognised once.
func newEngine(langs []string, thresholding string) (*engine, error) {
	initMu.Lock()
	defer initMu.Unlock()
	c := gosseract.NewClient()
	if err := c.SetLanguage(langs...); err != nil {
		c.Close()
		return nil, fmt.Errorf("tesseract languages %v: %w", langs, err)
	}
	// SetPageSegMode before the first recognition is silently ignored by
	// gosseract; the variable works (dependencies.md).
	for k, v := range map[string]string{
		"tessedit_pageseg_mode": "3",
		"user_defined_dpi":      "300",
		"debug_file":            "/dev/null", // "Estimating resolution…" chatter on stderr
		"thresholding_method":   thresholding,
	} {
		if err := c.SetVariable(gosseract.SettableVariable(k), v); err != nil {
			c.Close()
			return nil, fmt.Errorf("tesseract variable %s: %w", k, err)
		}
	}
	blank := image.NewGray(image.Rect(0, 0, 32, 32))
	for i := range blank.Pix {
		blank.Pix[i] = 255
	}
	if err := c.SetImageFromBytes(pageimage.EncodePGM(blank)); err != nil {
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
	e := &engine{client: c}
	if o, err := newOSD(); err == nil {
		e.osd = o
	}
	return e, nil
}

// recognize runs OCR on g at dpi and returns word boxes with confidences
// in [0,100].
func (e *engine) recognize(g *image.Gray, dpi float64) ([]gosseract.BoundingBox, error) {
	if err := e.client.SetVariable("user_defined_dpi", strconv.Itoa(int(dpi+0.5))); err != nil {
		return nil, fmt.Errorf("tesseract dpi: %w", err)
	}
	if err := e.client.SetImageFromBytes(pageimage.EncodePGM(g)); err != nil {
		return nil, fmt.Errorf("tesseract image: %w", err)
	}
	boxes, err := e.client.GetBoundingBoxes(gosseract.RIL_WORD)
	if err != nil {
		return nil, fmt.Errorf("tesseract recognize: %w", err)
	}
	return boxes, nil
}

func (e *engine) close() {
	e.client.Close()
	e.osd.close()
}
