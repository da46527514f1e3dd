package labsig_test

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beevik/etree"
	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/sign"
	"github.com/labrelay/labrelay/sign/labsig"
	"github.com/labrelay/labrelay/sign/signtest"
	dsig "github.com/russellhaering/goxmldsig"
)

const reportXML = `<?xml version="1.0" encoding="UTF-8"?>
<Report xmlns="urn:example:lab-report">
  <ReportNumber>SHAEC2605001234</ReportNumber>
  <IssueDate>2026-05-09</IssueDate>
  <Results><Row><Item>Lead (Pb)</Item><Limit>1000</Limit><Value>N.D.</Value></Row></Results>
</Report>
`

// MustOpenSSLCert makes a key and self-signed certificate with openssl.
func MustOpenSSLCert(t *testing.T, dir, kind, cn string) (keyPath, certPath string, cert *x509.Certificate) {
	t.Helper()
	return signtest.MustCert(t, dir, kind, "/O=Example Lab/CN="+cn)
}

// MustXMLSecSign signs reportXML with xmlsec1 and returns the signed bytes.
func MustXMLSecSign(t *testing.T, dir, kind, method string) ([]byte, *x509.Certificate, string) {
	t.Helper()
	return signtest.MustXMLSecSign(t, dir, []byte(reportXML), "</Report>", kind, method, "/O=Example Lab/CN=Example Lab "+kind)
}

func reportNumber(doc *etree.Document) string {
	if doc == nil || doc.Root() == nil {
		return ""
	}
	if e := doc.Root().FindElement("ReportNumber"); e != nil {
		return e.Text()
	}
	return ""
}

func TestVerifyXMLSignedByXMLSec(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ kind, method string }{{"rsa", "rsa-sha256"}, {"ecdsa", "ecdsa-sha256"}} {
		t.Run(tc.kind, func(t *testing.T) {
			signed, cert, _ := MustXMLSecSign(t, dir, tc.kind, tc.method)
			_, _, other := MustOpenSSLCert(t, t.TempDir(), tc.kind, "Someone Else")

			doc, got := labsig.VerifyXML(signed, []*x509.Certificate{other, cert})
			if got.Status != labrelay.SignatureVerified {
				t.Fatalf("VerifyXML = %+v, want verified", got)
			}
			if got.Signer != "Example Lab "+tc.kind {
				t.Errorf("Signer = %q", got.Signer)
			}
			if n := reportNumber(doc); n != "SHAEC2605001234" {
				t.Errorf("signed report number = %q", n)
			}
			if len(doc.Root().FindElements("//Signature")) != 0 {
				t.Error("the returned document still holds the Signature element")
			}

			tests := []struct {
				name   string
				data   []byte
				certs  []*x509.Certificate
				reason string
			}{
				{"tampered value", bytes.Replace(signed, []byte("N.D."), []byte("12"), 1), []*x509.Certificate{cert}, "changed after the lab signed it"},
				{"tampered number", bytes.Replace(signed, []byte("SHAEC2605001234"), []byte("SHAEC2605001235"), 1), []*x509.Certificate{cert}, "changed"},
				{"another lab's certificate", signed, []*x509.Certificate{other}, "not among this lab's configured certificates"},
				{"no certificate configured", signed, nil, "no certificate is configured"},
				{"not XML", signed[:len(signed)/2], []*x509.Certificate{cert}, "not well formed"},
			}
			for _, tt := range tests {
				doc, got := labsig.VerifyXML(tt.data, tt.certs)
				if got.Status != labrelay.SignatureInvalid || doc != nil {
					t.Errorf("%s: status %q (doc %v), want invalid and no document", tt.name, got.Status, doc != nil)
				}
				if !strings.Contains(got.Reason, tt.reason) {
					t.Errorf("%s: reason %q, want it to say %q", tt.name, got.Reason, tt.reason)
				}
			}
		})
	}
}

func TestVerifyXMLUnsigned(t *testing.T) {
	doc, got := labsig.VerifyXML([]byte(reportXML), nil)
	if got.Status != labrelay.SignatureUnsigned || reportNumber(doc) != "SHAEC2605001234" {
		t.Fatalf("VerifyXML(unsigned) = %+v, %q", got, reportNumber(doc))
	}
}

// TestVerifyXMLSignatureWrapping puts unsigned data beside the signed
// report; labrelay must never hand it out as signed.
func TestVerifyXMLSignatureWrapping(t *testing.T) {
	signed, cert, _ := MustXMLSecSign(t, t.TempDir(), "rsa", "rsa-sha256")
	body := signed[bytes.Index(signed, []byte("<Report")):]
	body = bytes.TrimSpace(body)
	inner := bytes.TrimSuffix(body, []byte("</Report>"))
	inner = inner[bytes.IndexByte(inner, '>')+1:]

	attacks := map[string]string{
		// The signed report moved inside a new root whose own report
		// number is the attacker's.
		"wrapped in a new root": `<Report xmlns="urn:example:lab-report"><ReportNumber>EVIL-1</ReportNumber><Wrapped>` + string(body) + `</Wrapped></Report>`,
		// An extra result row added beside the signed ones.
		"sibling element": `<Report xmlns="urn:example:lab-report"><ReportNumber>EVIL-1</ReportNumber>` + string(inner) + `</Report>`,
		// The signed report as the second child, a forged one first.
		"forged first report": `<Reports xmlns="urn:example:lab-report"><Report><ReportNumber>EVIL-1</ReportNumber></Report>` + string(body) + `</Reports>`,
	}
	for name, xml := range attacks {
		doc, got := labsig.VerifyXML([]byte(xml), []*x509.Certificate{cert})
		if got.Status == labrelay.SignatureVerified {
			if strings.Contains(docString(doc), "EVIL") {
				t.Errorf("%s: unsigned data returned as signed", name)
			}
			continue
		}
		if got.Status != labrelay.SignatureInvalid || doc != nil {
			t.Errorf("%s: status %q, want invalid and no document", name, got.Status)
		}
		t.Logf("%s: %s", name, got.Reason)
	}
}

