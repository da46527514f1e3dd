package pdf

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
)

// ReasonRepaired is the review reason of a file read only after its
// cross-reference table was rebuilt: the objects found by scanning may not
// be the ones the author's viewer shows (an incremental update, a damaged
// object), so a person checks the record.
const ReasonRepaired = "read after repairing the file's cross-reference table"

// fixTail rewrites the last "startxref N %%EOF" of data, whatever the white
// space and line ends around N (Crystal Reports writes "startxref \nN
// \n%%EOF\r\n"), as "\nstartxref\nN\n%%EOF\n", the only form the parser
// finds. Every viewer accepts such tails; nothing is repaired, so no review.
func fixTail(data []byte) []byte {
	from := max(0, len(data)-1024)
	i := bytes.LastIndex(data[from:], []byte("startxref"))
	if i < 0 {
		return data
	}
	i += from
	j := skipSpace(data, i+len("startxref"))
	k := j
	for k < len(data) && k-j < 20 && data[k] >= '0' && data[k] <= '9' {
		k++
	}
	if k == j {
		return data
	}
	e := skipSpace(data, k)
	if !bytes.HasPrefix(data[e:], []byte("%%EOF")) {
		return data
	}
	want := "\nstartxref\n" + string(data[j:k]) + "\n%%EOF\n"
	if i > 0 && (string(data[i-1:]) == want || string(data[i-1:]) == want+"\n") {
		return data
	}
	out := make([]byte, 0, i+len(want))
	out = append(out, data[:i]...)
	return append(out, want...)
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	return i
}

// xrefEntry is one object of a rebuilt table: at offset in the file, or
// (compressed) the index-th object of object stream stm.
type xrefEntry struct {
	offset     int64
	gen        int
	stm, index int
	compressed bool
}

var (
	reObj     = regexp.MustCompile(`(\d{1,7})[ \t\r\n\f\x00]+(\d{1,5})[ \t\r\n\f\x00]+obj\b`)
	reRoot    = regexp.MustCompile(`/Root[ \t\r\n\f\x00]*(\d{1,7})[ \t\r\n\f\x00]+(\d{1,5})[ \t\r\n\f\x00]+R`)
	reInfo    = regexp.MustCompile(`/Info[ \t\r\n\f\x00]*(\d{1,7})[ \t\r\n\f\x00]+(\d{1,5})[ \t\r\n\f\x00]+R`)
	reCatalog = regexp.MustCompile(`/Type[ \t\r\n\f\x00]*/Catalog\b`)
	reObjStm  = regexp.MustCompile(`/Type[ \t\r\n\f\x00]*/ObjStm\b`)
	reN       = regexp.MustCompile(`/N[ \t\r\n\f\x00]+(\d{1,7})`)
	reFirst   = regexp.MustCompile(`/First[ \t\r\n\f\x00]+(\d{1,9})`)
)

// maxRebuilt bounds the object numbers (and objects) of a rebuilt table,
// far below maxObjects: the parser allocates one entry per number, and a
// lab report has a few thousand objects.
const maxRebuilt = 1 << 20

// maxObjStm bounds what one object stream may inflate to while rebuilding:
// a Flate bomb in a damaged file must not take the memory the guards save.
const maxObjStm = 16 << 20

