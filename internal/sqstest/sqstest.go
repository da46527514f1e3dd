// Package sqstest starts a real SQS- and SNS-compatible server, goaws
// (github.com/Admiral-Piett/goaws v0.4.5, installed by scripts/deps.sh), for
// tests. The queues, their visibility timeouts, redelivery and the SNS
// envelope are goaws's own.
//
// goaws 0.4 speaks only the SQS query protocol (form requests, XML
// answers); aws-sdk-go-v2, which labrelay uses, speaks only the JSON
// protocol. Env.Endpoint is therefore a small bridge that rewrites each
// JSON request as the same query request to goaws and its XML answer back
// to JSON, field for field; it decides nothing itself.
//
// When goaws is missing, tests skip, or fail in strict mode
// (internal/testenv).
package sqstest

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/labrelay/labrelay/internal/testenv"
)

// Version is the goaws release scripts/deps.sh installs.
const Version = "v0.4.5"

// Region and AccountID are goaws's, as configured by Start.
const (
	Region    = "us-east-1"
	AccountID = "100010001000"
)

// Env is one goaws process.
type Env struct {
	// Endpoint is the JSON-protocol bridge for aws-sdk-go-v2 clients.
	Endpoint string
	// GoAWS is goaws itself (query protocol).
	GoAWS string
	// Client is an SQS client on Endpoint.
	Client *sqs.Client
	// AccessKey and SecretKey are any credentials: goaws checks none.
	AccessKey, SecretKey string
}

