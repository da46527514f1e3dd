package batch_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"path"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/batch"
	"github.com/labrelay/labrelay/internal/relaytest"
)

// BenchmarkBatchReprocess runs the rules-changed pass over N stored native
// documents (all affected, all re-extracted to the same record) and
// reports documents per second and the peak heap in use, sampled while
// it runs. The peak must not grow with N: the job reads a page at a time.
// docs=10000 runs only when -bench names it, e.g.
//
//	go test ./batch -run '^$' -bench 'BatchReprocess/docs=10000' -benchtime 1x
func BenchmarkBatchReprocess(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("docs=%d", n), func(b *testing.B) {
			if n > 1000 && !strings.Contains(flag.Lookup("test.bench").Value.String(), fmt.Sprint(n)) {
				b.Skipf("docs=%d runs only when -bench names it", n)
			}
			st := relaytest.MustSQLite(b)
			x, versions := currentExtractor()
			seedReview(b, st, x, n)
			job := &batch.Job{Store: st, RulesChanged: true, Extractor: x, RuleVersions: versions, Worker: "bench"}
			ctx := context.Background()
			// The seed's files are garbage now: collect them before
			// sampling, so the peak is the job's own.
			runtime.GC()
			var peak atomic.Uint64
			stop := make(chan struct{})
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				var ms runtime.MemStats
				t := time.NewTicker(5 * time.Millisecond)
				defer t.Stop()
				for {
					runtime.ReadMemStats(&ms)
					if ms.HeapInuse > peak.Load() {
						peak.Store(ms.HeapInuse)
					}
					select {
					case <-stop:
						return
					case <-t.C:
					}
				}
			}()
			b.ResetTimer()
			start := time.Now()
			for range b.N {
				b.StopTimer()
				if err := st.PutCursor(ctx, job.Checkpoint(), ""); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				s, err := job.Run(ctx)
				if err != nil {
					b.Fatal(err)
				}
				if s.Reprocess.Unchanged != n || len(s.Errors) > 0 {
					b.Fatalf("unchanged %d of %d, errors %v", s.Reprocess.Unchanged, n, s.Errors)
				}
			}
			elapsed := time.Since(start)
			b.StopTimer()
			close(stop)
			wg.Wait()
			b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "docs/s")
			b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MB")
		})
	}
}

// seedReview stores n distinct native reports in needs_review, extracted
// by an older version of their rule pack (same record).
func seedReview(tb testing.TB, st labrelay.Store, x batch.Extractor, n int) {
	tb.Helper()
	ctx := context.Background()
	files := generated(n)
	byKey := map[string]file{}
	for _, f := range files {
		byKey[f.Key] = f
		if _, _, err := st.Discover(ctx, labrelay.NewDocument{Source: labrelay.ObjectRef{Bucket: bucket, Key: f.Key, ETag: etag(f.Data)}, LabHint: "SGS"}); err != nil {
			tb.Fatal(err)
		}
	}
	for {
		ls, err := st.Lease(ctx, "seed", labrelay.StateDiscovered, 500, time.Hour)
		if err != nil {
			tb.Fatal(err)
		}
		if len(ls) == 0 {
			return
		}
		for _, l := range ls {
			f := byKey[l.Document.Source.Key]
			sum := sha256.Sum256(f.Data)
			hexSum := hex.EncodeToString(sum[:])
			if err := st.PutBlob(ctx, hexSum, f.Data); err != nil {
				tb.Fatal(err)
			}
			ext, err := x.Extract(ctx, path.Base(f.Key), f.Data)
			if err != nil {
				tb.Fatalf("%s: %v", f.Key, err)
			}
			ext.RulesVersion = ext.RulePack + "@0-old"
			if _, err := st.Complete(ctx, l, labrelay.StateNeedsReview, labrelay.Update{SHA256: hexSum, Extraction: ext}); err != nil {
				tb.Fatal(err)
			}
		}
	}
}
