package sign

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/gowebpki/jcs"
	"github.com/labrelay/labrelay"
)

// RecordType is the JWS "typ" header of a signed labrelay record. Other
// profiles (e.g. a W3C verifiable credential, "vc+jwt") use their own.
const RecordType = "labrelay-record+json"

// PayloadVersion names the layout of Payload; it changes when a field's
// meaning changes, not when an optional field is added.
const PayloadVersion = "labrelay.record/v0"

// Payload is what a signed record says: the record, the exact file it came
// from, what produced it and when, and who reviewed it.
type Payload struct {
	Version string          `json:"version"`
	Record  labrelay.Record `json:"record"`
	Source  Source          `json:"source"`
	// Path is the extraction path (native_xml, pdf_text, ...).
	Path             string `json:"path,omitempty"`
	ExtractorVersion string `json:"extractor_version,omitempty"`
	RulesVersion     string `json:"rules_version,omitempty"`

	ReceivedAt  time.Time `json:"received_at,omitzero"`
	ExtractedAt time.Time `json:"extracted_at,omitzero"`
	SignedAt    time.Time `json:"signed_at"`

	// ReviewedBy and ReviewedAt are set when a person approved the record.
	ReviewedBy string    `json:"reviewed_by,omitempty"`
	ReviewedAt time.Time `json:"reviewed_at,omitzero"`

	// LabSignature is the outcome of checking the lab's own signature.
	LabSignature *labrelay.LabSignature `json:"lab_signature,omitempty"`
	Lineage      *Lineage               `json:"lineage,omitempty"`

	// IdempotencyKey is IdempotencyKey(Source.SHA256, canonical Record).
	IdempotencyKey string `json:"idempotency_key"`
}

// Source identifies the file the lab delivered.
type Source struct {
	SHA256    string `json:"sha256"`
	File      string `json:"file,omitempty"`
	MediaType string `json:"media_type,omitempty"`
}

// Lineage ties a signed record to earlier ones.
type Lineage = labrelay.Lineage

// Reference names an earlier record.
type Reference = labrelay.Reference

// NewPayload returns the payload for an extraction. The caller sets the
// timestamps (SignedAt at least) and review details.
func NewPayload(ext *labrelay.Extraction) *Payload {
	p := &Payload{
		Version: PayloadVersion,
		Record:  ext.Fields,
		Source: Source{
			SHA256:    ext.Source.SHA256,
			File:      ext.Source.File,
			MediaType: ext.Source.MediaType,
		},
		Path:             ext.Path,
		ExtractorVersion: ext.ExtractorVersion,
		RulesVersion:     ext.RulesVersion,
		LabSignature:     ext.LabSignature,
	}
	if ext.Fields.Supersedes != "" || ext.Fields.TwinOf != "" {
		p.Lineage = &Lineage{Supersedes: ext.Fields.Supersedes, TwinOf: ext.Fields.TwinOf}
	}
	return p
}

// Canonical returns the RFC 8785 (JCS) form of v's JSON encoding: keys
// sorted, no insignificant space, numbers and strings in one spelling.
func Canonical(v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	out, err := jcs.Transform(raw)
	if err != nil {
		return nil, fmt.Errorf("canonicalize: %w", err)
	}
	return out, nil
}

// CanonicalRecord returns the canonical JSON of a record.
func CanonicalRecord(r *labrelay.Record) ([]byte, error) {
	return Canonical(r)
}

// IdempotencyKey returns a key that is the same for the same source file
// and record content, whenever and by whichever key it is signed: a
// lowercase hex SHA-256 over a label, the source hash and the canonical
// record. It is what the DSP's Idempotency-Key header carries.
func IdempotencyKey(sourceSHA256 string, canonicalRecord []byte) string {
	h := sha256.New()
	h.Write([]byte("labrelay idempotency v1\x00"))
	h.Write([]byte(sourceSHA256))
	h.Write([]byte{0})
	h.Write(canonicalRecord)
	return hex.EncodeToString(h.Sum(nil))
}

// Errors of Marshal.
var (
	ErrNoSourceHash = errors.New("no source SHA-256: the signed record must name the file the lab delivered")
	ErrNotSignedAt  = errors.New("signed_at is not set")
)

// Marshal fills in Version and IdempotencyKey, normalises timestamps to UTC
// and returns the canonical bytes to sign.
func (p *Payload) Marshal() ([]byte, error) {
	if !isSHA256Hex(p.Source.SHA256) {
		if p.Source.SHA256 == "" {
			return nil, ErrNoSourceHash
		}
		return nil, fmt.Errorf("source sha256 %q is not 64 lowercase hex digits", p.Source.SHA256)
	}
	if p.SignedAt.IsZero() {
		return nil, ErrNotSignedAt
	}
	if p.Version == "" {
		p.Version = PayloadVersion
	}
	rec, err := CanonicalRecord(&p.Record)
	if err != nil {
		return nil, err
	}
	p.IdempotencyKey = IdempotencyKey(p.Source.SHA256, rec)
	for _, t := range []*time.Time{&p.ReceivedAt, &p.ExtractedAt, &p.SignedAt, &p.ReviewedAt} {
		if !t.IsZero() {
			*t = t.UTC()
		}
	}
	return Canonical(p)
}

// ParsePayload decodes a verified payload and checks its idempotency key
// against its content.
func ParsePayload(data []byte) (*Payload, error) {
	var p Payload
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("payload is not a labrelay record: %w", err)
	}
	if p.Version != PayloadVersion {
		return nil, fmt.Errorf("payload version %q is not %q", p.Version, PayloadVersion)
	}
	rec, err := CanonicalRecord(&p.Record)
	if err != nil {
		return nil, err
	}
	if want := IdempotencyKey(p.Source.SHA256, rec); p.IdempotencyKey != want {
		return nil, fmt.Errorf("payload idempotency key %q does not match its content", p.IdempotencyKey)
	}
	return &p, nil
}

// ErrSourceMismatch means a file is not the one a signed record was made from.
var ErrSourceMismatch = errors.New("source file does not match the signed record")

// CheckSource reports whether source is the file the record was made from.
func (p *Payload) CheckSource(source []byte) error {
	sum := sha256.Sum256(source)
	if got := hex.EncodeToString(sum[:]); got != p.Source.SHA256 {
		return fmt.Errorf("%w: its sha256 is %s, the record says %s", ErrSourceMismatch, got, p.Source.SHA256)
	}
	return nil
}

// SHA256Hex returns the lowercase hex SHA-256 of data.
func SHA256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func isSHA256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
