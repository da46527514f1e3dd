package ingest_test

import (
	"encoding/json"
	"testing"

	"github.com/labrelay/labrelay/ingest"
)

func TestParseEvent(t *testing.T) {
	snsInner, _ := json.Marshal(s3Event("b", "in/x%20y.pdf", "e"))
	tests := []struct {
		name    string
		body    string
		rawKeys bool
		want    []string // key@etag
		wantErr bool
	}{
		{name: "aws plus is space", body: s3Event("b", "in/a+b%2Bc.pdf", `"e1"`), want: []string{"in/a b+c.pdf@e1"}},
		{name: "aws cjk", body: s3Event("b", "%E5%A0%B1%E5%91%8A.pdf", "e"), want: []string{"報告.pdf@e"}},
		{name: "raw keys kept", body: s3Event("b", "in/a+b%2B 100%.pdf", "e"), rawKeys: true, want: []string{"in/a+b%2B 100%.pdf@e"}},
		{name: "invalid encoding kept", body: s3Event("b", "in/100% sure.pdf", "e"), want: []string{"in/100% sure.pdf@e"}},
		{name: "sns envelope", body: `{"Type":"Notification","Message":` + string(snsInner) + `}`, want: []string{"in/x y.pdf@e"}},
		{name: "minio event name", body: `{"EventName":"s3:ObjectCreated:Put","Key":"b/k","Records":[{"eventName":"s3:ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{"key":"k","eTag":"e"}}}]}`, want: []string{"k@e"}},
		{name: "removal ignored", body: `{"Records":[{"eventName":"ObjectRemoved:Delete","s3":{"bucket":{"name":"b"},"object":{"key":"k"}}}]}`},
		{name: "test event", body: `{"Service":"Amazon S3","Event":"s3:TestEvent","Bucket":"b"}`},
		{name: "sns subscription", body: `{"Type":"SubscriptionConfirmation","Message":"confirm"}`},
		{name: "not json", body: `<xml/>`, wantErr: true},
		{name: "no records", body: `{}`, wantErr: true},
		{name: "record without key", body: `{"Records":[{"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b"},"object":{}}}]}`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			objs, err := ingest.ParseEvent([]byte(tt.body), tt.rawKeys)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err: got %v, want error %v", err, tt.wantErr)
			}
			var got []string
			for _, o := range objs {
				got = append(got, o.Key+"@"+o.ETag)
			}
			if !equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func FuzzParseEvent(f *testing.F) {
	f.Add([]byte(s3Event("b", "in/a+b%2Bc.pdf", "e1")), false)
	f.Add([]byte(`{"Type":"Notification","Message":"{\"Records\":[]}"}`), true)
	f.Add([]byte(`{"Event":"s3:TestEvent"}`), false)
	f.Fuzz(func(t *testing.T, body []byte, raw bool) {
		objs, err := ingest.ParseEvent(body, raw)
		if err != nil {
			return
		}
		for _, o := range objs {
			if o.Bucket == "" || o.Key == "" {
				t.Errorf("object without bucket or key: %+v", o)
			}
		}
	})
}

func TestSourceMatch(t *testing.T) {
	s := ingest.Source{Prefix: "in/", Suffixes: []string{".pdf", ".XML"}}
	for key, want := range map[string]bool{
		"in/a.pdf": true, "in/a.PDF": true, "in/b.xml": true, "in/sub/c.pdf": true,
		"in/a.txt": false, "out/a.pdf": false, "in/dir.pdf/": false, "a.pdf": false,
	} {
		if got := s.Match(key); got != want {
			t.Errorf("Match(%q): got %v, want %v", key, got, want)
		}
	}
}