// rebuildXref scans data for "N G obj" (skipping stream data), reads the
// object numbers inside object streams, and appends a cross-reference
// stream listing them with a trailer naming the catalog: what poppler does
// when a file's cross-reference table is missing or wrong.
func rebuildXref(data []byte) ([]byte, error) {
	if encrypted(data) {
		return nil, errors.New("encrypted files are not rebuilt")
	}
	table := map[int]xrefEntry{}
	sc := newScanner(data)
	var stms []int
	root, maxNum := -1, 0
	for pos := 0; pos < len(data); {
		base := pos
		m := reObj.FindSubmatchIndex(data[base:])
		if m == nil {
			break
		}
		start, end := base+m[0], base+m[1]
		pos = end
		if start > 0 && !isSpace(data[start-1]) && !bytes.ContainsRune([]byte(">])}"), rune(data[start-1])) {
			continue // digits inside a longer token
		}
		num, _ := strconv.Atoi(string(data[base+m[2] : base+m[3]]))
		gen, _ := strconv.Atoi(string(data[base+m[4] : base+m[5]]))
		if num > maxRebuilt || gen > 65535 {
			continue
		}
		body, next := sc.objectBody(end)
		pos = next
		table[num] = xrefEntry{offset: int64(start), gen: gen}
		maxNum = max(maxNum, num)
		if reCatalog.Match(dictPart(body)) {
			root = num
		}
		if reObjStm.Match(dictPart(body)) {
			stms = append(stms, num)
		}
		if len(table) > maxRebuilt {
			return nil, errors.New("too many objects")
		}
	}
	for _, s := range stms {
		maxNum = max(maxNum, objStmEntries(data, table, s))
	}
	if len(table) > maxRebuilt {
		return nil, errors.New("too many objects")
	}
	if r := lastRef(data, reRoot, table); r >= 0 {
		root = r
	}
	if root < 0 {
		return nil, errors.New("no document catalog found")
	}
	return appendXrefStream(data, table, maxNum, root, lastRef(data, reInfo, table)), nil
}

// scanner finds the next "endobj" and "stream" at or after a position,
// remembering the last answer: positions only grow, so a whole scan
// searches the file once, even when neither keyword appears.
type scanner struct {
	data        []byte
	endobj, stm int // next occurrence at or after the last query; len(data) if none
	eoFrom      int
	stFrom      int
}

func newScanner(data []byte) *scanner {
	return &scanner{data: data, eoFrom: -1, stFrom: -1}
}

func (s *scanner) next(key string, from int, at, cacheFrom *int) int {
	if *cacheFrom < 0 || *at < from || *cacheFrom > from {
		i := bytes.Index(s.data[from:], []byte(key))
		*at = len(s.data)
		if i >= 0 {
			*at = from + i
		}
		*cacheFrom = from
	}
	return *at
}

// objectBody returns the bytes of the object starting at from (after
// "obj") up to its "endobj", and where scanning goes on: past the stream
// data of a stream object, which may hold anything.
func (s *scanner) objectBody(from int) ([]byte, int) {
	data := s.data
	eo := s.next("endobj", from, &s.endobj, &s.eoFrom)
	st := s.next("stream", from, &s.stm, &s.stFrom)
	if st < len(data) && st < eo {
		es := bytes.Index(data[st+6:], []byte("endstream"))
		if es < 0 {
			return data[from:], len(data)
		}
		end := st + 6 + es + len("endstream")
		return data[from:end], end
	}
	if eo == len(data) {
		// No endobj: the object runs to the next one.
		if m := reObj.FindIndex(data[from:]); m != nil {
			return data[from : from+m[0]], from + m[0]
		}
		return data[from:], len(data)
	}
	return data[from:eo], eo + len("endobj")
}

// dictPart is an object's body before its stream data.
func dictPart(body []byte) []byte {
	if i := bytes.Index(body, []byte("stream")); i >= 0 {
		return body[:i]
	}
	return body
}

// lastRef returns the object number of the last reference matched by re
// whose object exists, or -1.
func lastRef(data []byte, re *regexp.Regexp, table map[int]xrefEntry) int {
	ms := re.FindAllSubmatch(data, -1)
	for i := len(ms) - 1; i >= 0; i-- {
		n, err := strconv.Atoi(string(ms[i][1]))
		if _, ok := table[n]; ok && err == nil {
			return n
		}
	}
	return -1
}

