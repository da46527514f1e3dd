package pdfsig

import (
	"bytes"
	"compress/zlib"
	"errors"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// updates reads the objects of a file's incremental revisions.
type updates struct {
	data []byte
	objs []object // every "N G obj" in file order
}

// object is one indirect object written in the file body.
type object struct {
	num, gen string
	at       int // offset of "N G obj"
	dict     map[string]string
	stream   []byte // raw stream bytes, nil when the object is no stream
	raw      string // tokens of a non-dictionary object
}

var objHeader = regexp.MustCompile(`(?:^|[^0-9])(\d{1,10})[ \r\n\t]+(\d{1,5})[ \r\n\t]+obj\b`)

// maxObjects bounds the objects read from one file.
const maxObjects = 1 << 18

func newUpdates(data []byte) *updates {
	u := &updates{data: data}
	budget := maxInflated
	for _, m := range objHeader.FindAllSubmatchIndex(data, maxObjects) {
		o := object{num: string(data[m[2]:m[3]]), gen: string(data[m[4]:m[5]]), at: m[2]}
		readBody(data, m[1], &o)
		u.objs = append(u.objs, o)
		if o.dict["Type"] == "/ObjStm" {
			u.objs = append(u.objs, streamObjects(&o, &budget)...)
		}
	}
	return u
}

// maxInflated bounds the bytes inflated from object streams in one file.
const maxInflated = 64 << 20

// streamObjects reads the objects packed in an object stream (Flate or
// unfiltered), each placed where the stream is in the file. A stream that
// cannot be read yields an object that counts as a change.
func streamObjects(os *object, budget *int) []object {
	plain, ok := inflate(os, budget)
	first, err := strconv.Atoi(os.dict["First"])
	if !ok || err != nil || first < 0 || first > len(plain) {
		return []object{{num: os.num, gen: "stream", at: os.at, dict: map[string]string{"Type": "/Unreadable"}}}
	}
	head := tokens(plain[:first])
	var out []object
	for i := 0; i+1 < len(head); i += 2 {
		off, err := strconv.Atoi(head[i+1])
		if err != nil || off < 0 || first+off >= len(plain) {
			break
		}
		end := len(plain)
		if i+3 < len(head) {
			if next, err := strconv.Atoi(head[i+3]); err == nil && next > off && first+next <= len(plain) {
				end = first + next
			}
		}
		o := object{num: head[i], gen: "0", at: os.at}
		readBody(plain[:end], first+off, &o)
		if o.dict == nil {
			o.raw = strings.Join(tokens(plain[first+off:end]), " ")
		}
		out = append(out, o)
	}
	return out
}

func inflate(o *object, budget *int) ([]byte, bool) {
	switch o.dict["Filter"] {
	case "":
		return o.stream, true
	case "/FlateDecode", "[ /FlateDecode ]":
	default:
		return nil, false
	}
	zr, err := zlib.NewReader(bytes.NewReader(o.stream))
	if err != nil {
		return nil, false
	}
	plain, err := io.ReadAll(io.LimitReader(zr, int64(*budget)+1))
	*budget -= len(plain)
	return plain, (err == nil || errors.Is(err, io.ErrUnexpectedEOF) && len(plain) > 0) && *budget >= 0
}

// readBody reads an object's dictionary (and stream) or raw value.
func readBody(data []byte, i int, o *object) {
	t, next := nextToken(data, i)
	if t != "<<" {
		end := bytes.Index(data[i:min(len(data), i+4096)], []byte("endobj"))
		if end >= 0 {
			o.raw = strings.Join(tokens(data[i:i+end]), " ")
		}
		return
	}
	d, after, ok := parseDict(data, next-2)
	if !ok {
		return
	}
	o.dict = d
	t, next = nextToken(data, after)
	if t != "stream" {
		return
	}
	for next < len(data) && (data[next] == '\r' || data[next] == '\n') {
		next++
	}
	if end := bytes.Index(data[next:], []byte("endstream")); end >= 0 {
		o.stream = bytes.TrimRight(data[next:next+end], "\r\n")
	}
}

// change returns what the revisions after end change that a signature
// with DocMDP permission p (0: none given) does not allow, or "".
func (u *updates) change(end int64, p int) string {
	last := map[string]*object{} // the signed revision's version of each object
	var found []string
	for i := range u.objs {
		o := &u.objs[i]
		key := o.num + " " + o.gen
		if int64(o.at) < end {
			last[key] = o
			continue
		}
		if c := classify(last[key], o, p); c != "" {
			found = append(found, c)
		}
	}
	if c := rootChange(u.data, end); c != "" {
		found = append(found, c)
	}
	if p == 1 && len(found) == 0 && len(u.objs) > 0 && int64(u.objs[len(u.objs)-1].at) >= end {
		found = append(found, "the signature forbids any change, and the file was changed")
	}
	return join(found)
}

// join lists distinct changes in a stable order.
func join(found []string) string {
	seen := map[string]bool{}
	var out []string
	for _, f := range found {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "; ")
}

var rootRef = regexp.MustCompile(`/Root[ \r\n\t]*(\d+[ \r\n\t]+\d+)[ \r\n\t]+R`)

// rootChange reports a later trailer that points at another catalog: a
// whole new document hidden behind the signed one.
func rootChange(data []byte, end int64) string {
	before := rootRef.FindAllSubmatch(data[:end], -1)
	after := rootRef.FindAllSubmatch(data[end:], -1)
	if len(before) == 0 || len(after) == 0 {
		return ""
	}
	old := string(before[len(before)-1][1])
	for _, m := range after {
		if string(m[1]) != old {
			return "the document root was replaced"
		}
	}
	return ""
}
