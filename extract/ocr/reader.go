package ocr

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"image"
	"log/slog"
	"math"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
	"github.com/labrelay/labrelay/extract/pageimage"
	"github.com/labrelay/labrelay/internal/text"
)

// ErrTesseract reports that Tesseract or its language models are missing:
// an installation fault, not the input's.
var ErrTesseract = errors.New("tesseract unavailable")

// Defaults for a zero Reader.
const (
	DefaultTimeout = 10 * time.Minute
	// DefaultPageTimeout bounds one page in a worker: a dense page takes
	// 2–4 s, a hundred times that is a hung worker.
	DefaultPageTimeout = 5 * time.Minute
	// DefaultRecyclePages: gosseract leaks ≈40 kB a dense page (see
	// tess.RecycleAfter); a fresh worker every 500 pages caps it at ≈20 MB
	// for one model load (≈0.5 s).
	DefaultRecyclePages = 500
	// DefaultMaxWorkerRSS recycles a worker that grew past it: an eng+
	// chi_sim worker holds ≈130 MB of models and ≈100 MB more during a
	// dense page.
	DefaultMaxWorkerRSS = 512 << 20
	// DefaultIdleTimeout stops workers unused that long, so that a relay
	// that reads no scans holds no Tesseract models.
	DefaultIdleTimeout = 5 * time.Minute
	DefaultTargetDPI   = 300
	DefaultMinDPI      = 250
	// MinOrientationConf is the OSD confidence below which a page is left
	// in its stored orientation: under it OSD was wrong on sparse pages.
	MinOrientationConf = 1.5
)

// Reader reads scanned PDFs and PNG, JPEG and TIFF images into layouts
// with Tesseract, which runs in worker processes (cmd/labrelay-ocr): a
// crash in its C code costs a worker and a retried page, not the caller.
// The zero value is ready to use: workers are started on first use and
// stopped by Close or when idle. Set the fields before the first call; a
// Reader is safe for concurrent use.
type Reader struct {
	// Languages are Tesseract language models; default eng and chi_sim.
	Languages []string
	// HanLanguages are the models short doubtful Han cells are read again
	// with (see hancells.go); default jpn. Missing models skip the re-read.
	HanLanguages []string
	// Workers is the number of pages recognised in parallel, each by its
	// own worker process; default 1. Tesseract is CPU-bound: at most one
	// per core.
	Workers int
	// Worker is the path of the labrelay-ocr binary; default the one next
	// to the running executable, else on PATH.
	Worker string
	// RecyclePages, MaxWorkerRSS (bytes), PageTimeout and IdleTimeout
	// bound a worker: it is replaced after RecyclePages pages or once its
	// resident set passes MaxWorkerRSS, killed when a page takes longer
	// than PageTimeout, and stopped when unused for IdleTimeout. Defaults
	// DefaultRecyclePages, DefaultMaxWorkerRSS, DefaultPageTimeout and
	// DefaultIdleTimeout. A worker that dies during a page is replaced and
	// the page tried once more; a page that kills two workers, or times
	// out, fails the document with an *labrelay.InputError.
	RecyclePages int
	MaxWorkerRSS int64
	PageTimeout  time.Duration
	IdleTimeout  time.Duration
	// MaxPages refuses longer documents; default pageimage.DefaultMaxPages.
	MaxPages int
	// MaxPixels refuses larger page images before decoding them; default
	// pageimage.DefaultMaxPixels.
	MaxPixels int64
	// Timeout bounds one document; default DefaultTimeout. Workers busy
	// with its pages are killed when it expires.
	Timeout time.Duration
	// Pdftoppm is poppler's renderer for PDF pages that are not a single
	// embedded JPEG; default "pdftoppm" on PATH. PDFs are read by poppler
	// tools (pdfinfo, pdfimages, pdftoppm) from one temporary copy.
	Pdftoppm string
	// TempDir holds that copy; default os.TempDir().
	TempDir string
	// TargetDPI is the working resolution pages are scaled to when stored
	// below MinDPI or above 400 dpi; default 300.
	TargetDPI float64
	// MinDPI is the resolution under which pages are scaled up; default
	// DefaultMinDPI. Measured on the scan fixtures: scaling 200-dpi pages
	// to 300 read 95.9% of the expected tokens instead of 94.8% (the fax
	// TIFF 75/75 instead of 70/75) for about 50% more time per page.
	MinDPI float64
	// SkipOrientation and SkipDeskew turn pre-processing steps off (for
	// measurements and for callers that know their pages are upright).
	SkipOrientation bool
	SkipDeskew      bool
	// SkipPerspective turns off the search for a photographed page's
	// corners and the undoing of its perspective, for measurements.
	SkipPerspective bool
	// SkipCells turns off the re-reading of table cells (see cells.go,
	// textcells.go, emptycells.go, hancells.go), for measurements.
	SkipCells bool
	// SkipGrid turns off the use of table ruling (see grid.go): words are
	// left as Tesseract split them, for measurements.
	SkipGrid bool
	// Thresholding is Tesseract's thresholding_method: "0" Otsu (default),
	// "1" LeptonicaOtsu, "2" Sauvola.
	Thresholding string
	// PhotoThresholding is the thresholding_method for pages found to be
	// photos of a page on a darker desk (pageimage.PageQuad); default "2"
	// Sauvola. Measured on photos of generated layouts: under Otsu the
	// lamp-lit side of a table read as nothing.
	PhotoThresholding string
	// Logger receives one debug line per page and the workers' warnings;
	// default discards.
	Logger *slog.Logger

	mu     sync.Mutex
	p      *pool
	closed bool
	noHan  atomic.Bool // HanLanguages are not installed
}

