package ingest_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/labrelay/labrelay/ingest"
)

// fakeSQS speaks the SQS JSON protocol for the calls SQSListener makes,
// with visibility timeouts. It exists because no SQS-compatible server can
// run here (ElasticMQ needs Java and a download; goaws 0.4 speaks only the
// query protocol, which aws-sdk-go-v2 no longer uses).
type fakeSQS struct {
	mu       sync.Mutex
	msgs     []*fakeMsg
	seq      int
	extended int // ChangeMessageVisibility calls
}

type fakeMsg struct {
	id, body, receipt string
	visibleAt         time.Time
	received          int
	deleted           bool
}

func (f *fakeSQS) send(body string) *fakeMsg {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.seq++
	m := &fakeMsg{id: fmt.Sprintf("m%d", f.seq), body: body}
	f.msgs = append(f.msgs, m)
	return m
}

func (f *fakeSQS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var in struct {
		QueueUrl            string
		MaxNumberOfMessages int
		WaitTimeSeconds     int
		VisibilityTimeout   int
		ReceiptHandle       string
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	fail := func(code string) {
		w.WriteHeader(400)
		fmt.Fprintf(w, `{"__type":"com.amazonaws.sqs#%s","message":"%s"}`, code, code)
	}
	find := func() *fakeMsg {
		for _, m := range f.msgs {
			if m.receipt == in.ReceiptHandle && !m.deleted {
				return m
			}
		}
		return nil
	}
	switch op := strings.TrimPrefix(r.Header.Get("X-Amz-Target"), "AmazonSQS."); op {
	case "ReceiveMessage":
		deadline := time.Now().Add(time.Duration(in.WaitTimeSeconds) * time.Second)
		for {
			type msg struct{ MessageId, ReceiptHandle, Body, MD5OfBody string }
			var out []msg
			f.mu.Lock()
			now := time.Now()
			for _, m := range f.msgs {
				if len(out) == in.MaxNumberOfMessages {
					break
				}
				if m.deleted || now.Before(m.visibleAt) {
					continue
				}
				m.received++
				m.receipt = fmt.Sprintf("%s-r%d", m.id, m.received)
				m.visibleAt = now.Add(time.Duration(in.VisibilityTimeout) * time.Second)
				sum := md5.Sum([]byte(m.body))
				out = append(out, msg{m.id, m.receipt, m.body, hex.EncodeToString(sum[:])})
			}
			f.mu.Unlock()
			if len(out) > 0 || time.Now().After(deadline) || r.Context().Err() != nil {
				json.NewEncoder(w).Encode(map[string]any{"Messages": out})
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	case "DeleteMessage":
		f.mu.Lock()
		defer f.mu.Unlock()
		m := find()
		if m == nil {
			fail("ReceiptHandleIsInvalid")
			return
		}
		m.deleted = true
		w.Write([]byte("{}"))
	case "ChangeMessageVisibility":
		f.mu.Lock()
		defer f.mu.Unlock()
		m := find()
		if m == nil || time.Now().After(m.visibleAt) {
			fail("MessageNotInflight")
			return
		}
		m.visibleAt = time.Now().Add(time.Duration(in.VisibilityTimeout) * time.Second)
		f.extended++
		w.Write([]byte("{}"))
	default:
		fail("UnsupportedOperation")
	}
}

func startFakeSQS(t *testing.T) (*fakeSQS, *sqs.Client) {
	f := &fakeSQS{}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, sqs.New(sqs.Options{
		BaseEndpoint: aws.String(srv.URL),
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("a", "b", ""),
	})
}

func s3Event(bucket, key, etag string) string {
	return fmt.Sprintf(`{"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","eventTime":"2024-05-01T10:00:00.000Z","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":%q},"object":{"key":%q,"size":5,"eTag":%q,"sequencer":"0A"}}}]}`, bucket, key, etag)
}

func TestSQSListener(t *testing.T) {
	f, client := startFakeSQS(t)
	src := ingest.Source{Name: "q", Bucket: "lab-q", Prefix: "in/", Lab: "qlab"}
	l := &ingest.SQSListener{Client: client, QueueURL: "http://queue/q", Sources: []ingest.Source{src}, WaitTime: time.Second, VisibilityTimeout: time.Second}

	plain := f.send(s3Event("lab-q", "in/a+b+%E5%A0%B1%E5%91%8A.pdf", "e1"))
	inner, _ := json.Marshal(s3Event("lab-q", "in/sns.pdf", `"e2"`))
	sns := f.send(fmt.Sprintf(`{"Type":"Notification","MessageId":"x","TopicArn":"arn:aws:sns:::t","Message":%s}`, inner))
	other := f.send(s3Event("elsewhere", "in/x.pdf", "e3"))
	junk := f.send("not json")

	var c collector
	n, err := l.Receive(t.Context(), c.consume)
	if err != nil {
		t.Fatal(err)
	}
	if n != 4 {
		t.Errorf("deleted: got %d, want 4 (two events, one for no source, one unreadable)", n)
	}
	got := c.take()
	if want := []string{"in/a b 報告.pdf@e1", "in/sns.pdf@e2"}; !equal(got, want) {
		t.Errorf("objects:\n got %q\nwant %q", got, want)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, m := range []*fakeMsg{plain, sns, other, junk} {
		if !m.deleted {
			t.Errorf("message %s not deleted", m.id)
		}
	}
}

func TestSQSListenerExtendsVisibility(t *testing.T) {
	f, client := startFakeSQS(t)
	src := ingest.Source{Name: "q", Bucket: "lab-q"}
	newListener := func() *ingest.SQSListener {
		return &ingest.SQSListener{Client: client, QueueURL: "http://queue/q", Sources: []ingest.Source{src}, WaitTime: time.Second, VisibilityTimeout: time.Second}
	}
	slow := f.send(s3Event("lab-q", "slow.pdf", "e1"))

	// A consumer that outlasts the 1 s visibility timeout 2.5 times over,
	// while, once it has the message, a second replica polls the queue.
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var other collector
	var c collector
	c.fail = func(ingest.Object) error {
		go newListener().Watch(ctx, other.consume)
		time.Sleep(2500 * time.Millisecond)
		return nil
	}
	n, err := newListener().Receive(ctx, c.consume)
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	f.mu.Lock()
	defer f.mu.Unlock()
	if n != 1 || !slow.deleted {
		t.Errorf("deleted: got %d (message deleted %v), want 1", n, slow.deleted)
	}
	if slow.received != 1 || other.len() != 0 {
		t.Errorf("deliveries: got %d (other replica got %d objects), want exactly one", slow.received, other.len())
	}
	if f.extended < 2 {
		t.Errorf("visibility extensions: got %d, want at least 2", f.extended)
	}
}

func TestSQSListenerRedeliversOnFailure(t *testing.T) {
	f, client := startFakeSQS(t)
	l := &ingest.SQSListener{Client: client, QueueURL: "http://queue/q", Sources: []ingest.Source{{Name: "q", Bucket: "lab-q"}}, WaitTime: time.Second, VisibilityTimeout: time.Second}
	m := f.send(s3Event("lab-q", "k.pdf", "e1"))
	var c collector
	c.fail = func(ingest.Object) error { return errors.New("store down") }
	if n, err := l.Receive(t.Context(), c.consume); err != nil || n != 0 {
		t.Fatalf("failing consumer: got %d deleted, %v; want 0, nil", n, err)
	}
	c.fail = nil
	// The message comes back once its visibility timeout ran out.
	n, err := l.Receive(t.Context(), c.consume)
	f.mu.Lock()
	defer f.mu.Unlock()
	if err != nil || n != 1 || !m.deleted || m.received != 2 {
		t.Errorf("redelivery: got %d deleted, %v, received %d times; want 1, nil, 2", n, err, m.received)
	}
}
