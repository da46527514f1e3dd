// Package e2e holds end-to-end tests that run the built `labrelay run`
// binary against real parts: a versitygw S3 server, a SQLite store on
// disk, the reference DSP receiver (dspsim) on loopback, real PDF and image
// readers. Its hostile-input suite drops files crafted to break a reader
// (bombs, corrupt and encrypted PDFs, XXE, deep JSON, oversize and
// vanishing files) among good reports, and checks that each ends as a
// failure with a clear reason while the good ones publish, that memory
// stays bounded, that every log line about a document names it, and that
// no secret reaches the logs.
//
// It holds tests only; nothing imports it.
package e2e
