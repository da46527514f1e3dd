package s3test_test

import (
	"os"
	"testing"

	"github.com/labrelay/labrelay/internal/s3test"
)

func TestMain(m *testing.M) { s3test.Main(m) }

func TestStartKeepsWorkingDirectory(t *testing.T) {
	before, _ := os.Getwd()
	a := s3test.Start(t)
	b := s3test.Start(t) // two servers at once: each in its own process
	if after, _ := os.Getwd(); after != before {
		t.Errorf("working directory: got %s, want %s", after, before)
	}
	for _, e := range []*s3test.Env{a, b} {
		e.MustBucket(t, "bucket-one")
		if etag := e.MustPut(t, "bucket-one", "k", []byte("x")); etag == "" {
			t.Error("put: empty ETag")
		}
		e.MustDelete(t, "bucket-one", "k")
	}
}