// var _ extract.LayoutReader = (*Reader)(nil) — asserted in the tests, to
// keep this package free of a dependency on the dispatcher.

func (r *Reader) languages() []string {
	if len(r.Languages) == 0 {
		return []string{"eng", "chi_sim"}
	}
	return r.Languages
}

func (r *Reader) workers() int { return max(1, r.Workers) }

func (r *Reader) limits() pageimage.Limits {
	return pageimage.Limits{MaxPixels: r.MaxPixels, MaxPages: r.MaxPages}
}

func (r *Reader) log() *slog.Logger {
	if r.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return r.Logger
}

// pool returns the worker pool, creating it on first use.
func (r *Reader) pool() (*pool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return nil, errClosed
	}
	if r.p != nil {
		return r.p, nil
	}
	path, err := findWorker(r.Worker)
	if err != nil {
		return nil, err
	}
	r.p = &pool{
		path:         path,
		size:         r.workers(),
		recyclePages: cmp.Or(r.RecyclePages, DefaultRecyclePages),
		maxRSS:       cmp.Or(r.MaxWorkerRSS, DefaultMaxWorkerRSS),
		pageTimeout:  cmp.Or(r.PageTimeout, DefaultPageTimeout),
		idleTimeout:  cmp.Or(r.IdleTimeout, DefaultIdleTimeout),
		log:          r.log(),
		sem:          make(chan struct{}, r.workers()),
		live:         map[*worker]bool{},
	}
	return r.p, nil
}

// Close stops the worker processes; pages in flight finish first.
func (r *Reader) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.p != nil {
		r.p.close()
	}
	r.closed = true
	return nil
}

// ReadLayout reads a scanned PDF (application/pdf) or a PNG, JPEG or TIFF
// image into pages of OCR rows, Unit "px" and Path labrelay.PathOCR. Bad,
// hostile or oversize input is a *labrelay.InputError; a document over the
// time limit is an InputError too, wrapping context.DeadlineExceeded.
func (r *Reader) ReadLayout(ctx context.Context, data []byte, mediaType string) (*labrelay.Layout, error) {
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeoutCause(ctx, timeout, errDocTimeout)
	defer cancel()
	src, err := r.open(ctx, data, mediaType)
	if err != nil {
		return nil, r.timedOut(ctx, timeout, err)
	}
	defer src.Close()
	pages, err := r.readPages(ctx, src, nil)
	if err != nil {
		return nil, r.timedOut(ctx, timeout, err)
	}
	return &labrelay.Layout{Pages: pages}, nil
}

// timedOut turns an error caused by the document time limit into an
// InputError wrapping context.DeadlineExceeded.
func (r *Reader) timedOut(ctx context.Context, timeout time.Duration, err error) error {
	if errors.Is(context.Cause(ctx), errDocTimeout) {
		return &labrelay.InputError{Reason: fmt.Sprintf("OCR took longer than the limit of %s for this document", timeout), Err: context.DeadlineExceeded}
	}
	return err
}

