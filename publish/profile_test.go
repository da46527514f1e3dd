package publish_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/publish"
	"github.com/labrelay/labrelay/sign"
	"github.com/labrelay/labrelay/untp"
)

// TestProfiles: each publication profile signs what its DSP expects,
// under the content type it states and a stable idempotency key.
func TestProfiles(t *testing.T) {
	ctx := context.Background()
	key, err := sign.GenerateKey(sign.EdDSA)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := sign.NewLocalSigner(key)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := untp.NewSigner(key)
	if err != nil {
		t.Fatal(err)
	}
	ext := extraction()
	ext.Fields.ApplicantName = "Example Components Ltd"
	d := labrelay.Document{SHA256: ext.Source.SHA256, Extraction: &ext, ReviewedBy: "alice", AcceptedAt: time.Date(2026, 5, 9, 10, 0, 0, 0, time.UTC)}
	now := time.Date(2026, 5, 9, 11, 0, 0, 0, time.UTC)
	tests := []struct {
		profile     labrelay.Profile
		name, ctype string
	}{
		{&publish.RecordProfile{Signer: rs}, "record", publish.ContentTypeJOSEJSON},
		{&publish.WireProfile{Map: publish.DefaultWireMap(), Signer: rs}, "wire-map", publish.ContentTypeJOSEJSON},
		{&publish.UNTPProfile{Signer: cs, Issuer: untp.Issuer{ID: "did:web:reports.example.com", Name: "QA"}}, untp.Profile, untp.MediaType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.profile.Name() != tt.name || tt.profile.ContentType() != tt.ctype {
				t.Errorf("profile %s as %s, want %s as %s", tt.profile.Name(), tt.profile.ContentType(), tt.name, tt.ctype)
			}
			jws, k1, err := tt.profile.Sign(ctx, d, nil, now)
			if err != nil {
				t.Fatal(err)
			}
			_, k2, err := tt.profile.Sign(ctx, d, nil, now.Add(time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			if k1 == "" || k1 != k2 {
				t.Errorf("idempotency keys %q and %q, want one stable key", k1, k2)
			}
			// A JSON serialization starts with '{'; the credential is compact.
			if isJSON := jws[0] == '{'; isJSON != (tt.ctype == publish.ContentTypeJOSEJSON) {
				t.Errorf("JWS %.20s… does not match content type %s", jws, tt.ctype)
			}
		})
	}
	wire := &publish.WireProfile{Map: publish.DefaultWireMap(), Signer: rs}
	jws, _, err := wire.Sign(ctx, d, &labrelay.Lineage{Supersedes: "R-0"}, now)
	if err != nil {
		t.Fatal(err)
	}
	ks, err := sign.KeySet(rs.Public())
	if err != nil {
		t.Fatal(err)
	}
	payload, _, err := sign.Verify(jws, ks)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(payload, &got); err != nil || got["reviewed_by"] != "alice" || got["lineage"] == nil {
		t.Errorf("wire payload %s: want the reviewer and the lineage", payload)
	}
	// A record the credential cannot state is unsignable, not transient.
	bad := ext
	bad.Fields.ApplicantName = ""
	_, _, err = tests[2].profile.Sign(ctx, labrelay.Document{SHA256: ext.Source.SHA256, Extraction: &bad}, nil, now)
	if !errors.Is(err, labrelay.ErrUnsignable) {
		t.Errorf("credential without applicant: %v, want ErrUnsignable", err)
	}
}
