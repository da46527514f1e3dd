// Package ingest learns of new report files in labs' S3-compatible buckets
// (AWS S3, MinIO, Ceph, Alibaba OSS, versitygw…) and fetches them.
//
// Three watchers hand Objects to one Consumer: the Poller (a periodic full
// ListObjectsV2 sweep, the safety net that always runs), the SQSListener
// (S3 event notifications read from an SQS queue) and the Webhook (the same
// event JSON POSTed to labrelay). Delivery is at least once and unordered:
// the same Object may reach the Consumer several times, and the store's
// Discover de-duplicates on (bucket, key, ETag, version id). No Object may be
// missed: notifications can be lost, so the Poller sweeps behind them.
//
// Fetcher.Fetch reads one object version, refusing one that grew past a
// limit (ErrTooLarge) or that was deleted or rewritten since it was seen
// (ErrGone).
//
// The package must not parse, store or publish anything: it only finds and
// reads bytes. It reads no flags or environment variables, except that an
// S3 client built without static keys uses the AWS SDK's standard
// credential chain.
package ingest
