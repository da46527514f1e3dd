// Package ocr reads scanned reports — images and image-only PDFs — with
// Tesseract into the same positioned rows the PDF text path produces, so
// rule packs run unchanged on either.
//
// Page images come from extract/pageimage one at a time; a photo of a page
// on a desk is unwarped to the page's corners and read with Sauvola
// thresholding; each page is normalised to about 300 dpi, deskewed and,
// when its first reading is doubtful, turned upright (Tesseract OSD), here
// in Go. Cells of numeric table columns are then read again one at a time
// (cells.go): enlarged, bilevel, as one line, with the column's characters
// only; the two readings are evidence for the cell's confidence. On a page
// with Chinese, a short doubtful cell that reads as junk or Han is read
// again with jpn (hancells.go): a Japanese "適合" chi_sim cannot read; a
// long doubtful Han value (a company's name, an address) is read again
// alone, in grey, as one line (hanvalues.go). A ruled
// table's lines, found on the page image (pageimage.FindRulings), make
// its cell grid: the words of one cell on one line become one word and
// rules read as "|" are dropped (grid.go); a comparison sign at the start
// of a cell is read from its pixels, where Tesseract reads "≤" as "=" or
// "<" (sign.go). Tesseract itself
// runs in a pool of worker processes (cmd/labrelay-ocr, the cgo side in
// extract/ocr/tess) that this package starts and speaks to over their
// stdin/stdout (extract/ocr/ocrproto): this package has no cgo, and a crash
// in Tesseract's C code costs one worker and a retried page. The package
// reads no flags or environment; it gives its workers OMP_THREAD_LIMIT=1
// and MALLOC_ARENA_MAX=2 (ocrproto.WorkerEnv) unless already set.
package ocr
