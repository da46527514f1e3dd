package ocr

// WorkerPIDs are the worker processes r is running.
func WorkerPIDs(r *Reader) []int {
	r.mu.Lock()
	p := r.p
	r.mu.Unlock()
	if p == nil {
		return nil
	}
	return p.pids()
}

// WorkersStarted is the number of worker processes r has started.
func WorkersStarted(r *Reader) int {
	r.mu.Lock()
	p := r.p
	r.mu.Unlock()
	if p == nil {
		return 0
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.started
}
