package pdfsig

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"strconv"
)

// Limits on hostile input: beyond them the file is refused, with a reason,
// before any digest is computed.
const (
	// MaxSignatures bounds the signatures checked in one file.
	MaxSignatures = 50
	// MaxContents bounds one signature's /Contents (hex-decoded); real CMS
	// signatures with a timestamp and a full chain stay under 64 KB.
	MaxContents = 1 << 20
)

// sigDict is one signature dictionary as found in the file.
type sigDict struct {
	start      int64 // offset of /ByteRange
	byteRange  [4]int64
	contents   []byte // hex-decoded /Contents
	dict       map[string]string
	field      string
	docMDP     int // DocMDP /P, 0 when the signature is not a certification
	rangeError string
}

var byteRangeKey = []byte("/ByteRange")

// findSignatures returns the signature dictionaries of data, in file
// order. A refused file (too many signatures) returns an error whose text
// is the reason.
func findSignatures(data []byte) ([]sigDict, error) {
	var out []sigDict
	for off := 0; ; {
		i := bytes.Index(data[off:], byteRangeKey)
		if i < 0 {
			break
		}
		at := off + i
		off = at + len(byteRangeKey)
		if len(out) == MaxSignatures {
			return nil, fmt.Errorf("the PDF holds more than %d signatures: refused unchecked", MaxSignatures)
		}
		out = append(out, readSigDict(data, at))
	}
	return out, nil
}

// readSigDict reads the signature dictionary holding the /ByteRange at at.
// A byte range that cannot be used sets rangeError.
func readSigDict(data []byte, at int) sigDict {
	s := sigDict{start: int64(at)}
	d, ok := enclosingDict(data, at)
	if !ok {
		s.rangeError = "the signature dictionary is malformed"
		return s
	}
	s.dict = d
	br, err := parseByteRange(d["ByteRange"])
	if err != nil {
		s.rangeError = err.Error()
		return s
	}
	s.byteRange = br
	if msg := checkRange(br, int64(len(data))); msg != "" {
		s.rangeError = msg
		return s
	}
	hole := data[br[1]:br[2]]
	if (len(hole)-2)/2 > MaxContents {
		s.rangeError = fmt.Sprintf("the signature's /Contents is %d KB, over the %d KB limit", (len(hole)-2)/2048, MaxContents/1024)
		return s
	}
	if len(hole) < 2 || hole[0] != '<' || hole[len(hole)-1] != '>' {
		s.rangeError = "the file was rewritten, so the signed bytes no longer line up with the signature"
		// Still read who signed, for the reviewer.
		if v := d["Contents"]; len(v) >= 2 && v[0] == '<' && len(v)/2 <= MaxContents {
			s.contents, _ = decodeHex([]byte(v[1 : len(v)-1]))
		}
		return s
	}
	s.contents, err = decodeHex(hole[1 : len(hole)-1])
	if err != nil {
		s.rangeError = "the signature's /Contents is not a hex string"
	}
	s.field = literal(d["T"])
	s.docMDP = docMDP(d["Reference"])
	return s
}

// checkRange says what is wrong with a byte range for a file of n bytes,
// or "".
func checkRange(br [4]int64, n int64) string {
	switch {
	case br[0] != 0:
		return "the signed byte range does not start at the beginning of the file"
	case br[1] < 0 || br[2] < 0 || br[3] < 0:
		return "the signed byte range holds a negative number"
	case br[1] > n || br[2] > n || br[3] > n || br[2]+br[3] > n:
		return fmt.Sprintf("the signed byte range points outside the file (%d bytes)", n)
	case br[2] <= br[1]:
		return "the signed byte range is out of order"
	}
	return ""
}

func parseByteRange(v string) ([4]int64, error) {
	var br [4]int64
	toks := tokens([]byte(v))
	if len(toks) != 6 || toks[0] != "[" || toks[5] != "]" {
		return br, fmt.Errorf("the signature's /ByteRange is not four numbers")
	}
	for i := range br {
		n, err := strconv.ParseInt(toks[i+1], 10, 64)
		if err != nil {
			return br, fmt.Errorf("the signature's /ByteRange is not four numbers")
		}
		br[i] = n
	}
	return br, nil
}

// decodeHex decodes a PDF hex string body: whitespace ignored, an odd
// final digit padded with 0 (PDF 7.3.4.3).
func decodeHex(b []byte) ([]byte, error) {
	clean := make([]byte, 0, len(b))
	for _, c := range b {
		if !isSpace(c) {
			clean = append(clean, c)
		}
	}
	if len(clean)%2 == 1 {
		clean = append(clean, '0')
	}
	out := make([]byte, len(clean)/2)
	_, err := hex.Decode(out, clean)
	return out, err
}

// enclosingDict finds the innermost dictionary around offset at that holds
// the /ByteRange, and reads its top-level entries. /Contents may come
// first, so it looks back as far as the largest /Contents allowed.
func enclosingDict(data []byte, at int) (map[string]string, bool) {
	lo := max(at-(2*MaxContents+64<<10), 0)
	for tries := 0; tries < 64; tries++ {
		i := bytes.LastIndex(data[lo:at], []byte("<<"))
		if i < 0 {
			return nil, false
		}
		at = lo + i
		d, end, ok := parseDict(data, at)
		if ok && end > at && d["ByteRange"] != "" {
			return d, true
		}
	}
	return nil, false
}

// docMDP reads the /P permission of a DocMDP signature reference array.
func docMDP(ref string) int {
	i := bytes.Index([]byte(ref), []byte("/DocMDP"))
	if i < 0 {
		return 0
	}
	j := bytes.Index([]byte(ref), []byte("/P "))
	if j < 0 {
		return 2 // the default of ISO 32000 12.8.2.2
	}
	toks := tokens([]byte(ref[j+2:]))
	if len(toks) > 0 {
		if p, err := strconv.Atoi(toks[0]); err == nil && p >= 1 && p <= 3 {
			return p
		}
	}
	return 2
}

// literal returns the text of a literal string value "(…)" without
// escapes resolved beyond the parentheses: enough for field names.
func literal(v string) string {
	if len(v) >= 2 && v[0] == '(' && v[len(v)-1] == ')' {
		return v[1 : len(v)-1]
	}
	return v
}
