package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// S3API is the part of *s3.Client that ingest uses.
type S3API interface {
	ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input, optFns ...func(*s3.Options)) (*s3.ListObjectsV2Output, error)
	HeadObject(ctx context.Context, in *s3.HeadObjectInput, optFns ...func(*s3.Options)) (*s3.HeadObjectOutput, error)
	GetObject(ctx context.Context, in *s3.GetObjectInput, optFns ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

var _ S3API = (*s3.Client)(nil)

// CursorStore keeps the Poller's resume point across restarts; the store
// implements it (labrelay.Store has the same two methods).
type CursorStore interface {
	// GetCursor returns the value stored under name, "" when none.
	GetCursor(ctx context.Context, name string) (string, error)
	// PutCursor stores value under name.
	PutCursor(ctx context.Context, name, value string) error
}

// Poller finds objects by listing every source in full, every Interval.
//
// S3 lists in key order, not time order, so a "start after the last key"
// cursor would miss a new key that sorts before it. Each sweep therefore
// lists the whole prefix and hands over the objects whose ETag differs
// from the one this Poller last handed over successfully (all of them after
// a restart: the store de-duplicates). The cursor is only the resume point
// of a sweep cut short (crash, restart): the next sweep finishes the
// listing from there, the one after that is complete again.
type Poller struct {
	Client  S3API
	Sources []Source
	// Cursors, when set, keeps resume points, named "s3:" + Source.Name.
	Cursors CursorStore
	// PageSize is ListObjectsV2's MaxKeys; default 1000.
	PageSize int32
	// Interval between sweeps; default one minute.
	Interval time.Duration
	Logger   *slog.Logger

	mu    sync.Mutex
	known map[string]map[string]string // source → key → ETag handed over
}

// Watch sweeps at once, then every Interval, until ctx ends. A failed sweep
// is logged and retried at the next interval.
func (p *Poller) Watch(ctx context.Context, fn Consumer) error {
	interval := p.Interval
	if interval <= 0 {
		interval = time.Minute
	}
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
		if err := p.Sweep(ctx, fn); err != nil && ctx.Err() == nil {
			p.logger().Warn("ingest sweep failed; retrying at the next interval", "err", err, "interval", interval)
		}
		t.Reset(interval)
	}
}

// Sweep lists every source once and hands fn the new and changed objects.
// It returns the sources' errors joined; one failing source does not stop
// the others.
func (p *Poller) Sweep(ctx context.Context, fn Consumer) error {
	var errs []error
	for _, src := range p.Sources {
		if err := p.sweep(ctx, src, fn); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			errs = append(errs, fmt.Errorf("source %s: %w", src.Name, err))
		}
	}
	return errors.Join(errs...)
}

func (p *Poller) sweep(ctx context.Context, src Source, fn Consumer) error {
	name := "s3:" + src.Name
	start := ""
	if p.Cursors != nil {
		var err error
		if start, err = p.Cursors.GetCursor(ctx, name); err != nil {
			return fmt.Errorf("get cursor: %w", err)
		}
	}
	pageSize := p.PageSize
	if pageSize <= 0 {
		pageSize = 1000
	}
	known := p.knownOf(src.Name)
	seen := make(map[string]string, len(known))
	in := listInput(src, pageSize, start)
	if start != "" {
		p.logger().Info("ingest resuming an interrupted sweep", "source", src.Name, "after", start)
	}
	dirty := start != "" // a cursor to clear when the listing completes
	pages := s3.NewListObjectsV2Paginator(p.Client, in)
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("list s3://%s/%s: %w", src.Bucket, src.Prefix, err)
		}
		last := ""
		for _, o := range page.Contents {
			key, err := listedKey(page.EncodingType, aws.ToString(o.Key))
			if err != nil {
				return fmt.Errorf("list s3://%s/%s: %w", src.Bucket, src.Prefix, err)
			}
			last = key
			if !src.Match(key) {
				continue
			}
			etag := trimETag(aws.ToString(o.ETag))
			seen[key] = etag
			if prev, ok := known[key]; ok && prev == etag {
				continue
			}
			obj := Object{
				Source: src.Name, Bucket: src.Bucket, Key: key, ETag: etag,
				Size: aws.ToInt64(o.Size), LastModified: aws.ToTime(o.LastModified), Lab: src.Lab,
			}
			if err := fn(ctx, obj); err != nil {
				return fmt.Errorf("hand over %s: %w", key, err)
			}
			p.remember(src.Name, key, etag)
		}
		if p.Cursors != nil && last != "" && pages.HasMorePages() {
			if err := p.Cursors.PutCursor(ctx, name, last); err != nil {
				return fmt.Errorf("put cursor: %w", err)
			}
			dirty = true
		}
	}
	if p.Cursors != nil && dirty {
		if err := p.Cursors.PutCursor(ctx, name, ""); err != nil {
			return fmt.Errorf("put cursor: %w", err)
		}
	}
	if start == "" {
		// A complete listing: forget deleted keys, so that a key deleted
		// and written again with the same bytes is offered again.
		p.mu.Lock()
		p.known[src.Name] = seen
		p.mu.Unlock()
	}
	return nil
}

// knownOf returns a copy of what was handed over for a source.
func (p *Poller) knownOf(source string) map[string]string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.known == nil {
		p.known = map[string]map[string]string{}
	}
	m := make(map[string]string, len(p.known[source]))
	for k, v := range p.known[source] {
		m[k] = v
	}
	return m
}

func (p *Poller) remember(source, key, etag string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.known[source] == nil {
		p.known[source] = map[string]string{}
	}
	p.known[source][key] = etag
}

func (p *Poller) logger() *slog.Logger {
	if p.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return p.Logger
}

// listInput lists src's keys after start, pageSize at a time.
func listInput(src Source, pageSize int32, start string) *s3.ListObjectsV2Input {
	in := &s3.ListObjectsV2Input{
		Bucket:  aws.String(src.Bucket),
		MaxKeys: aws.Int32(pageSize),
		// Keys may hold characters XML 1.0 cannot carry (control
		// characters): asked URL-encoded, they come back whole instead of
		// as U+FFFD, which no GET finds.
		EncodingType: types.EncodingTypeUrl,
	}
	if src.Prefix != "" {
		in.Prefix = aws.String(src.Prefix)
	}
	if start != "" {
		in.StartAfter = aws.String(start)
	}
	return in
}

// listedKey decodes a key of a listing asked with encoding-type=url; a
// server that ignores the parameter says so by not echoing it.
func listedKey(enc types.EncodingType, key string) (string, error) {
	if enc != types.EncodingTypeUrl {
		return key, nil
	}
	k, err := url.QueryUnescape(key)
	if err != nil {
		return "", fmt.Errorf("key %q: %w", key, err)
	}
	return k, nil
}
