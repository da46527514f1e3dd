// Package pageimage turns scanned documents — PNG, JPEG, multi-page TIFF and
// image-only PDFs — into grayscale page images ready for OCR, one page at a
// time, and prepares them: EXIF orientation, quarter-turn rotation, small-
// angle deskew and scaling to a working resolution. On a colour page (an
// image, a scan PDF's JPEG) the ink of a red seal (or of two stamped
// overlapping) and of a blue signature is lifted off the print under it,
// to the paper around it when a photo washed its colour out, and on a gray
// page a seal's middle gray (seal.go).
//
// Every reader of outside bytes here checks dimensions and page counts before
// decoding anything, recovers panics from decoders, and reports input faults
// as *labrelay.InputError. The package does no OCR and never holds more than
// the page being asked for in memory (besides the input bytes themselves).
package pageimage
