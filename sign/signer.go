package sign

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"

	"github.com/go-jose/go-jose/v4"
)

// Signer produces JWS signatures with one key.
type Signer interface {
	// Sign signs payload and returns the JWS in JSON serialization, with
	// alg, kid and typ in the protected header. It returns the key
	// service's error (wrapped) when the key is remote.
	Sign(ctx context.Context, payload []byte) (jwsJSON []byte, err error)
	// KeyID is the RFC 7638 thumbprint of the public key.
	KeyID() string
	// Algorithm is EdDSA or ES256.
	Algorithm() string
	Public() crypto.PublicKey
}

// SignRecord marshals p canonically (see Payload.Marshal) and signs it.
func SignRecord(ctx context.Context, s Signer, p *Payload) ([]byte, error) {
	data, err := p.Marshal()
	if err != nil {
		return nil, err
	}
	return s.Sign(ctx, data)
}

func signerOptions(kid string) *jose.SignerOptions {
	return (&jose.SignerOptions{}).WithType(RecordType).WithHeader(jose.HeaderKey("kid"), kid)
}

// LocalSigner signs with a private key held in memory.
type LocalSigner struct {
	key    crypto.Signer
	alg    string
	kid    string
	signer jose.Signer
}

var _ Signer = (*LocalSigner)(nil)

// NewLocalSigner returns a signer for an Ed25519 or P-256 private key.
func NewLocalSigner(key crypto.Signer) (*LocalSigner, error) {
	alg, err := Algorithm(key.Public())
	if err != nil {
		return nil, err
	}
	kid, err := Thumbprint(key.Public())
	if err != nil {
		return nil, err
	}
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.SignatureAlgorithm(alg), Key: key}, signerOptions(kid))
	if err != nil {
		return nil, fmt.Errorf("new signer: %w", err)
	}
	return &LocalSigner{key: key, alg: alg, kid: kid, signer: s}, nil
}

// LoadSigner reads a private key file (see LoadPrivateKey) and returns its
// signer.
func LoadSigner(path string) (*LocalSigner, error) {
	key, err := LoadPrivateKey(path)
	if err != nil {
		return nil, err
	}
	return NewLocalSigner(key)
}

func (s *LocalSigner) KeyID() string            { return s.kid }
func (s *LocalSigner) Algorithm() string        { return s.alg }
func (s *LocalSigner) Public() crypto.PublicKey { return s.key.Public() }

// Sign implements Signer.
func (s *LocalSigner) Sign(ctx context.Context, payload []byte) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	obj, err := s.signer.Sign(payload)
	if err != nil {
		return nil, fmt.Errorf("sign: %w", err)
	}
	return []byte(obj.FullSerialize()), nil
}

// DigestSigner is a P-256 key held elsewhere (a KMS, an HSM): it signs a
// SHA-256 digest and returns an ASN.1 DER ECDSA signature, as AWS KMS
// does. The private key never leaves it.
type DigestSigner interface {
	Public() crypto.PublicKey
	// SignDigest returns the service's error, wrapped, when it refuses.
	SignDigest(ctx context.Context, digest []byte) (der []byte, err error)
}

// RemoteSigner makes ES256 JWS signatures with a DigestSigner.
type RemoteSigner struct {
	ds  DigestSigner
	pub *ecdsa.PublicKey
	kid string
}

var _ Signer = (*RemoteSigner)(nil)

// NewRemoteSigner returns a Signer over ds, whose key must be P-256.
func NewRemoteSigner(ds DigestSigner) (*RemoteSigner, error) {
	pub, ok := ds.Public().(*ecdsa.PublicKey)
	if !ok {
		return nil, fmt.Errorf("%w: remote key is %T, want a P-256 ECDSA key", ErrAlgorithmNotAllowed, ds.Public())
	}
	if _, err := Algorithm(pub); err != nil {
		return nil, err
	}
	kid, err := Thumbprint(pub)
	if err != nil {
		return nil, err
	}
	return &RemoteSigner{ds: ds, pub: pub, kid: kid}, nil
}

func (s *RemoteSigner) KeyID() string            { return s.kid }
func (s *RemoteSigner) Algorithm() string        { return ES256 }
func (s *RemoteSigner) Public() crypto.PublicKey { return s.pub }

// Sign implements Signer. The signature is checked against the public key
// before it is returned, so a misbehaving service cannot hand out bad
// records.
func (s *RemoteSigner) Sign(ctx context.Context, payload []byte) ([]byte, error) {
	op := &opaque{ctx: ctx, s: s}
	js, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: op}, signerOptions(s.kid))
	if err != nil {
		return nil, fmt.Errorf("new signer: %w", err)
	}
	obj, err := js.Sign(payload)
	if err != nil {
		if op.err != nil {
			return nil, op.err
		}
		return nil, fmt.Errorf("sign: %w", err)
	}
	if _, err := obj.Verify(s.pub); err != nil {
		return nil, fmt.Errorf("remote signer returned a signature that does not verify: %w", err)
	}
	return []byte(obj.FullSerialize()), nil
}

// opaque adapts a DigestSigner to go-jose for one Sign call.
type opaque struct {
	ctx context.Context
	s   *RemoteSigner
	err error
}

func (o *opaque) Public() *jose.JSONWebKey {
	return &jose.JSONWebKey{Key: o.s.pub, KeyID: o.s.kid, Algorithm: ES256, Use: "sig"}
}

func (o *opaque) Algs() []jose.SignatureAlgorithm { return []jose.SignatureAlgorithm{jose.ES256} }

func (o *opaque) SignPayload(signingInput []byte, alg jose.SignatureAlgorithm) ([]byte, error) {
	if alg != jose.ES256 {
		return nil, fmt.Errorf("%w: %s", ErrAlgorithmNotAllowed, alg)
	}
	der, err := o.s.ds.SignDigest(o.ctx, sha256Sum(signingInput))
	if err != nil {
		o.err = fmt.Errorf("remote sign: %w", err)
		return nil, o.err
	}
	raw, err := DERToJOSE(der, 32)
	if err != nil {
		o.err = err
		return nil, err
	}
	return raw, nil
}

// DERToJOSE converts an ASN.1 DER ECDSA signature to the fixed-size r||s
// form JWS uses (RFC 7518 §3.4); size is the byte length of one half (32
// for P-256).
func DERToJOSE(der []byte, size int) ([]byte, error) {
	var sig struct{ R, S *big.Int }
	rest, err := asn1.Unmarshal(der, &sig)
	if err != nil {
		return nil, fmt.Errorf("parse DER ECDSA signature: %w", err)
	}
	if len(rest) != 0 {
		return nil, errors.New("parse DER ECDSA signature: trailing data")
	}
	if sig.R.Sign() <= 0 || sig.S.Sign() <= 0 || sig.R.BitLen() > size*8 || sig.S.BitLen() > size*8 {
		return nil, errors.New("parse DER ECDSA signature: r or s out of range")
	}
	out := make([]byte, 2*size)
	sig.R.FillBytes(out[:size])
	sig.S.FillBytes(out[size:])
	return out, nil
}

// JOSEToDER converts a JWS r||s ECDSA signature to ASN.1 DER, the form
// openssl and most libraries expect.
func JOSEToDER(raw []byte) ([]byte, error) {
	if len(raw) == 0 || len(raw)%2 != 0 {
		return nil, fmt.Errorf("JOSE ECDSA signature has odd length %d", len(raw))
	}
	n := len(raw) / 2
	return asn1.Marshal(struct{ R, S *big.Int }{new(big.Int).SetBytes(raw[:n]), new(big.Int).SetBytes(raw[n:])})
}
