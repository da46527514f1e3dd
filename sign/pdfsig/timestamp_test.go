package pdfsig_test

import (
	"crypto/x509"
	"strings"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/sign/pdfsig"
	"github.com/labrelay/labrelay/sign/pdfsig/pdfsigtest"
)

// TestRFC3161Timestamp: with an embedded timestamp token, the signer's
// certificate is judged at the token's time, so one that has expired
// since still verifies; without a token (or with a token for another
// signature) it is judged at the signingTime attribute, here today.
func TestRFC3161Timestamp(t *testing.T) {
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 10, 0, 0, 0, time.UTC) }
	pki := pdfsigtest.NewPKIValid(t, "Test Lab", day(2020, 1, 1), day(2021, 1, 1))
	tsa := pdfsigtest.NewPKI(t, "Test TSA")
	unsigned := pdfsigtest.UnsignedPDF(reportLines)
	trust := []*x509.Certificate{pki.CA}
	cases := []struct {
		name   string
		pdf    []byte
		status string
		at     time.Time // zero: not the token's time
	}{
		{"token inside the validity", pki.SignTimestamped(t, unsigned, tsa, day(2020, 6, 1), true), labrelay.SignatureVerified, day(2020, 6, 1)},
		{"token after expiry", pki.SignTimestamped(t, unsigned, tsa, day(2022, 6, 1), true), labrelay.SignatureValidUntrusted, day(2022, 6, 1)},
		{"token for another signature", pki.SignTimestamped(t, unsigned, tsa, day(2020, 6, 1), false), labrelay.SignatureValidUntrusted, time.Time{}},
		{"no token", pki.Sign(t, unsigned), labrelay.SignatureValidUntrusted, time.Time{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ls, _ := pdfsig.Check(c.pdf).Outcome(trust)
			if ls.Status != c.status {
				t.Errorf("status %s (%s), want %s", ls.Status, ls.Reason, c.status)
			}
			if !c.at.IsZero() && !ls.SignedAt.Equal(c.at) {
				t.Errorf("signed_at %v, want the token's %v", ls.SignedAt, c.at)
			}
			if c.at.IsZero() && ls.SignedAt.Year() < 2025 {
				t.Errorf("signed_at %v: an unverified token's time was used", ls.SignedAt)
			}
			if c.status == labrelay.SignatureValidUntrusted && !strings.Contains(ls.Reason, "not") {
				t.Errorf("reason %q does not say why", ls.Reason)
			}
			pdfsigAgrees(t, c.pdf, ls)
		})
	}
}
