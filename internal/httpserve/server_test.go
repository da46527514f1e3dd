package httpserve_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/labrelay/labrelay/internal/httpserve"
)

// A request in flight when the context ends is answered before Run
// returns; the listener is closed afterwards.
func TestRunGraceful(t *testing.T) {
	started := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/slow", func(w http.ResponseWriter, _ *http.Request) {
		close(started)
		time.Sleep(200 * time.Millisecond)
		io.WriteString(w, "done")
	})
	s := &httpserve.Server{Addr: "127.0.0.1:0", Handler: mux}
	if err := s.Listen(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	runErr := make(chan error, 1)
	go func() { runErr <- s.Run(ctx, nil) }()
	body := make(chan string, 1)
	go func() {
		resp, err := http.Get(s.URL() + "/slow")
		if err != nil {
			body <- "error: " + err.Error()
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		body <- string(b)
	}()
	<-started
	cancel()
	if err := <-runErr; err != nil {
		t.Fatalf("Run = %v, want nil", err)
	}
	if got := <-body; got != "done" {
		t.Errorf("in-flight request got %q, want done", got)
	}
	if _, err := http.Get(s.URL() + "/slow"); err == nil {
		t.Error("the listener still answers after Run returned")
	}
}

// Work's error ends Run, and the server with it.
func TestRunWorkError(t *testing.T) {
	s := &httpserve.Server{Addr: "127.0.0.1:0", Handler: http.NotFoundHandler()}
	boom := errors.New("boom")
	err := s.Run(t.Context(), func(ctx context.Context) error { return boom })
	if !errors.Is(err, boom) {
		t.Errorf("Run = %v, want boom", err)
	}
}

// A listener that cannot be opened is an error from Listen, before any
// work starts.
func TestListenBusy(t *testing.T) {
	a := &httpserve.Server{Addr: "127.0.0.1:0", Handler: http.NotFoundHandler()}
	if err := a.Listen(); err != nil {
		t.Fatal(err)
	}
	defer a.Shutdown()
	b := &httpserve.Server{Addr: strings.TrimPrefix(a.URL(), "http://")}
	ran := false
	err := b.Run(t.Context(), func(context.Context) error { ran = true; return nil })
	if err == nil || ran {
		t.Errorf("Run on a busy address = %v (work ran: %v), want an error and no work", err, ran)
	}
}
