package pdfsigtest

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var (
	oidTSTInfo   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4}
	oidTimestamp = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 14}
	oidSHA256    = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
)

// NewPKIValid is NewPKI with a signer certificate valid only from
// notBefore to notAfter (openssl 3.0 cannot backdate one), made with
// crypto/x509; the CA is valid from 2000 to 2100.
func NewPKIValid(tb testing.TB, org string, notBefore, notAfter time.Time) *PKI {
	tb.Helper()
	NeedTool(tb, "openssl")
	dir := tb.TempDir()
	p := &PKI{Dir: dir, CAKey: "ca.key", CACert: "ca.pem", SignerKey: "signer.key", SignerPEM: "signer.pem"}
	caKey := writeKey(tb, filepath.Join(dir, p.CAKey))
	ca := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{Organization: []string{org}, CommonName: org + " Test CA"},
		NotBefore: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), NotAfter: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}
	p.CA = writeCert(tb, filepath.Join(dir, p.CACert), ca, ca, caKey, caKey)
	sKey := writeKey(tb, filepath.Join(dir, p.SignerKey))
	signer := &x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{Organization: []string{org}, CommonName: org + " Document Signing"},
		NotBefore: notBefore, NotAfter: notAfter, KeyUsage: x509.KeyUsageDigitalSignature}
	p.Signer = writeCert(tb, filepath.Join(dir, p.SignerPEM), signer, ca, sKey, caKey)
	return p
}

func writeKey(tb testing.TB, path string) *ecdsa.PrivateKey {
	tb.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		tb.Fatal(err)
	}
	return k
}

func writeCert(tb testing.TB, path string, tmpl, parent *x509.Certificate, key, parentKey *ecdsa.PrivateKey) *x509.Certificate {
	tb.Helper()
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600); err != nil {
		tb.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// SignTimestamped is Sign plus an RFC 3161 timestamp token, dated at, in
// the signer's unsigned attributes: the token (made by openssl cms with
// tsa's signer over a TSTInfo whose imprint is the SHA-256 of the
// signature value) is what a TSA returns; at can be in the past. imprint
// false writes a wrong imprint (a token for another signature).
func (p *PKI) SignTimestamped(tb testing.TB, pdf []byte, tsa *PKI, at time.Time, imprint bool) []byte {
	tb.Helper()
	out := p.Sign(tb, pdf)
	der, err := os.ReadFile(filepath.Join(p.Dir, "sig.der"))
	if err != nil {
		tb.Fatal(err)
	}
	sig, err := mapSignerInfo(der, func(si [][]byte) [][]byte {
		var value []byte
		for _, e := range si {
			var rv asn1.RawValue
			if _, err := asn1.Unmarshal(e, &rv); err == nil && rv.Tag == asn1.TagOctetString && rv.Class == asn1.ClassUniversal {
				value = rv.Bytes
			}
		}
		sum := sha256.Sum256(value)
		if !imprint {
			sum[0] ^= 0xff
		}
		tok := tsa.token(tb, sum[:], at)
		attr := mustMarshal(tb, struct {
			Type  asn1.ObjectIdentifier
			Value asn1.RawValue `asn1:"set"`
		}{oidTimestamp, asn1.RawValue{FullBytes: mustMarshal(tb, asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: tok})}})
		return append(si, mustMarshal(tb, asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 1, IsCompound: true, Bytes: attr}))
	})
	if err != nil {
		tb.Fatal(err)
	}
	hole := bytes.Index(out, []byte("/Contents <")) + len("/Contents <")
	h := fmt.Sprintf("%X", sig)
	if len(h) > contentsSize {
		tb.Fatalf("timestamped signature of %d hex digits does not fit %d", len(h), contentsSize)
	}
	copy(out[hole:], h)
	return out
}

