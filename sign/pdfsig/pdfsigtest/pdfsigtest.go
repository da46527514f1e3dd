// Package pdfsigtest makes signed PDFs for tests with openssl, an
// independent CMS implementation, and checks verdicts with poppler's
// pdfsig. It is for tests only: nothing else may import it.
package pdfsigtest

import (
	"bytes"
	"compress/zlib"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// PKI is a throwaway CA and a signer certificate issued by it, as files.
type PKI struct {
	Dir                  string
	CAKey, CACert        string
	SignerKey, SignerPEM string
	CA, Signer           *x509.Certificate
}

// NeedTool skips when a tool is missing, and fails instead under CI.
func NeedTool(tb testing.TB, name string) {
	tb.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if os.Getenv("CI") != "" {
			tb.Fatalf("%s not found; run scripts/deps.sh", name)
		}
		tb.Skipf("%s not found", name)
	}
}

func run(tb testing.TB, dir, name string, args ...string) []byte {
	tb.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		tb.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return out
}

// NewPKI makes a CA "<org> Test CA" and a signer "<org> Document Signing".
func NewPKI(tb testing.TB, org string) *PKI {
	tb.Helper()
	NeedTool(tb, "openssl")
	dir := tb.TempDir()
	p := &PKI{Dir: dir, CAKey: "ca.key", CACert: "ca.pem", SignerKey: "signer.key", SignerPEM: "signer.pem"}
	ec := []string{"-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"}
	run(tb, dir, "openssl", append([]string{"req", "-x509"}, append(ec, "-keyout", p.CAKey, "-out", p.CACert,
		"-days", "3650", "-subj", "/O="+org+"/CN="+org+" Test CA",
		"-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign")...)...)
	run(tb, dir, "openssl", append([]string{"req"}, append(ec, "-keyout", p.SignerKey, "-out", "signer.csr",
		"-subj", "/O="+org+"/CN="+org+" Document Signing")...)...)
	run(tb, dir, "openssl", "x509", "-req", "-in", "signer.csr", "-CA", p.CACert, "-CAkey", p.CAKey,
		"-CAcreateserial", "-days", "365", "-out", p.SignerPEM)
	p.CA, p.Signer = readCert(tb, filepath.Join(dir, p.CACert)), readCert(tb, filepath.Join(dir, p.SignerPEM))
	return p
}

