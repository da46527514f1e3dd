// Package testenv decides what a test does when something it needs from
// outside Go is missing (Tesseract, poppler, PostgreSQL, Chromium, xmlsec1,
// openssl, local-kms, the S3 server): skip on a developer's machine, fail
// in strict mode, which `make test` and .ci/run turn on. A skip that CI
// would not notice is how a suite quietly stops testing anything.
//
// It is for tests only and must not be imported by production code.
package testenv
