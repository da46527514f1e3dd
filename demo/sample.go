package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/labrelay/labrelay/fixtures"
	"github.com/labrelay/labrelay/internal/text"
)

// Bucket is one demo bucket: the lab whose reports it holds (a hint, ""
// for any) and the sample files it gets, as a glob under the samples
// directory.
type Bucket struct {
	Name, Lab, Glob string
}

// Buckets are the demo's buckets: two native labs, text PDFs, and scans
// and photos (which show the OCR path and, as OCR is never sure enough to
// auto-accept, the review queue).
var Buckets = []Bucket{
	{Name: "sgs-reports", Lab: "SGS", Glob: "native/sgs-*.xml"},
	{Name: "bv-reports", Lab: "BV", Glob: "native/bv-*.json"},
	{Name: "pdf-reports", Glob: "pdf/*.pdf"},
	{Name: "scan-reports", Glob: "scan/*"},
}

// File is one sample dropped into a demo bucket.
type File struct {
	Bucket, Key string
	Data        []byte
	Dropped     time.Time // zero when the object was there already
}

// Samples reads the sample files of each bucket from dir (a checkout's
// fixtures/testdata). A native lab with no files there gets the same
// samples generated, so the demo works without a checkout.
func Samples(dir string, buckets []Bucket) ([]*File, error) {
	var files []*File
	for _, b := range buckets {
		paths, err := filepath.Glob(filepath.Join(dir, b.Glob))
		if err != nil {
			return nil, fmt.Errorf("samples %s: %w", b.Glob, err)
		}
		paths = slices.DeleteFunc(paths, func(p string) bool { return strings.HasSuffix(p, ".expected.json") })
		if len(paths) == 0 && b.Lab != "" {
			for _, s := range fixtures.Native(fixtures.DefaultSeed) {
				if strings.HasPrefix(s.Name, strings.ToLower(b.Lab)) {
					files = append(files, &File{Bucket: b.Name, Key: s.Name + "." + s.Ext, Data: s.Data})
				}
			}
			continue
		}
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				return nil, err
			}
			files = append(files, &File{Bucket: b.Name, Key: filepath.Base(p), Data: data})
		}
	}
	return files, nil
}

// Seed creates the buckets (if missing) and puts each file that is not
// there yet, setting its Dropped time. Files already there (an earlier
// run) are left alone, so nothing is published twice.
func Seed(ctx context.Context, c *s3.Client, buckets []Bucket, files []*File) error {
	for _, b := range buckets {
		if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(b.Name)}); err != nil && !bucketExists(err) {
			return fmt.Errorf("create bucket %s: %w", b.Name, err)
		}
	}
	for _, f := range files {
		_, err := c.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(f.Bucket), Key: aws.String(f.Key)})
		if err == nil {
			continue
		}
		if !notFound(err) {
			return fmt.Errorf("seed %s/%s: %w", f.Bucket, text.Printable(f.Key), err)
		}
		f.Dropped = time.Now()
		if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(f.Bucket), Key: aws.String(f.Key), Body: bytes.NewReader(f.Data)}); err != nil {
			return fmt.Errorf("seed %s/%s: %w", f.Bucket, text.Printable(f.Key), err)
		}
	}
	return nil
}

func bucketExists(err error) bool {
	var owned *types.BucketAlreadyOwnedByYou
	var exists *types.BucketAlreadyExists
	return errors.As(err, &owned) || errors.As(err, &exists)
}

func notFound(err error) bool {
	var nf *types.NotFound
	var nk *types.NoSuchKey
	return errors.As(err, &nf) || errors.As(err, &nk)
}