// OCRPDFPages recognises the given pages (1-based) of a PDF with up to
// Workers worker processes, opening the PDF once: the fallback of the PDF text path
// for pages whose text layer is unusable (every page of a scanned PDF).
// The pages come back in the order asked, with Path PathOCR; the caller
// may set Reason. Errors are as for ReadLayout.
func (r *Reader) OCRPDFPages(ctx context.Context, pdf []byte, pages []int) ([]labrelay.Page, error) {
	if len(pages) == 0 {
		return nil, nil
	}
	timeout := cmp.Or(r.Timeout, DefaultTimeout)
	ctx, cancel := context.WithTimeoutCause(ctx, timeout, errDocTimeout)
	defer cancel()
	src, err := pageimage.OpenPDF(ctx, pdf, r.pdfOptions(math.MaxInt32))
	if err != nil {
		return nil, r.timedOut(ctx, timeout, err)
	}
	defer src.Close()
	for _, n := range pages {
		if n < 1 || n > src.Pages() {
			return nil, fmt.Errorf("page %d of a %d-page PDF", n, src.Pages())
		}
	}
	out, err := r.readPages(ctx, src, pages)
	if err != nil {
		return nil, r.timedOut(ctx, timeout, err)
	}
	return out, nil
}

var errDocTimeout = errors.New("document time limit")

// hasCJK reports whether a page has CJK text besides lone 一 words.
func hasCJK(boxes []ocrproto.Word) bool {
	for _, b := range boxes {
		w := strings.TrimSpace(b.Text)
		if w == "一" {
			continue
		}
		for _, c := range w {
			if text.IsCJK(c) {
				return true
			}
		}
	}
	return false
}

func (r *Reader) open(ctx context.Context, data []byte, mediaType string) (pageimage.Source, error) {
	mt := strings.ToLower(strings.TrimSpace(strings.SplitN(mediaType, ";", 2)[0]))
	if pageimage.Sniff(data) == "application/pdf" || (mt == "application/pdf" && pageimage.Sniff(data) == "") {
		return pageimage.OpenPDF(ctx, data, r.pdfOptions(0))
	}
	return pageimage.OpenImage(data, mt, r.limits())
}

func (r *Reader) pdfOptions(maxPages int) pageimage.PDFOptions {
	lim := r.limits()
	if maxPages > 0 {
		lim.MaxPages = maxPages
	}
	return pageimage.PDFOptions{Limits: lim, Pdftoppm: r.Pdftoppm, TempDir: r.TempDir}
}

// readPages recognises the pages nums of src (nil: all) with up to Workers
// worker processes; each goroutine decodes its own page just before
// sending it, so at most Workers page images are in memory.
func (r *Reader) readPages(ctx context.Context, src pageimage.Source, nums []int) ([]labrelay.Page, error) {
	if nums == nil {
		for i := range src.Pages() {
			nums = append(nums, i+1)
		}
	}
	n := len(nums)
	pages := make([]labrelay.Page, n)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(r.workers(), n) {
		wg.Go(func() {
			for i := range jobs {
				p, err := r.readPage(ctx, src, nums[i])
				if err != nil {
					cancel(err)
					return
				}
				pages[i] = p
			}
		})
	}
feed:
	for i := range n {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return nil, err
	}
	return pages, nil
}

func (r *Reader) readPage(ctx context.Context, src pageimage.Source, num int) (labrelay.Page, error) {
	// Decode before starting a worker: a corrupt page is refused without
	// one, and each goroutine holds at most one page.
	p, err := src.Page(ctx, num)
	if err != nil {
		return labrelay.Page{}, err
	}
	img, dpi := p.Image, p.DPI
	big := int64(img.Rect.Dx())*int64(img.Rect.Dy()) >= 4_000_000
	p = nil
	page, err := r.recognize(ctx, img, dpi, num)
	// A page image and its working copies (scaled, deskewed) are tens of
	// megabytes that the Go heap would otherwise keep, up to twice the live
	// heap (the input document) before collecting: hand them back now.
	if big {
		debug.FreeOSMemory()
	}
	if err != nil {
		if labrelay.IsInputError(err) {
			return labrelay.Page{}, err // its reason names the page
		}
		return labrelay.Page{}, fmt.Errorf("page %d: %w", num, err)
	}
	page.Number = num
	return page, nil
}