// token is an RFC 3161 TimeStampToken over imprint, signed by p's signer,
// with the optional accuracy and nonce that TSAs add.
func (p *PKI) token(tb testing.TB, imprint []byte, at time.Time) []byte {
	tb.Helper()
	type alg struct{ Algorithm asn1.ObjectIdentifier }
	info := struct {
		Version        int
		Policy         asn1.ObjectIdentifier
		MessageImprint struct {
			HashAlgorithm alg
			HashedMessage []byte
		}
		SerialNumber *big.Int
		GenTime      time.Time `asn1:"generalized"`
		Accuracy     struct{ Seconds int }
		Nonce        *big.Int
	}{Version: 1, Policy: asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 99999, 1}, SerialNumber: big.NewInt(7), GenTime: at.UTC(),
		Nonce: big.NewInt(0x5eed)}
	info.Accuracy.Seconds = 1 // optional fields as TSAs send them
	info.MessageImprint.HashAlgorithm.Algorithm = oidSHA256
	info.MessageImprint.HashedMessage = imprint
	if err := os.WriteFile(filepath.Join(p.Dir, "tst.der"), mustMarshal(tb, info), 0o600); err != nil {
		tb.Fatal(err)
	}
	run(tb, p.Dir, "openssl", "cms", "-sign", "-binary", "-nodetach", "-outform", "DER", "-md", "sha256", "-nosmimecap",
		"-econtent_type", oidTSTInfo.String(), "-signer", p.SignerPEM, "-inkey", p.SignerKey, "-in", "tst.der", "-out", "tok.der")
	tok, err := os.ReadFile(filepath.Join(p.Dir, "tok.der"))
	if err != nil {
		tb.Fatal(err)
	}
	return tok
}

func mustMarshal(tb testing.TB, v any) []byte {
	tb.Helper()
	b, err := asn1.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// mapSignerInfo rewrites the first SignerInfo of a CMS ContentInfo (DER):
// f gets and returns its elements.
func mapSignerInfo(der []byte, f func([][]byte) [][]byte) ([]byte, error) {
	ci, err := children(der) // contentType, [0] SignedData
	if err != nil || len(ci) != 2 {
		return nil, fmt.Errorf("ContentInfo: %v", err)
	}
	wrap, err := children(ci[1])
	if err != nil || len(wrap) != 1 {
		return nil, fmt.Errorf("[0]: %v", err)
	}
	sd, err := children(wrap[0])
	if err != nil || len(sd) < 4 {
		return nil, fmt.Errorf("SignedData: %v", err)
	}
	infos, err := children(sd[len(sd)-1])
	if err != nil || len(infos) < 1 {
		return nil, fmt.Errorf("SignerInfos: %v", err)
	}
	si, err := children(infos[0])
	if err != nil {
		return nil, err
	}
	infos[0], err = rebuild(infos[0], f(si))
	if err == nil {
		sd[len(sd)-1], err = rebuild(sd[len(sd)-1], infos)
	}
	if err == nil {
		wrap[0], err = rebuild(wrap[0], sd)
	}
	if err == nil {
		ci[1], err = rebuild(ci[1], wrap)
	}
	if err != nil {
		return nil, err
	}
	return rebuild(der, ci)
}

// children splits a constructed DER value into its elements.
func children(der []byte) ([][]byte, error) {
	var rv asn1.RawValue
	if _, err := asn1.Unmarshal(der, &rv); err != nil {
		return nil, err
	}
	var out [][]byte
	for rest := rv.Bytes; len(rest) > 0; {
		var c asn1.RawValue
		var err error
		if rest, err = asn1.Unmarshal(rest, &c); err != nil {
			return nil, err
		}
		out = append(out, c.FullBytes)
	}
	return out, nil
}

// rebuild re-encodes a constructed value (same class and tag) with elems.
func rebuild(der []byte, elems [][]byte) ([]byte, error) {
	var rv asn1.RawValue
	if _, err := asn1.Unmarshal(der, &rv); err != nil {
		return nil, err
	}
	return asn1.Marshal(asn1.RawValue{Class: rv.Class, Tag: rv.Tag, IsCompound: true, Bytes: bytes.Join(elems, nil)})
}
