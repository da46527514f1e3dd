package native

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"github.com/labrelay/labrelay"
	textutil "github.com/labrelay/labrelay/internal/text"
)

// Limits bound what a document may hold before it is parsed into memory.
type Limits struct {
	// MaxDepth bounds element (XML) or object/array (JSON) nesting.
	MaxDepth int
	// MaxNodes bounds XML elements or JSON tokens.
	MaxNodes int
}

// DefaultLimits are generous for any real report and small enough that a
// hostile document fails in milliseconds.
var DefaultLimits = Limits{MaxDepth: 256, MaxNodes: 1_000_000}

func (l Limits) orDefault() Limits {
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultLimits.MaxDepth
	}
	if l.MaxNodes <= 0 {
		l.MaxNodes = DefaultLimits.MaxNodes
	}
	return l
}

// CheckXML scans an XML document with a streaming decoder and refuses it,
// with an *labrelay.InputError, when it holds a DOCTYPE or any other
// declaration (DTDs are how external entities and entity expansion get
// in), uses an undefined entity, nests deeper than MaxDepth, holds more
// than MaxNodes elements, has no single root element or is not well
// formed.
func CheckXML(data []byte, l Limits) error {
	l = l.orDefault()
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	depth, nodes, roots := 0, 0, 0
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return labrelay.Inputf("malformed XML: %s", textutil.OneLine(err.Error()))
		}
		switch t := tok.(type) {
		case xml.Directive:
			if bytes.HasPrefix(bytes.TrimSpace(t), []byte("DOCTYPE")) {
				return labrelay.Inputf("XML with a DOCTYPE is refused: DTDs and entities are not accepted")
			}
			return labrelay.Inputf("XML declarations (<!%s…>) are refused", firstWord(t))
		case xml.StartElement:
			if depth == 0 {
				roots++
				if roots > 1 {
					return labrelay.Inputf("malformed XML: more than one root element")
				}
			}
			depth++
			nodes++
			if depth > l.MaxDepth {
				return labrelay.Inputf("XML nests deeper than %d elements", l.MaxDepth)
			}
			if nodes > l.MaxNodes {
				return labrelay.Inputf("XML holds more than %d elements", l.MaxNodes)
			}
		case xml.EndElement:
			depth--
		case xml.CharData:
			if depth == 0 && len(bytes.TrimSpace(t)) > 0 {
				return labrelay.Inputf("malformed XML: text outside the root element")
			}
		case xml.ProcInst:
			if t.Target == "xml" {
				if enc := procInstEncoding(t.Inst); enc != "" && !strings.EqualFold(enc, "utf-8") {
					return labrelay.Inputf("XML in encoding %q is not supported; send UTF-8", enc)
				}
			}
		}
	}
	if roots == 0 {
		return labrelay.Inputf("malformed XML: no root element")
	}
	// RawToken does not check that tags pair up or resolve entities;
	// a second, strict pass with no entity table does.
	d = xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return labrelay.Inputf("malformed XML: %s", textutil.OneLine(err.Error()))
		}
	}
}

func procInstEncoding(inst []byte) string {
	s := string(inst)
	i := strings.Index(s, "encoding=")
	if i < 0 {
		return ""
	}
	s = s[i+len("encoding="):]
	if len(s) < 2 {
		return ""
	}
	q := s[0]
	if q != '"' && q != '\'' {
		return ""
	}
	if j := strings.IndexByte(s[1:], q); j >= 0 {
		return s[1 : 1+j]
	}
	return ""
}

func firstWord(b []byte) string {
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return ""
	}
	w := f[0]
	if len(w) > 20 {
		w = w[:20]
	}
	return w
}

// CheckJSON scans a JSON document token by token and refuses it, with an
// *labrelay.InputError, when it nests deeper than MaxDepth, holds more
// than MaxNodes tokens, is not well formed or holds more than one value.
// It runs before json.Unmarshal, so a 100,000-deep document fails at depth
// MaxDepth+1 instead of recursing.
func CheckJSON(data []byte, l Limits) error {
	l = l.orDefault()
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	depth, nodes, values := 0, 0, 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return labrelay.Inputf("malformed JSON: %s", textutil.OneLine(err.Error()))
		}
		nodes++
		if nodes > l.MaxNodes {
			return labrelay.Inputf("JSON holds more than %d values", l.MaxNodes)
		}
		if depth == 0 {
			values++
			if values > 1 {
				return labrelay.Inputf("malformed JSON: more than one top-level value")
			}
		}
		if delim, ok := tok.(json.Delim); ok {
			switch delim {
			case '{', '[':
				depth++
				if depth > l.MaxDepth {
					return labrelay.Inputf("JSON nests deeper than %d levels", l.MaxDepth)
				}
			default:
				depth--
			}
		}
	}
	if values == 0 {
		return labrelay.Inputf("malformed JSON: no value")
	}
	return nil
}
