package ingest

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Webhook receives S3 event notifications POSTed by the storage server
// (MinIO, Ceph RGW, versitygw) and hands the created objects of its Sources
// to the Consumer given to Watch. ServeHTTP answers at once and queues; a
// full queue answers 503. Events are not retried by every sender, so the
// Poller must run too.
//
// An event is a claim, not a fact: events for buckets and keys of no
// Source are dropped, and Watch confirms every object with HEAD through
// Clients before handing it on, taking its ETag and version from S3.
// Objects S3 does not have, or whose key it refuses, are dropped with a
// log line that says why; nothing is recorded for them.
type Webhook struct {
	Sources []Source
	// Clients reach the buckets of Sources, by bucket name, to confirm
	// events. An event for a bucket without a client is dropped.
	Clients map[string]S3API
	// EventRate and EventBurst limit the objects one source's events may
	// hand on: EventBurst at once, then EventRate per second; the rest are
	// dropped for the Poller to find. Defaults 20/s and 200.
	EventRate  float64
	EventBurst int
	// Now is the clock of the rate limit; default time.Now.
	Now func() time.Time
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

	once  sync.Once
	ch    chan Object
	limit *rateLimit
}

var _ http.Handler = (*Webhook)(nil)

func (w *Webhook) queue() chan Object {
	w.once.Do(func() {
		n := w.QueueSize
		if n <= 0 {
			n = 1024
		}
		w.ch = make(chan Object, n)
		rate, burst := w.EventRate, w.EventBurst
		if rate <= 0 {
			rate = 20
		}
		if burst <= 0 {
			burst = 200
		}
		w.limit = &rateLimit{rate: rate, burst: float64(burst)}
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
			o, ok := w.check(ctx, o)
			if !ok {
				continue
			}
			if err := fn(ctx, o); err != nil && ctx.Err() == nil {
				w.logger().Warn("ingest webhook: consumer failed; the poller will offer the object again",
					"bucket", o.Bucket, "key", o.Key, "err", err)
			}
		}
	}
}

// check confirms o with S3 and applies its source's rate limit; it logs
// why an object is dropped. Keys are logged quoted: they come from events.
func (w *Webhook) check(ctx context.Context, o Object) (Object, bool) {
	log := w.logger().With("source", o.Source, "bucket", o.Bucket, "key", fmt.Sprintf("%q", o.Key))
	got, err := confirm(ctx, w.Clients[o.Bucket], o)
	switch {
	case errors.Is(err, ErrNotInBucket):
		log.Warn("ingest webhook: event for an object S3 does not have; dropped", "event_etag", o.ETag)
		return o, false
	case errors.Is(err, ErrKeyRefused):
		log.Warn("ingest webhook: key refused, not recorded", "reason", err.Error())
		return o, false
	case err != nil:
		log.Warn("ingest webhook: could not confirm the event; the poller will find the object", "err", err)
		return o, false
	}
	now := time.Now
	if w.Now != nil {
		now = w.Now
	}
	if !w.limit.allow(o.Source, now()) {
		log.Warn("ingest webhook: source over its event rate; the poller will find the object")
		return o, false
	}
	if o.ETag != "" && got.ETag != o.ETag {
		log.Info("ingest webhook: event ETag differs from S3's; using S3's", "event_etag", o.ETag, "etag", got.ETag)
	}
	return got, true
}

func (w *Webhook) logger() *slog.Logger {
	if w.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return w.Logger
}

// WebhookConfig is what a deployment says about the webhook, checked
// before it starts.
type WebhookConfig struct {
	Path  string // where the webhook is served; "" means off
	Token string
	// InsecureNoAuth accepts events from anyone; it must be written out.
	InsecureNoAuth bool
}

// ErrWebhookNoToken is returned by Validate for a webhook without a token.
var ErrWebhookNoToken = errors.New("notifications.webhook.token is required: anyone who can reach the webhook could otherwise create documents (set insecure_no_auth: true to accept that)")

// Validate refuses a webhook that is on with no token, unless
// InsecureNoAuth says so explicitly; Insecure reports that case, for a
// warning at start and in readiness.
func (c WebhookConfig) Validate() error {
	if c.Path != "" && c.Token == "" && !c.InsecureNoAuth {
		return ErrWebhookNoToken
	}
	return nil
}

// Insecure reports a webhook that is on and accepts events from anyone.
func (c WebhookConfig) Insecure() bool { return c.Path != "" && c.Token == "" }
