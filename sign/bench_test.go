package sign_test

import (
	"testing"

	"github.com/labrelay/labrelay/sign"
)

// The benchmarks sign and verify a typical record (30 result rows), the
// canonical marshalling included in Sign*.

func benchSign(b *testing.B, alg string) {
	s := MustSigner(b, alg)
	p := MustPayload(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sign.SignRecord(b.Context(), s, p); err != nil {
			b.Fatal(err)
		}
	}
}

func benchVerify(b *testing.B, alg string) {
	s := MustSigner(b, alg)
	jws := MustSign(b, s, MustPayload(b))
	keys := MustKeySet(b, s.Public())
	b.SetBytes(int64(len(jws)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := sign.Verify(jws, keys); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSignEd25519(b *testing.B)   { benchSign(b, sign.EdDSA) }
func BenchmarkSignES256(b *testing.B)     { benchSign(b, sign.ES256) }
func BenchmarkVerifyEd25519(b *testing.B) { benchVerify(b, sign.EdDSA) }
func BenchmarkVerifyES256(b *testing.B)   { benchVerify(b, sign.ES256) }
