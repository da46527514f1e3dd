package extract

import (
	"strings"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/extract/native"
	"github.com/labrelay/labrelay/sign/pdfsig"
)

// The lab's own PDF signature (docs/signing.md, "PDF signatures"): checked
// before the layout is read, judged against the lab's lab_trust entry once
// the rules have named the lab.

// checkPDFSignature verifies the signatures of a PDF input and returns
// them with the bytes to read: for a file changed after signing, only
// the signed revision.
func (x *Extractor) checkPDFSignature(mt string, data []byte) (*pdfsig.Result, []byte) {
	if mt != MediaPDF {
		return nil, data
	}
	r := pdfsig.Check(data)
	if _, end := r.Outcome(nil); end > 0 {
		return r, data[:end]
	}
	return r, data
}

// applyPDFSignature records the signature outcome on e and routes it:
// invalid and modified always go to review; valid_untrusted and unsigned
// go to review when the lab requires signatures.
func (x *Extractor) applyPDFSignature(e *labrelay.Extraction, r *pdfsig.Result) {
	if r == nil {
		return
	}
	t := x.pdfTrust(e.Fields.Lab)
	ls, _ := r.Outcome(t.Certs)
	e.LabSignature = &ls
	switch {
	case ls.Status == labrelay.SignatureInvalid || ls.Status == labrelay.SignatureModified:
		e.RequireReview(ls.Reason + ": check with the lab before anything is published")
	case ls.Status == labrelay.SignatureValidUntrusted && t.RequireSignature:
		e.RequireReview("the lab requires signed reports and " + ls.Reason)
	case ls.Status == labrelay.SignatureUnsigned && t.RequireSignature:
		e.RequireReview("the lab requires signed reports and this PDF is not signed")
	}
}

// pdfTrust returns the lab_trust entry for a lab family ("SGS"), else the
// entry for any lab, else none. Keys compare without case.
func (x *Extractor) pdfTrust(lab string) native.Trust {
	if x.Native == nil {
		return native.Trust{}
	}
	for _, key := range []string{lab, native.AnyLab} {
		if key == "" {
			continue
		}
		for k, t := range x.Native.Trust {
			if strings.EqualFold(k, key) {
				return t
			}
		}
	}
	return native.Trust{}
}