// OCRPage recognises one page image at dpi (0 = unknown: guessed from an
// A4 page size) — the per-page fallback of the PDF text path for pages whose
// text layer is unusable. The caller sets Number and may set Reason.
func (r *Reader) OCRPage(ctx context.Context, img image.Image, dpi float64) (page labrelay.Page, err error) {
	if img == nil {
		return labrelay.Page{}, labrelay.Inputf("no page image")
	}
	b := img.Bounds()
	if err := (pageimage.Limits{MaxPixels: r.MaxPixels}).CheckPixels(b.Dx(), b.Dy()); err != nil {
		return labrelay.Page{}, err
	}
	g := pageimage.ToGray(img)
	if dpi <= 0 {
		dpi = pageimage.GuessDPI(b.Dx(), b.Dy())
	}
	return r.recognize(ctx, g, dpi, 0)
}

// OCRPDFPage recognises page n (1-based) of a PDF: its embedded scan when
// the page is one JPEG, else the page rendered by pdftoppm. It has the
// shape of the PDF text path's per-page OCR hook; for several pages of one
// document OCRPDFPages opens the PDF once and reads pages in parallel.
func (r *Reader) OCRPDFPage(ctx context.Context, pdf []byte, n int) (labrelay.Page, error) {
	pages, err := r.OCRPDFPages(ctx, pdf, []int{n})
	if err != nil {
		return labrelay.Page{}, err
	}
	return pages[0], nil
}

// tableCells re-reads suspect text cells as blocks and the numeric cells
// one by one, groups the words into rows, joins the words of a
// ruled cell and reads a number's sign from its pixels.
func (r *Reader) tableCells(ctx context.Context, g *image.Gray, dpi float64, num int, words []labrelay.Word) ([]labrelay.Row, pageimage.Rulings, error) {
	var rl pageimage.Rulings
	if !r.SkipGrid || !r.SkipCells {
		rl = pageimage.FindRulings(g)
	}
	if !r.SkipCells {
		var err error
		if words, err = r.rereadText(ctx, g, dpi, num, words, rl); err != nil {
			return nil, rl, err
		}
		if words, err = r.readLostWords(ctx, g, dpi, num, words); err != nil {
			return nil, rl, err
		}
		if words, err = r.readLostBoxes(ctx, g, dpi, num, words); err != nil {
			return nil, rl, err
		}
	}
	if !r.SkipCells {
		words = attachSuperscripts(joinLoneSigns(dropDoubles(dropSpecks(g, words, lineHeight(words)))), lineHeight(words))
	}
	rows := groupRows(words)
	if !r.SkipCells {
		alone, err := r.rereadCells(ctx, g, dpi, num, rows, nil)
		if err != nil {
			return nil, rl, err
		}
		if err := r.readLostCells(ctx, g, dpi, num, rows, lineHeight(words)); err != nil {
			return nil, rl, err
		}
		if len(alone) > 0 {
			// the cells found make numeric columns of cells that stood
			// in none ("N" for "2" above the MDLs "8" and "50" the page
			// lost); the found cells are not read again
			if _, err := r.rereadCells(ctx, g, dpi, num, rows, alone); err != nil {
				return nil, rl, err
			}
		}
		if err := r.readVerdictCells(ctx, g, dpi, num, rows, lineHeight(words)); err != nil {
			return nil, rl, err
		}
		if err := r.readHanCells(ctx, g, dpi, num, rows, lineHeight(words)); err != nil {
			return nil, rl, err
		}
		if err := r.readHanPrefixes(ctx, g, dpi, num, rows, lineHeight(words)); err != nil {
			return nil, rl, err
		}
		if err := r.readHanValues(ctx, g, dpi, num, rows, lineHeight(words)); err != nil {
			return nil, rl, err
		}
		spaceHanWords(g, rows)
		spaceHanBrackets(g, rows)
		if err := r.readLatinCells(ctx, g, dpi, num, rows, lineHeight(words)); err != nil {
			return nil, rl, err
		}
		if err := r.readAccents(ctx, g, dpi, num, rows); err != nil {
			return nil, rl, err
		}
	}
	if !r.SkipGrid {
		rows = gridRows(rows, rl)
	}
	if !r.SkipCells {
		fixSigns(g, rows)
		r.fixCodeGlyphs(g, num, rows)
		sameSpacing(rows)
		pageVocabulary(rows)
	}
	bandBoxes(rows)
	if r.SkipGrid {
		rl = pageimage.Rulings{}
	}
	return rows, rl, nil
}

