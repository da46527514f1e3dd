package sqstest_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/labrelay/labrelay/internal/sqstest"
)

// TestBridge: the SDK's JSON calls reach goaws and come back: send,
// receive (hidden while in flight), change visibility, delete.
func TestBridge(t *testing.T) {
	e := sqstest.Start(t, 30)
	ctx := t.Context()
	q, err := e.Client.CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String("bridge")})
	if err != nil {
		t.Fatal(err)
	}
	url := aws.ToString(q.QueueUrl)
	if _, err := e.Client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: q.QueueUrl, MessageBody: aws.String(`{"a":"<b&c>"}`)}); err != nil {
		t.Fatal(err)
	}
	out, err := e.Client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Messages) != 1 || aws.ToString(out.Messages[0].Body) != `{"a":"<b&c>"}` {
		t.Fatalf("received %+v", out.Messages)
	}
	again, err := e.Client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: &url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1})
	if err != nil || len(again.Messages) != 0 {
		t.Fatalf("in flight, received again: %v %+v", err, again.Messages)
	}
	m := out.Messages[0]
	if _, err := e.Client.ChangeMessageVisibility(ctx, &sqs.ChangeMessageVisibilityInput{QueueUrl: &url, ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 60}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Client.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: &url, ReceiptHandle: m.ReceiptHandle}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Client.DeleteMessage(ctx, &sqs.DeleteMessageInput{QueueUrl: &url, ReceiptHandle: m.ReceiptHandle}); err == nil {
		t.Error("deleting twice: no error")
	}
}
