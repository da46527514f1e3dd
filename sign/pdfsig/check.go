package pdfsig

import (
	"bytes"
	"crypto/x509"
	"strconv"
	"time"
)

// Signature is what Check found about one signature.
type Signature struct {
	// Field is the signature field's name (/T), when the dictionary has one.
	Field     string
	SubFilter string
	ByteRange [4]int64
	// Signer is the signing certificate; Certs are all the certificates
	// the signature carries (the chain, when the signer included it).
	Signer *x509.Certificate
	Certs  []*x509.Certificate
	// SignedAt is the signing time: the embedded timestamp's, else the
	// signingTime attribute's, else the dictionary's /M.
	SignedAt time.Time
	// Problem says why the signature is invalid; "" when it verifies over
	// its byte range.
	Problem string
	// Whole is true when the byte range reaches the end of the file.
	Whole bool
	// Change names what a later revision changes that the signature does
	// not permit ("page content differs"); "" when nothing or only
	// permitted changes follow.
	Change string

	attested bool // SignedAt comes from the signature, not from /M
}

// End is the offset just after the signed revision.
func (s *Signature) End() int64 { return s.ByteRange[2] + s.ByteRange[3] }

// Result is the outcome of checking every signature of one PDF.
type Result struct {
	Signatures []Signature
	// Refused is the reason the file's signatures were not checked at
	// all (hostile structure); the file counts as invalid.
	Refused string
	size    int64
}

// Check finds and verifies every signature in data. It never fails: a
// file it cannot check is a Result with Refused or a Signature with
// Problem set.
func Check(data []byte) *Result {
	r := &Result{size: int64(len(data))}
	dicts, err := findSignatures(data)
	if err != nil {
		r.Refused = err.Error()
		return r
	}
	var u *updates
	for _, d := range dicts {
		sf := d.dict["SubFilter"]
		if d.dict != nil && sf == subFilterRFC3161 {
			continue // a document timestamp, not a signature by the lab
		}
		s := Signature{Field: d.field, SubFilter: sf, ByteRange: d.byteRange, Problem: d.rangeError}
		if s.Problem == "" {
			s.Problem = checkSubFilter(sf)
		}
		if s.Problem != "" && len(d.contents) > 0 {
			c := checkCMS(sf, d.contents, nil) // who and when only: the problem stands
			s.Signer, s.Certs, s.SignedAt = c.signer, c.certs, c.signedAt
		}
		if s.Problem == "" {
			c := checkCMS(sf, d.contents, signedBytes(data, d.byteRange))
			s.Signer, s.Certs, s.SignedAt, s.Problem = c.signer, c.certs, c.signedAt, c.problem
		}
		s.attested = s.Problem == "" && !s.SignedAt.IsZero()
		if s.SignedAt.IsZero() {
			s.SignedAt = pdfDate(literal(d.dict["M"])) // shown, never trusted for the chain
		}
		if d.rangeError == "" {
			s.Whole = wholeFile(data, s.End())
		}
		if s.Problem == "" {
			if !s.Whole {
				if u == nil {
					u = newUpdates(data)
				}
				s.Change = u.change(s.End(), d.docMDP)
			}
		}
		r.Signatures = append(r.Signatures, s)
	}
	return r
}

func checkSubFilter(sf string) string {
	switch sf {
	case subFilterPKCS7, subFilterCAdES, subFilterSHA1:
		return ""
	case "":
		return "the signature names no /SubFilter"
	}
	return "the signature format " + sf[1:] + " is not supported"
}

// signedBytes joins the two parts of the byte range.
func signedBytes(data []byte, br [4]int64) []byte {
	out := make([]byte, 0, br[1]+br[3])
	out = append(out, data[:br[1]]...)
	return append(out, data[br[2]:br[2]+br[3]]...)
}

// wholeFile reports whether the signed revision ends the file, allowing
// the end-of-line some writers leave after %%EOF.
func wholeFile(data []byte, end int64) bool {
	return len(bytes.TrimLeft(data[end:], "\r\n \t\x00")) == 0
}

// pdfDate reads a PDF date "D:YYYYMMDDHHmmSS+HH'mm'", zero when it cannot.
func pdfDate(s string) time.Time {
	if len(s) >= 2 && s[:2] == "D:" {
		s = s[2:]
	}
	if len(s) < 14 {
		return time.Time{}
	}
	t, err := time.Parse("20060102150405", s[:14])
	if err != nil {
		return time.Time{}
	}
	rest := s[14:]
	if len(rest) >= 3 && (rest[0] == '+' || rest[0] == '-') {
		h, _ := strconv.Atoi(rest[1:3])
		m := 0
		if len(rest) >= 6 {
			m, _ = strconv.Atoi(rest[4:6])
		}
		off := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute
		if rest[0] == '+' {
			off = -off
		}
		t = t.Add(off)
	}
	return t.UTC()
}
