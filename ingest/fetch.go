package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	smithyhttp "github.com/aws/smithy-go/transport/http"
	"github.com/labrelay/labrelay"
)

var (
	// ErrGone means the object was deleted before it could be fetched.
	ErrGone = labrelay.ErrGone
	// ErrChanged means the object was rewritten after it was discovered
	// (errors.Is(err, ErrGone) holds too).
	ErrChanged = labrelay.ErrChanged
	// ErrTooLarge means the object is bigger than the limit. Fetch returns
	// it inside a *labrelay.InputError.
	ErrTooLarge = errors.New("object is too large")
)

// Fetcher reads objects found by the watchers.
type Fetcher struct {
	Client S3API
}

// Fetch reads exactly the version of obj that was discovered: by
// VersionID when set, and on the condition that the ETag still matches.
// It checks the size before reading. Errors: ErrGone (deleted), ErrChanged
// (rewritten), an InputError wrapping ErrTooLarge (bigger than maxSize;
// maxSize <= 0 means no limit).
func (f *Fetcher) Fetch(ctx context.Context, obj Object, maxSize int64) ([]byte, error) {
	head := &s3.HeadObjectInput{Bucket: aws.String(obj.Bucket), Key: aws.String(obj.Key)}
	get := &s3.GetObjectInput{Bucket: aws.String(obj.Bucket), Key: aws.String(obj.Key)}
	if obj.ETag != "" {
		head.IfMatch = aws.String(`"` + obj.ETag + `"`)
		get.IfMatch = head.IfMatch
	}
	if obj.VersionID != "" {
		head.VersionId = aws.String(obj.VersionID)
		get.VersionId = head.VersionId
	}
	h, err := f.Client.HeadObject(ctx, head)
	if err != nil {
		return nil, classify(obj, err)
	}
	if size := aws.ToInt64(h.ContentLength); maxSize > 0 && size > maxSize {
		return nil, tooLarge(obj, size, maxSize)
	}
	out, err := f.Client.GetObject(ctx, get)
	if err != nil {
		return nil, classify(obj, err)
	}
	defer out.Body.Close()
	if size := aws.ToInt64(out.ContentLength); maxSize > 0 && size > maxSize {
		return nil, tooLarge(obj, size, maxSize)
	}
	r := io.Reader(out.Body)
	if maxSize > 0 {
		r = io.LimitReader(out.Body, maxSize+1)
	}
	var buf bytes.Buffer
	if n := aws.ToInt64(out.ContentLength); n > 0 && n < 1<<30 {
		buf.Grow(int(n))
	}
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, fmt.Errorf("fetch s3://%s/%s: %w", obj.Bucket, obj.Key, err)
	}
	if maxSize > 0 && int64(buf.Len()) > maxSize {
		return nil, tooLarge(obj, int64(buf.Len()), maxSize)
	}
	return buf.Bytes(), nil
}

func classify(obj Object, err error) error {
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) {
		switch re.HTTPStatusCode() {
		case http.StatusNotFound:
			return fmt.Errorf("fetch s3://%s/%s: %w", obj.Bucket, obj.Key, ErrGone)
		case http.StatusPreconditionFailed:
			return fmt.Errorf("fetch s3://%s/%s: %w", obj.Bucket, obj.Key, ErrChanged)
		}
	}
	return fmt.Errorf("fetch s3://%s/%s: %w", obj.Bucket, obj.Key, err)
}

func tooLarge(obj Object, size, limit int64) error {
	return &labrelay.InputError{
		Reason: fmt.Sprintf("The file %s is %d bytes, over the %d-byte limit: ask the lab to send a smaller file, or raise the limit.", obj.Key, size, limit),
		Err:    ErrTooLarge,
	}
}
