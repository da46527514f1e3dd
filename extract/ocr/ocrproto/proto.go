// Package ocrproto is the framed protocol between labrelay and its OCR
// worker processes (cmd/labrelay-ocr): a page image in, positioned words
// with confidences out, over the worker's stdin and stdout. It is pure Go
// so that the main binary needs no cgo.
//
// A frame is a 4-byte big-endian length of a JSON header, a 4-byte
// big-endian length of a binary body, the header, then the body. A request
// body is the page image (a binary PGM, or PNG); a response has no body.
package ocrproto

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Operations a worker performs.
const (
	OpRecognize = "recognize" // words of the page
	OpOSD       = "osd"       // orientation of the page (Tesseract OSD)
	OpCells     = "cells"     // re-read of chosen cells of the page, one at a time
)

// Image formats of a request body.
const (
	FormatPGM = "pgm" // binary P5, 8-bit gray
	FormatPNG = "png"
	FormatBMP = "bmp" // 8-bit gray, rows bottom-up (BMP): a page to recognise
)

// Limits of one frame: a header is small; a body is one page image.
const (
	MaxHeader = 16 << 20
	MaxBody   = 512 << 20
)

// Request asks a worker for one operation on one page image.
type Request struct {
	ID uint64 `json:"id"`
	Op string `json:"op"`
	// Languages are the models to read with; OpCells may name others
	// than the pages' (the worker keeps an engine for each).
	Languages    []string `json:"languages,omitempty"`
	Thresholding string   `json:"thresholding,omitempty"`
	DPI          int      `json:"dpi"`
	Format       string   `json:"format"`
	Width        int      `json:"width,omitempty"` // of a PGM body, for OSD and cells
	Height       int      `json:"height,omitempty"`
	// Cells are the boxes OpCells re-reads, each cropped with a white
	// margin, scaled so its text is about CellHeight pixels tall, and read
	// as one line (page segmentation 7) with Whitelist as the only
	// characters allowed (empty: any).
	Cells     []Cell `json:"cells,omitempty"`
	Whitelist string `json:"whitelist,omitempty"`
	// Block reads each cell as a block of lines (page segmentation 6),
	// unscaled and with any character: a table's text cell whose lines
	// the page reading took for one line. CellText.Lines holds them.
	Block bool `json:"block,omitempty"`
	// Gray reads each cell as one line, unscaled and in its grey levels
	// for Tesseract to threshold, on a margin of the cell's paper: a Han
	// value's strokes, shrunk or thresholded on their own, run together
	// ("嘉" read as "囊").
	Gray bool `json:"gray,omitempty"`
}

// Cell is a box of the page image in pixels.
type Cell struct {
	X int `json:"x"`
	Y int `json:"y"`
	W int `json:"w"`
	H int `json:"h"`
}

// CellText is the reading of one Cell: its words joined by single spaces
// and the lowest word confidence in [0,100] (0 with no text).
type CellText struct {
	Text string  `json:"t"`
	Conf float64 `json:"c"`
	// Lines are a Block read's lines, boxes in page pixels.
	Lines []Word `json:"l,omitempty"`
}

// Word is one recognised word: its box in image pixels and Tesseract's
// confidence in [0,100].
type Word struct {
	Text string  `json:"t"`
	X    int     `json:"x"`
	Y    int     `json:"y"`
	W    int     `json:"w"`
	H    int     `json:"h"`
	Conf float64 `json:"c"`
}

// OSD is the result of orientation detection: Rotate is the clockwise
// rotation in degrees that turns the page upright; OK is false when the
// page had too little text to decide.
type OSD struct {
	Rotate int     `json:"rotate"`
	Conf   float64 `json:"conf"`
	OK     bool    `json:"ok"`
}

// Response answers the request of the same ID. Error is set when the
// operation failed but the worker lives on; Install marks an error that is
// the installation's (Tesseract or a language model missing), not the
// page's.
type Response struct {
	ID    uint64 `json:"id"`
	Words []Word `json:"words,omitempty"`
	OSD   *OSD   `json:"osd,omitempty"`
	// Cells answer OpCells, one per requested cell in order.
	Cells   []CellText `json:"cells,omitempty"`
	Error   string     `json:"error,omitempty"`
	Install bool       `json:"install,omitempty"`
}

// WriteFrame writes header as JSON and the body, given in pieces (a PGM
// header and the pixels, not copied into one buffer), as one frame.
func WriteFrame(w io.Writer, header any, body ...[]byte) error {
	h, err := json.Marshal(header)
	if err != nil {
		return err
	}
	n := 0
	for _, b := range body {
		n += len(b)
	}
	if n > MaxBody {
		return fmt.Errorf("%w: body of %d bytes", ErrFrame, n)
	}
	var lens [8]byte
	binary.BigEndian.PutUint32(lens[:4], uint32(len(h)))
	binary.BigEndian.PutUint32(lens[4:], uint32(n))
	if _, err := w.Write(lens[:]); err != nil {
		return err
	}
	if _, err := w.Write(h); err != nil {
		return err
	}
	for _, b := range body {
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

// ErrFrame reports a frame that breaks the protocol.
var ErrFrame = errors.New("ocrproto: bad frame")

// ReadFrame reads one frame, decoding its header into header; the body is
// read into buf (grown as needed) and returned. io.EOF means the stream
// ended cleanly between frames.
func ReadFrame(r io.Reader, header any, buf []byte) ([]byte, error) {
	var lens [8]byte
	if _, err := io.ReadFull(r, lens[:]); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return buf, fmt.Errorf("%w: truncated length", ErrFrame)
		}
		return buf, err
	}
	hl, bl := binary.BigEndian.Uint32(lens[:4]), binary.BigEndian.Uint32(lens[4:])
	if hl > MaxHeader || bl > MaxBody {
		return buf, fmt.Errorf("%w: header %d bytes, body %d bytes", ErrFrame, hl, bl)
	}
	h := make([]byte, hl)
	if _, err := io.ReadFull(r, h); err != nil {
		return buf, fmt.Errorf("%w: truncated header: %v", ErrFrame, err)
	}
	if err := json.Unmarshal(h, header); err != nil {
		return buf, fmt.Errorf("%w: header: %v", ErrFrame, err)
	}
	if cap(buf) < int(bl) {
		buf = make([]byte, bl)
	}
	buf = buf[:bl]
	if _, err := io.ReadFull(r, buf); err != nil {
		return buf, fmt.Errorf("%w: truncated body: %v", ErrFrame, err)
	}
	return buf, nil
}

// Environment of a worker process. The libraries read these when they
// load, before any Go code runs, so the parent must set them when it
// starts the worker.
//
// OMP_THREAD_LIMIT=1: Tesseract's OpenMP threads on shared cores made a
// page take 17 s instead of 2.2 s; the workers are the parallelism.
//
// MALLOC_ARENA_MAX=2: cgo calls land on any OS thread and glibc gives each
// thread its own arena, where the pages Tesseract frees stay resident.
var WorkerEnv = []string{"OMP_THREAD_LIMIT=1", "MALLOC_ARENA_MAX=2"}

// TestCrashEnv names the test hook of cmd/labrelay-ocr: MODE@N makes the
// worker fail on its N-th request after reading it, MODE one of segv (a
// write through a null pointer in C), kill (SIGKILL to itself), exit
// (exit status 3) or hang (sleep until killed). Only tests set it.
const TestCrashEnv = "LABRELAY_OCR_TEST_CRASH"
