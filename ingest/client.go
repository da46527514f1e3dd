package ingest

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/aws/smithy-go/logging"
)

// ClientConfig says how to reach an S3-compatible (or SQS) service.
type ClientConfig struct {
	// Endpoint is the service's base URL, e.g. http://minio:9000 or
	// https://oss-cn-hangzhou.aliyuncs.com; "" means AWS.
	Endpoint string
	// Region, e.g. eu-west-1; MinIO and versitygw accept us-east-1.
	Region string
	// PathStyle addresses buckets as endpoint/bucket instead of
	// bucket.endpoint: needed by MinIO, versitygw and Ceph without
	// wildcard DNS. Alibaba OSS needs virtual-hosted style (false).
	PathStyle bool
	// AccessKey and SecretKey (and SessionToken) are static credentials.
	// When empty the AWS SDK's standard chain is used (environment,
	// shared files, web identity, ECS/EC2 roles).
	AccessKey    string
	SecretKey    string
	SessionToken string
	// HTTPClient overrides the SDK's HTTP client, e.g. for a custom CA.
	HTTPClient *http.Client
	// Logger receives the SDK's own warnings; nil means slog.Default().
	// Without it the SDK prints plain lines on stderr, which breaks a
	// JSON log.
	Logger *slog.Logger
}

// sdkLogger hands the SDK's log lines to slog.
type sdkLogger struct{ log *slog.Logger }

func (l sdkLogger) Logf(c logging.Classification, format string, v ...any) {
	level := slog.LevelInfo
	switch c {
	case logging.Warn:
		level = slog.LevelWarn
	case logging.Debug:
		level = slog.LevelDebug
	}
	l.log.Log(context.Background(), level, fmt.Sprintf(format, v...), "component", "aws-sdk")
}

func (c ClientConfig) load(ctx context.Context) (aws.Config, error) {
	region := c.Region
	if region == "" {
		region = "us-east-1"
	}
	log := c.Logger
	if log == nil {
		log = slog.Default()
	}
	opts := []func(*config.LoadOptions) error{config.WithRegion(region), config.WithLogger(sdkLogger{log})}
	if c.AccessKey != "" || c.SecretKey != "" {
		opts = append(opts, config.WithCredentialsProvider(
			credentials.NewStaticCredentialsProvider(c.AccessKey, c.SecretKey, c.SessionToken)))
	}
	if c.HTTPClient != nil {
		opts = append(opts, config.WithHTTPClient(c.HTTPClient))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("load aws config: %w", err)
	}
	return cfg, nil
}

// NewS3Client returns an S3 client for AWS or any S3-compatible service.
func NewS3Client(ctx context.Context, c ClientConfig) (*s3.Client, error) {
	cfg, err := c.load(ctx)
	if err != nil {
		return nil, err
	}
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.UsePathStyle = c.PathStyle
		if c.Endpoint != "" {
			o.BaseEndpoint = aws.String(c.Endpoint)
			// Third-party servers (OSS, older MinIO and Ceph) reject or
			// mangle the SDK's default CRC32 trailing checksums.
			o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
			o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
		}
	}), nil
}

// NewSQSClient returns an SQS client; Endpoint and PathStyle as for S3
// (PathStyle is ignored).
func NewSQSClient(ctx context.Context, c ClientConfig) (*sqs.Client, error) {
	cfg, err := c.load(ctx)
	if err != nil {
		return nil, err
	}
	return sqs.NewFromConfig(cfg, func(o *sqs.Options) {
		if c.Endpoint != "" {
			o.BaseEndpoint = aws.String(c.Endpoint)
		}
	}), nil
}
