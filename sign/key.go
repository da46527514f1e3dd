package sign

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/go-jose/go-jose/v4"
)

// Algorithms labrelay signs with and accepts.
const (
	EdDSA = string(jose.EdDSA)
	ES256 = string(jose.ES256)
)

// AllowedAlgorithms is the allow-list passed to every JWS parse.
var AllowedAlgorithms = []jose.SignatureAlgorithm{jose.EdDSA, jose.ES256}

// GenerateKey returns a new private key for alg (EdDSA or ES256).
func GenerateKey(alg string) (crypto.Signer, error) {
	switch alg {
	case EdDSA:
		_, k, err := ed25519.GenerateKey(rand.Reader)
		return k, err
	case ES256:
		return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	}
	return nil, fmt.Errorf("%w: %s (use EdDSA or ES256)", ErrAlgorithmNotAllowed, alg)
}

// Algorithm returns the JWS algorithm for a public key: EdDSA for Ed25519,
// ES256 for P-256. Other keys are refused.
func Algorithm(pub crypto.PublicKey) (string, error) {
	switch k := pub.(type) {
	case ed25519.PublicKey:
		if len(k) == ed25519.PublicKeySize {
			return EdDSA, nil
		}
	case *ecdsa.PublicKey:
		if k.Curve == elliptic.P256() {
			return ES256, nil
		}
		return "", fmt.Errorf("%w: ECDSA key on %s (only P-256)", ErrAlgorithmNotAllowed, k.Curve.Params().Name)
	}
	return "", fmt.Errorf("%w: key type %T (use Ed25519 or P-256)", ErrAlgorithmNotAllowed, pub)
}

