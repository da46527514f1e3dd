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
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/labrelay/labrelay"
)

// PDF options. Zero values mean the defaults.
type PDFOptions struct {
	Limits
	// Pdftoppm, Pdfimages and Pdfinfo are poppler's tools; default the
	// names on PATH.
	Pdftoppm, Pdfimages, Pdfinfo string
	// RenderDPI is the resolution of rendered pages; default 300.
	RenderDPI float64
	// RenderTimeout bounds one poppler run; default 60 s.
	RenderTimeout time.Duration
	// TempDir holds the one temporary copy of the PDF the tools read, and
	// each extracted page image while it is read; default os.TempDir().
	TempDir string
}

func (o PDFOptions) tool(set, name string) string {
	if set != "" {
		return set
	}
	return name
}

func (o PDFOptions) timeout() time.Duration {
	if o.RenderTimeout > 0 {
		return o.RenderTimeout
	}
	return 60 * time.Second
}

// pdfSource yields the page images of a scanned PDF.
//
// Choice: the PDF is written once to a temporary file and every page is
// read from it by poppler subprocesses, one page per run. Nothing of the
// document is parsed in this process: memory stays at one page image
// however long the PDF is (pdfcpu, used before, loaded every stream of the
// document and its optimiser copied them: 700 MB for a 100-page scan), a
// hostile file cannot crash or hang us (each run has a timeout), and this
// package does not link a PDF parser.
//
// A page whose only content is one JPEG (DCTDecode) image covering the
// page box — what scanners and scan-to-PDF tools write — yields that JPEG
// byte-identical (pdfimages -j), without re-rendering: no generation loss,
// and the resolution follows exactly from pixel size and page box. Every
// other page (vector pages, several images, masks, JBIG2, JPEG 2000, CCITT
// or Flate images) is rendered by pdftoppm at RenderDPI in gray.
type pdfSource struct {
	path  string // temp copy of the PDF
	dir   string // temp directory holding it
	pages []pdfPage
	opt   PDFOptions

	mu     sync.Mutex
	closed bool
}

// pdfPage is one page's box in points and its /Rotate.
type pdfPage struct {
	w, h   float64
	rotate int
}

// OpenPDF writes the PDF to a temporary file and reads its page count and
// page boxes with pdfinfo. Encrypted PDFs that need a password and
// unreadable files are InputErrors; a missing poppler is not.
func OpenPDF(ctx context.Context, data []byte, opt PDFOptions) (src Source, err error) {
	if !bytes.Contains(head(data, 1024), []byte("%PDF-")) {
		return nil, labrelay.Inputf("PDF is corrupt: no %%PDF- header")
	}
	dir, err := os.MkdirTemp(opt.TempDir, "labrelay-pdf-*")
	if err != nil {
		return nil, fmt.Errorf("temp copy of the PDF: %w", err)
	}
	s := &pdfSource{dir: dir, path: filepath.Join(dir, "doc.pdf"), opt: opt}
	defer func() {
		if err != nil {
			s.Close()
		}
	}()
	if err := os.WriteFile(s.path, data, 0o600); err != nil {
		return nil, fmt.Errorf("temp copy of the PDF: %w", err)
	}
	out, err := s.run(ctx, opt.tool(opt.Pdfinfo, "pdfinfo"), "-f", "1", "-l", strconv.Itoa(opt.maxPages()+1), s.path)
	if err != nil {
		return nil, err
	}
	n, pages, err := parsePDFInfo(out)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, labrelay.Inputf("PDF has no pages")
	}
	if err := opt.checkPages(n, true); err != nil {
		return nil, err
	}
	if len(pages) != n {
		return nil, labrelay.Inputf("PDF is corrupt: %d pages announced, %d readable", n, len(pages))
	}
	s.pages = pages
	return s, nil
}

