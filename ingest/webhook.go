package ingest

import (
	"context"
	"crypto/subtle"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
)

// Webhook receives S3 event notifications POSTed by the storage server
// (MinIO, Ceph RGW, versitygw) and hands the created objects of its Sources
// to the Consumer given to Watch. ServeHTTP answers at once and queues; a
// full queue answers 503. Events are not retried by every sender, so the
// Poller must run too.
type Webhook struct {
	Sources []Source
	// Token, when set, must come as "Authorization: Bearer <Token>" or as
	// the query parameter token=<Token> (for senders that cannot set
	// headers, such as versitygw).
	Token string
	// RawKeys says the sender puts keys in events without URL encoding,
	// as versitygw does (AWS S3, MinIO and Ceph encode them).
	RawKeys bool
	// QueueSize bounds the objects waiting for the Consumer; default 1024.
	QueueSize int
	// MaxBody bounds one request body; default 1 MiB.
	MaxBody int64
	Logger  *slog.Logger

	once sync.Once
	ch   chan Object
}

var _ http.Handler = (*Webhook)(nil)

func (w *Webhook) queue() chan Object {
	w.once.Do(func() {
		n := w.QueueSize
		if n <= 0 {
			n = 1024
		}
		w.ch = make(chan Object, n)
	})
	return w.ch
}

// Handler returns w as an http.Handler.
func (w *Webhook) Handler() http.Handler { return w }

// ServeHTTP accepts one event notification.
func (w *Webhook) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	switch r.Method {
	case http.MethodPost:
	case http.MethodGet, http.MethodHead: // reachability probes
		rw.WriteHeader(http.StatusOK)
		return
	default:
		rw.Header().Set("Allow", "POST, GET, HEAD")
		http.Error(rw, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if !w.authorized(r) {
		rw.Header().Set("WWW-Authenticate", `Bearer realm="labrelay"`)
		http.Error(rw, "missing or wrong token", http.StatusUnauthorized)
		return
	}
	max := w.MaxBody
	if max <= 0 {
		max = 1 << 20
	}
	body, err := io.ReadAll(http.MaxBytesReader(rw, r.Body, max))
	if err != nil {
		http.Error(rw, "body too large or unreadable", http.StatusRequestEntityTooLarge)
		return
	}
	objs, err := ParseEvent(body, w.RawKeys)
	if err != nil {
		w.logger().Warn("ingest webhook: unreadable event", "err", err)
		http.Error(rw, "not an S3 event notification", http.StatusBadRequest)
		return
	}
	q := w.queue()
	for _, o := range sourced(w.Sources, objs) {
		select {
		case q <- o:
		default:
			w.logger().Warn("ingest webhook: queue full, the poller will find the object", "bucket", o.Bucket, "key", o.Key)
			rw.Header().Set("Retry-After", "5")
			http.Error(rw, "busy", http.StatusServiceUnavailable)
			return
		}
	}
	rw.WriteHeader(http.StatusNoContent)
}

func (w *Webhook) authorized(r *http.Request) bool {
	if w.Token == "" {
		return true
	}
	got := r.URL.Query().Get("token")
	if a := r.Header.Get("Authorization"); a != "" {
		got, _ = strings.CutPrefix(a, "Bearer ")
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(w.Token)) == 1
}

// Watch hands queued objects to fn until ctx ends. A Consumer error is
// logged: the Poller finds the object again.
func (w *Webhook) Watch(ctx context.Context, fn Consumer) error {
	q := w.queue()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case o := <-q:
			if err := fn(ctx, o); err != nil && ctx.Err() == nil {
				w.logger().Warn("ingest webhook: consumer failed; the poller will offer the object again",
					"bucket", o.Bucket, "key", o.Key, "err", err)
			}
		}
	}
}

func (w *Webhook) logger() *slog.Logger {
	if w.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return w.Logger
}