// Thumbprint returns the RFC 7638 SHA-256 thumbprint of a public key,
// base64url without padding: labrelay's key id.
func Thumbprint(pub crypto.PublicKey) (string, error) {
	jwk := jose.JSONWebKey{Key: pub}
	tp, err := jwk.Thumbprint(crypto.SHA256)
	if err != nil {
		return "", fmt.Errorf("thumbprint: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(tp), nil
}

// PublicJWK returns the public key as a JWK with kid, alg and use set.
func PublicJWK(pub crypto.PublicKey) (jose.JSONWebKey, error) {
	alg, err := Algorithm(pub)
	if err != nil {
		return jose.JSONWebKey{}, err
	}
	kid, err := Thumbprint(pub)
	if err != nil {
		return jose.JSONWebKey{}, err
	}
	return jose.JSONWebKey{Key: pub, KeyID: kid, Algorithm: alg, Use: "sig"}, nil
}

// KeySet returns a JWKS of public keys, e.g. the current key and the ones
// it replaced, so records signed before a rotation still verify.
func KeySet(pubs ...crypto.PublicKey) (*jose.JSONWebKeySet, error) {
	set := &jose.JSONWebKeySet{}
	seen := map[string]bool{}
	for _, pub := range pubs {
		jwk, err := PublicJWK(pub)
		if err != nil {
			return nil, err
		}
		if seen[jwk.KeyID] {
			continue
		}
		seen[jwk.KeyID] = true
		set.Keys = append(set.Keys, jwk)
	}
	return set, nil
}

// ParseJWKS decodes a JWK set of public keys. A set holding a private key
// is refused: it must never be published.
func ParseJWKS(data []byte) (*jose.JSONWebKeySet, error) {
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(data, &set); err != nil {
		return nil, fmt.Errorf("not a JWK set: %w", err)
	}
	for i, k := range set.Keys {
		if !k.IsPublic() {
			return nil, fmt.Errorf("JWK set entry %d (kid %q) is a private key; publish only public keys", i, k.KeyID)
		}
	}
	return &set, nil
}

// MarshalPrivateKey returns the PKCS#8 PEM encoding of a private key.
func MarshalPrivateKey(key crypto.Signer) ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("encode private key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// MarshalPublicKey returns the PKIX ("PUBLIC KEY") PEM encoding of a key.
func MarshalPublicKey(pub crypto.PublicKey) ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, fmt.Errorf("encode public key: %w", err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), nil
}

// PublicKeyPath is where WriteKey puts the public key of the private key
// file path: key.pem → key.pub.pem.
func PublicKeyPath(path string) string {
	return strings.TrimSuffix(path, ".pem") + ".pub.pem"
}

// WriteKey writes key to path (PKCS#8 PEM, mode 0600, refusing to replace
// an existing file) and its public key beside it (PublicKeyPath, 0644).
func WriteKey(path string, key crypto.Signer) (pubPath string, err error) {
	priv, err := MarshalPrivateKey(key)
	if err != nil {
		return "", err
	}
	pub, err := MarshalPublicKey(key.Public())
	if err != nil {
		return "", err
	}
	pubPath = PublicKeyPath(path)
	if err := writeNew(path, priv, 0o600); err != nil {
		return "", err
	}
	if err := writeNew(pubPath, pub, 0o644); err != nil {
		os.Remove(path)
		return "", err
	}
	return pubPath, nil
}

func writeNew(path string, data []byte, perm fs.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s already exists; refusing to overwrite a key", path)
		}
		return err
	}
	// The umask may have narrowed perm; make it exact.
	if err := f.Chmod(perm); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// ErrKeyFileMode means a private key file is readable by other users.
var ErrKeyFileMode = errors.New("private key file is readable by group or others")

// LoadPrivateKey reads a PKCS#8 PEM private key (Ed25519 or P-256). It
// refuses a file that group or others can read or write.
func LoadPrivateKey(path string) (crypto.Signer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if mode := st.Mode().Perm(); mode&0o077 != 0 {
		return nil, fmt.Errorf("%w: %s has mode %04o; run chmod 600 %s", ErrKeyFileMode, path, mode, path)
	}
	data := make([]byte, st.Size())
	if _, err := f.ReadAt(data, 0); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	key, _, err := parsePEM(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if key == nil {
		return nil, fmt.Errorf("%s holds a public key, not a private key", path)
	}
	return key, nil
}

// LoadPublicKey reads a public key from a PEM file holding either the
// public key or the private key (then the file's mode is checked as by
// LoadPrivateKey).
func LoadPublicKey(path string) (crypto.PublicKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	key, pub, err := parsePEM(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if key != nil {
		key, err := LoadPrivateKey(path)
		if err != nil {
			return nil, err
		}
		return key.Public(), nil
	}
	return pub, nil
}

// parsePEM returns the private key, or the public key, of the first PEM
// block; the key must be Ed25519 or P-256.
func parsePEM(data []byte) (crypto.Signer, crypto.PublicKey, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, nil, errors.New("no PEM block found")
	}
	switch block.Type {
	case "PRIVATE KEY":
		k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, nil, fmt.Errorf("parse PKCS#8 private key: %w", err)
		}
		signer, ok := k.(crypto.Signer)
		if !ok {
			return nil, nil, fmt.Errorf("unsupported private key type %T", k)
		}
		if _, err := Algorithm(signer.Public()); err != nil {
			return nil, nil, err
		}
		return signer, signer.Public(), nil
	case "PUBLIC KEY":
		pub, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err != nil {
			return nil, nil, fmt.Errorf("parse public key: %w", err)
		}
		if _, err := Algorithm(pub); err != nil {
			return nil, nil, err
		}
		return nil, pub, nil
	case "EC PRIVATE KEY", "RSA PRIVATE KEY", "OPENSSH PRIVATE KEY", "ENCRYPTED PRIVATE KEY":
		return nil, nil, fmt.Errorf("%q PEM block: convert it to an unencrypted PKCS#8 Ed25519 or P-256 key (openssl pkcs8 -topk8 -nocrypt)", block.Type)
	}
	return nil, nil, fmt.Errorf("unexpected PEM block %q", block.Type)
}

// sha256Sum is a helper for digest signers.
func sha256Sum(b []byte) []byte {
	s := sha256.Sum256(b)
	return s[:]
}
