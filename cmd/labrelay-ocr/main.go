// Command labrelay-ocr is labrelay's OCR worker process: the only program
// of the project that links Tesseract (cgo). labrelay starts a few of them
// and sends page images over stdin; each answers with positioned words and
// confidences on stdout (extract/ocr/ocrproto). A crash in Tesseract's C
// code then costs one worker and one retried page, not the relay.
//
// It is not meant to be run by hand: it reads frames until stdin closes.
// labrelay starts it with OMP_THREAD_LIMIT=1 and MALLOC_ARENA_MAX=2 in its
// environment (ocrproto.WorkerEnv): the libraries read them when they
// load, before main.
package main

/*
// crashNull writes through a null pointer: a segfault in C code, as a
// Tesseract bug would cause (the test hook).
static void crashNull(void) { *(volatile int*)0 = 0; }
*/
import "C"

import (
	"bufio"
	"errors"
	"fmt"
	"image"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
	"github.com/labrelay/labrelay/extract/ocr/tess"
)

func main() {
	if len(os.Args) > 1 {
		fmt.Fprintln(os.Stderr, "usage: labrelay-ocr (started by labrelay: it reads OCR requests on standard input)")
		os.Exit(2)
	}
	h, err := parseHook(os.Getenv(ocrproto.TestCrashEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, "labrelay-ocr:", err)
		os.Exit(2)
	}
	if tl := tess.ThreadLimit(); tl > 1 {
		fmt.Fprintf(os.Stderr, "labrelay-ocr: OpenMP thread limit is above 1 (%d): Tesseract pages will run several times slower; start it with OMP_THREAD_LIMIT=1\n", tl)
	}
	if err := serve(os.Stdin, os.Stdout, h); err != nil {
		fmt.Fprintln(os.Stderr, "labrelay-ocr:", err)
		os.Exit(1)
	}
}

// serve answers requests from r on w until r ends.
func serve(r io.Reader, w io.Writer, h hook) error {
	in := bufio.NewReaderSize(r, 1<<16)
	out := bufio.NewWriter(w)
	var engs engines
	defer engs.close()
	var buf []byte
	pages := 0
	for {
		var req ocrproto.Request
		var err error
		buf, err = ocrproto.ReadFrame(in, &req, buf)
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if req.Op == ocrproto.OpRecognize {
			pages++
			h.fire(pages)
		}
		resp := handle(engs.pick(&req), &req, buf)
		if err := ocrproto.WriteFrame(out, resp); err != nil {
			return err
		}
		if err := out.Flush(); err != nil {
			return err
		}
		if cap(buf) > 32<<20 { // an unusually large page: do not keep it
			buf = nil
		}
	}
}

// engines are a worker's Tesseract engines: main reads pages; others
// re-read cells in languages the pages are not read in (jpn for Japanese
// words chi_sim lacks, chi_sim alone for a Chinese name eng misread), so
// that such a request does not make main load its models again on every
// page. A page may ask for two such languages in turn: two are kept, the
// one used last first.
type engines struct {
	main   *tess.Engine
	others [2]*tess.Engine
}

// pick is the engine slot for req: cells in languages other than the
// main engine's go to the slot of an engine holding them, or to the slot
// of the engine used least lately.
func (e *engines) pick(req *ocrproto.Request) **tess.Engine {
	if req.Op != ocrproto.OpCells || e.main == nil || e.main.Is(languages(req)) {
		return &e.main
	}
	langs := languages(req)
	if e.others[0] == nil || !e.others[0].Is(langs) {
		// the slot used last is first: move the other there
		e.others[0], e.others[1] = e.others[1], e.others[0]
	}
	return &e.others[0]
}

func (e *engines) close() {
	for _, p := range append([]*tess.Engine{e.main}, e.others[:]...) {
		if p != nil {
			p.Close()
		}
	}
}

func languages(req *ocrproto.Request) []string {
	if len(req.Languages) == 0 {
		return []string{"eng"}
	}
	return req.Languages
}

