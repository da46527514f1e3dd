package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"time"

	lpdf "github.com/ledongthuc/pdf"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract"
	"github.com/labrelay/labrelay/internal/text"
)

// Defaults used when the Reader's settings are zero.
const (
	DefaultMaxPages = 300
	DefaultTimeout  = 60 * time.Second
)

// PageFunc reads one page (1-based) of a PDF some other way, e.g. by OCR of
// its rendered image. It returns the page's rows with Path set to the path
// it took (labrelay.PathOCR).
type PageFunc func(ctx context.Context, data []byte, page int) (*labrelay.Page, error)

// NewReader returns a Reader with poppler's pdftotext as the fallback
// when it is installed (what `labrelay extract` uses).
func NewReader() *Reader {
	r := &Reader{}
	if p, err := exec.LookPath("pdftotext"); err == nil {
		r.Pdftotext = p
	}
	return r
}

// Reader reads the text layer of PDFs. The zero value is usable: no
// pdftotext fallback, no OCR hook, default limits.
type Reader struct {
	// MaxPages bounds the pages read; a longer file is an InputError.
	// 0 means DefaultMaxPages.
	MaxPages int
	// Timeout bounds the whole document, fallbacks included. 0 means
	// DefaultTimeout.
	Timeout time.Duration
	// Pdftotext is the path of poppler's pdftotext, run for pages whose
	// own text layer is unusable; "" disables that fallback.
	Pdftotext string
	// OCR, when set, reads pages that neither the text layer nor pdftotext
	// could read. When nil such pages are returned with Path PathOCR, no
	// rows and a Reason, for the caller to OCR.
	OCR PageFunc
}

var _ extract.LayoutReader = (*Reader)(nil)

// ReadLayout returns one labrelay.Page per page of the PDF in data.
// Damaged, encrypted, oversize (in pages) or too-slow files give a
// *labrelay.InputError; a cancelled ctx gives ctx.Err().
func (r *Reader) ReadLayout(ctx context.Context, data []byte, mediaType string) (*labrelay.Layout, error) {
	timeout := r.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	tctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	type result struct {
		l   *labrelay.Layout
		err error
	}
	done := make(chan result, 1)
	go func() {
		// The parser cannot be interrupted: on timeout this goroutine
		// finishes on its own and its result is dropped.
		l, err := r.read(tctx, data)
		done <- result{l, err}
	}()
	select {
	case res := <-done:
		if res.err != nil && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if res.err != nil && tctx.Err() != nil && !labrelay.IsInputError(res.err) {
			return nil, timeoutError(timeout)
		}
		return res.l, res.err
	case <-tctx.Done():
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, timeoutError(timeout)
	}
}

func timeoutError(d time.Duration) error {
	return labrelay.Inputf("reading the PDF took longer than %s; the file may be damaged or too complex to read", d)
}

// doc is an open document and what its pages need.
type doc struct {
	r    *lpdf.Reader
	data []byte // the bytes actually parsed (decrypted, repaired)
	// repaired: the cross-reference table was rebuilt to read the file.
	repaired bool
}

func (r *Reader) read(ctx context.Context, data []byte) (*labrelay.Layout, error) {
	max := r.MaxPages
	if max <= 0 {
		max = DefaultMaxPages
	}
	d, n, err := openCounted(data)
	if err != nil {
		var se *structureError
		if r.Pdftotext == "" || !errors.As(err, &se) {
			return nil, err
		}
		// The last resort of a file no repair made readable: poppler,
		// which reads what it can; what it refuses stays refused.
		l, perr := r.popplerDoc(ctx, data, max, err)
		if perr != nil {
			if labrelay.IsInputError(perr) {
				return nil, perr
			}
			return nil, err
		}
		return l, nil
	}
	if n > max {
		return nil, labrelay.Inputf("the PDF has %d pages, more than the %d this service reads", n, max)
	}
	// poppler (pdftotext, pdftoppm for OCR) reads the file as it came: it
	// decrypts and reconstructs by itself, and a copy that our decryption
	// or repair got wrong (streams of a shifted encrypted file no longer
	// inflate) would make it fail too.
	fb := &fallback{bin: r.Pdftotext, data: data}
	defer fb.close()
	l := &labrelay.Layout{Pages: make([]labrelay.Page, 0, n)}
	for i := 1; i <= n; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p := r.page(ctx, d, fb, i)
		if d.repaired {
			p.Reason = joinReason(ReasonRepaired, p.Reason)
		}
		l.Pages = append(l.Pages, p)
	}
	if d.repaired {
		l.Review = append(l.Review, ReasonRepaired)
	}
	return l, nil
}