func docString(doc *etree.Document) string {
	if doc == nil {
		return ""
	}
	s, _ := doc.WriteToString()
	return s
}

func TestVerifyXMLWeakAlgorithm(t *testing.T) {
	signed, cert, _ := MustXMLSecSign(t, t.TempDir(), "rsa", "rsa-sha256")
	weak := bytes.Replace(signed, []byte("xmldsig-more#rsa-sha256"), []byte("xmldsig#rsa-sha1"), 1)
	if _, got := labsig.VerifyXML(weak, []*x509.Certificate{cert}); got.Status != labrelay.SignatureInvalid || !strings.Contains(got.Reason, "weak") {
		t.Errorf("VerifyXML(rsa-sha1) = %+v", got)
	}
}

// MustGoCert returns a key and self-signed certificate made in Go.
func MustGoCert(t *testing.T, kind string) (crypto.Signer, *x509.Certificate) {
	t.Helper()
	var key crypto.Signer
	var err error
	if kind == "ecdsa" {
		key, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	} else {
		key, err = rsa.GenerateKey(rand.Reader, 2048)
	}
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Go Lab " + kind},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage: x509.KeyUsageDigitalSignature, BasicConstraintsValid: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return key, cert
}

// TestGoxmldsigSignedVerifiesWithXMLSec checks goxmldsig's signatures with
// an independent implementation, and in labrelay.
func TestGoxmldsigSignedVerifiesWithXMLSec(t *testing.T) {
	xmlsec := signtest.Tool(t, "xmlsec1")
	for _, tc := range []struct{ kind, method string }{{"rsa", dsig.RSASHA256SignatureMethod}, {"ecdsa", dsig.ECDSASHA256SignatureMethod}} {
		t.Run(tc.kind, func(t *testing.T) {
			dir := t.TempDir()
			key, cert := MustGoCert(t, tc.kind)
			ctx, err := dsig.NewSigningContext(key, [][]byte{cert.Raw})
			if err != nil {
				t.Fatal(err)
			}
			if err := ctx.SetSignatureMethod(tc.method); err != nil {
				t.Fatal(err)
			}
			doc := etree.NewDocument()
			if err := doc.ReadFromString(reportXML); err != nil {
				t.Fatal(err)
			}
			signedRoot, err := ctx.SignEnveloped(doc.Root())
			if err != nil {
				t.Fatal(err)
			}
			doc.SetRoot(signedRoot)
			derSigned, _ := doc.WriteToBytes()
			if _, got := labsig.VerifyXML(derSigned, []*x509.Certificate{cert}); got.Status != labrelay.SignatureVerified {
				t.Errorf("VerifyXML(goxmldsig output) = %+v", got)
			}
			if tc.kind == "ecdsa" {
				xmldsigECDSA(t, doc)
			}
			signed, _ := doc.WriteToBytes()
			path := filepath.Join(dir, "signed.xml")
			certPath := filepath.Join(dir, "cert.pem")
			os.WriteFile(path, signed, 0o644)
			os.WriteFile(certPath, pemCert(cert), 0o644)

			out := signtest.Run(t, xmlsec, "--verify", "--trusted-pem", certPath, path)
			if !bytes.Contains(out, []byte("OK")) {
				t.Errorf("xmlsec1 --verify: %s", out)
			}
			tampered := filepath.Join(dir, "tampered.xml")
			os.WriteFile(tampered, bytes.Replace(signed, []byte("N.D."), []byte("12"), 1), 0o644)
			if out, err := exec.CommandContext(t.Context(), xmlsec, "--verify", "--trusted-pem", certPath, tampered).CombinedOutput(); err == nil {
				t.Errorf("xmlsec1 verified a tampered document: %s", out)
			}

			if d, got := labsig.VerifyXML(signed, []*x509.Certificate{cert}); got.Status != labrelay.SignatureVerified || reportNumber(d) != "SHAEC2605001234" {
				t.Errorf("VerifyXML = %+v", got)
			}
		})
	}
}

func FuzzVerifyXML(f *testing.F) {
	f.Add([]byte(reportXML))
	f.Add([]byte(strings.Replace(reportXML, "</Report>", signtest.SigTemplate("rsa-sha256")+"</Report>", 1)))
	_, cert := MustGoCert(&testing.T{}, "ecdsa")
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, got := labsig.VerifyXML(data, []*x509.Certificate{cert})
		if got.Status == labrelay.SignatureVerified {
			t.Fatalf("verified a document no trusted key signed: %q", data)
		}
		if got.Status == labrelay.SignatureInvalid && doc != nil {
			t.Fatal("invalid signature returned a document")
		}
	})
}

// xmldsigECDSA rewrites goxmldsig's DER ECDSA SignatureValue to the r||s
// form the XMLDSig spec requires and xmlsec1 1.2.37 insists on (goxmldsig
// issue #163). VerifyXML accepts both forms.
func xmldsigECDSA(t *testing.T, doc *etree.Document) {
	t.Helper()
	v := doc.Root().FindElement(".//SignatureValue")
	der, err := base64.StdEncoding.DecodeString(v.Text())
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sign.DERToJOSE(der, 32)
	if err != nil {
		t.Fatal(err)
	}
	v.SetText(base64.StdEncoding.EncodeToString(raw))
}
