package labsig

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"

	"github.com/go-jose/go-jose/v4"
	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/sign"
)

// LabAlgorithms are the JWS algorithms accepted on a lab's JSON report:
// labs use RSA as well as EC and EdDSA keys. "none" and HMAC never are.
var LabAlgorithms = []jose.SignatureAlgorithm{
	jose.RS256, jose.RS384, jose.RS512, jose.PS256, jose.PS384, jose.PS512,
	jose.ES256, jose.ES384, jose.ES512, jose.EdDSA,
}

var compactJWS = regexp.MustCompile(`^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$`)

// IsJWS reports whether data looks like a JWS (compact, or JSON
// serialization with payload and signature members) rather than a plain
// JSON report.
func IsJWS(data []byte) bool {
	data = bytes.TrimSpace(data)
	if compactJWS.Match(data) {
		return true
	}
	if len(data) == 0 || data[0] != '{' {
		return false
	}
	var probe struct {
		Payload    *string          `json:"payload"`
		Signature  *string          `json:"signature"`
		Signatures *json.RawMessage `json:"signatures"`
	}
	if json.Unmarshal(data, &probe) != nil {
		return false
	}
	return probe.Payload != nil && (probe.Signature != nil || probe.Signatures != nil)
}

// VerifyJSON checks a lab's JSON report delivered as a JWS whose payload
// is the report, against the lab's JWKS.
//
//   - verified: the returned payload is the verified report.
//   - unsigned: data is a plain JSON report, returned as is.
//   - invalid: the JWS does not verify or names an unknown key; payload is
//     nil and Reason says why.
func VerifyJSON(data []byte, jwks *jose.JSONWebKeySet) ([]byte, labrelay.LabSignature) {
	if !IsJWS(data) {
		return data, labrelay.LabSignature{Status: labrelay.SignatureUnsigned}
	}
	obj, err := sign.ParseJWS(string(data), LabAlgorithms)
	if err != nil {
		return nil, invalid(parseReason(err))
	}
	return verifyJWS(obj, nil, jwks)
}

// VerifyDetached checks a detached JWS (RFC 7515 Appendix F: the compact
// form with an empty payload part) over report, the lab's JSON report
// bytes as delivered.
func VerifyDetached(report, detached []byte, jwks *jose.JSONWebKeySet) ([]byte, labrelay.LabSignature) {
	obj, err := jose.ParseDetached(string(bytes.TrimSpace(detached)), report, LabAlgorithms)
	if err != nil {
		return nil, invalid(parseReason(err))
	}
	return verifyJWS(obj, report, jwks)
}

func parseReason(err error) string {
	var ue *jose.ErrUnexpectedSignatureAlgorithm
	if errors.As(err, &ue) {
		return "algorithm not allowed: " + string(ue.Got)
	}
	return "the lab's JWS cannot be read: " + err.Error()
}

func verifyJWS(obj *jose.JSONWebSignature, detached []byte, jwks *jose.JSONWebKeySet) ([]byte, labrelay.LabSignature) {
	if len(obj.Signatures) != 1 {
		return nil, invalid("the lab's JWS has more than one signature")
	}
	if jwks == nil || len(jwks.Keys) == 0 {
		return nil, invalid("the report is signed but no JWKS is configured for this lab")
	}
	kid := obj.Signatures[0].Protected.KeyID
	var key *jose.JSONWebKey
	switch found := jwks.Key(kid); {
	case kid == "" && len(jwks.Keys) == 1:
		key = &jwks.Keys[0]
	case kid == "":
		return nil, invalid("the lab's JWS names no key id and the lab has several keys")
	case len(found) == 1:
		key = &found[0]
	default:
		return nil, invalid("unknown key id " + kid)
	}
	if !key.IsPublic() {
		return nil, invalid("the configured lab key " + kid + " is not a public key")
	}
	var payload []byte
	var err error
	if detached != nil {
		err = obj.DetachedVerify(detached, key.Key)
		payload = detached
	} else {
		payload, err = obj.Verify(key.Key)
	}
	if err != nil {
		return nil, invalid("signature does not match: the report changed after the lab signed it")
	}
	return payload, labrelay.LabSignature{Status: labrelay.SignatureVerified, Signer: jwkSigner(key)}
}

// jwkSigner names a lab key: its certificate's subject when it has one,
// else its key id.
func jwkSigner(k *jose.JSONWebKey) string {
	if len(k.Certificates) > 0 {
		return certName(k.Certificates[0])
	}
	return k.KeyID
}
