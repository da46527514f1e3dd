package ingest

import (
	"strings"

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

// Object is one version of one object of a source (Source is its
// Source.Name, Lab its Source.Lab).
type Object = labrelay.Object

// Consumer receives each Object found.
type Consumer = labrelay.Consumer

// Watcher finds new objects and hands them to a Consumer.
type Watcher = labrelay.Watcher

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

// Name implements Watcher.
func (*Poller) Name() string { return "poll" }

// Name implements Watcher.
func (*SQSListener) Name() string { return "sqs" }

// Name implements Watcher.
func (*Webhook) Name() string { return "webhook" }
