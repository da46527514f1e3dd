package sign

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"errors"
	"fmt"
	"strings"

	"github.com/go-jose/go-jose/v4"
)

// Reasons Verify fails, checked with errors.Is. Their text is what a person
// sees after "invalid: ".
var (
	ErrMalformed           = errors.New("not a JWS")
	ErrAlgorithmNotAllowed = errors.New("algorithm not allowed")
	ErrNoKeyID             = errors.New("no key id (kid) in the protected header")
	ErrUnknownKey          = errors.New("unknown key id")
	ErrSignatureMismatch   = errors.New("signature does not match: payload or header changed")
)

// Verified is a JWS whose signature has been checked.
type Verified struct {
	Payload   []byte
	KeyID     string
	Algorithm string
	// Type is the protected "typ" header: RecordType for a signed record.
	Type string
}

// Verify checks a JWS (JSON or compact serialization) against a set of
// public keys and returns the payload and the key id that signed it. The
// algorithm must be EdDSA or ES256, the kid must be in the protected header
// and name a key of keys whose type fits the algorithm; nothing of the
// payload is read before the signature is checked.
func Verify(jws []byte, keys *jose.JSONWebKeySet) (payload []byte, kid string, err error) {
	v, err := VerifyJWS(jws, keys)
	if err != nil {
		return nil, "", err
	}
	return v.Payload, v.KeyID, nil
}

// VerifyJWS is Verify returning the algorithm and type too.
func VerifyJWS(jws []byte, keys *jose.JSONWebKeySet) (*Verified, error) {
	obj, err := ParseJWS(string(jws), AllowedAlgorithms)
	if err != nil {
		var ue *jose.ErrUnexpectedSignatureAlgorithm
		if errors.As(err, &ue) {
			return nil, fmt.Errorf("%w: %q (allowed: EdDSA, ES256)", ErrAlgorithmNotAllowed, ue.Got)
		}
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if len(obj.Signatures) != 1 {
		return nil, fmt.Errorf("%w: %d signatures, want exactly 1", ErrMalformed, len(obj.Signatures))
	}
	sig := obj.Signatures[0]
	if !isEmptyHeader(sig.Unprotected) {
		return nil, fmt.Errorf("%w: unprotected header parameters are not accepted", ErrMalformed)
	}
	alg := sig.Protected.Algorithm
	kid := sig.Protected.KeyID
	if kid == "" {
		return nil, ErrNoKeyID
	}
	if keys == nil {
		return nil, fmt.Errorf("%w %s: no keys given", ErrUnknownKey, kid)
	}
	found := keys.Key(kid)
	if len(found) == 0 {
		return nil, fmt.Errorf("%w %s", ErrUnknownKey, kid)
	}
	if len(found) > 1 {
		return nil, fmt.Errorf("%w %s: the key set holds it %d times", ErrUnknownKey, kid, len(found))
	}
	jwk := found[0]
	if err := keyFits(jwk, alg); err != nil {
		return nil, err
	}
	payload, err := obj.Verify(jwk.Key)
	if err != nil {
		return nil, ErrSignatureMismatch
	}
	typ, _ := sig.Protected.ExtraHeaders[jose.HeaderType].(string)
	return &Verified{Payload: payload, KeyID: kid, Algorithm: alg, Type: typ}, nil
}

func isEmptyHeader(h jose.Header) bool {
	return h.KeyID == "" && h.JSONWebKey == nil && h.Algorithm == "" && h.Nonce == "" &&
		len(h.ExtraHeaders) == 0
}

// keyFits checks that a JWK may verify alg: Ed25519 for EdDSA, P-256 for
// ES256, and the JWK's own "alg" (when set) equal to alg.
func keyFits(jwk jose.JSONWebKey, alg string) error {
	if jwk.Algorithm != "" && jwk.Algorithm != alg {
		return fmt.Errorf("%w: header says %s but key %s is for %s", ErrAlgorithmNotAllowed, alg, jwk.KeyID, jwk.Algorithm)
	}
	if jwk.Use != "" && jwk.Use != "sig" {
		return fmt.Errorf("key %s is not a signing key (use %q)", jwk.KeyID, jwk.Use)
	}
	var keyAlg string
	switch k := jwk.Key.(type) {
	case ed25519.PublicKey:
		keyAlg, _ = Algorithm(k)
	case *ecdsa.PublicKey:
		keyAlg, _ = Algorithm(k)
	}
	if keyAlg != alg {
		return fmt.Errorf("%w: header says %s but key %s is a %T", ErrAlgorithmNotAllowed, alg, jwk.KeyID, jwk.Key)
	}
	return nil
}

// ParseJWS parses a JWS in either serialization: JSON when it starts with
// '{', compact otherwise. go-jose's ParseSigned guessed the same way and is
// deprecated for it; naming the form keeps the algorithm allow-list explicit.
func ParseJWS(s string, algs []jose.SignatureAlgorithm) (*jose.JSONWebSignature, error) {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "{") {
		return jose.ParseSignedJSON(s, algs)
	}
	return jose.ParseSignedCompact(s, algs)
}
