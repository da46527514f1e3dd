package batch

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/ingest"
)

// maxNewKeys bounds the keys named in the summary.
const maxNewKeys = 50

// discover lists every source in full and records the objects no
// document exists for yet. The Poller has no cursor store: the running
// pipeline's poller keeps its resume points, and a full list needs none.
func (j *Job) discover(ctx context.Context, s *Summary) error {
	j.Progress.Start(PhaseDiscover, -1)
	var errs []error
	for _, l := range j.Listers {
		var sources []ingest.Source
		for _, src := range l.Sources {
			if j.Lab == "" || strings.EqualFold(src.Lab, j.Lab) {
				sources = append(sources, src)
			}
		}
		if len(sources) == 0 {
			continue
		}
		p := &ingest.Poller{Client: l.Client, Sources: sources, Logger: j.Logger}
		err := p.Sweep(ctx, func(ctx context.Context, obj ingest.Object) error {
			s.Discover.Listed++
			j.Progress.Add(1)
			created, err := j.record(ctx, obj)
			if err != nil {
				return err
			}
			if created {
				s.Discover.New++
				if len(s.Discover.NewKeys) < maxNewKeys {
					s.Discover.NewKeys = append(s.Discover.NewKeys, "s3://"+obj.Bucket+"/"+obj.Key)
				}
				j.Logger.Info("object the watchers missed", "bucket", obj.Bucket, "key", obj.Key, "etag", obj.ETag, "dry_run", j.DryRun)
			}
			return nil
		})
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// record discovers obj, or in a dry run only looks it up.
func (j *Job) record(ctx context.Context, obj ingest.Object) (bool, error) {
	if j.DryRun {
		_, err := j.Store.DocumentBySource(ctx, obj.Ref())
		switch {
		case errors.Is(err, labrelay.ErrNotFound):
			return true, nil
		case err != nil:
			return false, fmt.Errorf("look up s3://%s/%s: %w", obj.Bucket, obj.Key, err)
		}
		return false, nil
	}
	_, created, err := j.Store.Discover(ctx, obj.NewDocument())
	if err != nil {
		return false, fmt.Errorf("discover s3://%s/%s: %w", obj.Bucket, obj.Key, err)
	}
	return created, nil
}
