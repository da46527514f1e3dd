package signtest

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labrelay/labrelay/internal/testenv"
)

// Tool returns the path of an installed command. It skips the test when the
// command is missing, and fails it instead when $CI is set.
func Tool(tb testing.TB, name string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		testenv.SkipOrFailf(tb, "%s not found", name)
	}
	return p
}

// Run runs a command and fails the test, with its output, when it fails.
func Run(tb testing.TB, name string, args ...string) []byte {
	tb.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		tb.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return out
}

// MustCert makes a key and a self-signed certificate with openssl in dir;
// kind is rsa (2048) or ecdsa (P-256), subject is e.g. "/O=Lab/CN=Name".
func MustCert(tb testing.TB, dir, kind, subject string) (keyPath, certPath string, cert *x509.Certificate) {
	tb.Helper()
	base := filepath.Join(dir, strings.NewReplacer("/", "_", "=", "_", " ", "_").Replace(kind+subject))
	keyPath, certPath = base+"-key.pem", base+"-cert.pem"
	newkey := []string{"-newkey", "rsa:2048"}
	if kind == "ecdsa" {
		newkey = []string{"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"}
	}
	args := append([]string{"req", "-x509"}, newkey...)
	args = append(args, "-nodes", "-keyout", keyPath, "-out", certPath, "-days", "2", "-subj", subject)
	Run(tb, Tool(tb, "openssl"), args...)
	data, err := os.ReadFile(certPath)
	if err != nil {
		tb.Fatal(err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		tb.Fatalf("%s: no PEM certificate", certPath)
	}
	if cert, err = x509.ParseCertificate(block.Bytes); err != nil {
		tb.Fatal(err)
	}
	return keyPath, certPath, cert
}

// sigTemplate is the enveloped XMLDSig template xmlsec1 fills in.
const sigTemplate = `<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
    <ds:SignedInfo>
      <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
      <ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#METHOD"/>
      <ds:Reference URI="">
        <ds:Transforms>
          <ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
          <ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
        </ds:Transforms>
        <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
        <ds:DigestValue/>
      </ds:Reference>
    </ds:SignedInfo>
    <ds:SignatureValue/>
    <ds:KeyInfo><ds:X509Data><ds:X509Certificate/></ds:X509Data></ds:KeyInfo>
  </ds:Signature>
`

// MustXMLSecSign signs doc with xmlsec1 --sign, an independent XMLDSig
// implementation: an enveloped signature (method rsa-sha256 or
// ecdsa-sha256) inserted before the root's closing tag rootEnd, with a key
// and certificate that MustCert makes in dir. It returns the signed bytes,
// the certificate and its path.
func MustXMLSecSign(tb testing.TB, dir string, doc []byte, rootEnd, kind, method, subject string) ([]byte, *x509.Certificate, string) {
	tb.Helper()
	xmlsec := Tool(tb, "xmlsec1")
	keyPath, certPath, cert := MustCert(tb, dir, kind, subject)
	if !bytes.Contains(doc, []byte(rootEnd)) {
		tb.Fatalf("document has no %s", rootEnd)
	}
	sig := strings.Replace(sigTemplate, "METHOD", method, 1)
	tmpl := bytes.Replace(doc, []byte(rootEnd), []byte(sig+rootEnd), 1)
	f, err := os.CreateTemp(dir, "tmpl-*.xml")
	if err != nil {
		tb.Fatal(err)
	}
	in, out := f.Name(), strings.TrimSuffix(f.Name(), ".xml")+"-signed.xml"
	if _, err := f.Write(tmpl); err != nil {
		tb.Fatal(err)
	}
	if err := f.Close(); err != nil {
		tb.Fatal(err)
	}
	Run(tb, xmlsec, "--sign", "--privkey-pem", keyPath+","+certPath, "--output", out, in)
	signed, err := os.ReadFile(out)
	if err != nil {
		tb.Fatal(err)
	}
	return signed, cert, certPath
}

// SigTemplate is the unsigned enveloped-signature template for method
// (rsa-sha256, ecdsa-sha256), e.g. to seed a fuzz corpus.
func SigTemplate(method string) string {
	return strings.Replace(sigTemplate, "METHOD", method, 1)
}
