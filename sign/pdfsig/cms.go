package pdfsig

import (
	"bytes"
	"crypto"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/pkcs7"
)

var (
	oidSigningTime   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 5}
	oidTimeStampTok  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 14}
	oidTSTInfo       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4}
	subFilterSHA1    = "/adbe.pkcs7.sha1"
	subFilterPKCS7   = "/adbe.pkcs7.detached"
	subFilterCAdES   = "/ETSI.CAdES.detached"
	subFilterRFC3161 = "/ETSI.RFC3161"
)

// cmsResult is what the CMS check of one signature found.
type cmsResult struct {
	signer   *x509.Certificate
	certs    []*x509.Certificate
	signedAt time.Time
	problem  string // why the signature does not verify, "" when it does
}

// signedData is the CMS value in a signature's /Contents, without the
// zero bytes that pad the placeholder: a DER value is exactly as long as
// its header says, and may itself end in a zero byte (a signature value
// does one time in 256), which trimming the padding would cut. A BER
// value of indefinite length, which has no length to read, is trimmed.
func signedData(contents []byte) []byte {
	var v asn1.RawValue
	if _, err := asn1.Unmarshal(contents, &v); err == nil {
		return v.FullBytes
	}
	return bytes.TrimRight(contents, "\x00")
}

// checkCMS verifies the SignedData in contents over signed (the bytes of
// the byte range), for the dictionary's /SubFilter.
func checkCMS(subFilter string, contents, signed []byte) cmsResult {
	var r cmsResult
	p7, err := pkcs7.Parse(signedData(contents))
	if err != nil {
		r.problem = "the signature is not readable CMS (" + short(err) + ")"
		return r
	}
	r.certs = p7.Certificates
	if len(p7.Signers) != 1 {
		r.problem = fmt.Sprintf("the signature has %d signers, want 1", len(p7.Signers))
		return r
	}
	si := p7.Signers[0]
	r.signer, err = pkcs7.GetCertFromCertsByIssuerAndSerial(p7.Certificates, si.IssuerAndSerialNumber)
	if err != nil || r.signer == nil {
		r.problem = "the signature does not include the signer's certificate"
		return r
	}
	r.signedAt = signingTime(si)
	content := signed
	if subFilter == subFilterSHA1 {
		// The legacy profile signs the SHA-1 of the byte range, carried
		// inside the SignedData.
		if err := pkcs7.VerifyMessageDigestEmbedded(p7.Content, signed); err != nil {
			r.problem = digestProblem(err)
			return r
		}
		content = p7.Content
	}
	if err := pkcs7.CheckSignatureWithContentType(r.signer, si, content, p7.ContentType); err != nil {
		r.problem = digestProblem(err)
		return r
	}
	if t, ok := timestampTime(si); ok {
		r.signedAt = t
	}
	return r
}

func digestProblem(err error) string {
	var mm *pkcs7.MessageDigestMismatchError
	if errors.As(err, &mm) {
		return "the signed bytes no longer match the signature's digest"
	}
	if errors.Is(err, pkcs7.ErrSignatureMismatch) {
		return "the signature value does not verify with the signer's key"
	}
	return "the signature does not verify (" + short(err) + ")"
}

func short(err error) string {
	s := err.Error()
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s
}

// signingTime reads the signingTime signed attribute, zero when absent.
func signingTime(si pkcs7.SignerInfo) time.Time {
	for _, a := range si.AuthenticatedAttributes {
		if !a.Type.Equal(oidSigningTime) {
			continue
		}
		var t time.Time
		if _, err := asn1.Unmarshal(a.Value.Bytes, &t); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// tstInfo holds the TSTInfo fields used; the optional ones after genTime
// (accuracy, ordering, nonce, tsa, extensions) are not read.
type tstInfo struct {
	MessageImprint struct {
		HashAlgorithm pkix.AlgorithmIdentifier
		HashedMessage []byte
	}
	GenTime time.Time
}

// parseTSTInfo reads the first five elements of a TSTInfo one by one:
// encoding/asn1 cannot skip the optional tail as a whole.
func parseTSTInfo(der []byte) (tstInfo, error) {
	var info tstInfo
	var seq asn1.RawValue
	if _, err := asn1.Unmarshal(der, &seq); err != nil {
		return info, err
	}
	var version int
	var policy asn1.ObjectIdentifier
	var serial *big.Int
	rest := seq.Bytes
	for _, v := range []any{&version, &policy, &info.MessageImprint, &serial} {
		var err error
		if rest, err = asn1.Unmarshal(rest, v); err != nil {
			return info, err
		}
	}
	_, err := asn1.UnmarshalWithParams(rest, &info.GenTime, "generalized")
	return info, err
}

// timestampTime returns the time of an RFC 3161 timestamp token embedded as
// an unsigned attribute, when the token's signature verifies and its
// imprint is the hash of this signature's value.
func timestampTime(si pkcs7.SignerInfo) (time.Time, bool) {
	for _, a := range si.UnauthenticatedAttributes {
		if !a.Type.Equal(oidTimeStampTok) {
			continue
		}
		tok, err := pkcs7.Parse(a.Value.Bytes)
		if err != nil || len(tok.Signers) != 1 {
			return time.Time{}, false
		}
		info, err := parseTSTInfo(tok.Content)
		if err != nil {
			return time.Time{}, false
		}
		h, err := pkcs7.HashForOID(info.MessageImprint.HashAlgorithm.Algorithm)
		if err != nil || !h.Available() || !bytes.Equal(hashOf(h, si.EncryptedDigest), info.MessageImprint.HashedMessage) {
			return time.Time{}, false
		}
		tsa, err := pkcs7.GetCertFromCertsByIssuerAndSerial(tok.Certificates, tok.Signers[0].IssuerAndSerialNumber)
		if err != nil || tsa == nil || pkcs7.CheckSignatureWithContentType(tsa, tok.Signers[0], tok.Content, oidTSTInfo) != nil {
			return time.Time{}, false
		}
		return info.GenTime.UTC(), true
	}
	return time.Time{}, false
}

func hashOf(h crypto.Hash, b []byte) []byte {
	w := h.New()
	w.Write(b)
	return w.Sum(nil)
}