// recognize prepares g (scale to the working resolution, turn upright,
// deskew) and runs Tesseract on it; num is its page number for messages
// (0: unknown).
func (r *Reader) recognize(ctx context.Context, g *image.Gray, dpi float64, num int) (labrelay.Page, error) {
	if err := ctx.Err(); err != nil {
		return labrelay.Page{}, err
	}
	start := time.Now()
	thr := "" // the Reader's
	if q, ok := pageimage.PageQuad(g); ok {
		// A photo of a page on a desk: the page's quadrilateral becomes
		// the page, before scaling so the page's own size decides it; its
		// uneven light wants adaptive thresholding.
		if !r.SkipPerspective {
			g = pageimage.Unwarp(g, q)
		}
		thr = cmp.Or(r.PhotoThresholding, "2")
	}
	g, dpi = r.toWorkingDPI(g, dpi)
	skew := 0.0
	orig := g
	if !r.SkipDeskew {
		g, skew = pageimage.Deskew(g, 3)
	}
	// The page as decoded is garbage once scaled or deskewed: collect it
	// before Tesseract's seconds on the page rather than after, so a worker
	// holds one page image in Go, not two.
	if g != orig && int64(orig.Rect.Dx())*int64(orig.Rect.Dy()) >= 4_000_000 {
		debug.FreeOSMemory()
	}
	prep := time.Since(start)
	words, err := r.words(ctx, g, dpi, num, thr)
	if err != nil {
		return labrelay.Page{}, err
	}
	// Orientation: most pages are upright, and an upright page reads with
	// high confidence, so OSD (≈200 ms a page, a fifth of the recognition)
	// runs only when the first reading is doubtful; a sideways or upside-
	// down page reads as few, low-confidence words, and Tesseract reads a
	// sideways page well but as vertical lines: words taller than wide.
	// Turned pages pay one extra recognition instead.
	rotated, conf := 0, meanConf(words)
	if !r.SkipOrientation && (conf < uprightConf || len(words) < 10 || vertical(words)) {
		small, sdpi := g, dpi
		if dpi > 200 { // OSD reads blob shapes: 150 dpi is enough
			small, sdpi = pageimage.Scale(g, 150/dpi), 150
		}
		o, err := r.orientation(ctx, small, sdpi, num)
		if err != nil {
			return labrelay.Page{}, err
		}
		if rot := o.Rotate; o.OK && o.Conf >= MinOrientationConf && rot != 0 {
			g, rotated = pageimage.Rotate(g, rot), rot
			if !r.SkipDeskew {
				g, skew = pageimage.Deskew(g, 3)
			}
			if words, err = r.words(ctx, g, dpi, num, thr); err != nil {
				return labrelay.Page{}, err
			}
		}
	}
	cellStart := time.Now()
	rows, rl, err := r.tableCells(ctx, g, dpi, num, words)
	if err != nil {
		return labrelay.Page{}, err
	}
	r.log().Debug("ocr page",
		"width", g.Rect.Dx(), "height", g.Rect.Dy(), "dpi", math.Round(dpi),
		"rotated", rotated, "skew", math.Round(skew*100)/100,
		"words", len(words), "conf", math.Round(conf*100)/100, "prep", prep, "cells", time.Since(cellStart), "took", time.Since(start))
	return labrelay.Page{
		Width:  float64(g.Rect.Dx()),
		Height: float64(g.Rect.Dy()),
		Unit:   "px",
		Path:   labrelay.PathOCR,
		Rows:   rows,
		HRules: hrules(rl),
	}, nil
}

// hrules are the horizontal rules of rl as boxes, their thickness tall.
func hrules(rl pageimage.Rulings) []labrelay.Box {
	var out []labrelay.Box
	for _, s := range rl.H {
		th := float64(max(s.Thick, 1))
		out = append(out, labrelay.Box{X: float64(s.X0), Y: float64(s.Y0) - th/2, W: float64(s.X1 - s.X0), H: th})
	}
	return out
}

