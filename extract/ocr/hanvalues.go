package ocr

import (
	"context"
	"errors"
	"image"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
)

// Han values misread in their page. A company's name or an address in
// Chinese beside its caption comes out of the page reading with a
// character or two wrong and a confidence near 0 ("苏州市喜瑞饪料制品有限公司"
// for 苏州市嘉瑞塑料制品有限公司 at 0.00): read with the ruling above it or a
// seal's edge beside it. Cropped alone, in its grey levels and at its
// size, and read as one line, the same pixels read right; thresholded
// on their own or shrunk to a numeric cell's height they do not ("嘉"
// reads "囊"). A long, doubtful word that is mostly Han is read again so
// (ocrproto.Request.Gray) with the page's own CJK models; the surest
// reading that is mostly Han too, about as long and clearly surer takes
// its place, at disagreeConf at most: a value that needed a second
// reading is not one to publish unreviewed.

const (
	// hanValueRunes is the fewest Han characters of a word read again:
	// a name or an address, not a caption or a verdict.
	hanValueRunes = 7
	// hanValueBelow is the confidence under which it is read again.
	hanValueBelow = 0.6
	// hanValueShare is the least share of Han and digits in the word and
	// in its reading ("10号3栋2楼" is an address's).
	hanValueShare = 0.8
	// hanValueMax caps the words read on a page: more is a page of
	// noise (a photo's shadows), not a few misread values.
	hanValueMax = 12
)

// findHanValues lists the words described above on a page that has sure
// Han, each as a one-word run.
func findHanValues(rows []labrelay.Row, lineH float64) []hanPrefix {
	if lineH <= 0 || !sureHan(rows) {
		return nil
	}
	var out []hanPrefix
	for ri, r := range rows {
		for wi, w := range r.Words {
			if w.Conf >= hanValueBelow || !hanValue(w.Text) {
				continue
			}
			out = append(out, hanPrefix{row: ri, from: wi, to: wi + 1, conf: w.Conf, box: cropAround(w.Box, lineH)})
		}
	}
	if len(out) > hanValueMax {
		return nil
	}
	return out
}

// hanValue reports text of hanValueRunes Han characters or more, Han and
// digits making hanValueShare of it, spaces aside.
func hanValue(t string) bool {
	han, other := 0, 0
	for _, c := range t {
		switch {
		case isHan(c):
			han++
		case unicode.IsDigit(c):
		case c == ' ':
			continue
		default:
			other++
		}
	}
	n := utf8.RuneCountInString(strings.ReplaceAll(t, " ", ""))
	return han >= hanValueRunes && float64(n-other) >= hanValueShare*float64(n)
}

// readHanValues reads the words findHanValues found with the page's CJK
// models and puts a clearly surer reading in each one's place.
func (r *Reader) readHanValues(ctx context.Context, g *image.Gray, dpi float64, num int, rows []labrelay.Row, lineH float64) error {
	vs := findHanValues(rows, lineH)
	if len(vs) == 0 {
		return nil
	}
	boxes := make([]ocrproto.Cell, len(vs))
	for i, v := range vs {
		boxes[i] = v.box
	}
	best := make([]hanRead, len(vs))
	for _, lang := range r.languages() {
		if lang == "eng" {
			continue
		}
		got, err := r.readBoxes(ctx, g, dpi, num, ocrproto.Request{Languages: []string{lang}, Gray: true}, boxes)
		if errors.Is(err, ErrTesseract) {
			continue
		}
		if err != nil {
			return err
		}
		for i := range min(len(got), len(vs)) {
			rd := hanRead{strings.ReplaceAll(strings.TrimSpace(got[i].Text), " ", ""), got[i].Conf / 100}
			r.log().Debug("ocr han value", "page", num, "lang", lang, "was", rows[vs[i].row].Words[vs[i].from].Text, "conf", vs[i].conf, "reread", rd.text, "reconf", rd.conf)
			if rd.conf > best[i].conf {
				best[i] = rd
			}
		}
	}
	applyHanValues(rows, vs, best)
	return nil
}

// applyHanValues puts each reading that is a Han value, no more than a
// quarter (two characters at least) longer or shorter than its word, and
// clearly surer, in the word's place at disagreeConf at most.
func applyHanValues(rows []labrelay.Row, vs []hanPrefix, reads []hanRead) {
	for i, v := range vs {
		if i >= len(reads) {
			break
		}
		rd := reads[i]
		w := &rows[v.row].Words[v.from]
		was := utf8.RuneCountInString(strings.ReplaceAll(w.Text, " ", ""))
		n := utf8.RuneCountInString(rd.text)
		if !hanValue(rd.text) || strings.ContainsFunc(rd.text, kana) && !strings.ContainsFunc(w.Text, kana) {
			continue
		}
		if math.Abs(float64(n-was)) > math.Max(2, float64(was)/4) || rd.conf < minReadConf || rd.conf < v.conf+hanGain {
			continue
		}
		w.Text, w.Conf = rd.text, math.Min(rd.conf, disagreeConf)
	}
}
