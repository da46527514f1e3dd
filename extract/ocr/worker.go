package ocr

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
)

// WorkerName is the OCR worker binary (cmd/labrelay-ocr).
const WorkerName = "labrelay-ocr"

// errNoWorker is the error of a missing worker binary: an installation
// fault, like a missing Tesseract.
type errNoWorker struct{ err error }

func (e *errNoWorker) Error() string {
	return "OCR needs the " + WorkerName + " binary next to labrelay or on PATH; run make build (" + e.err.Error() + ")"
}
func (e *errNoWorker) Is(target error) bool { return target == ErrTesseract }
func (e *errNoWorker) Unwrap() error        { return e.err }

// findWorker returns path when set, else labrelay-ocr next to the running
// executable, else on PATH.
func findWorker(path string) (string, error) {
	if path != "" {
		if _, err := os.Stat(path); err != nil {
			return "", &errNoWorker{err}
		}
		return path, nil
	}
	if exe, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(exe), WorkerName)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	p, err := exec.LookPath(WorkerName)
	if err != nil {
		return "", &errNoWorker{err}
	}
	return p, nil
}

// workerEnv is the process's environment plus ocrproto.WorkerEnv where
// the operator has not set the variable.
func workerEnv() []string {
	env := os.Environ()
	for _, kv := range ocrproto.WorkerEnv {
		k, _, _ := strings.Cut(kv, "=")
		if _, set := os.LookupEnv(k); !set {
			env = append(env, kv)
		}
	}
	return env
}

// worker is one labrelay-ocr process. One goroutine uses it at a time.
type worker struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *bufio.Reader
	stderr *stderrLog
	exited chan struct{} // closed once the process is reaped
	status error         // cmd.Wait's error, set before exited closes
	pages  int
	nextID uint64
	idle   time.Time // when it was last released
}

func startWorker(path string, log *slog.Logger) (*worker, error) {
	cmd := exec.Command(path)
	cmd.Env = workerEnv()
	// A worker must not outlive labrelay even when labrelay is killed
	// (its stdin then closes too, but a hung worker would not notice).
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	w := &worker{cmd: cmd, stderr: &stderrLog{log: log}, exited: make(chan struct{})}
	cmd.Stderr = w.stderr
	var err error
	if w.stdin, err = cmd.StdinPipe(); err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	w.stdout = bufio.NewReaderSize(out, 1<<16)
	if err := cmd.Start(); err != nil {
		return nil, &errNoWorker{err}
	}
	w.stderr.pid = cmd.Process.Pid
	go func() {
		w.status = cmd.Wait()
		close(w.exited)
	}()
	return w, nil
}

// errPageTimeout is a page over the page time limit; its worker is killed.
var errPageTimeout = errors.New("OCR page time limit")

// crashError is a worker that died during a request.
type crashError struct {
	status string // "signal: killed", "exit status 2"
	detail string // the first telling line of its stderr, if any
}

func (e *crashError) Error() string {
	if e.detail != "" {
		return e.status + ": " + e.detail
	}
	return e.status
}

// call sends one request and waits for its response, at most timeout. A
// worker that dies, times out or is abandoned because ctx is done is
// killed and must not be used again.
func (w *worker) call(ctx context.Context, req *ocrproto.Request, body [][]byte, timeout time.Duration) (*ocrproto.Response, error) {
	w.nextID++
	req.ID = w.nextID
	type result struct {
		resp *ocrproto.Response
		err  error
	}
	done := make(chan result, 1)
	go func() {
		if err := ocrproto.WriteFrame(w.stdin, req, body...); err != nil {
			done <- result{err: err}
			return
		}
		var resp ocrproto.Response
		_, err := ocrproto.ReadFrame(w.stdout, &resp, nil)
		done <- result{&resp, err}
	}()
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case r := <-done:
		if r.err == nil && r.resp.ID != req.ID {
			r.err = fmt.Errorf("answered request %d to request %d", r.resp.ID, req.ID)
		}
		if r.err != nil {
			return nil, w.crashed(r.err)
		}
		return r.resp, nil
	case <-timer.C:
		w.kill()
		return nil, errPageTimeout
	case <-ctx.Done():
		w.kill()
		return nil, ctx.Err()
	}
}

// crashed kills the worker if it still runs and describes how it ended.
func (w *worker) crashed(ioErr error) *crashError {
	select {
	case <-w.exited:
	case <-time.After(2 * time.Second): // alive but talking nonsense
		w.kill()
	}
	<-w.exited
	ce := &crashError{status: "protocol error: " + ioErr.Error(), detail: w.stderr.telling()}
	if w.status != nil {
		ce.status = w.status.Error()
	}
	return ce
}

func (w *worker) kill() { _ = w.cmd.Process.Kill() }

// stop ends the worker: it exits when its stdin closes; one that does not
// within a few seconds is killed. It does not wait.
func (w *worker) stop() {
	_ = w.stdin.Close()
	go func() {
		select {
		case <-w.exited:
		case <-time.After(5 * time.Second):
			w.kill()
		}
	}()
}

// rss is the worker's resident set in bytes (VmRSS), 0 if unknown.
func (w *worker) rss() int64 {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(w.cmd.Process.Pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// stderrLog logs a worker's standard error line by line (its own warnings
// at Warn, the rest at Debug) and keeps the last lines for a crash report.
type stderrLog struct {
	log  *slog.Logger
	pid  int
	mu   sync.Mutex
	part []byte
	last []string
}

func (s *stderrLog) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.part = append(s.part, b...)
	for {
		i := bytes.IndexByte(s.part, '\n')
		if i < 0 {
			break
		}
		line := strings.TrimSpace(string(s.part[:i]))
		s.part = s.part[i+1:]
		if line == "" {
			continue
		}
		if len(s.last) < 200 { // a Go crash dump is long; its head tells
			s.last = append(s.last, line)
		}
		if strings.HasPrefix(line, WorkerName+":") {
			s.log.Warn(line, "worker_pid", s.pid)
		} else {
			s.log.Debug("ocr worker", "pid", s.pid, "stderr", line)
		}
	}
	if len(s.part) > 4096 {
		s.part = s.part[:0]
	}
	return len(b), nil
}

// telling is the first stderr line that says why a worker died.
func (s *stderrLog) telling() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, l := range s.last {
		for _, k := range []string{"SIGSEGV", "SIGABRT", "SIGBUS", "fatal error", "panic:", WorkerName + ":"} {
			if strings.Contains(l, k) {
				return strings.Trim(l, "[] ")
			}
		}
	}
	return ""
}
