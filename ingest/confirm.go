package ingest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

var (
	// ErrNotInBucket means an event named an object the S3 server does
	// not have: a forged or stale event. Nothing is recorded.
	ErrNotInBucket = errors.New("the object is not in the bucket")
	// ErrKeyRefused means the S3 server (or S3's own key rules) refuses
	// the key, so the object can never be fetched.
	ErrKeyRefused = errors.New("the S3 server refuses this key")
	// ErrNoClient means there is no S3 client to confirm an event with.
	ErrNoClient = errors.New("no S3 client for the bucket to confirm the event with")
)

// checkKey refuses keys S3 never stores: empty, over 1024 bytes, not
// UTF-8, or holding NUL.
func checkKey(key string) error {
	switch {
	case key == "" || len(key) > 1024:
		return fmt.Errorf("%w: keys are 1 to 1024 bytes", ErrKeyRefused)
	case !utf8.ValidString(key):
		return fmt.Errorf("%w: keys are UTF-8", ErrKeyRefused)
	case strings.ContainsRune(key, 0):
		return fmt.Errorf("%w: keys hold no NUL character", ErrKeyRefused)
	}
	return nil
}

// confirm asks S3 about an object an event named and returns it as S3
// has it: the ETag, version, size and time come from the HEAD response,
// never from the event, which anyone able to reach the webhook can write.
func confirm(ctx context.Context, c S3API, o Object) (Object, error) {
	if err := checkKey(o.Key); err != nil {
		return o, err
	}
	if c == nil {
		return o, ErrNoClient
	}
	in := &s3.HeadObjectInput{Bucket: aws.String(o.Bucket), Key: aws.String(o.Key)}
	h, err := c.HeadObject(ctx, in)
	if err != nil {
		var re *smithyhttp.ResponseError
		if errors.As(err, &re) {
			switch code := re.HTTPStatusCode(); {
			case code == http.StatusNotFound:
				return o, ErrNotInBucket
			case code == http.StatusBadRequest || code == http.StatusForbidden || code == http.StatusMethodNotAllowed:
				return o, fmt.Errorf("%w (HEAD answered %d)", ErrKeyRefused, code)
			}
		}
		return o, fmt.Errorf("head s3://%s/%s: %w", o.Bucket, o.Key, err)
	}
	o.ETag = trimETag(aws.ToString(h.ETag))
	o.VersionID = aws.ToString(h.VersionId)
	o.Size = aws.ToInt64(h.ContentLength)
	if h.LastModified != nil {
		o.LastModified = *h.LastModified
	}
	return o, nil
}

// rateLimit is a token bucket per source: at most burst objects at once,
// then rate per second.
type rateLimit struct {
	rate  float64
	burst float64

	mu     sync.Mutex
	tokens map[string]float64
	last   map[string]time.Time
}

func (l *rateLimit) allow(source string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.tokens == nil {
		l.tokens, l.last = map[string]float64{}, map[string]time.Time{}
	}
	t, ok := l.tokens[source]
	if !ok {
		t = l.burst
	} else {
		t = min(l.burst, t+now.Sub(l.last[source]).Seconds()*l.rate)
	}
	l.last[source] = now
	if t < 1 {
		l.tokens[source] = t
		return false
	}
	l.tokens[source] = t - 1
	return true
}
