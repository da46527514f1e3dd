package labrelay

import "time"

// Extraction paths (spec §2 "path").
const (
	PathNativeXML  = "native_xml"
	PathNativeJSON = "native_json"
	PathPDFText    = "pdf_text"
	PathOCR        = "ocr"
	// PathPdftotext is a per-page path only: the page's own text layer was
	// unusable and poppler's pdftotext read it instead.
	PathPdftotext = "pdftotext"
)

// Extraction is what `labrelay extract` prints (spec §2): the record found
// in one file, with a confidence for every field and the review decision.
// Keys beyond the spec's (pages, provenance, lab_signature, rule_pack) are
// additions that tools may ignore.
type Extraction struct {
	Source           Source             `json:"source"`
	Path             string             `json:"path"`
	Fields           Record             `json:"fields"`
	Confidence       map[string]float64 `json:"confidence"`
	Review           Review             `json:"review"`
	RulesVersion     string             `json:"rules_version"`
	ExtractorVersion string             `json:"extractor_version"`

	// RulePack names the rule pack or mapping that produced the fields.
	RulePack string `json:"rule_pack,omitempty"`
	// Pages says which path each page took (PDF and OCR inputs).
	Pages []PageInfo `json:"pages,omitempty"`
	// Provenance says where on the page each field was read, for the review UI.
	Provenance map[string]Provenance `json:"provenance,omitempty"`
	// LabSignature is the outcome of checking the lab's own signature on a
	// native report or a signed PDF.
	LabSignature *LabSignature `json:"lab_signature,omitempty"`
}

// Source describes the input file.
type Source struct {
	File      string `json:"file"`
	SHA256    string `json:"sha256"`
	MediaType string `json:"media_type"`
	Pages     int    `json:"pages,omitempty"`
}

// Review is the routing decision: Required means a person must look before
// the record is published.
type Review struct {
	Required bool     `json:"required"`
	Reasons  []string `json:"reasons"`
}

// PageInfo records how one page was read.
type PageInfo struct {
	Page int    `json:"page"`
	Path string `json:"path"`
	// Reason explains a fallback, e.g. "text layer unusable: 62% symbols".
	Reason string `json:"reason,omitempty"`
}

// Box is a rectangle on a page, in points from the top-left corner for PDF
// text and in pixels for OCR images (Unit says which).
type Box struct {
	X, Y, W, H float64
}

// Provenance ties a field to where it was read.
type Provenance struct {
	Page int    `json:"page"`
	Box  *Box   `json:"box,omitempty"`
	Unit string `json:"unit,omitempty"` // "pt" or "px"
	Rule string `json:"rule,omitempty"`
}

// Lab signature outcomes.
const (
	SignatureVerified = "verified"
	SignatureUnsigned = "unsigned"
	SignatureInvalid  = "invalid"
	// SignatureValidUntrusted is a PDF signature that verifies, by a
	// signer not in the lab's lab_trust entry.
	SignatureValidUntrusted = "valid_untrusted"
	// SignatureModified is a PDF signature that verifies over its range,
	// with later revisions that change the content.
	SignatureModified = "modified"
)

// What a PDF signature covers (LabSignature.Covers).
const (
	CoversWhole   = "whole"
	CoversPartial = "partial"
)

// LabSignature is the outcome of verifying a lab's signature on its report.
// SignedAt and Covers are set for PDF signatures only.
type LabSignature struct {
	Status   string    `json:"status"`
	Signer   string    `json:"signer,omitempty"`
	SignedAt time.Time `json:"signed_at,omitzero"`
	Covers   string    `json:"covers,omitempty"`
	Reason   string    `json:"reason,omitempty"`
}

// RequireReview marks the extraction for review with a reason, once.
func (e *Extraction) RequireReview(reason string) {
	e.Review.Required = true
	for _, r := range e.Review.Reasons {
		if r == reason {
			return
		}
	}
	e.Review.Reasons = append(e.Review.Reasons, reason)
}
