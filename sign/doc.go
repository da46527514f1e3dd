// Package sign turns an extracted record into a signed, self-describing
// statement and checks such statements.
//
// A signed record is a JWS (RFC 7515) whose payload is a Payload in its
// RFC 8785 canonical JSON form: the record, the SHA-256 of the file the lab
// delivered, the versions that produced it, timestamps, review and lineage.
// The same content always yields the same payload bytes, and
// IdempotencyKey ties a record to its source without depending on when it
// was signed.
//
// Only EdDSA (Ed25519) and ES256 (P-256) are produced or accepted; Verify
// passes that allow-list to go-jose on every parse and never hands out a
// payload that has not been verified. The key id ("kid") is the RFC 7638
// thumbprint of the public key, so a JWKS of several keys supports rotation.
//
// Private keys are either local PKCS#8 files (never group- or
// world-readable) or held by a service such as AWS KMS (see sign/kms)
// behind DigestSigner. The package never reads flags or the environment.
// Lab signatures on native input are checked by sign/labsig.
package sign