func head(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// parsePDFInfo reads "Pages: N", "Page i size: W x H pts" and "Page i
// rot: R" lines.
func parsePDFInfo(out []byte) (int, []pdfPage, error) {
	n := 0
	var pages []pdfPage
	for line := range strings.Lines(string(out)) {
		f := strings.Fields(line)
		switch {
		case len(f) == 2 && f[0] == "Pages:":
			n, _ = strconv.Atoi(f[1])
		case len(f) >= 7 && f[0] == "Page" && f[2] == "size:" && f[4] == "x":
			i, _ := strconv.Atoi(f[1])
			w, _ := strconv.ParseFloat(f[3], 64)
			h, _ := strconv.ParseFloat(f[5], 64)
			if i != len(pages)+1 {
				return 0, nil, labrelay.Inputf("PDF is corrupt: page %d out of order", i)
			}
			if w < 1 || h < 1 || w > 14400 || h > 14400 {
				return 0, nil, labrelay.Inputf("PDF page %d has an implausible size of %.0f×%.0f points", i, w, h)
			}
			pages = append(pages, pdfPage{w: w, h: h})
		case len(f) == 4 && f[0] == "Page" && f[2] == "rot:":
			i, _ := strconv.Atoi(f[1])
			r, _ := strconv.Atoi(f[3])
			if i == len(pages) && i > 0 {
				pages[i-1].rotate = ((r % 360) + 360) % 360
			}
		}
	}
	return n, pages[:min(len(pages), n)], nil
}

// run runs one poppler tool with the source's timeout and returns its
// standard output (at most 1 MB). A non-zero exit is an InputError naming
// the tool's first line of complaint.
func (s *pdfSource) run(ctx context.Context, bin string, args ...string) ([]byte, error) {
	rctx, cancel := context.WithTimeout(ctx, s.opt.timeout())
	defer cancel()
	cmd := exec.CommandContext(rctx, bin, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &limitedBuffer{buf: &stdout, max: 1 << 20}
	cmd.Stderr = &limitedBuffer{buf: &stderr, max: 4096}
	err := cmd.Run()
	if err == nil {
		return stdout.Bytes(), nil
	}
	if cerr := ctx.Err(); cerr != nil {
		return nil, cerr
	}
	if rctx.Err() != nil {
		return nil, labrelay.Inputf("PDF took longer than %s to read (%s)", s.opt.timeout(), filepath.Base(bin))
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		return nil, fmt.Errorf("run %s: %w", bin, err)
	}
	msg := lastError(stderr.String())
	if strings.Contains(msg, "password") {
		return nil, &labrelay.InputError{Reason: "PDF is encrypted with a password; ask the lab for an unprotected copy", Err: err}
	}
	return nil, &labrelay.InputError{Reason: "PDF is corrupt or unsupported: " + msg, Err: err}
}

// lastError returns the most telling line of poppler's stderr: the last
// "Error" line, else the last line.
func lastError(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.Contains(lines[i], "Error") {
			return strings.TrimSpace(lines[i])
		}
	}
	if l := strings.TrimSpace(lines[len(lines)-1]); l != "" {
		return l
	}
	return "the PDF tools could not read it"
}

func (s *pdfSource) Pages() int { return len(s.pages) }

// Close removes the temporary copy.
func (s *pdfSource) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	return os.RemoveAll(s.dir)
}

func (s *pdfSource) Page(ctx context.Context, n int) (*Page, error) {
	if n < 1 || n > len(s.pages) {
		return nil, fmt.Errorf("page %d of a %d-page PDF", n, len(s.pages))
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	pg := s.pages[n-1]
	p, err := s.embeddedJPEG(ctx, n, pg)
	if err != nil {
		return nil, err
	}
	if p != nil {
		return p, nil
	}
	return s.render(ctx, n, pg.w, pg.h)
}

// EmbeddedJPEG returns the raw bytes of page n's full-page JPEG, exactly as
// stored in the PDF, or nil when the page is not a single-JPEG scan.
func EmbeddedJPEG(ctx context.Context, src Source, n int) ([]byte, error) {
	s, ok := src.(*pdfSource)
	if !ok {
		return nil, fmt.Errorf("not a PDF source")
	}
	if n < 1 || n > len(s.pages) {
		return nil, fmt.Errorf("page %d of a %d-page PDF", n, len(s.pages))
	}
	raw, _, err := s.jpegBytes(ctx, n, s.pages[n-1])
	return raw, err
}

// embeddedJPEG decodes page n's embedded JPEG when the page is a
// single-JPEG scan; nil, nil otherwise.
func (s *pdfSource) embeddedJPEG(ctx context.Context, n int, pg pdfPage) (*Page, error) {
	raw, dpi, err := s.jpegBytes(ctx, n, pg)
	if err != nil || raw == nil {
		return nil, err
	}
	cfg, err := decodeConfig(raw, MediaJPEG)
	if err != nil {
		return nil, nil // let pdftoppm try
	}
	if err := s.opt.checkPixels(cfg.Width, cfg.Height); err != nil {
		return nil, fmt.Errorf("page %d: %w", n, err)
	}
	one := &single{data: raw, mediaType: MediaJPEG, cfg: cfg}
	p, err := one.Page(ctx, 1)
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return nil, cerr
		}
		return nil, nil // a JPEG Go cannot decode (e.g. arithmetic coding): render instead
	}
	p.Number, p.DPI, p.Origin, p.Raw = n, dpi, "pdf-embedded-jpeg", raw
	// The page's /Rotate turns the displayed page clockwise. An image drawn
	// rotated by its matrix is left as stored: orientation detection
	// downstream turns it upright.
	if pg.rotate != 0 {
		p.Image = Rotate(p.Image, pg.rotate)
	}
	return p, nil
}

