package sqstest

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Bridge serves the SQS JSON protocol (AWS JSON 1.0, what aws-sdk-go-v2
// sends) for the calls labrelay and its tests make, by sending the same
// call in the query protocol to Target (goaws) and translating the answer.
type Bridge struct {
	Target string
}

// jsonRequest is the union of the request fields of the calls bridged.
type jsonRequest struct {
	QueueUrl            string
	QueueName           string
	MessageBody         string
	ReceiptHandle       string
	MaxNumberOfMessages *int
	WaitTimeSeconds     *int
	VisibilityTimeout   *int
	Attributes          map[string]string
}

func (b *Bridge) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	op, ok := strings.CutPrefix(r.Header.Get("X-Amz-Target"), "AmazonSQS.")
	var in jsonRequest
	if !ok || json.NewDecoder(r.Body).Decode(&in) != nil {
		writeError(w, http.StatusBadRequest, "InvalidAction", "not an SQS JSON request")
		return
	}
	out, err := query(r.Context(), b.Target, op, in.form())
	var qe *QueryError
	switch {
	case errors.As(err, &qe):
		var er struct {
			Code    string `xml:"Error>Code"`
			Message string `xml:"Error>Message"`
		}
		xml.Unmarshal([]byte(qe.Body), &er)
		writeError(w, qe.Status, er.Code, er.Message)
		return
	case err != nil:
		if r.Context().Err() == nil {
			writeError(w, http.StatusBadGateway, "ServiceUnavailable", err.Error())
		}
		return
	}
	ans, err := translate(op, out)
	if err != nil {
		writeError(w, http.StatusBadGateway, "InternalFailure", err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	json.NewEncoder(w).Encode(ans)
}

func (in jsonRequest) form() url.Values {
	f := url.Values{}
	set := func(k, v string) {
		if v != "" {
			f.Set(k, v)
		}
	}
	setInt := func(k string, v *int) {
		if v != nil {
			f.Set(k, strconv.Itoa(*v))
		}
	}
	set("QueueUrl", in.QueueUrl)
	set("QueueName", in.QueueName)
	set("MessageBody", in.MessageBody)
	set("ReceiptHandle", in.ReceiptHandle)
	setInt("MaxNumberOfMessages", in.MaxNumberOfMessages)
	setInt("WaitTimeSeconds", in.WaitTimeSeconds)
	setInt("VisibilityTimeout", in.VisibilityTimeout)
	n := 0
	for k, v := range in.Attributes {
		n++
		f.Set(fmt.Sprintf("Attribute.%d.Name", n), k)
		f.Set(fmt.Sprintf("Attribute.%d.Value", n), v)
	}
	return f
}

// translate turns goaws's XML answer to op into the JSON answer.
func translate(op string, body []byte) (any, error) {
	switch op {
	case "ReceiveMessage":
		var r struct {
			Messages []struct {
				MessageId     string
				ReceiptHandle string
				MD5OfBody     string
				Body          string
			} `xml:"ReceiveMessageResult>Message"`
		}
		if err := xml.Unmarshal(body, &r); err != nil {
			return nil, err
		}
		return map[string]any{"Messages": r.Messages}, nil
	case "SendMessage":
		var r struct {
			MessageId        string `xml:"SendMessageResult>MessageId"`
			MD5OfMessageBody string `xml:"SendMessageResult>MD5OfMessageBody"`
		}
		err := xml.Unmarshal(body, &r)
		return r, err
	case "CreateQueue":
		var r struct {
			QueueUrl string `xml:"CreateQueueResult>QueueUrl"`
		}
		err := xml.Unmarshal(body, &r)
		return r, err
	case "DeleteMessage", "ChangeMessageVisibility", "PurgeQueue":
		return struct{}{}, nil
	}
	return nil, fmt.Errorf("sqstest bridge: %s is not bridged", op)
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	w.WriteHeader(status)
	io.WriteString(w, fmt.Sprintf(`{"__type":"com.amazonaws.sqs#%s","message":%q}`, code, msg))
}