func joinReason(a, b string) string {
	if b == "" {
		return a
	}
	return a + "; " + b
}

// structureError marks a file whose structure the parser could not read,
// which a rebuilt cross-reference table or poppler may still read (unlike
// a file refused by a guard, or encrypted).
type structureError struct{ err error }

func (e *structureError) Error() string { return e.err.Error() }
func (e *structureError) Unwrap() error { return e.err }

// openCounted opens the document and counts its pages; when either fails
// on the file's structure, it retries once with the cross-reference table
// rebuilt by scanning the objects.
func openCounted(data []byte) (*doc, int, error) {
	d, err := open(data)
	n := 0
	if err == nil {
		if n, err = numPages(d.r); err == nil && n == 0 {
			err = &labrelay.InputError{Reason: "the PDF has no pages", Err: &structureError{errors.New("no pages")}}
		}
		if err != nil && !d.repaired {
			var ie *labrelay.InputError
			if errors.As(err, &ie) && ie.Err != nil {
				ie.Err = &structureError{ie.Err}
			}
		}
	}
	var se *structureError
	if err == nil || !errors.As(err, &se) || d != nil && d.repaired {
		return d, n, err
	}
	base := data
	if d != nil {
		base = d.data
	}
	rd, rerr := openRebuilt(base)
	if rerr != nil {
		return nil, 0, err
	}
	rn, rerr := numPages(rd.r)
	if rerr != nil || rn == 0 {
		return nil, 0, err
	}
	return rd, rn, nil
}

// openRebuilt opens data with its cross-reference table rebuilt.
func openRebuilt(data []byte) (*doc, error) {
	if i := bytes.Index(head(data, 1024), []byte("%PDF-")); i > 0 {
		data = data[i:]
	}
	rb, err := rebuildXref(repair(data))
	if err != nil {
		return nil, err
	}
	r, err := newReader(rb)
	if err != nil {
		return nil, err
	}
	return &doc{r: r, data: rb, repaired: true}, nil
}

// page reads page i, falling back as needed; it never fails: a page that
// cannot be read is returned with Path PathOCR and a Reason.
func (r *Reader) page(ctx context.Context, d *doc, fb *fallback, i int) labrelay.Page {
	p, err := readPage(d.r, i)
	if err == nil {
		reason := unusable(&p)
		if reason == "" {
			return p
		}
		err = errors.New(reason)
	}
	reason := "text layer unusable: " + err.Error()
	if fb.bin != "" {
		fp, ferr := fb.page(ctx, i, p.Width, p.Height)
		if ferr == nil {
			if why := unusable(fp); why == "" {
				fp.Reason = reason
				return *fp
			} else {
				reason += "; pdftotext: " + why
			}
		} else {
			reason += "; pdftotext: " + ferr.Error()
		}
	}
	if r.OCR != nil {
		op, oerr := r.ocr(ctx, fb.data, i)
		if oerr == nil && op != nil {
			op.Number = i
			if op.Reason == "" {
				op.Reason = reason
			}
			return *op
		}
		if oerr != nil {
			reason += "; OCR: " + oerr.Error()
		}
	}
	return labrelay.Page{Number: i, Width: p.Width, Height: p.Height, Unit: "pt",
		Path: labrelay.PathOCR, Reason: reason, Rows: []labrelay.Row{}}
}

