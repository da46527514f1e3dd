package native

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/beevik/etree"

	"github.com/labrelay/labrelay"
	textutil "github.com/labrelay/labrelay/internal/text"
	"github.com/labrelay/labrelay/normalize"
	"github.com/labrelay/labrelay/sign/labsig"
)

// Media types the set reads.
const (
	MediaXML  = "application/xml"
	MediaJSON = "application/json"
)

// Set is an ordered list of mappings: the first whose match holds reads a
// document.
type Set struct {
	Mappings []*Mapping
	// Limits bound documents before they are parsed (DefaultLimits when
	// zero).
	Limits Limits
	// Trust holds the labs' signing keys, by mapping name, lab family
	// ("SGS", "BV") or AnyLab. Signed reports are verified against the
	// entry of the mapping that reads them; without one they are invalid.
	Trust map[string]Trust
}

//go:embed mappings/*.yaml
var embedded embed.FS

var defaultSet = sync.OnceValues(func() (*Set, error) {
	return LoadFS(embedded, "mappings")
})

// DefaultSet returns the mappings shipped with labrelay (SGS XML, BV JSON).
// It panics if they do not load, which a test catches.
func DefaultSet() *Set {
	s, err := defaultSet()
	if err != nil {
		panic(err)
	}
	return &Set{Mappings: s.Mappings}
}

// LoadDir reads every *.yaml and *.yml mapping file in dir, in name order.
func LoadDir(dir string) (*Set, error) {
	s, err := LoadFS(os.DirFS(dir), ".")
	if err != nil {
		return nil, err
	}
	if len(s.Mappings) == 0 {
		return nil, fmt.Errorf("no mapping files (*.yaml) in %s", dir)
	}
	return s, nil
}

// LoadFS reads every *.yaml and *.yml mapping file in dir of fsys.
func LoadFS(fsys fs.FS, dir string) (*Set, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("read mappings: %w", err)
	}
	s := &Set{}
	names := map[string]string{}
	for _, e := range entries {
		ext := filepath.Ext(e.Name())
		if e.IsDir() || ext != ".yaml" && ext != ".yml" {
			continue
		}
		p := filepath.ToSlash(filepath.Join(dir, e.Name()))
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, fmt.Errorf("read mappings: %w", err)
		}
		m, err := ParseMapping(e.Name(), data)
		if err != nil {
			return nil, err
		}
		if prev, dup := names[m.Name]; dup {
			return nil, fmt.Errorf("mapping %s: name %q already used by %s", e.Name(), m.Name, prev)
		}
		names[m.Name] = e.Name()
		s.Mappings = append(s.Mappings, m)
	}
	sort.SliceStable(s.Mappings, func(i, j int) bool { return s.Mappings[i].Name < s.Mappings[j].Name })
	return s, nil
}

// Combine joins sets; mappings of earlier sets are tried first, so a
// user's directory can override a shipped mapping.
func Combine(sets ...*Set) *Set {
	out := &Set{}
	for _, s := range sets {
		if s == nil {
			continue
		}
		out.Mappings = append(out.Mappings, s.Mappings...)
		if out.Limits == (Limits{}) {
			out.Limits = s.Limits
		}
		for k, t := range s.Trust {
			if out.Trust == nil {
				out.Trust = map[string]Trust{}
			}
			if _, ok := out.Trust[k]; !ok {
				out.Trust[k] = t
			}
		}
	}
	return out
}

// document is a parsed input: an etree document or a decoded JSON value.
type document struct {
	format string
	xml    *etree.Element
	json   any
}

