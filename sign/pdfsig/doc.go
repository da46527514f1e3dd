// Package pdfsig checks the signatures a lab embeds in its PDF reports.
//
// For every signature dictionary in the file (found by its /ByteRange, as
// every PDF signature must name the bytes it covers) it checks the byte
// range (inside the file, ascending, starting at 0, the gap exactly the
// hex /Contents string), the CMS SignedData in /Contents (adbe.pkcs7.detached,
// ETSI.CAdES.detached and the legacy adbe.pkcs7.sha1), the signing time (an
// embedded RFC 3161 timestamp first, else the signingTime attribute, else
// /M), and what the incremental updates after the signed revision change:
// annotations, form fields, signatures and validation data are permitted
// (as the signature's DocMDP permissions allow); page content, fonts,
// images, the page tree or the document root are not.
//
// CMS parsing and signature checks use pdfcpu's pkcs7 package (pdfcpu is
// already a dependency); pdfcpu's own ValidateSignatures is not used: it
// parses and validates the whole document (slower than the text extraction
// itself), trusts its own certificate folder rather than the lab's
// certificates, and does not say what a later revision changed.
//
// Check never decides review: Result.Outcome turns the checks into a
// labrelay.LabSignature for one lab's trusted certificates, and the
// extractor routes it.
package pdfsig
