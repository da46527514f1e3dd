package pdf

import (
	"bytes"
	"encoding/hex"
	"io"
	"unicode/utf16"

	lpdf "github.com/ledongthuc/pdf"
)

// toUnicode is a font's ToUnicode CMap for two-byte codes. It replaces
// ledongthuc's decoder, which adds the code's offset into a bfrange to the
// last byte of the destination only: with the common one-range identity
// map "<0000> <FFFF> <0000>" every code above 0xFF (all of CJK) decodes to
// a Latin-1 letter.
type toUnicode struct {
	chars  map[int]string
	ranges []cmapRange
}

type cmapRange struct {
	lo, hi int
	dst    []uint16   // first destination, incremented as a whole
	list   [][]uint16 // or one destination per code
}

const maxCMapSize = 4 << 20

// parseToUnicode reads a ToUnicode stream; nil when there is none or it
// holds no mapping.
func parseToUnicode(v lpdf.Value) (m *toUnicode) {
	if v.Kind() != lpdf.Stream {
		return nil
	}
	defer func() {
		if recover() != nil {
			m = nil
		}
	}()
	rc := v.Reader()
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxCMapSize))
	if err != nil {
		return nil
	}
	m = &toUnicode{chars: map[int]string{}}
	toks := cmapTokens(data)
	mode := ""
	var args []cmapTok
	for _, t := range toks {
		switch {
		case t.word == "beginbfchar" || t.word == "beginbfrange":
			mode, args = t.word, args[:0]
		case t.word == "endbfchar" || t.word == "endbfrange":
			mode = ""
		case mode == "beginbfchar" && !t.isWord():
			args = append(args, t)
			if len(args) == 2 {
				if args[0].hex != nil && args[1].hex != nil {
					m.chars[code(args[0].hex)] = decodeUTF16(args[1].hex)
				}
				args = args[:0]
			}
		case mode == "beginbfrange" && !t.isWord():
			args = append(args, t)
			if len(args) == 3 {
				if args[0].hex != nil && args[1].hex != nil {
					r := cmapRange{lo: code(args[0].hex), hi: code(args[1].hex)}
					switch {
					case args[2].hex != nil:
						r.dst = units(args[2].hex)
					default:
						for _, a := range args[2].list {
							r.list = append(r.list, units(a))
						}
					}
					if r.hi >= r.lo && len(m.ranges) < 100000 {
						m.ranges = append(m.ranges, r)
					}
				}
				args = args[:0]
			}
		}
	}
	if len(m.chars) == 0 && len(m.ranges) == 0 {
		return nil
	}
	return m
}

// decode maps one code to text; ok is false when the CMap does not cover it.
func (m *toUnicode) decode(c int) (string, bool) {
	if s, ok := m.chars[c]; ok {
		return s, true
	}
	for _, r := range m.ranges {
		if c < r.lo || c > r.hi {
			continue
		}
		off := c - r.lo
		if r.list != nil {
			if off < len(r.list) {
				return string(utf16.Decode(r.list[off])), true
			}
			return "", false
		}
		if len(r.dst) == 0 {
			return "", false
		}
		u := append([]uint16(nil), r.dst...)
		u[len(u)-1] += uint16(off)
		return string(utf16.Decode(u)), true
	}
	return "", false
}

type cmapTok struct {
	word string
	hex  []byte
	list [][]byte
}

func (t cmapTok) isWord() bool { return t.word != "" }

func cmapTokens(data []byte) []cmapTok {
	var out []cmapTok
	var list *[][]byte
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c == '<' && i+1 < len(data) && data[i+1] != '<':
			j := bytes.IndexByte(data[i:], '>')
			if j < 0 {
				return out
			}
			h := hexBytes(data[i+1 : i+j])
			i += j + 1
			if list != nil {
				*list = append(*list, h)
			} else {
				out = append(out, cmapTok{hex: h})
			}
		case c == '[':
			list = &[][]byte{}
			i++
		case c == ']':
			if list != nil {
				out = append(out, cmapTok{list: *list})
				list = nil
			}
			i++
		case c == '%':
			for i < len(data) && data[i] != '\n' && data[i] != '\r' {
				i++
			}
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i
			for j < len(data) && (data[j] >= 'a' && data[j] <= 'z' || data[j] >= 'A' && data[j] <= 'Z') {
				j++
			}
			out = append(out, cmapTok{word: string(data[i:j])})
			i = j
		default:
			i++
		}
	}
	return out
}

func hexBytes(b []byte) []byte {
	clean := make([]byte, 0, len(b))
	for _, c := range b {
		if c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' {
			clean = append(clean, c)
		}
	}
	if len(clean)%2 == 1 {
		clean = append(clean, '0')
	}
	out := make([]byte, len(clean)/2)
	hex.Decode(out, clean)
	return out
}

func code(b []byte) int {
	c := 0
	for _, x := range b {
		c = c<<8 | int(x)
	}
	return c
}

func units(b []byte) []uint16 {
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	return u
}

func decodeUTF16(b []byte) string { return string(utf16.Decode(units(b))) }
