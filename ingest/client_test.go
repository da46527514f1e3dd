package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"testing"

	"github.com/aws/smithy-go/logging"
)

// The SDK logs on its own (e.g. "failed to discard remaining HTTP response
// body"); those lines must go through the service's logger, so a JSON log
// stays all JSON.
func TestClientLogsThroughSlog(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewJSONHandler(&buf, nil))
	cfg, err := ClientConfig{Logger: log, AccessKey: "a", SecretKey: "b"}.load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cfg.Logger.Logf(logging.Warn, "failed to discard %s", "body")
	cfg.Logger.Logf(logging.Debug, "request %d", 1)
	var rec map[string]any
	if err := json.Unmarshal(buf.Bytes(), &rec); err != nil {
		t.Fatalf("SDK log line is not JSON: %q", buf.String())
	}
	if rec["msg"] != "failed to discard body" || rec["level"] != "WARN" || rec["component"] != "aws-sdk" {
		t.Errorf("SDK log line = %v", rec)
	}
	if n := bytes.Count(buf.Bytes(), []byte("\n")); n != 1 {
		t.Errorf("%d lines logged, want 1 (debug is below the handler's level): %q", n, buf.String())
	}
}