// Extract reads a native document of the given media type (MediaXML or
// MediaJSON) with the first mapping that matches it. The Extraction has
// Path, Fields, Confidence, Review, RulePack, RulesVersion and
// LabSignature set; the caller fills Source and ExtractorVersion. Hostile,
// malformed and unmapped documents are *labrelay.InputError.
//
// A signed document (XMLDSig, or JSON delivered as a JWS) is verified
// against the Trust of its mapping first, and the mapping reads only what
// the signature covers. When the signature is invalid nothing is read:
// the record has no fields and requires review.
func (s *Set) Extract(ctx context.Context, data []byte, mediaType string) (*labrelay.Extraction, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xEF\xBB\xBF")) // a UTF-8 byte-order mark
	content, isJWS := data, false
	if mediaType == MediaJSON && bytes.HasPrefix(bytes.TrimSpace(data), []byte("{")) {
		// Bound the JSON before anything decodes it (IsJWS does).
		if err := CheckJSON(data, s.Limits); err != nil {
			return nil, err
		}
	}
	if mediaType == MediaJSON && labsig.IsJWS(data) {
		payload, ok := jwsPayload(data)
		if !ok {
			_, ls := labsig.VerifyJSON(data, nil)
			return invalidSignature(nil, FormatJSON, ls), nil
		}
		content, isJWS = payload, true
	}
	doc, err := s.parse(content, mediaType)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m := s.mapping(doc)
	if m == nil {
		return nil, labrelay.Inputf("no mapping reads this %s document (%s); add a mapping file for its format", strings.ToUpper(doc.format), doc.describe())
	}
	signed, ls, err := s.verify(data, doc, m, isJWS)
	if err != nil {
		return nil, err
	}
	switch ls.Status {
	case labrelay.SignatureInvalid:
		return invalidSignature(m, doc.format, ls), nil
	case labrelay.SignatureVerified:
		// The signed part must be the document that chose the lab's keys.
		if s.mapping(signed) != m {
			ls = labrelay.LabSignature{Status: labrelay.SignatureInvalid, Signer: ls.Signer,
				Reason: "the signed part of the file is not the report it appears to be"}
			return invalidSignature(m, doc.format, ls), nil
		}
		doc = signed
	}
	x, err := m.extract(ctx, doc)
	if err != nil {
		return nil, err
	}
	x.LabSignature = &ls
	if ls.Status == labrelay.SignatureUnsigned && s.trustFor(m).RequireSignature {
		x.RequireReview("the report is not signed, and " + m.labName() + " reports must carry the lab's signature: ask the lab for a signed copy")
	}
	return x, nil
}

// mapping returns the first mapping that reads doc, or nil.
func (s *Set) mapping(doc *document) *Mapping {
	for _, m := range s.Mappings {
		if m.Format == doc.format && m.matches(doc) {
			return m
		}
	}
	return nil
}

// labName names a mapping's lab for people.
func (m *Mapping) labName() string {
	if lab := m.Lab(); lab != "" && lab != labrelay.LabOther {
		return lab
	}
	return m.Name
}

func (s *Set) parse(data []byte, mediaType string) (*document, error) {
	switch mediaType {
	case MediaXML:
		if err := CheckXML(data, s.Limits); err != nil {
			return nil, err
		}
		d := etree.NewDocument()
		d.ReadSettings.Permissive = false
		if err := d.ReadFromBytes(data); err != nil {
			return nil, labrelay.Inputf("malformed XML: %s", textutil.OneLine(err.Error()))
		}
		root := d.Root()
		if root == nil {
			return nil, labrelay.Inputf("malformed XML: no root element")
		}
		return &document{format: FormatXML, xml: root}, nil
	case MediaJSON:
		if err := CheckJSON(data, s.Limits); err != nil {
			return nil, err
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			return nil, labrelay.Inputf("malformed JSON: %s", textutil.OneLine(err.Error()))
		}
		return &document{format: FormatJSON, json: v}, nil
	}
	return nil, fmt.Errorf("native: media type %q is not XML or JSON", mediaType)
}

func (d *document) describe() string {
	if d.format == FormatXML {
		if ns := d.xml.NamespaceURI(); ns != "" {
			return fmt.Sprintf("root element %s in namespace %s", d.xml.Tag, ns)
		}
		return "root element " + d.xml.Tag
	}
	if obj, ok := d.json.(map[string]any); ok {
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if len(keys) > 5 {
			keys = append(keys[:5], "…")
		}
		return "top-level keys " + strings.Join(keys, ", ")
	}
	return fmt.Sprintf("top-level %T", d.json)
}

func (m *Mapping) matches(d *document) bool {
	mt := m.Match
	if d.format == FormatXML {
		if mt.Root != "" && d.xml.Tag != mt.Root {
			return false
		}
		if mt.Namespace != "" && d.xml.NamespaceURI() != mt.Namespace {
			return false
		}
	}
	if mt.path == nil {
		return true
	}
	vals := mt.path.find(d, d.root())
	if len(vals) == 0 {
		return false
	}
	if mt.Equals == "" {
		return true
	}
	for _, v := range vals {
		if s, ok := scalar(v); ok && normalize.Space(s) == normalize.Space(mt.Equals) {
			return true
		}
	}
	return false
}

func (d *document) root() any {
	if d.format == FormatXML {
		return d.xml
	}
	return d.json
}