func (r *Reader) ocr(ctx context.Context, data []byte, i int) (p *labrelay.Page, err error) {
	defer func() {
		if x := recover(); x != nil {
			p, err = nil, fmt.Errorf("OCR failed: %v", x)
		}
	}()
	return r.OCR(ctx, data, i)
}

// open parses the document, repairing what is harmless to repair (a PDF
// 2.0 header, bytes after %%EOF) and removing an owner-password-only
// encryption, which every PDF viewer ignores.
func open(data []byte) (d *doc, err error) {
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		if i := bytes.Index(head(data, 1024), []byte("%PDF-")); i > 0 {
			data = data[i:]
		} else {
			return nil, labrelay.Inputf("the file is not a PDF (no %%PDF- header)")
		}
	}
	data = repair(data)
	if why := implausible(data); why != "" {
		return nil, labrelay.Inputf("the PDF is damaged and cannot be read safely (%s)", why)
	}
	r, err := newReader(data)
	if err == nil {
		return &doc{r: r, data: data}, nil
	}
	if encrypted(data) {
		plain, derr := decrypt(data)
		if derr != nil {
			// structureError: a damaged file pdfcpu cannot decrypt may still
			// open in poppler without a password; one that needs a password
			// poppler refuses too, and this reason stands.
			return nil, &labrelay.InputError{Reason: "the PDF is encrypted and cannot be opened without a password; ask the lab for an unprotected copy", Err: &structureError{derr}}
		}
		plain = repair(plain)
		if why := implausible(plain); why != "" {
			return nil, labrelay.Inputf("the PDF is damaged and cannot be read safely (%s)", why)
		}
		if r, err2 := newReader(plain); err2 == nil {
			return &doc{r: r, data: plain}, nil
		}
		return nil, &labrelay.InputError{Reason: "the PDF is encrypted in a way this service cannot read; ask the lab for an unprotected copy", Err: &structureError{err}}
	}
	return nil, &labrelay.InputError{Reason: "the PDF is damaged or truncated and cannot be read (" + text.OneLine(err.Error()) + ")", Err: &structureError{err}}
}

func head(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// repair returns data with a header ledongthuc accepts, nothing after the
// last %%EOF and a startxref tail it finds (fixTail); it copies only when it
// changes something.
func repair(data []byte) []byte {
	out := data
	copied := false
	cp := func() {
		if !copied {
			out = append([]byte(nil), out...)
			copied = true
		}
	}
	// The parser accepts only "%PDF-1.0".."%PDF-1.7" followed by a newline.
	if len(out) > 9 && (out[5] != '1' || out[7] > '7' || out[8] != '\n' && out[8] != '\r') {
		if out[6] == '.' && out[5] >= '1' && out[5] <= '2' {
			cp()
			out[5], out[7] = '1', '7'
			if out[8] != '\n' && out[8] != '\r' {
				out[8] = '\n'
			}
		}
	}
	tail := bytes.TrimRight(out[max(0, len(out)-100):], "\r\n\t \x00")
	if !bytes.HasSuffix(tail, []byte("%%EOF")) {
		if i := bytes.LastIndex(out[max(0, len(out)-4096):], []byte("%%EOF")); i >= 0 {
			end := max(0, len(out)-4096) + i + len("%%EOF")
			out = append(out[:end:end], '\n')
		}
	}
	return fixTail(out)
}

func newReader(data []byte) (r *lpdf.Reader, err error) {
	defer func() {
		if x := recover(); x != nil {
			r, err = nil, panicError(x)
		}
	}()
	return lpdf.NewReader(bytes.NewReader(data), int64(len(data)))
}

func encrypted(data []byte) bool {
	return bytes.Contains(data, []byte("/Encrypt"))
}

func numPages(r *lpdf.Reader) (n int, err error) {
	defer func() {
		if x := recover(); x != nil {
			n, err = 0, &labrelay.InputError{Reason: "the PDF is damaged and its pages cannot be counted", Err: panicError(x)}
		}
	}()
	return r.NumPage(), nil
}

func panicError(x any) error {
	if e, ok := x.(error); ok {
		return e
	}
	return fmt.Errorf("%v", x)
}
