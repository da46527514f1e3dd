// Package difftest checks labrelay's PDF and image readers against the
// tools most Linux users trust: every PDF that poppler's pdftotext reads,
// `labrelay extract` reads, with the same text-derived fields as when the
// text comes from pdftotext, and every image that Tesseract (Leptonica)
// reads, labrelay's image decoder reads. It generates, from each PDF, the
// structural variants real generators write (white space around startxref,
// CR/CRLF tails, wrong or missing xref offsets, xref and object streams,
// incremental updates, linearisation, junk around the file).
package difftest

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/model"
)

// Variant is one re-saved form of a PDF. Err is why it could not be made
// (a tool refused the source); such variants are reported, not checked.
type Variant struct {
	Name string
	Data []byte
	Err  error
}

var (
	reTail = regexp.MustCompile(`startxref\s+(\d+)\s*%%EOF\s*$`)
	reRoot = regexp.MustCompile(`/Root\s*(\d+)\s+(\d+)\s+R`)
	reEnc  = regexp.MustCompile(`/Encrypt\s*\d+\s+\d+\s+R`)
	// An /ID of two hex or literal strings (SGS writes binary literals).
	reID = regexp.MustCompile(`(?s)/ID\s*\[\s*(?:<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))\s*(?:<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))\s*\]`)
)

// tail returns where the final "startxref" starts and its offset.
func tail(data []byte) (int, int64, error) {
	m := reTail.FindSubmatchIndex(data)
	if m == nil {
		return 0, 0, fmt.Errorf("no startxref tail")
	}
	off, err := strconv.ParseInt(string(data[m[2]:m[3]]), 10, 64)
	return m[0], off, err
}

// withTail rewrites the startxref tail: sep1 after the keyword, the offset
// (plus delta), sep2, %%EOF, end.
func withTail(data []byte, sep1, sep2, end string, delta int64) ([]byte, error) {
	i, off, err := tail(data)
	if err != nil {
		return nil, err
	}
	out := bytes.Clone(data[:i])
	out = append(out, "startxref"+sep1+strconv.FormatInt(off+delta, 10)+sep2+"%%EOF"+end...)
	return out, nil
}

// Variants returns data and its variants. qpdf is the qpdf binary ("" to
// skip the variants only it makes: object streams, linearised).
func Variants(data []byte, qpdf string) []Variant {
	v := []Variant{{Name: "original", Data: data}}
	add := func(name string, b []byte, err error) {
		v = append(v, Variant{Name: name, Data: b, Err: err})
	}
	b, err := withTail(data, " \n", " \n", "\r\n", 0)
	add("startxref-white-space", b, err)
	b, err = withTail(data, "\r", "\r", "\r", 0)
	add("tail-cr", b, err)
	b, err = withTail(data, "\r\n", "\r\n", "\r\n", 0)
	add("tail-crlf", b, err)
	b, err = withTail(data, "\n", "\n", "\n", 17)
	add("startxref-wrong", b, err)
	b, err = noStartxref(data)
	add("startxref-missing", b, err)
	add("offsets-shifted", shifted(data), nil)
	b, err = incremental(data)
	add("incremental-update", b, err)
	add("junk-before-header", append([]byte("garbage from a mail gateway\r\n\x00\x01\x02 more junk\n"), data...), nil)
	add("junk-after-eof", append(bytes.Clone(data), []byte("\r\n\x00\x00 trailing bytes a gateway appended \xff\xfe\n")...), nil)
	b, err = pdfcpuWrite(data, true, false)
	add("xref-stream", b, err)
	b, err = pdfcpuWrite(data, false, false)
	add("xref-table", b, err)
	if qpdf != "" {
		objstm, err := runQpdf(qpdf, data, "--object-streams=generate")
		add("object-streams", objstm, err)
		if err == nil {
			b, err = withTail(objstm, "\n", "\n", "\n", 23)
			add("object-streams-startxref-wrong", b, err)
			b, err = incremental(objstm)
			add("object-streams-incremental", b, err)
		}
		b, err = runQpdf(qpdf, data, "--linearize")
		add("linearized", b, err)
	}
	return v
}

