package ingest

import (
	"context"
	"strings"
	"time"

	"github.com/labrelay/labrelay"
)

// Source is one lab's drop location: the objects of Bucket under Prefix
// whose key ends with one of Suffixes (any key when Suffixes is empty;
// compared without regard to case).
type Source struct {
	// Name identifies the source in logs, cursors and Object.Source.
	Name     string
	Bucket   string
	Prefix   string
	Suffixes []string
	// Lab is the lab family the files probably come from, a hint for
	// extraction.
	Lab string
}

// Match reports whether key belongs to the source.
func (s Source) Match(key string) bool {
	if !strings.HasPrefix(key, s.Prefix) || strings.HasSuffix(key, "/") {
		return false
	}
	if len(s.Suffixes) == 0 {
		return true
	}
	lk := strings.ToLower(key)
	for _, suf := range s.Suffixes {
		if strings.HasSuffix(lk, strings.ToLower(suf)) {
			return true
		}
	}
	return false
}

// Object is one version of one object of a source.
type Object struct {
	Source string // Source.Name
	Bucket string
	Key    string
	// ETag without quotes. Empty when the notification did not carry one.
	ETag string
	// VersionID is set by notifications from versioned buckets; listings
	// leave it empty.
	VersionID    string
	Size         int64
	LastModified time.Time
	Lab          string // Source.Lab
}

// Ref is the object's identity for the store. Listings carry no version
// id, so the ETag alone identifies a version when it is known; otherwise
// the same object seen by the Poller and by a notification would count as
// two documents.
func (o Object) Ref() labrelay.ObjectRef {
	r := labrelay.ObjectRef{Bucket: o.Bucket, Key: o.Key, ETag: o.ETag}
	if o.ETag == "" {
		r.VersionID = o.VersionID
	}
	return r
}

// NewDocument is what the store's Discover needs to record the object.
func (o Object) NewDocument() labrelay.NewDocument {
	return labrelay.NewDocument{Source: o.Ref(), LabHint: o.Lab}
}

// Consumer receives each Object found. It is called from one goroutine per
// watcher. Returning an error means "not recorded": the watcher offers the
// object again later (the next sweep, or the SQS redelivery).
type Consumer func(ctx context.Context, obj Object) error

// Watcher finds new objects and hands them to fn until ctx ends. Watch
// returns ctx's error, or an error that makes watching impossible.
type Watcher interface {
	Watch(ctx context.Context, fn Consumer) error
}

var (
	_ Watcher = (*Poller)(nil)
	_ Watcher = (*SQSListener)(nil)
	_ Watcher = (*Webhook)(nil)
)

// match finds the source of bucket/key.
func match(sources []Source, bucket, key string) (Source, bool) {
	for _, s := range sources {
		if s.Bucket == bucket && s.Match(key) {
			return s, true
		}
	}
	return Source{}, false
}

func trimETag(s string) string {
	s = strings.TrimPrefix(s, "W/")
	return strings.Trim(s, `"`)
}
