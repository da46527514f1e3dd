package sqlite_test

import (
	"fmt"
	"path/filepath"
	"sync"
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

// TestTwoProcesses: two stores on one file (as two processes would be)
// lease concurrently; BEGIN IMMEDIATE and the busy timeout keep every job
// exclusive.
func TestTwoProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "labrelay.db")
	var stores [2]*sqlite.Store
	for i := range stores {
		stores[i] = sqlite.New(path)
		if err := stores[i].Open(t.Context()); err != nil {
			t.Fatal(err)
		}
		defer stores[i].Close()
	}
	const docs = 30
	for i := range docs {
		ref := labrelay.ObjectRef{Bucket: "b", Key: fmt.Sprintf("k%d", i)}
		if _, _, err := stores[i%2].Discover(t.Context(), labrelay.NewDocument{Source: ref}); err != nil {
			t.Fatal(err)
		}
	}
	var mu sync.Mutex
	seen := map[int64]int{}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				ls, err := stores[w%2].Lease(t.Context(), fmt.Sprintf("w%d", w), labrelay.StateDiscovered, 2, time.Minute)
				if err != nil {
					t.Error(err)
					return
				}
				if len(ls) == 0 {
					return
				}
				mu.Lock()
				for _, l := range ls {
					seen[l.DocumentID]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if len(seen) != docs {
		t.Errorf("leased %d documents, want %d", len(seen), docs)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("document %d leased %d times", id, n)
		}
	}
}