// objStmEntries adds the objects of object stream s to table (where no
// uncompressed object has the number) and returns the largest number seen.
func objStmEntries(data []byte, table map[int]xrefEntry, s int) int {
	off := int(table[s].offset)
	m := reObj.FindIndex(data[off:])
	if m == nil {
		return 0
	}
	body, _ := newScanner(data).objectBody(off + m[1])
	dict := dictPart(body)
	nm, fm := reN.FindSubmatch(dict), reFirst.FindSubmatch(dict)
	if nm == nil || fm == nil {
		return 0
	}
	n, _ := strconv.Atoi(string(nm[1]))
	first, _ := strconv.Atoi(string(fm[1]))
	raw := streamData(body)
	if bytes.Contains(dict, []byte("/FlateDecode")) {
		zr, err := zlib.NewReader(bytes.NewReader(raw))
		if err != nil {
			return 0
		}
		raw, _ = io.ReadAll(io.LimitReader(zr, maxObjStm)) // a damaged tail still gives its head
	} else if bytes.Contains(dict, []byte("/Filter")) {
		return 0
	}
	if first > len(raw) {
		return 0
	}
	hdr := raw[:first]
	top := 0
	for i := 0; i < n && i <= 65535; i++ {
		var num, off int
		if _, err := fmt.Sscan(string(nextTokens(&hdr, 2)), &num, &off); err != nil {
			break
		}
		if num < 0 || num > maxRebuilt {
			continue
		}
		if _, ok := table[num]; !ok {
			table[num] = xrefEntry{stm: s, index: i, compressed: true}
			top = max(top, num)
		}
	}
	return top
}

// nextTokens cuts the next n white-space separated tokens off *b.
func nextTokens(b *[]byte, n int) []byte {
	i := skipSpace(*b, 0)
	j := i
	for k := 0; k < n; k++ {
		j = skipSpace(*b, j)
		for j < len(*b) && !isSpace((*b)[j]) {
			j++
		}
	}
	out := (*b)[i:j]
	*b = (*b)[j:]
	return out
}

// streamData returns the bytes between "stream" and "endstream" of body.
func streamData(body []byte) []byte {
	i := bytes.Index(body, []byte("stream"))
	j := bytes.LastIndex(body, []byte("endstream"))
	if i < 0 || j < i+6 {
		return nil
	}
	b := body[i+6 : j]
	if bytes.HasPrefix(b, []byte("\r\n")) {
		b = b[2:]
	} else if len(b) > 0 && (b[0] == '\n' || b[0] == '\r') {
		b = b[1:]
	}
	return b
}

// appendXrefStream writes the rebuilt table after data as an uncompressed
// cross-reference stream (one entry per object number, W [1 4 2]).
func appendXrefStream(data []byte, table map[int]xrefEntry, maxNum, root, info int) []byte {
	self := maxNum + 1
	size := self + 1
	out := make([]byte, 0, len(data)+size*7+256)
	out = append(out, data...)
	out = append(out, '\n')
	selfOff := len(out)
	table[self] = xrefEntry{offset: int64(selfOff)}
	rows := make([]byte, 0, size*7)
	for n := 0; n < size; n++ {
		e, ok := table[n]
		switch {
		case !ok:
			rows = append(rows, 0, 0, 0, 0, 0, 0xff, 0xff)
		case e.compressed:
			rows = append(rows, 2, byte(e.stm>>24), byte(e.stm>>16), byte(e.stm>>8), byte(e.stm), byte(e.index>>8), byte(e.index))
		default:
			o := e.offset
			rows = append(rows, 1, byte(o>>24), byte(o>>16), byte(o>>8), byte(o), byte(e.gen>>8), byte(e.gen))
		}
	}
	dict := fmt.Sprintf("%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root %d %d R", self, size, root, table[root].gen)
	if info >= 0 {
		dict += fmt.Sprintf(" /Info %d %d R", info, table[info].gen)
	}
	out = append(out, fmt.Sprintf("%s /Length %d >>\nstream\n", dict, len(rows))...)
	out = append(out, rows...)
	out = append(out, "\nendstream\nendobj\nstartxref\n"...)
	out = strconv.AppendInt(out, int64(selfOff), 10)
	return append(out, "\n%%EOF\n"...)
}
