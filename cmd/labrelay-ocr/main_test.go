package main

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
	"github.com/labrelay/labrelay/internal/testenv"
)

// Cells read in another language than the pages get an engine of their
// own, kept beside the page engine: neither is rebuilt when requests
// alternate between them.
func TestEnginesKeptPerLanguage(t *testing.T) {
	out, _ := exec.Command("tesseract", "--list-langs").CombinedOutput()
	if !strings.Contains(string(out), "jpn") || !strings.Contains(string(out), "eng") {
		testenv.SkipOrFail(t, "tesseract with eng and jpn models is not installed (make deps)")
	}
	body := []byte("P5\n64 32\n255\n" + strings.Repeat("\xff", 64*32))
	req := func(op string, langs ...string) *ocrproto.Request {
		return &ocrproto.Request{Op: op, Languages: langs, DPI: 300, Format: ocrproto.FormatPGM, Width: 64, Height: 32,
			Cells: []ocrproto.Cell{{X: 0, Y: 0, W: 64, H: 32}}}
	}
	var engs engines
	defer engs.close()
	run := func(r *ocrproto.Request) {
		t.Helper()
		if resp := handle(engs.pick(r), r, body); resp.Error != "" {
			t.Fatalf("%s %v: %s", r.Op, r.Languages, resp.Error)
		}
	}
	run(req(ocrproto.OpRecognize, "eng"))
	main := engs.main
	run(req(ocrproto.OpCells, "jpn"))
	other := engs.other
	run(req(ocrproto.OpCells, "eng"))
	run(req(ocrproto.OpRecognize, "eng"))
	run(req(ocrproto.OpCells, "jpn"))
	if main == nil || other == nil || engs.main != main || engs.other != other {
		t.Fatalf("engines rebuilt: main %p → %p, other %p → %p", main, engs.main, other, engs.other)
	}
	if !main.Is([]string{"eng"}) || !other.Is([]string{"jpn"}) {
		t.Error("engines hold the wrong languages")
	}
}
