package ocr

import (
	"context"
	"errors"
	"image"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
	"github.com/labrelay/labrelay/internal/text"
)

// Latin words read as Han. Pages are read in eng+chi_sim, and chi_sim
// now and then reads a Latin word as one Han character ("ENSAYO" as 全
// at 0): a box far too wide for its characters, which are about as wide
// as tall. Such words are read again in eng alone; a Latin reading
// replaces the word, at most at disagreeConf.

const (
	// latinWide is how many times its height per character a Han
	// word's box must be wide to be a misread Latin word.
	latinWide = 2.5
	// latinMaxCells bounds the words read again on a page.
	latinMaxCells = 16
)

// latinCell is a word of a row to read again in eng.
type latinCell struct {
	row, word int
	box       ocrproto.Cell
}

// findLatinCells lists the doubtful Han words boxed far too wide for
// their characters.
func findLatinCells(rows []labrelay.Row, lineH float64) []latinCell {
	if lineH <= 0 {
		return nil
	}
	var out []latinCell
	for ri, r := range rows {
		for wi, w := range r.Words {
			t := strings.ReplaceAll(w.Text, " ", "")
			n := utf8.RuneCountInString(t)
			if !allHan(t) || w.Conf >= hanBelow || w.Box.H <= 0 || w.Box.W < latinWide*float64(n)*w.Box.H {
				continue
			}
			out = append(out, latinCell{row: ri, word: wi, box: cropAround(w.Box, lineH)})
		}
	}
	if len(out) > latinMaxCells {
		return nil
	}
	return out
}

// readLatinCells reads the words findLatinCells found in eng and puts a
// Latin reading, sure enough, in the word's place.
func (r *Reader) readLatinCells(ctx context.Context, g *image.Gray, dpi float64, num int, rows []labrelay.Row, lineH float64) error {
	cells := findLatinCells(rows, lineH)
	if len(cells) == 0 {
		return nil
	}
	boxes := make([]ocrproto.Cell, len(cells))
	for i, c := range cells {
		boxes[i] = c.box
	}
	reads, err := r.readBoxes(ctx, g, dpi, num, ocrproto.Request{Languages: []string{"eng"}}, boxes)
	if errors.Is(err, ErrTesseract) {
		return nil
	}
	if err != nil {
		return err
	}
	for i, c := range cells {
		if i >= len(reads) {
			break
		}
		text, conf := strings.TrimSpace(reads[i].Text), reads[i].Conf/100
		w := &rows[c.row].Words[c.word]
		r.log().Debug("ocr latin cell", "page", num, "was", w.Text, "conf", w.Conf, "reread", text, "reconf", conf)
		if latinReading(text) && conf >= minReadConf {
			w.Text, w.Conf = text, math.Min(conf, disagreeConf)
		}
	}
	return nil
}

// latinReading reports a reading of Latin letters, three or more, and no
// Han.
func latinReading(t string) bool {
	return text.Letters(t) >= 3 && !strings.ContainsFunc(t, isHan)
}
