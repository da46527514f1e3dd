// Package ocr reads scanned reports — images and image-only PDFs — with
// Tesseract (through gosseract) into the same positioned rows the PDF text
// path produces, so rule packs run unchanged on either.
//
// Page images come from extract/pageimage one at a time; each page is
// normalised to about 300 dpi, turned upright (Tesseract OSD), deskewed and
// recognised by a pool of Tesseract engines, one per worker. The package
// must not read flags or the environment: set OMP_THREAD_LIMIT=1 in the
// process (cmd/labrelay does) or Tesseract's OpenMP threads thrash and a
// page takes 8× longer.
package ocr
