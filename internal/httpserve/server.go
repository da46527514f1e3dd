package httpserve

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// DefaultShutdownTimeout bounds the wait for requests in flight at
// shutdown.
const DefaultShutdownTimeout = 5 * time.Second

// Limits used when the Server's field is zero. Request bodies here are
// small (events, callbacks, review forms): 30 s to read one is generous;
// a response (a rendered page image) gets 2 minutes.
const (
	DefaultReadHeaderTimeout = 10 * time.Second
	DefaultReadTimeout       = 30 * time.Second
	DefaultWriteTimeout      = 2 * time.Minute
	DefaultIdleTimeout       = 2 * time.Minute
	DefaultMaxHeaderBytes    = 64 << 10
)

// Server is one HTTP listener. Set the fields, then Listen (optional) and
// Run.
type Server struct {
	Addr    string
	Handler http.Handler
	// Logger receives the server's own errors (bad handshakes, panics in
	// handlers) at warn; nil discards them.
	Logger *slog.Logger
	// TLSCert and TLSKey, both set, serve HTTPS.
	TLSCert, TLSKey string
	// ReadHeaderTimeout, ReadTimeout and WriteTimeout bound a request's
	// headers, the whole request and the response; IdleTimeout a
	// keep-alive connection between requests; MaxHeaderBytes the
	// headers' size. Zero takes the Default below: every listener has
	// them, so a client trickling bytes cannot hold a connection.
	ReadHeaderTimeout, ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	MaxHeaderBytes                                            int
	// ShutdownTimeout bounds the graceful shutdown; default
	// DefaultShutdownTimeout.
	ShutdownTimeout time.Duration

	ln   net.Listener
	srv  *http.Server
	errc chan error
}

// Listen opens the listener, so that URL is known before Start.
func (s *Server) Listen() error {
	if s.ln != nil {
		return nil
	}
	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		return err
	}
	s.ln = ln
	return nil
}

// URL is the listener's base URL (after Listen).
func (s *Server) URL() string {
	scheme := "http"
	if s.TLSCert != "" {
		scheme = "https"
	}
	return scheme + "://" + s.ln.Addr().String()
}

// Start serves in the background, listening first if needed. Calling it
// again does nothing.
func (s *Server) Start() error {
	if s.srv != nil {
		return nil
	}
	if err := s.Listen(); err != nil {
		return err
	}
	log := s.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s.srv = s.server(log)
	s.errc = make(chan error, 1)
	go func() {
		if s.TLSCert != "" {
			s.errc <- s.srv.ServeTLS(s.ln, s.TLSCert, s.TLSKey)
		} else {
			s.errc <- s.srv.Serve(s.ln)
		}
	}()
	return nil
}

// server is the http.Server with every limit set.
func (s *Server) server(log *slog.Logger) *http.Server {
	or := func(d, def time.Duration) time.Duration {
		if d > 0 {
			return d
		}
		return def
	}
	maxHeader := s.MaxHeaderBytes
	if maxHeader <= 0 {
		maxHeader = DefaultMaxHeaderBytes
	}
	return &http.Server{
		Handler:           s.Handler,
		ReadHeaderTimeout: or(s.ReadHeaderTimeout, DefaultReadHeaderTimeout),
		ReadTimeout:       or(s.ReadTimeout, DefaultReadTimeout),
		WriteTimeout:      or(s.WriteTimeout, DefaultWriteTimeout),
		IdleTimeout:       or(s.IdleTimeout, DefaultIdleTimeout),
		MaxHeaderBytes:    maxHeader,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// Run serves (Start) and runs work, if any, until ctx ends or work
// returns, then shuts the server down gracefully and returns work's error.
// Without work it serves until ctx ends and returns nil. If serving fails,
// work's context is cancelled and the serve error returned.
func (s *Server) Run(ctx context.Context, work func(context.Context) error) error {
	if err := s.Start(); err != nil {
		return err
	}
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	werr := make(chan error, 1)
	if work != nil {
		go func() { werr <- work(wctx) }()
	} else {
		go func() { <-wctx.Done(); werr <- nil }()
	}
	var err error
	select {
	case err = <-s.errc:
		err = fmt.Errorf("http: %w", err)
		cancel()
		<-werr
		return err
	case err = <-werr:
	}
	if serr := s.Shutdown(); serr != nil && err == nil {
		err = serr
	}
	return err
}

// Shutdown stops accepting connections and waits, at most
// ShutdownTimeout, for requests in flight.
func (s *Server) Shutdown() error {
	if s.srv == nil {
		if s.ln != nil {
			return s.ln.Close()
		}
		return nil
	}
	timeout := s.ShutdownTimeout
	if timeout <= 0 {
		timeout = DefaultShutdownTimeout
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	err := s.srv.Shutdown(ctx)
	if errors.Is(err, context.DeadlineExceeded) {
		s.srv.Close()
		return fmt.Errorf("http: requests still running after %s were cut", timeout)
	}
	return err
}
