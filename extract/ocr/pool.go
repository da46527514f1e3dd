package ocr

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/labrelay/labrelay/extract/ocr/ocrproto"
)

// pool runs up to size worker processes, started on demand, recycled after
// recyclePages pages or past maxRSS, and stopped after idleTimeout unused.
type pool struct {
	path         string
	size         int
	recyclePages int
	maxRSS       int64
	pageTimeout  time.Duration
	idleTimeout  time.Duration
	log          *slog.Logger

	sem     chan struct{} // one token per worker in use
	mu      sync.Mutex
	idle    []*worker
	live    map[*worker]bool
	reaper  *time.Timer
	closed  bool
	started int // workers started, for tests
}

var errClosed = errors.New("ocr reader is closed")

// acquire returns a worker: an idle one, or a new process when fresh or
// when none is idle.
func (p *pool) acquire(ctx context.Context, fresh bool) (*worker, error) {
	select {
	case p.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		<-p.sem
		return nil, errClosed
	}
	if n := len(p.idle); n > 0 && !fresh {
		w := p.idle[n-1]
		p.idle = p.idle[:n-1]
		p.mu.Unlock()
		return w, nil
	}
	p.mu.Unlock()
	w, err := startWorker(p.path, p.log)
	if err != nil {
		<-p.sem
		return nil, err
	}
	p.mu.Lock()
	p.started++
	p.live[w] = true
	p.mu.Unlock()
	return w, nil
}

// release returns w to the pool, or stops it when it is broken (ok false),
// has served its pages or grew past the RSS limit.
func (p *pool) release(w *worker, ok bool) {
	defer func() { <-p.sem }()
	recycle := w.pages >= p.recyclePages
	if ok && !recycle {
		if rss := w.rss(); rss > p.maxRSS {
			p.log.Debug("ocr worker recycled", "pid", w.cmd.Process.Pid, "rss_mb", rss>>20, "pages", w.pages)
			recycle = true
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !ok || recycle || p.closed {
		delete(p.live, w)
		w.stop()
		return
	}
	w.idle = time.Now()
	p.idle = append(p.idle, w)
	if p.reaper == nil {
		p.reaper = time.AfterFunc(p.idleTimeout, p.reap)
	}
}

// reap stops the workers idle for idleTimeout.
func (p *pool) reap() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.reaper = nil
	keep := p.idle[:0]
	oldest := time.Now()
	for _, w := range p.idle {
		if time.Since(w.idle) >= p.idleTimeout {
			delete(p.live, w)
			w.stop()
			continue
		}
		keep = append(keep, w)
		if w.idle.Before(oldest) {
			oldest = w.idle
		}
	}
	p.idle = keep
	if len(keep) > 0 && !p.closed {
		p.reaper = time.AfterFunc(p.idleTimeout-time.Since(oldest), p.reap)
	}
}

// close stops the idle workers; busy ones stop when released.
func (p *pool) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.closed = true
	for _, w := range p.idle {
		delete(p.live, w)
		w.stop()
	}
	p.idle = nil
	if p.reaper != nil {
		p.reaper.Stop()
		p.reaper = nil
	}
}

// do runs one request on a worker. A worker that dies during the request
// is replaced and the request sent once more to a fresh worker; a second
// death returns the *crashError.
func (p *pool) do(ctx context.Context, req *ocrproto.Request, body [][]byte) (*ocrproto.Response, error) {
	for attempt := 1; ; attempt++ {
		w, err := p.acquire(ctx, attempt > 1)
		if err != nil {
			return nil, err
		}
		resp, err := w.call(ctx, req, body, p.pageTimeout)
		if err == nil {
			if req.Op == ocrproto.OpRecognize {
				w.pages++
			}
			p.release(w, true)
			return resp, nil
		}
		p.release(w, false)
		var ce *crashError
		if !errors.As(err, &ce) || attempt > 1 || ctx.Err() != nil {
			return nil, err
		}
		p.log.Warn("OCR worker crashed; retrying the page on a fresh worker", "pid", w.cmd.Process.Pid, "error", ce.Error())
	}
}

// pids are the worker processes running, for tests.
func (p *pool) pids() []int {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []int
	for w := range p.live {
		out = append(out, w.cmd.Process.Pid)
	}
	return out
}
