package untp

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/sha256"
	"errors"
	"fmt"
	"math/big"

	"github.com/go-jose/go-jose/v4"
	"github.com/labrelay/labrelay/sign"
)

// ErrSignerType means a sign.Signer made a JWS of another profile (a
// sign.LocalSigner always writes "typ": "labrelay-record+json"); use
// NewSigner or NewRemoteSigner for credentials.
var ErrSignerType = errors.New("signer does not produce vc+jwt signatures")

// Signer is a sign.Signer whose JWS carry "typ": "vc+jwt" and "cty": "vc"
// (VC-JOSE-COSE), for a local key or one held by a key service.
type Signer struct {
	alg string
	kid string
	pub crypto.PublicKey
	key crypto.Signer     // local key, or
	ds  sign.DigestSigner // a P-256 key held elsewhere (KMS)
}

var _ sign.Signer = (*Signer)(nil)

// NewSigner returns a credential signer for an Ed25519 or P-256 private
// key (sign.LoadPrivateKey reads one).
func NewSigner(key crypto.Signer) (*Signer, error) {
	s, err := newSigner(key.Public())
	if err != nil {
		return nil, err
	}
	s.key = key
	return s, nil
}

// NewRemoteSigner returns an ES256 credential signer over a key service
// (kms.NewKey, opened). Each signature is checked against the public key
// before it is returned.
func NewRemoteSigner(ds sign.DigestSigner) (*Signer, error) {
	if _, ok := ds.Public().(*ecdsa.PublicKey); !ok {
		return nil, fmt.Errorf("%w: remote key is %T, want a P-256 ECDSA key", sign.ErrAlgorithmNotAllowed, ds.Public())
	}
	s, err := newSigner(ds.Public())
	if err != nil {
		return nil, err
	}
	s.ds = ds
	return s, nil
}

func newSigner(pub crypto.PublicKey) (*Signer, error) {
	alg, err := sign.Algorithm(pub)
	if err != nil {
		return nil, err
	}
	kid, err := sign.Thumbprint(pub)
	if err != nil {
		return nil, err
	}
	return &Signer{alg: alg, kid: kid, pub: pub}, nil
}

func (s *Signer) KeyID() string            { return s.kid }
func (s *Signer) Algorithm() string        { return s.alg }
func (s *Signer) Public() crypto.PublicKey { return s.pub }

// Sign implements sign.Signer: a JWS, JSON serialization, with alg, kid,
// typ "vc+jwt" and cty "vc" in the protected header. It returns the key
// service's error (wrapped) when the key is remote.
func (s *Signer) Sign(ctx context.Context, payload []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	opts := (&jose.SignerOptions{}).WithType(Type).WithContentType(ContentType).
		WithHeader(jose.HeaderKey("kid"), s.kid)
	var key any = s.key
	var op *opaque
	if s.ds != nil {
		op = &opaque{ctx: ctx, s: s}
		key = op
	}
	js, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.SignatureAlgorithm(s.alg), Key: key}, opts)
	if err != nil {
		return nil, fmt.Errorf("new signer: %w", err)
	}
	obj, err := js.Sign(payload)
	if err != nil {
		if op != nil && op.err != nil {
			return nil, op.err
		}
		return nil, fmt.Errorf("sign: %w", err)
	}
	if op != nil {
		if _, err := obj.Verify(s.pub); err != nil {
			return nil, fmt.Errorf("remote signer returned a signature that does not verify: %w", err)
		}
	}
	return []byte(obj.FullSerialize()), nil
}

// opaque adapts a DigestSigner to go-jose for one Sign call.
type opaque struct {
	ctx context.Context
	s   *Signer
	err error
}

func (o *opaque) Public() *jose.JSONWebKey {
	return &jose.JSONWebKey{Key: o.s.pub, KeyID: o.s.kid, Algorithm: sign.ES256, Use: "sig"}
}

func (o *opaque) Algs() []jose.SignatureAlgorithm { return []jose.SignatureAlgorithm{jose.ES256} }

func (o *opaque) SignPayload(signingInput []byte, alg jose.SignatureAlgorithm) ([]byte, error) {
	if alg != jose.ES256 {
		return nil, fmt.Errorf("%w: %s", sign.ErrAlgorithmNotAllowed, alg)
	}
	sum := sha256.Sum256(signingInput)
	der, err := o.s.ds.SignDigest(o.ctx, sum[:])
	if err != nil {
		o.err = fmt.Errorf("remote sign: %w", err)
		return nil, o.err
	}
	raw, err := sign.DERToJOSE(der, 32)
	if err != nil {
		o.err = err
	}
	return raw, err
}

// Sign secures a credential with VC-JOSE-COSE: the payload is the
// credential in canonical (RFC 8785) JSON, the result a compact JWS
// (MediaType application/vc+jwt). s must make "typ": "vc+jwt" JWS (a
// *Signer does); any other returns ErrSignerType.
func Sign(ctx context.Context, s sign.Signer, c *Credential) ([]byte, error) {
	payload, err := sign.Canonical(c)
	if err != nil {
		return nil, err
	}
	jws, err := s.Sign(ctx, payload)
	if err != nil {
		return nil, err
	}
	obj, err := sign.ParseJWS(string(jws), sign.AllowedAlgorithms)
	if err != nil {
		return nil, fmt.Errorf("parse own signature: %w", err)
	}
	if len(obj.Signatures) != 1 {
		return nil, fmt.Errorf("signer made %d signatures, want 1", len(obj.Signatures))
	}
	if typ, _ := obj.Signatures[0].Protected.ExtraHeaders[jose.HeaderType].(string); typ != Type {
		return nil, fmt.Errorf("%w: its typ is %q", ErrSignerType, typ)
	}
	compact, err := obj.CompactSerialize()
	if err != nil {
		return nil, fmt.Errorf("compact serialization: %w", err)
	}
	return []byte(compact), nil
}

// SignPayload is what a destination with the "untp-dcc" profile publishes:
// the credential for a signed record's payload, issued by iss and secured
// by s (compact JWS, MediaType).
func SignPayload(ctx context.Context, s sign.Signer, p *sign.Payload, iss Issuer) ([]byte, error) {
	c, err := NewCredential(p, iss)
	if err != nil {
		return nil, err
	}
	return Sign(ctx, s, c)
}

// DIDKey returns the did:key DID of an Ed25519 or P-256 public key, an
// issuer identifier that needs no web site: whoever holds the key is the
// issuer it names.
func DIDKey(pub crypto.PublicKey) (string, error) {
	var b []byte
	switch k := pub.(type) {
	case ed25519.PublicKey:
		b = append([]byte{0xed, 0x01}, k...) // multicodec ed25519-pub
	case *ecdsa.PublicKey:
		if _, err := sign.Algorithm(k); err != nil {
			return "", err
		}
		e, err := k.ECDH()
		if err != nil {
			return "", err
		}
		raw := e.Bytes() // 0x04 || X || Y
		x, y := raw[1:33], raw[33:]
		b = append([]byte{0x80, 0x24, 0x02 | y[31]&1}, x...) // multicodec p256-pub, compressed point
	default:
		_, err := sign.Algorithm(pub)
		return "", err
	}
	return "did:key:z" + base58(b), nil
}

const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

func base58(b []byte) string {
	n := new(big.Int).SetBytes(b)
	var out []byte
	mod, radix := new(big.Int), big.NewInt(58)
	for n.Sign() > 0 {
		n.DivMod(n, radix, mod)
		out = append(out, base58Alphabet[mod.Int64()])
	}
	for _, c := range b {
		if c != 0 {
			break
		}
		out = append(out, '1')
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return string(out)
}
