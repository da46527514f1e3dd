package publish

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/sign"
	"github.com/labrelay/labrelay/untp"
)

// The three publication profiles. cmd picks one from destination.profile
// and destination.wire_map and gives it to the pipeline.
var (
	_ labrelay.Profile = (*RecordProfile)(nil)
	_ labrelay.Profile = (*WireProfile)(nil)
	_ labrelay.Profile = (*UNTPProfile)(nil)
)

// RecordProfile publishes the signed record (sign.Payload, JWS JSON
// serialization).
type RecordProfile struct {
	Signer sign.Signer
}

// Name implements labrelay.Profile.
func (*RecordProfile) Name() string { return "record" }

// ContentType implements labrelay.Profile.
func (*RecordProfile) ContentType() string { return ContentTypeJOSEJSON }

// Sign implements labrelay.Profile.
func (r *RecordProfile) Sign(ctx context.Context, d labrelay.Document, lin *labrelay.Lineage, now time.Time) ([]byte, string, error) {
	pl, err := recordPayload(d, lin, now)
	if err != nil {
		return nil, "", err
	}
	jws, err := sign.SignRecord(ctx, r.Signer, pl)
	return jws, pl.IdempotencyKey, err
}

// UNTPProfile publishes each record as a UNTP Digital Conformity
// Credential (the "untp-dcc" profile). Signer must make "typ": "vc+jwt"
// JWS (untp.NewSigner, untp.NewRemoteSigner).
type UNTPProfile struct {
	Signer sign.Signer
	Issuer untp.Issuer
}

// Name implements labrelay.Profile.
func (*UNTPProfile) Name() string { return untp.Profile }

// ContentType implements labrelay.Profile.
func (*UNTPProfile) ContentType() string { return untp.MediaType }

// Sign implements labrelay.Profile.
func (u *UNTPProfile) Sign(ctx context.Context, d labrelay.Document, lin *labrelay.Lineage, now time.Time) ([]byte, string, error) {
	pl, err := recordPayload(d, lin, now)
	if err != nil {
		return nil, "", err
	}
	jws, err := untp.SignPayload(ctx, u.Signer, pl, u.Issuer)
	if errors.Is(err, untp.ErrApplicant) || errors.Is(err, untp.ErrVerdict) || errors.Is(err, untp.ErrIssuer) {
		// The record cannot be a credential; retrying cannot help.
		return nil, "", fmt.Errorf("%w: the UNTP credential cannot be issued: %v", labrelay.ErrUnsignable, err)
	}
	return jws, pl.IdempotencyKey, err
}

// recordPayload is the signed record of d: its extraction, review and
// lineage. A document signed before under another key (then corrected or
// re-extracted) says which record it replaces.
func recordPayload(d labrelay.Document, lin *labrelay.Lineage, now time.Time) (*sign.Payload, error) {
	ext := *d.Extraction
	if ext.Source.SHA256 == "" {
		ext.Source.SHA256 = d.SHA256
	}
	pl := sign.NewPayload(&ext)
	pl.ReceivedAt = d.DiscoveredAt
	pl.ExtractedAt = d.ExtractedAt
	pl.SignedAt = now
	if d.ReviewedBy != "" {
		pl.ReviewedBy, pl.ReviewedAt = d.ReviewedBy, d.AcceptedAt
	}
	if lin != nil {
		l := *lin
		pl.Lineage = &l
	}
	rec, err := sign.CanonicalRecord(&pl.Record)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", labrelay.ErrUnsignable, err)
	}
	key := sign.IdempotencyKey(pl.Source.SHA256, rec)
	if d.IdempotencyKey != "" && d.IdempotencyKey != key {
		if pl.Lineage == nil {
			pl.Lineage = &labrelay.Lineage{}
		}
		pl.Lineage.Previous = d.IdempotencyKey
	}
	if _, err := pl.Marshal(); err != nil {
		return nil, fmt.Errorf("%w: %v", labrelay.ErrUnsignable, err)
	}
	return pl, nil
}

// WireProfile publishes the DSP's wire payload: Map applied to the
// extraction plus reviewed_by, reviewed_at and lineage at the top level.
type WireProfile struct {
	Map    *WireMap
	Signer sign.Signer
}

// Name implements labrelay.Profile.
func (*WireProfile) Name() string { return "wire-map" }

// ContentType implements labrelay.Profile.
func (*WireProfile) ContentType() string { return ContentTypeJOSEJSON }

// Sign implements labrelay.Profile.
func (w *WireProfile) Sign(ctx context.Context, d labrelay.Document, lin *labrelay.Lineage, _ time.Time) ([]byte, string, error) {
	ext := *d.Extraction
	if ext.Source.SHA256 == "" {
		ext.Source.SHA256 = d.SHA256
	}
	d.Extraction = &ext
	in, err := WireInput(d, lin)
	if err != nil {
		return nil, "", fmt.Errorf("%w: %v", labrelay.ErrUnsignable, err)
	}
	payload, err := w.Map.Apply(in)
	if err != nil {
		return nil, "", fmt.Errorf("%w: %v", labrelay.ErrUnsignable, err)
	}
	key, err := IdempotencyKey(ext.Source.SHA256, payload)
	if err != nil {
		return nil, "", fmt.Errorf("%w: %v", labrelay.ErrUnsignable, err)
	}
	data, err := sign.Canonical(payload)
	if err != nil {
		return nil, "", fmt.Errorf("%w: %v", labrelay.ErrUnsignable, err)
	}
	jws, err := w.Signer.Sign(ctx, data)
	return jws, key, err
}

// WireInput is what a wire map reads: the extraction, plus the review
// (reviewed_by, reviewed_at) and lineage (supersedes, twin_of, replaces)
// of the document.
func WireInput(d labrelay.Document, lin *labrelay.Lineage) (map[string]any, error) {
	var in map[string]any
	if err := remarshal(d.Extraction, &in); err != nil {
		return nil, err
	}
	if d.ReviewedBy != "" {
		in["reviewed_by"] = d.ReviewedBy
		if !d.AcceptedAt.IsZero() {
			in["reviewed_at"] = d.AcceptedAt.UTC().Format(time.RFC3339Nano)
		}
	}
	if lin != nil {
		var m map[string]any
		if err := remarshal(lin, &m); err != nil {
			return nil, err
		}
		if len(m) > 0 {
			in["lineage"] = m
		}
	}
	return in, nil
}

func remarshal(v, into any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, into)
}
