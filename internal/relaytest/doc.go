// Package relaytest holds what the pipeline and batch tests both need to
// run the relay's parts for real: the two stores, signers, a DSP client
// for dspsim and a logger into the test log. Tests only.
//
// It must not be imported by non-test code: it opens databases and
// generates keys.
package relaytest
