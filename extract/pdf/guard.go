package pdf

import (
	"bytes"
	"regexp"
	"strconv"
)

// maxObjects is the PDF implementation limit on indirect objects (ISO
// 32000-1, Annex C). ledongthuc sizes its cross-reference table from
// numbers in the file before reading any object, so a damaged /Size or
// xref subsection ("0 4000000000") made it allocate gigabytes and the
// process die with an out-of-memory error, which no recover catches.
const maxObjects = 8388607

var (
	reSize  = regexp.MustCompile(`/Size\s*(\d+)`)
	reWidth = regexp.MustCompile(`/W\s*\[\s*(\d+)\s+(\d+)\s+(\d+)`)
)

// implausible says why the cross-reference data of a PDF cannot be
// parsed safely, or "" when it can.
func implausible(data []byte) string {
	for _, m := range reSize.FindAllSubmatch(data, -1) {
		if n, err := strconv.ParseInt(string(m[1]), 10, 64); err != nil || n > maxObjects {
			return "its cross-reference size is out of range"
		}
	}
	for off := 0; ; {
		i := bytes.Index(data[off:], []byte("/XRef"))
		if i < 0 {
			break
		}
		i += off
		off = i + 5
		m := reWidth.FindSubmatch(data[max(0, i-300):min(len(data), i+300)])
		if m == nil {
			continue
		}
		for _, w := range m[1:] {
			if n, err := strconv.Atoi(string(w)); err != nil || n > 8 {
				return "its cross-reference stream has impossible field widths"
			}
		}
	}
	for off := 0; ; {
		i := bytes.Index(data[off:], []byte("xref"))
		if i < 0 {
			break
		}
		off += i + 4
		if !xrefSectionsOK(data[off:]) {
			return "its cross-reference table numbers objects out of range"
		}
	}
	return ""
}

// xrefSectionsOK walks the subsection headers of a cross-reference table
// ("start count" followed by count entries) and checks the numbers stay
// within maxObjects.
func xrefSectionsOK(b []byte) bool {
	tok := func() string {
		i := 0
		for i < len(b) && (isSpace(b[i]) || b[i] == '%') {
			if b[i] == '%' { // a comment runs to the end of the line
				for i < len(b) && b[i] != '\n' && b[i] != '\r' {
					i++
				}
				continue
			}
			i++
		}
		j := i
		for j < len(b) && !isSpace(b[j]) && b[j] != '%' {
			j++
		}
		t := string(b[i:j])
		b = b[j:]
		return t
	}
	for sections := 0; sections < 1<<16; sections++ {
		start, err1 := strconv.ParseInt(tok(), 10, 64)
		if err1 != nil {
			return true // "trailer" or anything else ends the table
		}
		if start < 0 || start > maxObjects {
			return false
		}
		n, err2 := strconv.ParseInt(tok(), 10, 64)
		if err2 != nil {
			return true
		}
		if start < 0 || n < 0 || start > maxObjects || n > maxObjects || start+n > maxObjects {
			return false
		}
		for k := int64(0); k < 3*n && len(b) > 0; k++ {
			tok()
		}
	}
	return true
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}
