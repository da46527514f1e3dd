package demo_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/labrelay/labrelay/demo"
	"github.com/labrelay/labrelay/internal/s3test"
)

func TestMain(m *testing.M) { s3test.Main(m) }

// Seeding twice against a real S3 server: the second run finds the
// buckets and objects there, drops nothing and fails on nothing.
func TestSeedTwice(t *testing.T) {
	env := s3test.Start(t)
	buckets := []demo.Bucket{{Name: "sgs-reports", Lab: "SGS", Glob: "native/sgs-*.xml"}, {Name: "scans", Glob: "scan/*"}}
	files, err := demo.Samples(t.TempDir(), buckets) // no checkout: generated SGS samples
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no generated samples for SGS")
	}
	if err := demo.Seed(t.Context(), env.Client, buckets, files); err != nil {
		t.Fatalf("first seed: %v", err)
	}
	for _, f := range files {
		if f.Dropped.IsZero() {
			t.Errorf("first seed: %s not dropped", f.Key)
		}
		if _, err := env.Client.HeadObject(t.Context(), &s3.HeadObjectInput{Bucket: aws.String(f.Bucket), Key: aws.String(f.Key)}); err != nil {
			t.Errorf("%s/%s not in the bucket: %v", f.Bucket, f.Key, err)
		}
	}
	again, _ := demo.Samples(t.TempDir(), buckets)
	if err := demo.Seed(t.Context(), env.Client, buckets, again); err != nil {
		t.Fatalf("second seed: %v", err)
	}
	for _, f := range again {
		if !f.Dropped.IsZero() {
			t.Errorf("second seed dropped %s again", f.Key)
		}
	}
}
