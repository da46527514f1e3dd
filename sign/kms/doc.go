// Package kms signs labrelay records with an asymmetric AWS KMS key
// (ECC_NIST_P256, ECDSA_SHA_256): the private key never leaves KMS. Key
// implements sign.DigestSigner; sign.NewRemoteSigner turns it into a
// sign.Signer producing ES256 JWS. The package takes a configured client
// and never reads the environment itself.
package kms