// pdfImage is one row of `pdfimages -list`.
type pdfImage struct {
	typ, enc   string
	w, h       int
	xppi, yppi float64
}

// jpegBytes lists page n's images and, when the page is one JPEG covering
// the page box, extracts it byte-identical and returns it with its
// resolution.
func (s *pdfSource) jpegBytes(ctx context.Context, num int, pg pdfPage) (raw []byte, dpi float64, err error) {
	page := strconv.Itoa(num)
	out, err := s.run(ctx, s.opt.tool(s.opt.Pdfimages, "pdfimages"), "-list", "-f", page, "-l", page, s.path)
	if err != nil {
		if labrelay.IsInputError(err) {
			return nil, 0, nil // let pdftoppm try, and say why if it fails too
		}
		return nil, 0, err
	}
	var ims []pdfImage
	for line := range strings.Lines(string(out)) {
		f := strings.Fields(line)
		if len(f) < 14 || f[0] != page {
			continue
		}
		w, _ := strconv.Atoi(f[3])
		h, _ := strconv.Atoi(f[4])
		xppi, _ := strconv.ParseFloat(f[12], 64)
		yppi, _ := strconv.ParseFloat(f[13], 64)
		ims = append(ims, pdfImage{typ: f[2], enc: f[8], w: w, h: h, xppi: xppi, yppi: yppi})
	}
	if len(ims) != 1 || ims[0].typ != "image" || ims[0].enc != "jpeg" {
		return nil, 0, nil
	}
	im := ims[0]
	iw, ih := float64(im.w), float64(im.h)
	if iw < 1 || ih < 1 || im.xppi <= 0 || im.yppi <= 0 {
		return nil, 0, nil
	}
	// Full-page scans have the page's aspect ratio (within 3%) and are
	// drawn over most of it.
	w, h := pg.w, pg.h
	switch {
	case math.Abs(iw/ih-w/h) <= 0.03*(w/h):
		dpi = iw / (w / 72)
	case math.Abs(iw/ih-h/w) <= 0.03*(h/w):
		dpi = iw / (h / 72)
	default:
		return nil, 0, nil
	}
	if drawn := (iw / im.xppi * 72) * (ih / im.yppi * 72); drawn < 0.9*w*h {
		return nil, 0, nil
	}
	if err := s.opt.checkPixels(im.w, im.h); err != nil {
		return nil, 0, fmt.Errorf("page %d: %w", num, err)
	}
	prefix := filepath.Join(s.dir, "p"+page)
	if _, err := s.run(ctx, s.opt.tool(s.opt.Pdfimages, "pdfimages"), "-j", "-f", page, "-l", page, s.path, prefix); err != nil {
		if labrelay.IsInputError(err) {
			return nil, 0, nil
		}
		return nil, 0, err
	}
	files, _ := filepath.Glob(prefix + "-*")
	defer func() {
		for _, f := range files {
			os.Remove(f)
		}
	}()
	if len(files) != 1 || filepath.Ext(files[0]) != ".jpg" {
		return nil, 0, nil // written as PPM/PBM: a filter chain pdfimages decoded
	}
	raw, err = os.ReadFile(files[0])
	if err != nil || len(raw) == 0 {
		return nil, 0, nil
	}
	return raw, dpi, nil
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
	timeout := s.opt.timeout()
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	bin := s.opt.tool(s.opt.Pdftoppm, "pdftoppm")
	num := strconv.Itoa(n)
	cmd := exec.CommandContext(rctx, bin, "-r", strconv.FormatFloat(dpi, 'f', -1, 64), "-gray", "-f", num, "-l", num, s.path)
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
