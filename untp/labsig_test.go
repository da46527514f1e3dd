package untp_test

import (
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/sign"
	"github.com/labrelay/labrelay/untp"
)

// TestLabSignatureEvidence: the lab's signature outcome (status, signer,
// signing time, coverage) travels into the credential, which stays valid.
func TestLabSignatureEvidence(t *testing.T) {
	f := fixtureNamed(t, "native/sgs-rohs-fail-04")
	p := *f.payload
	p.LabSignature = &labrelay.LabSignature{Status: labrelay.SignatureVerified, Signer: "SGS Document Signing (SGS SA)",
		SignedAt: time.Date(2024, 1, 5, 6, 32, 24, 0, time.FixedZone("CST", 8*3600)), Covers: labrelay.CoversWhole}
	s := MustSigner(t, sign.EdDSA)
	jws, err := untp.SignPayload(t.Context(), s, &p, issuer)
	if err != nil {
		t.Fatal(err)
	}
	v, err := untp.Verify(jws, MustKeySet(t, s.Public()))
	if err != nil {
		t.Fatal(err)
	}
	mustValidate(t, MustSchema(t), payloadOf(t, jws))
	got := v.Credential.CredentialSubject.Report.LabSignature
	want := untp.LabSignature{Status: "verified", Signer: "SGS Document Signing (SGS SA)", SignedAt: "2024-01-04T22:32:24Z", Covers: "whole"}
	if got == nil || *got != want {
		t.Fatalf("labSignature = %+v, want %+v", got, want)
	}
}
