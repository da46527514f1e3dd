package main

import (
	"fmt"
	"os"
	"strings"
	"syscall"
)

// Environment variables read by libraries before main runs, so os.Setenv
// is too late for them: libgomp reads OMP_THREAD_LIMIT when Tesseract's
// libraries are loaded (ocr.ThreadLimit), glibc reads MALLOC_ARENA_MAX
// when malloc first runs.
const (
	ompThreadLimitEnv = "OMP_THREAD_LIMIT"
	mallocArenaMaxEnv = "MALLOC_ARENA_MAX"
)

// startEnv is what limitOpenMP sets when the operator has not.
//
// OMP_THREAD_LIMIT=1: Tesseract runs one thread per engine; its OpenMP
// threads on shared cores made a page take 17 s instead of 2.2 s. The OCR
// workers are the parallelism.
//
// MALLOC_ARENA_MAX=2: cgo calls into Tesseract land on any OS thread, and
// glibc gives each thread its own malloc arena (up to 8 per core); the
// pages Tesseract frees stay resident in whichever arena they came from.
// Two arenas keep the C heap of the OCR workers compact.
var startEnv = [][2]string{
	{ompThreadLimitEnv, "1"},
	{mallocArenaMaxEnv, "2"},
}

// limitOpenMP re-executes the process with the variables of startEnv that
// are unset added to its environment; values set by the operator are kept.
// It returns only when no re-execution was needed or it failed (then OCR
// is slow, and the OCR reader logs a warning).
func limitOpenMP() {
	var add []string
	for _, kv := range startEnv {
		if _, set := os.LookupEnv(kv[0]); !set {
			add = append(add, kv[0]+"="+kv[1])
		}
	}
	if len(add) == 0 {
		return
	}
	err := syscall.Exec("/proc/self/exe", os.Args, append(os.Environ(), add...))
	fmt.Fprintf(os.Stderr, "labrelay: cannot re-execute with %s (%v); OCR will be slow\n", strings.Join(add, " "), err)
}
