// Package tess is the cgo side of OCR: Tesseract through gosseract for
// recognition, Tesseract's C API for orientation detection, and glibc's
// malloc_trim. Only the OCR worker process (cmd/labrelay-ocr) imports it:
// a crash in C code then costs one worker, not labrelay, and labrelay
// itself builds without cgo.
package tess