func readCert(tb testing.TB, path string) *x509.Certificate {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	b, _ := pem.Decode(data)
	if b == nil {
		tb.Fatalf("%s: no PEM", path)
	}
	c, err := x509.ParseCertificate(b.Bytes)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// contentsSize is the hex digits reserved for the CMS signature.
const contentsSize = 6000

// UnsignedPDF is a one-page PDF showing lines, with a signature field
// whose /Contents is a placeholder, and its signature dictionary unsigned.
func UnsignedPDF(lines []string) []byte {
	return CertifiedPDF(lines, 0)
}

// CertifiedPDF is UnsignedPDF with a certification (DocMDP) signature
// allowing changes p (1 none, 2 form filling, 3 also annotations); p 0
// makes an ordinary approval signature.
func CertifiedPDF(lines []string, p int) []byte {
	ref, perms := "", ""
	if p > 0 {
		ref = fmt.Sprintf(" /Reference [<< /Type /SigRef /TransformMethod /DocMDP /TransformParams << /Type /TransformParams /P %d /V /1.2 >> >>]", p)
		perms = " /Perms << /DocMDP 7 0 R >>"
	}
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] /SigFlags 3 >>" + perms + " >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 6 0 R >> >> /Annots [5 0 R] >>",
		ContentStream(lines),
		"<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /Rect [0 0 0 0] /F 132 /P 3 0 R /V 7 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 0000000000 0000000000 0000000000] /Contents <" +
			strings.Repeat("0", contentsSize) + "> /M (D:20240306025522+00'00')" + ref + " >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// Sign fills the byte range and the /Contents placeholder of pdf with a
// detached CMS signature made by openssl cms with p's signer (chain
// included). extra are more openssl cms options (e.g. "-noattr").
func (p *PKI) Sign(tb testing.TB, pdf []byte, extra ...string) []byte {
	tb.Helper()
	out := bytes.Clone(pdf)
	hole := bytes.Index(out, []byte("/Contents <0000"))
	if hole < 0 {
		tb.Fatal("no /Contents placeholder")
	}
	hole += len("/Contents ")
	end := hole + contentsSize + 2
	br := fmt.Sprintf("[0 %010d %010d %010d]", hole, end, len(out)-end)
	i := bytes.Index(out, []byte("[0 0000000000 0000000000 0000000000]"))
	copy(out[i:], br)
	signed := append(bytes.Clone(out[:hole]), out[end:]...)
	in := filepath.Join(p.Dir, "signed-bytes.bin")
	if err := os.WriteFile(in, signed, 0o600); err != nil {
		tb.Fatal(err)
	}
	args := append([]string{"cms", "-sign", "-binary", "-outform", "DER", "-md", "sha256", "-nosmimecap",
		"-signer", p.SignerPEM, "-inkey", p.SignerKey, "-certfile", p.CACert, "-in", in, "-out", "sig.der"}, extra...)
	run(tb, p.Dir, "openssl", args...)
	der, err := os.ReadFile(filepath.Join(p.Dir, "sig.der"))
	if err != nil {
		tb.Fatal(err)
	}
	h := fmt.Sprintf("%X", der)
	if len(h) > contentsSize {
		tb.Fatalf("signature of %d hex digits does not fit %d", len(h), contentsSize)
	}
	copy(out[hole+1:], h)
	return out
}

var (
	startxref = regexp.MustCompile(`startxref\s+(\d+)`)
	sizeKey   = regexp.MustCompile(`/Size\s+(\d+)`)
	catalog   = regexp.MustCompile(`(?s)(\d+) 0 obj\s*(<<\s*/Type\s*/Catalog.*?)\s*endobj`)
	flateObj  = regexp.MustCompile(`(?s)(\d+) 0 obj\s*<<\s*/Filter\s*/FlateDecode\s*/Length\s+(\d+)\s*>>\s*stream\r?\n`)
)

// Size is the object count of pdf's last trailer (/Size).
func Size(pdf []byte) int {
	m := sizeKey.FindAllSubmatch(pdf, -1)
	if len(m) == 0 {
		return 0
	}
	n, _ := strconv.Atoi(string(m[len(m)-1][1]))
	return n
}

// Update appends an incremental revision to pdf that writes objs (object
// number → body, e.g. "<< /Type /Annot ... >>") and a new xref section.
func Update(pdf []byte, objs map[int]string) []byte {
	m := startxref.FindAllSubmatch(pdf, -1)
	prev := string(m[len(m)-1][1])
	root := regexp.MustCompile(`/Root\s+(\d+ \d+ R)`).FindAllSubmatch(pdf, -1)
	var b bytes.Buffer
	b.Write(pdf)
	size := Size(pdf)
	nums := make([]int, 0, len(objs))
	for n := range objs {
		nums = append(nums, n)
		size = max(size, n+1)
	}
	sort.Ints(nums)
	offs := map[int]int{}
	for _, n := range nums {
		offs[n] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, objs[n])
	}
	xref := b.Len()
	b.WriteString("xref\n0 1\n0000000000 65535 f \n")
	for _, n := range nums {
		fmt.Fprintf(&b, "%d 1\n%010d 00000 n \n", n, offs[n])
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %s /Prev %s >>\nstartxref\n%d\n%%%%EOF\n",
		size, root[len(root)-1][1], prev, xref)
	return b.Bytes()
}

// AddSignatureField appends a revision to an existing unsigned PDF (one
// with a classic xref table) that adds a signature field with a /Contents
// placeholder, ready for Sign.
func AddSignatureField(tb testing.TB, pdf []byte) []byte {
	tb.Helper()
	m := catalog.FindSubmatch(pdf)
	if m == nil {
		tb.Fatal("no catalog object")
	}
	cat, _ := strconv.Atoi(string(m[1]))
	sig, widget := Size(pdf), Size(pdf)+1
	body := strings.Replace(string(m[2]), "<<", fmt.Sprintf("<< /AcroForm << /Fields [%d 0 R] /SigFlags 3 >>", widget), 1)
	return Update(pdf, map[int]string{
		cat: body,
		sig: "<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange [0 0000000000 0000000000 0000000000] /Contents <" +
			strings.Repeat("0", contentsSize) + "> /M (D:20240306025522+00'00') >>",
		widget: fmt.Sprintf("<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature1) /Rect [0 0 0 0] /F 132 /V %d 0 R >>", sig),
	})
}

