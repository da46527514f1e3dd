package kms

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/x509"
	"errors"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/labrelay/labrelay/sign"
)

// API is the part of the KMS client Key uses; *kms.Client satisfies it.
type API interface {
	GetPublicKey(ctx context.Context, in *kms.GetPublicKeyInput, opts ...func(*kms.Options)) (*kms.GetPublicKeyOutput, error)
	Sign(ctx context.Context, in *kms.SignInput, opts ...func(*kms.Options)) (*kms.SignOutput, error)
}

var _ API = (*kms.Client)(nil)

// Key is a P-256 signing key held by KMS.
type Key struct {
	Client API
	// KeyID is a key id, key ARN, alias name ("alias/labrelay") or alias ARN.
	KeyID string

	pub *ecdsa.PublicKey
}

var _ sign.DigestSigner = (*Key)(nil)

// ErrKeySpec means the KMS key cannot make ES256 signatures.
var ErrKeySpec = errors.New("KMS key is not an ECC_NIST_P256 SIGN_VERIFY key allowing ECDSA_SHA_256")

// NewKey returns an idle Key; Open fetches its public key.
func NewKey(client API, keyID string) *Key {
	return &Key{Client: client, KeyID: keyID}
}

// Open fetches the public key and checks that the key can sign ES256.
func (k *Key) Open(ctx context.Context) error {
	out, err := k.Client.GetPublicKey(ctx, &kms.GetPublicKeyInput{KeyId: aws.String(k.KeyID)})
	if err != nil {
		return fmt.Errorf("kms get public key %s: %w", k.KeyID, err)
	}
	if out.KeySpec != types.KeySpecEccNistP256 || out.KeyUsage != types.KeyUsageTypeSignVerify ||
		!slices.Contains(out.SigningAlgorithms, types.SigningAlgorithmSpecEcdsaSha256) {
		return fmt.Errorf("%w: %s is %s %s %v", ErrKeySpec, k.KeyID, out.KeySpec, out.KeyUsage, out.SigningAlgorithms)
	}
	pub, err := x509.ParsePKIXPublicKey(out.PublicKey)
	if err != nil {
		return fmt.Errorf("kms public key %s: %w", k.KeyID, err)
	}
	ec, ok := pub.(*ecdsa.PublicKey)
	if !ok {
		return fmt.Errorf("%w: %s public key is %T", ErrKeySpec, k.KeyID, pub)
	}
	k.pub = ec
	return nil
}

// Public returns the public key; nil before Open.
func (k *Key) Public() crypto.PublicKey {
	if k.pub == nil {
		return nil
	}
	return k.pub
}

// SignDigest asks KMS to sign a SHA-256 digest (MessageType DIGEST, so
// payloads of any size fit) and returns the DER signature KMS returns.
func (k *Key) SignDigest(ctx context.Context, digest []byte) ([]byte, error) {
	if len(digest) != 32 {
		return nil, fmt.Errorf("kms sign: digest is %d bytes, want 32 (SHA-256)", len(digest))
	}
	out, err := k.Client.Sign(ctx, &kms.SignInput{
		KeyId:            aws.String(k.KeyID),
		Message:          digest,
		MessageType:      types.MessageTypeDigest,
		SigningAlgorithm: types.SigningAlgorithmSpecEcdsaSha256,
	})
	if err != nil {
		return nil, fmt.Errorf("kms sign %s: %w", k.KeyID, err)
	}
	return out.Signature, nil
}

// Open returns a sign.Signer over the KMS key keyID.
func Open(ctx context.Context, client API, keyID string) (*sign.RemoteSigner, error) {
	k := NewKey(client, keyID)
	if err := k.Open(ctx); err != nil {
		return nil, err
	}
	return sign.NewRemoteSigner(k)
}
