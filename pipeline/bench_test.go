package pipeline_test

import (
	"context"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/ingest"
	"github.com/labrelay/labrelay/internal/relaytest"
	"github.com/labrelay/labrelay/internal/s3test"
)

// BenchmarkPipelineNative measures end-to-end native reports per second
// (dropped into a versitygw bucket, SQLite store, published to dspsim over
// loopback) and the drop-to-publish latency, with new objects found by a
// list sweep every second or by S3 event webhooks. b.N reports are dropped
// one after the other as fast as the S3 server takes them (a burst: the
// latency includes queueing), or paced at 20 per second.
//
//	go test -run '^$' -bench PipelineNative -benchtime 300x ./pipeline
func BenchmarkPipelineNative(b *testing.B) {
	b.Run("poll", func(b *testing.B) { benchNative(b, false, 0) })
	b.Run("webhook", func(b *testing.B) { benchNative(b, true, 0) })
	// Paced at 20 drops/s, well under capacity: the latency of one
	// report rather than of a queue.
	b.Run("poll-paced", func(b *testing.B) { benchNative(b, false, 50*time.Millisecond) })
	b.Run("webhook-paced", func(b *testing.B) { benchNative(b, true, 50*time.Millisecond) })
}

func benchNative(b *testing.B, webhook bool, pace time.Duration) {
	var wh *ingest.Webhook
	var opts []s3test.Option
	if webhook {
		wh = &ingest.Webhook{RawKeys: true, QueueSize: 8192}
		recv := httptest.NewServer(wh)
		b.Cleanup(recv.Close)
		opts = append(opts, s3test.WithWebhook(recv.URL))
	}
	r := newRig(b, opts...)
	st := relaytest.MustSQLite(b)
	poller := r.poller(st)
	poller.Interval = time.Second
	watchers := []ingest.Watcher{poller}
	if webhook {
		wh.Sources = []ingest.Source{r.Source}
		wh.Clients = map[string]ingest.S3API{r.Source.Bucket: r.S3.Client}
		poller.Interval = time.Hour // the first sweep runs before any drop
		watchers = []ingest.Watcher{wh, poller}
	}
	p := r.pipeline(b, st, "bench", nil, watchers...)
	p.LeaseTTL = 30 * time.Second
	start(b, p)
	time.Sleep(200 * time.Millisecond) // the first sweep is done
	files := generated(b.N)
	dropped := map[string]time.Time{}

	b.ResetTimer()
	t0 := time.Now()
	for _, f := range files {
		dropped[f.Key] = time.Now()
		r.S3.MustPut(b, bucket, f.Key, f.Data)
		if pace > 0 {
			time.Sleep(pace - time.Since(dropped[f.Key]))
		}
	}
	dropTime := time.Since(t0)
	ctx := context.Background()
	var docs []labrelay.Document
	for {
		var err error
		docs, err = st.Documents(ctx, labrelay.DocumentQuery{States: []labrelay.State{labrelay.StatePublished}})
		if err != nil {
			b.Fatal(err)
		}
		if len(docs) >= len(files) {
			break
		}
		if time.Since(t0) > 5*time.Minute {
			b.Fatalf("%d of %d published after 5 minutes", len(docs), len(files))
		}
		time.Sleep(20 * time.Millisecond)
	}
	elapsed := time.Since(t0)
	b.StopTimer()

	var lat []float64
	for _, d := range docs {
		if t, ok := dropped[d.Source.Key]; ok {
			lat = append(lat, float64(d.PublishedAt.Sub(t))/float64(time.Millisecond))
		}
	}
	slices.Sort(lat)
	b.ReportMetric(float64(len(files))/elapsed.Seconds(), "reports/s")
	b.ReportMetric(quantile(lat, 0.50), "p50-ms")
	b.ReportMetric(quantile(lat, 0.95), "p95-ms")
	b.ReportMetric(float64(len(files))/dropTime.Seconds(), "drops/s")
	b.ReportMetric(0, "ns/op")
}

func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(q*float64(len(sorted))))]
}