// Binary returns the goaws binary: on PATH, else in $(go env GOPATH)/bin.
func Binary(tb testing.TB) string {
	tb.Helper()
	if p, err := exec.LookPath("goaws"); err == nil {
		return p
	}
	if gp, err := exec.Command("go", "env", "GOPATH").Output(); err == nil {
		p := filepath.Join(strings.TrimSpace(string(gp)), "bin", "goaws")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	testenv.SkipOrFail(tb, "goaws not found: bash scripts/deps.sh installs it (go install github.com/Admiral-Piett/goaws/app/cmd@"+Version+")")
	return ""
}

// Start runs goaws on a free loopback port, with the bridge in front, and
// stops both when the test ends. visibility is the queues' default
// visibility timeout in seconds (goaws applies the queue's timeout, not
// the one asked on receive).
func Start(tb testing.TB, visibility int) *Env {
	tb.Helper()
	bin := Binary(tb)
	port, err := freePort()
	if err != nil {
		tb.Fatal(err)
	}
	dir := tb.TempDir()
	cfg := fmt.Sprintf(`Local:
  Host: 127.0.0.1
  Port: %d
  Region: %s
  AccountId: "%s"
  LogToFile: false
  QueueAttributeDefaults:
    VisibilityTimeout: %d
    ReceiveMessageWaitTimeSeconds: 0
`, port, Region, AccountID, visibility)
	cfgPath := filepath.Join(dir, "goaws.yaml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		tb.Fatal(err)
	}
	logf, err := os.Create(filepath.Join(dir, "goaws.log"))
	if err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(bin, "-config", cfgPath, "Local")
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		testenv.SkipOrFailf(tb, "sqstest: cannot start goaws: %v", err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); logf.Close(); close(done) }()
	tb.Cleanup(func() { cmd.Process.Kill(); <-done })
	goaws := fmt.Sprintf("http://127.0.0.1:%d", port)
	if err := waitHealthy(goaws, done); err != nil {
		log, _ := os.ReadFile(filepath.Join(dir, "goaws.log"))
		tb.Fatalf("sqstest: goaws: %v\n%s", err, log)
	}
	bridge := httptest.NewServer(&Bridge{Target: goaws})
	tb.Cleanup(bridge.Close)
	e := &Env{Endpoint: bridge.URL, GoAWS: goaws, AccessKey: "sqstest", SecretKey: "sqstest"}
	e.Client = sqs.New(sqs.Options{
		BaseEndpoint: aws.String(e.Endpoint),
		Region:       Region,
		Credentials:  credentials.NewStaticCredentialsProvider(e.AccessKey, e.SecretKey, ""),
	})
	return e
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func waitHealthy(base string, done <-chan struct{}) error {
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-done:
			return fmt.Errorf("exited at start")
		default:
		}
		if resp, err := http.Get(base + "/health"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("%s/health did not answer within 15 s", base)
}

// Query sends one query-protocol request to goaws and returns its XML
// answer; a status over 299 is an error.
func (e *Env) Query(ctx context.Context, action string, form url.Values) ([]byte, error) {
	return query(ctx, e.GoAWS, action, form)
}

func query(ctx context.Context, target, action string, form url.Values) ([]byte, error) {
	form.Set("Action", action)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target+"/", strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode > 299 {
		return body, &QueryError{Status: resp.StatusCode, Body: string(body)}
	}
	return body, nil
}

// QueryError is goaws's error answer.
type QueryError struct {
	Status int
	Body   string
}

func (e *QueryError) Error() string {
	var er struct {
		Code    string `xml:"Error>Code"`
		Message string `xml:"Error>Message"`
	}
	xml.Unmarshal([]byte(e.Body), &er)
	return fmt.Sprintf("goaws: %d %s: %s", e.Status, er.Code, er.Message)
}

// MustQueue creates a queue and returns its URL.
func (e *Env) MustQueue(tb testing.TB, name string) string {
	tb.Helper()
	out, err := e.Query(context.Background(), "CreateQueue", url.Values{"QueueName": {name}})
	if err != nil {
		tb.Fatal(err)
	}
	var r struct {
		URL string `xml:"CreateQueueResult>QueueUrl"`
	}
	if err := xml.Unmarshal(out, &r); err != nil || r.URL == "" {
		tb.Fatalf("create queue %s: %v %s", name, err, out)
	}
	return r.URL
}

// MustSend puts one message on the queue at queueURL.
func (e *Env) MustSend(tb testing.TB, queueURL, body string) {
	tb.Helper()
	if _, err := e.Query(context.Background(), "SendMessage", url.Values{"QueueUrl": {queueURL}, "MessageBody": {body}}); err != nil {
		tb.Fatal(err)
	}
}

// MustTopic creates an SNS topic subscribed by the queue at queueURL and
// returns the topic's ARN. raw delivers messages as published; otherwise
// they arrive in the SNS envelope, as from AWS without raw delivery.
func (e *Env) MustTopic(tb testing.TB, name, queueURL string, raw bool) string {
	tb.Helper()
	ctx := context.Background()
	out, err := e.Query(ctx, "CreateTopic", url.Values{"Name": {name}})
	if err != nil {
		tb.Fatal(err)
	}
	var r struct {
		ARN string `xml:"CreateTopicResult>TopicArn"`
	}
	if err := xml.Unmarshal(out, &r); err != nil || r.ARN == "" {
		tb.Fatalf("create topic %s: %v %s", name, err, out)
	}
	qname := queueURL[strings.LastIndex(queueURL, "/")+1:]
	endpoint := fmt.Sprintf("arn:aws:sqs:%s:%s:%s", Region, AccountID, qname)
	sub := url.Values{"TopicArn": {r.ARN}, "Protocol": {"sqs"}, "Endpoint": {endpoint}}
	if raw {
		sub.Set("Attributes.entry.1.key", "RawMessageDelivery")
		sub.Set("Attributes.entry.1.value", "true")
	}
	out, err = e.Query(ctx, "Subscribe", sub)
	if err != nil {
		tb.Fatal(err)
	}
	var s struct {
		ARN string `xml:"SubscribeResult>SubscriptionArn"`
	}
	if err := xml.Unmarshal(out, &s); err != nil || s.ARN == "" {
		tb.Fatalf("subscribe %s to %s: %v %s", qname, name, err, out)
	}
	return r.ARN
}

// MustPublish publishes message to the topic.
func (e *Env) MustPublish(tb testing.TB, topicARN, message string) {
	tb.Helper()
	if _, err := e.Query(context.Background(), "Publish", url.Values{"TopicArn": {topicARN}, "Message": {message}}); err != nil {
		tb.Fatal(err)
	}
}

// Len returns the messages on the queue, visible or in flight (deleted
// ones are gone).
func (e *Env) Len(tb testing.TB, queueURL string) int {
	tb.Helper()
	out, err := e.Query(context.Background(), "GetQueueAttributes", url.Values{"QueueUrl": {queueURL}, "AttributeName.1": {"ApproximateNumberOfMessages"}})
	if err != nil {
		tb.Fatal(err)
	}
	var r struct {
		Attrs []struct{ Name, Value string } `xml:"GetQueueAttributesResult>Attribute"`
	}
	if err := xml.Unmarshal(out, &r); err != nil {
		tb.Fatal(err)
	}
	for _, a := range r.Attrs {
		if a.Name == "ApproximateNumberOfMessages" {
			n, err := strconv.Atoi(a.Value)
			if err != nil {
				tb.Fatal(err)
			}
			return n
		}
	}
	tb.Fatalf("no ApproximateNumberOfMessages in %s", out)
	return 0
}
