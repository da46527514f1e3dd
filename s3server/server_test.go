package s3server_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/labrelay/labrelay/internal/testenv"
	"github.com/labrelay/labrelay/s3server"
)

// TestStart runs the real gateway in this test process (it changes the
// working directory, harmless here) and does a put/list/get round trip.
func TestStart(t *testing.T) {
	ctx := t.Context()
	start := time.Now()
	srv, err := s3server.Start(ctx, s3server.Options{Dir: t.TempDir(), AccessKey: "ak", SecretKey: "sk-secret"})
	if err != nil {
		testenv.SkipOrFailf(t, "cannot start versitygw: %v", err)
	}
	t.Logf("listening on %s after %v", srv.Endpoint(), time.Since(start))
	defer srv.Close()

	if _, err := s3server.Start(ctx, s3server.Options{Dir: t.TempDir(), AccessKey: "a", SecretKey: "b"}); !errors.Is(err, s3server.ErrRunning) {
		t.Errorf("second Start: got %v, want ErrRunning", err)
	}

	c := s3.New(s3.Options{
		BaseEndpoint: aws.String(srv.Endpoint()),
		Region:       "us-east-1",
		UsePathStyle: true,
		Credentials:  credentials.NewStaticCredentialsProvider("ak", "sk-secret", ""),
	})
	if _, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("lab-a")}); err != nil {
		t.Fatal(err)
	}
	key := "in/報告 1+2%.pdf"
	if _, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("lab-a"), Key: aws.String(key), Body: bytes.NewReader([]byte("hello"))}); err != nil {
		t.Fatal(err)
	}
	out, err := c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("lab-a")})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Contents) != 1 || aws.ToString(out.Contents[0].Key) != key {
		t.Fatalf("list: got %+v, want one object %q", out.Contents, key)
	}
	get, err := c.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("lab-a"), Key: aws.String(key)})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(get.Body)
	get.Body.Close()
	if string(b) != "hello" {
		t.Errorf("get: got %q, want %q", b, "hello")
	}

	if err := srv.Close(); err != nil {
		t.Errorf("close: %v", err)
	}
	// Once closed, another server may start in the same process.
	ctx2, cancel := context.WithCancel(ctx)
	defer cancel()
	srv2, err := s3server.Start(ctx2, s3server.Options{Dir: t.TempDir(), AccessKey: "a", SecretKey: "b"})
	if err != nil {
		t.Fatalf("restart: %v", err)
	}
	cancel()
	<-srv2.Done()
}
