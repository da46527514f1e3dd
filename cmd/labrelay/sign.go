package main

import (
	"bytes"
	"context"
	"crypto"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/config"
	awskms "github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/labrelay/labrelay"
	"github.com/labrelay/labrelay/sign"
	"github.com/labrelay/labrelay/sign/kms"
)

func init() {
	register(&Command{
		Name:    "sign",
		Summary: "sign an extracted record as a JWS",
		Usage: `Usage: labrelay sign --key KEY [--source FILE] [flags] RECORD.json

Signs RECORD.json (the output of 'labrelay extract', or a bare record) and
writes the JWS, JSON serialization, to standard output. KEY is a private
key file made by 'labrelay keys generate', or kms:KEY_ID for an AWS KMS
ECC_NIST_P256 key (region and credentials from the usual AWS settings; the
endpoint may be set with AWS_ENDPOINT_URL_KMS).

The signed record carries the SHA-256 of the lab's original file: it comes
from the extract output, or from --source FILE (required for a bare record;
checked against the extract output when both are given).`,
		Run: runSign,
	})
}

func runSign(ctx context.Context, m *Main, args []string) error {
	fs := m.newFlagSet(commands["sign"])
	keyRef := fs.String("key", "", "private key file, or kms:KEY_ID (required)")
	sourcePath := fs.String("source", "", "the lab's original file, to record its SHA-256")
	reviewedBy := fs.String("reviewed-by", "", "who approved the record, if a person did")
	reviewedAt := fs.String("reviewed-at", "", "when it was approved (RFC 3339)")
	receivedAt := fs.String("received-at", "", "when the file was received (RFC 3339)")
	extractedAt := fs.String("extracted-at", "", "when the record was extracted (RFC 3339)")
	rest, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if *keyRef == "" || len(rest) != 1 {
		return usageError(fs, "give --key KEY and one RECORD.json")
	}
	ext, source, err := readRecordFile(rest[0], *sourcePath)
	if err != nil {
		return err
	}
	var rb, ra, ea time.Time
	for name, v := range map[string]struct {
		s string
		t *time.Time
	}{"reviewed-at": {*reviewedAt, &rb}, "received-at": {*receivedAt, &ra}, "extracted-at": {*extractedAt, &ea}} {
		if v.s == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339, v.s)
		if err != nil {
			return usageError(fs, fmt.Sprintf("--%s %q is not an RFC 3339 time", name, v.s))
		}
		*v.t = t
	}
	s, err := openSigner(ctx, *keyRef)
	if err != nil {
		return &ExitError{Code: 1, Err: err}
	}
	p, err := newPayload(ext, source)
	if err != nil {
		return &ExitError{Code: 1, Err: err}
	}
	p.ReviewedBy, p.ReviewedAt, p.ReceivedAt, p.ExtractedAt = *reviewedBy, rb, ra, ea
	p.SignedAt = time.Now()
	jws, err := sign.SignRecord(ctx, s, p)
	if err != nil {
		return &ExitError{Code: 1, Err: err}
	}
	_, err = fmt.Fprintf(m.Stdout, "%s\n", jws)
	return err
}

// signExtraction signs an extraction with the key keyRef (a private key
// file or kms:KEY_ID) and returns the JWS (JSON serialization). source,
// when not nil, is the lab's original file; its hash must match the
// extraction's. For `extract --sign KEY`.
func signExtraction(ctx context.Context, keyRef string, ext *labrelay.Extraction, source []byte) ([]byte, error) {
	s, err := openSigner(ctx, keyRef)
	if err != nil {
		return nil, err
	}
	p, err := newPayload(ext, source)
	if err != nil {
		return nil, err
	}
	p.SignedAt = time.Now()
	return sign.SignRecord(ctx, s, p)
}

func newPayload(ext *labrelay.Extraction, source []byte) (*sign.Payload, error) {
	p := sign.NewPayload(ext)
	if source != nil {
		sum := sign.SHA256Hex(source)
		if p.Source.SHA256 != "" && p.Source.SHA256 != sum {
			return nil, fmt.Errorf("%w: the extraction names sha256 %s, the file given has %s", sign.ErrSourceMismatch, p.Source.SHA256, sum)
		}
		p.Source.SHA256 = sum
	}
	if p.Source.SHA256 == "" {
		return nil, errors.New("no source SHA-256: give --source with the lab's original file")
	}
	return p, nil
}

// readRecord reads an extract output, or a bare record (which must hold
// only canonical fields).
// readRecordFile reads the record (or extraction) at path and, when
// sourcePath is set, the lab's original file; exit status 2 when either
// cannot be read.
func readRecordFile(path, sourcePath string) (*labrelay.Extraction, []byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, &ExitError{Code: 2, Err: err}
	}
	ext, err := readRecord(data)
	if err != nil {
		return nil, nil, &ExitError{Code: 2, Err: fmt.Errorf("%s: %w", path, err)}
	}
	var source []byte
	if sourcePath != "" {
		if source, err = os.ReadFile(sourcePath); err != nil {
			return nil, nil, &ExitError{Code: 2, Err: err}
		}
	}
	return ext, source, nil
}

func readRecord(data []byte) (*labrelay.Extraction, error) {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(data, &probe); err != nil {
		return nil, fmt.Errorf("not a JSON object: %w", err)
	}
	if _, ok := probe["fields"]; ok {
		var ext labrelay.Extraction
		if err := json.Unmarshal(data, &ext); err != nil {
			return nil, fmt.Errorf("not an extract output: %w", err)
		}
		return &ext, nil
	}
	var ext labrelay.Extraction
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ext.Fields); err != nil {
		return nil, fmt.Errorf("not a record: %w", err)
	}
	return &ext, nil
}

// openSigner opens the signer named by ref: a private key file, or
// kms:KEY_ID for an AWS KMS key.
func openSigner(ctx context.Context, ref string) (sign.Signer, error) {
	if id, ok := strings.CutPrefix(ref, "kms:"); ok {
		client, err := kmsClient(ctx)
		if err != nil {
			return nil, err
		}
		return kms.Open(ctx, client, id)
	}
	return sign.LoadSigner(ref)
}

// loadPublic returns the public key named by ref: a PEM file (public or
// private) or kms:KEY_ID.
func loadPublic(ctx context.Context, ref string) (crypto.PublicKey, error) {
	if strings.HasPrefix(ref, "kms:") {
		s, err := openSigner(ctx, ref)
		if err != nil {
			return nil, err
		}
		return s.Public(), nil
	}
	return sign.LoadPublicKey(ref)
}

func kmsClient(ctx context.Context) (*awskms.Client, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, fmt.Errorf("AWS configuration: %w", err)
	}
	return awskms.NewFromConfig(cfg), nil
}
