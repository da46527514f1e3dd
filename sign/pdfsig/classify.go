package pdfsig

import "bytes"

// Changes after a signature, in the words the review page shows.
const (
	changePageContent = "page content differs"
	changeFonts       = "fonts differ"
	changeImages      = "images differ"
	changePages       = "pages were added, removed or reordered"
	changeCatalog     = "the document catalog differs"
	changeObjects     = "document objects differ"
	changeCompressed  = "objects were rewritten in compressed object streams that cannot be read"
	changeAnnots      = "annotations were added or changed, which the signature does not permit"
	changeForms       = "form fields were filled in, which the signature does not permit"
)

// Keys a later revision may change on an object of each type: annotations
// lists, form fields, signatures and validation data (DSS).
var permitted = map[string]map[string]bool{
	"/Page":    {"Annots": true},
	"/Catalog": {"AcroForm": true, "DSS": true, "Perms": true, "Metadata": true},
}

var annotSubtypes = map[string]bool{
	"/Text": true, "/Link": true, "/FreeText": true, "/Line": true, "/Square": true, "/Circle": true,
	"/Polygon": true, "/PolyLine": true, "/Highlight": true, "/Underline": true, "/Squiggly": true,
	"/StrikeOut": true, "/Stamp": true, "/Caret": true, "/Ink": true, "/Popup": true,
	"/FileAttachment": true, "/Sound": true, "/Widget": true,
}

// classify says what writing o over old (nil: a new object) changes that
// DocMDP permission p (0: none) does not allow, or "".
func classify(old, o *object, p int) string {
	if o.dict == nil {
		if old != nil && old.raw != o.raw {
			return changeObjects
		}
		return ""
	}
	typ := o.dict["Type"]
	switch {
	case typ == "/XRef", typ == "/Sig", typ == "/DocTimeStamp", typ == "/DSS", typ == "/Metadata",
		o.dict["ByteRange"] != "", o.dict["OCSPs"] != "" || o.dict["CRLs"] != "" || o.dict["VRI"] != "":
		return "" // bookkeeping, signatures and validation data
	case typ == "/ObjStm":
		return "" // its objects are judged one by one
	case typ == "/Unreadable":
		return changeCompressed
	case typ == "/Annot" || annotSubtypes[o.dict["Subtype"]] && o.dict["Rect"] != "":
		return annotChange(o, p)
	case o.dict["FT"] != "" || o.dict["Fields"] != "" && typ == "":
		if p == 1 {
			return changeForms
		}
		return "" // a form field or the AcroForm dictionary
	}
	if old == nil {
		return newObject(o)
	}
	if old.dict == nil {
		return changeObjects
	}
	return redefined(old, o)
}

func annotChange(o *object, p int) string {
	if p == 1 || p == 2 && o.dict["Subtype"] != "/Widget" {
		return changeAnnots
	}
	return ""
}

// newObject judges an object number the signed revision did not hold as
// a plain object: page-level objects may have lived in an object stream,
// so a new Page, Pages or Catalog cannot be compared and counts as changed.
// Other new objects take effect only through a changed object.
func newObject(o *object) string {
	switch o.dict["Type"] {
	case "/Page":
		return changePageContent
	case "/Pages":
		return changePages
	case "/Catalog":
		return changeCatalog
	}
	return ""
}

// redefined compares two versions of an object number.
func redefined(old, o *object) string {
	changed := diffKeys(old.dict, o.dict)
	if len(changed) == 0 && bytes.Equal(old.stream, o.stream) {
		return ""
	}
	typ := old.dict["Type"]
	if allow, ok := permitted[typ]; ok {
		for _, k := range changed {
			if !allow[k] {
				return whatChanged(old)
			}
		}
		return ""
	}
	if isInfo(old.dict) && isInfo(o.dict) {
		return "" // document information: titles and dates, not content
	}
	return whatChanged(old)
}

// whatChanged names the kind of content an object holds.
func whatChanged(old *object) string {
	d := old.dict
	switch {
	case d["Type"] == "/Page":
		return changePageContent
	case d["Type"] == "/Pages":
		return changePages
	case d["Type"] == "/Catalog":
		return changeCatalog
	case d["Type"] == "/Font", d["Type"] == "/FontDescriptor", d["Length1"] != "", d["Subtype"] == "/Type1C",
		d["Subtype"] == "/CIDFontType0C", d["Subtype"] == "/OpenType":
		return changeFonts
	case d["Subtype"] == "/Image":
		return changeImages
	case old.stream != nil && (d["Type"] == "" || d["Subtype"] == "/Form"):
		return changePageContent
	}
	return changeObjects
}

func diffKeys(a, b map[string]string) []string {
	var out []string
	for k, v := range a {
		if b[k] != v {
			out = append(out, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	return out
}

var infoKeys = map[string]bool{"Title": true, "Author": true, "Subject": true, "Keywords": true,
	"Creator": true, "Producer": true, "CreationDate": true, "ModDate": true, "Trapped": true}

func isInfo(d map[string]string) bool {
	if len(d) == 0 {
		return false
	}
	for k := range d {
		if !infoKeys[k] {
			return false
		}
	}
	return true
}