// ReplaceText appends a revision that rewrites the Flate content stream
// showing old with new in its place (uncompressed).
func ReplaceText(tb testing.TB, pdf []byte, old, new string) []byte {
	tb.Helper()
	for _, m := range flateObj.FindAllSubmatchIndex(pdf, -1) {
		n, _ := strconv.Atoi(string(pdf[m[4]:m[5]]))
		if m[1]+n > len(pdf) {
			continue
		}
		zr, err := zlib.NewReader(bytes.NewReader(pdf[m[1] : m[1]+n]))
		if err != nil {
			continue
		}
		plain, err := io.ReadAll(zr)
		if err != nil {
			continue
		}
		o, w := []byte(old), []byte(new)
		if !bytes.Contains(plain, o) {
			o, w = utf16BE(old), utf16BE(new) // text shown with a two-byte font encoding
		}
		if !bytes.Contains(plain, o) {
			continue
		}
		plain = bytes.ReplaceAll(plain, o, w)
		num, _ := strconv.Atoi(string(pdf[m[2]:m[3]]))
		return Update(pdf, map[int]string{num: fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(plain), plain)})
	}
	tb.Fatalf("no content stream shows %q", old)
	return nil
}

func utf16BE(s string) []byte {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r>>8), byte(r))
	}
	return b
}

// ContentStream is the body of a content stream showing lines, as
// UnsignedPDF draws them: to rewrite page 1 in an update (object 4).
func ContentStream(lines []string) string {
	var content strings.Builder
	for i, l := range lines {
		fmt.Fprintf(&content, "BT /F1 11 Tf 56 %d Td (%s) Tj ET\n", 780-16*i, l)
	}
	return fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String())
}

// Pdfsig is poppler's verdict on a file's first signature.
type Pdfsig struct {
	Valid, DigestMismatch, Total bool
	Output                       string
}

// RunPdfsig runs poppler's pdfsig (no certificate check: the CA is ours).
func RunPdfsig(tb testing.TB, pdf []byte) Pdfsig {
	tb.Helper()
	NeedTool(tb, "pdfsig")
	path := filepath.Join(tb.TempDir(), "check.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		tb.Fatal(err)
	}
	out, _ := exec.Command("pdfsig", "-nocert", path).CombinedOutput()
	s := string(out)
	return Pdfsig{
		Valid:          strings.Contains(s, "Signature is Valid"),
		DigestMismatch: strings.Contains(s, "Digest Mismatch"),
		Total:          strings.Contains(s, "Total document signed"),
		Output:         s,
	}
}

// UpdateObjStm appends a revision as PDF 1.5 writers do: objs packed in a
// Flate-compressed object stream, indexed by a cross-reference stream.
func UpdateObjStm(pdf []byte, objs map[int]string) []byte {
	m := startxref.FindAllSubmatch(pdf, -1)
	prev := string(m[len(m)-1][1])
	nums := make([]int, 0, len(objs))
	for n := range objs {
		nums = append(nums, n)
	}
	sort.Ints(nums)
	var head, body bytes.Buffer
	for _, n := range nums {
		fmt.Fprintf(&head, "%d %d ", n, body.Len())
		body.WriteString(objs[n] + "\n")
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(head.Bytes())
	zw.Write(body.Bytes())
	zw.Close()
	stm := max(Size(pdf), nums[len(nums)-1]+1)
	var b bytes.Buffer
	b.Write(pdf)
	stmAt := b.Len()
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n", stm, len(nums), head.Len(), z.Len())
	b.Write(z.Bytes())
	b.WriteString("\nendstream\nendobj\n")
	xrefAt := b.Len()
	var rows bytes.Buffer
	var index []string
	for i, n := range nums {
		rows.Write([]byte{2, 0, 0, byte(stm >> 8), byte(stm), 0, byte(i)})
		index = append(index, fmt.Sprintf("%d 1", n))
	}
	rows.Write([]byte{1, byte(stmAt >> 24), byte(stmAt >> 16), byte(stmAt >> 8), byte(stmAt), 0, 0})
	rows.Write([]byte{1, byte(xrefAt >> 24), byte(xrefAt >> 16), byte(xrefAt >> 8), byte(xrefAt), 0, 0})
	index = append(index, fmt.Sprintf("%d 2", stm))
	fmt.Fprintf(&b, "%d 0 obj\n<< /Type /XRef /Size %d /Root 1 0 R /Prev %s /W [1 4 2] /Index [%s] /Length %d >>\nstream\n",
		stm+1, stm+2, prev, strings.Join(index, " "), rows.Len())
	b.Write(rows.Bytes())
	fmt.Fprintf(&b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", xrefAt)
	return b.Bytes()
}
