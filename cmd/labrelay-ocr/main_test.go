package main

import (
	"bytes"
	"image"
	"os/exec"
	"strings"
	"testing"

	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
	"github.com/labrelay/labrelay/internal/testenv"
)

// Cells read in other languages than the pages get engines of their own,
// two kept beside the page engine: none is rebuilt when requests
// alternate between them.
func TestEnginesKeptPerLanguage(t *testing.T) {
	out, _ := exec.Command("tesseract", "--list-langs").CombinedOutput()
	if !strings.Contains(string(out), "jpn") || !strings.Contains(string(out), "eng") || !strings.Contains(string(out), "chi_sim") {
		testenv.SkipOrFail(t, "tesseract with eng, jpn and chi_sim models is not installed (make deps)")
	}
	white := image.NewGray(image.Rect(0, 0, 64, 32))
	for i := range white.Pix {
		white.Pix[i] = 0xff
	}
	// a page to recognise comes as a BMP, the page of cells as a PGM
	page, cells := bytes.Join(ocrproto.BMP(white), nil), []byte("P5\n64 32\n255\n"+strings.Repeat("\xff", 64*32))
	req := func(op string, langs ...string) *ocrproto.Request {
		format := ocrproto.FormatPGM
		if op == ocrproto.OpRecognize {
			format = ocrproto.FormatBMP
		}
		return &ocrproto.Request{Op: op, Languages: langs, DPI: 300, Format: format, Width: 64, Height: 32,
			Cells: []ocrproto.Cell{{X: 0, Y: 0, W: 64, H: 32}}}
	}
	var engs engines
	defer engs.close()
	run := func(r *ocrproto.Request) {
		t.Helper()
		body := cells
		if r.Op == ocrproto.OpRecognize {
			body = page
		}
		if resp := handle(engs.pick(r), r, body); resp.Error != "" {
			t.Fatalf("%s %v: %s", r.Op, r.Languages, resp.Error)
		}
	}
	run(req(ocrproto.OpRecognize, "eng"))
	main := engs.main
	run(req(ocrproto.OpCells, "jpn"))
	jpn := engs.others[0]
	run(req(ocrproto.OpCells, "eng"))
	run(req(ocrproto.OpRecognize, "eng"))
	run(req(ocrproto.OpCells, "chi_sim"))
	chi := engs.others[0]
	run(req(ocrproto.OpCells, "jpn"))
	run(req(ocrproto.OpCells, "chi_sim"))
	run(req(ocrproto.OpCells, "jpn"))
	if main == nil || jpn == nil || chi == nil || engs.main != main || engs.others[0] != jpn || engs.others[1] != chi {
		t.Fatalf("engines rebuilt: main %p → %p, jpn %p, chi_sim %p → %p %p", main, engs.main, jpn, chi, engs.others[0], engs.others[1])
	}
	if !main.Is([]string{"eng"}) || !jpn.Is([]string{"jpn"}) || !chi.Is([]string{"chi_sim"}) {
		t.Error("engines hold the wrong languages")
	}
	// a third language takes the slot used least lately
	run(req(ocrproto.OpCells, "eng", "jpn"))
	if engs.others[1] != jpn || !engs.others[0].Is([]string{"eng", "jpn"}) {
		t.Error("the third language did not replace the engine used least lately")
	}
}
