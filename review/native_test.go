package review_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/labrelay/labrelay"
)

// Finding 5 of issue 17: the page view of a native XML/JSON document
// answered 500 and logged an ERROR each time; it shows the source instead.
func TestNativeDocumentShowsSource(t *testing.T) {
	r := newRig(t)
	b := r.client(t)
	b.login("alice")
	for _, tc := range []struct {
		key, media, path, data string
		want                   []string
	}{
		{"sgs/n-1.json", "application/json", labrelay.PathNativeJSON,
			`{"report_number":"N-1","lab_name":"` + `<script>alert(1)</script>` + `","results":[{"item":"Pb"}]}`,
			[]string{"\n  &#34;report_number&#34;: &#34;N-1&#34;,", "&lt;script&gt;alert(1)&lt;/script&gt;", "\n      &#34;item&#34;: &#34;Pb&#34;"}},
		{"bv/n-2.xml", "application/xml", labrelay.PathNativeXML,
			`<?xml version="1.0"?><report><number>N-2</number><lab>&lt;script&gt;alert(1)&lt;/script&gt;</lab></report>`,
			[]string{"\n  &lt;number&gt;N-2&lt;/number&gt;", "&amp;lt;script&amp;gt;"}},
	} {
		doc := r.seed(t, tc.key, []byte(tc.data), labrelay.Extraction{
			Source: labrelay.Source{File: tc.key, MediaType: tc.media},
			Path:   tc.path,
			Fields: labrelay.Record{ReportNumber: "N"},
		})
		page := b.get(fmt.Sprintf("doc/%d", doc.ID))
		if page.Status != http.StatusOK {
			t.Fatalf("%s: document page %d", tc.key, page.Status)
		}
		for _, w := range tc.want {
			if !strings.Contains(page.Body, w) {
				t.Errorf("%s: page lacks %q", tc.key, w)
			}
		}
		if strings.Contains(page.Body, "<script>alert") || strings.Contains(page.Body, "/page/1.png") {
			t.Errorf("%s: page has raw markup or a page image", tc.key)
		}
		if img := b.get(fmt.Sprintf("doc/%d/page/1.png", doc.ID)); img.Status != http.StatusNotFound {
			t.Errorf("%s: page image %d, want 404", tc.key, img.Status)
		}
	}
}
