package ingest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// eventRecord is one record of an AWS-format S3 event notification, as sent
// by AWS S3, MinIO, Ceph RGW and versitygw.
type eventRecord struct {
	EventName string `json:"eventName"`
	EventTime string `json:"eventTime"`
	S3        struct {
		Bucket struct {
			Name string `json:"name"`
		} `json:"bucket"`
		Object struct {
			Key       string `json:"key"`
			Size      int64  `json:"size"`
			ETag      string `json:"eTag"`
			VersionID string `json:"versionId"`
		} `json:"object"`
	} `json:"s3"`
}

type eventDoc struct {
	Records []eventRecord `json:"Records"`
	// SNS envelope (S3 → SNS → SQS without raw delivery).
	Type    string `json:"Type"`
	Message string `json:"Message"`
	// Test events: {"Event":"s3:TestEvent", …}.
	Event string `json:"Event"`
}

// ParseEvent returns the created objects an S3 event notification names,
// with no Source set. It accepts the plain form ({"Records": […]}) and the
// SNS-wrapped form, and returns no objects for test events and for other
// kinds of events (removals, restores).
//
// AWS S3, MinIO and Ceph URL-encode keys in events ("+" for a space), and
// ParseEvent decodes them; a key that is not valid URL encoding is taken
// as it is. versitygw sends keys decoded already: pass rawKeys for it.
func ParseEvent(body []byte, rawKeys bool) ([]Object, error) {
	var doc eventDoc
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, fmt.Errorf("parse s3 event: %w", err)
	}
	if doc.Type == "Notification" && doc.Message != "" {
		return ParseEvent([]byte(doc.Message), rawKeys)
	}
	if doc.Records == nil {
		if doc.Event != "" || doc.Type != "" {
			return nil, nil // test event, subscription confirmation
		}
		return nil, fmt.Errorf("parse s3 event: no Records")
	}
	var objs []Object
	for _, r := range doc.Records {
		name := strings.TrimPrefix(r.EventName, "s3:")
		if !strings.HasPrefix(name, "ObjectCreated:") {
			continue
		}
		if r.S3.Bucket.Name == "" || r.S3.Object.Key == "" {
			return nil, fmt.Errorf("parse s3 event: %s record without bucket or key", r.EventName)
		}
		key := r.S3.Object.Key
		if !rawKeys {
			if k, err := url.QueryUnescape(key); err == nil {
				key = k
			}
		}
		t, _ := time.Parse(time.RFC3339Nano, r.EventTime)
		objs = append(objs, Object{
			Bucket:       r.S3.Bucket.Name,
			Key:          key,
			ETag:         trimETag(r.S3.Object.ETag),
			VersionID:    r.S3.Object.VersionID,
			Size:         r.S3.Object.Size,
			LastModified: t,
		})
	}
	return objs, nil
}

// sourced keeps the objects that belong to a source and stamps them.
func sourced(sources []Source, objs []Object) []Object {
	out := objs[:0]
	for _, o := range objs {
		if s, ok := match(sources, o.Bucket, o.Key); ok {
			o.Source, o.Lab = s.Name, s.Lab
			out = append(out, o)
		}
	}
	return out
}
