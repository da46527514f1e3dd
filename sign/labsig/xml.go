package labsig

import (
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"strings"

	"github.com/beevik/etree"
	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/sign"
	dsig "github.com/russellhaering/goxmldsig"
)

const dsigNS = "http://www.w3.org/2000/09/xmldsig#"

// weakAlgorithms are refused even though goxmldsig would accept them.
var weakAlgorithms = []string{"#rsa-sha1", "#ecdsa-sha1", "#dsa-sha1", "xmldsig#sha1", "#hmac-"}

// VerifyXML checks an enveloped XMLDSig signature covering the whole
// report against the lab certificates certs (RSA-SHA256 or ECDSA-SHA256,
// also SHA-384/512; SHA-1 and HMAC are refused).
//
//   - verified: the returned document holds only the bytes the signature
//     covers (the signed root, Signature element removed).
//   - unsigned: there is no Signature element; the whole parsed document
//     is returned.
//   - invalid: the signature does not verify, does not cover the root, is
//     by an unknown or expired certificate, or the XML is not well formed;
//     the document is nil and Reason says why.
func VerifyXML(data []byte, certs []*x509.Certificate) (*etree.Document, labrelay.LabSignature) {
	doc := etree.NewDocument()
	if err := doc.ReadFromBytes(data); err != nil || doc.Root() == nil {
		return nil, invalid("the XML is not well formed")
	}
	sigs := signatureElements(doc.Root())
	if len(sigs) == 0 {
		return doc, labrelay.LabSignature{Status: labrelay.SignatureUnsigned}
	}
	for _, s := range sigs {
		for _, m := range s.FindElements(".//[@Algorithm]") {
			alg := m.SelectAttrValue("Algorithm", "")
			for _, weak := range weakAlgorithms {
				if strings.Contains(alg, weak) {
					return nil, invalid("the XML signature uses a weak algorithm (" + alg + ")")
				}
			}
		}
	}
	if len(certs) == 0 {
		return nil, invalid("the report is signed but no certificate is configured for this lab")
	}
	derECDSA(sigs)
	ctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: certs})
	signed, err := ctx.Validate(doc.Root())
	if err != nil {
		return nil, invalid(xmlReason(err))
	}
	out := etree.NewDocument()
	out.SetRoot(signed)
	return out, labrelay.LabSignature{Status: labrelay.SignatureVerified, Signer: xmlSigner(sigs, certs)}
}

// derECDSA rewrites ECDSA SignatureValues from the XMLDSig form (r||s,
// https://www.w3.org/TR/xmldsig-core1/#sec-ECDSA, what xmlsec1 and most
// labs' tools write) to ASN.1 DER, the only form goxmldsig v1.6.1 checks
// (goxmldsig issue #163). SignatureValue lies outside SignedInfo, and the
// conversion is lossless, so this changes no signed byte.
func derECDSA(sigs []*etree.Element) {
	for _, s := range sigs {
		method := s.FindElement("./SignedInfo/SignatureMethod")
		value := s.FindElement("./SignatureValue")
		if method == nil || value == nil || !strings.Contains(method.SelectAttrValue("Algorithm", ""), "#ecdsa-") {
			continue
		}
		raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(value.Text()), ""))
		if err != nil {
			continue
		}
		switch len(raw) {
		case 64, 96, 132: // P-256, P-384, P-521 r||s
			if der, err := sign.JOSEToDER(raw); err == nil {
				value.SetText(base64.StdEncoding.EncodeToString(der))
			}
		}
	}
}

func invalid(reason string) labrelay.LabSignature {
	return labrelay.LabSignature{Status: labrelay.SignatureInvalid, Reason: reason}
}

func signatureElements(root *etree.Element) []*etree.Element {
	var out []*etree.Element
	var walk func(e *etree.Element)
	walk = func(e *etree.Element) {
		if e.Tag == "Signature" && e.NamespaceURI() == dsigNS {
			out = append(out, e)
			return
		}
		for _, c := range e.ChildElements() {
			walk(c)
		}
	}
	walk(root)
	return out
}

func xmlReason(err error) string {
	msg := err.Error()
	switch {
	case errors.Is(err, dsig.ErrMissingSignature), msg == "Missing reference":
		return "the XML signature does not cover the whole report"
	case strings.Contains(msg, "Could not verify certificate"):
		return "the report is signed with a certificate that is not among this lab's configured certificates"
	case strings.Contains(msg, "not valid at this time"):
		return "the lab certificate that signed the report is expired or not yet valid"
	case strings.Contains(msg, "Signature could not be verified"):
		return "signature does not match: the report changed after the lab signed it"
	case strings.Contains(msg, "verification error"), strings.Contains(msg, "crypto/"):
		return "signature does not match: the signed information changed or another key signed it"
	}
	return "the XML signature cannot be checked: " + msg
}

// xmlSigner names the certificate that signed: the one in KeyInfo that is
// among certs, else the only configured one.
func xmlSigner(sigs []*etree.Element, certs []*x509.Certificate) string {
	for _, s := range sigs {
		for _, e := range s.FindElements(".//X509Certificate") {
			der, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(e.Text()), ""))
			if err != nil {
				continue
			}
			for _, c := range certs {
				if string(c.Raw) == string(der) {
					return certName(c)
				}
			}
		}
	}
	if len(certs) == 1 {
		return certName(certs[0])
	}
	return ""
}

func certName(c *x509.Certificate) string {
	if c.Subject.CommonName != "" {
		return c.Subject.CommonName
	}
	return c.Subject.String()
}

// ParseCertificates reads PEM certificates (a lab's configured signing
// certificates).
func ParseCertificates(pemData []byte) ([]*x509.Certificate, error) {
	var certs []*x509.Certificate
	for {
		var block *pem.Block
		block, pemData = pem.Decode(pemData)
		if block == nil {
			break
		}
		if block.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("parse certificate: %w", err)
		}
		certs = append(certs, c)
	}
	if len(certs) == 0 {
		return nil, errors.New("no PEM certificate found")
	}
	return certs, nil
}