// handle runs one request on the engine, creating it (or replacing it for
// other languages) first.
func handle(eng **tess.Engine, req *ocrproto.Request, body []byte) ocrproto.Response {
	resp := ocrproto.Response{ID: req.ID}
	langs := languages(req)
	thr := req.Thresholding
	if thr == "" {
		thr = "0"
	}
	if *eng != nil && !(*eng).Is(langs) {
		(*eng).Close()
		*eng = nil
	}
	if *eng == nil {
		e, err := tess.NewEngine(langs, thr)
		if err != nil {
			resp.Error, resp.Install = err.Error(), errors.Is(err, tess.ErrInstall)
			return resp
		}
		*eng = e
	}
	// per page: Sauvola for unevenly lit photos, Otsu for scans
	if err := (*eng).SetThresholding(thr); err != nil {
		resp.Error = err.Error()
		return resp
	}
	switch req.Op {
	case ocrproto.OpRecognize:
		if req.Format != ocrproto.FormatBMP || req.Width < 1 || req.Height < 1 || len(body) != ocrproto.BMPSize(req.Width, req.Height) {
			resp.Error = fmt.Sprintf("%s needs a %s body of the given size, got %s %d×%d in %d bytes", req.Op, ocrproto.FormatBMP, req.Format, req.Width, req.Height, len(body))
			break
		}
		words, err := (*eng).Recognize(body, max(1, req.DPI))
		if err != nil {
			resp.Error = err.Error()
		}
		resp.Words = words
	case ocrproto.OpOSD:
		g, err := grayPGM(req, body)
		if err != nil {
			resp.Error = err.Error()
			break
		}
		rot, conf, ok := (*eng).DetectOrientation(g, max(1, req.DPI))
		resp.OSD = &ocrproto.OSD{Rotate: rot, Conf: conf, OK: ok}
	case ocrproto.OpCells:
		g, err := grayPGM(req, body)
		if err != nil {
			resp.Error = err.Error()
			break
		}
		cells, err := (*eng).ReadCells(g, max(1, req.DPI), req.Cells, req.Whitelist, req.Block, req.Gray)
		if err != nil {
			resp.Error = err.Error()
		}
		resp.Cells = cells
	default:
		resp.Error = fmt.Sprintf("unknown operation %q", req.Op)
	}
	return resp
}

// grayPGM is the pixels of a binary PGM body of the request's size.
func grayPGM(req *ocrproto.Request, body []byte) (*image.Gray, error) {
	w, h := req.Width, req.Height
	if req.Format != ocrproto.FormatPGM || w < 1 || h < 1 || int64(w)*int64(h) > int64(len(body)) {
		return nil, fmt.Errorf("%s needs a %s body of the given size, got %s %d×%d in %d bytes", req.Op, ocrproto.FormatPGM, req.Format, w, h, len(body))
	}
	pix := body[len(body)-w*h:]
	return &image.Gray{Pix: pix, Stride: w, Rect: image.Rect(0, 0, w, h)}, nil
}

// hook is the test hook of ocrproto.TestCrashEnv.
type hook struct {
	mode string
	at   int
}

func parseHook(v string) (hook, error) {
	if v == "" {
		return hook{}, nil
	}
	mode, n, _ := strings.Cut(v, "@")
	at, err := strconv.Atoi(n)
	switch {
	case err != nil || at < 1:
		return hook{}, fmt.Errorf("%s=%q: want MODE@N, N ≥ 1", ocrproto.TestCrashEnv, v)
	case mode != "segv" && mode != "kill" && mode != "exit" && mode != "hang":
		return hook{}, fmt.Errorf("%s=%q: mode is segv, kill, exit or hang", ocrproto.TestCrashEnv, v)
	}
	return hook{mode: mode, at: at}, nil
}

// fire fails the worker as asked when page is the hook's page.
func (h hook) fire(page int) {
	if h.mode == "" || page != h.at {
		return
	}
	switch h.mode {
	case "segv":
		C.crashNull()
	case "kill":
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		time.Sleep(time.Minute) // the signal is delivered asynchronously
	case "exit":
		os.Exit(3)
	case "hang":
		time.Sleep(24 * time.Hour)
	}
}
