package ocrproto_test

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
)

func TestFrameRoundTrip(t *testing.T) {
	var b bytes.Buffer
	req := ocrproto.Request{ID: 7, Op: ocrproto.OpRecognize, Languages: []string{"eng", "chi_sim"}, DPI: 300, Format: ocrproto.FormatPGM, Width: 2, Height: 1}
	body := []byte("P5\n2 1\n255\n\x00\xff")
	resp := ocrproto.Response{ID: 7, Words: []ocrproto.Word{{Text: "检测 N.D.", X: 1, Y: 2, W: 3, H: 4, Conf: 91.5}}}
	if err := ocrproto.WriteFrame(&b, req, body[:11], body[11:]); err != nil {
		t.Fatal(err)
	}
	if err := ocrproto.WriteFrame(&b, resp); err != nil {
		t.Fatal(err)
	}
	var gotReq ocrproto.Request
	gotBody, err := ocrproto.ReadFrame(&b, &gotReq, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(req, gotReq); d != "" || !bytes.Equal(gotBody, body) {
		t.Errorf("request (-want +got):\n%s\nbody %q", d, gotBody)
	}
	var gotResp ocrproto.Response
	if _, err := ocrproto.ReadFrame(&b, &gotResp, gotBody); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(resp, gotResp); d != "" {
		t.Errorf("response (-want +got):\n%s", d)
	}
	if _, err := ocrproto.ReadFrame(&b, &gotResp, nil); !errors.Is(err, io.EOF) {
		t.Errorf("at the end: got %v, want io.EOF", err)
	}
}

func TestReadFrameRefuses(t *testing.T) {
	var full bytes.Buffer
	if err := ocrproto.WriteFrame(&full, ocrproto.Request{ID: 1}, []byte("body")); err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{
		"truncated length": full.Bytes()[:5],
		"truncated body":   full.Bytes()[:full.Len()-1],
		"huge body":        {0, 0, 0, 2, 0xff, 0xff, 0xff, 0xff, '{', '}'},
		"bad header":       {0, 0, 0, 2, 0, 0, 0, 0, '{', 'x'},
	} {
		var req ocrproto.Request
		if _, err := ocrproto.ReadFrame(bytes.NewReader(data), &req, nil); !errors.Is(err, ocrproto.ErrFrame) {
			t.Errorf("%s: got %v, want ErrFrame", name, err)
		}
	}
}
