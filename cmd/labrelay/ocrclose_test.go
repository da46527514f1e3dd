package main

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/labrelay/labrelay/extract/ocr"
)

// TestExtractClosesOCRWorkers: once `labrelay extract` of a scan returns,
// none of the OCR worker processes it started is left, though the process
// that ran it (here the test) goes on.
func TestExtractClosesOCRWorkers(t *testing.T) {
	requireOCR(t)
	page := scanPage(t)
	if n := len(ocrChildren(t)); n != 0 {
		t.Fatalf("%d %s processes before the test", n, ocr.WorkerName)
	}
	var stdout, stderr bytes.Buffer
	if err := (&Main{Stdout: &stdout, Stderr: &stderr}).Run(t.Context(), []string{"extract", "--ocr-workers", "2", page}); err != nil {
		t.Fatalf("extract: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), `"path": "ocr"`) {
		t.Fatalf("not read by OCR:\n%s", stdout.String())
	}
	// Closed workers end when they read the end of their input; give them
	// the time to exit, far below the pool's idle timeout.
	var left []int
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if left = ocrChildren(t); len(left) == 0 {
			return
		}
	}
	t.Errorf("%s processes left after extract returned: %v", ocr.WorkerName, left)
}

// ocrChildren lists the pids of this process's children running the OCR
// worker, zombies included (a worker not waited for is a leak too).
func ocrChildren(t *testing.T) []int {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Skip("no /proc")
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid …; comm may hold spaces but not ") ".
		s := string(stat)
		open, end := strings.IndexByte(s, '('), strings.LastIndex(s, ") ")
		if open < 0 || end < open {
			continue
		}
		comm, rest := s[open+1:end], strings.Fields(s[end+2:])
		if len(rest) > 1 && rest[1] == strconv.Itoa(os.Getpid()) && comm == ocr.WorkerName[:min(15, len(ocr.WorkerName))] {
			pids = append(pids, pid)
		}
	}
	return pids
}