// toWorkingDPI scales g stored below MinDPI or above 400 dpi to TargetDPI,
// within MaxPixels.
func (r *Reader) toWorkingDPI(g *image.Gray, dpi float64) (*image.Gray, float64) {
	if dpi >= cmp.Or(r.MinDPI, DefaultMinDPI) && dpi <= 400 {
		return g, dpi
	}
	target := r.TargetDPI
	if target <= 0 {
		target = DefaultTargetDPI
	}
	f := target / dpi
	w, h := float64(g.Rect.Dx())*f, float64(g.Rect.Dy())*f
	maxPx := float64(r.MaxPixels)
	if maxPx <= 0 {
		maxPx = pageimage.DefaultMaxPixels
	}
	if w*h > maxPx {
		f *= math.Sqrt(maxPx / (w * h))
	}
	return pageimage.Scale(g, f), dpi * f
}

// uprightConf is the mean word confidence above which a page is taken as
// upright without asking OSD. Upright fixture pages read at 0.85–0.95;
// turned ones below 0.6.
const uprightConf = 0.7

// vertical reports whether most words of three or more characters are
// taller than wide: text running up or down the page.
func vertical(ws []labrelay.Word) bool {
	tall, n := 0, 0
	for _, w := range ws {
		if utf8.RuneCountInString(w.Text) < 3 {
			continue
		}
		n++
		if w.Box.H > w.Box.W {
			tall++
		}
	}
	return n > 0 && 2*tall > n
}

// meanConf is the mean word confidence weighted by word length.
func meanConf(ws []labrelay.Word) float64 {
	var sum, n float64
	for _, w := range ws {
		l := float64(utf8.RuneCountInString(w.Text))
		sum += w.Conf * l
		n += l
	}
	if n == 0 {
		return 0
	}
	return sum / n
}

// words runs Tesseract on g and returns its words with confidences in
// [0,1].
func (r *Reader) words(ctx context.Context, g *image.Gray, dpi float64, num int, thr string) ([]labrelay.Word, error) {
	if g.Rect.Dx() < 1 || g.Rect.Dy() < 1 {
		return nil, nil
	}
	resp, err := r.send(ctx, &ocrproto.Request{Op: ocrproto.OpRecognize, DPI: int(dpi + 0.5), Thresholding: thr}, g, num)
	if err != nil {
		return nil, err
	}
	boxes := resp.Words
	words := make([]labrelay.Word, 0, len(boxes))
	latin := !hasCJK(boxes)
	for _, b := range boxes {
		t := strings.TrimSpace(b.Text)
		if t == "" {
			continue
		}
		// chi_sim reads a lone dash as 一 ("one"); on a page without other
		// Chinese it is a dash ("-" in a limit or MDL column).
		if latin && t == "一" {
			t = "-"
		}
		words = append(words, labrelay.Word{
			Text: t,
			Box: labrelay.Box{
				X: float64(b.X), Y: float64(b.Y),
				W: float64(b.W), H: float64(b.H),
			},
			Conf: math.Max(0, math.Min(1, b.Conf/100)),
		})
	}
	return fitFlat(words), nil
}

// Flat boxes: now and then Tesseract boxes every word of a line as a
// sliver a few pixels high inside the glyphs ("EN 1186-9:2002 mg/dm 1" at
// 5 px on a 28 px line). Measured in word heights, the sliver's gaps glue
// neighbouring cells, and its cell's crop for a re-read holds no glyph.
const (
	flatShare   = 0.35 // a box under this share of a line's height is flat
	flatMinConf = 0.3  // below it the word is noise, left as read
)

// fitFlat gives a flat word read with some confidence the page's line
// height, centred on its box.
func fitFlat(ws []labrelay.Word) []labrelay.Word {
	lineH := lineHeight(ws)
	if lineH <= 0 {
		return ws
	}
	for i := range ws {
		b := &ws[i].Box
		if b.H >= flatShare*lineH || ws[i].Conf < flatMinConf || !hasAlnum(ws[i].Text) {
			continue
		}
		cy := b.Y + b.H/2
		b.Y, b.H = math.Max(0, cy-lineH/2), lineH
	}
	return ws
}

func hasAlnum(t string) bool {
	return strings.IndexFunc(t, func(c rune) bool { return unicode.IsLetter(c) || unicode.IsDigit(c) }) >= 0
}
