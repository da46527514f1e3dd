package extract

import (
	"bytes"
)

// Media types the extractor reads.
const (
	MediaPDF  = "application/pdf"
	MediaPNG  = "image/png"
	MediaJPEG = "image/jpeg"
	MediaTIFF = "image/tiff"
	MediaXML  = "application/xml"
	MediaJSON = "application/json"
)

// Sniff returns the media type of data from its first bytes: one of the
// Media constants, or "" when the type is not supported (Unsupported says
// what it looks like). File names are never consulted.
func Sniff(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return MediaPNG
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return MediaJPEG
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return MediaTIFF
	case isPDF(data):
		return MediaPDF
	}
	text := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")), " \t\r\n")
	if len(text) == 0 {
		return ""
	}
	switch text[0] {
	case '<':
		if len(text) > 1 && (text[1] == '?' || text[1] == '!' || isNameStart(text[1])) {
			return MediaXML
		}
	case '{', '[':
		return MediaJSON
	}
	return ""
}

// isPDF accepts "%PDF-" within the first 1024 bytes, as readers do.
func isPDF(data []byte) bool {
	head := data
	if len(head) > 1024 {
		head = head[:1024]
	}
	return bytes.Contains(head, []byte("%PDF-"))
}

func isNameStart(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_' || c == ':' || c >= 0x80
}

var signatures = []struct {
	magic string
	what  string
}{
	{"\x7fELF", "an ELF executable"},
	{"MZ", "a Windows executable"},
	{"\xCA\xFE\xBA\xBE", "a Mach-O or Java class file"},
	{"\xCF\xFA\xED\xFE", "a Mach-O executable"},
	{"PK\x03\x04", "a ZIP archive (or a DOCX/XLSX document)"},
	{"PK\x05\x06", "an empty ZIP archive"},
	{"\x1F\x8B", "a gzip archive"},
	{"Rar!", "a RAR archive"},
	{"7z\xBC\xAF\x27\x1C", "a 7-Zip archive"},
	{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "a legacy Microsoft Office document"},
	{"GIF8", "a GIF image"},
	{"BM", "a BMP image"},
	{"RIFF", "a RIFF file (WebP, WAV or AVI)"},
	{"%!PS", "a PostScript file"},
	{"{\\rtf", "an RTF document"},
	{"\xFF\xFE", "UTF-16 text"},
	{"\xFE\xFF", "UTF-16 text"},
	{"\x00\x00\x00", "binary data"},
}

// Unsupported says, for a reason shown to a person, what data looks like
// when Sniff does not support it.
func Unsupported(data []byte) string {
	if len(data) == 0 {
		return "empty file"
	}
	for _, s := range signatures {
		if bytes.HasPrefix(data, []byte(s.magic)) {
			return "unsupported file type: looks like " + s.what
		}
	}
	if looksText(data) {
		return "unsupported file type: looks like plain text, not XML or JSON"
	}
	return "unsupported file type: not a PDF, PNG, JPEG, TIFF, XML or JSON file"
}

func looksText(data []byte) bool {
	if len(data) > 512 {
		data = data[:512]
	}
	for _, c := range data {
		if c < 0x09 || c > 0x0d && c < 0x20 && c != 0x1b {
			return false
		}
	}
	return true
}
