package pageimage

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"math"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"

	"github.com/labrelay/labrelay"
)

// PDF options. Zero values mean the defaults.
type PDFOptions struct {
	Limits
	// Pdftoppm is the poppler renderer; default "pdftoppm" on PATH.
	Pdftoppm string
	// RenderDPI is the resolution of rendered pages; default 300.
	RenderDPI float64
	// RenderTimeout bounds one pdftoppm run; default 60 s.
	RenderTimeout time.Duration
	// TempDir holds the one temporary copy of the PDF that pdftoppm reads;
	// default os.TempDir().
	TempDir string
}

// pdfSource yields the page images of a scanned PDF.
//
// Choice: a page whose only content is one JPEG (DCTDecode) image covering
// the page box — what scanners and scan-to-PDF tools write — yields that
// JPEG byte-identical, extracted by pdfcpu in pure Go without re-rendering:
// no generation loss, no subprocess, and the resolution follows exactly
// from pixel size and page box. Every other page (vector pages, several
// images, JBIG2 or JPEG 2000 that pdfcpu cannot decode, CCITT/Flate images
// that pdfcpu decodes slowly and without resolution) is rendered by
// poppler's pdftoppm at RenderDPI in gray, one page per run, as a
// subprocess with a timeout so a hostile page cannot hang or crash us.
type pdfSource struct {
	data []byte
	ctx  *model.Context
	opt  PDFOptions

	mu  sync.Mutex
	tmp string // temp copy for pdftoppm, written on first render

	pdfMu sync.Mutex // pdfcpu's context is not safe for concurrent use
}

// OpenPDF parses a PDF (pdfcpu, relaxed validation) and checks its page
// count. Encrypted PDFs that need a password and unparseable files are
// InputErrors.
func OpenPDF(data []byte, opt PDFOptions) (Source, error) {
	ctx, err := readPDF(data)
	if err != nil {
		return nil, err
	}
	if ctx.PageCount == 0 {
		return nil, labrelay.Inputf("PDF has no pages")
	}
	if err := opt.checkPages(ctx.PageCount, true); err != nil {
		return nil, err
	}
	return &pdfSource{data: data, ctx: ctx, opt: opt}, nil
}

func readPDF(data []byte) (ctx *model.Context, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = labrelay.Inputf("PDF is corrupt: the parser failed (%v)", p)
		}
	}()
	conf := model.NewDefaultConfiguration()
	conf.Cmd = model.EXTRACTIMAGES
	conf.ValidationMode = model.ValidationRelaxed
	ctx, err = api.ReadValidateAndOptimize(bytes.NewReader(data), conf)
	if err != nil {
		if errors.Is(err, pdfcpu.ErrWrongPassword) || strings.Contains(err.Error(), "password") {
			return nil, &labrelay.InputError{Reason: "PDF is encrypted with a password; ask the lab for an unprotected copy", Err: err}
		}
		return nil, &labrelay.InputError{Reason: fmt.Sprintf("PDF is corrupt or unsupported: %v", err), Err: err}
	}
	return ctx, nil
}

func (s *pdfSource) Pages() int { return s.ctx.PageCount }

func (s *pdfSource) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tmp != "" {
		err := os.Remove(s.tmp)
		s.tmp = ""
		return err
	}
	return nil
}

// pageBox returns the visible page size in points and the page rotation.
func (s *pdfSource) pageBox(n int) (w, h float64, rotate int, err error) {
	s.pdfMu.Lock()
	defer s.pdfMu.Unlock()
	defer func() {
		if p := recover(); p != nil {
			err = labrelay.Inputf("PDF page %d is corrupt (%v)", n, p)
		}
	}()
	_, _, inh, err := s.ctx.PageDict(n, false)
	if err != nil {
		return 0, 0, 0, &labrelay.InputError{Reason: fmt.Sprintf("PDF page %d is corrupt: %v", n, err), Err: err}
	}
	if inh == nil {
		return 0, 0, 0, labrelay.Inputf("PDF page %d has no page box", n)
	}
	box := inh.CropBox
	if box == nil {
		box = inh.MediaBox
	}
	if box == nil {
		return 0, 0, 0, labrelay.Inputf("PDF page %d has no page box", n)
	}
	w, h = math.Abs(box.UR.X-box.LL.X), math.Abs(box.UR.Y-box.LL.Y)
	if w < 1 || h < 1 || w > 14400 || h > 14400 {
		return 0, 0, 0, labrelay.Inputf("PDF page %d has an implausible size of %.0f×%.0f points", n, w, h)
	}
	return w, h, ((inh.Rotate % 360) + 360) % 360, nil
}

