package review

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strings"

	"github.com/labrelay/labrelay"
)

// maxSource bounds the source text shown on a native document's page.
const maxSource = 1 << 20

// isNative reports whether doc is a native XML or JSON report: it has no
// page images, and its page shows the source instead.
func isNative(doc labrelay.Document) bool {
	if e := doc.Extraction; e != nil {
		switch {
		case e.Path == labrelay.PathNativeXML || e.Path == labrelay.PathNativeJSON:
			return true
		case e.Source.MediaType != "":
			m := e.Source.MediaType
			return strings.HasSuffix(m, "/xml") || strings.HasSuffix(m, "+xml") || strings.HasSuffix(m, "/json") || strings.HasSuffix(m, "+json")
		}
	}
	switch strings.ToLower(path.Ext(doc.Source.Key)) {
	case ".xml", ".json":
		return true
	}
	return false
}

// nativeSource returns a native document's original file, pretty-printed
// where it parses, for the page to show (html/template escapes it).
func (s *Server) nativeSource(ctx context.Context, doc labrelay.Document) string {
	sum := doc.SHA256
	if sum == "" && doc.Extraction != nil {
		sum = doc.Extraction.Source.SHA256
	}
	data, err := s.store.GetBlob(ctx, sum)
	if err != nil {
		if !errors.Is(err, labrelay.ErrNotFound) {
			s.log.Error("review: read native source", "doc", doc.ID, "err", err)
		}
		return "(The original file is not stored.)"
	}
	out := prettySource(data)
	if len(out) > maxSource {
		out = strings.ToValidUTF8(out[:maxSource], "") + "\n… (cut: the file is longer)"
	}
	return out
}

// prettySource indents JSON or XML; anything else, or what does not
// parse, is returned as it is.
func prettySource(data []byte) string {
	trimmed := bytes.TrimSpace(data)
	if json.Valid(trimmed) {
		var buf bytes.Buffer
		if json.Indent(&buf, trimmed, "", "  ") == nil {
			return buf.String()
		}
	}
	if out, err := indentXML(trimmed); err == nil {
		return out
	}
	return strings.ToValidUTF8(string(data), "\uFFFD")
}

// indentXML re-writes XML token by token with indentation, keeping the
// prefixes as written (RawToken does not resolve namespaces).
func indentXML(data []byte) (string, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	var buf bytes.Buffer
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	for {
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", err
		}
		if cd, ok := tok.(xml.CharData); ok {
			if len(bytes.TrimSpace(cd)) == 0 {
				continue // the encoder indents
			}
			tok = xml.CharData(bytes.TrimSpace(cd))
		}
		if err := enc.EncodeToken(xml.CopyToken(tok)); err != nil {
			return "", err
		}
	}
	if err := enc.Flush(); err != nil {
		return "", err
	}
	return buf.String(), nil
}
