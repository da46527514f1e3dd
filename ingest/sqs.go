package ingest

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/aws-sdk-go-v2/service/sqs/types"
)

// SQSAPI is the part of *sqs.Client that SQSListener uses.
type SQSAPI interface {
	ReceiveMessage(ctx context.Context, in *sqs.ReceiveMessageInput, optFns ...func(*sqs.Options)) (*sqs.ReceiveMessageOutput, error)
	DeleteMessage(ctx context.Context, in *sqs.DeleteMessageInput, optFns ...func(*sqs.Options)) (*sqs.DeleteMessageOutput, error)
	ChangeMessageVisibility(ctx context.Context, in *sqs.ChangeMessageVisibilityInput, optFns ...func(*sqs.Options)) (*sqs.ChangeMessageVisibilityOutput, error)
}

var _ SQSAPI = (*sqs.Client)(nil)

// SQSListener reads S3 event notifications from an SQS queue (S3 → SQS,
// or S3 → SNS → SQS). A message is deleted only once the Consumer accepted
// every object it names; while the Consumer works, the message's
// visibility timeout is extended so that no other reader gets it. A
// message the Consumer failed on is left to reappear. Unreadable messages
// are deleted (logged): the Poller finds their objects.
type SQSListener struct {
	Client   SQSAPI
	QueueURL string
	Sources  []Source
	// RawKeys: see Webhook.RawKeys.
	RawKeys bool
	// MaxMessages per receive, 1–10; default 10.
	MaxMessages int32
	// WaitTime of the long poll, at most 20 s; default 20 s.
	WaitTime time.Duration
	// VisibilityTimeout asked on receive and on each extension, in whole
	// seconds; default 30 s. Extensions happen every half of it.
	VisibilityTimeout time.Duration
	Logger            *slog.Logger
}

// Watch receives until ctx ends. Receive errors are logged and retried
// with a growing pause.
func (l *SQSListener) Watch(ctx context.Context, fn Consumer) error {
	pause := time.Second
	for {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if _, err := l.Receive(ctx, fn); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			l.logger().Warn("ingest sqs: receive failed", "queue", l.QueueURL, "err", err, "retry_in", pause)
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(pause):
			}
			pause = min(2*pause, 30*time.Second)
			continue
		}
		pause = time.Second
	}
}

// Receive does one long poll and processes the messages it got. It returns
// how many messages were deleted after success.
func (l *SQSListener) Receive(ctx context.Context, fn Consumer) (int, error) {
	vis := l.visibility()
	wait := l.WaitTime
	if wait <= 0 || wait > 20*time.Second {
		wait = 20 * time.Second
	}
	max := l.MaxMessages
	if max <= 0 || max > 10 {
		max = 10
	}
	out, err := l.Client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{
		QueueUrl:            aws.String(l.QueueURL),
		MaxNumberOfMessages: max,
		WaitTimeSeconds:     int32(wait / time.Second),
		VisibilityTimeout:   int32(vis / time.Second),
	})
	if err != nil {
		return 0, fmt.Errorf("receive from %s: %w", l.QueueURL, err)
	}
	if len(out.Messages) == 0 {
		return 0, nil
	}

	// Heartbeat: extend every message still in hand, every half timeout.
	var mu sync.Mutex
	pending := map[string]string{} // message id → receipt handle
	for _, m := range out.Messages {
		pending[aws.ToString(m.MessageId)] = aws.ToString(m.ReceiptHandle)
	}
	hbCtx, stop := context.WithCancel(ctx)
	var hb sync.WaitGroup
	hb.Go(func() { l.heartbeat(hbCtx, &mu, pending) })
	defer func() { stop(); hb.Wait() }()

	deleted := 0
	for _, m := range out.Messages {
		err := l.process(ctx, m, fn)
		mu.Lock()
		delete(pending, aws.ToString(m.MessageId))
		mu.Unlock()
		if err != nil {
			if ctx.Err() != nil {
				return deleted, ctx.Err()
			}
			l.logger().Warn("ingest sqs: message left for redelivery", "message_id", aws.ToString(m.MessageId), "err", err)
			continue
		}
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		_, err = l.Client.DeleteMessage(dctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(l.QueueURL), ReceiptHandle: m.ReceiptHandle})
		cancel()
		if err != nil {
			l.logger().Warn("ingest sqs: delete failed; the message will come again", "message_id", aws.ToString(m.MessageId), "err", err)
			continue
		}
		deleted++
	}
	return deleted, nil
}

func (l *SQSListener) process(ctx context.Context, m types.Message, fn Consumer) error {
	objs, err := ParseEvent([]byte(aws.ToString(m.Body)), l.RawKeys)
	if err != nil {
		// Deleting a message that can never be read loses nothing: the
		// poller sweeps the buckets anyway.
		l.logger().Warn("ingest sqs: deleting unreadable message", "message_id", aws.ToString(m.MessageId), "err", err)
		return nil
	}
	for _, o := range sourced(l.Sources, objs) {
		if err := fn(ctx, o); err != nil {
			return fmt.Errorf("hand over s3://%s/%s: %w", o.Bucket, o.Key, err)
		}
	}
	return nil
}

func (l *SQSListener) heartbeat(ctx context.Context, mu *sync.Mutex, pending map[string]string) {
	vis := l.visibility()
	t := time.NewTicker(vis / 2)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		mu.Lock()
		handles := make(map[string]string, len(pending))
		for id, h := range pending {
			handles[id] = h
		}
		mu.Unlock()
		for id, h := range handles {
			_, err := l.Client.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{
				QueueUrl: aws.String(l.QueueURL), ReceiptHandle: aws.String(h), VisibilityTimeout: int32(vis / time.Second),
			})
			if err != nil && ctx.Err() == nil {
				l.logger().Warn("ingest sqs: could not extend visibility; the message may be delivered twice", "message_id", id, "err", err)
			}
		}
	}
}

func (l *SQSListener) visibility() time.Duration {
	v := l.VisibilityTimeout.Truncate(time.Second)
	if v < time.Second {
		v = 30 * time.Second
	}
	return v
}

func (l *SQSListener) logger() *slog.Logger {
	if l.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l.Logger
}
