// Package s3server runs a real S3-compatible server (versitygw, posix
// backend) inside the labrelay process, for the demo and for tests.
//
// It is not a production object store: one directory, one root account,
// no TLS. Only one server may run per process (a versitygw limitation), and
// the posix backend changes the process's working directory to Options.Dir
// for as long as the process lives: resolve relative paths before calling
// Start. Tests that must keep their working directory run the server in a
// child process through internal/s3test.
//
// Its webhook events carry keys without URL encoding, unlike AWS S3: give
// ingest.Webhook RawKeys.
package s3server
