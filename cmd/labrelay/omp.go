package main

import (
	"fmt"
	"os"
	"syscall"
)

// ompThreadLimitEnv is read by libgomp once, when Tesseract's libraries are
// loaded, before main runs: os.Setenv is too late (ocr.ThreadLimit).
const ompThreadLimitEnv = "OMP_THREAD_LIMIT"

// limitOpenMP re-executes the process with OMP_THREAD_LIMIT=1 when the
// variable is unset, so Tesseract runs one thread per engine: its OpenMP
// threads on shared cores made a page take 17 s instead of 2.2 s. The OCR
// workers are the parallelism. A value set by the operator is kept. It
// returns only when no re-execution was needed or it failed (then OCR is
// slow, and the OCR reader logs a warning).
func limitOpenMP() {
	if _, set := os.LookupEnv(ompThreadLimitEnv); set {
		return
	}
	env := append(os.Environ(), ompThreadLimitEnv+"=1")
	err := syscall.Exec("/proc/self/exe", os.Args, env)
	fmt.Fprintf(os.Stderr, "labrelay: cannot re-execute with %s=1 (%v); OCR will be slow\n", ompThreadLimitEnv, err)
}