// noStartxref drops the startxref line and its offset.
func noStartxref(data []byte) ([]byte, error) {
	i, _, err := tail(data)
	if err != nil {
		return nil, err
	}
	return append(bytes.Clone(data[:i]), "%%EOF\n"...), nil
}

// shifted inserts a comment line after the header: every offset in the
// cross-reference table (and startxref) is then wrong by its length.
func shifted(data []byte) []byte {
	i := bytes.IndexAny(data, "\r\n")
	if i < 0 {
		return data
	}
	out := bytes.Clone(data[:i+1])
	out = append(out, "% inserted by a tool that did not fix the offsets\n"...)
	return append(out, data[i+1:]...)
}

// incremental appends an update section, as a form filler or signer
// writes: a new Info dictionary and a cross-reference table whose /Prev is
// the original section.
func incremental(data []byte) ([]byte, error) {
	_, prev, err := tail(data)
	if err != nil {
		return nil, err
	}
	ms := reRoot.FindAllSubmatch(data, -1)
	if len(ms) == 0 {
		return nil, fmt.Errorf("no /Root")
	}
	root := ms[len(ms)-1]
	num := 1 + maxObjNum(data)
	out := bytes.Clone(data)
	if out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	objOff := len(out)
	out = append(out, fmt.Sprintf("%d 0 obj\n<< /Producer (labrelay difftest update) >>\nendobj\n", num)...)
	xrefOff := len(out)
	out = append(out, fmt.Sprintf("xref\n0 1\n0000000000 65535 f \n%d 1\n%010d 00000 n \n", num, objOff)...)
	// An encrypted file's update repeats its /Encrypt and /ID.
	extra := ""
	for _, re := range []*regexp.Regexp{reEnc, reID} {
		if ms := re.FindAll(data, -1); len(ms) > 0 {
			extra += " " + string(ms[len(ms)-1])
		}
	}
	out = append(out, fmt.Sprintf("trailer\n<< /Size %d /Root %s %s R /Info %d 0 R /Prev %d%s >>\nstartxref\n%d\n%%%%EOF\n",
		num+1, root[1], root[2], num, prev, extra, xrefOff)...)
	return out, nil
}

var reObjNum = regexp.MustCompile(`(\d+)\s+\d+\s+obj\b|/Size\s+(\d+)`)

func maxObjNum(data []byte) int {
	top := 0
	for _, m := range reObjNum.FindAllSubmatch(data, -1) {
		for _, g := range m[1:] {
			if n, err := strconv.Atoi(string(g)); err == nil && n < 1<<23 {
				top = max(top, n)
			}
		}
	}
	return top
}

// pdfcpuWrite re-saves data with pdfcpu, with a cross-reference stream or
// table (and object streams when objStm).
func pdfcpuWrite(data []byte, xrefStream, objStm bool) (out []byte, err error) {
	defer func() {
		if x := recover(); x != nil {
			out, err = nil, fmt.Errorf("pdfcpu: %v", x)
		}
	}()
	api.DisableConfigDir()
	conf := model.NewDefaultConfiguration()
	conf.ValidationMode = model.ValidationRelaxed
	conf.WriteXRefStream = xrefStream
	conf.WriteObjectStream = objStm
	var buf bytes.Buffer
	if err := api.Optimize(bytes.NewReader(data), &buf, conf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// runQpdf re-saves data with qpdf and the given option.
func runQpdf(bin string, data []byte, opt string) ([]byte, error) {
	dir, err := os.MkdirTemp("", "difftest-qpdf-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	in, out := filepath.Join(dir, "in.pdf"), filepath.Join(dir, "out.pdf")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return nil, err
	}
	// Exit 3 is "succeeded with warnings" (qpdf repaired the source).
	cmd := exec.Command(bin, "--no-warn", opt, in, out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
			return nil, fmt.Errorf("qpdf %s: %v %s", opt, err, bytes.TrimSpace(msg))
		}
	}
	return os.ReadFile(out)
}
