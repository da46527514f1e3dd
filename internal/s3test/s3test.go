// Package s3test starts a real S3-compatible server (versitygw, through
// package s3server) for tests, in a child process so that the gateway's
// change of working directory and its one-per-process limit do not leak into
// the test binary.
//
// A package that uses it declares, once:
//
//	func TestMain(m *testing.M) { s3test.Main(m) }
//
// When the server cannot start, tests skip, or fail in strict mode
// (internal/testenv).
package s3test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/labrelay/labrelay/internal/testenv"
	"github.com/labrelay/labrelay/s3server"
)

const (
	childEnv    = "LABRELAY_S3TEST_CHILD"
	readyPrefix = "S3TEST-ENDPOINT "
)

// Env is one running server and a client for it.
type Env struct {
	Endpoint  string
	Region    string
	AccessKey string
	SecretKey string
	Dir       string // where the buckets live on disk
	Client    *s3.Client
}

// Option changes how Start runs the server.
type Option func(*s3server.Options)

// WithWebhook makes the server send S3 event JSON to url for every change.
// The receiver must already listen: the server refuses to start otherwise.
func WithWebhook(url string) Option {
	return func(o *s3server.Options) { o.WebhookURL = url }
}

// Main runs the tests, or the server when this process is Start's child.
// Call it from TestMain.
func Main(m *testing.M) {
	if spec := os.Getenv(childEnv); spec != "" {
		os.Exit(child(spec))
	}
	os.Exit(m.Run())
}

func child(spec string) int {
	var opts s3server.Options
	if err := json.Unmarshal([]byte(spec), &opts); err != nil {
		fmt.Fprintln(os.Stderr, "s3test child:", err)
		return 2
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv, err := s3server.Start(ctx, opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "s3test child:", err)
		return 1
	}
	fmt.Printf("\n%s%s\n", readyPrefix, srv.Endpoint())
	// Stop when the parent closes stdin (including when it dies).
	go func() { io.Copy(io.Discard, os.Stdin); cancel() }()
	<-srv.Done()
	return 0
}

// IsChild reports whether this process is a server child started by
// Start. A TestMain that also needs other set-up (e.g. pgtest.Main) calls
// Main only then:
//
//	func TestMain(m *testing.M) {
//		if s3test.IsChild() {
//			s3test.Main(m)
//		}
//		os.Exit(pgtest.Main(m))
//	}
func IsChild() bool { return os.Getenv(childEnv) != "" }

var seq atomic.Int64

// Start starts a fresh server with an empty directory and stops it when the
// test ends.
func Start(tb testing.TB, opts ...Option) *Env {
	tb.Helper()
	o := s3server.Options{
		Dir:       tb.TempDir(),
		AccessKey: fmt.Sprintf("test-access-%d", seq.Add(1)),
		SecretKey: "test-secret-key",
		Region:    "us-east-1",
	}
	for _, f := range opts {
		f(&o)
	}
	endpoint, err := spawn(tb, o)
	if err != nil {
		testenv.SkipOrFailf(tb, "s3test: cannot start S3 server: %v", err)
	}
	return &Env{
		Endpoint:  endpoint,
		Region:    o.Region,
		AccessKey: o.AccessKey,
		SecretKey: o.SecretKey,
		Dir:       o.Dir,
		Client: s3.New(s3.Options{
			BaseEndpoint: aws.String(endpoint),
			Region:       o.Region,
			UsePathStyle: true,
			Credentials:  credentials.NewStaticCredentialsProvider(o.AccessKey, o.SecretKey, ""),
		}),
	}
}

func spawn(tb testing.TB, o s3server.Options) (string, error) {
	spec, err := json.Marshal(o)
	if err != nil {
		return "", err
	}
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	cmd := exec.Command(exe, "-test.run=^$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+string(spec))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return "", err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return "", err
	}
	exited := make(chan struct{})
	tb.Cleanup(func() {
		stdin.Close()
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	})

	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if ep, ok := strings.CutPrefix(sc.Text(), readyPrefix); ok {
				found <- ep
			}
		}
		close(found)
		cmd.Wait()
		close(exited)
	}()
	select {
	case ep, ok := <-found:
		if ok {
			return ep, nil
		}
		<-exited
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = "the test binary ran no server: add `func TestMain(m *testing.M) { s3test.Main(m) }` to the package"
		}
		return "", errors.New(msg)
	case <-time.After(30 * time.Second):
		return "", errors.New("server did not start within 30 s")
	}
}

// MustBucket creates a bucket and returns its name.
func (e *Env) MustBucket(tb testing.TB, name string) string {
	tb.Helper()
	if _, err := e.Client.CreateBucket(tb.Context(), &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
		tb.Fatalf("create bucket %s: %v", name, err)
	}
	return name
}

// MustPut writes an object and returns its ETag without quotes.
func (e *Env) MustPut(tb testing.TB, bucket, key string, body []byte) string {
	tb.Helper()
	out, err := e.Client.PutObject(tb.Context(), &s3.PutObjectInput{
		Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(body),
	})
	if err != nil {
		tb.Fatalf("put %s/%s: %v", bucket, key, err)
	}
	return strings.Trim(aws.ToString(out.ETag), `"`)
}

// MustDelete removes an object.
func (e *Env) MustDelete(tb testing.TB, bucket, key string) {
	tb.Helper()
	if _, err := e.Client.DeleteObject(tb.Context(), &s3.DeleteObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)}); err != nil {
		tb.Fatalf("delete %s/%s: %v", bucket, key, err)
	}
}
