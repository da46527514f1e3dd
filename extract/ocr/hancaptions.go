package ocr

import (
	"math"
	"strings"

	"github.com/labrelay/labrelay"
)

// Han captions read as Latin junk. On a photo of a page whose captions
// are Chinese (报告日期, 申请单位, 款号 down the left), some captions come
// out as doubtful Latin ("are", "(a =)", "SARA") and their fields are
// lost. A row's first words that are doubtful and hold no Han, before
// the caption's colon, standing where three rows or more start with a
// sure Han caption, are read again as one crop with each CJK model, with
// the Han prefixes; the page language's reading, when CJK only (leader
// dots aside) and sure enough, takes their place at most at
// disagreeConf.

const (
	// hanCaptionSure is the least confidence of a Han caption that marks
	// the caption column.
	hanCaptionSure = 0.75
	// hanCaptionRows is how many rows must start with one there.
	hanCaptionRows = 3
	// hanCaptionJunk is the confidence under which a first word is junk.
	hanCaptionJunk = 0.6
)

// findHanCaptions lists the runs described above.
func findHanCaptions(rows []labrelay.Row, lineH float64) []hanPrefix {
	if lineH <= 0 || !sureHan(rows) {
		return nil
	}
	var starts []float64
	for _, r := range rows {
		if len(r.Words) > 1 && r.Words[0].Conf >= hanCaptionSure && allHan(strings.TrimRight(r.Words[0].Text, leaderTail)) {
			starts = append(starts, r.Words[0].Box.X)
		}
	}
	if len(starts) < hanCaptionRows {
		return nil
	}
	column := func(x float64) bool {
		n := 0
		for _, s := range starts {
			if math.Abs(s-x) <= 0.5*lineH {
				n++
			}
		}
		return n >= hanCaptionRows
	}
	var out []hanPrefix
	for ri, r := range rows {
		ws := r.Words
		if len(ws) < 2 || !column(ws[0].Box.X) {
			continue
		}
		to := 0
		for to < len(ws)-1 && ws[to].Conf < hanCaptionJunk && !strings.ContainsFunc(ws[to].Text, cjk) &&
			strings.Trim(ws[to].Text, leaderTail+";") != "" {
			to++
		}
		if to == 0 {
			continue
		}
		p := hanPrefix{row: ri, from: 0, to: to, conf: 1}
		var b labrelay.Box
		for _, w := range ws[:to] {
			b = b.Union(w.Box)
			p.conf = math.Min(p.conf, w.Conf)
		}
		if b.W < lineH {
			continue
		}
		p.box = cropAround(b, lineH)
		out = append(out, p)
	}
	if len(out) > hanMaxCells {
		return nil
	}
	return out
}

// applyHanCaptions puts in each run's place the reading of the page's
// language (pageLanguage: jpn reads a Chinese caption as surely wrong
// characters, "栓測日其" for 检测日期) when it is CJK only, its leader dots
// and colon aside, at minReadConf or more; rows with skip set are left
// alone.
func applyHanCaptions(rows []labrelay.Row, cs []hanPrefix, byLang [][]hanRead, skip map[int]bool) {
	if len(cs) == 0 {
		return
	}
	reads, _ := pageLanguage(byLang)
	for i := len(cs) - 1; i >= 0; i-- {
		p := cs[i]
		if skip[p.row] || i >= len(reads) {
			continue
		}
		rd := reads[i]
		rd.text = strings.TrimRight(rd.text, leaderTail+"·")
		if !allCJK(rd.text) || rd.conf < minReadConf {
			continue
		}
		replaceRun(rows, p, rd.text, rd.conf)
	}
}
