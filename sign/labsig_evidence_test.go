package sign_test

import (
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/sign"
)

// TestPDFLabSignatureEvidence: the signed record carries the lab's PDF
// signature outcome (status, signer, signing time, coverage), tamper-proof.
func TestPDFLabSignatureEvidence(t *testing.T) {
	s := MustSigner(t, sign.EdDSA)
	p := MustPayload(t)
	want := labrelay.LabSignature{Status: labrelay.SignatureVerified, Signer: "SGS Document Signing (SGS SA)",
		SignedAt: time.Date(2024, 1, 5, 6, 32, 24, 0, time.UTC), Covers: labrelay.CoversWhole}
	p.LabSignature = &want
	payload, _, err := sign.Verify(MustSign(t, s, p), MustKeySet(t, s.Public()))
	if err != nil {
		t.Fatal(err)
	}
	got, err := sign.ParsePayload(payload)
	if err != nil {
		t.Fatal(err)
	}
	if got.LabSignature == nil || *got.LabSignature != want {
		t.Fatalf("lab_signature = %+v, want %+v", got.LabSignature, want)
	}
}