func (s *pdfSource) Page(ctx context.Context, n int) (*Page, error) {
	if n < 1 || n > s.ctx.PageCount {
		return nil, fmt.Errorf("page %d of a %d-page PDF", n, s.ctx.PageCount)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	w, h, rot, err := s.pageBox(n)
	if err != nil {
		return nil, err
	}
	p, err := s.embeddedJPEG(n, w, h, rot)
	if err != nil {
		return nil, err
	}
	if p != nil {
		return p, nil
	}
	return s.render(ctx, n, w, h)
}

// EmbeddedJPEG returns the raw bytes of page n's full-page JPEG, exactly as
// stored in the PDF, or nil when the page is not a single-JPEG scan.
func EmbeddedJPEG(src Source, n int) ([]byte, error) {
	s, ok := src.(*pdfSource)
	if !ok {
		return nil, fmt.Errorf("not a PDF source")
	}
	w, h, rot, err := s.pageBox(n)
	if err != nil {
		return nil, err
	}
	raw, _, _, err := s.jpegBytes(n, w, h, rot)
	return raw, err
}

// embeddedJPEG decodes page n's embedded JPEG when the page is a
// single-JPEG scan; nil, nil otherwise.
func (s *pdfSource) embeddedJPEG(n int, w, h float64, rot int) (*Page, error) {
	raw, dpi, transposed, err := s.jpegBytes(n, w, h, rot)
	if err != nil || raw == nil {
		return nil, err
	}
	cfg, err := decodeConfig(raw, MediaJPEG)
	if err != nil {
		return nil, nil // let poppler try
	}
	if err := s.opt.checkPixels(cfg.Width, cfg.Height); err != nil {
		return nil, fmt.Errorf("page %d: %w", n, err)
	}
	one := &single{data: raw, mediaType: MediaJPEG, cfg: cfg}
	p, err := one.Page(context.Background(), 1)
	if err != nil {
		return nil, nil // a JPEG Go cannot decode (e.g. arithmetic coding): render instead
	}
	p.Number, p.DPI, p.Origin, p.Raw = n, dpi, "pdf-embedded-jpeg", raw
	// The page's /Rotate turns the displayed page clockwise; a transposed
	// image is drawn rotated by its matrix, which orientation detection
	// downstream corrects.
	_ = transposed
	if rot != 0 {
		p.Image = Rotate(p.Image, rot)
	}
	return p, nil
}

func (s *pdfSource) jpegBytes(n int, w, h float64, rot int) (raw []byte, dpi float64, transposed bool, err error) {
	s.pdfMu.Lock()
	defer s.pdfMu.Unlock()
	defer func() {
		if p := recover(); p != nil {
			raw, err = nil, nil // unusual structure: fall back to rendering
		}
	}()
	stubs, err := pdfcpu.ExtractPageImages(s.ctx, n, true)
	if err != nil {
		return nil, 0, false, nil
	}
	var objNr int
	var stub model.Image
	count := 0
	for nr, im := range stubs {
		if im.Thumb {
			continue
		}
		count++
		objNr, stub = nr, im
	}
	if count != 1 || !strings.HasSuffix(strings.TrimSpace(stub.Filter), "DCTDecode") || strings.Contains(stub.Filter, " ") || stub.IsImgMask || stub.HasSMask {
		return nil, 0, false, nil
	}
	iw, ih := float64(stub.Width), float64(stub.Height)
	if iw < 1 || ih < 1 {
		return nil, 0, false, nil
	}
	// Full-page scans have the page's aspect ratio (within 3%).
	switch {
	case math.Abs(iw/ih-w/h) <= 0.03*(w/h):
		dpi = iw / (w / 72)
	case math.Abs(iw/ih-h/w) <= 0.03*(h/w):
		dpi, transposed = iw/(h/72), true
	default:
		return nil, 0, false, nil
	}
	obj := s.ctx.Optimize.ImageObjects[objNr]
	if obj == nil {
		return nil, 0, false, nil
	}
	im, err := pdfcpu.ExtractImage(s.ctx, obj.ImageDict, false, stub.Name, objNr, false)
	if err != nil || im == nil || im.Reader == nil || im.FileType != "jpg" {
		return nil, 0, false, nil
	}
	raw, err = io.ReadAll(im.Reader)
	if err != nil || len(raw) == 0 {
		return nil, 0, false, nil
	}
	return raw, dpi, transposed, nil
}

// render runs pdftoppm for one page in gray at RenderDPI (lowered when the
// page would exceed MaxPixels) and reads its PGM from stdout.
func (s *pdfSource) render(ctx context.Context, n int, w, h float64) (*Page, error) {
	dpi := s.opt.RenderDPI
	if dpi <= 0 {
		dpi = 300
	}
	if px := (w / 72 * dpi) * (h / 72 * dpi); px > float64(s.opt.maxPixels()) {
		dpi = math.Floor(dpi * math.Sqrt(float64(s.opt.maxPixels())/px))
	}
	path, err := s.tempFile()
	if err != nil {
		return nil, err
	}
	timeout := s.opt.RenderTimeout
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	bin := s.opt.Pdftoppm
	if bin == "" {
		bin = "pdftoppm"
	}
	num := strconv.Itoa(n)
	cmd := exec.CommandContext(rctx, bin, "-r", strconv.FormatFloat(dpi, 'f', -1, 64), "-gray", "-f", num, "-l", num, path)
	var stderr bytes.Buffer
	cmd.Stderr = &limitedBuffer{buf: &stderr, max: 4096}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("render page %d: %w", n, err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("render page %d: start %s: %w", n, bin, err)
	}
	g, perr := readPGM(bufio.NewReaderSize(out, 1<<16), s.opt.Limits)
	if perr != nil {
		_, _ = io.Copy(io.Discard, out)
	}
	werr := cmd.Wait()
	if rctx.Err() != nil && ctx.Err() == nil {
		return nil, labrelay.Inputf("PDF page %d took longer than %s to render", n, timeout)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if werr != nil || perr != nil {
		msg := strings.TrimSpace(stderr.String())
		if msg == "" && perr != nil {
			msg = perr.Error()
		}
		if msg == "" {
			msg = werr.Error()
		}
		return nil, &labrelay.InputError{Reason: fmt.Sprintf("PDF page %d cannot be rendered: %s", n, firstLine(msg)), Err: errors.Join(werr, perr)}
	}
	return &Page{Number: n, Image: g, DPI: dpi, Origin: "pdf-render"}, nil
}

func (s *pdfSource) tempFile() (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.tmp != "" {
		return s.tmp, nil
	}
	f, err := os.CreateTemp(s.opt.TempDir, "labrelay-page-*.pdf")
	if err != nil {
		return "", fmt.Errorf("temp copy for pdftoppm: %w", err)
	}
	if _, err := f.Write(s.data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return "", fmt.Errorf("temp copy for pdftoppm: %w", err)
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return "", fmt.Errorf("temp copy for pdftoppm: %w", err)
	}
	s.tmp = f.Name()
	return s.tmp, nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

type limitedBuffer struct {
	buf *bytes.Buffer
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max - l.buf.Len(); room > 0 {
		l.buf.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

// readPGM reads one binary PGM (P5, maxval 255), checking its size before
// allocating.
func readPGM(r *bufio.Reader, lim Limits) (*image.Gray, error) {
	magic := make([]byte, 2)
	if _, err := io.ReadFull(r, magic); err != nil {
		return nil, fmt.Errorf("read PGM: %w", err)
	}
	if string(magic) != "P5" {
		return nil, fmt.Errorf("read PGM: not a binary PGM (%q)", magic)
	}
	var vals [3]int
	for i := range vals {
		v, err := pnmInt(r)
		if err != nil {
			return nil, fmt.Errorf("read PGM header: %w", err)
		}
		vals[i] = v
	}
	w, h, maxval := vals[0], vals[1], vals[2]
	if maxval != 255 {
		return nil, fmt.Errorf("read PGM: maxval %d", maxval)
	}
	if err := lim.checkPixels(w, h); err != nil {
		return nil, err
	}
	g := image.NewGray(image.Rect(0, 0, w, h))
	if _, err := io.ReadFull(r, g.Pix); err != nil {
		return nil, fmt.Errorf("read PGM pixels: %w", err)
	}
	return g, nil
}

// pnmInt reads a whitespace-separated decimal, skipping # comments, and
// consumes the single whitespace byte after it.
func pnmInt(r *bufio.Reader) (int, error) {
	var b byte
	var err error
	for {
		if b, err = r.ReadByte(); err != nil {
			return 0, err
		}
		if b == '#' {
			if _, err := r.ReadString('\n'); err != nil {
				return 0, err
			}
			continue
		}
		if b != ' ' && b != '\t' && b != '\n' && b != '\r' {
			break
		}
	}
	v := 0
	for digits := 0; ; digits++ {
		if b < '0' || b > '9' || digits > 9 {
			return 0, fmt.Errorf("bad number")
		}
		v = v*10 + int(b-'0')
		if b, err = r.ReadByte(); err != nil {
			return 0, err
		}
		if b == ' ' || b == '\t' || b == '\n' || b == '\r' {
			return v, nil
		}
	}
}

// EncodePGM writes g as a binary PGM: the cheapest lossless form Leptonica
// reads (no compression, header of a dozen bytes).
func EncodePGM(g *image.Gray) []byte {
	w, h := g.Rect.Dx(), g.Rect.Dy()
	head := fmt.Sprintf("P5\n%d %d\n255\n", w, h)
	out := make([]byte, len(head)+w*h)
	copy(out, head)
	o := len(head)
	for y := 0; y < h; y++ {
		copy(out[o+y*w:o+(y+1)*w], g.Pix[y*g.Stride:y*g.Stride+w])
	}
	return out
}
