package sqlite_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/sqlite"
	"github.com/labrelay/labrelay/storetest"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, now func() time.Time) labrelay.Store {
		s := sqlite.New(filepath.Join(t.TempDir(), "labrelay.db"))
		s.Now = now
		if err := s.Open(t.Context()); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestReopenKeepsData(t *testing.T) {
	path := filepath.Join(t.TempDir(), "labrelay.db")
	s := sqlite.New(path)
	if err := s.Open(t.Context()); err != nil {
		t.Fatal(err)
	}
	d, _, err := s.Discover(t.Context(), labrelay.NewDocument{Source: labrelay.ObjectRef{Bucket: "b", Key: "k"}})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = sqlite.New(path)
	if err := s.Open(t.Context()); err != nil {
		t.Fatalf("reopen (migrations again): %v", err)
	}
	defer s.Close()
	got, err := s.Document(t.Context(), d.ID)
	if err != nil || got.Source.Key != "k" {
		t.Fatalf("after reopen: %+v, %v", got, err)
	}
}
