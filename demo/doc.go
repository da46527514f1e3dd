// Package demo is what `labrelay-demo` shows on top of a running relay:
// the sample reports it drops into the demo buckets, the wait for each to
// settle, the summary table and the live feed of later documents.
//
// It starts nothing: the S3 server, the DSP simulator and the relay are
// wired by cmd/labrelay-demo. It must never be imported by cmd/labrelay,
// which links no demo code and no S3 server.
package demo
