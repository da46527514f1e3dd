package labrelay

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// The ports below are what the pipeline and the nightly batch are given:
// cmd builds the adapters (ingest, publish, sign, untp) and hands them
// over, so that the orchestration knows none of them.

// Object is one version of one object of a source, as a watcher found it.
type Object struct {
	Source string // the source's name
	Bucket string
	Key    string
	// ETag without quotes. Empty when the notification did not carry one.
	ETag string
	// VersionID is set by notifications from versioned buckets; listings
	// leave it empty.
	VersionID    string
	Size         int64
	LastModified time.Time
	Lab          string // the source's lab family
}

// Ref is the object's identity for the store. Listings carry no version
// id, so the ETag alone identifies a version when it is known; otherwise
// the same object seen by a listing and by a notification would count as
// two documents.
func (o Object) Ref() ObjectRef {
	r := ObjectRef{Bucket: o.Bucket, Key: o.Key, ETag: o.ETag}
	if o.ETag == "" {
		r.VersionID = o.VersionID
	}
	return r
}

// NewDocument is what the store's Discover needs to record the object.
func (o Object) NewDocument() NewDocument {
	return NewDocument{Source: o.Ref(), LabHint: o.Lab}
}

// Consumer receives each Object found. It is called from one goroutine per
// watcher. Returning an error means "not recorded": the watcher offers the
// object again later (the next sweep, or the redelivery).
type Consumer func(ctx context.Context, obj Object) error

// Watcher finds new objects and hands them to fn until ctx ends. Watch
// returns ctx's error, or an error that makes watching impossible. Name
// says which kind of watcher it is in logs and metrics ("poll", "sqs").
type Watcher interface {
	Name() string
	Watch(ctx context.Context, fn Consumer) error
}

var (
	// ErrGone means the object was deleted before it could be fetched.
	ErrGone = errors.New("object was deleted before it could be fetched")
	// ErrChanged means the object was rewritten after it was discovered:
	// the version discovered is gone (errors.Is(err, ErrGone) holds too),
	// and the new one is discovered on its own.
	ErrChanged = fmt.Errorf("object was replaced after it was discovered: %w", ErrGone)
)

// Fetcher reads one object version.
type Fetcher interface {
	// Fetch returns the object's bytes. Errors: ErrGone and ErrChanged,
	// an *InputError (too large); any other error is transient.
	Fetch(ctx context.Context, obj Object, maxSize int64) ([]byte, error)
}

// Lineage ties a signed record to earlier ones.
type Lineage struct {
	// Previous is the idempotency key of the signed record this one replaces
	// (a reviewer's correction, a re-extraction with newer rules).
	Previous string `json:"previous,omitempty"`
	// Supersedes and TwinOf repeat the lab's own report links, as printed
	// (TwinOf also names the other-language twin this record was chosen
	// over when only that twin prints the link).
	Supersedes string `json:"supersedes,omitempty"`
	TwinOf     string `json:"twin_of,omitempty"`
	// Replaces lists the records this one takes the place of at the DSP:
	// the revisions it supersedes, the twin published before it.
	Replaces []Reference `json:"replaces,omitempty"`
}

// Reference names an earlier record: its report number as printed and,
// when it was published, the DSP's id and the idempotency key it was sent
// under.
type Reference struct {
	// Relation is "supersedes" or "twin_of".
	Relation       string `json:"relation"`
	ReportNumber   string `json:"report_number"`
	DSPID          string `json:"dsp_id,omitempty"`
	IdempotencyKey string `json:"idempotency_key,omitempty"`
}

// ErrUnsignable marks a record that cannot be signed or mapped as it is:
// retrying cannot help, a person must look at it.
var ErrUnsignable = errors.New("record cannot be signed")

// Profile is a publication profile: what an accepted document becomes at
// the DSP (the signed record, a wire map's payload, a UNTP credential).
type Profile interface {
	// Name is the profile's configuration name ("record", "untp-dcc").
	Name() string
	// ContentType is the media type the DSP receives; it is stored with
	// the outbox entry. Empty lets the publisher pick one from the JWS
	// serialization.
	ContentType() string
	// Sign returns the JWS of d's record, stating lin (may be nil), signed
	// at now, and the idempotency key it is published under. Errors
	// wrapping ErrUnsignable: the record cannot be published as it is; any
	// other error is transient (the key service).
	Sign(ctx context.Context, d Document, lin *Lineage, now time.Time) (jws []byte, key string, err error)
}

// Submission is one signed record ready to send.
type Submission struct {
	// IdempotencyKey is stable for the same source document and record
	// content, so that a resend never creates a second record. Required.
	IdempotencyKey string
	// JWS is the signed wire payload, JSON or compact serialization.
	JWS []byte
	// ContentType is sent as is; empty means application/jose+json for a
	// JSON serialization and application/jose for a compact one.
	ContentType string
}

// PublishResult is the DSP's answer to a successful submission.
type PublishResult struct {
	// ID is the DSP's id of the record.
	ID string
	// Duplicate is true when the DSP already held the submission (200).
	Duplicate bool
	// Status is the DSP's status word, e.g. "accepted".
	Status string
	// HTTPStatus is 201 or 200.
	HTTPStatus int
}

// Publisher sends one signed record to the DSP.
type Publisher interface {
	// Publish returns the DSP's id on success. A failure the DSP will
	// never accept implements Refusal; any other is worth another attempt
	// (and may implement RetryHint).
	Publish(ctx context.Context, s Submission) (PublishResult, error)
}

// Refusal is an error of Publish that resending cannot fix.
type Refusal interface {
	error
	// Refusal returns the HTTP status (0 when the record was not sent)
	// and the DSP's reason.
	Refusal() (status int, reason string)
}

// RetryHint is an error of Publish that carries the server's delay.
type RetryHint interface {
	error
	// RetryDelay is the server's Retry-After, 0 when it sent none.
	RetryDelay() time.Duration
}
