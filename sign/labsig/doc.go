// Package labsig checks a lab's own signature on a native report: XMLDSig
// on XML (against the lab certificates configured for it) and JWS on JSON
// (against the lab's JWKS).
//
// It returns only what the signature covers. An XML document can carry
// signed and unsigned parts side by side (signature wrapping); callers
// must extract from the document VerifyXML returns, never from the input
// bytes, when the status is verified. The package does not decide what an
// unsigned or invalid report means for review: it reports the outcome as a
// labrelay.LabSignature and the extractor routes it.
package labsig
