package review

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"net/http"
	"os/exec"
	"strconv"
	"sync"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/pageimage"
	"github.com/labrelay/labrelay/sign/pdfsig"
)

// Renderer turns a document's original file (Store.GetBlob by its SHA-256)
// into page images for the browser: PDF pages rendered by poppler's
// pdftoppm, PNG and JPEG served as they are, TIFF pages decoded by
// extract/pageimage (the OCR path's hardened reader, within Limits) and
// converted to gray PNG. Rendered pages are cached in memory. Set the
// fields, then use Page as Options.PageImages.
type Renderer struct {
	Store labrelay.BlobStore
	// Limits bound a decoded TIFF page (pixels) and page count; zero
	// values are extract/pageimage's defaults.
	Limits pageimage.Limits
	// DPI of rendered PDF pages; default 100.
	DPI float64
	// Command is the pdftoppm binary; default "pdftoppm".
	Command string
	// Timeout bounds one rendering; default 20s.
	Timeout time.Duration
	// CacheSize is how many pages are kept; default 64.
	CacheSize int

	once  sync.Once
	sem   chan struct{} // one pdftoppm at a time: the machine is shared
	mu    sync.Mutex
	cache map[string]PageImage
	order []string
}

func (p *Renderer) init() {
	p.once.Do(func() {
		if p.DPI <= 0 {
			p.DPI = 100
		}
		if p.Command == "" {
			p.Command = "pdftoppm"
		}
		if p.Timeout <= 0 {
			p.Timeout = 20 * time.Second
		}
		if p.CacheSize <= 0 {
			p.CacheSize = 64
		}
		p.sem = make(chan struct{}, 1)
		p.cache = map[string]PageImage{}
	})
}

// Page implements PageImageFunc. Errors: labrelay.ErrNotFound when the
// document has no stored file.
func (p *Renderer) Page(ctx context.Context, doc labrelay.Document, n int) (PageImage, error) {
	return p.page(ctx, doc, n, false)
}

// SignedPage implements PageImageFunc for the revision of a PDF that its
// lab signed, when later revisions changed it (lab signature "modified"):
// the file up to the end of the signature's byte range. Errors:
// labrelay.ErrNotFound when there is no such revision.
func (p *Renderer) SignedPage(ctx context.Context, doc labrelay.Document, n int) (PageImage, error) {
	return p.page(ctx, doc, n, true)
}

func (p *Renderer) page(ctx context.Context, doc labrelay.Document, n int, signed bool) (PageImage, error) {
	p.init()
	if doc.SHA256 == "" {
		return PageImage{}, fmt.Errorf("document %d has no stored file: %w", doc.ID, labrelay.ErrNotFound)
	}
	key := doc.SHA256 + "/" + strconv.Itoa(n)
	if signed {
		key += "/signed"
	}
	p.mu.Lock()
	img, ok := p.cache[key]
	p.mu.Unlock()
	if ok {
		return img, nil
	}
	img, err := p.render(ctx, doc, n, signed)
	if err != nil {
		return PageImage{}, fmt.Errorf("page %d of document %d: %w", n, doc.ID, err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.cache[key]; !ok {
		p.cache[key] = img
		p.order = append(p.order, key)
		for len(p.order) > p.CacheSize {
			delete(p.cache, p.order[0])
			p.order = p.order[1:]
		}
	}
	return img, nil
}

// render fetches the stored file (cut to its signed revision if signed)
// and renders page n.
func (p *Renderer) render(ctx context.Context, doc labrelay.Document, n int, signed bool) (PageImage, error) {
	data, err := p.Store.GetBlob(ctx, doc.SHA256)
	if err != nil {
		return PageImage{}, err
	}
	ct := http.DetectContentType(data)
	if signed {
		end := int64(0)
		if ct == "application/pdf" {
			_, end = pdfsig.Check(data).Outcome(nil)
		}
		if end <= 0 || end > int64(len(data)) {
			return PageImage{}, fmt.Errorf("no signed revision differs from the file: %w", labrelay.ErrNotFound)
		}
		data = data[:end]
	}
	switch ct {
	case "application/pdf":
		return p.renderPDF(ctx, data, n)
	case "image/png", "image/jpeg":
		return PageImage{ContentType: ct, Data: data}, nil
	}
	return p.imagePNG(ctx, data, n)
}

func (p *Renderer) renderPDF(ctx context.Context, data []byte, n int) (PageImage, error) {
	select {
	case p.sem <- struct{}{}:
		defer func() { <-p.sem }()
	case <-ctx.Done():
		return PageImage{}, ctx.Err()
	}
	ctx, cancel := context.WithTimeout(ctx, p.Timeout)
	defer cancel()
	page := strconv.Itoa(n)
	cmd := exec.CommandContext(ctx, p.Command, "-r", strconv.FormatFloat(p.DPI, 'f', -1, 64),
		"-f", page, "-l", page, "-png", "-singlefile", "-")
	cmd.Stdin = bytes.NewReader(data)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return PageImage{}, fmt.Errorf("pdftoppm took longer than %s", p.Timeout)
		}
		return PageImage{}, fmt.Errorf("pdftoppm: %w: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	if out.Len() == 0 {
		return PageImage{}, fmt.Errorf("pdftoppm rendered no page %d: %w", n, labrelay.ErrNotFound)
	}
	return PageImage{ContentType: "image/png", Data: out.Bytes()}, nil
}

// imagePNG decodes page n of a scan (TIFF) with extract/pageimage, which
// checks dimensions and page count before decoding a pixel.
func (p *Renderer) imagePNG(ctx context.Context, data []byte, n int) (PageImage, error) {
	src, err := pageimage.OpenImage(data, "", p.Limits)
	if err != nil {
		return PageImage{}, fmt.Errorf("the original file cannot be shown as a page image: %w", err)
	}
	defer src.Close()
	if n < 1 || n > src.Pages() {
		return PageImage{}, fmt.Errorf("the file has %d pages: %w", src.Pages(), labrelay.ErrNotFound)
	}
	page, err := src.Page(ctx, n)
	if err != nil {
		return PageImage{}, fmt.Errorf("the original file cannot be shown as a page image: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, page.Image); err != nil {
		return PageImage{}, err
	}
	return PageImage{ContentType: "image/png", Data: buf.Bytes()}, nil
}
